"""The approval stamp over several lines ("Утверждены" / "постановлением Правительства" /
"Республики Казахстан" / "от 12 марта 2026 года № 145", "Қазақстан Республикасы" / ... /
"бекітілген"), as Word drafts lay it out, starts the approved act exactly as the one-line stamp
does: in plain text (consecutive lines) and in the Word import (paragraphs, right-aligned
paragraphs, manual line breaks). Lines that only look like the start or end of a stamp stay
what they are.

The decree is tests/fixtures/real_acts/decrees/rules_approval.{ru,kk}.txt, whose stamp is one
line; the split forms are made from it here.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from alatau_legal.acts.docx_import import docx_to_text
from alatau_legal.acts.text import Kind, parse
from alatau_legal.acts.text.parser import approval_stamps

FIXTURES = Path(__file__).parent.parent / "fixtures" / "real_acts" / "decrees"

ONE_LINE = {
    "ru": "Утверждены постановлением Правительства Республики Казахстан от 5 марта 2026 года № 140",
    "kk": "Қазақстан Республикасы Үкіметінің 2026 жылғы 5 наурыздағы № 140 қаулысымен бекітілген",
}
SPLIT = {
    "ru": [
        ["Утверждены", "постановлением Правительства", "Республики Казахстан",
         "от 5 марта 2026 года № 140"],
        ["Утверждены", "постановлением Правительства Республики Казахстан",
         "от 5 марта 2026 года", "№ 140"],
    ],
    "kk": [
        ["Қазақстан Республикасы", "Үкіметінің 2026 жылғы 5 наурыздағы", "№ 140 қаулысымен",
         "бекітілген"],
        ["Қазақстан Республикасы Үкіметінің", "2026 жылғы 5 наурыздағы № 140 қаулысымен",
         "бекітілген"],
    ],
}  # fmt: skip


def _fixture(language: str) -> str:
    return (FIXTURES / f"rules_approval.{language}.txt").read_text(encoding="utf-8")


def _split_text(language: str, lines: list[str], *, pasted: bool = False) -> str:
    text = _fixture(language)
    assert ONE_LINE[language] in text
    text = text.replace(ONE_LINE[language], "\n".join(lines))
    if pasted:  # as pasted from a page: no blank lines at all
        text = "\n".join(line for line in text.splitlines() if line.strip())
    return text


def _shape(provisions) -> list:
    return [(p.eid, p.kind, p.num, p.heading, p.text, _shape(p.children)) for p in provisions]


def _docx(paragraphs: list[str | list[str]], *, right: bool = False) -> bytes:
    """A Word file: a string is a paragraph, a list is one paragraph with manual line breaks."""
    document = docx.Document()
    for item in paragraphs:
        if isinstance(item, str):
            paragraph = document.add_paragraph(item)
        else:
            paragraph = document.add_paragraph()
            for number, line in enumerate(item):
                if number:
                    paragraph.add_run().add_break()
                paragraph.add_run(line)
        if right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _word_paragraphs(language: str, stamp: list[str], layout: str) -> list[str | list[str]]:
    """The fixture as Word paragraphs, its stamp laid out over paragraphs or line breaks."""
    paragraphs: list[str | list[str]] = []
    for line in _fixture(language).splitlines():
        if line == ONE_LINE[language]:
            paragraphs.extend(stamp if layout == "paragraphs" else [stamp])
        elif line.strip():
            paragraphs.append(line)
    return paragraphs


@pytest.mark.parametrize("pasted", [False, True], ids=["as published", "pasted"])
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_stamp_over_lines_starts_the_approved_act_like_the_one_line_stamp(language, pasted):
    one_line = parse(_split_text(language, [ONE_LINE[language]], pasted=pasted))
    rules = one_line.provisions[-1]
    assert (rules.eid, rules.kind, rules.heading) == ("annex_1", Kind.ANNEX, ONE_LINE[language])
    for lines in SPLIT[language]:
        parsed = parse(_split_text(language, lines, pasted=pasted))
        assert parsed.issues == []
        assert _shape(parsed.provisions) == _shape(one_line.provisions)


def test_the_split_stamps_give_the_same_eids_in_russian_and_kazakh():
    eids = {
        language: [p.eid for p in parse(_split_text(language, SPLIT[language][0])).walk()]
        for language in ("ru", "kk")
    }
    assert eids["ru"] == eids["kk"]
    assert "annex_1__annex_2" in eids["ru"] and not any("_dup" in eid for eid in eids["ru"])


def test_lines_after_a_split_stamp_keep_their_own_line_numbers():
    text = (
        "1. Утвердить прилагаемые Правила.\n\n"
        "Утверждены\nприказом Министра\nот 1 июня 2026 года № 7\n\nСтатья.\n"
    )
    issues = parse(text).issues
    assert [issue.line for issue in issues] == [7]  # "Статья." without a number: line 7


@pytest.mark.parametrize(
    ("lines", "stamp"),
    [
        # A draft's placeholders for the date and number.
        (
            ["УТВЕРЖДЕН", "приказом Министра финансов", "Республики Казахстан",
             "от «__» ________ 20__ года", "№ ____"],
            "УТВЕРЖДЕН приказом Министра финансов Республики Казахстан от «__» ________ 20__ "
            "года № ____",
        ),
        (
            ["Қазақстан Республикасы", "Үкіметінің 20__ жылғы «__» ________",
             "№ ___ қаулысымен", "бекітілген"],
            "Қазақстан Республикасы Үкіметінің 20__ жылғы «__» ________ № ___ қаулысымен "
            "бекітілген",
        ),
        # A minister's order, its number with letters.
        (
            ["Қазақстан Республикасы", "Денсаулық сақтау министрінің", "2026 жылғы 5 наурыздағы",
             "№ ҚР ДСМ-14 бұйрығымен", "бекітілген"],
            "Қазақстан Республикасы Денсаулық сақтау министрінің 2026 жылғы 5 наурыздағы "
            "№ ҚР ДСМ-14 бұйрығымен бекітілген",
        ),
        (
            ["Approved by", "the Decree of the Government", "of the Republic of Kazakhstan",
             "dated 5 March 2026 No. 140"],
            "Approved by the Decree of the Government of the Republic of Kazakhstan dated 5 March "
            "2026 No. 140",
        ),
    ],
)  # fmt: skip
def test_other_stamps_over_lines(lines, stamp):
    text = (
        "1. Утвердить прилагаемые Правила.\n\n" + "\n".join(lines) + "\n\nГлава 1. Общие\n1. Текст."
    )
    annexes = [p for p in parse(text).walk() if p.kind is Kind.ANNEX]
    assert [(a.eid, a.heading) for a in annexes] == [("annex_1", stamp)]
    assert [c.eid for c in annexes[0].children] == ["chp_1"]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # The signature right above (no blank line): its name is not part of the stamp.
        (["Қазақстан Республикасының Премьер-Министрі", "О. Бектенов"], []),
        (["Қазақстан Республикасының Премьер-Министрі", "Олжас Бектенов"], []),
        (["Премьер-Министр Республики Казахстан", "О. Бектенов"], []),
        # "Проект" / "Жоба" over a draft is not who approved it.
        (["Жоба"], []),
        (["ПРОЕКТ"], []),
        # The title of the rules right below is not part of the stamp.
        ([], ["Правила ведения реестра инвестиционных проектов"]),
        ([], ["ИНВЕСТИЦИЯЛЫҚ ЖОБАЛАРДЫҢ ТІЗІЛІМІН ЖҮРГІЗУ ҚАҒИДАЛАРЫ"]),
    ],
)
def test_a_stamp_takes_only_its_own_lines(before, after):
    for lines in (SPLIT["ru"][0], SPLIT["kk"][0]):
        joined = " ".join(lines)
        all_lines = [*before, *lines, *after]
        spans = approval_stamps(all_lines)
        assert [" ".join(all_lines[a:b]) for a, b in spans] == [joined]


NEAR_MISSES = [
    # A stamp's first word, then a point.
    ["Утверждены", "1. Настоящие Правила определяют порядок."],
    # A sentence that opens with the word and introduces a list.
    ["Утверждены следующие нормативы:", "1) первый;"],
    # A sentence over two lines: no date or number at the end.
    ["Утверждено постановлением Правительства", "Республики Казахстан в порядке, который"],
    ["Утверждены решением маслихата", "ставки платы за землю."],
    # A whole stamp, but the next line goes on with the sentence.
    ["Утверждены", "постановлением Правительства", "Республики Казахстан",
     "от 12 марта 2026 года № 145", "и действуют до 2030 года."],
    ["Бұл ретте Қазақстан Республикасы Үкіметінің",
     "2026 жылғы 12 наурыздағы № 145 қаулысымен бекітілген", "тәртіп қолданылады."],
    # Approved, but without a date or number: a sentence, not a stamp.
    ["Қазақстан Республикасы", "Үкіметі бекіткен тәртіппен", "бекітілген"],
    # One line: a stamp names a date or number, and its sentence ends with it.
    ["Утверждены решением маслихата"],
    ["Қазақстан Республикасы Үкіметінің 2026 жылғы 12 наурыздағы № 145 қаулысымен бекітілген",
     "тәртіпке сәйкес жүзеге асырылады."],
    # A point whose sentence is broken over lines.
    ["4. Тізбе Қазақстан Республикасы Үкіметінің", "2026 жылғы 12 наурыздағы",
     "№ 145 қаулысымен бекітілген"],
    ["Утверждены", "постановлением Правительства", "2. Настоящие Правила вводятся в действие"
     " от 12 марта 2026 года № 145"],
]  # fmt: skip


@pytest.mark.parametrize("lines", NEAR_MISSES, ids=lambda lines: lines[0][:24])
def test_lines_that_only_look_like_a_stamp_are_not_one(lines):
    assert approval_stamps(lines) == []
    text = "Глава 1. Общие положения\n1. Правила.\n" + "\n".join(lines) + "\n"
    parsed = parse(text)
    assert not any(p.kind is Kind.ANNEX for p in parsed.walk())
    words = "\n".join(node.text for node in parsed.walk())
    assert all(re.sub(r"^\d+[.)] ", "", line) in words for line in lines)  # nothing lost


@pytest.mark.parametrize("layout", ["paragraphs", "line breaks"])
@pytest.mark.parametrize("right", [False, True], ids=["left", "right-aligned"])
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_word_draft_with_the_stamp_over_paragraphs_imports_as_the_one_line_stamp(
    language, layout, right
):
    one_line = _docx(_word_paragraphs(language, [ONE_LINE[language]], "paragraphs"), right=right)
    expected = parse(docx_to_text(one_line, max_bytes=2**20))
    assert expected.provisions[-1].heading == ONE_LINE[language]
    for stamp in SPLIT[language]:
        data = _docx(_word_paragraphs(language, stamp, layout), right=right)
        text = docx_to_text(data, max_bytes=2**20)
        assert ONE_LINE[language] in text.splitlines()
        parsed = parse(text)
        assert _shape(parsed.provisions) == _shape(expected.provisions)


def test_a_word_stamp_keeps_the_paragraphs_around_it_as_they_were():
    data = _docx(
        [
            "1. Утвердить прилагаемые Правила.",
            ["Премьер-Министр Республики Казахстан", "О. Бектенов"],
            ["Утверждены", "приказом Министра", "от 1 июня 2026 года № 7"],
            "Правила ведения реестра",
            "Утверждены",
            "1. Настоящие Правила определяют порядок.",
        ]
    )
    assert docx_to_text(data, max_bytes=2**20).split("\n\n") == [
        "1. Утвердить прилагаемые Правила.",
        "Премьер-Министр Республики Казахстан\nО. Бектенов",
        "Утверждены приказом Министра от 1 июня 2026 года № 7",
        "Правила ведения реестра",
        "Утверждены",  # a near miss: the point after it is no part of a stamp
        "1. Настоящие Правила определяют порядок.\n",
    ]


def test_a_stamp_after_a_signature_in_the_same_word_paragraph_is_split_from_it():
    data = _docx(
        [
            "1. Утвердить прилагаемые Правила.",
            ["О. Бектенов", "Утверждены", "приказом Министра", "от 1 июня 2026 года № 7"],
            "1. Текст.",
        ]
    )
    assert docx_to_text(data, max_bytes=2**20).split("\n\n")[1:3] == [
        "О. Бектенов",
        "Утверждены приказом Министра от 1 июня 2026 года № 7",
    ]


# A real order (kazakhstan-law/ministerial, see tests/fixtures/real_acts/README.md) whose stamp
# the official text prints over six and five lines.
REAL_STAMPS = {
    "ru": "Утверждены приказом Управляющего Делами Президента Республики Казахстан от 8 сентября "
    "2016 года № 13/139",
    "kk": "Қазақстан Республикасы Президенті Іс Басқарушысының 2016 жылғы 8 қыркүйектегі "
    "№ 13/139 бұйрығымен бекітілген",
}


def _real(language: str) -> str:
    return (FIXTURES / f"service_id_rules.{language}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("pasted", [False, True], ids=["as published", "pasted"])
def test_a_real_orders_stamp_over_lines_starts_its_rules_in_both_languages(pasted):
    eids = {}
    for language in ("ru", "kk"):
        text = _real(language)
        if pasted:
            text = "\n".join(line for line in text.splitlines() if line.strip())
        parsed = parse(text)
        assert parsed.issues == []
        top = [(p.kind, p.eid) for p in parsed.provisions]
        assert top[-2:] == [(Kind.CONCLUSIONS, "conclusions"), (Kind.ANNEX, "annex_1")]
        assert parsed.provisions[-2].text.endswith("А. Бисембаев")  # the signer is no stamp
        rules = parsed.provisions[-1]
        assert rules.heading == REAL_STAMPS[language]
        assert [c.eid for c in rules.children] == ["annex_1__part_1", "chp_1", "chp_2"]
        chapter_2 = rules.children[2]
        assert [p.eid for p in chapter_2.walk()][1:] == [
            "chp_2__para_2",
            "chp_2__para_2__subpara_1",
            "chp_2__para_2__subpara_2",
            "chp_2__para_2__subpara_3",
            "chp_2__para_3",
        ]
        eids[language] = [p.eid for p in parsed.walk()]
        assert not any("_dup" in eid for eid in eids[language])
    assert eids["ru"] == eids["kk"]


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_word_copy_of_the_real_order_reads_its_stamp_as_one(language):
    """The official text's stamp lines as one Word paragraph with line breaks, and as
    right-aligned paragraphs of their own: both read as the text's stamp."""
    blocks = [block.split("\n") for block in _real(language).split("\n\n")]
    for right in (False, True):
        paragraphs = [lines if len(lines) > 1 else lines[0] for lines in blocks]
        expected = parse(_real(language))
        for layout in (paragraphs, [line for lines in blocks for line in lines]):
            parsed = parse(docx_to_text(_docx(layout, right=right), max_bytes=2**20))
            assert parsed.provisions[-1].heading == REAL_STAMPS[language]
            assert [p.eid for p in parsed.walk()] == [p.eid for p in expected.walk()]


