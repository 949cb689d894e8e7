"""Every document for one act in each of kk, ru and en, converted to PDF by LibreOffice and
checked as a reader would: in the language of its text, no eId, the comparison's header row on
every page, A4 in the right orientation with the settings' margins, Times New Roman."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from docx.shared import Mm
from pypdf import PdfReader
from sqlalchemy import select

from alatau_legal.accounts.models import User
from alatau_legal.documents.wording import known_terms
from tests.support.document_gallery import KINDS, build_gallery, to_pdf

EID = re.compile(r"\b(?:art|chp|sec|para|subpara|part|note|annex)_\d")
# English words of the documents' own labels that must never stand in a kk or ru document.
ENGLISH_LABELS = sorted(
    {
        word
        for _kk, _ru, en in known_terms().values()
        for word in re.findall(r"[A-Za-z]{4,}", en)
        if word not in {"Alatau", "City"}
    }
    | {"Article", "Chapter", "Paragraph", "Version", "Status", "Language", "Draft", "Comment"}
)
LANDSCAPE = {"comparison", "comments"}


@pytest.fixture(scope="module")
def gallery(tmp_path_factory, migrated_database):
    """The documents, built once for the module in a database of its own."""
    from alatau_legal import create_app
    from alatau_legal.extensions import db
    from tests.conftest import _testing_config

    folder = tmp_path_factory.mktemp("gallery")
    if migrated_database.startswith("postgresql"):
        pytest.skip("built on SQLite only: the documents do not depend on the database")
    copy = folder / "gallery.sqlite3"
    copy.write_bytes(Path(migrated_database).read_bytes())
    app = create_app(_testing_config(folder, f"sqlite:///{copy}"))
    with app.app_context():
        files = build_gallery()
        people = [user.display_name for user in db.session.scalars(select(User))]
        db.session.remove()
        db.engine.dispose()
    pdfs = to_pdf(folder, files)
    texts = {
        name: [page.extract_text() for page in PdfReader(pdf).pages] for name, pdf in pdfs.items()
    }
    name_words = {word for person in people for word in person.split()}
    return files, pdfs, texts, name_words


def _comparable(text: str, language: str) -> str:
    """Text to compare: LibreOffice takes Kazakh letters from a fallback font whose glyphs
    pypdf extracts out of order, so for kk those letters and all spaces are left out."""
    if language != "kk":
        return re.sub(r"\s+", " ", text)
    return re.sub(r"[\sәғқңөұүһіӘҒҚҢӨҰҮҺІ]", "", text)


NAMES = [f"{language}-{kind}" for language in ("kk", "ru", "en") for kind in KINDS]


@pytest.mark.parametrize("name", NAMES)
def test_no_eid_and_no_foreign_label(gallery, name):
    files, _pdfs, texts, names = gallery
    assert "art_" not in files[name].decode("latin-1")  # not even in the compressed XML
    text = " ".join(texts[name])
    assert not EID.search(text), (name, EID.search(text))
    language = name.split("-")[0]
    if language in ("kk", "ru"):
        found = [
            word
            for word in ENGLISH_LABELS
            if word not in names and re.search(rf"\b{word}\b", text)  # names are not labels
        ]
        assert not found, (name, found)


@pytest.mark.parametrize("name", NAMES)
def test_page_size_margins_and_fonts(gallery, name):
    files, pdfs, _texts, _names = gallery
    reader = PdfReader(pdfs[name])
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    a4 = (595, 842) if name.split("-")[1] not in LANDSCAPE else (842, 595)
    assert (round(width), round(height)) == a4, name
    section = docx.Document(io.BytesIO(files[name])).sections[0]
    margins = [section.left_margin, section.right_margin, section.top_margin, section.bottom_margin]
    assert [round(m / Mm(1)) for m in margins] == [30, 10, 20, 20], name
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    # Times New Roman, or its metric twin where the machine has no Microsoft fonts (whose
    # Kazakh letters LibreOffice takes from DejaVu Serif).
    allowed = (
        r"(TimesNewRoman|LiberationSerif|DejaVuSerif)"
        if name[:2] == "kk"
        else (r"(TimesNewRoman|LiberationSerif)")
    )
    assert fonts and all(re.match(allowed, f) for f in fonts), fonts
    styles = docx.Document(io.BytesIO(files[name])).styles
    assert styles["Normal"].font.name == "Times New Roman"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_comparison_header_row_repeats_on_every_page(gallery, language):
    _files, _pdfs, texts, _names = gallery
    pages = texts[f"{language}-comparison"]
    assert len(pages) >= 2
    heading = {"kk": "Негіздеме", "ru": "Обоснование", "en": "Justification"}[language]
    assert all(heading in page for page in pages)


EXPECTED = {
    "ru": {
        "draft": ["ПРОЕКТ", "ЗАКОН РЕСПУБЛИКИ КАЗАХСТАН", "Статья 3-1. Сроки", "Глава I."],
        "comparison": ["Сравнительная таблица", "Пункт 1 статьи 2", "Отсутствует",
                       "Статья 3-1", "Принято частично", "Дополнено статьей 3-1."],
        "comments": ["Сводная таблица замечаний", "Пункт 1 статьи 2", "Принято"],
        "minutes": ["ПРОТОКОЛ", "РЕШИЛИ", "Вернуть акт на доработку.", "«за» — 1",
                    "Секретарь Операционного комитета"],
    },
    "kk": {
        "draft": ["ЖОБА", "ҚАЗАҚСТАН РЕСПУБЛИКАСЫНЫҢ ЗАҢЫ", "3-1-бап. Мерзімдер"],
        "comparison": ["Салыстырмалы кесте", "2-баптың 1-тармағы", "Жоқ", "3-1-бап",
                       "Ішінара қабылданды"],
        "comments": ["2-баптың 1-тармағы", "Қабылданды"],
        "minutes": ["ХАТТАМА", "ШЕШІЛДІ", "Операциялық комитеттің хатшысы"],
    },
    "en": {
        "draft": ["DRAFT", "ALATAU CITY AUTHORITY", "RULES", "Article 3-1. Time limits"],
        "comparison": ["Comparison table", "Article 2(1)", "None", "Partly accepted",
                       "Article 3-1 added."],
        "comments": ["Article 2(1)", "Accepted"],
        "minutes": ["MINUTES", "DECIDED", "To return the act for revision."],
    },
}  # fmt: skip


@pytest.mark.parametrize(
    ("language", "kind"), [(lang, kind) for lang, kinds in EXPECTED.items() for kind in kinds]
)
def test_the_documents_read_as_typed_in_their_language(gallery, language, kind):
    _files, _pdfs, texts, _names = gallery
    text = _comparable(" ".join(texts[f"{language}-{kind}"]), language)
    for words in EXPECTED[language][kind]:
        assert _comparable(words, language) in text, (language, kind, words)


def test_tracked_changes_carry_display_names_and_the_versions_date(gallery):
    files, _pdfs, _texts, _names = gallery
    xml = io.BytesIO(files["ru-tracked"])
    import zipfile

    body = zipfile.ZipFile(xml).read("word/document.xml").decode()
    authors = set(re.findall(r'w:author="([^"]+)"', body))
    assert len(authors) == 1 and "-" not in next(iter(authors))  # a name, not a username
    assert re.search(r'w:date="\d{4}-\d\d-\d\dT', body)
