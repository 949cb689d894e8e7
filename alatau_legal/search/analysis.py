"""The analyser of act and comment text: English and Russian (and Kazakh Cyrillic) alike.

Acts are written in English, Russian or Kazakh, and a Russian act quotes English names and the
other way round, so one field holds every language and each word is stemmed by its script:
Cyrillic words by the Russian Snowball stemmer (`инвесторов`, `инвестором` -> `инвестор`;
Kazakh has no stemmer in Whoosh, and the Russian one at least folds the shared endings), Latin
words by the English one. Case and `ё`/`е` are folded before stemming; English and Russian
stop words are dropped, which keeps phrase queries on common words cheap.
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, ShingleFilter, StopFilter
from whoosh.lang import stemmer_for_language, stopwords_for_language

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
STOP_WORDS = frozenset(stopwords_for_language("en")) | frozenset(
    word.replace("ё", "е") for word in stopwords_for_language("ru")
)

_english = stemmer_for_language("en")
_russian = stemmer_for_language("ru")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one lower-cased word, by its script."""
    if word.isdigit():
        return word
    return _russian(word) if CYRILLIC.search(word) else _english(word)


class YoFilter(Filter):
    """`ё` is written as `е` in most texts: fold it so either finds the other."""

    def __call__(self, tokens):
        for token in tokens:
            if "ё" in token.text:
                token.text = token.text.replace("ё", "е")
            yield token


class ScriptStemFilter(Filter):
    """Stem each word with the stemmer of its script (see the module docstring)."""

    def __call__(self, tokens):
        for token in tokens:
            if not token.stopped:
                token.text = stem(token.text)
            yield token


def text_analyzer():
    """Words (with inner dots and hyphens, as in `3.5` or `право-` forms), folded and stemmed."""
    return (
        RegexTokenizer(r"\w+(?:[.\-]\w+)*")
        | LowercaseFilter()
        | YoFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | ScriptStemFilter()
    )


def word_analyzer():
    """Words folded but not stemmed, for prefixes: `busines*` must find "business", whose stem
    (`busi`) is shorter than the prefix typed."""
    return (
        RegexTokenizer(r"\w+(?:[.\-]\w+)*")
        | LowercaseFilter()
        | YoFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
    )


def pair_analyzer():
    """Each two neighbouring words as one term (`"invest applic"`), stop words left out as in
    `text_analyzer`. A two-word phrase is then one term to look up, not two posting lists to
    intersect with every position compared: Whoosh's phrase matching is pure Python, and this
    is what keeps phrase queries fast."""
    return text_analyzer() | ShingleFilter(size=2, sep=" ")


def fold(text: str) -> str:
    """A word as the index keeps it before stemming: lower case, `ё` as `е` (for prefixes)."""
    return text.lower().replace("ё", "е")
