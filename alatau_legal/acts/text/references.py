"""References in the text of an act: found, resolved to provisions, and renumbered.

The grammar of references lives here and nowhere else, for the three languages of an act:

- Russian and English name the smallest unit first (`подпункт 1) пункта 2 статьи 7 настоящего
  Закона`, `paragraph 2 of Article 7 of this Law`, `Article 7(2)`); Kazakh names the largest
  first and puts the number before the word (`осы Заңның 7-бабының 2-тармағы`).
- A unit takes a list (`подпунктами 1), 3) и 25)`, `2 және 3-тармақтарында`) or a range
  (`статьями 5-8`, `5-8-баптарында`, `Articles 5 to 8`) of numbers.
- After the units comes what they belong to: this act (`настоящего Закона`, `осы Заңның`,
  `of this Law`), this article or paragraph (`настоящей статьи`: relative to where the
  reference stands), another act (`Закона Республики Казахстан от ... № ...`,
  `Конституции`, `Гражданского кодекса`), or nothing, when the reference is read in its
  context (a bare `пункта 2` inside article 7 is paragraph 2 of article 7).

`find_references` is pure and knows nothing of a version: it reports each reference with the
address it names (kind and number, outermost first) and where each number stands in the text.
`Resolver` walks a version's provision tree by kind and number, never by formatting eIds, so
the tree may add containers of its own between a paragraph and its sub-paragraphs.
`renumber` makes a tree's numbering sequential and rewrites every number a reference names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .eids import assign_eids, eid_number, roman_to_int
from .model import Kind, Provision

LANGUAGES = ("ru", "kk", "en")

# --- the words of references ---------------------------------------------------------------------

# Each unit's word in every inflected form the acts use: a stem and its endings, and whether a
# form is singular, plural, or either (`статьи` is both "of the article" and "the articles").
SINGULAR, PLURAL, EITHER = "singular", "plural", "either"


@dataclass(frozen=True)
class _Word:
    kind: Kind
    pattern: str  # a regular expression over one word, matched case-insensitively
    plural: str  # a regular expression matching the plural forms among them
    ambiguous: str = r"(?!)"  # forms that are singular or plural by context


_RU_WORDS = (
    _Word(
        Kind.SUBPARAGRAPH,
        r"подпункт(?:ами|ами|ах|ам|ов|ом|ы|а|у|е)?|подп\.|пп\.",
        r"подпункт(?:ами|ах|ам|ов|ы)|пп\.",
    ),
    _Word(Kind.PARAGRAPH, r"пункт(?:ами|ах|ам|ов|ом|ы|а|у|е)?|п\.", r"пункт(?:ами|ах|ам|ов|ы)"),
    _Word(
        Kind.ARTICLE,
        r"стать(?:ями|ях|ям|ей|ёй|я|и|е|ю)|статей|ст\.",
        r"стать(?:ями|ях|ям)|статей",
        r"статьи",
    ),
    _Word(Kind.PART, r"част(?:ями|ях|ям|ью|ей|ь|и)|ч\.", r"част(?:ями|ях|ям|ей)", r"части"),
    _Word(Kind.PART, r"абзац(?:ами|ах|ам|ев|ем|ы|а|у|е)?", r"абзац(?:ами|ах|ам|ев|ы)"),
    _Word(Kind.CHAPTER, r"глав(?:ами|ах|ам|ой|ою|а|ы|е|у)?|гл\.", r"глав(?:ами|ах|ам)?", r"главы"),
    _Word(Kind.SECTION, r"раздел(?:ами|ах|ам|ов|ом|ы|а|у|е)?", r"раздел(?:ами|ах|ам|ов|ы)"),
    _Word(Kind.ANNEX, r"приложени(?:ями|ях|ям|ем|е|я|ю|и|й)", r"приложени(?:ями|ях|ям|й)"),
)
_EN_WORDS = (
    _Word(
        Kind.SUBPARAGRAPH,
        r"sub-?paragraphs?|sub-?points?|subparas?\.?",
        r"sub-?paragraphs|sub-?points",
    ),
    _Word(Kind.PARAGRAPH, r"paragraphs?|points?|paras?\.?", r"paragraphs|points"),
    _Word(Kind.ARTICLE, r"articles?|arts?\.", r"articles"),
    _Word(Kind.PART, r"parts?", r"parts"),
    _Word(Kind.CHAPTER, r"chapters?", r"chapters"),
    _Word(Kind.SECTION, r"sections?", r"sections"),
    _Word(Kind.ANNEX, r"annex(?:es)?|appendix|appendices", r"annexes|appendices"),
)
# Kazakh: the stem follows the number and a hyphen (`7-бабы`), except sub-paragraphs
# (`1) тармақшасы`) and parts (`бірінші бөлігі`), whose number stands apart.
_KK_WORDS = (
    _Word(Kind.SUBPARAGRAPH, r"тармақша\w*", r"тармақшалар\w*"),
    _Word(Kind.PARAGRAPH, r"тарма(?:қ|ғ)\w*", r"тармақтар\w*"),
    _Word(Kind.ARTICLE, r"ба(?:п|б)\w*", r"баптар\w*"),
    _Word(Kind.PART, r"бөлі(?:к|г)\w*", r"бөліктер\w*"),
    _Word(Kind.PART, r"абзац\w*", r"абзацтар\w*"),
    _Word(Kind.CHAPTER, r"тарау\w*", r"тараулар\w*"),
    _Word(Kind.SECTION, r"бөлім\w*", r"бөлімдер\w*"),
    _Word(Kind.ANNEX, r"қосымша\w*", r"қосымшалар\w*"),
)
WORDS: dict[str, tuple[_Word, ...]] = {"ru": _RU_WORDS, "en": _EN_WORDS, "kk": _KK_WORDS}

# Ordinal words name unnumbered parts and abzacs (`часть вторая`, `екінші бөлігі`, `part two`).
_ORDINALS: dict[str, tuple[str, ...]] = {
    "ru": (
        "перв",
        "втор",
        "трет",
        "четверт",
        "пят",
        "шест",
        "седьм",
        "восьм",
        "девят",
        "десят",
    ),
    "kk": (
        "бірінші",
        "екінші",
        "үшінші",
        "төртінші",
        "бесінші",
        "алтыншы",
        "жетінші",
        "сегізінші",
        "тоғызыншы",
        "оныншы",
    ),
    "en": ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
}
_EN_ORDINAL_ADJECTIVES = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
)  # fmt: skip

# What the units belong to. Internal: the act itself; relative: the provision the reference
# stands in (or its article, paragraph, chapter, annex).
_RU_ACT_WORDS = (
    r"(?:Конституционн\w+\s+)?закон\w*|кодекс\w*|правил\w*|положени\w*|постановлени\w*"
    r"|приказ\w*|указ\w*|регламент\w*|распоряжени\w*|решени\w*|инструкци\w*|порядк\w*"
)
_RU_THIS = r"настоящ\w+|данн\w+|этого|этой|этих"
_RU_RELATIVE = {
    Kind.ARTICLE: r"стать\w*",
    Kind.PARAGRAPH: r"пункт\w*",
    Kind.SUBPARAGRAPH: r"подпункт\w*",
    Kind.CHAPTER: r"глав\w*",
    Kind.SECTION: r"раздел\w*",
    Kind.ANNEX: r"приложени\w*",
    Kind.PART: r"част\w*",
}
_EN_ACT_WORDS = (
    r"(?:Constitutional\s+)?Law|Code|Act|Regulations?|Rules|Order|Decree|Resolution"
    r"|Instruction|Procedure|Statute"
)
_EN_RELATIVE = {
    Kind.ARTICLE: r"Article",
    Kind.PARAGRAPH: r"paragraph|point",
    Kind.SUBPARAGRAPH: r"sub-?paragraph|sub-?point",
    Kind.CHAPTER: r"Chapter",
    Kind.SECTION: r"Section",
    Kind.ANNEX: r"Annex",
    Kind.PART: r"part",
}
_KK_ACT_WORDS = (
    r"(?:Конституциялық\s+)?[Зз]аң\w*|[Кк]одекс\w*|[Ққ]ағида\w*|[Ее]реже\w*|[Ққ]аулы\w*"
    r"|[Бб]ұйры\w*|[Жж]арлы\w*|[Рр]егламент\w*|[Шш]ешім\w*|[Нн]ұсқаулы\w*|[Өө]кім\w*"
    r"|[Тт]әртіп\w*"
)
_KK_RELATIVE = {
    Kind.ARTICLE: r"ба(?:п|б)\w*",
    Kind.PARAGRAPH: r"тарма(?:қ|ғ)(?!ша)\w*",
    Kind.SUBPARAGRAPH: r"тармақша\w*",
    Kind.CHAPTER: r"тарау\w*",
    Kind.SECTION: r"бөлім\w*",
    Kind.ANNEX: r"қосымша\w*",
    Kind.PART: r"бөлі(?:к|г)\w*",
}

# Other acts, as written: `Конституции Республики Казахстан`, `Гражданского кодекса`,
# `Закона Республики Казахстан от 8 мая 2026 года № 286-VIII «О ...»`, and the same in Kazakh
# (which puts the name first: `«... туралы» Қазақстан Республикасының Заңы`) and English.
_QUOTED = r"(?:«[^«»]{1,300}»|\"[^\"]{1,300}\"|“[^”]{1,300}”)"
_RU_MONTHS = r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
_KK_MONTHS = r"қаңтар\w*|ақпан\w*|наурыз\w*|сәуір\w*|мамыр\w*|маусым\w*|шілде\w*|тамыз\w*|қыркүйек\w*|қазан\w*|қараша\w*|желтоқсан\w*"  # noqa: E501
_EN_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
)
_ACT_NUMBER = r"№\s?[0-9][0-9A-Za-zА-Яа-яІі\-–]*"
_RU_DATE = rf"(?:от\s+)?(?:\d{{1,2}}\s+(?:{_RU_MONTHS})\s+\d{{4}}\s*(?:года|г\.)?|\d{{2}}\.\d{{2}}\.\d{{4}}(?:\s*(?:года|г\.))?)"  # noqa: E501
_KK_DATE = (
    rf"(?:\d{{4}}\s+жылғы\s+\d{{1,2}}\s+(?:{_KK_MONTHS})|\d{{2}}\.\d{{2}}\.\d{{4}}(?:\s+жылғы)?)"
)
_EN_DATE = rf"(?:of\s+|dated\s+)?(?:\d{{1,2}}\s+(?:{_EN_MONTHS}),?\s+\d{{4}}|(?:{_EN_MONTHS})\s+\d{{1,2}},\s+\d{{4}})"  # noqa: E501
_RU_REPUBLIC = r"Республики\s+Казахстан|РК"
_KK_REPUBLIC = r"Қазақстан\s+Республикасы(?:ның)?|ҚР"

_RU_EXTERNAL = re.compile(
    rf"(?P<act>(?:Конституци(?:я|и|ей|ю)(?:\s+(?:{_RU_REPUBLIC}))?)"
    rf"|(?:(?:[А-ЯЁа-яё]+(?:ого|ым|ом|ый|ому)\s+)?кодекс(?:а|ом|е|у)?\s+(?:{_RU_REPUBLIC})"
    rf"(?:\s+{_QUOTED})?)"
    rf"|(?:(?:[А-ЯЁ][а-яё]+(?:ого|ым|ом|ый|ому)\s+)?(?:Конституционн\w+\s+)?"
    rf"(?:[Зз]акон(?!одат)|[Уу]каз|[Пп]остановлени|[Пп]риказ|[Кк]одекс)\w*"
    rf"(?:\s+(?:{_RU_REPUBLIC}|Президента\s+(?:{_RU_REPUBLIC})|Правительства\s+(?:{_RU_REPUBLIC})))?"
    rf"(?:\s+{_RU_DATE})?(?:\s+{_ACT_NUMBER})?(?:\s+{_QUOTED})?))"
)
_EN_EXTERNAL = re.compile(
    rf"(?P<act>(?:the\s+)?(?:Constitution(?:\s+of\s+the\s+Republic\s+of\s+Kazakhstan)?"
    rf"|(?:[A-Z][a-z]+\s+)?Code(?:\s+of\s+the\s+Republic\s+of\s+Kazakhstan)?"
    rf"|(?:Constitutional\s+)?Law(?:\s+of\s+the\s+Republic\s+of\s+Kazakhstan)?"
    rf"(?:\s+{_EN_DATE})?(?:\s+No\.?\s?[0-9][0-9A-Za-z\-]*)?(?:\s+{_QUOTED})?"
    rf"|(?:Decree|Order|Resolution)\s+of\s+the\s+(?:President|Government)[\w\s]{{0,40}}?"
    rf"(?:\s+{_EN_DATE})?(?:\s+No\.?\s?[0-9][0-9A-Za-z\-]*)?))"
)
# Kazakh names the cited act before the units, ending in its genitive: `Конституциясының`,
# `... Заңының`, `Азаматтық кодексінің`.
_KK_EXTERNAL_BEFORE = re.compile(
    rf"(?P<act>(?:(?:{_KK_DATE})\s+(?:{_ACT_NUMBER})?\s*)?(?:{_QUOTED}\s+)?(?:(?:{_KK_REPUBLIC})\s+)?"
    r"(?:(?:[А-ЯӘҒҚҢӨҰҮҺІа-яәғқңөұүһі]+\s+)?(?:[Кк]одекс(?:інің|і))"
    r"|Конституция(?:сының|ның|сы)|(?:Конституциялық\s+)?[Зз]аң(?:ының|ы)"
    r"|Жарлы(?:ғының|ғы)|[Кк]аулы(?:сының|сы)|[Бб]ұйры(?:ғының|ғы)))"
    r"(?:\s+\([^()]{1,80}\))?\s+$"
)
# Standalone citations of other acts: a law or code with a date, number or name.
_RU_ACT_CITATION = re.compile(
    rf"(?:Конституционн\w+\s+)?(?:[Зз]акон|[Уу]каз|[Пп]остановлени|[Пп]риказ)\w*"
    rf"(?:\s+(?:{_RU_REPUBLIC}|Президента\s+(?:{_RU_REPUBLIC})|Правительства\s+(?:{_RU_REPUBLIC})))"
    rf"(?:(?:\s+{_RU_DATE})(?:\s+{_ACT_NUMBER})?(?:\s+{_QUOTED})?|\s+{_QUOTED})"
    rf"|(?:[А-ЯЁ][а-яё]+(?:ого|ым|им|ом|ый|ому|ий|ая|ой)\s+)кодекс\w*\s+(?:{_RU_REPUBLIC})"
    rf"|[Кк]одекс\w*\s+(?:{_RU_REPUBLIC})\s+{_QUOTED}"
    # `Кодексом Республики Казахстан об административных правонарушениях`: the name unquoted,
    # up to the end of the clause.
    rf"|[Кк]одекс\w*\s+(?:{_RU_REPUBLIC})\s+об?\s+[а-яё]+(?:\s+(?:и\s+)?[а-яё]+){{0,6}}"
    rf"|(?:Конституционн\w+\s+)?[Зз]акон\w*\s+{_RU_DATE}\s+{_ACT_NUMBER}(?:\s+{_QUOTED})?"
)
_KK_ACT_CITATION = re.compile(
    rf"(?:(?:{_KK_DATE})\s+(?:{_ACT_NUMBER}\s+)?)?{_QUOTED}\s+(?:(?:{_KK_DATE})\w*\s+)?"
    rf"(?:{_ACT_NUMBER}\s+)?(?:{_KK_REPUBLIC})\s+"
    r"(?:Конституциялық\s+)?(?:[Зз]аң|[Кк]одекс|Жарлы|[Кк]аулы|[Бб]ұйры)\w*"
    rf"|(?:{_KK_REPUBLIC})\s+(?:[^\s,.;:«»()]+\s+){{0,5}}?[Кк]одекс\w*"
    rf"|(?:{_KK_DATE})\s+(?:{_ACT_NUMBER}\s+)?(?:{_KK_REPUBLIC}\s+)?(?:Конституциялық\s+)?[Зз]аң\w*"
)
_EN_ACT_CITATION = re.compile(
    rf"(?:Constitutional\s+)?Law\s+of\s+the\s+Republic\s+of\s+Kazakhstan"
    rf"(?:(?:\s+{_EN_DATE})(?:\s+No\.?\s?[0-9][0-9A-Za-z\-]*)?(?:\s+{_QUOTED})?|\s+{_QUOTED})"
    rf"|(?:Constitutional\s+)?Law\s+(?:{_EN_DATE})\s+No\.?\s?[0-9][0-9A-Za-z\-]*(?:\s+{_QUOTED})?"
    rf"|(?:[A-Z][a-z]+\s+)Code\s+of\s+the\s+Republic\s+of\s+Kazakhstan"
)

# --- numbers -----------------------------------------------------------------------------------

_DASH = "\u2010\u2011\u2012\u2013\u2014-"  # the hyphen last: literal in a [class]
_NUM = rf"[0-9]+(?:[.{_DASH}][0-9]+)*"
_ROMAN = r"(?:[IVXLC]+|[ІХ]+)(?![\w])"
_SUB_NUM = rf"[0-9]+(?:[{_DASH}][0-9]+)*\)"
_SEP_RU = rf"\s*,\s*|\s+(?:и|или|либо)\s+|\s*[{_DASH}]\s*|\s+по\s+"
_SEP_EN = rf"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+|\s*[{_DASH}]\s*"
_SEP_KK = rf"\s*,\s*|\s+(?:және|мен|бен|немесе|пен)\s+|\s*[{_DASH}]\s*"
_RANGE_WORDS = {"по", "to"}


# Steps, items and references are named tuples: immutable like frozen dataclasses, and made
# several times faster (a save makes thousands of them).
# `_new_tuple(Step, (kind, num, span))` makes a named tuple without the Python-level constructor
# (every field given, in order): the hot paths of a save make thousands of them.
_new_tuple = tuple.__new__


class Step(NamedTuple):
    """One unit of an address: its kind, its number as written, and where the number stands.

    `span` is the position of the number in the provision's text, or None when the unit comes
    from the context (`настоящей статьи`, or the article a bare `пункт 2` stands in).
    """

    kind: Kind
    num: str
    span: tuple[int, int] | None = None


class Item(NamedTuple):
    """One target of a reference: a path of steps, or a range from `first` to `last`."""

    first: tuple[Step, ...]
    last: tuple[Step, ...] | None = None


class Reference(NamedTuple):
    """A reference found in a provision's text.

    `scope` says what the first step is relative to: `act` (this act, or a bare reference
    read in context), or the kind of the provision it stands in (`article` for `настоящей
    статьи`). `external` is the cited act as written when the reference is to another act.
    """

    start: int
    end: int
    text: str
    items: tuple[Item, ...] = ()
    scope: str = "context"  # "act", "context", or a Kind value (relative)
    external: str | None = None

    @property
    def internal(self) -> bool:
        return self.external is None


def _word_alternation(words: Iterable[_Word]) -> str:
    return "|".join(f"(?:{word.pattern})" for word in words)


@lru_cache(maxsize=4096)
def _kind_of(word: str, language: str) -> tuple[Kind, str]:
    """The kind a unit word names, and whether the form is singular, plural or either."""
    for entry in WORDS[language]:
        if re.fullmatch(entry.pattern, word, re.IGNORECASE):
            if re.fullmatch(entry.ambiguous, word, re.IGNORECASE):
                return entry.kind, EITHER
            if re.fullmatch(entry.plural, word, re.IGNORECASE):
                return entry.kind, PLURAL
            return entry.kind, SINGULAR
    raise ValueError(f"not a unit word: {word!r}")  # pragma: no cover - the regex found it


# A unit and its numbers, Russian and English (`пунктами 2 и 3`, `Articles 5 to 8`).
_UNIT_FIRST_NUMBER = rf"(?:{_SUB_NUM}|\({_NUM}\)|\([a-z]\)|{_NUM}|{_ROMAN})"


def _unit_first_segment(language: str) -> str:
    sep = _SEP_RU if language == "ru" else _SEP_EN
    ordinals = (
        r"\w*" if language == "ru" else r"(?:one|two|three|four|five|six|seven|eight|nine|ten)"
    )
    pre = (
        r"(?:(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+)?"
        if language == "en"
        else ""
    )
    return (
        rf"(?<![\w.])(?:{pre}(?P<word>{_word_alternation(WORDS[language])})(?![\w])"
        rf"(?:\s*№)?\s+(?:с\s+)?"
        rf"(?P<nums>{_UNIT_FIRST_NUMBER}(?:(?:{sep}){_UNIT_FIRST_NUMBER})*"
        rf"(?:\({_NUM}\))*"
        rf"|(?:{'|'.join(_ORDINALS[language])}){ordinals if language == 'ru' else ''}"
        rf"(?:(?:{sep})(?:{'|'.join(_ORDINALS[language])}){ordinals if language == 'ru' else ''})*)"
        rf"(?![\w]))"
    )


def _unnamed(pattern: str) -> str:
    """A pattern with its named groups made plain groups, to repeat it in a chain."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


