"""Parse the structured plain text of an act (acts/README.md, "The text") into provisions.

Each line is first classified on its own: a heading, a paragraph, a sub-paragraph, a note or
plain text. Where it then goes depends only on the headings open above it, the provision it
follows and whether a blank line came between. Headings of all three languages are recognised
in every act, so the tree never depends on the act's language and `render` can write any tree
the parser makes.

Real acts are read as lawyers read them: a footnote (`Сноска.`, `Ескерту.`) is a note in every
language; a point stays open until the next point, article or heading (text after its list is
its wrap-up, a list numbered again from `1)` a second list); the signature block where the
body ends is the act's conclusions; an explanatory note before the act is kept apart from it;
sections that come inside chapters nest in them. Only the whole text shows some of this (the
order of sections and chapters), so every line is classified before any is placed.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache, partial
from typing import NamedTuple

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from .eids import assign_eids, roman_to_int
from .model import Kind, ParsedText, ParseIssue, Provision

LANGUAGES = ("en", "ru", "kk")

# The words of each language, read in any letter case and written (render.py) as they stand.
# Kazakh puts the number first, joined by a hyphen: `5-бап.`, `II-бөлім.`, `1-қосымша.`.
HEADING_WORDS: dict[Kind, dict[str, str]] = {
    Kind.SECTION: {"en": "Section", "ru": "Раздел", "kk": "бөлім"},
    Kind.CHAPTER: {"en": "Chapter", "ru": "Глава", "kk": "тарау"},
    # A code's "параграф" inside a chapter (`Параграф 1.`, `1-параграф.`): see eids.py.
    Kind.SUBCHAPTER: {"en": "Subchapter", "ru": "Параграф", "kk": "параграф"},
    Kind.ARTICLE: {"en": "Article", "ru": "Статья", "kk": "бап"},
    Kind.ANNEX: {"en": "Annex", "ru": "Приложение", "kk": "қосымша"},
}
NUMBER_FIRST_LANGUAGES = frozenset({"kk"})
# The first word is the one written; the others are read too.
NOTE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("Note", "Notes"),
    "ru": ("Примечание", "Примечания"),
    "kk": ("Ескерту", "Ескертпе"),
}
# Editorial footnotes of the official texts ("Сноска. Статья 4 с изменением, внесенным ...").
# Kazakh writes them with the note word itself ("Ескерту. 4-бапқа өзгеріс енгізілді ..."), so a
# footnote is a note in every language; a note opened by one of these keeps the word as its
# heading, to be written back as it stood (the first word of each language is the one written).
FOOTNOTE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("Footnote", "Footnotes"),
    "ru": ("Сноска", "Сноски"),
    "kk": ("Ескерту",),
}
_FOOTNOTE_WORD_OF = {
    word.lower(): words[0]
    for language, words in FOOTNOTE_WORDS.items()
    for word in words
    if language != "kk"  # Kazakh's word is also the ordinary note's
}

# The first line of a signature block: who signs, in the three languages. Only a short line
# that is not a sentence counts, and only where it is not a heading's title (`Глава 3` /
# `Президент Республики Казахстан`). What follows it (the name, place, date and number of the
# act) belongs to the block until the next heading, annex or numbered provision.
_SIGNER_RE = re.compile(
    r"^(?:"
    r"(?:Президент|Премьер-Министр|Вице-Премьер|Председатель|Заместитель|Министр|Аким"
    r"|Руководитель|Первый руководитель|Управляющий)(?:\s|$)"
    r"|(?:President|Prime Minister|Deputy Prime Minister|Chair|Chairman|Chairperson|Minister"
    r"|Akim|Head|Governor)(?:\s|$)"
    r"|Қазақстан Республикасының(?:\s+(?:Президент[іi]|Премьер-Министр[іi]))?$"
    r"|(?:Президент[іi]|Премьер-Министр[іi])$"
    r"|\S.*\s(?:Президент[іi]|Премьер-Министр[іi]|әкім[іi]|[Тт]өрағасы|[Мм]инистр[іi]"
    r"|[Бб]асқарушысы)"
    r"(?:\s+\w\.\s?\S+)?$"
    r")",
)
_SIGNATURE_MAX_CHARS = 90

# An explanatory note that a draft carries before the act itself. It is kept as the act's
# note (its heading the words that open it) and holds every line up to the act's own start: a
# heading, or the line that names the act (`ПРОЕКТ`, `ЗАКОН РЕСПУБЛИКИ КАЗАХСТАН`, `Rules`).
EXPLANATORY_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("Explanatory note", "Explanatory memorandum"),
    "ru": ("Пояснительная записка",),
    "kk": ("Түсіндірме жазба",),
}

# A heading closes the open headings of its own level and below; an annex closes everything.
LEVEL: dict[Kind, int] = {
    Kind.ANNEX: 0,
    Kind.SECTION: 1,
    Kind.CHAPTER: 2,
    Kind.SUBCHAPTER: 3,
    Kind.ARTICLE: 4,
}
# Drafts that divide chapters into sections (`Глава 2` ... `Раздел 1`, `Раздел 2`, `Глава 3`):
# where a text's first section comes after its first chapter (in the act, or in an annex),
# its sections are read inside its chapters, numbered within each (`chp_2__sec_1`).
SECTIONS_IN_CHAPTERS: dict[Kind, int] = {**LEVEL, Kind.CHAPTER: 1, Kind.SECTION: 2}

# A line ending in one of these reads as a sentence, never as a heading's title.
SENTENCE_ENDS = (".", ":", ";", ",")
# Headings are short titles: a longer "title" that ends like a sentence is the article's first
# sentence typed on the heading's line (`Статья 4. Цель. Целью настоящего Закона ...`).
TITLE_MAX_CHARS = 150
_SENTENCE_BREAK_RE = re.compile(r"[.;:] (?=[^\W\d_])")

_DASHES = "\u2010\u2011\u2012\u2013-"  # the hyphens and en dash drafters type in `4-1`
_ARABIC = rf"[0-9]+(?:[.{_DASHES}][0-9]+)*"  # 5, 4-1, 1.1, 2.1.3
_ROMAN = "[IVXLCDMІХ]+"  # Cyrillic І and Х often stand in for Roman I and X
_NUMBER = f"(?:{_ARABIC}|{_ROMAN})"
_NUMBER_CLEANUP = str.maketrans(
    {"І": "I", "і": "i", "Х": "X", "х": "x"} | dict.fromkeys(_DASHES, "-")
)
_LETTER_NEXT = r"(?![^\W\d_])"  # the word ends here: `5-бап` but not `5-баптың`


def _alternation(words) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


_EXPLANATORY_RE = re.compile(
    rf"^(?P<word>{_alternation(w for words in EXPLANATORY_WORDS.values() for w in words)})"
    r"(?![^\W\d_])[.:]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_ACT_START_RE = re.compile(
    r"^(?:проект|жоба|draft|(?:[^\W\d_]+ )*(?:закон|заң[ыi]?|кодекс|постановление|қаулы|указ|"
    r"жарлық|приказ|бұйрық|решение|шешім|правила|қағидалар|положение|ереже|law|code|decree|"
    r"order|resolution|decision|rules|regulations?)(?: [^\W\d_]+)*)$",
    re.IGNORECASE,
)


def is_explanatory_start(line: str) -> re.Match[str] | None:
    """The words that open an explanatory note (`ПОЯСНИТЕЛЬНАЯ ЗАПИСКА к проекту ...`)."""
    return _EXPLANATORY_RE.match(line)


def _names_the_act(line: str) -> bool:
    """A line that starts the act after an explanatory note: `ПРОЕКТ`, `ЗАКОН РЕСПУБЛИКИ ...`."""
    return line == line.upper() and _ACT_START_RE.match(line) is not None


_KIND_BY_WORD: dict[str, Kind] = {
    word.lower(): kind for kind, words in HEADING_WORDS.items() for word in words.values()
}
_WORDS_BEFORE = [
    word
    for kind, words in HEADING_WORDS.items()
    for language, word in words.items()
    if language not in NUMBER_FIRST_LANGUAGES or kind is Kind.ANNEX  # `Қосымша` stands alone
]
_WORDS_AFTER = [
    word
    for words in HEADING_WORDS.values()
    for language, word in words.items()
    if language in NUMBER_FIRST_LANGUAGES
]
# Only an annex may go without a number (`Приложение`); the others need one to be headings.
_NUMBERLESS_OK = frozenset({Kind.ANNEX})
_NEED_NUMBER_WORDS = [
    word
    for kind, words in HEADING_WORDS.items()
    for language, word in words.items()
    if language not in NUMBER_FIRST_LANGUAGES and kind not in _NUMBERLESS_OK
]

# `Chapter 1. Title`, `Статья № 4-1.`, `Annex`, `Приложение 2 к Правилам`
_WORD_FIRST_RE = re.compile(
    rf"^(?P<word>{_alternation(_WORDS_BEFORE)}){_LETTER_NEXT}"
    rf"(?:\s?(?:№\s?)?(?P<num>{_NUMBER}))?(?P<rest>.*)$",
    re.IGNORECASE,
)
# `1-тарау. Title`, `4-1-бап.`, `II-бөлім.`
# The official Kazakh texts also write a Roman chapter number with a space: `I ТАРАУ`.
_NUMBER_FIRST_RE = re.compile(
    rf"^(?P<num>{_NUMBER})(?:\s?[{_DASHES}]\s?|\s)(?P<word>{_alternation(_WORDS_AFTER)})"
    rf"{_LETTER_NEXT}"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_PARAGRAPH_RE = re.compile(rf"^(?P<num>{_ARABIC})\.(?: (?P<body>.*))?$")
# `2)публичность`: official texts sometimes lose the space after the bracket.
_SUBPARAGRAPH_RE = re.compile(rf"^(?P<num>{_ARABIC})\)(?: (?P<body>.*)|(?P<tight>[^\W\d_].*))?$")
# `1999.05.06. N 379 ...`: a date that opens a line (a footnote's second line) is no number.
_DATE_RE = re.compile(r"^(?:\d{4}\.\d{1,2}\.\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4})$")
_ALL_NOTE_WORDS = [w for t in (NOTE_WORDS, FOOTNOTE_WORDS) for words in t.values() for w in words]
_NOTE_RE = re.compile(
    rf"^(?P<word>{_alternation(_ALL_NOTE_WORDS)}) ?[.:] ?(?P<body>.*)$",
    re.IGNORECASE,
)
# A line that starts like a numbered heading but has no number we can read: `Chapter.`,
# `Article five. Scope` (but not `Article 5 of this Law applies.`, which is a sentence).
_SUSPECT_RE = re.compile(
    rf"^(?P<word>{_alternation(_NEED_NUMBER_WORDS)}){_LETTER_NEXT}"
    r" ?(?:№ ?)?(?P<token>[^\s.:]*)(?:[.:](?: .*)?)?$",
    re.IGNORECASE,
)
_DUP_RE = re.compile(r"_dup\d+$")

# An approving decision ("Утвердить прилагаемые Правила ...") and the annex of the decision
# that holds the approved act ("Приложение 1 к решению ...", "... қаулысымен бекітілген"): the
# approved act's own annexes ("Приложение 1 к Правилам ...") are annexes of that annex, as
# Akoma Ntoso nests an attachment's attachments (`annex_1__annex_1`). parts.py reads these too.
APPROVES_RE = re.compile(
    r"(?<![^\W\d_])(?:утвердить|утверждаются|бекітілсін|бекіту|approve[sd]?|are approved)"
    r"(?![^\W\d_])",
    re.IGNORECASE,
)
OF_DECISION_RE = re.compile(
    r"(?<![^\W\d_])(?:к\s+(?:решению|приказу|постановлению|распоряжению|указу|совместному)"
    r"|шешім[іi]не|бұйрығына|қаулысына|өкім[іi]не|жарлығына"
    r"|to\s+(?:the\s+)?(?:decision|order|resolution|decree))",
    re.IGNORECASE,
)
_APPROVED_BY_RE = re.compile(
    r"(?<![^\W\d_])(?:утвержден[аоы]?|бекітілген|approved\s+by)(?![^\W\d_])", re.IGNORECASE
)


# The line that starts the approved act when a decision annexes it without "Приложение":
# `Утверждены постановлением Правительства ... от ... № ...`, `... қаулысымен бекітілген`,
# `Approved by the Decree ...`. It is read as the heading of an unnumbered annex.
_APPROVED_LINE_RE = re.compile(
    r"^(?:(?:утвержден[аоы]?|approved\s+by)\s.*(?:постановлени|решени|приказ|указ|распоряжени"
    r"|decree|decision|order|resolution)"
    r"|.*(?:қаулы|шешім|бұйрығ|жарлығ|өкім)[^\s]*\s+бекітілген)",
    re.IGNORECASE,
)
_APPROVED_LINE_STARTS = ("утвержден", "approved by")
# A stamp names the decision's date or number (a draft's placeholders `«__»`, `№ ___` too):
# `Утверждены решением маслихата` alone is the start of a sentence, not a stamp.
_STAMP_DETAILS_RE = re.compile(r"[\d№_]")

# The same stamp as Word drafts lay it out, over several short lines (paragraphs, or lines of
# one paragraph): `Утверждены` / `постановлением Правительства` / `Республики Казахстан` /
# `от 12 марта 2026 года № 145`, `Қазақстан Республикасы` / `Үкіметінің 2026 жылғы 12
# наурыздағы` / `№ 145 қаулысымен` / `бекітілген`. `approval_stamps` finds them so the lines
# are read as the one line above. The lines together must read as a whole stamp and nothing
# more: who approved (words only), then the date and number (placeholders `«__» ____ 20__`,
# `№ ___` of a draft included), and the line after the stamp must not carry on its sentence.
_STAMP_MAX_LINES = 7
_STAMP_LINE_MAX_CHARS = 120
_MONTHS = (
    "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    "|january|february|march|april|may|june|july|august|september|october|november|december"
)
_KK_MONTHS = (
    "қаңтардағы|ақпандағы|наурыздағы|сәуірдегі|мамырдағы|маусымдағы|шілдедегі|тамыздағы"
    "|қыркүйектегі|қазандағы|қарашадағы|желтоқсандағы"
)
_DAY = r"[«\"“]?(?:\d{1,2}|_+)[»\"”]?"
_YEAR = r"(?:\d{4}|\d{0,3}_+)"
# `№ 145`, `№ 145-р`, `№ 5/2`, `№ ҚР ДСМ-14`, `No. 145`, `№ ___`
_STAMP_NUMBER = (
    r"(?:№|No\.?|N)\s?(?:[^\W_][\w/-]*|_+)(?:\s(?:[^\W\d_]{1,3}[\w/-]*\d[\w/-]*|[^\W\d_]{1,3}))?"
)
# The year may be written out or cut short: `от 12 марта 2026 года`, `от 12.03.2026 г.`
_YEAR_WORD = r"(?:\s?(?:года|г\.)|\s+year)"
_STAMP_DATE = (
    rf"(?:от|dated|of)\s+(?:{_DAY}\s+(?:{_MONTHS}|_+)\s+{_YEAR}{_YEAR_WORD}?"
    rf"|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}{_YEAR_WORD}?)"
)
# A stamp's or an annex heading's line may end with the short `г.` of its date: that full stop
# ends no sentence.
_ENDS_WITH_SHORT_YEAR_RE = re.compile(rf"(?<![^\W\d_]){_STAMP_DATE}$", re.IGNORECASE)
_ISSUER_WORD = r"[«\"“(]?[^\W\d_]+(?:[-.][^\W\d_]+)*\.?[»\"”)]?,?"
_STAMP_RE = re.compile(
    r"^(?:утвержден[аоы]?|approved)\s+(?:by\s+)?(?:the\s+)?(?:совместным\s+|joint\s+)?"
    r"(?:постановлени|решени|приказ|указ|распоряжени|decree|decision|order|resolution)\w*"
    rf"(?:\s+{_ISSUER_WORD}){{0,20}}?"
    rf"\s+(?:{_STAMP_DATE}(?:\s+{_STAMP_NUMBER})?|{_STAMP_NUMBER}(?:\s+{_STAMP_DATE})?)$",
    re.IGNORECASE,
)
_KK_ISSUER_WORD = r"[«\"“(]?[^\W\d_]+(?:-[^\W\d_]+)*[»\"”)]?,?"
_KK_STAMP_RE = re.compile(
    rf"^[^\W\d_]+(?:-[^\W\d_]+)*(?:\s+{_KK_ISSUER_WORD}){{0,14}}"
    rf"\s+(?:(?:{_YEAR}\s+жылғы\s+{_DAY}\s+(?:{_KK_MONTHS}|_+))(?:\s+{_STAMP_NUMBER})?"
    rf"|{_STAMP_NUMBER})"
    r"\s+(?:бірлескен\s+)?(?:қаулы|шешім|бұйрығ|жарлығ|өкім)\w*\s+бекітілген$",
    re.IGNORECASE,
)
# The heading of a decision's annex, laid out the same way: `Приложение 1` / `к постановлению
# Правительства` / `Республики Казахстан` / `от 12 марта 2026 года № 145`; `Қазақстан
# Республикасы Үкіметінің` / `2026 жылғы 12 наурыздағы` / `№ 145 қаулысына` / `1-қосымша`.
# These are the annex of a decision, which names its date or number; an annex of rules
# (`Приложение 1` / `к Правилам ...`), which does not, is read by _rules_annex_from/_to.
_ANNEX_STAMP_RE = re.compile(
    rf"^(?:приложение|annex)(?:\s+(?:№\s?)?{_ARABIC})?\s+(?:к|to)\s+(?:the\s+)?"
    r"(?:совместному\s+|joint\s+)?"
    r"(?:постановлению|решению|приказу|указу|распоряжению|decree|decision|order|resolution)"
    rf"(?:\s+{_ISSUER_WORD}){{0,20}}?"
    rf"\s+(?:{_STAMP_DATE}(?:\s+{_STAMP_NUMBER})?|{_STAMP_NUMBER}(?:\s+{_STAMP_DATE})?)$",
    re.IGNORECASE,
)
_KK_ANNEX_STAMP_RE = re.compile(
    rf"^[^\W\d_]+(?:-[^\W\d_]+)*(?:\s+{_KK_ISSUER_WORD}){{0,14}}"
    rf"\s+(?:(?:{_YEAR}\s+жылғы\s+{_DAY}\s+(?:{_KK_MONTHS}|_+))(?:\s+{_STAMP_NUMBER})?"
    rf"|{_STAMP_NUMBER})"
    r"\s+(?:бірлескен\s+)?(?:қаулысына|шешіміне|бұйрығына|жарлығына|өкіміне)"
    rf"\s+(?:№\s?)?(?:{_ARABIC}\s?-?\s?)?қосымша$",
    re.IGNORECASE,
)
_STAMP_STARTS = ("утвержд", "approved")
_ANNEX_STAMP_STARTS = ("приложение", "annex")
_DRAFT_WORDS = frozenset({"проект", "жоба", "draft"})


def approval_stamps(
    lines: list[str], breaks: frozenset[int] = frozenset()
) -> list[tuple[int, int]]:
    """The spans `(start, stop)` of normalized lines that read together as one approval stamp
    (or as the heading of an annex, `Приложение 1` / `к постановлению ...` / ...).

    Only stamps over two lines or more are listed (one line is a heading by itself); a blank
    line ends a stamp; spans never overlap, and each is the longest the lines allow. `breaks`
    are the lines before which the layout changes (a Word paragraph aligned otherwise): an
    annex heading of rules, which names no date or number, may end there as at a blank line.
    """
    spans: list[tuple[int, int]] = []
    taken = 0  # lines before this one are in a stamp already
    for index, line in enumerate(lines):
        if index < taken or not line:
            continue
        span = None  # most lines are neither (first their first and last letters are read)
        first, last = line[0], line[-1]
        if first in "УA" and line.lower().startswith(_STAMP_STARTS):
            span = _stamp_from(lines, index, _STAMP_RE)
        elif first in "ПA" and line.lower().startswith(_ANNEX_STAMP_STARTS):
            span = _stamp_from(lines, index, _ANNEX_STAMP_RE) or _rules_annex_from(
                lines, index, breaks
            )
        elif last in "нН" and index > taken and line.lower().endswith("бекітілген"):
            span = _stamp_to(lines, index, taken, _KK_STAMP_RE)
        elif last in "аА" and index > taken and line.lower().endswith("қосымша"):
            span = _stamp_to(lines, index, taken, _KK_ANNEX_STAMP_RE) or _rules_annex_to(
                lines, index, taken, breaks
            )
        if span is not None:
            spans.append(span)
            taken = span[1]
    return spans


def _stamp_from(lines: list[str], start: int, pattern: re.Pattern) -> tuple[int, int] | None:
    """The longest stamp opening at `start` (`Утверждены`, `Приложение 1`) that `pattern`
    reads as whole."""
    stop = start + 1
    while stop < len(lines) and stop - start < _STAMP_MAX_LINES and _stamp_piece(lines[stop]):
        stop += 1
    for end in range(stop, start + 1, -1):
        if pattern.match(" ".join(lines[start:end])) and _ends_there(lines, end):
            return start, end
    return None


def _stamp_to(
    lines: list[str], end: int, first: int, pattern: re.Pattern
) -> tuple[int, int] | None:
    """The longest Kazakh stamp whose last line, `end`, ends it (`бекітілген`, `1-қосымша`)
    and that `pattern` reads as whole."""
    start = end
    while (
        start > first
        and end - start + 1 < _STAMP_MAX_LINES
        and _stamp_piece(lines[start - 1])
        and "." not in lines[start - 1]
        and not (lines[start - 1].isupper() and len(lines[start - 1]) > 3)  # a title in capitals
        and not (start - 1 > first and lines[start - 2] and is_signature_start(lines[start - 2]))
    ):
        start -= 1
    for begin in range(start, end):
        if not lines[begin][0].isupper():
            continue
        if pattern.match(" ".join(lines[begin : end + 1])) and _ends_there(lines, end + 1):
            return begin, end + 1
    return None


# The heading of an annex of rules (or of a regulation, an instruction ...) over lines:
# `Приложение 1` / `к Правилам проведения конкурса` / `среди представителей ...` / `Республики
# Казахстан`; `Инвестициялық жобалардың` / `тізілімін жүргізу қағидаларына` / `1-қосымша`. It
# names no date or number, so only its layout shows where it ends: a blank line (in Word, a
# paragraph aligned otherwise) right after it. Without one, the Russian heading takes only the
# lines that go on with its words in small letters (`среди ...`), never a line that may be the
# title of what the annex holds (`Заявка на участие в конкурсе`).
_ANNEX_WORD_LINE_RE = re.compile(rf"^(?:приложение|annex)(?:\s?№?\s?{_ARABIC})?$", re.IGNORECASE)
_TO_RULES_CASE_RE = re.compile(r"^(?:к|to\s+the)\s+[«\"“]?[A-ZА-ЯЁ]")
_KK_ANNEX_NUMBER_LINE_RE = re.compile(rf"^(?:№\s?)?{_ARABIC}(?:\s?[{_DASHES}]\s?|\s)қосымша$")
# `қағидаларына`, `ережесіне`, `нұсқаулығына`, `тәртібіне`: what the annex is attached to
_KK_TO_RE = re.compile(r"[^\W\d_](?:ға|ге|қа|ке|на|не)$", re.IGNORECASE)


def _rules_annex_from(
    lines: list[str], start: int, breaks: frozenset[int]
) -> tuple[int, int] | None:
    """`Приложение 1` / `к Правилам ...` / ...: the lines of an annex heading of rules."""
    if (
        not _ANNEX_WORD_LINE_RE.match(lines[start])
        or start + 1 >= len(lines)
        or start + 1 in breaks
        or not lines[start + 1]
        or not _TO_RULES_CASE_RE.match(lines[start + 1])
        or not _rules_annex_piece(lines[start + 1])
    ):
        return None
    stop = start + 2
    while (
        stop < len(lines)
        and stop not in breaks
        and stop - start < _STAMP_MAX_LINES
        and _rules_annex_piece(lines[stop])
    ):
        stop += 1
    ended = stop == len(lines) or not lines[stop] or stop in breaks
    if not ended or stop - start >= _STAMP_MAX_LINES:
        # No blank line or change of layout ends it: only the words going on in small letters.
        stop = start + 2
        while stop < len(lines) and stop not in breaks and _goes_on(lines[stop]):
            stop += 1
    return (start, stop) if _ends_there(lines, stop) else None


def _rules_annex_piece(line: str) -> bool:
    """Whether a line can be one of the lines of an annex heading of rules: a stamp's line
    that ends no sentence (it has no date that could end in `г.`)."""
    return _stamp_piece(line) and not line.endswith(".")


def _goes_on(line: str) -> bool:
    """Whether a line goes on with the words above it (`среди представителей ...`)."""
    return bool(line) and line[0].isalpha() and line[0].islower() and _rules_annex_piece(line)


def _rules_annex_to(
    lines: list[str], end: int, first: int, breaks: frozenset[int]
) -> tuple[int, int] | None:
    """... / `тізілімін жүргізу қағидаларына` / `1-қосымша`: the lines of a Kazakh annex
    heading of rules, from the blank line (or change of layout) above it."""
    if (
        not _KK_ANNEX_NUMBER_LINE_RE.match(lines[end])
        or end in breaks
        or end - 1 < first
        or not lines[end - 1]
        or not _KK_TO_RE.search(lines[end - 1])
    ):
        return None
    start = end
    while (
        start > first
        and start not in breaks
        and end - start + 1 < _STAMP_MAX_LINES
        and _stamp_piece(lines[start - 1])
        and "." not in lines[start - 1]
        and not (lines[start - 1].isupper() and len(lines[start - 1]) > 3)  # a title in capitals
    ):
        start -= 1
    # A blank line, a change of layout or a finished sentence (`... бекітілсін.`) above it.
    bounded = start == 0 or not lines[start - 1] or start in breaks or lines[start - 1][-1] == "."
    if start == end or not bounded or not lines[start][0].isupper():
        return None
    return (start, end + 1) if _ends_there(lines, end + 1) else None


def _stamp_piece(line: str) -> bool:
    """Whether a line can be one of a stamp's lines: short, no provision, no sentence end."""
    return (
        bool(line)
        and len(line) <= _STAMP_LINE_MAX_CHARS
        and not line.endswith((":", ";", ",", "!", "?"))
        and line.lower() not in _DRAFT_WORDS
        and not _names_the_act(line)
        and classify(line) is None
    )


