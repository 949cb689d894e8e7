"""What a provision is called in each language: every kind, number style and case."""

from __future__ import annotations

import pytest

from alatau_legal.acts.text import FlatProvision, flatten, label_for_eid, parse, provision_label
from alatau_legal.acts.text.labels import _kk_genitive, _kk_possessive
from alatau_legal.acts.text.model import Kind

ART, PARA, SUB, PART = Kind.ARTICLE, Kind.PARAGRAPH, Kind.SUBPARAGRAPH, Kind.PART
SEC, CHP, ANNEX, PRE, NOTE = Kind.SECTION, Kind.CHAPTER, Kind.ANNEX, Kind.PREAMBLE, Kind.NOTE

# chain, Russian, Kazakh, English (compact), English (spelled out)
CASES = [
    ([(ART, "7")], "Статья 7", "7-бап", "Article 7", "Article 7"),
    ([(ART, "1")], "Статья 1", "1-бап", "Article 1", "Article 1"),
    (
        [(ART, "7"), (PARA, "2")],
        "Пункт 2 статьи 7",
        "7-баптың 2-тармағы",
        "Article 7(2)",
        "Paragraph 2 of Article 7",
    ),
    (
        [(ART, "7"), (PARA, "2"), (SUB, "3")],
        "Подпункт 3) пункта 2 статьи 7",
        "7-баптың 2-тармағының 3) тармақшасы",
        "Article 7(2)(3)",
        "Subparagraph 3) of paragraph 2 of Article 7",
    ),
    (
        [(ART, "7"), (PART, "2")],
        "Часть 2 статьи 7",
        "7-баптың 2-бөлігі",
        "Article 7, part 2",
        "Part 2 of Article 7",
    ),
    (
        [(ART, "7"), (NOTE, None)],
        "Примечание к статье 7",
        "7-баптың ескертпесі",
        "Note to Article 7",
        "Note to Article 7",
    ),
    (
        [(ART, "7"), (PARA, "2"), (NOTE, None)],
        "Примечание к пункту 2 статьи 7",
        "7-баптың 2-тармағының ескертпесі",
        "Note to Article 7(2)",
        "Note to paragraph 2 of Article 7",
    ),
    (
        [(ART, "7"), (NOTE, "2")],
        "Примечание 2 к статье 7",
        "7-баптың 2-ескертпесі",
        "Note 2 to Article 7",
        "Note 2 to Article 7",
    ),
    (
        [(ART, "7"), (NOTE, None), (PARA, "1")],
        "Пункт 1 примечания к статье 7",
        "7-баптың ескертпесінің 1-тармағы",
        "Paragraph 1 of the note to Article 7",
        "Paragraph 1 of the note to Article 7",
    ),
    (
        [(CHP, "2"), (NOTE, None)],
        "Примечание к главе 2",
        "2-тараудың ескертпесі",
        "Note to Chapter 2",
        "Note to Chapter 2",
    ),
    ([(SEC, "1")], "Раздел 1", "1-бөлім", "Section 1", "Section 1"),
    (
        [(SEC, "II"), (CHP, "3")],
        "Глава 3 раздела II",
        "II-бөлімнің 3-тарауы",
        "Chapter 3 of Section II",
        "Chapter 3 of Section II",
    ),
    ([(CHP, "IV")], "Глава IV", "IV-тарау", "Chapter IV", "Chapter IV"),
    ([(ANNEX, "1")], "Приложение 1", "1-қосымша", "Annex 1", "Annex 1"),
    ([(ANNEX, None)], "Приложение", "Қосымша", "Annex", "Annex"),
    (
        [(ANNEX, "2"), (PARA, "5"), (SUB, "1")],
        "Подпункт 1) пункта 5 приложения 2",
        "2-қосымшаның 5-тармағының 1) тармақшасы",
        "Subparagraph 1) of paragraph 5 of Annex 2",
        "Subparagraph 1) of paragraph 5 of Annex 2",
    ),
    ([(PRE, None)], "Преамбула", "Кіріспе", "Preamble", "Preamble"),
    (
        [(PRE, None), (PART, "2")],
        "Часть 2 преамбулы",
        "Кіріспенің 2-бөлігі",
        "Part 2 of the preamble",
        "Part 2 of the preamble",
    ),
    (
        [(ART, "4-1"), (PARA, "1.1"), (SUB, "3-1")],
        "Подпункт 3-1) пункта 1.1 статьи 4-1",
        "4-1-баптың 1.1-тармағының 3-1) тармақшасы",
        "Article 4-1(1.1)(3-1)",
        "Subparagraph 3-1) of paragraph 1.1 of Article 4-1",
    ),
]


