"""Compare two versions of an act provision by provision, and merge concurrent saves.

Everything here works on the flat rows of `flatten` (one `FlatProvision` per provision, in
document order) and is pure: no Flask, no database. `compare` is what the compare views and
exports show; `merge` decides whether a save made against an older version can be combined
with the versions saved since.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from .text.eids import FlatProvision, assign_eids
from .text.model import Provision

ChangeKind = Literal["added", "removed", "changed", "moved"]

# A word, a run of whitespace or a run of punctuation: together they cover the whole string,
# so a diff over these tokens can be joined back into either side exactly.
_TOKEN_RE = re.compile(r"\w+|\s+|[^\w\s]+")
_WORD_RE = re.compile(r"\w+")

# Two provisions that lost their eIds (renumbered) are taken for the same one edited when
# this share of their words still agrees.
SIMILARITY_THRESHOLD = 0.75
# A ratio needs len(a) / len(b) >= _LENGTH_FACTOR to reach the threshold at all
# (2 * min / (min + max) >= t  <=>  min / max >= t / (2 - t)).
_LENGTH_FACTOR = SIMILARITY_THRESHOLD / (2 - SIMILARITY_THRESHOLD)
# How many removed/added pairs compare() weighs for renumbered-and-edited provisions. Ordinary
# edits need a few hundred; a wholesale rewrite would need millions and gains nothing from
# them, so past this its leftovers are simply reported as removed and added.
_PAIRING_BUDGET = 5_000


# --- word diff ------------------------------------------------------------------------------


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The word-level difference of two strings as `(op, text)`, op `equal`/`insert`/`delete`."""
    old_tokens = _TOKEN_RE.findall(old)
    new_tokens = _TOKEN_RE.findall(new)
    # Most edits touch a few words in the middle: matching only what lies between the common
    # head and tail keeps a long provision's diff cheap.
    head = 0
    limit = min(len(old_tokens), len(new_tokens))
    while head < limit and old_tokens[head] == new_tokens[head]:
        head += 1
    tail = 0
    limit -= head
    while tail < limit and old_tokens[-1 - tail] == new_tokens[-1 - tail]:
        tail += 1
    old_middle = old_tokens[head : len(old_tokens) - tail]
    new_middle = new_tokens[head : len(new_tokens) - tail]
    # Whitespace is every other token: as junk it only extends matches found on words and
    # punctuation instead of seeding thousands of one-space candidates.
    matcher = SequenceMatcher(str.isspace, old_middle, new_middle, autojunk=False)
    opcodes = [
        (tag, i1 + head, i2 + head, j1 + head, j2 + head)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    if head:
        opcodes.insert(0, ("equal", 0, head, 0, head))
    if tail:
        opcodes.append(
            (
                "equal",
                len(old_tokens) - tail,
                len(old_tokens),
                len(new_tokens) - tail,
                len(new_tokens),
            )
        )

    result: list[tuple[str, str]] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        # One edited stretch reads best as all of its old words, then all of its new ones.
        if deleted:
            result.append(("delete", "".join(deleted)))
            deleted.clear()
        if inserted:
            result.append(("insert", "".join(inserted)))
            inserted.clear()

    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            text = "".join(old_tokens[i1:i2])
            between_changes = (deleted or inserted) and index < len(opcodes) - 1
            if between_changes and text.isspace():
                # A lone space kept between two edits splits one rewording into confetti
                # ("[-the-][+a+] [-cat-][+dog+]"); fold it into the edit instead.
                deleted.append(text)
                inserted.append(text)
                continue
            flush()
            result.append(("equal", text))
        else:
            deleted.extend(old_tokens[i1:i2])
            inserted.extend(new_tokens[j1:j2])
    flush()
    return result


# --- compare --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One provision that differs between two versions; `diff` is the word diff, if any."""

    eid: str
    change: ChangeKind
    old: FlatProvision | None
    new: FlatProvision | None
    diff: list[tuple[str, str]] | None = None


def _wording(provision: FlatProvision) -> str:
    return "\n".join(part for part in (provision.heading, provision.text) if part)


def _wording_diff(old: FlatProvision, new: FlatProvision) -> list[tuple[str, str]]:
    return word_diff(_wording(old), _wording(new))


def compare(old: Sequence[FlatProvision], new: Sequence[FlatProvision]) -> list[Change]:
    """The provisions added, removed, changed or moved from `old` to `new`, in reading order."""
    old_index = {provision.eid: index for index, provision in enumerate(old)}
    new_index = {provision.eid: index for index, provision in enumerate(new)}

    # Where each surviving old provision went in the new version (old index -> new index),
    # used to place removed provisions next to their old neighbour.
    old_to_new: dict[int, int] = {}
    # (new index, Change) for everything that exists in the new version.
    placed: list[tuple[int, Change]] = []

    for j, after in enumerate(new):
        i = old_index.get(after.eid)
        if i is None:
            continue
        old_to_new[i] = j
        before = old[i]
        # Unchanged provisions cost one tuple comparison each: most of a version is unchanged.
        if before.content != after.content:
            change = Change(after.eid, "changed", before, after, _wording_diff(before, after))
        elif before.parent != after.parent:
            change = Change(after.eid, "moved", before, after)
        else:
            continue
        placed.append((j, change))

    removed = [i for i, provision in enumerate(old) if provision.eid not in new_index]
    added = [j for j, provision in enumerate(new) if provision.eid not in old_index]
    for i, j, diff in _pair_renumbered(old, new, removed, added):
        old_to_new[i] = j
        placed.append((j, Change(new[j].eid, "moved", old[i], new[j], diff)))

    # A removed provision goes right after the nearest provision before it in the old version
    # that survives; a run of removed ones stays together in its old order.
    anchored: list[tuple[int, int, int, Change]] = [(j, 0, 0, c) for j, c in placed]
    anchor = -1
    for i, provision in enumerate(old):
        if i in old_to_new:
            anchor = old_to_new[i]
        else:
            anchored.append((anchor, 1, i, Change(provision.eid, "removed", provision, None)))
    paired_new = set(old_to_new.values())
    anchored.extend(
        (j, 0, 0, Change(new[j].eid, "added", None, new[j])) for j in added if j not in paired_new
    )
    anchored.sort(key=lambda item: item[:3])
    return [change for *_, change in anchored]


def _pair_renumbered(
    old: Sequence[FlatProvision],
    new: Sequence[FlatProvision],
    removed: list[int],
    added: list[int],
) -> list[tuple[int, int, list[tuple[str, str]] | None]]:
    """Pair removed with added provisions that are the same one under a new eId.

    First identical wording (kind, heading, text; the number may differ), then the most
    similar wording of the same kind at or above `SIMILARITY_THRESHOLD`, with its word diff.
    """
    pairs: list[tuple[int, int, list[tuple[str, str]] | None]] = []
    by_wording: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i in removed:
        by_wording[_wording_key(old[i])].append(i)
    # Reversed so that pop() hands out the earliest removed provision first.
    for candidates in by_wording.values():
        candidates.reverse()

    unpaired_added: list[int] = []
    for j in added:
        candidates = by_wording.get(_wording_key(new[j]))
        if candidates:
            pairs.append((candidates.pop(), j, None))
        else:
            unpaired_added.append(j)
    unpaired_removed = sorted(i for candidates in by_wording.values() for i in candidates)
    if not unpaired_added or not unpaired_removed:
        return pairs

    # Removed provisions by kind, sorted by word count: only those of a comparable length can
    # reach the threshold, so each added provision looks at a narrow slice of candidates.
    old_words = {i: _WORD_RE.findall(_wording(old[i])) for i in unpaired_removed}
    by_kind: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i in unpaired_removed:
        by_kind[old[i].kind].append((len(old_words[i]), i))
    for candidates in by_kind.values():
        candidates.sort()

    scored: list[tuple[float, int, int]] = []
    matcher = SequenceMatcher(None, autojunk=False)
    budget = _PAIRING_BUDGET
    for j in unpaired_added:
        candidates = by_kind.get(new[j].kind)
        if not candidates or budget <= 0:
            continue
        words = _WORD_RE.findall(_wording(new[j]))
        # SequenceMatcher caches what it learns about its second sequence: set it once.
        matcher.set_seq2(words)
        low = bisect_left(candidates, (int(len(words) * _LENGTH_FACTOR), -1))
        high = bisect_right(candidates, (int(len(words) / _LENGTH_FACTOR) + 1, len(old)))
        window = candidates[low:high][:budget]
        budget -= len(window)
        for _, i in window:
            matcher.set_seq1(old_words[i])
            if (
                matcher.real_quick_ratio() >= SIMILARITY_THRESHOLD
                and matcher.quick_ratio() >= SIMILARITY_THRESHOLD
                and (ratio := matcher.ratio()) >= SIMILARITY_THRESHOLD
            ):
                scored.append((-ratio, j, i))

    # Best pairs first, ties in document order, each provision used once.
    scored.sort()
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    for _, j, i in scored:
        if i in taken_old or j in taken_new:
            continue
        taken_old.add(i)
        taken_new.add(j)
        pairs.append((i, j, _wording_diff(old[i], new[j])))
    return pairs


def _wording_key(provision: FlatProvision) -> tuple[str, str, str]:
    return (provision.kind.value, provision.heading, provision.text)


# --- trees ----------------------------------------------------------------------------------


def build_tree(flat: Iterable[FlatProvision]) -> list[Provision]:
    """The tree of provisions that `flatten` made the flat rows from (eIds kept)."""
    roots: list[Provision] = []
    nodes: dict[str, Provision] = {}
    for row in flat:
        node = Provision(row.kind, row.num, row.heading, row.text, eid=row.eid)
        if row.parent is None:
            roots.append(node)
        elif row.parent in nodes:
            nodes[row.parent].children.append(node)
        else:
            raise ValueError(f"{row.eid}: its parent {row.parent} does not come before it")
        nodes[row.eid] = node
    return roots


# --- three-way merge ------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """A provision both saves changed, each in its own way: the three wordings side by side."""

    eid: str
    base: FlatProvision | None
    theirs: FlatProvision | None
    ours: FlatProvision | None


@dataclass
class MergeResult:
    """The merged tree (eIds assigned), or None with the conflicts that prevent it."""

    provisions: list[Provision] | None
    conflicts: list[Conflict] = field(default_factory=list)


# What a side did to one eId is judged by its content and parent (None: not there).
_State = tuple[tuple[str, str | None, str, str], str | None] | None


@dataclass
class _Side:
    """One version's rows, indexed for the merge."""

    rows: dict[str, FlatProvision]
    children: dict[str | None, list[str]]
    # Kept under the same parent as in base, but out of base's order among the siblings.
    repositioned: set[str]

    def state(self, eid: str) -> _State:
        row = self.rows.get(eid)
        return None if row is None else (row.content, row.parent)

    def previous_sibling(self, eid: str) -> str | None:
        siblings = self.children[self.rows[eid].parent]
        index = siblings.index(eid)
        return siblings[index - 1] if index else None


def _side(flat: Sequence[FlatProvision], base: _Side | None = None) -> _Side:
    rows = {row.eid: row for row in flat}
    children: dict[str | None, list[str]] = defaultdict(list)
    for row in flat:
        children[row.parent].append(row.eid)
    side = _Side(rows, children, set())
    if base is not None:
        for parent, eids in children.items():
            side.repositioned.update(_out_of_order(parent, eids, base, rows))
    return side


def _out_of_order(
    parent: str | None, eids: list[str], base: _Side, rows: dict[str, FlatProvision]
) -> list[str]:
    """The siblings that a side moved among those it kept under the same parent as base."""
    kept = [eid for eid in eids if eid in base.rows and base.rows[eid].parent == parent]
    before = [
        eid for eid in base.children.get(parent, ()) if eid in rows and rows[eid].parent == parent
    ]
    if kept == before:
        return []
    matcher = SequenceMatcher(None, before, kept, autojunk=False)
    in_order = {
        eid
        for block in matcher.get_matching_blocks()
        for eid in kept[block.b : block.b + block.size]
    }
    return [eid for eid in kept if eid not in in_order]


def merge(
    base: Sequence[FlatProvision],
    theirs: Sequence[FlatProvision],
    ours: Sequence[FlatProvision],
) -> MergeResult:
    """Apply the changes `ours` made to `base` onto `theirs`, or report where both changed."""
    base_side = _side(base)
    their_side = _side(theirs, base_side)
    our_side = _side(ours, base_side)

    conflicts: dict[str, Conflict] = {}

    def conflict(eid: str) -> None:
        conflicts.setdefault(
            eid,
            Conflict(
                eid, base_side.rows.get(eid), their_side.rows.get(eid), our_side.rows.get(eid)
            ),
        )

    def touched(side: _Side, eid: str) -> bool:
        return side.state(eid) != base_side.state(eid) or eid in side.repositioned

    to_apply: set[str] = set()
    for eid in dict.fromkeys([*our_side.rows, *their_side.rows, *base_side.rows]):
        if not touched(our_side, eid):
            continue
        if not touched(their_side, eid):
            to_apply.add(eid)
        elif not _same_change(eid, their_side, our_side):
            conflict(eid)

    # Start from theirs: it is the act's current text, and ours only adds its own changes.
    rows = dict(their_side.rows)
    children: dict[str | None, list[str]] = defaultdict(list)
    for parent, eids in their_side.children.items():
        children[parent] = list(eids)

    # In ours' document order, so a provision's parent and preceding sibling are in place
    # before it is.
    for eid in our_side.rows:
        if eid not in to_apply:
            continue
        row = our_side.rows[eid]
        current = rows.get(eid)
        rows[eid] = row
        if (
            current is not None
            and current.parent == row.parent
            and eid not in our_side.repositioned
        ):
            continue  # new wording in the same place
        if row.parent is not None and (row.parent not in rows or _is_within(row.parent, eid, rows)):
            conflict(eid)  # its new parent was removed since base, or would sit inside it
            continue
        if current is not None:
            children[current.parent].remove(eid)
        siblings = children[row.parent]
        siblings.insert(_insertion_point(eid, our_side.children[row.parent], siblings), eid)

    removed = [eid for eid in base_side.rows if eid in to_apply and eid not in our_side.rows]
    removed_set = set(removed)
    for eid in removed:
        if eid not in rows:
            continue
        # Whatever theirs put below a provision ours removed would vanish with it unseen.
        for descendant in _descendants(eid, children):
            if descendant not in removed_set:
                conflict(descendant)
    if conflicts:
        return MergeResult(None, list(conflicts.values()))

    for eid in removed:
        if eid in rows:
            children[rows[eid].parent].remove(eid)

    def build(eid: str) -> Provision:
        row = rows[eid]
        node = Provision(row.kind, row.num, row.heading, row.text)
        node.children = [build(child) for child in children.get(eid, ())]
        return node

    provisions = [build(eid) for eid in children[None]]
    assign_eids(provisions)
    return MergeResult(provisions, [])


def _same_change(eid: str, theirs: _Side, ours: _Side) -> bool:
    """True when both sides changed one eId to the same wording in the same place."""
    if theirs.state(eid) != ours.state(eid):
        return False
    their_move = eid in theirs.repositioned
    our_move = eid in ours.repositioned
    if their_move != our_move:
        return False
    return not their_move or theirs.previous_sibling(eid) == ours.previous_sibling(eid)


def _insertion_point(eid: str, our_siblings: list[str], siblings: list[str]) -> int:
    """Where `eid` goes among `siblings`: after the nearest one that precedes it in ours."""
    for preceding in reversed(our_siblings[: our_siblings.index(eid)]):
        if preceding in siblings:
            return siblings.index(preceding) + 1
    return 0


def _is_within(eid: str, ancestor: str, rows: dict[str, FlatProvision]) -> bool:
    """True when `eid` is `ancestor` or lies below it."""
    current: str | None = eid
    while current is not None:
        if current == ancestor:
            return True
        current = rows[current].parent if current in rows else None
    return False


def _descendants(eid: str, children: dict[str | None, list[str]]) -> Iterator[str]:
    """Every provision below `eid`, in document order."""
    for child in children.get(eid, ()):
        yield child
        yield from _descendants(child, children)