def _ends_there(lines: list[str], stop: int) -> bool:
    """Whether a stamp may end before line `stop`: the next line does not go on with it."""
    if stop >= len(lines) or not lines[stop]:
        return True
    first = lines[stop][0]
    return not (first.isalpha() and first.islower())


# A Kazakh annex of the approved act names what it is attached to first: `Қағидаларға
# 1-қосымша`, `Қағидаларға № 1 қосымша`.
_ANNEX_LAST_RE = re.compile(
    rf"^(?P<rest>[^\W\d_].*?)\s(?:№\s?)?(?P<num>{_ARABIC})(?:\s?[{_DASHES}]\s?|\s)қосымша$",
    re.IGNORECASE,
)
_HEADING_LINE_MAX_CHARS = 200


def _annex_line(line: str) -> _Marker | None:
    """An annex heading that does not open with the annex word (see the patterns above)."""
    if len(line) > _HEADING_LINE_MAX_CHARS or (
        line.endswith(SENTENCE_ENDS) and not _ENDS_WITH_SHORT_YEAR_RE.search(line)
    ):
        return None
    lowered = line.lower()
    if lowered.endswith("қосымша") and (match := _ANNEX_LAST_RE.match(line)):
        return _Marker(Kind.ANNEX, _clean_number(match["num"]), match["rest"])
    if (
        (lowered.startswith(_APPROVED_LINE_STARTS) or lowered.endswith("бекітілген"))
        and _APPROVED_LINE_RE.match(line)
        and _STAMP_DETAILS_RE.search(line)
        and line[0].isupper()  # `№ 145 қаулысымен бекітілген` names no one: a line of a sentence
    ):
        return _Marker(Kind.ANNEX, None, line)
    return None


