"""The words a user types, made into a Whoosh query, or a clear refusal.

The syntax is the one API.md promises: words (all must match), `"phrases"`, `prefix*`, `AND`,
`OR`, `NOT` and parentheses. Field names, ranges, boosts and inner or leading wildcards are not
part of it (they would expose the schema or scan every word of the index).
"""

from __future__ import annotations

from itertools import pairwise

from whoosh import qparser, query

from ..errors import Invalid
from .documents import build_schema

MAX_QUERY_CHARS = 500
MIN_PREFIX_CHARS = 2

_SCHEMA = build_schema()


def _parser(field: str) -> qparser.QueryParser:
    parser = qparser.QueryParser(field, _SCHEMA, group=qparser.AndGroup)
    for plugin in (
        qparser.FieldsPlugin,
        qparser.RangePlugin,
        qparser.BoostPlugin,
        qparser.EveryPlugin,
    ):
        parser.remove_plugin_class(plugin)
    return parser


_PARSER = _parser("body")
# The same query over the unstemmed words: where it has a prefix, that is the one to look up.
_WORD_PARSER = _parser("words")
MAX_PREFIXES = 5  # each prefix expands to every indexed word it begins


def _refuse(message: str) -> Invalid:
    return Invalid(message, {"q": message})


def parse(text: str | None, *, as_phrase: bool = False) -> query.Query:
    """The query for `text`; `as_phrase` reads the whole text as one phrase."""
    text = " ".join((text or "").split())
    if not text:
        raise _refuse("Type a word or a phrase to search for.")
    if len(text) > MAX_QUERY_CHARS:
        raise _refuse(
            f"The query is {len(text):,} characters long; at most {MAX_QUERY_CHARS} are searched."
        )
    if as_phrase:
        text = '"' + text.replace('"', " ").strip() + '"'
    try:
        parsed = _with_unstemmed_prefixes(_PARSER.parse(text), _WORD_PARSER.parse(text))
    except Exception:  # Whoosh's parser raises assorted errors on odd input
        raise _refuse(
            'The query could not be read. Use words, "phrases", prefix*, AND, OR, NOT and '
            "parentheses."
        ) from None
    parsed = parsed.normalize()
    _check(parsed, text)
    return parsed


def _with_unstemmed_prefixes(stemmed: query.Query, unstemmed: query.Query) -> query.Query:
    """`stemmed` with each prefix taken from `unstemmed`, the same text parsed over the `words`
    field: the two trees have one shape (one grammar, the same stop words), only their words
    differ."""
    if isinstance(stemmed, query.Prefix) and isinstance(unstemmed, query.Prefix):
        return query.Prefix("words", unstemmed.text, boost=stemmed.boost)
    if stemmed.is_leaf() or type(stemmed) is not type(unstemmed):
        return stemmed
    partners = iter(list(unstemmed.children()))
    return stemmed.apply(lambda child: _with_unstemmed_prefixes(child, next(partners)))


def with_word_pairs(parsed: query.Query) -> query.Query:
    """The same query with each phrase looked up by its word pairs (see `pair_analyzer`).

    A two-word phrase becomes one term of the `pairs` field; a longer one a phrase of its pairs
    (`a b c d` is `"a b" "b c" "c d"` in a row), whose rare terms keep the position matching to
    the few documents holding them all. Either is exactly equivalent to the phrase of words.
    """
    if isinstance(parsed, query.Phrase) and parsed.fieldname == "body" and parsed.slop <= 1:
        words = parsed.words
        if len(words) == 1:
            return query.Term("body", words[0])
        pairs = [f"{a} {b}" for a, b in pairwise(words)]
        return query.Term("pairs", pairs[0]) if len(pairs) == 1 else query.Phrase("pairs", pairs)
    return parsed.apply(with_word_pairs)


def highlight_words(parsed: query.Query) -> set[str]:
    """The analysed words of a query's terms and phrases, for highlighting (not its NOTs)."""
    words: set[str] = set()
    for leaf in _positive_leaves(parsed):
        if isinstance(leaf, query.Phrase):
            words.update(leaf.words)
        elif isinstance(leaf, query.Term):
            words.add(leaf.text)
    return words


def _check(parsed: query.Query, text: str) -> None:
    if parsed is query.NullQuery or not list(parsed.leaves()):
        if text.strip('"()* ').strip() and not set(text) <= set('"()* '):
            raise _refuse(
                "The query has only common words (such as ‘the’, ‘of’, ‘и’, ‘в’), which are "
                "not indexed; add a more specific word."
            )
        raise _refuse("Type a word or a phrase to search for.")
    if sum(isinstance(leaf, query.Prefix) for leaf in parsed.leaves()) > MAX_PREFIXES:
        raise _refuse(f"A query may hold at most {MAX_PREFIXES} words ending in *.")
    for leaf in parsed.leaves():
        if isinstance(leaf, query.Every):
            raise _refuse("A * alone matches everything; put at least two letters before it.")
        if isinstance(leaf, query.Prefix) and len(leaf.text) < MIN_PREFIX_CHARS:
            raise _refuse(f"Put at least {MIN_PREFIX_CHARS} letters before * (as in invest*).")
        if isinstance(leaf, query.Wildcard) and not isinstance(leaf, query.Prefix):
            raise _refuse("Use * only at the end of a word, as in invest*.")
    if next(_positive_leaves(parsed), None) is None:
        raise _refuse("A query needs at least one word to find, not only words to leave out.")


def _positive_leaves(node: query.Query):
    """The leaves not under a NOT."""
    if isinstance(node, query.Not):
        return
    if isinstance(node, query.AndNot):
        yield from _positive_leaves(node.a)
        return
    if node.is_leaf():
        yield node
        return
    for child in node.children():
        yield from _positive_leaves(child)
