"""The search analyser and query parser, without an index or a database."""

from __future__ import annotations

import pytest
from whoosh import query

from alatau_legal.errors import Invalid
from alatau_legal.search.analysis import text_analyzer
from alatau_legal.search.query import parse


def terms(text: str) -> list[str]:
    return [token.text for token in text_analyzer()(text)]


@pytest.mark.parametrize(
    "forms",
    [
        ("инвестор", "инвестора", "инвесторов", "инвестором", "Инвесторы"),
        ("решение", "решения", "решением", "решений"),
        ("investor", "investors", "Investor's"),
        ("apply", "applies", "applied"),
    ],
)
def test_word_forms_share_one_stem(forms):
    stems = {tuple(terms(form)) for form in forms}
    assert len(stems) == 1, stems


def test_yo_and_case_are_folded():
    assert terms("Ёмкость ёмкости") == terms("емкость ЕМКОСТИ")


def test_stop_words_are_dropped_in_both_languages():
    assert terms("the investor and the Authority") == terms("investor Authority")
    assert terms("инвестор и в Управление") == terms("инвестор Управление")


def test_numbers_and_dotted_numbers_are_words():
    assert terms("Article 3.5 of 2026") == ["articl", "3.5", "2026"]


def test_english_words_in_a_russian_text_are_stemmed_as_english():
    assert terms("Alatau City инвесторы investors") == ["alatau", "citi", "инвестор", "investor"]


def test_words_phrases_prefixes_and_operators():
    assert isinstance(parse("investor"), query.Term)
    assert isinstance(parse('"business days"'), query.Phrase)
    assert isinstance(parse("инвест*"), query.Prefix)
    assert isinstance(parse("investor OR applicant"), query.Or)
    parsed = parse("(investor OR applicant) AND NOT tax")
    assert "tax" in repr(parsed) and "Not" in repr(parsed)


def test_words_are_all_required_by_default():
    assert isinstance(parse("investor court"), query.And)


def test_the_whole_text_as_one_phrase():
    parsed = parse('business "days', as_phrase=True)
    assert isinstance(parsed, query.Phrase)
    assert parsed.words == ["busi", "day"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type a word"),
        ("   ", "Type a word"),
        ("the of and", "only common words"),
        ('"и в на"', "only common words"),
        ("*", "A * alone"),
        ("a*", "at least 2 letters"),
        ("*vest", "only at the end"),
        ("in*ment", "only at the end"),
        ("NOT investor", "not only words to leave out"),
        ("AND " * 500, "at most 500"),
        ("(((( ))))", "Type a word"),
    ],
)
def test_bad_queries_get_a_clear_message(text, message):
    with pytest.raises(Invalid) as error:
        parse(text)
    assert message in error.value.message


@pytest.mark.parametrize(
    "text",
    ['"unbalanced quote', "investor AND (court OR", "investor ) court (", 'a "b" "c', "OR OR x"],
)
def test_unbalanced_queries_are_read_leniently_or_refused_never_raised(text):
    try:
        parsed = parse(text)
    except Invalid as error:
        assert error.message
    else:
        assert list(parsed.leaves())


def test_phrases_are_looked_up_by_their_word_pairs():
    from alatau_legal.search.query import highlight_words, with_word_pairs

    two = with_word_pairs(parse('"business days"'))
    assert two == query.Term("pairs", "busi day")
    three = with_word_pairs(parse('"ten business days" OR court'))
    assert isinstance(three, query.Or)
    assert three.subqueries[0] == query.Phrase("pairs", ["ten busi", "busi day"])
    assert highlight_words(parse('"ten business days" OR court NOT tax')) == {
        "ten", "busi", "day", "court",
    }  # fmt: skip