def holds_approved_act(heading: str) -> bool:
    """Whether an annex's heading names the decision it is attached to (or approved by)."""
    return bool(OF_DECISION_RE.search(heading) or _APPROVED_BY_RE.search(heading))


_NUMBER_PARTS_RE = re.compile(r"[.-]")


class _Marker(NamedTuple):
    """What a structural line starts: its kind, number and the words after the marker."""

    kind: Kind
    num: str | None
    body: str
    editorial: bool = False  # a note in square brackets
    word: str = ""  # the footnote word that opened a note (`Сноска`), else ""
    rest: str = ""  # text typed on a heading's line after its title (see _split_title)


# `_Marker(...)` without its keyword handling: most lines of an act are points, and this is
# the one object made for each (the tuple lists every field, in order).
_new_marker = partial(tuple.__new__, _Marker)


def parse(text: str) -> ParsedText:
    """The provision tree of an act's text, with eIds assigned and the problems found."""
    lines: list[str | None] = [" ".join(raw.split()) for raw in split_lines(text)]
    for start, stop in approval_stamps(lines):  # one stamp over several lines: the first holds it
        lines[start] = " ".join(lines[start:stop])
        lines[start + 1 : stop] = [None] * (stop - start - 1)
    markers = [classify(line) if line else None for line in lines]
    for index, marker in enumerate(markers):
        # A stamp is not one when the next line goes on with its sentence (`... бекітілген` /
        # `тәртіпке сәйкес ...`), whether it is one line or several joined above.
        if (
            marker is not None
            and marker.kind is Kind.ANNEX
            and marker.num is None
            and marker.body == lines[index]
            and index + 1 < len(lines)
            and lines[index + 1] is not None
            and not _ends_there(lines, index + 1)
        ):
            markers[index] = None
    quoted = quoted_lines(lines)
    for index in quoted:
        markers[index] = None
    for index in numbered_chapters(lines, markers):
        marker = markers[index]
        markers[index] = _Marker(Kind.CHAPTER, marker.num, marker.body)
    builder = _Builder(_levels_by_scope(markers))
    for line_no, (line, marker) in enumerate(zip(lines, markers, strict=True), start=1):
        if line is None:
            continue  # joined to the stamp above it
        if not line:
            builder.blank()
        elif line_no - 1 in quoted:
            builder.quoted(line, line_no)
        elif builder.explanatory is not None and (marker is None or marker.kind not in LEVEL):
            builder.explain(line, line_no)
        elif marker is not None:
            builder.add(marker, line_no)
        else:
            if (problem := _heading_problem(line)) is not None:
                builder.report(line_no, problem)
            builder.plain(line, line_no)
    return builder.finish()


