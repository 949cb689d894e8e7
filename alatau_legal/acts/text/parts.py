"""Which part of a text is the act's own body, and what else the text carries.

A text may hold more than the act a drafter is writing:

- an explanatory note before the act (`Пояснительная записка ...`: the parser keeps it as the
  act's first note, its heading the words that open it);
- an approving decision above an annexed act: a short order of points ("1. Утвердить
  прилагаемые Правила ...", "Қоса беріліп отырған Қағидалар бекітілсін"), its signature and
  then "Приложение 1 к решению ...", the annex holding the approved act, which is the act's
  own body;
- annexes attached to the act.

`text_parts` names the part each top-level provision belongs to, so the act page (and the
editor's outline) can label where each part starts. It reads only the tree: the parser has
already put each part apart (see parser.py), and nothing here changes it.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Kind, Provision
from .parser import APPROVES_RE as _APPROVES_RE
from .parser import OF_DECISION_RE as _OF_DECISION_RE
from .parser import is_explanatory_start

# The part names, as the templates know them.
EXPLANATORY_NOTE = "explanatory_note"
APPROVING_DECISION = "approving_decision"
APPROVED_ACT = "approved_act"  # the act's own body, annexed to the decision that approves it
BODY = "body"
ANNEX = "annex"

# A decision is a short order of points: a text with these headings before its annexes is an
# act of its own (a law whose annexes are attached to it).
_ACT_HEADINGS = frozenset({Kind.SECTION, Kind.CHAPTER, Kind.SUBCHAPTER, Kind.ARTICLE})


def is_explanatory_note(provision: Provision) -> bool:
    return provision.kind is Kind.NOTE and bool(
        provision.heading and is_explanatory_start(provision.heading)
    )


def _texts(provisions: Iterable[Provision]) -> Iterable[str]:
    for provision in provisions:
        for node in provision.walk():
            yield node.text


def _approves(before_annexes: list[Provision]) -> bool:
    """Whether the provisions before the first annex are a decision approving what follows."""
    if not before_annexes:
        return False
    if any(node.kind in _ACT_HEADINGS for p in before_annexes for node in p.walk()):
        return False
    return any(_APPROVES_RE.search(text) for text in _texts(before_annexes))


def text_parts(provisions: list[Provision]) -> list[str]:
    """The part of each top-level provision, in order (see the names above).

    When the text is all body (no explanatory note, no annex) every entry is `body`.
    """
    first_annex = next(
        (i for i, p in enumerate(provisions) if p.kind is Kind.ANNEX), len(provisions)
    )
    before = [p for p in provisions[:first_annex] if not is_explanatory_note(p)]
    decision = first_annex < len(provisions) and _approves(before)
    parts: list[str] = []
    for index, provision in enumerate(provisions):
        if is_explanatory_note(provision) and index < first_annex:
            parts.append(EXPLANATORY_NOTE)
        elif index < first_annex:
            parts.append(APPROVING_DECISION if decision else BODY)
        elif decision and (index == first_annex or _OF_DECISION_RE.search(provision.heading or "")):
            parts.append(APPROVED_ACT)
        else:
            parts.append(ANNEX)
    return parts


def part_starts(provisions: list[Provision]) -> dict[str, str]:
    """The eId of the provision where each part starts -> its part, for labelling.

    Empty when the whole text is the act's body (nothing to tell apart). Each annex is a part
    of its own (it starts where it starts), as is each act a decision approves.
    """
    parts = text_parts(provisions)
    if all(part == BODY for part in parts):
        return {}
    starts: dict[str, str] = {}
    previous = None
    for provision, part in zip(provisions, parts, strict=True):
        if part != previous or provision.kind is Kind.ANNEX:
            starts[provision.eid] = part
        previous = part
        # The approved act's own annexes (`Приложение 1 к Правилам`) are nested in it
        # (`annex_1__annex_1`, see parser.py): each starts an annex part of its own.
        if part == APPROVED_ACT:
            for child in provision.children:
                if child.kind is Kind.ANNEX:
                    starts[child.eid] = ANNEX
    return starts