@pytest.mark.parametrize(("chain", "ru", "kk", "en", "en_spelled"), CASES)
def test_every_kind_in_every_language(chain, ru, kk, en, en_spelled) -> None:
    assert provision_label(chain, "ru") == ru
    assert provision_label(chain, "kk") == kk
    assert provision_label(chain, "en") == en
    assert provision_label(chain, "en", compact=False) == en_spelled


@pytest.mark.parametrize(
    ("chain", "act_type", "language", "expected"),
    [
        (
            [(ART, "7"), (PARA, "2"), (SUB, "3")],
            "law",
            "ru",
            "подпункт 3) пункта 2 статьи 7 настоящего Закона",
        ),
        (
            [(ART, "1"), (PARA, "2")],
            "law",
            "kk",
            "осы Заңның 1-бабының 2-тармағы",
        ),
        ([(ART, "7"), (PARA, "2")], "law", "en", "Article 7(2) of this Law"),
        ([(ANNEX, "1")], "law", "ru", "приложение 1 к настоящему Закону"),
        ([(ANNEX, "1"), (PARA, "2")], "law", "kk", "осы Заңға 1-қосымшаның 2-тармағы"),
        ([(ANNEX, "1"), (PARA, "2")], "law", "en", "paragraph 2 of Annex 1 to this Law"),
        ([(ART, "3")], "rules", "ru", "статья 3 настоящих Правил"),
        ([(PARA, "15")], "rules", "ru", "пункт 15 настоящих Правил"),
        ([(PARA, "15")], "rules", "kk", "осы Қағидалардың 15-тармағы"),
        ([(PARA, "15")], "rules", "en", "paragraph 15 of these Rules"),
        (
            [(ART, "2")],
            "constitutional_law",
            "ru",
            "статья 2 настоящего Конституционного закона",
        ),
        ([(PARA, "4")], "order", "kk", "осы бұйрықтың 4-тармағы"),
        ([(PARA, "4")], "decree", "ru", "пункт 4 настоящего постановления"),
        ([(PRE, None)], "law", "en", "preamble to this Law"),
        ([(PRE, None)], "law", "kk", "осы Заңның кіріспесі"),
    ],
)
def test_the_act_is_named_only_when_asked(chain, act_type, language, expected) -> None:
    assert provision_label(chain, language, act_type=act_type, capitalise=False) == expected
    plain = provision_label(chain, language, capitalise=False)
    assert "Закон" not in plain and "Заң" not in plain and "this" not in plain


@pytest.mark.parametrize(
    ("word", "genitive", "possessive", "possessed_genitive"),
    [
        ("бап", "баптың", "бабы", "бабының"),
        ("тармақ", "тармақтың", "тармағы", "тармағының"),
        ("тармақша", "тармақшаның", "тармақшасы", "тармақшасының"),
        ("бөлік", "бөліктің", "бөлігі", "бөлігінің"),
        ("бөлім", "бөлімнің", "бөлімі", "бөлімінің"),
        ("тарау", "тараудың", "тарауы", "тарауының"),
        ("қосымша", "қосымшаның", "қосымшасы", "қосымшасының"),
        ("ескертпе", "ескертпенің", "ескертпесі", "ескертпесінің"),
        ("кіріспе", "кіріспенің", "кіріспесі", "кіріспесінің"),
    ],
)
def test_kazakh_suffixes_follow_vowel_harmony_and_voicing(
    word, genitive, possessive, possessed_genitive
) -> None:
    assert _kk_genitive(word) == genitive
    assert _kk_possessive(word) == possessive
    assert _kk_genitive(_kk_possessive(word)) == possessed_genitive


def test_a_subparagraph_directly_in_an_article_is_not_cited_as_a_paragraph() -> None:
    chain = [(ART, "2"), (SUB, "2")]
    assert provision_label(chain, "en") == "Article 2, subparagraph 2)"
    assert provision_label(chain, "ru") == "Подпункт 2) статьи 2"
    assert provision_label(chain, "kk") == "2-баптың 2) тармақшасы"


