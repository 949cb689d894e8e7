"""Bring a stored tree up to the current text model, and say where each old eId went.

A tree stored by an earlier parser keeps the structure it was read with: a Russian footnote
glued to the sub-paragraph above it, a signature as a part of the act, a second list with
`_dup2` eIds, a point's closing words as a part of the article. `remodel` reads the tree's own
canonical text again with today's parser, so the wording stays word for word and only the
structure changes, and maps every old eId to the provision that now holds its words, so a
comment made on the old provision stays on it (migration 0005).
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from .eids import FlatProvision, flatten
from .model import HEADED_KINDS, Provision
from .parser import parse
from .render import render


def remodel(provisions: Sequence[Provision], language: str) -> tuple[list[Provision], dict]:
    """The tree as the current parser reads its text, and {old eId: new eId} where they differ.

    `provisions` must have eIds assigned. When the current parser reads the same tree back,
    the tree itself is returned with an empty mapping.
    """
    new = parse(render(provisions, language)).provisions
    old_rows, new_rows = flatten(provisions), flatten(new)
    if _shape(old_rows) == _shape(new_rows):
        return list(provisions), {}
    return new, _mapping(old_rows, new_rows)


def _shape(rows: list[FlatProvision]) -> list[tuple]:
    return [(row.eid, row.content) for row in rows]


def _key(row: FlatProvision) -> tuple:
    """What identifies a provision's words across the two readings."""
    if row.kind in HEADED_KINDS:
        return ("heading", row.kind.value, row.num, row.heading)
    first_line = row.text.partition("\n")[0]
    return ("text", first_line) if first_line else ("empty", row.kind.value, row.num)


def _mapping(old_rows: list[FlatProvision], new_rows: list[FlatProvision]) -> dict[str, str]:
    old_keys, new_keys = [_key(r) for r in old_rows], [_key(r) for r in new_rows]
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    found: dict[str, str] = {}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            found[old_rows[block.a + offset].eid] = new_rows[block.b + offset].eid
    for row in old_rows:
        if row.eid in found:
            continue
        # Words the new reading split off or joined: the provision that holds the first line,
        # else wherever the old provision's parent went.
        first_line = row.text.partition("\n")[0]
        holder = next((n for n in new_rows if first_line and first_line in n.text), None)
        if holder is not None:
            found[row.eid] = holder.eid
        elif row.parent is not None and row.parent in found:
            found[row.eid] = found[row.parent]
    return {old: new for old, new in found.items() if old != new}
