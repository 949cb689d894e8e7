"""The act text parser: the format of acts/README.md, line by line, with exact trees and eIds."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alatau_legal.acts.text import Kind, ParseIssue, Provision, flatten, parse, render


def rows(text: str) -> list[tuple[str, str, str | None, str, str]]:
    """(eid, kind, num, heading, text) of every provision of the parsed text, in order."""
    return [
        (row.eid, row.kind.value, row.num, row.heading, row.text)
        for row in flatten(parse(text).provisions)
    ]


def issues(text: str) -> list[tuple[int, str]]:
    return [(issue.line, issue.severity) for issue in parse(text).issues]


# --- headings ----------------------------------------------------------------------------------

HEADINGS = [
    # line, kind, num, heading, eid
    ("Section I. General part", "section", "I", "General part", "sec_1"),
    ("SECTION II", "section", "II", "", "sec_2"),
    ("Раздел II. Особенная часть", "section", "II", "Особенная часть", "sec_2"),
    ("II-бөлім. Ерекше бөлім", "section", "II", "Ерекше бөлім", "sec_2"),
    ("ІІ-БӨЛІМ", "section", "II", "", "sec_2"),  # Cyrillic І for Roman I
    ("Chapter 1. General provisions", "chapter", "1", "General provisions", "chp_1"),
    ("CHAPTER 1. GENERAL PROVISIONS", "chapter", "1", "GENERAL PROVISIONS", "chp_1"),
    ("CHAPTER 1 GENERAL PROVISIONS", "chapter", "1", "GENERAL PROVISIONS", "chp_1"),
    ("chapter iv: final provisions", "chapter", "iv", "final provisions", "chp_4"),
    ("Chapter IV.", "chapter", "IV", "", "chp_4"),
    ("Глава 2. Общие положения", "chapter", "2", "Общие положения", "chp_2"),
    ("ГЛАВА 2", "chapter", "2", "", "chp_2"),
    ("1-тарау. Жалпы ережелер", "chapter", "1", "Жалпы ережелер", "chp_1"),
    ("1-ТАРАУ. ЖАЛПЫ ЕРЕЖЕЛЕР", "chapter", "1", "ЖАЛПЫ ЕРЕЖЕЛЕР", "chp_1"),
    ("Article 5. Scope", "article", "5", "Scope", "art_5"),
    ("ARTICLE 5", "article", "5", "", "art_5"),
    ("Article 1.1. Terms", "article", "1.1", "Terms", "art_1.1"),
    ("Article 4–1. Inserted", "article", "4-1", "Inserted", "art_4-1"),  # an en dash
    ("Статья 4-1. Вставленная статья", "article", "4-1", "Вставленная статья", "art_4-1"),
    ("Статья № 5. Сфера", "article", "5", "Сфера", "art_5"),
    ("СТАТЬЯ 3. ТЕРМИНЫ", "article", "3", "ТЕРМИНЫ", "art_3"),
    ("5-бап. Қолданылу саласы", "article", "5", "Қолданылу саласы", "art_5"),
    ("4-1-бап.", "article", "4-1", "", "art_4-1"),
    ("Annex 1", "annex", "1", "", "annex_1"),
    ("Annex 2. Application form", "annex", "2", "Application form", "annex_2"),
    ("ANNEX", "annex", None, "", "annex_1"),
    ("Annex. Form", "annex", None, "Form", "annex_1"),
    ("Annex 1 to the Rules", "annex", "1", "to the Rules", "annex_1"),
    ("Приложение 2", "annex", "2", "", "annex_2"),
    ("Приложение № 3 к Правилам", "annex", "3", "к Правилам", "annex_3"),
    ("Приложение", "annex", None, "", "annex_1"),
    ("Приложение к приказу Министра", "annex", None, "к приказу Министра", "annex_1"),
    ("1-қосымша", "annex", "1", "", "annex_1"),
    ("1-ҚОСЫМША. Өтініш нысаны", "annex", "1", "Өтініш нысаны", "annex_1"),
    ("Қосымша", "annex", None, "", "annex_1"),
]


@pytest.mark.parametrize(("line", "kind", "num", "heading", "eid"), HEADINGS)
def test_headings_in_each_language(line, kind, num, heading, eid):
    assert rows(line) == [(eid, kind, num, heading, "")]


NOT_HEADINGS = [
    "Article 5 of this Law applies to residents.",  # no dot after the number: a sentence
    "Article 12 of the Constitutional Law",  # starts small: not a title
    "Chapters are numbered in Arabic numerals.",
    "5-баптың талаптары қолданылады",  # `5-баптың` is "of article 5"
    "Annexes are attached.",
    "Annex to this order is approved.",
    "Articles 5a and 6 apply",
    "1.5 million tenge is allocated.",
    "12.05.2026 the order was signed",
    "2026 year",
    "а) a lettered item",
    "Note that this is text.",
    "[Opened but not closed",
]


@pytest.mark.parametrize("line", NOT_HEADINGS)
def test_lines_that_only_look_structural_are_text(line):
    assert rows(line) == [
        ("preamble", "preamble", None, "", ""),
        ("preamble__part_1", "part", None, "", line),
    ]
    assert parse(line).issues == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Chapter.", "'Chapter' has no number"),
        ("ARTICLE", "'ARTICLE' has no number"),
        ("Article five. Scope", "'five' is not a number"),
        ("Глава X1. Итог", "'X1' is not a number"),
        ("Статья 5а. Бап", "'5а' is not a number"),
        ("Section civil", "'civil' is not a number"),
    ],
)
def test_headings_without_a_readable_number_are_kept_as_text_and_reported(line, message):
    parsed = parse(line)
    assert [(p.kind, p.text) for p in parsed.walk()] == [(Kind.PREAMBLE, ""), (Kind.PART, line)]
    assert [issue.line for issue in parsed.issues] == [1]
    assert message in parsed.issues[0].message


# --- paragraphs, sub-paragraphs, notes ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "num", "text", "eid"),
    [
        ("1. The rules apply.", "1", "The rules apply.", "art_5__para_1"),
        ("1-1. Inserted paragraph.", "1-1", "Inserted paragraph.", "art_5__para_1-1"),
        ("2.1. Dotted paragraph.", "2.1", "Dotted paragraph.", "art_5__para_2.1"),
        ("10.", "10", "", "art_5__para_10"),
        ("3. 1. A number in the text", "3", "1. A number in the text", "art_5__para_3"),
    ],
)
def test_paragraph_numbers(line, num, text, eid):
    assert rows(f"Article 5.\n{line}")[1] == (eid, "paragraph", num, "", text)


@pytest.mark.parametrize(
    ("line", "num", "text", "eid"),
    [
        ("1) the investor;", "1", "the investor;", "art_5__para_1__subpara_1"),
        ("5-1) an inserted item;", "5-1", "an inserted item;", "art_5__para_1__subpara_5-1"),
        ("12)", "12", "", "art_5__para_1__subpara_12"),
    ],
)
def test_subparagraph_numbers(line, num, text, eid):
    assert rows(f"Article 5.\n1. The list:\n{line}")[2] == (eid, "subparagraph", num, "", text)


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("Note. Preferences last ten years.", "Preferences last ten years."),
        ("Note: see Article 4.", "see Article 4."),
        ("NOTES. Plural.", "Plural."),
        ("Примечание. Льготы действуют десять лет.", "Льготы действуют десять лет."),
        ("Примечания: множественное.", "множественное."),
        ("Ескерту. Жеңілдіктер он жыл қолданылады.", "Жеңілдіктер он жыл қолданылады."),
        ("Ескертпе. Басқа сөз.", "Басқа сөз."),
        ("Note.", ""),
        (
            "[Article 4-1 added by the draft of 2 June 2026]",
            "[Article 4-1 added by the draft of 2 June 2026]",
        ),
    ],
)
def test_notes_in_both_forms(line, text):
    assert rows(f"Article 5. Scope\n{line}")[1] == ("art_5__note_1", "note", None, "", text)


# --- where provisions go -----------------------------------------------------------------------


WHOLE_ACT = """\
The Authority, under Article 12 of the Constitutional Law,
adopts these rules.