# An amending act quotes the new wording of what it changes: `статьи 8 и 9 изложить в следующей
# редакции:` / `«Статья 8. ...` / `1. ...` / `2) ...` / `...».` The quoted lines are the words
# of the amendment (AKN `quotedStructure`), not provisions of the act that quotes them.
_OPEN_QUOTE, _CLOSE_QUOTE = "«", "»"
_QUOTE_CLOSES_RE = re.compile(r"»[.;:,]?$")


def quoted_lines(lines: list[str | None]) -> set[int]:
    """The indices of the lines inside a quotation that opens at the start of a line and runs
    over more lines, up to the line that closes it (`»`, `».`, `»;`). A quotation that never
    closes is left alone: one stray `«` must not turn the rest of a text into quoted words."""
    inside: set[int] = set()
    index, count = 0, len(lines)
    while index < count:
        line = lines[index]
        if not line or line[0] != _OPEN_QUOTE:
            index += 1
            continue
        depth = line.count(_OPEN_QUOTE) - line.count(_CLOSE_QUOTE)
        end = index
        while depth > 0 and end + 1 < count:
            end += 1
            if following := lines[end]:
                depth += following.count(_OPEN_QUOTE) - following.count(_CLOSE_QUOTE)
        if end > index and depth <= 0 and _QUOTE_CLOSES_RE.search(lines[end] or ""):
            inside.update(range(index + 1, end + 1))
            index = end + 1
        else:
            index += 1
    return inside


