"""Chapters numbered like points ("1. Жалпы ережелер", "1. Общие положения"), as Kazakh rules
often number them while their points run on through the act, are chapters (`chp_1`), not points
that repeat the act's numbers (`para_1_dup2`). In plain text only when nothing else explains the
numbering; in Word when the draft sets the line off as a heading (bold or centred). A point that
is a short phrase, or a list of one-word points, stays a point.
"""

from __future__ import annotations

import io
from collections import Counter

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from alatau_legal.acts.docx_import import docx_to_text
from alatau_legal.acts.text import Kind, parse

RULES = {
    "kk": """\
Қазақстан Республикасы Үкіметінің 2026 жылғы 5 наурыздағы № 140 қаулысымен бекітілген

Қоғамдық палата туралы ереже

1. Жалпы ережелер

1. Қоғамдық палата консультативтік-кеңесші орган болып табылады.

2. Қоғамдық палата өз қызметін қоғамдық негізде жүзеге асырады.

2. Қоғамдық палатаның міндеттері

3. Қоғамдық палатаның міндеттері мыналар болып табылады:

1) заң жобаларын талқылау;

2) ұсыныстар әзірлеу.

4. Қоғамдық палата жыл сайын есеп береді.
""",
    "ru": """\
Утверждены постановлением Правительства Республики Казахстан от 5 марта 2026 года № 140

Положение об Общественной палате

1. Общие положения

1. Общественная палата является консультативно-совещательным органом.

2. Общественная палата осуществляет свою деятельность на общественной основе.

2. Задачи Общественной палаты

3. Задачами Общественной палаты являются:

1) обсуждение законопроектов;

2) выработка рекомендаций.

4. Общественная палата ежегодно отчитывается.
""",
}

OUTLINE = [
    (
        "annex_1",
        [
            "annex_1__part_1",
            ("chp_1", ["chp_1__para_1", "chp_1__para_2"]),
            (
                "chp_2",
                [
                    ("chp_2__para_3", ["chp_2__para_3__subpara_1", "chp_2__para_3__subpara_2"]),
                    "chp_2__para_4",
                ],
            ),
        ],
    )
]


def _outline(provisions) -> list:
    return [(p.eid, _outline(p.children)) if p.children else p.eid for p in provisions]


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("pasted", [False, True])
def test_chapters_numbered_like_points_are_chapters(language, pasted):
    text = RULES[language]
    if pasted:  # as pasted from a page: no blank lines
        text = "\n".join(line for line in text.splitlines() if line)
    parsed = parse(text)
    assert _outline(parsed.provisions) == OUTLINE
    chapters = [(p.num, p.heading) for p in parsed.walk() if p.kind is Kind.CHAPTER]
    assert [num for num, _ in chapters] == ["1", "2"]
    assert chapters[0][1] in ("Жалпы ережелер", "Общие положения")
    assert parsed.issues == []


@pytest.mark.parametrize(
    "text",
    [
        # A point that is a short phrase: the points run 1, 2, 3 as they stand.
        "1. Настоящие Правила определяют порядок.\n\n2. Сроки оплаты\n\n3. Оплата вносится.\n",
        # A list of one-word points.
        "1. Яблоки\n2. Груши\n3. Сливы\n4. Вишни\n",
        # Points numbered afresh under each "chapter": nothing in the text says they are
        # chapters (in Word their formatting may).
        "1. Общие положения\n\n1. Текст.\n\n2. Текст.\n\n2. Порядок\n\n1. Текст.\n",
        # The "chapters" would not count up from 1.
        "1. Текст.\n\n2. Сроки оплаты\n\n2. Оплата вносится.\n\n3. Текст.\n",
        # A sentence is no title, nor is a phrase opening with a small letter.
        "1. Общие положения.\n\n1. Текст.\n\n2. Текст.\n",
        "1. общие положения\n\n1. Текст.\n\n2. Текст.\n",
        # An act with its own headings keeps them: its numbered lines are points.
        "Глава 1. Общие положения\n\n1. Сроки\n\n1. Текст.\n",
    ],
)
def test_points_that_only_look_like_chapters_stay_points(text):
    parsed = parse(text)
    chapters = [p.num for p in parsed.walk() if p.kind is Kind.CHAPTER]
    # Only the real heading ("Глава 1.") is a chapter; every numbered line is a point.
    assert chapters == (["1"] if text.startswith("Глава") else [])
    points = [p for p in parsed.walk() if p.kind is Kind.PARAGRAPH]
    assert len(points) == sum(1 for line in text.splitlines() if line[:1].isdigit())