CHAPTER 1
GENERAL PROVISIONS

Article 1. Scope
These rules govern investment preferences.

1. An investor may apply for a preference.
2. The application states:
1) the investor's name;
2) the project.

Note. Preferences are granted for ten years.

Article 2. Terms
[Article 2 added by the draft of 2 June 2026]

Chapter 2. Procedure

1. The Authority registers the application
on the day it arrives.

Annex 1
Application form

Name of the investor: ________
"""


def test_a_whole_act_with_every_kind_of_provision():
    text = WHOLE_ACT
    assert rows(text) == [
        ("preamble", "preamble", None, "", ""),
        (
            "preamble__part_1",
            "part",
            None,
            "",
            "The Authority, under Article 12 of the Constitutional Law,\nadopts these rules.",
        ),
        ("chp_1", "chapter", "1", "GENERAL PROVISIONS", ""),
        ("art_1", "article", "1", "Scope", ""),
        ("art_1__part_1", "part", None, "", "These rules govern investment preferences."),
        ("art_1__para_1", "paragraph", "1", "", "An investor may apply for a preference."),
        ("art_1__para_2", "paragraph", "2", "", "The application states:"),
        ("art_1__para_2__subpara_1", "subparagraph", "1", "", "the investor's name;"),
        ("art_1__para_2__subpara_2", "subparagraph", "2", "", "the project."),
        ("art_1__note_1", "note", None, "", "Preferences are granted for ten years."),
        ("art_2", "article", "2", "Terms", ""),
        ("art_2__note_1", "note", None, "", "[Article 2 added by the draft of 2 June 2026]"),
        ("chp_2", "chapter", "2", "Procedure", ""),
        (
            "chp_2__para_1",
            "paragraph",
            "1",
            "",
            "The Authority registers the application\non the day it arrives.",
        ),
        ("annex_1", "annex", "1", "Application form", ""),
        ("annex_1__part_1", "part", None, "", "Name of the investor: ________"),
    ]
    assert parse(text).issues == []


def test_a_russian_act():
    text = """\