# Kazakh rules often number their chapters like points (`1. Жалпы ережелер`, `1. Общие
# положения`) while their points run on through the whole act. Such a line is read as a chapter
# only when nothing else explains the numbering: see numbered_chapters.
_CHAPTER_TITLE_MAX_CHARS = 120


def numbered_chapters(lines: list[str | None], markers: list[_Marker | None]) -> list[int]:
    """The indices of the lines numbered like points (`2. Қоғамдық палатаның негізгі
    міндеттері`) that are chapter headings, in the act and in each annex separately.

    A line is one when it reads as a title (short, opening with a capital, no final
    punctuation), the next line is a point, and taking every such line as a chapter turns a
    numbering that repeats or jumps into points numbered 1, 2, 3 ... through the act (or the
    annex) while the chapters themselves count up from 1. A text that already has headings,
    or whose points run in sequence as they stand (a list of one-word points), has none."""
    found: list[int] = []
    bounds = [i for i, m in enumerate(markers) if m is not None and m.kind is Kind.ANNEX]
    for start, stop in itertools.pairwise([0, *bounds, len(markers)]):
        scope = range(start + (start in bounds), stop)
        if any(markers[i] is not None and markers[i].kind in LEVEL for i in scope):
            continue
        points = [i for i in scope if markers[i] is not None and markers[i].kind is Kind.PARAGRAPH]
        titles = [i for i in points if _chapter_like(lines, markers, i)]
        if not titles:
            continue
        taken = set(titles)
        if _numbered_through([markers[i].num for i in points]) or not _numbered_through(
            [markers[i].num for i in points if i not in taken]
        ):
            continue
        if _number_key(markers[titles[0]].num) != (1,) or any(
            not _number_key(markers[a].num) < _number_key(markers[b].num)
            for a, b in itertools.pairwise(titles)
        ):
            continue
        found.extend(titles)
    return found


def _chapter_like(lines: list[str | None], markers: list[_Marker | None], index: int) -> bool:
    """Whether the point on line `index` reads as a title followed directly by a point."""
    marker = markers[index]
    if not reads_as_chapter_title(marker.body) or not (marker.num or "").isdigit():
        return False
    following = next(
        (i for i in range(index + 1, len(lines)) if lines[i]), None
    )  # blank lines and joined stamp lines between do not count
    return (
        following is not None
        and markers[following] is not None
        and markers[following].kind is Kind.PARAGRAPH
    )


def reads_as_chapter_title(words: str) -> bool:
    """Whether the words after a point's number read as a chapter's title: short, opening with
    a capital, no final punctuation (`Жалпы ережелер`, not `Общие положения.` or `и другие`)."""
    return (
        bool(words)
        and len(words) <= _CHAPTER_TITLE_MAX_CHARS
        and not words.endswith((*SENTENCE_ENDS, "!", "?", "»"))
        and words[0].isupper()
    )


def _numbered_through(nums: list[str | None]) -> bool:
    """Whether points numbered `nums` run 1, 2, 3 ... (4-1 inserted allowed), none repeated."""
    keys = [_number_key(num or "") for num in nums]
    if not keys or keys[0] != (1,) or None in keys:
        return False
    return all(_follows(a, b) for a, b in itertools.pairwise(keys))


def _levels_by_scope(markers: list[_Marker | None]) -> list[dict[Kind, int]]:
    """The heading levels of the act and of each annex, in order: see SECTIONS_IN_CHAPTERS."""
    scopes: list[list[Kind]] = [[]]
    annex, divisions = Kind.ANNEX, (Kind.SECTION, Kind.CHAPTER)
    for marker in markers:
        if marker is None:
            continue
        kind = marker.kind
        if kind is annex:
            scopes.append([])
        elif kind in divisions:
            scopes[-1].append(kind)
    return [
        SECTIONS_IN_CHAPTERS
        if Kind.SECTION in kinds and Kind.CHAPTER in kinds and kinds[0] is Kind.CHAPTER
        else LEVEL
        for kinds in scopes
    ]


def split_lines(text: str) -> list[str]:
    """The lines of a text as an editor numbers them: split at `\\n`, `\\r\\n` or `\\r`."""
    return text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def normalize_line(line: str) -> str:
    """The line stripped, each run of whitespace (tabs, no-break spaces) made one space."""
    return " ".join(line.split())


def classify(line: str) -> _Marker | None:
    """The provision a normalized line starts, or None for a line of plain text."""
    first = line[0]
    if first == "[" and line[-1] == "]":
        return _Marker(Kind.NOTE, None, line, editorial=True)  # it keeps its brackets
    # Notes and word-first headings open with a word: a line opening with a digit (most lines
    # of an act: its points and sub-paragraphs) skips those patterns.
    opens_with_digit = first.isdigit()
    if not opens_with_digit and (match := _NOTE_RE.match(line)):
        return _Marker(
            Kind.NOTE, None, match["body"], word=_FOOTNOTE_WORD_OF.get(match["word"].lower(), "")
        )
    heading_match = (
        None if opens_with_digit else _WORD_FIRST_RE.match(line)
    ) or _NUMBER_FIRST_RE.match(line)
    if heading_match and (marker := _heading(heading_match)) is not None:
        return marker
    if not opens_with_digit and (marker := _annex_line(line)) is not None:
        return marker
    if (match := _PARAGRAPH_RE.match(line)) and not _DATE_RE.match(match["num"]):
        num = _clean_number(match["num"])
        return _new_marker((Kind.PARAGRAPH, num, match["body"] or "", False, "", ""))
    if match := _SUBPARAGRAPH_RE.match(line):
        body = match["body"] or match["tight"] or ""
        num = _clean_number(match["num"])
        return _new_marker((Kind.SUBPARAGRAPH, num, body, False, "", ""))
    return None


def is_signature_start(line: str) -> bool:
    """Whether a normalized plain line opens a signature block (`Президент Республики ...`)."""
    return (
        len(line) <= _SIGNATURE_MAX_CHARS
        and not line.endswith((*SENTENCE_ENDS, "!", "?"))
        and _SIGNER_RE.match(line) is not None
    )


def _heading(match: re.Match[str]) -> _Marker | None:
    kind = _KIND_BY_WORD[match["word"].lower()]
    num = _clean_number(match["num"]) if match["num"] else None
    if num is None and (match["num"] or kind not in _NUMBERLESS_OK):
        return None  # `Chapter mix.` is not Roman; `Chapter.` has no number at all
    rest = match["rest"]
    if not rest:
        return _Marker(kind, num, "")
    if rest[0] in ".:":
        title, text = _split_title(rest[1:].lstrip())
        return _Marker(kind, num, title, rest=text)
    if rest[0] != " ":
        return None  # the number runs on into a word: `Article 5a`, `Article Vocabulary`
    title = rest[1:]
    # Without a dot after the number the rest must read as a title, not as a sentence such as
    # `Article 5 of this Law applies.`; only annex titles start small (`Приложение 1 к Правилам`).
    if (
        title.endswith(SENTENCE_ENDS)
        and not (kind is Kind.ANNEX and _ENDS_WITH_SHORT_YEAR_RE.search(title))
    ) or (kind is not Kind.ANNEX and title[0].islower()):
        return None
    return _Marker(kind, num, title)