_RU_SEGMENT = _unit_first_segment("ru")
_EN_SEGMENT = _unit_first_segment("en")


def _numbered(pattern: str, index: int) -> str:
    """A segment pattern whose named groups carry an index (`word2`, `nums2`)."""
    return re.sub(r"\(\?P<(\w+)>", rf"(?P<\g<1>{index}>", pattern)


def _chain_pattern(segment: str, gap: str) -> str:
    """A chain of units: its first three units in named groups (`word`, `nums`, `word2`, ...,
    so that one match reads the chains acts mostly write), and any further ones after them.
    Each unit may only follow the one before, so the units are those a scan unit by unit
    finds."""
    rest = _unnamed(segment)
    return (
        rf"{segment}(?:{gap}{_numbered(segment, 2)}(?:{gap}{_numbered(segment, 3)}"
        rf"(?:{gap}{rest})*)?)?"
    )


_RU_CHAIN = re.compile(_chain_pattern(_RU_SEGMENT, r"\s+"), re.IGNORECASE)
_EN_CHAIN = re.compile(_chain_pattern(_EN_SEGMENT, r"\s+of\s+(?:the\s+)?"), re.IGNORECASE)
_RU_SEGMENT_RE = re.compile(_RU_SEGMENT, re.IGNORECASE)
_EN_SEGMENT_RE = re.compile(_EN_SEGMENT, re.IGNORECASE)