Глава 1. Общие положения
Статья 1. Сфера применения
1. Настоящие Правила применяются в Alatau City.
Статья 1-1. Термины
В настоящих Правилах используются следующие понятия:
1) инвестор – лицо;
2) проект – план.
Примечание. Термины применяются единообразно.
Приложение 1
к Правилам предоставления преференций
"""
    assert rows(text) == [
        ("chp_1", "chapter", "1", "Общие положения", ""),
        ("art_1", "article", "1", "Сфера применения", ""),
        ("art_1__para_1", "paragraph", "1", "", "Настоящие Правила применяются в Alatau City."),
        ("art_1-1", "article", "1-1", "Термины", ""),
        (
            "art_1-1__part_1",
            "part",
            None,
            "",
            "В настоящих Правилах используются следующие понятия:",
        ),
        ("art_1-1__subpara_1", "subparagraph", "1", "", "инвестор – лицо;"),
        ("art_1-1__subpara_2", "subparagraph", "2", "", "проект – план."),
        ("art_1-1__note_1", "note", None, "", "Термины применяются единообразно."),
        ("annex_1", "annex", "1", "к Правилам предоставления преференций", ""),
    ]
    assert parse(text).issues == []


def test_a_kazakh_act():
    text = """\
I-бөлім. Жалпы бөлім
1-тарау. Жалпы ережелер
1-бап. Қолданылу саласы
1. Осы Қағидалар Alatau City аумағында қолданылады.
2. Инвестор:
1) өтініш береді;
5-1) құжаттарды ұсынады.
Ескерту. Мерзімі он жыл.
1-қосымша
"""
    assert rows(text) == [
        ("sec_1", "section", "I", "Жалпы бөлім", ""),
        ("chp_1", "chapter", "1", "Жалпы ережелер", ""),
        ("art_1", "article", "1", "Қолданылу саласы", ""),
        ("art_1__para_1", "paragraph", "1", "", "Осы Қағидалар Alatau City аумағында қолданылады."),
        ("art_1__para_2", "paragraph", "2", "", "Инвестор:"),
        ("art_1__para_2__subpara_1", "subparagraph", "1", "", "өтініш береді;"),
        ("art_1__para_2__subpara_5-1", "subparagraph", "5-1", "", "құжаттарды ұсынады."),
        ("art_1__note_1", "note", None, "", "Мерзімі он жыл."),
        ("annex_1", "annex", "1", "", ""),
    ]


def test_eids_are_those_of_the_readme():
    text = """\
Preamble text.

Section I. General

Chapter 1. Scope

Article 5. Terms

Text of the part.

1. Paragraph.
1) Sub-paragraph.

Note. A note.

Chapter IV. Later

Article 6. Direct
1) Sub-paragraph directly under the article.

Annex 1. Form
"""
    assert [row[0] for row in rows(text)] == [
        "preamble",
        "preamble__part_1",
        "sec_1",
        "chp_1",
        "art_5",
        "art_5__part_1",
        "art_5__para_1",
        "art_5__para_1__subpara_1",
        "art_5__note_1",
        "chp_4",
        "art_6",
        "art_6__subpara_1",
        "annex_1",
    ]


@pytest.mark.parametrize(
    ("text", "title", "then"),
    [
        # line 2 is the title when it follows directly and is not a sentence
        ("CHAPTER 1\nGENERAL PROVISIONS", "GENERAL PROVISIONS", []),
        ("Глава 2\nОбщие положения\nТекст главы.", "Общие положения", ["Текст главы."]),
        ("2-тарау\nЖалпы ережелер", "Жалпы ережелер", []),
        ("Приложение\nк приказу Министра", "к приказу Министра", []),
        # ... and is text when it is a sentence or a blank line comes first
        ("CHAPTER 1\nThese rules apply.", "", ["These rules apply."]),
        ("CHAPTER 1\nThe list:", "", ["The list:"]),
        ("CHAPTER 1\n\nGENERAL PROVISIONS", "", ["GENERAL PROVISIONS"]),
        # a heading that has its title never continues onto the next line
        ("Chapter 1. General\nprovisions", "General", ["provisions"]),
    ],
)
def test_title_on_the_next_line(text, title, then):
    (chapter,) = parse(text).provisions
    assert chapter.heading == title
    assert [(child.kind, child.text) for child in chapter.children] == [
        (Kind.PART, line) for line in then
    ]


def test_a_structural_line_after_a_titleless_heading_is_not_its_title():
    assert rows("Article 5.\n1. Text.") == [
        ("art_5", "article", "5", "", ""),
        ("art_5__para_1", "paragraph", "1", "", "Text."),
    ]


def test_preamble_parts_and_continuations():
    text = "First line of the preamble\nand its continuation.\n\nSecond part.\n\nArticle 1."
    assert rows(text) == [
        ("preamble", "preamble", None, "", ""),
        ("preamble__part_1", "part", None, "", "First line of the preamble\nand its continuation."),
        ("preamble__part_2", "part", None, "", "Second part."),
        ("art_1", "article", "1", "", ""),
    ]


def test_an_order_has_paragraphs_at_the_top_level():
    text = """\