def _split_title(title: str) -> tuple[str, str]:
    """A heading's title and the text typed after it on the same line, if any."""
    if title.endswith((":", ";")) and classify(title) is None:
        # A title never introduces a list: `Статья 1. Внести изменения ...:` is the article's
        # text (unless the words would start a provision of their own on their own line).
        return "", title
    if len(title) <= TITLE_MAX_CHARS or not title.endswith(SENTENCE_ENDS):
        return title, ""
    match = _SENTENCE_BREAK_RE.search(title)
    if match is None or match.start() > TITLE_MAX_CHARS:
        return "", title  # one long sentence: text of the provision, not its title
    return title[: match.start()], title[match.end() :]


@lru_cache(maxsize=4096)  # numbers repeat through a text; this is pure
def _clean_number(raw: str) -> str | None:
    """The number with Cyrillic look-alikes and dashes made plain, or None if not a number."""
    num = raw.translate(_NUMBER_CLEANUP)
    if num[0].isdigit() or roman_to_int(num) is not None:
        return num
    return None


def _heading_problem(line: str) -> LazyString | None:
    """A message for a plain line that looks like a heading without a readable number."""
    match = _SUSPECT_RE.match(line)
    if match is None:
        return None
    word, token = match["word"], match["token"]
    if not token:
        return _l(
            "'%(word)s' has no number, so the line is kept as text; "
            "write the heading as '%(word)s 1. Title'.",
            word=word,
        )
    return _l(
        "'%(word)s %(token)s': '%(token)s' is not a number, so the line is kept as text; "
        "number headings with digits or Roman numerals ('%(word)s 2.', '%(word)s II.').",
        word=word,
        token=token,
    )