def test_capitalisation_and_bad_input() -> None:
    assert provision_label([(ART, "7"), (PARA, "2")], "ru", capitalise=False) == (
        "пункт 2 статьи 7"
    )
    assert provision_label([("article", "7")], "en") == "Article 7"  # kinds as strings too
    with pytest.raises(ValueError, match="languages"):
        provision_label([(ART, "7")], "de")
    with pytest.raises(ValueError, match="at least one"):
        provision_label([], "ru")
    with pytest.raises(ValueError, match="type"):
        provision_label([(ART, "7")], "ru", act_type="treaty")


# --- from eIds ---------------------------------------------------------------------------------

TEXT = """Раздел I. Общие положения

Глава IV. Основные положения

Статья 4-1. Термины

1. Первый пункт:
1) первый подпункт;
2) второй подпункт.

1.1. Вставленный пункт.

Примечание. Одно примечание.

Статья 5. Два примечания

Первая часть статьи.

Вторая часть статьи.

Примечание. Первое.

Примечание. Второе.

Приложение

1. Пункт приложения.

Приложение 2

1. Пункт второго приложения.
"""


@pytest.fixture(scope="module")
def provisions() -> dict[str, FlatProvision]:
    parsed = parse(TEXT)
    return {row.eid: row for row in flatten(parsed.provisions)}


@pytest.mark.parametrize(
    ("eid", "ru", "kk", "en"),
    [
        ("sec_1", "Раздел I", "I-бөлім", "Section I"),
        ("chp_4", "Глава IV", "IV-тарау", "Chapter IV"),
        ("art_4-1", "Статья 4-1", "4-1-бап", "Article 4-1"),
        ("art_4-1__para_1", "Пункт 1 статьи 4-1", "4-1-баптың 1-тармағы", "Article 4-1(1)"),
        (
            "art_4-1__para_1__subpara_2",
            "Подпункт 2) пункта 1 статьи 4-1",
            "4-1-баптың 1-тармағының 2) тармақшасы",
            "Article 4-1(1)(2)",
        ),
        ("art_4-1__para_1.1", "Пункт 1.1 статьи 4-1", "4-1-баптың 1.1-тармағы", "Article 4-1(1.1)"),
        (
            "art_4-1__note_1",
            "Примечание к статье 4-1",
            "4-1-баптың ескертпесі",
            "Note to Article 4-1",
        ),
        (
            "art_5__note_2",
            "Примечание 2 к статье 5",
            "5-баптың 2-ескертпесі",
            "Note 2 to Article 5",
        ),
        # the unnumbered first of two annexes is cited by its position
        ("annex_1", "Приложение 1", "1-қосымша", "Annex 1"),
        (
            "annex_2__para_1",
            "Пункт 1 приложения 2",
            "2-қосымшаның 1-тармағы",
            "Paragraph 1 of Annex 2",
        ),
    ],
)
def test_labels_from_the_version_use_printed_numbers(provisions, eid, ru, kk, en) -> None:
    assert eid in provisions, sorted(provisions)
    assert label_for_eid(eid, provisions, "ru") == ru
    assert label_for_eid(eid, provisions, "kk") == kk
    assert label_for_eid(eid, provisions, "en") == en


def test_a_single_unnumbered_annex_or_note_has_no_number() -> None:
    text = "Статья 1. Сфера\n\nТекст.\n\nПримечание. Одно.\n\nПриложение\n\n1. Пункт.\n"
    rows = {row.eid: row for row in flatten(parse(text).provisions)}
    assert label_for_eid("annex_1", rows, "ru") == "Приложение"
    assert label_for_eid("annex_1__para_1", rows, "kk") == "Қосымшаның 1-тармағы"
    assert label_for_eid("art_1__note_1", rows, "en") == "Note to Article 1"


def test_unnumbered_parts_take_their_position(provisions) -> None:
    parts = [row.eid for row in provisions.values() if row.kind is Kind.PART]
    assert parts, sorted(provisions)
    labels = [label_for_eid(eid, provisions, "ru") for eid in parts]
    assert labels[:2] == ["Часть 1 статьи 5", "Часть 2 статьи 5"], parts
    assert label_for_eid(parts[1], provisions, "kk") == "5-баптың 2-бөлігі"