In accordance with Article 12 of the Law, I ORDER:
1. To approve the attached Rules.
2. To publish them:
1) on the website;
2) in the bulletin.
3. This order takes effect on signature.

Minister A. Name
"""
    assert rows(text) == [
        ("preamble", "preamble", None, "", ""),
        (
            "preamble__part_1",
            "part",
            None,
            "",
            "In accordance with Article 12 of the Law, I ORDER:",
        ),
        ("para_1", "paragraph", "1", "", "To approve the attached Rules."),
        ("para_2", "paragraph", "2", "", "To publish them:"),
        ("para_2__subpara_1", "subparagraph", "1", "", "on the website;"),
        ("para_2__subpara_2", "subparagraph", "2", "", "in the bulletin."),
        ("para_3", "paragraph", "3", "", "This order takes effect on signature."),
        ("conclusions", "conclusions", None, "", "Minister A. Name"),
    ]


def test_paragraphs_under_a_chapter_continue_across_chapters_without_warnings():
    text = "Chapter 1. A\n1. One.\n2. Two.\nChapter 2. B\n3. Three.\n4. Four."
    assert [row[0] for row in rows(text)] == [
        "chp_1",
        "chp_1__para_1",
        "chp_1__para_2",
        "chp_2",
        "chp_2__para_3",
        "chp_2__para_4",
    ]
    assert parse(text).issues == []


def test_a_point_stays_open_until_the_next_point_article_or_heading():
    text = """\
Article 5. Lists
1) directly under the article;

1. A paragraph:
1) under the paragraph;
2) under the paragraph too.

Text after the list: the point's wrap-up, then the intro of a list numbered on.
2) still in the paragraph, after the text;
Note. A note.
3) still in the paragraph, after the note.
"""
    assert [(row[0], row[1]) for row in rows(text)] == [
        ("art_5", "article"),
        ("art_5__subpara_1", "subparagraph"),
        ("art_5__para_1", "paragraph"),
        ("art_5__para_1__subpara_1", "subparagraph"),
        ("art_5__para_1__subpara_2", "subparagraph"),
        ("art_5__para_1__list_2", "list"),
        ("art_5__para_1__list_2__subpara_2", "subparagraph"),
        ("art_5__para_1__list_2__subpara_3", "subparagraph"),
        ("art_5__note_1", "note"),
    ]
    assert [issue.line for issue in parse(text).issues] == [9]  # 2) after 2): a new list


def test_continuation_lines_and_parts():
    text = """\
Article 5. Scope
1. A paragraph
over two lines.
1) a sub-paragraph
over two lines;
Note. A note
over two lines.

A part after a blank line
over two lines.
An unnumbered line right after a part continues it.

Another part.
"""
    assert rows(text)[1:] == [
        ("art_5__para_1", "paragraph", "1", "", "A paragraph\nover two lines."),
        ("art_5__para_1__subpara_1", "subparagraph", "1", "", "a sub-paragraph\nover two lines;"),
        ("art_5__note_1", "note", None, "", "A note\nover two lines."),
        (
            "art_5__part_1",
            "part",
            None,
            "",
            "A part after a blank line\nover two lines.\n"
            "An unnumbered line right after a part continues it.",
        ),
        ("art_5__part_2", "part", None, "", "Another part."),
    ]


def test_a_paragraph_with_no_text_on_its_line_takes_the_next_line():
    assert rows("Article 1.\n1.\nThe text.")[1] == (
        "art_1__para_1",
        "paragraph",
        "1",
        "",
        "The text.",
    )


def test_parts_go_to_the_nearest_article_chapter_section_or_annex():
    text = "Section I.\n\nS.\nChapter 1.\n\nC.\nArticle 1.\n\nA.\nAnnex 1.\n\nX."
    assert [row[0] for row in rows(text)] == [
        "sec_1",
        "sec_1__part_1",
        "chp_1",
        "chp_1__part_1",
        "art_1",
        "art_1__part_1",
        "annex_1",
        "annex_1__part_1",
    ]


def test_explanatory_note_after_the_body_belongs_to_the_article():
    text = """\
Статья 7. Сроки
1. Срок рассмотрения – десять дней.
2. Срок продлевается:
1) по запросу;
2) по решению Комитета.

Примечание. Сроки исчисляются в рабочих днях.
"""
    (article,) = parse(text).provisions
    assert [child.eid for child in article.children] == [
        "art_7__para_1",
        "art_7__para_2",
        "art_7__note_1",
    ]


def test_nesting_section_chapter_article_and_annexes():
    text = """\