# Kazakh: `7-бабының`, `5-8-баптарында`, `2 және 3-тармақтарында`, `1), 3) және 25)
# тармақшаларында`, `бірінші бөлігінде`.
_KK_HYPHEN_WORDS = [w for w in _KK_WORDS if w.kind not in (Kind.SUBPARAGRAPH,)]
_KK_NUMLIST = rf"(?:{_NUM}|{_ROMAN})(?:(?:{_SEP_KK})(?:{_NUM}|{_ROMAN}))*"
_KK_SEGMENT = (
    rf"(?:(?P<nums>{_KK_NUMLIST})\s?[{_DASH}]\s?(?P<word>{_word_alternation(_KK_HYPHEN_WORDS)})"
    rf"|(?P<subnums>{_SUB_NUM}(?:(?:{_SEP_KK}){_SUB_NUM})*)\s+(?P<subword>тармақша\w*)"
    rf"|(?P<ordnums>(?:{'|'.join(_ORDINALS['kk'])})(?:(?:{_SEP_KK})(?:{'|'.join(_ORDINALS['kk'])}))*)"
    rf"\s+(?P<ordword>бөлі(?:к|г)\w*|абзац\w*))"
)
_KK_SEGMENT_RE = re.compile(_KK_SEGMENT, re.IGNORECASE)
_KK_CHAIN = re.compile(rf"(?<![\w]){_KK_SEGMENT}(?:\s+{_unnamed(_KK_SEGMENT)})*", re.IGNORECASE)

# What follows (ru, en) or precedes (kk) the units.
_RU_AFTER_INTERNAL = re.compile(
    rf"\s+(?:{_RU_THIS})\s+(?P<what>{'|'.join(_RU_RELATIVE.values())}|{_RU_ACT_WORDS})(?![\w])",
    re.IGNORECASE,
)
_EN_AFTER_INTERNAL = re.compile(
    rf"\s+(?:of|to|in|under)\s+(?:this|these|the\s+present)\s+(?P<what>{_EN_ACT_WORDS}"
    rf"|{'|'.join(_EN_RELATIVE.values())})(?![\w])",
    re.IGNORECASE,
)
_EN_AFTER_EXTERNAL = re.compile(r"\s+(?:of|to|in|under)\s+")
_KK_BEFORE_INTERNAL = re.compile(
    rf"(?:осы|Осы|ОСЫ)\s+(?P<what>{_KK_ACT_WORDS}|{'|'.join(_KK_RELATIVE.values())})\s+$"
)
_RU_ANNEX_TO = re.compile(rf"\s+к\s+(?:{_RU_THIS})\s+(?P<what>{_RU_ACT_WORDS})", re.IGNORECASE)

# An act named before in the text (`статьей 26 указанных Правил`, `of the said Rules`,
# `аталған Қағидалардың 26-бабында`): another act, as written.
_OTHER_ACT_AFTER = {
    "ru": re.compile(
        rf"\s+(?P<act>(?:указанн|названн|упомянут|соответствующ)\w*\s+(?:{_RU_ACT_WORDS}))(?![\w])",
        re.IGNORECASE,
    ),
    "en": re.compile(
        rf"\s+(?:of|to|in|under)\s+(?P<act>(?:the\s+)?(?:said|aforementioned|those|that)"
        rf"\s+(?:{_EN_ACT_WORDS}))(?![\w])",
        re.IGNORECASE,
    ),
}
_KK_OTHER_BEFORE = re.compile(
    rf"(?P<act>(?:[Аа]тал|[Кк]өрсетіл|[Жж]оғарыда\s+атал)ған\s+(?:{_KK_ACT_WORDS}))\s+$"
)