class _Builder:
    """Places provisions as lines arrive, keeping what is open above the current line."""

    def __init__(self, levels: list[dict[Kind, int]] | None = None) -> None:
        self.levels = levels or [LEVEL]
        self.level = self.levels[0]
        self.scope = 0  # 0 for the act, then one more for each annex
        self.nesting_told: set[int] = set()  # scopes whose nested sections were reported
        self.top: list[Provision] = []
        self.open: list[Provision] = []  # the open headed provisions, outermost first
        self.holder: Provision | None = None  # what a directly following plain line continues
        self.untitled: Provision | None = None  # a heading that may take the next line as title
        # A signature block being read: its lines (None for a blank line) wait until an annex
        # or the end shows it closes the body; anything else after it makes them plain text.
        self.signature: list[tuple[str, int] | None] | None = None
        self.replaying = False
        self.explanatory: Provision | None = None  # an open explanatory note before the act
        self.line_of: dict[int, int] = {}  # id(provision) -> the line it starts on
        self.issues: list[ParseIssue] = []

    def blank(self) -> None:
        if self.signature is not None:
            self.signature.append(None)
            return
        self.holder = None
        self.untitled = None

    def explain(self, line: str, line_no: int) -> None:
        """A line of the explanatory note, or the line that ends it and starts the act."""
        if _names_the_act(line):
            self._end_explanatory(line_no)
            self.plain(line, line_no)
            return
        note = self.explanatory
        note.text = f"{note.text}\n{line}" if note.text else line

    def _end_explanatory(self, line_no: int) -> None:
        """The act starts at `line_no`: the explanatory note above it is complete."""
        note, self.explanatory = self.explanatory, None
        self.report(
            line_no,
            _l(
                "Lines %(first)s-%(last)s are an explanatory note, kept before the act as its "
                "note; the act starts here.",
                first=self.line_of[id(note)],
                last=line_no - 1,
            ),
        )

    def add(self, marker: _Marker, line_no: int) -> None:
        if self.signature is not None:
            if marker.kind is Kind.ANNEX:
                self._close_conclusions()
            else:
                self._replay_signature()
        self.untitled = None
        if self.explanatory is not None:
            self._end_explanatory(line_no)
        kind = marker.kind
        if kind in LEVEL:
            outer = None
            if kind is Kind.ANNEX:
                self.scope += 1
                self.level = self.levels[min(self.scope, len(self.levels) - 1)]
                outer = self._approved_act(marker)
            elif kind is Kind.SECTION and self.level is SECTIONS_IN_CHAPTERS:
                self._report_nesting(marker, line_no)
            provision = Provision(kind, marker.num, heading=marker.body)
            if outer is not None:  # an annex of the approved act: nested in it
                while self.open[-1] is not outer:
                    self.open.pop()
            else:
                while self.open and self.level[self.open[-1].kind] >= self.level[kind]:
                    self.open.pop()
            self._siblings().append(provision)
            self.open.append(provision)
            # Text right after a heading is never its title's continuation: it starts a part.
            self.holder = None
            self.untitled = None if marker.body or marker.rest else provision
            self.line_of[id(provision)] = line_no
            if marker.rest:
                self.report(
                    line_no,
                    _l(
                        "%(provision)s: the words after its title read as a sentence, so they "
                        "are kept as its text; put the title alone on the heading's line.",
                        provision=_label(provision),
                    ),
                )
                self.plain(marker.rest, line_no)
            return
        else:
            provision = Provision(kind, marker.num, heading=marker.word, text=marker.body)
            if kind is Kind.SUBPARAGRAPH:
                self._place_subparagraph(provision, line_no)
            elif marker.editorial and (paragraph := self._paragraph_above()) is not None:
                # `[Sub-paragraph 5-1) added ...]` right below the provision it is about stays
                # with that paragraph, so the list it sits in goes on after it.
                paragraph.children.append(provision)
            else:
                self._siblings().append(provision)
            self.holder = provision
        self.line_of[id(provision)] = line_no

    def _approved_act(self, marker: _Marker) -> Provision | None:
        """The open annex holding an approved act, when the annex `marker` starts is its own.

        The text before the first annex approves an act ("Утвердить прилагаемые Правила");
        the open top-level annex is the decision's (`Приложение 1 к решению ...`); the new
        annex names something else (`Приложение 1 к Правилам ...`, `Қағидаларға`). An annex
        without words after its number, or one of the decision, stays at the top.
        """
        if not self.open or not marker.body or OF_DECISION_RE.search(marker.body):
            return None
        outer = self.open[0]
        if outer.kind is not Kind.ANNEX or not holds_approved_act(outer.heading):
            return None
        decision = [p for p in self.top if p.kind is not Kind.ANNEX]
        if not any(APPROVES_RE.search(node.text) for p in decision for node in p.walk()):
            return None
        return outer

    def plain(self, line: str, line_no: int) -> None:
        if self.untitled is not None and not line.endswith(SENTENCE_ENDS):
            self.untitled.heading = line
            self.untitled = None
            return
        self.untitled = None
        if self.signature is not None:
            self.signature.append((line, line_no))
            return
        if not self.replaying and is_signature_start(line) and "|" not in line:
            self.signature = [(line, line_no)]
            return
        if (
            not self.open
            and all(p.kind is Kind.NOTE for p in self.top)
            and (match := is_explanatory_start(line)) is not None
        ):
            note = Provision(Kind.NOTE, heading=match["word"], text=match["rest"])
            self.top.append(note)
            self.line_of[id(note)] = line_no
            self.explanatory = note
            self.holder = None
            return
        holder = self.holder
        if holder is not None and not _starts_new_block(holder, line):
            holder.text = f"{holder.text}\n{line}" if holder.text else line
            return
        # A note that introduces a list ("Примечание. ... являются:") keeps its unnumbered
        # items, blank lines between or not, up to the item that ends its sentence.
        siblings = self._siblings()
        if holder is None and siblings and _note_goes_on(siblings[-1]):
            siblings[-1].text = f"{siblings[-1].text}\n{line}"
            self.holder = siblings[-1]
            return
        # A point stays open until the next point, article or heading: unnumbered text after
        # its list is its wrap-up, and after its own words (inside a heading) more of them.
        paragraph = self._open_paragraph(skip_notes=False)
        if paragraph is not None and (items := _list_of(paragraph)) is not None:
            last = paragraph.children[-1]
            if last.kind is Kind.WRAP_UP:
                last.text = f"{last.text}\n{line}"
                self.holder = last
                return
            # A sub-paragraph whose own words end with `:` ("5) в пункте 2 статьи 26:")
            # introduces what follows: the unnumbered lines after it (an amending act's
            # instructions and the wording they quote) are its own, not the point's wrap-up.
            item = items[-1]
            if item.kind is Kind.SUBPARAGRAPH and item.text.partition("\n")[0].endswith(":"):
                item.text = f"{item.text}\n{line}"
                self.holder = item
                return
            wrap_up = Provision(Kind.WRAP_UP, text=line)
            paragraph.children.append(wrap_up)
            self.line_of[id(wrap_up)] = line_no
            self.holder = wrap_up
            return
        if paragraph is not None and not paragraph.children and self.open:
            paragraph.text = f"{paragraph.text}\n{line}" if paragraph.text else line
            self.holder = paragraph
            return
        part = Provision(Kind.PART, text=line)
        self._part_siblings(line_no).append(part)
        self.line_of[id(part)] = line_no
        self.holder = part

    def finish(self) -> ParsedText:
        if self.signature is not None:
            self._close_conclusions()
        assign_eids(self.top)
        self._check_numbers()
        self.issues.sort(key=lambda issue: issue.line)
        return ParsedText(self.top, self.issues)

    def _siblings(self) -> list[Provision]:
        """Where a paragraph, note or heading goes: into the innermost open heading."""
        return self.open[-1].children if self.open else self.top

    def _report_nesting(self, marker: _Marker, line_no: int) -> None:
        """Say once per scope that sections are read inside chapters, and under which."""
        chapter = next((p for p in reversed(self.open) if p.kind is Kind.CHAPTER), None)
        if chapter is None or self.scope in self.nesting_told:
            return
        self.nesting_told.add(self.scope)
        self.report(
            line_no,
            _l(
                "Section %(section)s comes after Chapter %(chapter)s, so this text's sections "
                "are read as divisions of its chapters (Section %(section)s is in Chapter "
                "%(chapter)s, numbered within it); put sections before chapters if they are "
                "meant to hold them.",
                section=marker.num,
                chapter=chapter.num,
            ),
        )

    def _close_conclusions(self) -> None:
        """The signature block ends the body (an annex or the end follows): the conclusions."""
        lines = [entry for entry in self.signature or [] if entry is not None]
        self.signature = None
        while self.open and self.open[-1].kind is not Kind.ANNEX:
            self.open.pop()
        conclusions = Provision(Kind.CONCLUSIONS, text="\n".join(line for line, _ in lines))
        self._siblings().append(conclusions)
        self.line_of[id(conclusions)] = lines[0][1]
        self.holder = None
        self.untitled = None

    def quoted(self, line: str, line_no: int) -> None:
        """A line inside a quotation: plain words, never a signature or a heading's title."""
        self.untitled = None
        replaying, self.replaying = self.replaying, True
        self.plain(line, line_no)
        self.replaying = replaying

    def _replay_signature(self) -> None:
        """More of the body follows what looked like a signature: read its lines as text."""
        entries, self.signature = self.signature or [], None
        self.replaying = True
        for entry in entries:
            if entry is None:
                self.blank()
            else:
                self.plain(*entry)
        self.replaying = False

    def _open_paragraph(self, *, skip_notes: bool) -> Provision | None:
        """The numbered paragraph that is the last thing in the innermost open heading."""
        siblings = self._siblings()
        for provision in reversed(siblings):
            if provision.kind is Kind.NOTE and skip_notes:
                continue
            return provision if provision.kind is Kind.PARAGRAPH else None
        return None

    def _paragraph_above(self) -> Provision | None:
        """The paragraph the line above went into (itself, a sub-paragraph or a note of it)."""
        siblings = self._siblings()
        if self.holder is None or not siblings or siblings[-1].kind is not Kind.PARAGRAPH:
            return None
        paragraph = siblings[-1]
        if self.holder is paragraph or (
            paragraph.children and paragraph.children[-1] is self.holder
        ):
            return paragraph
        return None

    def _part_siblings(self, line_no: int) -> list[Provision]:
        """Where unnumbered text goes: the open heading, else the preamble, else the act."""
        if self.open:
            return self.open[-1].children
        if all(p.kind in (Kind.NOTE, Kind.PREAMBLE) for p in self.top):
            # Before the first provision (after the act's own footnotes, if any): the preamble.
            if not self.top or self.top[-1].kind is not Kind.PREAMBLE:
                preamble = Provision(Kind.PREAMBLE)
                self.top.append(preamble)
                self.line_of[id(preamble)] = line_no
            return self.top[-1].children
        return self.top  # e.g. a closing line after an order's paragraphs

    def _place_subparagraph(self, provision: Provision, line_no: int) -> None:
        paragraph = self._open_paragraph(skip_notes=True)
        if paragraph is not None:
            self._append_to_list(paragraph, provision, line_no)
            return
        container = self.open[-1] if self.open else None
        siblings = self._siblings()
        if _list_of_children(siblings) is not None:
            self._append_to_list(container, provision, line_no)
        else:
            siblings.append(provision)
        if container is None or container.kind is not Kind.ARTICLE:
            if container is None:
                message = _l(
                    "Sub-paragraph %(num)s) has no paragraph or article above it; it is kept "
                    "at the top of the act. Put it after a numbered paragraph.",
                    num=provision.num,
                )
            else:
                message = _l(
                    "Sub-paragraph %(num)s) has no paragraph or article above it; it is kept "
                    "under %(container)s. Put it after a numbered paragraph.",
                    num=provision.num,
                    container=_label(container, start=False),
                )
            self.report(line_no, message)

    def _append_to_list(self, owner: Provision | None, provision: Provision, line_no: int) -> None:
        """Add a sub-paragraph to the list of `owner` (a paragraph, heading or the act).

        Numbering that goes on continues the open list, and the text between two of its
        sub-paragraphs (a point's would-be wrap-up, an article's would-be parts) is more of the
        earlier one; numbering that starts again opens a new `list`, introduced by that text.
        """
        children = owner.children if owner is not None else self.top
        current = _list_of_children(children)
        previous = _last_subparagraph(current) if current is not None else None
        between = _text_after_list(children) if previous is not None else []
        restarts = previous is not None and _restarts(previous.num, provision.num)
        for provision_between in between:
            children.remove(provision_between)
        intro = "\n".join(p.text for p in between)
        if between and not restarts:
            previous.text = f"{previous.text}\n{intro}" if previous.text else intro
        if restarts:
            if _number_key(provision.num or "") != (1,):
                self.report(
                    line_no,
                    _l(
                        "Sub-paragraph %(num)s) comes after %(previous)s), so it starts a new "
                        "list of its point; check the numbering.",
                        num=provision.num,
                        previous=previous.num,
                    ),
                )
            new_list = Provision(Kind.LIST, text=intro)
            self.line_of[id(new_list)] = self.line_of.get(id(between[0]), 0) if between else 0
            children.append(new_list)
            new_list.children.append(provision)
        elif current is not None and current is not children:
            current.append(provision)
        else:
            children.append(provision)

    def _check_numbers(self) -> None:
        """Report repeated numbers (their eIds got `_dupN`) and numbers out of sequence."""
        first_of: dict[str, Provision] = {}  # eId -> the provision that has it
        line_of = self.line_of
        # The last number seen in each numbering: headings are numbered through the act (or
        # through an annex), paragraphs and sub-paragraphs within their parent.
        last: dict[tuple[Kind, int], tuple[Provision, tuple[int, ...]]] = {}
        annex_kind, section, chapter, subchapter = (
            Kind.ANNEX,
            Kind.SECTION,
            Kind.CHAPTER,
            Kind.SUBCHAPTER,
        )

        def visit(siblings: list[Provision], parent: Provision | None, annex: Provision | None):
            for provision in siblings:
                eid = provision.eid
                base_eid = _DUP_RE.sub("", eid) if "_dup" in eid else eid
                kind = provision.kind
                if base_eid != eid:
                    first = line_of.get(id(first_of[base_eid]), 0)
                    self.report(
                        line_of.get(id(provision), 0),
                        _l(
                            "%(provision)s repeats the number of line %(first)s; both are kept "
                            "until one of them is renumbered.",
                            provision=_label(provision),
                            first=first,
                        ),
                        severity="error",
                    )
                else:
                    first_of[base_eid] = provision
                    key = _number_key(provision.num) if provision.num else None
                    if key is not None:
                        owner = annex if kind in LEVEL else parent
                        if kind is section and parent and parent.kind is chapter:
                            owner = parent  # sections inside chapters are numbered within each
                        if kind is subchapter:
                            owner = parent  # a code numbers its "параграфы" within each chapter
                        scope = (kind, id(owner) if owner is not None else 0)
                        previous = last.get(scope)
                        if previous is not None and not _follows(previous[1], key):
                            before = previous[0]
                            self.report(
                                line_of.get(id(provision), 0),
                                _l(
                                    "%(provision)s follows %(before)s (line %(line)s); check "
                                    "the numbering.",
                                    provision=_label(provision),
                                    before=_label(before, start=False),
                                    line=line_of.get(id(before), 0),
                                ),
                            )
                        last[scope] = (provision, key)
                if provision.children:
                    visit(provision.children, provision, provision if kind is annex_kind else annex)

        visit(self.top, None, None)

    def report(self, line_no: int, message: LazyString, severity: str = "warning") -> None:
        self.issues.append(ParseIssue(line_no, message, severity))