Article 1. Before any chapter
Section I. One
Article 2. Directly in the section
Chapter 1. In section I
Article 3. In chapter 1
Chapter 2. Closes article 3
Section II. Closes chapter 2
Chapter 3. In section II
Annex 1. Closes everything
1. A paragraph of the annex.
Chapter 1. Rules approved by the annex
Article 1. In the annex
Annex 2. Second
"""
    parsed = parse(text)

    def outline(provisions: list[Provision]) -> list:
        return [(p.eid, outline(p.children)) if p.children else p.eid for p in provisions]

    assert outline(parsed.provisions) == [
        "art_1",
        (
            "sec_1",
            ["art_2", ("chp_1", ["art_3"]), "chp_2"],
        ),
        ("sec_2", ["chp_3"]),
        (
            "annex_1",
            ["annex_1__para_1", ("chp_1_dup2", ["art_1_dup2"])],
        ),
        "annex_2",
    ]


def test_an_editorial_note_right_below_a_paragraph_stays_with_it():
    text = """\
Article 2. Definitions
1. The following terms are used:
1) investor;
5-1) anchor project;
[Sub-paragraph 5-1) added on 2 June 2026]
6) participant.
2-1. An inserted paragraph.
[Paragraph 2-1 added on 2 June 2026]

[Article 2 amended on 9 June 2026]
Note. An explanatory note is the article's, even right below a paragraph.
"""
    assert [row[0] for row in rows(text)] == [
        "art_2",
        "art_2__para_1",
        "art_2__para_1__subpara_1",
        "art_2__para_1__subpara_5-1",
        "art_2__para_1__note_1",
        "art_2__para_1__subpara_6",
        "art_2__para_2-1",
        "art_2__para_2-1__note_1",
        "art_2__note_1",
        "art_2__note_2",
    ]
    assert render(parse(text).provisions, "en").endswith(
        "6) participant.\n\n2-1. An inserted paragraph.\n[Paragraph 2-1 added on 2 June 2026]"
        "\n\n[Article 2 amended on 9 June 2026]\n\n"
        "Note. An explanatory note is the article's, even right below a paragraph.\n"
    )


def test_an_editorial_note_before_any_provision_is_a_top_level_note():
    assert rows("[Consolidated text]\n\nArticle 1.") == [
        ("note_1", "note", None, "", "[Consolidated text]"),
        ("art_1", "article", "1", "", ""),
    ]


@pytest.mark.parametrize("gap", ["\n", "\n\n"], ids=["pasted", "as published"])
def test_a_note_that_introduces_a_list_keeps_its_items(gap):
    # The Law "On veterans", art. 8: the note's items end with ";" up to the one ending with ".".
    lines = [
        "Статья 8. Другие лица",
        "1) семьи погибших военнослужащих;",
        "2) рабочие и служащие.",
        "Примечание. Членами семьи являются:",
        "дети и другие иждивенцы погибшего;",
        "родители погибших воинов.",
        "Сноска. Статья 8 с изменениями, внесенными Законом РК от 27.06.2022 № 129-VII.",
    ]
    assert rows(gap.join(lines))[3:] == [
        (
            "art_8__note_1",
            "note",
            None,
            "",
            "Членами семьи являются:\nдети и другие иждивенцы погибшего;\n"
            "родители погибших воинов.",
        ),
        ("art_8__note_2", "note", None, "Сноска", lines[-1].removeprefix("Сноска. ")),
    ]
    # A note whose sentence has ended takes no more: the next paragraph is the article's.
    closed = "Статья 8. Другие лица\n\nПримечание. Льготы бессрочны.\n\nМеры предоставляются."
    assert rows(closed)[1:] == [
        ("art_8__note_1", "note", None, "", "Льготы бессрочны."),
        ("art_8__part_1", "part", None, "", "Меры предоставляются."),
    ]


# --- issues ------------------------------------------------------------------------------------


def test_repeated_numbers_are_kept_and_reported_with_their_lines():
    text = """\
Article 1. One
1. First.
1. First again.