_RELATIVE_BY_LANGUAGE = {"ru": _RU_RELATIVE, "en": _EN_RELATIVE, "kk": _KK_RELATIVE}


@lru_cache(maxsize=1024)
def _relative_kind(word: str, language: str) -> Kind | None:
    """The kind a relative qualifier names (`статьи` in `настоящей статьи`), if any."""
    for kind, pattern in _RELATIVE_BY_LANGUAGE[language].items():
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return kind
    return None


# --- finding -----------------------------------------------------------------------------------


# Words one of which every citation of another act holds (lower case).
_ACT_STEMS = {
    "ru": ("закон", "кодекс", "указ", "постановлен", "приказ"),
    "kk": ("заң", "кодекс", "жарлы", "қаулы", "бұйры"),
    "en": ("law", "code"),
}
# Where a chain of units can start: the regexes run from these places only, not at every
# character (a reference is a few words of a long text).
_CHAIN_STARTS = {
    "ru": re.compile(
        r"(?<![\w.])(?:подпункт|пункт|стать|статей|част|абзац|глав|раздел|приложени"
        r"|подп\.|пп\.|п\.|ст\.|ч\.|гл\.)",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"(?<![\w.])(?:(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+)?"
        r"(?:sub-?para|sub-?point|para|point|art|part|chapter|section|annex|appendi)",
        re.IGNORECASE,
    ),
}


def find_references(text: str, language: str) -> list[Reference]:
    """Every reference in one provision's text, in order of appearance."""
    if language not in LANGUAGES:
        raise ValueError(f"References are read in {', '.join(LANGUAGES)}, not {language!r}.")
    return list(_found_in(text, language))


# What a text holds depends on the text alone, and most of a version's texts are those of the
# version before (a save changes a few provisions): read each distinct text once per process.
@lru_cache(maxsize=50_000)
def _found_in(text: str, language: str) -> tuple[Reference, ...]:
    return tuple(_read(text, language))


# The provision a reference stands in, named without a number: `настоящей статьей`, `осы
# бапта`, `this Article` (the article it stands in), `настоящим пунктом`, `осы тармақта`,
# `this paragraph`, `настоящего подпункта`. Singular forms only: `настоящими статьями` names
# no one provision. Where such words qualify numbered units (`пункта 2 настоящей статьи`,
# `осы баптың 2-тармағы`), the chain of units holds them already.
_SELF_WORD = {"ru": "настоящ", "kk": "осы", "en": "th"}  # each match starts with it
_SELF = {
    "ru": re.compile(
        r"(?<![\w])настоящ(?:ая|ей|ею|ую)\s+(?P<article>стать(?:я|и|е|ю|ей|ёй|ею))(?![\w])"
        r"|(?<![\w])настоящ(?:ий|его|ему|им|ем)\s+"
        r"(?:(?P<subparagraph>подпункт(?:а|у|ом|е)?)|(?P<paragraph>пункт(?:а|у|ом|е)?))(?![\w])",
        re.IGNORECASE,
    ),
    "kk": re.compile(
        r"(?<![\w])осы\s+(?:(?P<article>ба(?:п|б)(?!тар)\w*)"
        r"|(?P<subparagraph>тармақша(?!лар)\w*)|(?P<paragraph>тарма(?:қ|ғ)(?!ша|тар)\w*))",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"(?<![\w])(?:this|the\s+present)\s+(?:(?P<article>Article)"
        r"|(?P<subparagraph>sub-?paragraph)|(?P<paragraph>paragraph))(?![\w-])",
        re.IGNORECASE,
    ),
}
_SELF_ITEMS = (_new_tuple(Item, ((), None)),)  # no step: the provision of the scope itself


def _with_self_references(
    text: str, lowered: str, language: str, found: list[Reference]
) -> list[Reference]:
    """`found` and the unnumbered self-references of a text outside them, in order."""
    pattern = _SELF[language]
    matches: Iterable[re.Match[str] | None]
    if language == "en" or len(lowered) != len(text):
        matches = pattern.finditer(text)
    else:  # tried only where the word they start with stands (and no reference does)
        word = _SELF_WORD[language]
        spans = [(ref.start, ref.end) for ref in found]
        starts = []
        position = lowered.find(word)
        while position >= 0:
            for start, end in spans:
                if start <= position < end:
                    break
            else:
                starts.append(position)
            position = lowered.find(word, position + 1)
        matches = [pattern.match(text, start) for start in starts]
    added = False
    for match in matches:
        if match is None:
            continue
        start, end = match.span()
        if any(ref.start < end and start < ref.end for ref in found):
            continue  # the qualifier of numbered units (`пункта 2 настоящей статьи`)
        scope = match.lastgroup or "article"
        found.append(_new_tuple(Reference, (start, end, match.group(0), _SELF_ITEMS, scope, None)))
        added = True
    if added:
        found.sort(key=lambda ref: ref.start)
    return found


def clear_caches() -> None:
    """Forget every text, list and word read so far (a benchmark's first save)."""
    for cached in (_found_in, _number_list, _kind_of, _relative_kind, _key):
        cached.cache_clear()


def _read(text: str, language: str) -> list[Reference]:
    lowered = text.lower()
    found = _read_units(text, lowered, language)
    if _SELF_WORD[language] in lowered:
        found = _with_self_references(text, lowered, language, found)
    return found


def _read_units(text: str, lowered: str, language: str) -> list[Reference]:
    anchors = _ru_anchors(text, lowered) if language == "ru" else None
    if anchors is not None:
        if not anchors[0] and not anchors[1]:
            return []  # nothing can start here (every anchor word holds a stem of `_may_refer`)
    elif not _may_refer(lowered):
        return []
    if language == "kk":
        found = _find_kk(text)
    else:
        starts = anchors[0] if anchors is not None else _regex_starts(text, language)
        found = _find_unit_first(text, language, starts)
    if len(found) > 1:
        found = _share_qualifiers(text, found, forward=language == "kk")
    if anchors is not None:
        citations = anchors[1]
        if citations and found:
            citations = _not_all_taken(citations, found)
        if not citations:
            return found  # no word that starts a citation of another act (found is in order)
        matches: Iterable[re.Match[str]] = _matches_at(text, _RU_ACT_CITATION, citations)
    elif any(stem in lowered for stem in _ACT_STEMS[language]):
        matches = {"kk": _KK_ACT_CITATION, "en": _EN_ACT_CITATION, "ru": _RU_ACT_CITATION}[
            language
        ].finditer(text)
    else:
        return found  # no word that starts a citation of another act
    taken = [(ref.start, ref.end) for ref in found]
    for match in matches:
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        found.append(Reference(start, end, match.group(0), (), "act", match.group(0)))
    found.sort(key=lambda ref: ref.start)
    return found


def _not_all_taken(starts: list[int], found: list[Reference]) -> list[int]:
    """`starts` up to the last that stands outside every reference found (`настоящего Закона`
    is a reference's end, not a citation). A citation found from a later start would overlap a
    reference and be dropped, and could only hide the starts after it: there are none."""
    spans = [(ref.start, ref.end) for ref in found]
    last = len(starts)
    while last:
        position = starts[last - 1]
        for start, end in spans:
            if start <= position < end:
                break
        else:
            break  # this start stands outside every reference
        last -= 1
    return starts[:last]


# Russian: where a chain of units or a citation of another act can start, found by one scan of
# the lower-cased text for the words they start with (a scan of plain words is several times
# faster than running the full patterns, which have no literal prefix, at every character).
# The full patterns then run from those places only: every place they could match is among
# them, so what is found is exactly what a scan of the whole text finds.
_RU_UNIT_STARTS = (
    "подпункт", "пункт", "стать", "статей", "част", "абзац", "глав", "раздел", "приложени",
    "подп.", "пп.", "п.", "ст.", "ч.", "гл.",
)  # fmt: skip
_RU_CITATION_STARTS = ("конституционн", "закон", "указ", "постановлени", "приказ", "кодекс")


def _trie(words: Iterable[str]) -> str:
    r"""An alternation of words (none a prefix of another) written as a tree of their shared
    beginnings (`п(?:ункт|одп(?:ункт|\.))`): the scan tries one branch where they agree."""
    words = tuple(words)
    if any(a != b and b.startswith(a) for a in words for b in words):
        raise ValueError("a word of the tree begins another")
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + emit(below) for char, below in sorted(node.items())]
        if len(branches) <= 1:
            return "".join(branches)
        return "(?:" + "|".join(branches) + ")"

    return emit(tree)


