"""Real Word drafts import as a lawyer reads them.

The files in tests/fixtures/word_drafts/ are draft laws the Mazhilis published, as .docx,
kept unchanged (provenance in tests/fixtures/word_drafts/README.md): two Kazakh ratification
laws and two Russian amending laws. An amending law quotes the new wording of what it changes
(`статьи 8 и 9 изложить в следующей редакции:` / `«Статья 8. ...` / `1) ...` / `...».`): the
quoted articles, points and sub-paragraphs are the words of its instruction, never provisions
of the draft, and the instructions under a sub-paragraph that ends with `:` are that
sub-paragraph's. Short examples of each rule come first, written here.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from alatau_legal.acts.docx_import import read_docx
from alatau_legal.acts.text import Kind, parse, render
from alatau_legal.acts.text.parser import quoted_lines

DRAFTS = Path(__file__).parent.parent / "fixtures" / "word_drafts"

AMENDING = """\
Статья 1. Внести изменения в следующие законодательные акты:

1. В Закон Республики Казахстан «О туристской деятельности»:

1) статьи 8 и 9 изложить в следующей редакции:

«Статья 8. Принципы

1) содействие туристской деятельности;

2) поддержка приоритетных направлений.

Статья 9. Цели

1. Целями являются:

1) обеспечение прав граждан на отдых.»;

2) в статье 12:

слова «республиканские» заменить словом «национальные»;

подпункт 6) исключить.

2. В Закон Республики Казахстан «Об игорном бизнесе»:

«Статья 1-1.» дополнить словами «и лотерей»;

Статья 2.

Настоящий Закон вводится в действие по истечении десяти календарных дней.