Article 1. One again
Article 2. Two
"""
    parsed = parse(text)
    assert [row[0] for row in rows(text)] == [
        "art_1",
        "art_1__para_1",
        "art_1__para_1_dup2",
        "art_1_dup2",
        "art_2",
    ]
    assert parsed.issues == [
        ParseIssue(
            3,
            "Paragraph 1 repeats the number of line 2; "
            "both are kept until one of them is renumbered.",
            "error",
        ),
        ParseIssue(
            5,
            "Article 1 repeats the number of line 1; "
            "both are kept until one of them is renumbered.",
            "error",
        ),
    ]


def test_a_subparagraph_with_no_paragraph_or_article_above_is_kept_and_reported():
    text = "Chapter 2. Lists\n\n1) orphan;\n2) orphan too."
    assert rows(text)[1:] == [
        ("chp_2__subpara_1", "subparagraph", "1", "", "orphan;"),
        ("chp_2__subpara_2", "subparagraph", "2", "", "orphan too."),
    ]
    messages = [(issue.line, issue.message) for issue in parse(text).issues]
    assert messages == [
        (
            3,
            "Sub-paragraph 1) has no paragraph or article above it; it is kept under "
            "Chapter 2. Put it after a numbered paragraph.",
        ),
        (
            4,
            "Sub-paragraph 2) has no paragraph or article above it; it is kept under "
            "Chapter 2. Put it after a numbered paragraph.",
        ),
    ]
    assert issues("1) at the very top") == [(1, "warning")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Article 1.\nArticle 3.",
            [(2, "Article 3 follows Article 1 (line 1); check the numbering.")],
        ),
        (
            "Chapter II.\nChapter IV.",
            [(2, "Chapter IV follows Chapter II (line 1); check the numbering.")],
        ),
        (
            "Article 1.\n2. B.\n1. A.",
            [(3, "Paragraph 1 follows Paragraph 2 (line 2); check the numbering.")],
        ),
        ("Annex 1\nAnnex 3", [(2, "Annex 3 follows Annex 1 (line 1); check the numbering.")]),
        # numbers that do follow: inserted, dotted, through chapters, Roman and Arabic mixed
        ("Article 4.\nArticle 4-1.\nArticle 4-2.\nArticle 5.", []),
        ("Article 1.1.\nArticle 1.2.\nChapter 2.\nArticle 2.1.\nArticle 3.", []),
        ("Chapter I.\nArticle 1.\nChapter II.\nArticle 2.\nChapter 3.", []),
        ("Article 1.\n1) a;\n2) b;\n2-1) c;\n3) d.", []),
        ("Annex\nAnnex", []),
    ],
)
def test_numbers_out_of_sequence_are_warnings(text, expected):
    parsed = parse(text)
    assert [(issue.line, issue.message) for issue in parsed.issues] == expected
    assert all(issue.severity == "warning" for issue in parsed.issues)


def test_issues_come_in_line_order():
    text = "Article 2.\nArticle 2.\nChapter.\nArticle 9."
    assert [issue.line for issue in parse(text).issues] == [2, 3, 4]


# --- untidy input ------------------------------------------------------------------------------


def test_whitespace_line_endings_and_bom_are_tolerated():
    text = (
        "\ufeffArticle\u00a05.\tScope \r\n1.  The   rules\u00a0apply.\r\n"
        "\r\n\t\r\nNote:\u00a0see.\rDone."
    )
    assert rows(text) == [
        ("art_5", "article", "5", "Scope", ""),
        ("art_5__para_1", "paragraph", "1", "", "The rules apply."),
        ("art_5__note_1", "note", None, "", "see.\nDone."),
    ]


def test_line_numbers_count_windows_and_old_mac_line_ends():
    assert issues("Article 1.\r\nArticle 1.\rArticle 1.\n1) x") == [(2, "error"), (3, "error")]


@pytest.mark.parametrize("text", ["", "\n\n", "  \t\u00a0\r\n", "\ufeff"])
def test_empty_text_has_no_provisions(text):
    assert parse(text).provisions == []
    assert parse(text).issues == []


# --- nothing is dropped ------------------------------------------------------------------------

_KEYWORDS = (
    "section|chapter|article|annex|раздел|глава|статья|приложение|қосымша|"
    "notes?|примечани[ея]|ескерту|ескертпе"
)
# A word the parser may take out of the text because the tree says it in kind and num instead.
_MARKER_WORD = re.compile(
    rf"^(?:№|(?:{_KEYWORDS})[.:]?|[\divxlcdmіх]+(?:[.\-–][\divxlcdmіх]+)*[.):]?"
    r"|[\divxlcdmіх.\-–]+-(?:бөлім|тарау|бап|қосымша)[.:]?)$",
    re.IGNORECASE,
)


def tree_words(provisions: list[Provision]) -> Counter[str]:
    words: Counter[str] = Counter()
    for provision in (p for top in provisions for p in top.walk()):
        words.update(provision.heading.split())
        words.update(provision.text.split())
    return words


def assert_every_word_kept(text: str) -> None:
    missing = Counter(text.replace("\ufeff", "").split()) - tree_words(parse(text).provisions)
    assert [word for word in missing if not _MARKER_WORD.match(word)] == []


def test_every_word_of_a_real_looking_act_is_kept():
    text = WHOLE_ACT + "\n".join(line for line, *_ in HEADINGS) + "\n" + "\n".join(NOT_HEADINGS)
    text += "\nChapter.\nArticle five. Scope\n1) orphan\n[Note]\nNote: a\n\nSome text"
    assert_every_word_kept(text)


_WORDS = st.sampled_from(
    [
        *("Article", "ARTICLE", "Статья", "Глава", "Chapter", "Section", "Раздел", "Annex"),
        *("Приложение", "Қосымша", "1-тарау.", "5-бап.", "II-бөлім", "Note.", "Примечание:"),
        *("Ескерту.", "1.", "2.1.", "4-1", "5-1)", "1)", "IV", "iv.", "№", "[", "]", "[a]"),
        *("resident", "Alatau", "City", "порядок", "шарт", "of", "a", "The", "—", ";", ".", ","),
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(_WORDS, max_size=6).map(" ".join) | st.sampled_from(["", " ", "\t", "\u00a0"]),
        max_size=25,
    ),
    st.sampled_from(["\n", "\r\n"]),
)
def test_no_word_is_ever_dropped(lines, newline):
    assert_every_word_kept(newline.join(lines))


# --- speed -------------------------------------------------------------------------------------


def big_act(chapters: int = 42) -> str:
    """About 36 provisions a chapter: 5 articles of 3 paragraphs with a sub-paragraph each."""
    lines = []
    article = 0
    for chapter in range(1, chapters + 1):
        lines += [f"Chapter {chapter}. Chapter title {chapter}", ""]
        for _ in range(5):
            article += 1
            lines += [f"Article {article}. Article title", ""]
            for paragraph in range(1, 4):
                lines.append(f"{paragraph}. The text of the paragraph, long enough to be real:")
                lines.append("1) a sub-paragraph of ordinary length;")
            lines.append("")
    return "\n".join(lines)


def test_a_1500_provision_act_parses_and_renders_back():
    # Its speed is measured by `make bench` (bench_versions), never timed in the suite.
    text = big_act()
    parsed = parse(text)
    assert len(list(parsed.walk())) >= 1500
    assert [p.eid for p in parse(render(parsed.provisions, "ru")).walk()] == [
        p.eid for p in parsed.walk()
    ]


def test_sections_inside_chapters_nest_the_way_the_text_numbers_them():
    text = """\