# One scan finds both kinds of word (they never overlap, and none is a prefix of another);
# a unit word counts only where no word character or dot precedes it.
_RU_ANCHORS = re.compile(_trie((*_RU_UNIT_STARTS, *_RU_CITATION_STARTS)))
_RU_CITATION_WORDS = frozenset(_RU_CITATION_STARTS)
# Characters outside these blocks may match a letter of the words under IGNORECASE while
# `str.lower` leaves them apart (the old Cyrillic `ᲀ` matches `в`): such a text takes the full
# scan. (Latin folds such as `ſ` to `s` do not matter: the words are Cyrillic.)
_PLAIN_SCRIPT = re.compile("[^\x00-\u024f\u0400-\u04ff\u2000-\u206f\u2116]")
_RU_UPPER = frozenset("АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЁ")
_RU_LOWER = frozenset("абвгдежзийклмнопрстуфхцчшщъыьэюяё")


def _ru_anchors(text: str, lowered: str) -> tuple[list[int], list[int]] | None:
    """Where a Russian chain of units, and a citation of another act, may start; None when
    the lower-cased text cannot stand for the text (then the full patterns scan it)."""
    if len(lowered) != len(text) or _PLAIN_SCRIPT.search(text):
        return None
    units: list[int] = []
    citations: list[int] = []
    for match in _RU_ANCHORS.finditer(lowered):
        start = match.start()
        if match.group() in _RU_CITATION_WORDS:
            citations.append(start)
        elif start == 0 or not ((before := lowered[start - 1]).isalnum() or before in "_."):
            units.append(start)  # `(?<![\w.])`
    if citations and "кодекс" in lowered:
        # `Гражданского кодекса`: the name starts at its adjective
        for start in [start for start in citations if lowered.startswith("кодекс", start)]:
            adjective = _adjective_before(text, start)
            if adjective is not None:
                citations.append(adjective)
        citations.sort()
    return units, citations


def _adjective_before(text: str, start: int) -> int | None:
    r"""Where `[А-ЯЁ][а-яё]+\s+` ending at `start` begins, if it does."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == start:
        return None
    begin = end
    while begin > 0 and text[begin - 1] in _RU_LOWER:
        begin -= 1
    if begin == end or begin == 0 or text[begin - 1] not in _RU_UPPER:
        return None
    return begin - 1


def _matches_at(text: str, pattern: re.Pattern[str], starts: list[int]) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text)` finds, trying only at `starts` (every place it can match;
    the pattern has no look-behind and matches no empty string)."""
    end = 0
    for start in starts:
        if start < end:
            continue
        match = pattern.match(text, start)
        if match is not None:
            end = match.end()
            yield match


def _regex_starts(text: str, language: str) -> list[int]:
    return [match.start() for match in _CHAIN_STARTS[language].finditer(text)]


_CONJUNCTION = re.compile(
    r"\s*(?:,|;)?\s*(?:(?:и\s*\(или\)|и|или|либо|а\s+также|and/or|and|or|as\s+well\s+as"
    r"|және|мен|бен|пен|немесе)(?:\s+(?:в|во|с|со|по|к|by|in|of|under|to|for))?|,)?\s*",
    re.IGNORECASE,
)
# How far out a unit stands: an article holds paragraphs, which hold sub-paragraphs.
_RANK = {
    Kind.SECTION: 6, Kind.CHAPTER: 5, Kind.ANNEX: 5, Kind.ARTICLE: 4,
    Kind.PART: 3, Kind.PARAGRAPH: 3, Kind.SUBPARAGRAPH: 2,
}  # fmt: skip


def _share_qualifiers(text: str, found: list[Reference], *, forward: bool) -> list[Reference]:
    """Units joined by a conjunction share what the last of them (Kazakh: the first) belongs
    to, and the units above them it names: `подпунктом 7) статьи 53 и пунктом 7 статьи 61
    Конституции` (both of the Constitution), `sub-paragraph 5) of paragraph 1 and paragraph 2
    of Article 24` (both of Article 24)."""
    order = range(1, len(found)) if forward else range(len(found) - 2, -1, -1)
    for index in order:
        current = found[index]
        donor = found[index - 1] if forward else found[index + 1]
        between = text[donor.end : current.start] if forward else text[current.end : donor.start]
        if current.scope != "context" or current.external:
            continue
        if not _CONJUNCTION.fullmatch(between):
            continue
        items = () if donor.external else _with_outer_units(current.items, donor.items)
        found[index] = Reference(
            current.start, current.end, current.text, items, donor.scope, donor.external
        )
    return found


def _with_outer_units(items: tuple[Item, ...], donor: tuple[Item, ...]) -> tuple[Item, ...]:
    """`items` under the units of `donor` that stand above their outermost unit."""
    if not items or not donor:
        return items
    rank = _RANK.get(items[0].first[0].kind, 0)
    above = tuple(step for step in donor[0].first if _RANK.get(step.kind, 0) > rank)
    if not above:
        return items
    return tuple(
        Item((*above, *item.first), (*above, *item.last) if item.last else None) for item in items
    )


def _chains(text: str, chain_re: re.Pattern[str], starts: Iterable[int]):
    """The chains of units in a text, tried only where a unit word starts."""
    end = 0
    for start in starts:
        if start < end:
            continue
        chain = chain_re.match(text, start)
        if chain is not None:
            end = chain.end()
            yield chain


def _chain_units(
    text: str, chain: re.Match[str], language: str
) -> list[tuple[str, str, int]] | None:
    """The units of a chain as (word, numbers, where the numbers start), in text order."""
    if chain.start("word2") < 0:
        return [(chain["word"], chain["nums"], chain.start("nums"))]
    if chain.start("word3") < 0:
        return [
            (chain["word"], chain["nums"], chain.start("nums")),
            (chain["word2"], chain["nums2"], chain.start("nums2")),
        ]
    if chain.end() == chain.end("nums3"):
        return [
            (chain["word"], chain["nums"], chain.start("nums")),
            (chain["word2"], chain["nums2"], chain.start("nums2")),
            (chain["word3"], chain["nums3"], chain.start("nums3")),
        ]
    segment_re = _RU_SEGMENT_RE if language == "ru" else _EN_SEGMENT_RE
    return [
        (segment["word"], segment["nums"], segment.start("nums"))
        for segment in _segments(text, chain, segment_re, _GAPS[language])
    ]


def _chain_items(units: list[tuple[str, str, int]], language: str) -> tuple[Item, ...] | None:
    """The targets of a chain's units (None when a unit's numbers are no numbers)."""
    steps = []
    for word, nums, offset in reversed(units):  # smallest unit first: the address runs back
        if not (nums.isdigit() and nums.isascii()):
            break
        span = (offset, offset + len(nums))
        steps.append(_new_tuple(Step, (_kind_of(word, language)[0], nums, span)))
    else:  # `пункта 2 статьи 7`: one plain number a unit, the most of them
        return (_new_tuple(Item, (tuple(steps), None)),)
    levels = []
    for word, nums, offset in reversed(units):  # smallest unit first: the address runs back
        kind, number = _kind_of(word, language)
        level = _numbers(kind, nums, offset, _SEP_RU if language == "ru" else _SEP_EN,
                         number, language)  # fmt: skip
        if level is None:
            return None
        levels.append(level)
    return _items(levels) if levels else None


def _find_unit_first(text: str, language: str, starts: Iterable[int]) -> list[Reference]:
    chain_re = _RU_CHAIN if language == "ru" else _EN_CHAIN
    after_internal = _RU_AFTER_INTERNAL if language == "ru" else _EN_AFTER_INTERNAL
    other_act = _OTHER_ACT_AFTER[language]
    references: list[Reference] = []
    for chain in _chains(text, chain_re, starts):
        units = _chain_units(text, chain, language)
        if not units:
            continue
        items = _chain_items(units, language)
        if items is None:
            continue
        start = chain.start()
        end = chain.end()
        scope = "context"
        external = None
        if match := after_internal.match(text, end):
            relative = _relative_kind(match["what"], language)
            scope = relative.value if relative else "act"
            end = match.end()
        elif other := other_act.match(text, end):
            external = other["act"].strip()
            end = other.end()
        elif language == "ru" and (match := _RU_ANNEX_TO.match(text, end)):
            scope = "act"
            end = match.end()
        else:
            external_match = _external_after(text, end, language)
            if external_match is not None:
                external = external_match.group("act").strip()
                end = external_match.end("act")
        if external:
            items, scope = (), "act"
        references.append(
            _new_tuple(Reference, (start, end, text[start:end], items, scope, external))
        )
    return references


# What stands between the units of a chain.
_GAPS = {"ru": re.compile(r"\s+"), "en": re.compile(r"\s+of\s+(?:the\s+)?", re.IGNORECASE)}


def _segments(
    text: str, chain: re.Match[str], segment_re: re.Pattern[str], gap: re.Pattern[str]
) -> list[re.Match[str]]:
    """The units of a chain, as `segment_re.finditer` over the chain finds them: one after
    another, each where the gap after the one before ends (a unit starts with its word)."""
    end = chain.end()
    if end == chain.end("nums"):
        return [chain]  # one unit: the chain's named groups are its word and numbers
    segments = []
    position = chain.start()
    while position < end and (segment := segment_re.match(text, position, end)) is not None:
        segments.append(segment)
        between = gap.match(text, segment.end(), end)
        if between is None:
            break
        position = between.end()
    return segments