def _label(provision: Provision, *, start: bool = True) -> LazyString:
    """How a message names a provision: `Article 5`, `Sub-paragraph 2)`, `The annex`, in the
    language the message is shown in (`5-бап`, `статья 5`); capitalised to start a sentence."""
    kind, num = provision.kind, provision.num
    if num is None:
        name = _UNNUMBERED.get(kind)
        label = name if name is not None else _l("the %(kind)s", kind=kind.value)
    else:
        numbered = _NUMBERED.get(kind)
        label = (
            numbered(num)
            if numbered is not None
            else _l("%(kind)s %(num)s", kind=kind.value.capitalize(), num=num)
        )
    return LazyString(_capitalised, label) if start else label


def _capitalised(text: LazyString) -> str:
    shown = str(text)
    return shown[:1].upper() + shown[1:]


# How the parser's messages name a provision, translated when a message is shown (the
# parser's messages are lazy: `ParseIssue`).
_NUMBERED = {
    Kind.SECTION: lambda num: _l("Section %(num)s", num=num),
    Kind.CHAPTER: lambda num: _l("Chapter %(num)s", num=num),
    Kind.SUBCHAPTER: lambda num: _l("Subchapter %(num)s", num=num),
    Kind.ARTICLE: lambda num: _l("Article %(num)s", num=num),
    Kind.ANNEX: lambda num: _l("Annex %(num)s", num=num),
    Kind.PARAGRAPH: lambda num: _l("Paragraph %(num)s", num=num),
    Kind.SUBPARAGRAPH: lambda num: _l("Sub-paragraph %(num)s)", num=num),
    Kind.PART: lambda num: _l("Part %(num)s", num=num),
    Kind.NOTE: lambda num: _l("Note %(num)s", num=num),
}
_UNNUMBERED = {
    Kind.SECTION: _l("the section"),
    Kind.CHAPTER: _l("the chapter"),
    Kind.SUBCHAPTER: _l("the subchapter"),
    Kind.ARTICLE: _l("the article"),
    Kind.ANNEX: _l("the annex"),
    Kind.PARAGRAPH: _l("the paragraph"),
    Kind.SUBPARAGRAPH: _l("the sub-paragraph"),
    Kind.PART: _l("the part"),
    Kind.NOTE: _l("the note"),
    Kind.PREAMBLE: _l("the preamble"),
}


def _note_goes_on(provision: Provision) -> bool:
    """Whether a note's last line introduces or continues its list (ends with `:` or `;`)."""
    return provision.kind is Kind.NOTE and provision.text.endswith((":", ";"))


def _starts_new_block(holder: Provision, line: str) -> bool:
    """Whether a line right below a sub-paragraph starts text of its own, not a continuation.

    Texts copied from the official publication put every paragraph on one line, with no blank
    line between: after a sub-paragraph that ends its sentence, a line opening with a capital
    is the point's wrap-up (or the words before its next list), not more of the sub-paragraph.
    """
    if holder.kind is not Kind.SUBPARAGRAPH:
        return False
    last_line = holder.text.rpartition("\n")[2]
    return last_line.endswith(".") and line[:1].isupper()


def _list_of_children(children: list[Provision]) -> list[Provision] | None:
    """The children list the next sub-paragraph of a list continues, or None with no list.

    The list goes on past notes, a wrap-up and parts (an article's intro between its lists),
    back to the last sub-paragraph or list; a paragraph or heading in between ends it.
    """
    for child in reversed(children):
        kind = child.kind
        if kind is Kind.SUBPARAGRAPH:
            return children
        if kind is Kind.LIST:
            return child.children
        if kind not in _SKIPPED_BY_LISTS:
            return None
    return None


_SKIPPED_BY_LISTS = frozenset({Kind.NOTE, Kind.WRAP_UP, Kind.PART})


def _list_of(paragraph: Provision) -> list[Provision] | None:
    """The list of a paragraph, when it has one."""
    return _list_of_children(paragraph.children)


def _text_after_list(children: list[Provision]) -> list[Provision]:
    """The wrap-up or parts that follow a list's last sub-paragraph directly."""
    after: list[Provision] = []
    for child in reversed(children):
        if child.kind not in (Kind.WRAP_UP, Kind.PART):
            break
        after.append(child)
    if len(after) == len(children) or children[-len(after) - 1].kind not in _LIST_KINDS:
        return []
    return after[::-1]


_LIST_KINDS = frozenset({Kind.SUBPARAGRAPH, Kind.LIST})


def _last_subparagraph(children: list[Provision]) -> Provision | None:
    return next((c for c in reversed(children) if c.kind is Kind.SUBPARAGRAPH), None)


def _restarts(previous: str | None, num: str | None) -> bool:
    """Whether a sub-paragraph numbered `num` after `previous` starts a list again (`1)`)."""
    before, key = _number_key(previous or ""), _number_key(num or "")
    if before is None or key is None:
        return False
    return key == (1,) or (key <= before and not _follows(before, key))


@lru_cache(maxsize=4096)  # pure, and called for every numbered provision more than once
def _number_key(num: str) -> tuple[int, ...] | None:
    """The number as integers to compare: `4-1` is (4, 1), `IV` is (4,)."""
    if not num:
        return None
    if not num[0].isdigit():
        value = roman_to_int(num)
        return (value,) if value is not None else None
    try:
        return tuple(int(part) for part in _NUMBER_PARTS_RE.split(num))
    except ValueError:  # more digits than int() accepts: no sequence to check
        return None


def _follows(previous: tuple[int, ...], key: tuple[int, ...]) -> bool:
    """Whether `key` may come next: 4 → 5, 4 → 4-1, 4-1 → 4-2, 4-1 → 5, 1.2 → 2.1."""
    depth = len(previous)
    if depth == 1 == len(key) and key[0] == previous[0] + 1:
        return True  # the usual case, 4 → 5, decided without the loop below
    if key[:depth] == previous and len(key) > depth and set(key[depth:]) == {1}:
        return True  # an inserted number: 4 → 4-1
    for i in range(min(depth, len(key))):
        if (
            key[:i] == previous[:i]
            and key[i] == previous[i] + 1
            and all(part == 1 for part in key[i + 1 :])
        ):
            return True
    return False