Глава 1. Общие положения
Статья 1. Предмет
Глава 2. Закупки
Раздел 1. Планирование
Статья 2. План
Раздел 2. Проведение
Статья 3. Конкурс
Глава 3. Заключительные положения
Раздел 1. Вступление в силу
Статья 4. Срок
"""
    parsed = parse(text)
    assert [(p.eid, p.kind.value) for p in parsed.walk()] == [
        ("chp_1", "chapter"),
        ("art_1", "article"),
        ("chp_2", "chapter"),
        ("chp_2__sec_1", "section"),
        ("art_2", "article"),
        ("chp_2__sec_2", "section"),
        ("art_3", "article"),
        ("chp_3", "chapter"),
        ("chp_3__sec_1", "section"),
        ("art_4", "article"),
    ]
    assert [(issue.line, issue.message) for issue in parsed.issues] == [
        (
            4,
            "Section 1 comes after Chapter 2, so this text's sections are read as divisions of "
            "its chapters (Section 1 is in Chapter 2, numbered within it); put sections before "
            "chapters if they are meant to hold them.",
        )
    ]
    assert parse(render(parsed.provisions, "ru")).provisions == parsed.provisions


def test_sections_above_chapters_still_hold_them():
    text = "Раздел 1. Общая часть\nГлава 1. Положения\nСтатья 1. Предмет\nРаздел 2. Особенная"
    assert [p.eid for p in parse(text).walk()] == ["sec_1", "chp_1", "art_1", "sec_2"]


SENTENCE = (
    "Целью настоящего Закона является обеспечение участия граждан Республики Казахстан в "
    "управлении делами государства, а также регулирование общественных отношений, связанных "
    "с контролем."
)


@pytest.mark.parametrize(
    ("line", "heading"),
    [(f"Статья 4. Цель. {SENTENCE}", "Цель"), (f"Статья 4. {SENTENCE}", "")],
)
def test_a_heading_that_reads_like_a_sentence_is_text(line, heading):
    parsed = parse(line)
    assert [(p.eid, p.heading, p.text) for p in parsed.walk()] == [
        ("art_4", heading, ""),
        ("art_4__part_1", "", SENTENCE),
    ]
    assert [issue.line for issue in parsed.issues] == [1]
    assert parse(render(parsed.provisions, "ru")).provisions == parsed.provisions


def test_a_long_title_without_a_sentence_end_stays_the_title():
    title = "Отношения с министерствами, государственными комитетами, " * 3 + "и органами"
    assert parse(f"Статья 14. {title}").provisions[0].heading == title


EXPLAINED_DRAFT = """\
ПОЯСНИТЕЛЬНАЯ ЗАПИСКА
к проекту Закона Республики Казахстан «О закупках»

1. Наименование государственного органа-разработчика.
Министерство финансов Республики Казахстан.

2. Основания принятия.

ПРОЕКТ

ЗАКОН РЕСПУБЛИКИ КАЗАХСТАН

Статья 1. Предмет
1. Настоящий Закон регулирует закупки.
"""


def test_an_explanatory_note_before_the_act_is_kept_apart_from_the_act():
    parsed = parse(EXPLAINED_DRAFT)
    rows = [(p.eid, p.kind.value, p.heading) for p in parsed.walk()]
    assert rows == [
        ("note_1", "note", "ПОЯСНИТЕЛЬНАЯ ЗАПИСКА"),
        ("preamble", "preamble", ""),
        ("preamble__part_1", "part", ""),
        ("preamble__part_2", "part", ""),
        ("art_1", "article", "Предмет"),
        ("art_1__para_1", "paragraph", ""),
    ]
    note = parsed.provisions[0]
    assert note.text.split("\n") == [
        "к проекту Закона Республики Казахстан «О закупках»",
        "1. Наименование государственного органа-разработчика.",
        "Министерство финансов Республики Казахстан.",
        "2. Основания принятия.",
    ]
    assert [(i.line, i.message) for i in parsed.issues] == [
        (9, "Lines 1-8 are an explanatory note, kept before the act as its note; "
            "the act starts here.")
    ]  # fmt: skip
    assert parse(render(parsed.provisions, "ru")).provisions == parsed.provisions


def test_an_approving_decision_above_an_annexed_act_keeps_them_apart():
    text = """\
