"""The tree of provisions that an act's text is parsed into.

A provision's own content is its kind, number, heading and text; its children are the
provisions below it. Its eId is not stored: it follows from its place in the tree (see
`eids.py`), so the same content stored once can stand in many versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """The kinds of provision, as API.md names them."""

    SECTION = "section"
    CHAPTER = "chapter"
    # A "параграф" of a code: a group of articles inside a chapter (`Параграф 1.` /
    # `1-параграф.`), Akoma Ntoso `subchapter` (not AKN `paragraph`, which is our point).
    SUBCHAPTER = "subchapter"
    ARTICLE = "article"
    PARAGRAPH = "paragraph"
    SUBPARAGRAPH = "subparagraph"
    PART = "part"
    ANNEX = "annex"
    PREAMBLE = "preamble"
    NOTE = "note"
    # The structure of a point whose list does not stand alone (Akoma Ntoso `list`, `wrapUp`)
    # and the signature block of the act (`conclusions`): see `eids.py`.
    LIST = "list"
    WRAP_UP = "wrap_up"
    CONCLUSIONS = "conclusions"


# The eId prefix of each kind, in the Akoma Ntoso naming style.
EID_PREFIX: dict[Kind, str] = {
    Kind.SECTION: "sec",
    Kind.CHAPTER: "chp",
    Kind.SUBCHAPTER: "subchp",
    Kind.ARTICLE: "art",
    Kind.PARAGRAPH: "para",
    Kind.SUBPARAGRAPH: "subpara",
    Kind.PART: "part",
    Kind.ANNEX: "annex",
    Kind.PREAMBLE: "preamble",
    Kind.NOTE: "note",
    Kind.LIST: "list",
    Kind.WRAP_UP: "wrapup",
    Kind.CONCLUSIONS: "conclusions",
}

# Kinds that open with a heading line and hold unnumbered parts and notes.
HEADED_KINDS = frozenset({Kind.SECTION, Kind.CHAPTER, Kind.SUBCHAPTER, Kind.ARTICLE, Kind.ANNEX})


@dataclass
class Provision:
    """One node of an act's text: its own content and the provisions below it.

    `num` is the number as written (`"IV"`, `"4-1"`, `"1.1"`) or None for unnumbered kinds;
    `heading` is the title of a headed provision, and of a note the word that opened it when
    that is an editorial footnote's (`Сноска`, `Footnote`: see `parser.FOOTNOTE_WORDS`), so it
    is written back as it stood; `text` is its own wording (lines joined with `\\n`), empty for
    headed kinds; of a list, its introductory words; of the conclusions, the signature block.
    `eid` is filled in by `assign_eids`.
    """

    kind: Kind
    num: str | None = None
    heading: str = ""
    text: str = ""
    children: list[Provision] = field(default_factory=list)
    eid: str = ""

    def walk(self):
        """Yield this provision and every provision below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def same_content(self, other: Provision) -> bool:
        """True when kind, number, heading and text agree (children not compared)."""
        return (self.kind, self.num, self.heading, self.text) == (
            other.kind,
            other.num,
            other.heading,
            other.text,
        )


@dataclass
class ParseIssue:
    """Something in the text the parser kept but could not place as the author meant.

    `message` is lazily translated (Flask-Babel's `lazy_gettext`, its values kept with it): the
    parser needs no request, a page shows `str(issue.message)` in the reader's interface
    language, and the API's JSON and the command line give it in English (`errors.english`).
    """

    line: int  # 1-based line number in the text given to the parser
    message: Any  # a LazyString (or plain text): see above
    severity: str = "warning"  # "warning" | "error"


@dataclass
class ParsedText:
    """The result of parsing: the top-level provisions and what was reported on the way."""

    provisions: list[Provision]
    issues: list[ParseIssue] = field(default_factory=list)

    def walk(self):
        """Every provision in document order."""
        for provision in self.provisions:
            yield from provision.walk()