Президент
Республики Казахстан
"""


def _outline(provisions) -> list:
    return [(p.eid, _outline(p.children)) if p.children else p.eid for p in provisions]


def _shape(provisions) -> list:
    return [(p.eid, p.kind, p.num, p.heading, p.text, _shape(p.children)) for p in provisions]


def test_the_wording_an_amending_act_quotes_is_its_instructions_text():
    parsed = parse(AMENDING)
    assert _outline(parsed.provisions) == [
        (
            "art_1",
            [
                "art_1__part_1",
                ("art_1__para_1", ["art_1__para_1__subpara_1", "art_1__para_1__subpara_2"]),
                "art_1__para_2",
            ],
        ),
        ("art_2", ["art_2__part_1"]),
        "conclusions",
    ]
    rows = {p.eid: p for p in parsed.walk()}
    assert rows["art_1__para_1__subpara_1"].text.split("\n") == [
        "статьи 8 и 9 изложить в следующей редакции:",
        "«Статья 8. Принципы",
        "1) содействие туристской деятельности;",
        "2) поддержка приоритетных направлений.",
        "Статья 9. Цели",
        "1. Целями являются:",
        "1) обеспечение прав граждан на отдых.»;",
    ]
    # The instructions under "2) в статье 12:" are its own, not the point's wrap-up.
    assert rows["art_1__para_1__subpara_2"].text.split("\n") == [
        "в статье 12:",
        "слова «республиканские» заменить словом «национальные»;",
        "подпункт 6) исключить.",
    ]
    # Article 1 has no title: the words on its line end with ":" and are its text.
    assert rows["art_1"].heading == ""
    assert rows["art_1__part_1"].text == "Внести изменения в следующие законодательные акты:"
    assert [(issue.line, issue.severity) for issue in parsed.issues] == [(1, "warning")]


def test_an_amending_act_keeps_its_structure_through_its_canonical_text():
    tree = parse(AMENDING).provisions
    assert _shape(parse(render(tree, "ru")).provisions) == _shape(tree)


@pytest.mark.parametrize(
    ("lines", "inside"),
    [
        # Opens and closes on one line: nothing is quoted beyond it.
        (["«Статья 1-1.» дополнить словами «и лотерей»;", "2. Текст."], set()),
        # Over lines, with quotes nested inside (`«О банках»`).
        (["«1. Закон «О банках»", "", "2) текст;", "3) текст.».", "2. Текст."], {1, 2, 3}),
        # A stray `«` that never closes quotes nothing: the points after it stay points.
        (["«Текст без конца", "", "2. Второй пункт.", "3. Третий пункт."], set()),
        # A line that only starts inside a sentence is no quotation.
        (["1. Слова «такие", "и другие» заменить.", "2. Текст."], set()),
    ],
)
def test_which_lines_are_quoted(lines, inside):
    assert quoted_lines(lines) == inside


def test_a_point_after_a_stray_opening_quote_is_still_a_point():
    parsed = parse("1. Первый пункт.\n\n«Текст без конца\n\n2. Второй пункт.\n")
    assert [(p.eid, p.text) for p in parsed.provisions] == [
        ("para_1", "Первый пункт."),
        ("part_1", "«Текст без конца"),
        ("para_2", "Второй пункт."),
    ]


def test_a_sub_paragraph_that_does_not_introduce_anything_still_has_a_wrap_up():
    text = (
        "4. Орган в течение пяти дней:\n1) проверяет документы;\n2) вносит сведения.\n"
        "Отказ оформляется по форме."
    )
    rows = {p.eid: p for p in parse(text).walk()}
    assert rows["para_4__wrapup"].text == "Отказ оформляется по форме."
    assert rows["para_4__subpara_2"].text == "вносит сведения."


# --- the real drafts -------------------------------------------------------------------

# What each draft must read as: provisions by kind, and the lines the parser reports (all
# warnings), each with what it is about.
REAL = {
    "kk_ratification_cica_secretariat.docx": {
        "kinds": {"preamble": 1, "part": 5, "conclusions": 1},
        "reported": [],
    },
    "kk_ratification_turkic_council.docx": {
        "kinds": {"preamble": 1, "part": 7, "conclusions": 1},
        "reported": [],
    },
    "ru_financial_market_amendments.docx": {
        "kinds": {
            "preamble": 1, "part": 9, "article": 2, "paragraph": 4, "subparagraph": 6,
            "conclusions": 1,
        },
        # Article 1 has no title; its words ("Внести изменения ...:") are its text.
        "reported": [15],
    },
    "ru_sport_amendments.docx": {
        "kinds": {
            "preamble": 1, "part": 6, "article": 2, "paragraph": 7, "subparagraph": 46,
            "list": 1, "conclusions": 1,
        },
        # 9 and 883: Articles 1 and 2 typed with their first sentence, kept as text; 572 and
        # 578: the draft quotes "24-1) ...»;" without its opening «, so 24-1) is read as a
        # sub-paragraph of the draft, out of sequence, and 10) after it starts a new list.
        "reported": [9, 572, 578, 883],
    },
    "kk_public_chamber_regulation.docx": {
        "kinds": {
            "annex": 1, "part": 3, "chapter": 5, "paragraph": 35, "subparagraph": 37,
        },
        # 27: the regulation's own list of tasks goes 1), 2), 4); 29: its chapters go 1, 2, 4,
        # 5, 6 (it has no chapter 3). Both are the document's numbering, kept and reported.
        "reported": [27, 29],
        "signed": False,  # a regulation the Bureau approved: it has no signature of its own
    },
    # Annexes of the Senate's rules of a contest: the right-aligned heading over three
    # paragraphs ("Приложение 1" / "к Правилам ..." / "среди ... Республики Казахстан") is the
    # annex's one heading; the form under it is its parts.
    "ru_senate_contest_annex_1_application.docx": {
        "kinds": {"annex": 1, "part": 17},
        "reported": [],
        "signed": False,
    },
    "ru_senate_contest_annex_2_authorship.docx": {
        "kinds": {"annex": 1, "subparagraph": 4, "part": 8},
        # The annex numbers its four sample documents 1) to 4) ("1) ПОДТВЕРЖДЕНИЕ АВТОРСТВА
        # ...", "2) НА БЛАНКЕ ОРГАНИЗАЦИИ") with no point above them: the document's own
        # layout; they are kept under the annex and reported.
        "reported": [3, 15, 31, 49],
        "signed": False,
        "loose_subparagraphs": True,
    },
}  # fmt: skip


def _read(name: str):
    imported = read_docx((DRAFTS / name).read_bytes(), max_bytes=2 * 2**20)
    return imported, parse(imported.text)


@pytest.mark.parametrize("name", sorted(REAL))
def test_a_real_word_draft_imports_as_a_lawyer_reads_it(name):
    imported, parsed = _read(name)
    expected = REAL[name]
    assert imported.notes == ()  # no tracked changes
    nodes = list(parsed.walk())
    assert dict(Counter(p.kind.value for p in nodes)) == expected["kinds"]
    assert [issue.line for issue in parsed.issues] == expected["reported"]
    assert all(issue.severity == "warning" for issue in parsed.issues)
    assert not any("_dup" in p.eid for p in nodes)
    # Every sub-paragraph hangs under a point (or a list of one), never under an article,
    # a chapter or the act.
    for provision in nodes:
        for child in provision.children:
            if child.kind is Kind.SUBPARAGRAPH and not expected.get("loose_subparagraphs"):
                assert provision.kind in (Kind.PARAGRAPH, Kind.LIST), child.eid
    # Nothing is lost: every paragraph of the file is in the tree, word for word.
    text = "\n".join(p.text for p in nodes) + "\n" + "\n".join(p.heading for p in nodes)
    for line in imported.text.splitlines():
        words = re.sub(
            r"^(?:Статья \d+\.|\d+-тарау\.|\d+(?:-\d+)?[.)])\s?", "", " ".join(line.split())
        )
        # An annex heading keeps its words, its number ("№ 1 қосымша") as the annex's number.
        annexes = [p.heading for p in nodes if p.kind is Kind.ANNEX and p.heading]
        assert words in text or any(h in words for h in annexes), line
    # The signature is the conclusions.
    if not expected.get("signed", True):
        assert not any(p.kind is Kind.CONCLUSIONS for p in nodes)
        return
    assert nodes[-1].kind is Kind.CONCLUSIONS
    assert nodes[-1].text.split("\n")[-1] in ("Республики Казахстан", "Президенті")


@pytest.mark.parametrize(
    "name", ["ru_financial_market_amendments.docx", "ru_sport_amendments.docx"]
)
def test_an_amending_drafts_quoted_articles_are_no_provisions_of_it(name):
    _, parsed = _read(name)
    articles = [p.num for p in parsed.walk() if p.kind is Kind.ARTICLE]
    assert articles == ["1", "2"]  # the draft's own: the quoted "Статья 8." etc. are text
    points = [p.num for p in parsed.provisions[1].children if p.kind is Kind.PARAGRAPH]
    assert points == [str(n) for n in range(1, len(points) + 1)]  # 1, 2, 3, ... once each


def test_the_sport_draft_keeps_the_quoted_new_articles_in_its_instructions():
    _, parsed = _read("ru_sport_amendments.docx")
    rows = {p.eid: p for p in parsed.walk()}
    instruction = rows["art_1__para_3__subpara_1"]
    assert instruction.text.startswith("статьи 8 и 9 изложить в следующей редакции:")
    assert "\n«Статья 8. Принципы государственного регулирования туристской деятельности\n" in (
        instruction.text
    )
    assert "\nСтатья 9. Цели и задачи государственного регулирования туристской деятельности\n" in (
        instruction.text
    )


def test_the_public_chamber_regulations_chapters_hold_its_points():
    """Its chapters are numbered like points (`1. Жалпы ережелер`, bold and centred) while its
    points run 1 to 33 through the regulation: the chapters hold the points, none repeated."""
    _, parsed = _read("kk_public_chamber_regulation.docx")
    (annex,) = parsed.provisions
    chapters = [p for p in annex.children if p.kind is Kind.CHAPTER]
    assert [(p.eid, p.heading) for p in chapters][:2] == [
        ("chp_1", "Жалпы ережелер"),
        ("chp_2", "Қоғамдық палатаның негізгі міндеттері"),
    ]
    assert [p.num for p in chapters] == ["1", "2", "4", "5", "6"]
    points = [p for p in parsed.walk() if p.kind is Kind.PARAGRAPH]
    assert all(p.eid.startswith("chp_") for p in points)
    assert [p.num for p in points][:6] == ["1", "2", "3", "4", "5", "6"]
    assert points[-1].num == "33"
    assert [p.eid for p in chapters[0].children] == [f"chp_1__para_{n}" for n in range(1, 5)]
    # The Bureau's annex heading over five right-aligned lines is one heading.
    assert annex.heading.endswith("№ 24-VIII МБ қаулысына")
    assert annex.num == "1"


@pytest.mark.parametrize(
    ("name", "num"),
    [("ru_senate_contest_annex_1_application.docx", "1"),
     ("ru_senate_contest_annex_2_authorship.docx", "2")],
)  # fmt: skip
def test_an_annex_of_rules_headed_over_paragraphs_has_the_one_line_heading(name, num):
    _, parsed = _read(name)
    (annex,) = parsed.provisions
    assert (annex.eid, annex.num, annex.heading) == (
        f"annex_{num}",
        num,
        "к Правилам проведения конкурса «Аманат» среди представителей средств массовой "
        "информации по освещению деятельности Сената Парламента Республики Казахстан",
    )
    # What the annex holds starts below its heading: the form's title, the sample's number.
    first = annex.children[0]
    assert (first.kind, first.text.split("\n")[0]) in (
        (Kind.PART, "Заявка на участие в конкурсе"),
        (Kind.SUBPARAGRAPH, "ПОДТВЕРЖДЕНИЕ АВТОРСТВА ПОСТА В БЛОГЕ/СОЦИАЛЬНОЙ СЕТИ"),
    )
