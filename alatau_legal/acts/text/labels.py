"""What a provision is called, as a lawyer writes it, in each language of the text.

"подпункт 3) пункта 2 статьи 7", "7-баптың 2-тармағының 3) тармақшасы", "Article 7(2)(3)":
one function per language builds the name from the kinds and printed numbers of the chain of
provisions, outermost first, so pages, messages, e-mails and documents all say the same thing.

Russian names the innermost provision first and puts each one above it in the genitive, except
that what a note is attached to follows "к" in the dative ("примечание к статье 7"). Kazakh
runs the other way: the outermost provision comes first in the genitive and each one below it
takes the third-person possessive ("7-баптың 2-тармағы"), with the suffixes chosen by vowel
harmony and the final consonant of the word ("бап" → "бабы", "бабының").
English writes the compact citation "Article 7(2)(3)" by default, or spells the chain out
("subparagraph 3) of paragraph 2 of Article 7").

`label_for_eid` finds the chain from a version's flat provisions (printed numbers, such as
Roman chapter numbers, come from there) and falls back to reading the eId itself when the
provision is not in that version. eId components that are not provisions (`intro`, `list_2`,
`wrapup` of a list inside a point) add nothing to the name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .eids import FlatProvision
from .model import EID_PREFIX, Kind

LANGUAGES = ("en", "ru", "kk")

Chain = Sequence[tuple[Kind, str | None]]

# --- the words --------------------------------------------------------------------------------

# Russian: nominative, genitive, dative.
_RU_FORMS: dict[Kind, tuple[str, str, str]] = {
    Kind.SECTION: ("раздел", "раздела", "разделу"),
    Kind.CHAPTER: ("глава", "главы", "главе"),
    Kind.SUBCHAPTER: ("параграф", "параграфа", "параграфу"),
    Kind.ARTICLE: ("статья", "статьи", "статье"),
    Kind.PARAGRAPH: ("пункт", "пункта", "пункту"),
    Kind.SUBPARAGRAPH: ("подпункт", "подпункта", "подпункту"),
    Kind.PART: ("часть", "части", "части"),
    Kind.ANNEX: ("приложение", "приложения", "приложению"),
    Kind.PREAMBLE: ("преамбула", "преамбулы", "преамбуле"),
    Kind.NOTE: ("примечание", "примечания", "примечанию"),
}

# Kazakh: the bare stem; the cases are formed by `_kk_genitive` and `_kk_possessive`.
_KK_STEMS: dict[Kind, str] = {
    Kind.SECTION: "бөлім",
    Kind.CHAPTER: "тарау",
    Kind.SUBCHAPTER: "параграф",
    Kind.ARTICLE: "бап",
    Kind.PARAGRAPH: "тармақ",
    Kind.SUBPARAGRAPH: "тармақша",
    Kind.PART: "бөлік",
    Kind.ANNEX: "қосымша",
    Kind.PREAMBLE: "кіріспе",
    Kind.NOTE: "ескертпе",
}

# English: the word as it stands inside a reference (capitalised kinds are cited as names).
_EN_WORDS: dict[Kind, str] = {
    Kind.SECTION: "Section",
    Kind.CHAPTER: "Chapter",
    Kind.SUBCHAPTER: "Subchapter",
    Kind.ARTICLE: "Article",
    Kind.PARAGRAPH: "paragraph",
    Kind.SUBPARAGRAPH: "subparagraph",
    Kind.PART: "part",
    Kind.ANNEX: "Annex",
    Kind.PREAMBLE: "preamble",
    Kind.NOTE: "note",
}

# "of this Law": Russian genitive and dative, Kazakh genitive and dative, English "of" and "to"
# (the dative and "to" follow an annex: "приложение 1 к настоящему Закону").
_ACT_REFERENCES: dict[str, dict[str, tuple[str, str]]] = {
    "constitutional_law": {
        "ru": ("настоящего Конституционного закона", "настоящему Конституционному закону"),
        "kk": ("осы Конституциялық заңның", "осы Конституциялық заңға"),
        "en": ("of this Constitutional Law", "to this Constitutional Law"),
    },
    "law": {
        "ru": ("настоящего Закона", "настоящему Закону"),
        "kk": ("осы Заңның", "осы Заңға"),
        "en": ("of this Law", "to this Law"),
    },
    "decree": {
        "ru": ("настоящего постановления", "настоящему постановлению"),
        "kk": ("осы қаулының", "осы қаулыға"),
        "en": ("of this Decree", "to this Decree"),
    },
    "regulation": {
        "ru": ("настоящего постановления", "настоящему постановлению"),
        "kk": ("осы қаулының", "осы қаулыға"),
        "en": ("of this Regulation", "to this Regulation"),
    },
    "order": {
        "ru": ("настоящего приказа", "настоящему приказу"),
        "kk": ("осы бұйрықтың", "осы бұйрыққа"),
        "en": ("of this Order", "to this Order"),
    },
    "rules": {
        "ru": ("настоящих Правил", "настоящим Правилам"),
        "kk": ("осы Қағидалардың", "осы Қағидаларға"),
        "en": ("of these Rules", "to these Rules"),
    },
}

# The act a decision approves, where an annex of the decision holds it ("Правила", approved by
# "Утвердить прилагаемые Правила"): its own annexes are named after it, "приложение 1 к
# Правилам", "Қағидаларға 1-қосымша", "Annex 1 to the Rules" (see parser.py). The dative of its
# name comes from the annex's own heading where that names it (`к Положению ...`).
_APPROVED_ACT: dict[str, str] = {"ru": "Правилам", "kk": "Қағидаларға", "en": "the Rules"}
_APPROVED_ACT_IN_HEADING: dict[str, re.Pattern[str]] = {
    "ru": re.compile(r"^к\s+(?P<name>[^\W\d_]+)"),
    "kk": re.compile(r"(?:^|\s)(?P<name>[^\W\d_]+(?:ға|ге|қа|ке|на|не))\s*$", re.IGNORECASE),
    "en": re.compile(r"^to\s+(?P<name>(?:the\s+)?[^\W\d_]+)", re.IGNORECASE),
}


def approved_act_name(heading: str, language: str) -> str:
    """The dative name of the approved act an annex is attached to, from its heading."""
    match = _APPROVED_ACT_IN_HEADING[language].search(heading or "")
    if match is None:
        return _APPROVED_ACT[language]
    name = match["name"]
    return name[:1].upper() + name[1:] if language == "kk" else name


# Kinds attached to the act rather than part of it: "к настоящему Закону", "to this Law".
_ATTACHED_KINDS = frozenset({Kind.ANNEX, Kind.NOTE})

# --- Kazakh morphology ------------------------------------------------------------------------

_KK_BACK_VOWELS = frozenset("аоұыя")
_KK_FRONT_VOWELS = frozenset("әөүіеэ")
_KK_VOWELS = _KK_BACK_VOWELS | _KK_FRONT_VOWELS | frozenset("июё")
_KK_SONORANTS = frozenset("лрйузж")  # genitive -дың/-дің after these
_KK_NASALS = frozenset("мнң")  # and -ның/-нің after vowels and these
_KK_VOICING = {"п": "б", "к": "г", "қ": "ғ"}  # a final consonant voiced before a vowel


def _kk_front(word: str) -> bool:
    """Whether the word takes front-vowel suffixes: its last unambiguous vowel decides."""
    for letter in reversed(word.lower()):
        if letter in _KK_FRONT_VOWELS:
            return True
        if letter in _KK_BACK_VOWELS:
            return False
    return False


def _kk_genitive(word: str) -> str:
    """The genitive: баптың, тараудың, бөлімнің, тармақшаның, бабының."""
    last = word[-1].lower()
    if last in _KK_VOWELS or last in _KK_NASALS:
        consonant = "н"
    elif last in _KK_SONORANTS:
        consonant = "д"
    else:
        consonant = "т"
    return word + consonant + ("ің" if _kk_front(word) else "ың")


def _kk_possessive(word: str) -> str:
    """The third-person possessive: бабы, тармағы, бөлігі, тарауы, қосымшасы, ескертпесі."""
    front = _kk_front(word)
    last = word[-1].lower()
    if last in _KK_VOWELS and last not in "иу":
        return word + ("сі" if front else "сы")
    if last in _KK_VOICING:
        word = word[:-1] + _KK_VOICING[last]
    return word + ("і" if front else "ы")


# --- the chain --------------------------------------------------------------------------------


def _number(kind: Kind, num: str | None) -> str | None:
    """The number as printed after or before the word: `3)` for a sub-paragraph."""
    if not num:
        return None
    return f"{num})" if kind is Kind.SUBPARAGRAPH and not num.endswith(")") else num


def _ru(chain: list[tuple[Kind, str | None]], act: tuple[str, str] | None) -> str:
    words: list[str] = []
    after_note = False
    for depth, (kind, num) in enumerate(reversed(chain)):
        nominative, genitive, dative = _RU_FORMS[kind]
        if depth == 0:
            word = nominative
        elif after_note:
            word = f"к {dative}"
        else:
            word = genitive
        number = _number(kind, num)
        words.append(f"{word} {number}" if number else word)
        after_note = kind is Kind.NOTE
    if act is not None:
        # What is attached to the act itself follows "к": "приложение 1 к настоящему Закону".
        words.append(f"к {act[1]}" if chain[0][0] in _ATTACHED_KINDS else act[0])
    return " ".join(words)


def _kk(chain: list[tuple[Kind, str | None]], act: tuple[str, str] | None) -> str:
    words: list[str] = []
    if act is not None:
        words.append(act[1] if chain[0][0] is Kind.ANNEX else act[0])  # осы Заңға 1-қосымша
    last = len(chain) - 1
    for index, (kind, num) in enumerate(chain):
        stem = _KK_STEMS[kind]
        # Possessed by what precedes it; an annex "to this Law" (dative) is not possessed.
        possessed = index > 0 or (act is not None and kind is not Kind.ANNEX)
        word = _kk_possessive(stem) if possessed else stem
        if index < last:
            word = _kk_genitive(word)
        if num and kind is Kind.SUBPARAGRAPH:
            word = f"{_number(kind, num)} {word}"
        elif num:
            word = f"{num}-{word}"
        words.append(word)
    return " ".join(words)


def _en(chain: list[tuple[Kind, str | None]], act: tuple[str, str] | None, compact: bool) -> str:
    text = ""
    cited_article = False  # the text so far is "Article 7(2)" and can take another "(3)"
    wrapped = False  # the text so far is a phrase ("note to ...") that needs "the" inside "of"
    for index, (kind, num) in enumerate(chain):
        word = _EN_WORDS[kind]
        number = _number(kind, num)
        own = f"{word} {number}" if number else word
        if index == 0:
            text, cited_article = own, kind is Kind.ARTICLE
            wrapped = kind in (Kind.PREAMBLE, Kind.NOTE)
        elif (
            compact
            and cited_article
            and num
            and (
                kind is Kind.PARAGRAPH
                or (kind is Kind.SUBPARAGRAPH and chain[index - 1][0] is Kind.PARAGRAPH)
            )
        ):
            text = f"{text}({num.rstrip(')')})"
        elif compact and cited_article and kind in (Kind.PART, Kind.SUBPARAGRAPH):
            # "Article 7, part 2"; a sub-paragraph directly in an article is not a "(2)"
            text, cited_article = f"{text}, {own}", False
        elif kind is Kind.NOTE:
            inner = f"{word} {number} to" if number else f"{word} to"
            text, cited_article, wrapped = f"{inner} {text}", False, True
        else:
            of = "of the" if wrapped else "of"
            text, cited_article, wrapped = f"{own} {of} {text}", False, False
    if act is not None:
        attached = chain[0][0] in _ATTACHED_KINDS or chain[0][0] is Kind.PREAMBLE
        text = f"{text} {act[1] if attached else act[0]}"  # "the preamble to this Law"
    return text


def provision_label(
    chain: Chain,
    language: str,
    *,
    act_type: str | None = None,
    compact: bool = True,
    capitalise: bool = True,
    approved_act: str | None = None,
) -> str:
    """The name of the last provision of `chain` (outermost first) in the nominative.

    Each element is a kind and the number as printed (`"7"`, `"4-1"`, `"1.1"`, `"IV"`); a
    part, note or annex without a printed number takes its position among its siblings, or
    None when it is the only one of its kind. `act_type` (`law`, `decree`, ...) adds
    "настоящего Закона" / "осы Заңның" / "of this Law"; `compact` chooses "Article 7(2)(3)"
    over the spelled-out English form; `capitalise` makes the first letter a capital, as the
    label starts a table cell. An annex in an annex is the approved act's annex, named after
    it (`approved_act`, its name in the dative: "Правилам", else the Rules in `language`).
    """
    language = str(language)
    if language not in LANGUAGES:
        raise ValueError(f"No labels in {language!r}: the languages are {', '.join(LANGUAGES)}.")
    steps = [(Kind(kind), str(num) if num not in (None, "") else None) for kind, num in chain]
    if not steps:
        raise ValueError("A provision label needs at least one provision.")
    act = None
    # An annex inside an annex is the approved act's own annex: named after that act.
    nested = max(
        (i for i in range(1, len(steps)) if steps[i][0] is Kind.ANNEX is steps[i - 1][0]),
        default=None,
    )
    if nested is not None:
        steps = steps[nested:]
        name = approved_act or _APPROVED_ACT[language]
        act = (f"of {name}", f"to {name}") if language == "en" else (name, name)
        act_type = None  # "приложение 1 к Правилам", not "... к настоящему постановлению"
    if act_type is not None:
        references = _ACT_REFERENCES.get(str(act_type))
        if references is None:
            raise ValueError(f"No reference to an act of type {act_type!r}.")
        act = references[language]
    if language == "ru":
        label = _ru(steps, act)
    elif language == "kk":
        label = _kk(steps, act)
    else:
        label = _en(steps, act, compact)
    return label[:1].upper() + label[1:] if capitalise else label


# --- from an eId ------------------------------------------------------------------------------

_KIND_BY_PREFIX = {prefix: kind for kind, prefix in EID_PREFIX.items()}
_COMPONENT_RE = re.compile(r"^(?P<prefix>[a-z]+)(?:_(?P<num>[^_]+))?(?:_dup\d+)?$")
# Kinds whose number is their position when the text prints none.
_ORDINAL_KINDS = frozenset({Kind.PART, Kind.NOTE, Kind.ANNEX})
# The position is shown even when there is only one: "часть 1" is how a part is cited.
_ALWAYS_NUMBERED = frozenset({Kind.PART})
# Sections, chapters and a code's "параграфы" number their articles and points through the
# act, so they name a provision below them only when it hangs on them directly (a note to a
# chapter). A "параграф" is numbered within its chapter, so it is named with it: "параграф 1
# главы 2", "2-тараудың 1-параграфы", "Subchapter 1 of Chapter 2".
_THROUGH_NUMBERED_PARENTS = frozenset({Kind.SECTION, Kind.CHAPTER, Kind.SUBCHAPTER})
_NAMED_WITH_PARENT = frozenset({Kind.NOTE, Kind.PART, Kind.SUBCHAPTER})


def _read_component(component: str) -> tuple[Kind, str | None] | None:
    """The kind and eId number of one eId component, or None for `intro`, `list_2`, ..."""
    match = _COMPONENT_RE.match(component)
    if match is None:
        return None
    kind = _KIND_BY_PREFIX.get(match["prefix"])
    # A list or wrap-up inside a point is named by its point; the conclusions are no provision.
    if kind not in _RU_FORMS or (kind is Kind.PREAMBLE) != (match["num"] is None):
        return None
    return kind, match["num"]


def _eid_ordinal(eid: str) -> str | None:
    """The number in the last provision component of an eId: `art_7__part_2` gives `2`."""
    for component in reversed(eid.split("__")):
        read = _read_component(component)
        if read is not None:
            return read[1]
    return None


def _siblings_of_kind(provision: FlatProvision, provisions: Mapping[str, FlatProvision]) -> int:
    return sum(
        1
        for other in provisions.values()
        if other.parent == provision.parent and other.kind is provision.kind
    )


def _printed_number(
    provision: FlatProvision, provisions: Mapping[str, FlatProvision] | None
) -> str | None:
    if provision.num:
        return provision.num
    if provision.kind not in _ORDINAL_KINDS:
        return None
    if provision.kind not in _ALWAYS_NUMBERED and (
        provisions is None or _siblings_of_kind(provision, provisions) < 2
    ):
        return None
    return _eid_ordinal(provision.eid)


def _chain_from_provisions(
    provision: FlatProvision, provisions: Mapping[str, FlatProvision]
) -> list[tuple[Kind, str | None]]:
    chain: list[tuple[Kind, str | None]] = []
    current: FlatProvision | None = provision
    seen: set[str] = set()
    while current is not None and current.eid not in seen:
        seen.add(current.eid)
        kind = current.kind if isinstance(current.kind, Kind) else None
        if kind is not None and kind in _RU_FORMS:
            below = chain[0][0] if chain else None
            # "статья 7", not "статья 7 главы 2"; but "примечание к главе 2".
            if (
                kind not in _THROUGH_NUMBERED_PARENTS
                or below is None
                or below in _NAMED_WITH_PARENT
            ):
                chain.insert(0, (kind, _printed_number(current, provisions)))
        current = provisions.get(current.parent) if current.parent else None
    return chain


def _chain_from_eid(
    eid: str, provisions: Mapping[str, FlatProvision] | None
) -> list[tuple[Kind, str | None]]:
    chain: list[tuple[Kind, str | None]] = []
    components = eid.split("__")
    for index, component in enumerate(components):
        read = _read_component(component)
        if read is None:
            continue
        kind, num = read
        known = provisions.get("__".join(components[: index + 1])) if provisions else None
        if known is not None and known.kind is kind:
            num = _printed_number(known, provisions)
        elif kind is Kind.NOTE and num == "1":
            num = None  # a single note is "примечание", not "примечание 1"
        chain.append((kind, num))
    return chain


def label_for_eid(
    eid: str,
    provisions: Mapping[str, FlatProvision] | None,
    language: str,
    *,
    act_type: str | None = None,
    compact: bool = True,
    capitalise: bool = True,
) -> str:
    """The name of the provision `eid` in `language`, as `provision_label` writes it.

    `provisions` maps the eIds of a version's flat provisions to them; the chain and printed
    numbers come from there, or from the eId itself when the provision is not in that version.
    Raises ValueError when the eId names no provision at all.
    """
    components = eid.split("__")
    # A list inside a point (`..._list_2`, `intro`, `wrapup`) is named by its point.
    while components and _read_component(components[-1]) is None:
        components.pop()
    base = "__".join(components)
    known = provisions.get(base) if provisions and base else None
    chain = (
        _chain_from_provisions(known, provisions)
        if known is not None and provisions is not None
        else _chain_from_eid(base, provisions)
    )
    if not chain:
        raise ValueError(f"{eid!r} names no provision.")
    approved_act = None
    if provisions and language in LANGUAGES:
        # The approved act's annex (`annex_1__annex_2`) names the act it is attached to.
        parts = base.split("__")
        for end in range(len(parts), 1, -1):
            annex = provisions.get("__".join(parts[:end]))
            outer = provisions.get("__".join(parts[: end - 1]))
            if annex and outer and annex.kind is Kind.ANNEX and outer.kind is Kind.ANNEX:
                approved_act = approved_act_name(annex.heading, language)
                break
    return provision_label(
        chain,
        language,
        act_type=act_type,
        compact=compact,
        capitalise=capitalise,
        approved_act=approved_act,
    )
