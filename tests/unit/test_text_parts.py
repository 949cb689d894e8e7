"""Which part of a text is the act's own body (acts/text/parts.py), in every language."""

from __future__ import annotations

import pytest

from alatau_legal.acts.text import parse
from alatau_legal.acts.text.parts import part_starts, text_parts


@pytest.mark.parametrize(
    "text",
    [
        "1. Утвердить прилагаемые Правила.\n2. Ввести в действие.\n\nАким города А. Серіков\n\n"
        "Приложение 1 к решению акима\n\nГлава 1. Общие\n1. Текст.",
        "1. Қоса беріліп отырған Қағидалар бекітілсін.\n\n1-қосымша\n\n1-тарау. Жалпы\n1. Мәтін.",
        "1. To approve the attached Rules.\n\nAnnex 1 to the Order\n\nChapter 1. General\n1. Text.",
    ],
)
def test_a_decision_approving_an_annexed_act_in_each_language(text):
    provisions = parse(text).provisions
    parts = text_parts(provisions)
    assert parts[-1] == "approved_act"
    assert set(parts[:-1]) == {"approving_decision"}
    assert list(part_starts(provisions).values()) == ["approving_decision", "approved_act"]


def test_a_law_with_articles_and_an_annex_is_body_then_annex():
    provisions = parse(
        "Статья 1. Утвердить\n1. Утвердить что-то.\n\nПриложение 1\n\nФорма."
    ).provisions
    assert text_parts(provisions) == ["body", "annex"]


def test_a_text_that_is_all_body_has_nothing_to_label():
    provisions = parse("Статья 1. Предмет\n1. Текст.").provisions
    assert text_parts(provisions) == ["body"]
    assert part_starts(provisions) == {}


def test_an_explanatory_note_before_the_act():
    provisions = parse(
        "Түсіндірме жазба\nЖоба тізілімді жүргізу үшін әзірленді.\n\nЖОБА\n\n1-бап. Мәні\nМәтін."
    ).provisions
    assert text_parts(provisions)[0] == "explanatory_note"
    assert set(part_starts(provisions).values()) == {"explanatory_note", "body"}