@pytest.mark.parametrize(
    ("eid", "ru", "kk", "en"),
    [
        (
            "art_4-1__para_2__subpara_3",
            "Подпункт 3) пункта 2 статьи 4-1",
            "4-1-баптың 2-тармағының 3) тармақшасы",
            "Article 4-1(2)(3)",
        ),
        ("art_7__part_2", "Часть 2 статьи 7", "7-баптың 2-бөлігі", "Article 7, part 2"),
        ("art_7__note_1", "Примечание к статье 7", "7-баптың ескертпесі", "Note to Article 7"),
        (
            "art_7__note_2",
            "Примечание 2 к статье 7",
            "7-баптың 2-ескертпесі",
            "Note 2 to Article 7",
        ),
        ("chp_4", "Глава 4", "4-тарау", "Chapter 4"),
        ("sec_2", "Раздел 2", "2-бөлім", "Section 2"),
        (
            "annex_1__para_3",
            "Пункт 3 приложения 1",
            "1-қосымшаның 3-тармағы",
            "Paragraph 3 of Annex 1",
        ),
        ("preamble", "Преамбула", "Кіріспе", "Preamble"),
        ("art_5_dup2__para_1", "Пункт 1 статьи 5", "5-баптың 1-тармағы", "Article 5(1)"),
        # a list inside a point: `list_N` adds nothing, `intro` and `wrapup` name the point
        (
            "art_7__para_2__list_1__subpara_3",
            "Подпункт 3) пункта 2 статьи 7",
            "7-баптың 2-тармағының 3) тармақшасы",
            "Article 7(2)(3)",
        ),
        ("art_7__para_2__intro", "Пункт 2 статьи 7", "7-баптың 2-тармағы", "Article 7(2)"),
        ("art_7__para_2__list_2__wrapup", "Пункт 2 статьи 7", "7-баптың 2-тармағы", "Article 7(2)"),
    ],
)
def test_labels_read_from_the_eid_when_the_version_lacks_it(eid, ru, kk, en) -> None:
    for provisions in (None, {}):
        assert label_for_eid(eid, provisions, "ru") == ru
        assert label_for_eid(eid, provisions, "kk") == kk
        assert label_for_eid(eid, provisions, "en") == en


def test_a_removed_provision_keeps_the_printed_numbers_of_its_surviving_parents(
    provisions,
) -> None:
    # chp_4 prints as IV in this version; a paragraph this version lacks is read from the eId.
    assert label_for_eid("art_4-1__para_9", provisions, "ru") == "Пункт 9 статьи 4-1"


def test_an_eid_naming_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="names no provision"):
        label_for_eid("list_2__intro", None, "ru")
    with pytest.raises(ValueError):
        label_for_eid("", None, "ru")


def test_articles_are_named_without_their_chapter_and_section(provisions) -> None:
    for eid in ("art_4-1", "art_4-1__para_1", "art_5__note_1"):
        for language in ("ru", "kk", "en"):
            label = label_for_eid(eid, provisions, language)
            assert "IV" not in label and "I-" not in label and "Глава" not in label


def test_a_codes_paragraph_is_named_with_its_chapter_and_names_none_of_its_articles() -> None:
    # "Параграф 1" of a code is numbered within its chapter (eId chp_2__subchp_1); articles
    # are numbered through the act, so an article in it is still just "статья 23".
    tree = parse(
        "Глава 2. Субъекты\n\nПараграф 1. Общие положения\n\nСтатья 23. Субъекты\n\n"
        "1. Текст.\n\nПримечание. Текст примечания.\n\nПараграф 2. Индивидуальные\n\n"
        "Статья 30. Понятие\n\nТекст статьи."
    ).provisions
    flat = {row.eid: row for row in flatten(tree)}
    expected = {
        "chp_2__subchp_1": (
            "Параграф 1 главы 2", "2-тараудың 1-параграфы", "Subchapter 1 of Chapter 2"
        ),
        "art_23__para_1": ("Пункт 1 статьи 23", "23-баптың 1-тармағы", "Article 23(1)"),
        "chp_2__subchp_2": (
            "Параграф 2 главы 2", "2-тараудың 2-параграфы", "Subchapter 2 of Chapter 2"
        ),
        "art_30__part_1": ("Часть 1 статьи 30", "30-баптың 1-бөлігі", "Article 30, part 1"),
    }  # fmt: skip
    assert set(expected) <= set(flat)
    for eid, names in expected.items():
        for language, name in zip(("ru", "kk", "en"), names, strict=True):
            assert label_for_eid(eid, flat, language) == name
            assert label_for_eid(eid, None, language) == name  # read from the eId alone
    note = next(eid for eid in flat if eid.endswith("note_1"))
    assert label_for_eid(note, flat, "ru") == "Примечание к статье 23"
    assert provision_label([(CHP, "2"), (Kind.SUBCHAPTER, "1")], "ru", act_type="law") == (
        "Параграф 1 главы 2 настоящего Закона"
    )