def _docx(paragraphs: list[tuple[str, bool, bool]]) -> bytes:
    """A document of (text, bold, centred) paragraphs."""
    document = docx.Document()
    for text, bold, centred in paragraphs:
        paragraph = document.add_paragraph()
        paragraph.add_run(text).bold = bold
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("bold", "centred"), [(True, True), (True, False), (False, True)])
def test_a_word_heading_numbered_like_a_point_is_a_chapter(bold, centred):
    # Points numbered afresh in each chapter: only the formatting tells the headings apart.
    text = docx_to_text(
        _docx(
            [
                ("Положение об Общественной палате", True, True),
                ("1. Общие положения", bold, centred),
                ("1. Общественная палата является совещательным органом.", False, False),
                ("2. Палата действует на общественной основе.", False, False),
                ("2. Задачи Общественной палаты", bold, centred),
                ("1. Задачами палаты являются:", False, False),
                ("1) обсуждение законопроектов;", False, False),
                ("2) выработка рекомендаций.", False, False),
            ]
        ),
        max_bytes=2**20,
    )
    assert "\nГлава 1. Общие положения\n" in text
    assert "\nГлава 2. Задачи Общественной палаты\n" in text
    parsed = parse(text)
    assert _outline(parsed.provisions) == [
        ("preamble", ["preamble__part_1"]),
        ("chp_1", ["chp_1__para_1", "chp_1__para_2"]),
        ("chp_2", [("chp_2__para_1", ["chp_2__para_1__subpara_1", "chp_2__para_1__subpara_2"])]),
    ]
    assert parsed.issues == []


def test_a_kazakh_word_heading_numbered_like_a_point_is_written_as_a_kazakh_chapter():
    text = docx_to_text(
        _docx(
            [
                ("1. Жалпы ережелер", True, True),
                ("1. Қоғамдық палата консультативтік орган болып табылады.", False, False),
            ]
        ),
        max_bytes=2**20,
    )
    assert text.startswith("1-тарау. Жалпы ережелер\n")
    assert [p.eid for p in parse(text).walk()] == ["chp_1", "chp_1__para_1"]


@pytest.mark.parametrize(
    "paragraphs",
    [
        # Bold one-word points, one under another: no point typed as text follows them.
        [("1. Яблоки", True, False), ("2. Груши", True, False), ("3. Сливы", True, False)],
        # A plain short point: no formatting sets it off.
        [("1. Сроки оплаты", False, False), ("2. Оплата вносится в течение месяца.", False, False)],
        # A bold sentence is no title.
        [("1. Оплата вносится.", True, True), ("2. Текст.", False, False)],
        # A bold heading followed by text, not by a point.
        [("1. Общие положения", True, True), ("Текст без номера.", False, False)],
    ],
)
def test_word_points_that_only_look_like_chapters_stay_points(paragraphs):
    text = docx_to_text(_docx(paragraphs), max_bytes=2**20)
    assert "Глава" not in text
    kinds = Counter(p.kind for p in parse(text).walk())
    assert Kind.CHAPTER not in kinds


def test_a_russian_word_draft_naming_a_kazakh_body_gets_russian_chapters():
    text = docx_to_text(
        _docx(
            [
                ("1. Общие положения", True, True),
                ("1. Общественная палата «Қоғамдық палата» является совещательным органом "
                 "при Мажилисе Парламента Республики Казахстан.", False, False),
            ]
        ),
        max_bytes=2**20,
    )  # fmt: skip
    assert text.startswith("Глава 1. Общие положения\n")
