"""The Russian search from anchors finds exactly what the full patterns find over the text.

`_read` tries the chain and citation patterns only where their first words stand (found by one
scan of the lower-cased text); a text whose characters may fold differently under IGNORECASE
takes the full scan. Both ways must give the same references, for every phrasing of the
Russian table and for variants that move the words about.
"""

from __future__ import annotations

import pytest

from alatau_legal.acts.text import references
from tests.unit.test_references import RUSSIAN

VARIANTS = [
    "Предмет статьи 1",
    "согласно статье 24 Предпринимательского кодекса Республики Казахстан",
    "по Гражданскому кодексу Республики Казахстан и статье 5 Закона Республики Казахстан "
    "от 8 мая 2026 года № 286-VIII «О правовых актах»",
    "в соответствии с Конституционным законом Республики Казахстан «О выборах»",
    "x пункт 2, хпункт 3, .пункт 4, (пункт 5) и п.6 настоящей статьи",
    "подп. 1) п. 2 ст. 7 и гл. II, ч. 3 ст. 8 настоящего Закона",
    "СТАТЬЕЙ 7 НАСТОЯЩЕГО ЗАКОНА и ПунктОм 2 Статьи 3",
    "статьями 5-8, 10 и 12–14 настоящего Закона, Налоговым  кодексом\nРеспублики Казахстан",
    "АБВгого кодекса Республики Казахстан",
    "законодательства Республики Казахстан; Указом Президента Республики Казахстан от "
    "1 января 2020 года № 1",
]


def _both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    anchored = references._read(text, "ru")
    with monkeypatch.context() as patched:
        patched.setattr(references, "_ru_anchors", lambda text, lowered: None)
        scanned = references._read(text, "ru")
    return anchored, scanned


@pytest.mark.parametrize("text", [phrase for phrase, _, _ in RUSSIAN] + VARIANTS)
def test_anchored_search_finds_what_the_full_scan_finds(text, monkeypatch):
    for variant in (text, f"Участник обязан действовать {text}:", text.upper()):
        anchored, scanned = _both_ways(variant, monkeypatch)
        assert anchored == scanned


def test_a_text_with_characters_that_fold_otherwise_takes_the_full_scan():
    # The old Cyrillic `ᲀ` matches `в` under IGNORECASE, but `str.lower` keeps it.
    text = "согласно гла\u1c80е 2 настоящего Закона"
    assert references._ru_anchors(text, text.lower()) is None
    assert [ref.text for ref in references._read(text, "ru")] == [text[len("согласно ") :]]
    assert references._ru_anchors("статья 2", "статья 2") == ([0], [])


def test_the_citations_of_other_acts_are_found_at_their_adjective():
    text = "согласно статье 24 Предпринимательского кодекса Республики Казахстан"
    units, citations = references._ru_anchors(text, text.lower())
    assert units == [9]
    assert citations == [text.index("Предпринимательского"), text.index("кодекса")]
    found = references._read(text, "ru")
    assert [ref.external for ref in found] == ["Предпринимательского кодекса Республики Казахстан"]