def _external_after(text: str, end: int, language: str) -> re.Match[str] | None:
    """The other act named right after the units (`статьи 61 Конституции`), if any."""
    if language == "ru":
        if not text.startswith(" ", end):
            return None
        match = _RU_EXTERNAL.match(text, end + 1)
        if match and match.group("act").strip() and _looks_like_act(match.group("act")):
            return match
        return None
    head = _EN_AFTER_EXTERNAL.match(text, end)
    if head is None:
        return None
    match = _EN_EXTERNAL.match(text, head.end())
    if match and match.group("act").strip():
        return match
    return None


def _looks_like_act(cited: str) -> bool:
    """A bare `Закона` cites an act only with more: a republic, date, number or name."""
    cited = cited.strip()
    if cited.lower().startswith(("конституци", "кодекс")) or " " in cited:
        return True
    return bool(re.search(r"кодекс", cited, re.IGNORECASE))


def _find_kk(text: str) -> list[Reference]:
    references: list[Reference] = []
    for chain in _KK_CHAIN.finditer(text):
        segments = list(_KK_SEGMENT_RE.finditer(text, chain.start(), chain.end()))
        levels = [_kk_segment_levels(seg) for seg in segments]
        if not levels or any(level is None for level in levels):
            continue
        before = text[max(0, chain.start() - 400) : chain.start()]
        start = chain.start()
        scope = "context"
        external = None
        if match := _KK_BEFORE_INTERNAL.search(before):
            relative = _relative_kind(match["what"], "kk")
            scope = relative.value if relative else "act"
            start -= len(before) - match.start()
        elif (match := _KK_OTHER_BEFORE.search(before)) or (
            match := _KK_EXTERNAL_BEFORE.search(before)
        ):
            external = match["act"].strip()
            start -= len(before) - match.start()
        references.append(
            Reference(
                start,
                chain.end(),
                text[start : chain.end()],
                () if external else _items(levels),
                "act" if external else scope,
                external,
            )
        )
    return references


class _Level(NamedTuple):
    """One unit of a chain as read: its kind and its numbers with where each stands."""

    kind: Kind
    numbers: tuple[tuple[str, tuple[int, int]], ...]
    ranges: frozenset[int] = frozenset()  # i: numbers[i]..[i+1] is a range
    # `Article 7(2)(4)`: the numbers in brackets, of the units below this one.
    brackets: tuple[tuple[str, tuple[int, int]], ...] = ()


_NO_RANGES: frozenset[int] = frozenset()
_FIRST_IS_A_RANGE = frozenset((0,))


def _unit_level(word: str, nums: str, offset: int, language: str) -> _Level | None:
    """One unit of a chain (`Article 7(2)(1)`: the bracketed numbers are the paragraph and
    sub-paragraph below), its numbers placed at `offset`."""
    kind, number = _kind_of(word, language)
    sep = _SEP_RU if language == "ru" else _SEP_EN
    return _numbers(kind, nums, offset, sep, number, language)


def _kk_segment_levels(segment: re.Match[str]) -> _Level | None:
    if segment["word"]:
        kind, number = _kind_of(segment["word"], "kk")
        return _numbers(kind, segment["nums"], segment.start("nums"), _SEP_KK, number, "kk")
    if segment["subword"]:
        _, number = _kind_of(segment["subword"], "kk")
        return _numbers(
            Kind.SUBPARAGRAPH, segment["subnums"], segment.start("subnums"), _SEP_KK, number, "kk"
        )
    _, number = _kind_of(segment["ordword"], "kk")
    return _numbers(Kind.PART, segment["ordnums"], segment.start("ordnums"), _SEP_KK, number, "kk")


@lru_cache(maxsize=8)
def _number_tokens(sep: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?P<open>\()|(?P<close>\))|(?P<sep>{sep})|(?P<tok>{_NUM}|{_ROMAN}|[^\W_]+)",
        re.IGNORECASE,
    )


def _numbers(
    kind: Kind, nums_text: str, offset: int, sep: str, number: str, language: str
) -> _Level | None:
    """The numbers of one unit (`2`, `1) и 2)`, `5-8`, `7(2)`), placed at `offset`."""
    if nums_text.isascii():
        if nums_text.isdigit():  # one plain number: the most of them
            span = (offset, offset + len(nums_text))
            return _new_tuple(_Level, (kind, ((nums_text, span),), _NO_RANGES, ()))
        if nums_text[-1] == ")" and nums_text[:-1].isdigit():  # one sub-paragraph: `2)`
            span = (offset, offset + len(nums_text) - 1)
            return _new_tuple(_Level, (kind, ((nums_text[:-1], span),), _NO_RANGES, ()))
        dash = nums_text.find("-")
        if dash > 0 and nums_text[:dash].isdigit() and nums_text[dash + 1 :].isdigit():
            # `5-8`: a range after a plural word (`статьями 5-8`), else one number (`4-1`)
            low, high = nums_text[:dash], nums_text[dash + 1 :]
            end = offset + len(nums_text)
            if number == PLURAL or (number == EITHER and int(high) > int(low)):
                numbers = ((low, (offset, offset + dash)), (high, (offset + dash + 1, end)))
                return _new_tuple(_Level, (kind, numbers, _FIRST_IS_A_RANGE, ()))
            return _new_tuple(_Level, (kind, ((nums_text, (offset, end)),), _NO_RANGES, ()))
    read = _number_list(kind, nums_text, sep, number, language)
    if read is None:
        return None
    numbers, ranges, brackets = read
    return _new_tuple(
        _Level,
        (
            kind,
            tuple([(num, (start + offset, end + offset)) for num, (start, end) in numbers]),
            ranges,
            tuple([(num, (start + offset, end + offset)) for num, (start, end) in brackets])
            if brackets
            else (),
        ),
    )


_Numbers = tuple[tuple[str, tuple[int, int]], ...]


# The same lists (`1) и 2)`, `пунктами 1 и 2`) recur through an act: read each once.
@lru_cache(maxsize=4096)
def _number_list(
    kind: Kind, nums_text: str, sep: str, number: str, language: str
) -> tuple[_Numbers, frozenset[int], _Numbers] | None:
    """The numbers of a list as written, where each stands in it, which of them open a range,
    and the numbers in brackets after an article (`7(2)`)."""
    offset = 0
    numbers: list[tuple[str, tuple[int, int]]] = []
    ranges: set[int] = set()
    pending_range = False
    brackets: list[tuple[str, tuple[int, int]]] = []
    position = 0
    depth_bracket = False
    for match in _number_tokens(sep).finditer(nums_text):
        if match["open"]:
            depth_bracket = True
            continue
        if match["close"]:
            depth_bracket = False
            continue
        if match["sep"] is not None:
            separator = match["sep"].strip().lower()
            if separator in _RANGE_WORDS or (separator and separator[0] in _DASH):
                pending_range = True
            continue
        token = match["tok"]
        span = (offset + match.start("tok"), offset + match.end("tok"))
        num = _normal_number(token, kind, language)
        if num is None:
            return None
        if depth_bracket and numbers and kind is Kind.ARTICLE:
            brackets.append((num, span))  # `Article 7(2)`
            continue
        if pending_range and numbers:
            ranges.add(len(numbers) - 1)
        pending_range = False
        numbers.append((num, span))
        position = match.end()
    del position
    if not numbers:
        return None
    # One hyphenated number after a plural word is a range: `статьями 5-8`, `5-8-баптарында`.
    if len(numbers) == 1 and not brackets:
        num, (start, end) = numbers[0]
        parts = _DASHES_RE.split(num)
        if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
            low, high = int(parts[0]), int(parts[1])
            if number == PLURAL or (number == EITHER and high > low):
                split = start + len(parts[0])
                raw = nums_text[split - offset :]
                gap = len(raw) - len(raw.lstrip(_DASH + " "))
                numbers = [(parts[0], (start, split)), (parts[1], (split + gap, end))]
                ranges = {0}
    return tuple(numbers), frozenset(ranges), tuple(brackets)


_PLAIN_NUMBER = str.maketrans({"І": "I", "Х": "X"} | dict.fromkeys(_DASH, "-"))
_DASHES_RE = re.compile(f"[{_DASH}]")