В соответствии с Конституционным законом Республики Казахстан РЕШИЛ:
1. Утвердить прилагаемые Правила ведения реестра инвесторов.
2. Настоящее решение вводится в действие со дня подписания.

Аким города Алатау А. Серіков

Приложение 1 к решению акима города Алатау от 2 июня 2026 года № 14

Глава 1. Общие положения
1. Настоящие Правила определяют порядок ведения реестра.
"""
    rows = [(p.eid, p.kind.value) for p in parse(text).walk()]
    assert rows == [
        ("preamble", "preamble"),
        ("preamble__part_1", "part"),
        ("para_1", "paragraph"),
        ("para_2", "paragraph"),
        ("conclusions", "conclusions"),
        ("annex_1", "annex"),
        ("chp_1", "chapter"),
        ("chp_1__para_1", "paragraph"),
    ]


def test_a_sub_paragraph_numbered_back_starts_a_new_list_and_is_reported():
    parsed = parse("Статья 1. A\n1. B:\n1) a;\n2) b;\n2) c.")
    assert [p.eid for p in parsed.walk()][-2:] == [
        "art_1__para_1__list_2",
        "art_1__para_1__list_2__subpara_2",
    ]
    assert [(i.line, i.message) for i in parsed.issues] == [
        (5, "Sub-paragraph 2) comes after 2), so it starts a new list of its point; "
            "check the numbering.")
    ]  # fmt: skip


def test_a_signature_like_line_with_more_body_after_it_stays_text():
    text = """\
Статья 5. Состав совета
В состав совета входят:

Премьер-Министр Республики Казахстан

Председатель Национального Банка

1. Совет собирается ежеквартально.

Президент Республики Казахстан
К. ТОКАЕВ

Приложение 1 к Закону
"""
    rows = [(p.eid, p.kind.value, p.text) for p in parse(text).walk()]
    assert rows == [
        ("art_5", "article", ""),
        ("art_5__part_1", "part", "В состав совета входят:"),
        ("art_5__part_2", "part", "Премьер-Министр Республики Казахстан"),
        ("art_5__part_3", "part", "Председатель Национального Банка"),
        ("art_5__para_1", "paragraph", "Совет собирается ежеквартально."),
        ("conclusions", "conclusions", "Президент Республики Казахстан\nК. ТОКАЕВ"),
        ("annex_1", "annex", ""),
    ]


@pytest.mark.parametrize(
    ("language", "chapter", "first", "second", "article"),
    [
        ("ru", "Глава 2. Субъекты", "Параграф 1. Общие", "Параграф 2. Особые", "Статья {}. Т"),
        ("kk", "2-тарау. Субъектілер", "1-параграф. Жалпы", "2-параграф. Ерекше", "{}-бап. Т"),
        ("en", "Chapter 2. Subjects", "Subchapter 1. General", "Subchapter 2. Special",
         "Article {}. T"),
    ],
)  # fmt: skip
def test_a_codes_paragraphs_sit_between_chapter_and_articles(
    language, chapter, first, second, article
):
    third = "Глава 3. Другие" if language == "ru" else chapter.replace("2", "3", 1)
    lines = [chapter, first, article.format(1), "1. Текст.", second, article.format(2)]
    text = "\n".join([*lines, "Текст.", third, first, article.format(3)])
    parsed = parse(text)
    assert [(p.eid, p.kind.value) for p in parsed.walk()] == [
        ("chp_2", "chapter"),
        ("chp_2__subchp_1", "subchapter"),
        ("art_1", "article"),
        ("art_1__para_1", "paragraph"),
        ("chp_2__subchp_2", "subchapter"),
        ("art_2", "article"),
        ("art_2__part_1", "part"),
        ("chp_3", "chapter"),
        ("chp_3__subchp_1", "subchapter"),  # numbered again within each chapter: no warning
        ("art_3", "article"),
    ]
    assert parsed.issues == []
    assert parse(render(parsed.provisions, language)).provisions == parsed.provisions


def test_the_word_paragraf_in_a_sentence_is_text_and_a_subchapter_number_is_checked():
    parsed = parse(
        "Глава 1. Общие\nПараграф 1. Первый\nСтатья 1. Т\n"
        "Параграф 2 настоящей главы применяется к договорам.\n"
        "Параграф 3. Третий\nСтатья 2. Т"
    )
    rows = [(p.eid, p.kind.value) for p in parsed.walk()]
    assert ("art_1__part_1", "part") in rows
    assert ("chp_1__subchp_3", "subchapter") in rows
    assert [issue.message for issue in parsed.issues] == [
        "Subchapter 3 follows Subchapter 1 (line 2); check the numbering."
    ]
