"""Akoma Ntoso style identifiers (eIds) for provisions, derived from their place in the tree.

Sections, chapters, articles, annexes and the preamble are unique across an act, so their
eIds stand alone (`chp_2`, `art_5`, `annex_1`); paragraphs, sub-paragraphs, parts and notes
are named under their parent (`art_5__para_2__subpara_3`). Roman numbers become Arabic
(`Chapter IV` is `chp_4`) so an act keeps its eIds across its language versions.

Each prefix is the abbreviation the AKN naming convention gives the element the provision is
exported as (`documents/akn.py`): `sec`, `chp`, `art`, `para`, `subpara` (`subparagraph`),
`part` (an unnumbered part of an article, the "часть" lawyers count), `list`, `wrapup`
(`wrapUp`), `conclusions`, and the `name` of an `hcontainer` for notes and annexes.

A point (paragraph) holds its sub-paragraphs directly, its own text being the list's intro, so
the ordinary case keeps the short form `art_5__para_2__subpara_3`. The rest of a point follows
AKN's intro / list / wrapUp:

- text after the point's list is its wrap-up, `art_5__para_2__wrapup` (one per point);
- a second list numbered again from `1)` (with the words that introduce it, if any) is a
  `list` container counted with the first, implicit list: `art_5__para_2__list_2`, its
  sub-paragraphs `art_5__para_2__list_2__subpara_1`. An article, chapter or annex whose own
  sub-paragraphs start again from `1)` gets the same `art_5__list_2__subpara_1`.
- the act's signature block is `conclusions` (in an annex, `annex_1__conclusions`);
- where a decision approves an act annexed to it, the approved act's own annexes are nested in
  the decision's annex (see `parser._Builder._approved_act`), as AKN nests an attachment's
  attachments: `annex_1__annex_1`; headings inside them are named under them
  (`annex_1__annex_2__chp_1`), so they never clash with the approved act's own chapters;
- where a text divides its chapters into sections (see `parser.SECTIONS_IN_CHAPTERS`), a
  section is numbered within its chapter: `chp_2__sec_1`.
- a code's "параграф" (`Параграф 1.`, `1-параграф.`: a group of articles inside a chapter)
  is AKN's `subchapter`, abbreviated `subchp` as the naming convention abbreviates it, and
  numbered within its chapter as codes number it: `chp_2__subchp_1`. The articles inside it
  keep their own eIds (`art_23`), since articles are numbered through the act. AKN's
  `paragraph` is not used for it: that element (and `para`) is our numbered point.

So a well-formed act never needs a made-up suffix. Only a real mistake, two provisions
with the same number in one place (two `Article 5.`), still gets `_dupN` on the second one,
and the parser reports it as an error until it is renumbered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .model import EID_PREFIX, Kind, Provision

STANDALONE_KINDS = frozenset({Kind.SECTION, Kind.CHAPTER, Kind.ARTICLE, Kind.ANNEX, Kind.PREAMBLE})
# Kinds numbered by their position among siblings of the same kind when the text gives none.
ORDINAL_KINDS = frozenset({Kind.PART, Kind.NOTE, Kind.ANNEX, Kind.LIST})
# Kinds of which a parent has one: their eId is the bare prefix (`..._wrapup`, `conclusions`).
SINGLE_KINDS = frozenset({Kind.PREAMBLE, Kind.WRAP_UP, Kind.CONCLUSIONS})

_ROMAN_RE = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


@lru_cache(maxsize=4096)  # pure; every number of every text passes here
def roman_to_int(numeral: str) -> int | None:
    """The value of a well-formed Roman numeral, or None if it is not one."""
    lowered = numeral.lower()
    if not lowered or not _ROMAN_RE.match(lowered):
        return None
    total = 0
    for current, following in zip(lowered, [*lowered[1:], ""], strict=True):
        value = _ROMAN_VALUES[current]
        total += -value if following and _ROMAN_VALUES[following] > value else value
    return total


@lru_cache(maxsize=4096)
def eid_number(num: str) -> str:
    """The number as it stands in an eId: lower case, Roman numerals as Arabic."""
    as_int = roman_to_int(num)
    return str(as_int) if as_int is not None else num.lower()


def assign_eids(provisions: Iterable[Provision]) -> None:
    """Set `eid` on every provision of the tree, in place; a repeated eId gets `_dupN`."""
    seen: dict[str, int] = {}
    _assign_level(list(provisions), "", seen)


def _assign_level(
    siblings: list[Provision],
    parent_eid: str,
    seen: dict[str, int],
    parent: Kind | None = None,
    scope: str = "",
) -> None:
    ordinals: dict[Kind, int] = {}
    subparagraph, section = Kind.SUBPARAGRAPH, Kind.SECTION
    for provision in siblings:
        if provision.kind is subparagraph:
            ordinals[Kind.LIST] = 1  # the sub-paragraphs standing here are the first list
            break
    in_chapter = parent is Kind.CHAPTER
    for provision in siblings:
        kind = provision.kind
        count = ordinals[kind] = ordinals.get(kind, 0) + 1
        prefix = EID_PREFIX[kind]
        if kind in SINGLE_KINDS:
            local = prefix if count == 1 else f"{prefix}_{count}"
        elif provision.num:
            local = f"{prefix}_{eid_number(provision.num)}"
        else:
            local = f"{prefix}_{count}"
        # A section inside a chapter is numbered within it (see parser.SECTIONS_IN_CHAPTERS).
        standalone = kind in STANDALONE_KINDS and not (kind is section and in_chapter)
        # An annex of an annex (the approved act's own annex) is named under it, and what is
        # standalone inside it is named under it too: `annex_1__annex_1__chp_1`.
        if kind is Kind.ANNEX and parent is Kind.ANNEX:
            eid = f"{parent_eid}__{local}"
        elif standalone:
            eid = f"{scope}__{local}" if scope else local
        else:
            eid = f"{parent_eid}__{local}" if parent_eid else local
        times = seen[eid] = seen.get(eid, 0) + 1
        if times > 1:
            eid = f"{eid}_dup{times}"
        provision.eid = eid
        if provision.children:
            inner = eid if kind is Kind.ANNEX and parent is Kind.ANNEX else scope
            _assign_level(provision.children, eid, seen, kind, inner)


@dataclass(frozen=True)
class FlatProvision:
    """A provision without its children: one row of a version's text in document order."""

    eid: str
    kind: Kind
    num: str | None
    heading: str
    text: str
    parent: str | None
    depth: int

    @property
    def content(self) -> tuple[str, str | None, str, str]:
        """What makes two provisions the same wording: kind, number, heading and text."""
        return (self.kind.value, self.num, self.heading, self.text)


def flatten(provisions: Iterable[Provision]) -> list[FlatProvision]:
    """The provisions of a tree (eIds assigned) as a flat list in document order."""
    rows: list[FlatProvision] = []

    def visit(provision: Provision, parent: str | None, depth: int) -> None:
        rows.append(
            FlatProvision(
                eid=provision.eid,
                kind=provision.kind,
                num=provision.num,
                heading=provision.heading,
                text=provision.text,
                parent=parent,
                depth=depth,
            )
        )
        for child in provision.children:
            visit(child, provision.eid, depth + 1)

    for provision in provisions:
        visit(provision, None, 0)
    return rows