def _normal_number(token: str, kind: Kind, language: str) -> str | None:
    """A number as a provision's `num` would hold it, or None if the token is not one."""
    token = token.translate(_PLAIN_NUMBER)
    if token[0].isdigit():
        return token
    if roman_to_int(token) is not None and kind in (Kind.CHAPTER, Kind.SECTION, Kind.ANNEX):
        return str(roman_to_int(token))
    lowered = token.lower()
    for index, stem in enumerate(_ORDINALS[language]):
        if lowered.startswith(stem):
            return str(index + 1)
    if language == "en" and lowered in _EN_ORDINAL_ADJECTIVES:
        return str(_EN_ORDINAL_ADJECTIVES.index(lowered) + 1)
    if language == "en" and len(lowered) == 1 and lowered.isalpha():
        return str(ord(lowered) - ord("a") + 1)
    return None


def _items(levels: Sequence[_Level]) -> tuple[Item, ...]:
    """The targets of a chain of levels (outermost first): every number of the innermost
    level under the single path above it; a range stays one item from first to last."""
    steps = []
    for level in levels:
        if len(level.numbers) != 1 or level.brackets:
            break
        num, span = level.numbers[0]
        steps.append(_new_tuple(Step, (level.kind, num, span)))
    else:  # `пункта 2 статьи 7`: one number a unit, the most of them
        return (_new_tuple(Item, (tuple(steps), None)),)
    path: list[Step] = []
    for level in levels[:-1]:
        num, span = level.numbers[0]
        path.append(_new_tuple(Step, (level.kind, num, span)))
        for num, span in level.brackets:
            path.append(_new_tuple(Step, (_below(path[-1].kind), num, span)))
    innermost = levels[-1]
    brackets = innermost.brackets
    if brackets:
        num, span = innermost.numbers[0]
        path.append(_new_tuple(Step, (innermost.kind, num, span)))
        kind = innermost.kind
        for num, span in brackets:
            kind = _below(kind)
            path.append(_new_tuple(Step, (kind, num, span)))
        return (_new_tuple(Item, (tuple(path), None)),)
    items: list[Item] = []
    index = 0
    numbers = innermost.numbers
    while index < len(numbers):
        num, span = numbers[index]
        first = (*path, _new_tuple(Step, (innermost.kind, num, span)))
        if index in innermost.ranges and index + 1 < len(numbers):
            end_num, end_span = numbers[index + 1]
            last = (*path, _new_tuple(Step, (innermost.kind, end_num, end_span)))
            items.append(_new_tuple(Item, (first, last)))
            index += 2
        else:
            items.append(_new_tuple(Item, (first, None)))
            index += 1
    return tuple(items)


def _below(kind: Kind) -> Kind:
    return {Kind.ARTICLE: Kind.PARAGRAPH, Kind.PARAGRAPH: Kind.SUBPARAGRAPH}.get(
        kind, Kind.SUBPARAGRAPH
    )


# --- resolving ---------------------------------------------------------------------------------

# Kinds numbered through the whole act (outside annexes), found from the act's root.
_ACT_WIDE = frozenset((Kind.SECTION, Kind.CHAPTER, Kind.ARTICLE, Kind.ANNEX))
_KINDS = {kind.value: kind for kind in Kind}  # a relative scope's kind by its value
# The kind a bare reference's first unit is read under: `пункт 2` in the article it stands in.
_CONTEXT_PARENT = {
    Kind.PARAGRAPH: Kind.ARTICLE,
    Kind.SUBPARAGRAPH: Kind.PARAGRAPH,
    Kind.PART: Kind.ARTICLE,
}


class Resolved(NamedTuple):
    """A reference with the provisions it names: `targets` one eId (or None) per item, and
    every eId a range covers in `covered`; `steps` maps each numbered step to its provision
    (empty when the resolver was not asked for them)."""

    reference: Reference
    source: str  # the eId of the provision the reference stands in
    targets: list[str | None]
    covered: list[str]
    steps: dict[tuple[int, int], Provision]

    @property
    def status(self) -> str:
        if self.reference.external is not None:
            return "external"
        return "resolved" if self.targets and all(self.targets) else "broken"

    @property
    def target(self) -> str | None:
        if self.reference.external is not None or not self.targets:
            return None
        return self.targets[0]


_UNSEEN = object()


class Resolver:
    """Finds provisions of one version's tree by kind and number."""

    def __init__(self, provisions: Sequence[Provision]) -> None:
        self.top = list(provisions)
        self.parent: dict[int, Provision | None] = {}
        self.ordinal: dict[int, int] = {}  # id(part) -> its position among its parent's parts
        self.act_wide: dict[tuple[Kind, str], Provision] = {}
        self.by_eid: dict[str, Provision] = {}
        self.order: dict[Kind, tuple[list[Provision], dict[int, int]]] = {}

        parents, by_eid, ordinal, act_wide = self.parent, self.by_eid, self.ordinal, self.act_wide

        def visit(nodes: Sequence[Provision], parent: Provision | None, in_annex: bool) -> None:
            counts: dict[Kind, int] = {}
            for node in nodes:
                kind = node.kind
                parents[id(node)] = parent
                by_eid[node.eid] = node
                counts[kind] = count = counts.get(kind, 0) + 1
                ordinal[id(node)] = count
                if (
                    node.num
                    and kind in _ACT_WIDE
                    and (not in_annex or kind is Kind.ANNEX)
                    and (kind, key := _key(node.num)) not in act_wide
                ):
                    act_wide[(kind, key)] = node
                if node.children:
                    visit(node.children, node, in_annex or kind is Kind.ANNEX)

        visit(self.top, None, False)
        self.in_order: list[Provision] = list(self.by_eid.values())  # document order
        self._found: dict[tuple[int, Kind, str], Provision | None] = {}
        self._above: dict[tuple[int, Kind], object] = {}
        annexes = [node for node in self.top if node.kind is Kind.ANNEX]
        if len(annexes) == 1:  # `приложение к настоящему приказу`: the only annex
            self.act_wide.setdefault((Kind.ANNEX, "1"), annexes[0])

    def ancestor(self, node: Provision, kind: Kind) -> Provision | None:
        """The provision itself or the nearest one above it of this kind."""
        if node.kind is kind:
            return node
        memo = (id(node), kind)
        found = self._above.get(memo, _UNSEEN)
        if found is _UNSEEN:
            current: Provision | None = node
            while current is not None and current.kind is not kind:
                current = self.parent.get(id(current))
            found = self._above[memo] = current
        return found  # type: ignore[return-value]

    def find(self, scope: Provision | None, kind: Kind, num: str) -> Provision | None:
        """The provision of this kind and number at or below `scope` (the act when None),
        nearest first; unnumbered parts are numbered by their position."""
        memo = (id(scope), kind, num)  # a number as written: most are written alike
        found = self._found.get(memo, _UNSEEN)
        if found is _UNSEEN:
            key = _key(num)
            if scope is None and kind in _ACT_WIDE:
                found = self.act_wide.get((kind, key))
            else:
                found = self._search(scope, kind, key, num)
            self._found[memo] = found
        return found  # type: ignore[return-value]

    def _search(self, scope: Provision | None, kind: Kind, key: str, num: str) -> Provision | None:
        level = list(scope.children if scope is not None else self.top)
        while level:
            for node in level:
                if node.kind is kind and (
                    _key(node.num) == key
                    if node.num
                    else str(self.ordinal[id(node)]) == key and kind is Kind.PART
                ):
                    return node
            level = [
                child
                for node in level
                if node.kind is not Kind.ANNEX and node.kind is not kind
                for child in node.children
            ]
        if kind is Kind.PART:
            # Codes number their parts ("часть 2 статьи 5" is the article's "2."), and an
            # abzac of a paragraph is a line of its text: both stand in the nearest provision.
            return self.find(scope, Kind.PARAGRAPH, num) or scope
        return None

    def resolve(self, reference: Reference, source: Provision, *, steps: bool = True) -> Resolved:
        """The provisions a reference found in `source` names, in this tree (and, unless
        `steps` is false, the provision each number of it names: renumbering needs them)."""
        seen: dict[tuple[int, int], Provision] | None = {} if steps else None
        resolved = _new_tuple(
            Resolved, (reference, source.eid, [], [], {} if seen is None else seen)
        )
        if reference.external is not None:
            return resolved
        targets, covered = resolved.targets, resolved.covered
        scope_name = reference.scope
        for item in reference.items:
            first = self._walk(item.first, scope_name, source, seen)
            if item.last is None:
                if first is None:
                    targets.append(None)
                else:
                    targets.append(first.eid)
                    covered.append(first.eid)
                continue
            last = self._walk(item.last, scope_name, source, seen)
            targets.append(first.eid if first and last else None)
            if first and last:
                covered.extend(self._between(first, last))
        return resolved

    def _walk(
        self,
        steps: Sequence[Step],
        scope_name: str,
        source: Provision,
        seen: dict[tuple[int, int], Provision] | None,
    ) -> Provision | None:
        node: Provision | None = None
        if scope_name == "context":
            if steps:
                container = _CONTEXT_PARENT.get(steps[0].kind)
                if container is not None:
                    node = self.ancestor(source, container)
                    if node is None and container is Kind.PARAGRAPH:
                        node = self.ancestor(source, Kind.ARTICLE)
        elif scope_name != "act":
            node = self.ancestor(source, _KINDS[scope_name])
            if node is None:
                return None
        fallback = scope_name == "context" and node is not None
        memo = self._found
        for kind, num, span in steps:
            found = memo.get((id(node), kind, num), _UNSEEN)  # `find`, its memo read here
            if found is _UNSEEN:
                found = self.find(node, kind, num)
            if found is None and fallback:
                found = self.find(None, kind, num)  # `пункт 15` of rules: act-wide
            if found is None:
                return None
            fallback = False
            if seen is not None and span is not None:
                seen[span] = found
            node = found
        return node  # type: ignore[return-value]

    def _between(self, first: Provision, last: Provision) -> list[str]:
        """The eIds of `first`, `last` and every provision of their kind between them."""
        if first.kind not in self.order:
            ordered = [node for node in self.in_order if node.kind is first.kind]
            self.order[first.kind] = (ordered, {id(node): i for i, node in enumerate(ordered)})
        ordered, index = self.order[first.kind]
        low, high = index.get(id(first)), index.get(id(last))
        if low is None or high is None:  # pragma: no cover - both came from this tree
            return [first.eid, last.eid]
        if low > high:
            low, high = high, low
        return [node.eid for node in ordered[low : high + 1]]