def _docx_with_table(cells: list[list[str]]) -> bytes:
    """The decree's approving point, a one-row table with `cells` (paragraphs of each cell),
    then the rules."""
    document = docx.Document()
    document.add_paragraph("1. Утвердить прилагаемые Правила.")
    table = document.add_table(rows=1, cols=len(cells))
    for cell, paragraphs in zip(table.rows[0].cells, cells, strict=True):
        if paragraphs:
            cell.paragraphs[0].text = paragraphs[0]
            for paragraph in paragraphs[1:]:
                cell.add_paragraph(paragraph)
    document.add_paragraph("Глава 1. Общие положения")
    document.add_paragraph("1. Настоящие Правила определяют порядок.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("columns", [1, 2, 3])
def test_a_stamp_placed_by_a_layout_table_is_the_stamp(language, columns):
    # Drafts often place the stamp in the right cell of a borderless table, one line a paragraph.
    cells = [[] for _ in range(columns - 1)] + [SPLIT[language][0]]
    text = docx_to_text(_docx_with_table(cells), max_bytes=2**20)
    assert text.split("\n\n")[1] == " ".join(SPLIT[language][0])
    parsed = parse(text)
    assert [p.eid for p in parsed.provisions] == ["para_1", "annex_1"]
    assert [c.eid for c in parsed.provisions[1].children] == ["chp_1"]


def test_a_table_with_more_than_a_stamp_stays_a_table():
    cells = [["Форма"], ["Утверждены", "приказом Министра", "от 1 июня 2026 года № 7"]]
    text = docx_to_text(_docx_with_table(cells), max_bytes=2**20)
    assert text.split("\n\n")[1] == ("Форма | Утверждены приказом Министра от 1 июня 2026 года № 7")
    text = docx_to_text(_docx_with_table([[], ["Форма", "заявления"]]), max_bytes=2**20)
    assert text.split("\n\n")[1] == "| Форма заявления"


# The heading of a decision's annex over lines: the same layout, the same reading.
ANNEX_STAMPS = {
    "ru": (
        ["Приложение 1", "к постановлению Правительства", "Республики Казахстан",
         "от 12 марта 2026 года № 145"],
        "к постановлению Правительства Республики Казахстан от 12 марта 2026 года № 145",
    ),
    "kk": (
        ["Қазақстан Республикасы Үкіметінің", "2026 жылғы 12 наурыздағы", "№ 145 қаулысына",
         "1-қосымша"],
        "Қазақстан Республикасы Үкіметінің 2026 жылғы 12 наурыздағы № 145 қаулысына",
    ),
    "en": (
        ["Annex 1", "to the Decree of the Government", "of the Republic of Kazakhstan",
         "dated 12 March 2026 No. 145"],
        "to the Decree of the Government of the Republic of Kazakhstan dated 12 March 2026 "
        "No. 145",
    ),
}  # fmt: skip
DECISION_WITH_ANNEX = "1. Утвердить прилагаемые Правила.\n\n{stamp}\n\nГлава 1. Общие\n1. Текст.\n"


@pytest.mark.parametrize("language", sorted(ANNEX_STAMPS))
def test_a_decisions_annex_heading_over_lines_is_read_as_one(language):
    lines, heading = ANNEX_STAMPS[language]
    split = parse(DECISION_WITH_ANNEX.format(stamp="\n".join(lines)))
    one_line = parse(DECISION_WITH_ANNEX.format(stamp=" ".join(lines)))
    assert _shape(split.provisions) == _shape(one_line.provisions)
    annex = split.provisions[-1]
    assert (annex.eid, annex.num, annex.heading) == ("annex_1", "1", heading)
    assert [c.eid for c in annex.children] == ["chp_1"]
    # Over Word paragraphs too.
    data = _docx(["1. Утвердить прилагаемые Правила.", *lines, "Глава 1. Общие", "1. Текст."])
    assert _shape(parse(docx_to_text(data, max_bytes=2**20)).provisions) == _shape(
        one_line.provisions
    )


@pytest.mark.parametrize(
    "lines",
    [
        # A whole heading, but the sentence goes on below it.
        ["Приложение 1", "к приказу Министра", "от 1 июня 2026 года № 7", "утверждено ранее."],
    ],
)
def test_annex_lines_that_do_not_read_as_a_decisions_annex_heading_are_not_joined(lines):
    assert approval_stamps(lines) == []


# A stamp's date with the year cut short (`г.`), in one line or over lines, in text and Word.
SHORT_YEAR_STAMPS = [
    "Утверждены постановлением Правительства Республики Казахстан от 12.03.2026 г.",
    "Утверждены постановлением Правительства Республики Казахстан от 12 марта 2026 г. № 145",
    "Утверждены постановлением Правительства Республики Казахстан от 12.03.2026 г. № 145",
    "Утвержден приказом Министра финансов Республики Казахстан № 145 от 12.03.2026 г.",
]
SHORT_YEAR_SPLITS = {
    SHORT_YEAR_STAMPS[0]: ["Утверждены", "постановлением Правительства", "Республики Казахстан",
                           "от 12.03.2026 г."],
    SHORT_YEAR_STAMPS[1]: ["Утверждены", "постановлением Правительства Республики Казахстан",
                           "от 12 марта 2026 г.", "№ 145"],
    SHORT_YEAR_STAMPS[2]: ["Утверждены", "постановлением Правительства", "Республики Казахстан",
                           "от 12.03.2026 г. № 145"],
    SHORT_YEAR_STAMPS[3]: ["Утвержден", "приказом Министра финансов", "Республики Казахстан",
                           "№ 145 от 12.03.2026 г."],
}  # fmt: skip
RULES_BELOW = "\n\nПравила ведения реестра\n\nГлава 1. Общие положения\n\n1. Текст.\n"


@pytest.mark.parametrize("stamp", SHORT_YEAR_STAMPS, ids=range(len(SHORT_YEAR_STAMPS)))
def test_a_stamp_whose_year_is_cut_short_starts_the_approved_act(stamp):
    one_line = parse("1. Утвердить прилагаемые Правила." + "\n\n" + stamp + RULES_BELOW)
    annex = one_line.provisions[-1]
    assert (annex.eid, annex.num, annex.heading) == ("annex_1", None, stamp)
    assert [c.eid for c in annex.children] == ["annex_1__part_1", "chp_1"]
    assert one_line.issues == []
    lines = SHORT_YEAR_SPLITS[stamp]
    split = parse("1. Утвердить прилагаемые Правила." + "\n\n" + "\n".join(lines) + RULES_BELOW)
    assert _shape(split.provisions) == _shape(one_line.provisions)
    data = _docx(["1. Утвердить прилагаемые Правила.", *lines, "Правила ведения реестра",
                  "Глава 1. Общие положения", "1. Текст."], right=True)  # fmt: skip
    text = docx_to_text(data, max_bytes=2**20)
    assert stamp in text.splitlines()
    assert _shape(parse(text).provisions) == _shape(one_line.provisions)


def test_a_decisions_annex_heading_whose_year_is_cut_short_is_read_as_one():
    lines = ["Приложение 1", "к постановлению Правительства", "Республики Казахстан",
             "от 12.03.2026 г. № 145"]  # fmt: skip
    split = parse(DECISION_WITH_ANNEX.format(stamp="\n".join(lines)))
    one_line = parse(DECISION_WITH_ANNEX.format(stamp=" ".join(lines)))
    assert _shape(split.provisions) == _shape(one_line.provisions)
    annex = split.provisions[-1]
    assert (annex.eid, annex.num, annex.heading) == (
        "annex_1",
        "1",
        "к постановлению Правительства Республики Казахстан от 12.03.2026 г. № 145",
    )


@pytest.mark.parametrize(
    "lines",
    [
        # A sentence that ends with a year cut short names no decision's date: text.
        ["Приложение 1 к Правилам применяется с 2026 г."],
        ["Утверждены решением маслихата в 2026 г."],
        # A whole stamp, but its sentence goes on below it.
        ["Утверждены постановлением Правительства от 12.03.2026 г.", "и действуют до 2027 года."],
        ["Утверждены", "постановлением Правительства", "от 12.03.2026 г.",
         "и действуют до 2027 года."],
    ],
)  # fmt: skip
def test_lines_ending_with_a_short_year_that_are_no_stamp_stay_text(lines):
    assert approval_stamps(lines) == []
    parsed = parse("Глава 1. Общие положения\n1. Правила.\n\n" + "\n".join(lines) + "\n")
    assert not any(p.kind is Kind.ANNEX for p in parsed.walk())


# The heading of an annex of rules over lines: it names no date or number, so a blank line (in
# Word, a paragraph aligned otherwise) after it shows where it ends.
RULES_ANNEXES = {
    "ru": (
        ["Приложение 1", "к Правилам ведения реестра", "инвестиционных проектов",
         "Республики Казахстан"],
        "к Правилам ведения реестра инвестиционных проектов Республики Казахстан",
    ),
    "kk": (
        ["Қазақстан Республикасының", "инвестициялық жобаларының", "тізілімін жүргізу қағидаларына",
         "1-қосымша"],
        "Қазақстан Республикасының инвестициялық жобаларының тізілімін жүргізу қағидаларына",
    ),
    "en": (
        ["Annex 1", "to the Rules for keeping the register", "of investment projects"],
        "to the Rules for keeping the register of investment projects",
    ),
}  # fmt: skip
ANNEXED_FORM = "1. Настоящие Правила определяют порядок.\n\n{annex}\n\nФорма\n\nЗаявление\n"


@pytest.mark.parametrize("language", sorted(RULES_ANNEXES))
def test_an_annex_heading_of_rules_over_lines_is_read_as_one(language):
    lines, heading = RULES_ANNEXES[language]
    split = parse(ANNEXED_FORM.format(annex="\n".join(lines)))
    one_line = parse(ANNEXED_FORM.format(annex=" ".join(lines)))
    assert _shape(split.provisions) == _shape(one_line.provisions)
    annex = split.provisions[-1]
    assert (annex.eid, annex.num, annex.heading) == ("annex_1", "1", heading)
    assert [(c.eid, c.text) for c in annex.children] == [
        ("annex_1__part_1", "Форма"),
        ("annex_1__part_2", "Заявление"),
    ]
    assert split.issues == one_line.issues == []


@pytest.mark.parametrize("language", sorted(RULES_ANNEXES))
def test_a_word_annex_heading_of_rules_ends_where_its_alignment_does(language):
    lines, _ = RULES_ANNEXES[language]
    document = docx.Document()
    document.add_paragraph("1. Настоящие Правила определяют порядок.")
    for line in lines:  # right-aligned, as drafts place it
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # The form's title right below, centred, with no empty paragraph between.
    document.add_paragraph("Форма").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("Заявление")
    buffer = io.BytesIO()
    document.save(buffer)
    text = docx_to_text(buffer.getvalue(), max_bytes=2**20)
    one_line = parse(ANNEXED_FORM.format(annex=" ".join(lines)))
    assert _shape(parse(text).provisions) == _shape(one_line.provisions)


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        # Pasted with no blank line below: only the words going on in small letters, never
        # the form's title ("Форма") nor a line that may be one ("Республики Казахстан").
        (["Приложение 1", "к Правилам ведения реестра", "инвестиционных проектов", "Форма",
          "1. Текст."], "Приложение 1 к Правилам ведения реестра инвестиционных проектов"),
        (["Приложение 1", "к Правилам ведения реестра", "Республики Казахстан", "Заявление",
          "Прошу внести проект в реестр."], "Приложение 1 к Правилам ведения реестра"),
        # More lines than a heading has: the same.
        (["Приложение 1", "к Правилам проведения конкурса", "среди журналистов", "Заявка",
          "Фамилия: ____", "Имя: ____", "Отчество: ____"],
         "Приложение 1 к Правилам проведения конкурса среди журналистов"),
    ],
)  # fmt: skip
def test_an_annex_heading_of_rules_with_nothing_below_to_end_it_takes_only_its_words(lines, joined):
    assert [" ".join(lines[a:b]) for a, b in approval_stamps(lines)] == [joined]


@pytest.mark.parametrize(
    "lines",
    [
        # The annex word on its line, then no "к Правилам ...": nothing to join.
        ["Приложение 1", "Правила ведения реестра", "инвестиционных проектов", ""],
        ["Приложение 1", "", "к Правилам ведения реестра"],
        # A Kazakh line ending in "қосымша" with no "... қағидаларына" above it.
        ["Мемлекеттік қызмет", "көрсету тәртібі", "1-қосымша"],
        # "... қағидаларына" / "1-қосымша" going on from a point right above it.
        ["1. Тізбе мынадай", "инвестициялық жобалар қағидаларына", "1-қосымша"],
        # A whole heading whose sentence goes on below it.
        ["Приложение 1", "к Правилам ведения реестра", "утверждается отдельно."],
    ],
)
def test_lines_that_only_look_like_an_annex_heading_of_rules_are_not_joined(lines):
    assert approval_stamps(lines) == []