_PLAIN_DASHES = str.maketrans(dict.fromkeys(_DASH, "-"))


@lru_cache(maxsize=65536)
def _key(num: str | None) -> str:
    """A number as compared: `IV` and `4` alike, dashes plain, case ignored."""
    if num is None:
        return ""
    return eid_number(num.translate(_PLAIN_DASHES))


def references_of(provisions: Sequence[Provision], language: str) -> Iterator[Resolved]:
    """Every reference in a tree (eIds assigned), resolved against the same tree."""
    if language not in LANGUAGES:
        raise ValueError(f"References are read in {', '.join(LANGUAGES)}, not {language!r}.")
    resolver = Resolver(provisions)
    for node in resolver.in_order:
        for text in (node.heading, node.text):
            if text:
                for reference in _found_in(text, language):
                    yield resolver.resolve(reference, node, steps=False)


_MAY_REFER_STEMS = (
    "стат", "пункт", "част", "абзац", "глав", "раздел", "приложен", "кодекс", "закон", "указ",
    "постановлен", "приказ", "ст.", "п.", "ч.", "гл.", "конституционн", "ба", "тарма", "бөлі",
    "тарау", "қосымша", "заң",
    "жарлы", "қаулы", "бұйры", "article", "paragraph", "point", "part", "chapter", "section",
    "annex", "appendix", "code", "law", "decree", "order",
)  # fmt: skip


_MAY_REFER = re.compile("|".join(re.escape(stem) for stem in _MAY_REFER_STEMS))


def _may_refer(lowered: str) -> bool:
    """A cheap test that a text (in lower case) could hold a reference at all: most
    provisions hold none (one scan for every stem at once)."""
    return _MAY_REFER.search(lowered) is not None


# --- renumbering -------------------------------------------------------------------------------

RENUMBERED_KINDS = (Kind.ARTICLE, Kind.PARAGRAPH, Kind.SUBPARAGRAPH)


@dataclass
class Renumbering:
    """A renumbered tree, what each eId became, and the texts rewritten to match."""

    provisions: list[Provision]
    eids: dict[str, str]  # old eId -> new eId, for every provision whose eId changed
    rewritten: int  # how many numbers in references were rewritten


def renumber(provisions: Sequence[Provision], language: str) -> Renumbering:
    """A copy of the tree with articles, paragraphs and sub-paragraphs numbered 1, 2, 3 ...
    in order (articles through the act, the others within their parent), and every number a
    reference in it names rewritten to the new number of the provision it named."""
    old_tree = _copy(provisions)
    assign_eids(old_tree)
    resolver = Resolver(old_tree)
    # What each reference's numbers named, before any number changes.
    edits: dict[int, list[tuple[str, tuple[int, int], Provision]]] = {}
    for top in old_tree:
        for node in top.walk():
            for field_name in ("heading", "text"):
                text = getattr(node, field_name)
                if not text or not _may_refer(text.lower()):
                    continue
                for reference in find_references(text, language):
                    resolved = resolver.resolve(reference, node)
                    for span, target in resolved.steps.items():
                        if target.kind in RENUMBERED_KINDS:
                            edits.setdefault(id(node), []).append((field_name, span, target))
    old_eids = {id(node): node.eid for top in old_tree for node in top.walk()}
    _number_in_sequence(old_tree)
    rewritten = 0
    for top in old_tree:
        for node in top.walk():
            by_field: dict[str, list[tuple[tuple[int, int], Provision]]] = {}
            for field_name, span, target in edits.get(id(node), []):
                by_field.setdefault(field_name, []).append((span, target))
            for field_name, spans in by_field.items():
                text = getattr(node, field_name)
                unique = {span: target for span, target in spans}  # a step shared by a list
                for (start, end), target in sorted(unique.items(), reverse=True):
                    if text[start:end] != target.num:
                        text = text[:start] + (target.num or "") + text[end:]
                        rewritten += 1
                setattr(node, field_name, text)
    assign_eids(old_tree)
    eids = {
        old_eids[id(node)]: node.eid
        for top in old_tree
        for node in top.walk()
        if old_eids[id(node)] != node.eid
    }
    return Renumbering(old_tree, eids, rewritten)


def _number_in_sequence(provisions: Sequence[Provision]) -> None:
    """Number articles through the act (each annex on its own), paragraphs and sub-paragraphs
    within their parent, in document order; other kinds keep their numbers."""
    article_counter = {"body": 0}

    def visit(nodes: Sequence[Provision], counter: dict[str, int]) -> None:
        local: dict[Kind, int] = {}
        for node in nodes:
            if node.kind is Kind.ARTICLE and node.num:
                counter["body"] += 1
                node.num = str(counter["body"])
            elif node.kind in (Kind.PARAGRAPH, Kind.SUBPARAGRAPH) and node.num:
                local[node.kind] = local.get(node.kind, 0) + 1
                node.num = str(local[node.kind])
            visit(node.children, {"body": 0} if node.kind is Kind.ANNEX else counter)

    visit(provisions, article_counter)


def _copy(provisions: Sequence[Provision]) -> list[Provision]:
    return [
        Provision(node.kind, node.num, node.heading, node.text, _copy(node.children), node.eid)
        for node in provisions
    ]


def external_iri(cited: str) -> str | None:
    """The Akoma Ntoso work IRI of a cited act when its date and number are written."""
    number = re.search(r"(?:№|No\.?)\s?([0-9][0-9A-Za-zА-Яа-яІі\-]*)", cited)
    date = _cited_date(cited)
    if "онституци" in cited and "закон" not in cited.lower() and "заң" not in cited.lower():
        return "/akn/kz/act/constitution/1995-08-30"
    if re.match(r"(?:the\s+)?constitution(?!al)", cited.strip(), re.IGNORECASE):
        return "/akn/kz/act/constitution/1995-08-30"
    if number is None or date is None:
        return None
    return f"/akn/kz/act/{date}/{number.group(1).strip('-').upper()}"


_MONTH_NUMBERS = {
    **{m: i + 1 for i, m in enumerate(_RU_MONTHS.split("|"))},
    **{m.lower(): i + 1 for i, m in enumerate(_EN_MONTHS.split("|"))},
    **{
        stem: i + 1
        for i, stem in enumerate(
            (
                "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
                "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
            )
        )
    },
}  # fmt: skip


def _cited_date(cited: str) -> str | None:
    if match := re.search(r"(\d{2})\.(\d{2})\.(\d{4})", cited):
        return f"{match[3]}-{match[2]}-{match[1]}"
    if match := re.search(r"(\d{4})\s+жылғы\s+(\d{1,2})\s+(\w+)", cited):
        year, day, month_word = match.groups()
        month = next((n for s, n in _MONTH_NUMBERS.items() if month_word.startswith(s)), None)
        return f"{year}-{month:02d}-{int(day):02d}" if month else None
    if match := re.search(r"(\d{1,2})\s+([A-Za-zА-Яа-яё]+),?\s+(\d{4})", cited):
        day, month_word, year = match.groups()
        month = _MONTH_NUMBERS.get(month_word.lower())
        return f"{year}-{month:02d}-{int(day):02d}" if month else None
    if match := re.search(r"([A-Z][a-z]+)\s+(\d{1,2}),\s+(\d{4})", cited):
        month_word, day, year = match.groups()
        month = _MONTH_NUMBERS.get(month_word.lower())
        return f"{year}-{month:02d}-{int(day):02d}" if month else None
    return None
