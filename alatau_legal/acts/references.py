"""The references of each version, stored when it is saved, and what a save did to them.

The grammar is `text/references.py`; this module keeps its results per version and language
(versions are immutable, so the rows are written once), answers "what refers to this
provision" with a query, and compares a save's references with those of the version before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from ..extensions import db
from ..http import request_memo
from .models import ProvisionReference, ReferenceTarget, Version
from .text import FlatProvision, Provision, flatten
from .text.labels import label_for_eid
from .text.references import Resolved, external_iri, references_of

BATCH = 500


def compute(provisions: Sequence[Provision], language: str) -> list[Resolved]:
    """Every reference of a tree (eIds assigned) in one language, resolved in that tree."""
    return list(references_of(provisions, language))


def store(version: Version, provisions: Sequence[Provision], language: str) -> list[Resolved]:
    """Write the references of a newly saved version's text in `language`."""
    found = compute(provisions, language)
    rows = []
    for position, resolved in enumerate(found):
        reference = resolved.reference
        rows.append(
            ProvisionReference(
                version_id=version.id,
                language=language,
                position=position,
                source_eid=resolved.source,
                text=reference.text[:4000],
                target_eid=resolved.target,
                targets=[eid for eid in resolved.targets if eid] if reference.internal else [],
                external=reference.external,
                external_iri=external_iri(reference.external) if reference.external else None,
                status=resolved.status,
            )
        )
    db.session.add_all(rows)
    db.session.flush()
    _forget(version, language)
    targets = [
        {"reference_id": row.id, "target_eid": eid, "version_id": version.id}
        for row, resolved in zip(rows, found, strict=True)
        for eid in dict.fromkeys(resolved.covered)
    ]
    for start in range(0, len(targets), BATCH):
        db.session.execute(ReferenceTarget.__table__.insert(), targets[start : start + BATCH])
    return found


def carry(previous: Version, version: Version, language: str) -> None:
    """Copy the references of a language's text carried over unchanged from `previous` (the
    same text resolves the same way, so nothing is parsed again)."""
    old = of_version(previous, language)
    if not old:
        return
    rows = [
        ProvisionReference(
            version_id=version.id,
            language=language,
            position=row.position,
            source_eid=row.source_eid,
            text=row.text,
            target_eid=row.target_eid,
            targets=list(row.targets or []),
            external=row.external,
            external_iri=row.external_iri,
            status=row.status,
        )
        for row in old
    ]
    db.session.add_all(rows)
    db.session.flush()
    _forget(version, language)
    new_id = {old_row.id: row.id for old_row, row in zip(old, rows, strict=True)}
    targets = [
        {"reference_id": new_id[reference_id], "target_eid": eid, "version_id": version.id}
        for reference_id, eid in db.session.execute(
            select(ReferenceTarget.reference_id, ReferenceTarget.target_eid)
            .join(ProvisionReference, ProvisionReference.id == ReferenceTarget.reference_id)
            .where(
                ProvisionReference.version_id == previous.id,
                ProvisionReference.language == language,
            )
        )
    ]
    for start in range(0, len(targets), BATCH):
        db.session.execute(ReferenceTarget.__table__.insert(), targets[start : start + BATCH])


def of_version(version: Version, language: str) -> list[ProvisionReference]:
    """The stored references of a version's text in one language, in document order.

    A version's references never change once written, so a page that asks twice (its links,
    then the workflow's guard on broken ones) reads them once per request."""
    memo = request_memo("references")
    key = (version.id, language)
    if memo is not None and key in memo and _still_persistent(memo[key]):
        return memo[key]
    rows = list(
        db.session.scalars(
            select(ProvisionReference)
            .where(
                ProvisionReference.version_id == version.id,
                ProvisionReference.language == language,
            )
            .order_by(ProvisionReference.position)
        )
    )
    if memo is not None:
        memo[key] = rows
    return rows


def _still_persistent(rows: list[ProvisionReference]) -> bool:
    """Rows a rolled-back transaction had added are not kept (no longer persistent)."""
    return not rows or sa_inspect(rows[0]).persistent


def _forget(version: Version, language: str) -> None:
    """A version's references in a language were just written: read them afresh."""
    memo = request_memo("references")
    if memo is not None:
        memo.pop((version.id, language), None)


def referring_to(version: Version, eid: str, language: str) -> list[ProvisionReference]:
    """The references of a version that name this provision (alone, in a list or a range)."""
    return list(
        db.session.scalars(
            select(ProvisionReference)
            .join(ReferenceTarget, ReferenceTarget.reference_id == ProvisionReference.id)
            .where(
                ReferenceTarget.version_id == version.id,
                ReferenceTarget.target_eid == eid,
                ProvisionReference.language == language,
            )
            .order_by(ProvisionReference.position)
        )
    )


def referrers_by_target(version: Version, language: str) -> dict[str, list[ProvisionReference]]:
    """Every provision of a version that is referred to, with the references to it."""
    by_target: dict[str, list[ProvisionReference]] = {}
    statement = (
        select(ReferenceTarget.target_eid, ProvisionReference)
        .join(ProvisionReference, ReferenceTarget.reference_id == ProvisionReference.id)
        .where(ReferenceTarget.version_id == version.id, ProvisionReference.language == language)
        .order_by(ProvisionReference.position)
    )
    for target_eid, reference in db.session.execute(statement):
        by_target.setdefault(target_eid, []).append(reference)
    return by_target


def broken(version: Version, language: str) -> list[ProvisionReference]:
    """The internal references of a version that name no provision of it (from the ones this
    request has read already, if it has)."""
    memo = request_memo("references")
    rows = memo.get((version.id, language)) if memo is not None else None
    if rows is not None and _still_persistent(rows):
        return [row for row in rows if row.status == "broken"]
    return list(
        db.session.scalars(
            select(ProvisionReference)
            .where(
                ProvisionReference.version_id == version.id,
                ProvisionReference.language == language,
                ProvisionReference.status == "broken",
            )
            .order_by(ProvisionReference.position)
        )
    )


# --- what a save did ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Affected:
    """A reference a save broke or left pointing at another provision."""

    eid: str  # where the reference stands
    text: str
    target: str | None  # broken: the provision it named before; shifted: the one it names now
    was: str | None = None  # shifted: the provision it named before the save
    now_at: str | None = None  # shifted: where that provision is now


@dataclass
class SaveReport:
    broken: list[Affected] = field(default_factory=list)
    shifted: list[Affected] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "broken": [{"eid": a.eid, "text": a.text, "target": a.target} for a in self.broken],
            "shifted": [
                {"eid": a.eid, "text": a.text, "target": a.target, "was": a.was, "now_at": a.now_at}
                for a in self.shifted
            ],
        }


@dataclass(frozen=True)
class Seen:
    """A reference as a save report compares it: where, as written, what it named."""

    source: str
    text: str
    targets: tuple[str | None, ...]
    status: str

    @classmethod
    def of(cls, resolved: Resolved) -> Seen:
        return cls(
            resolved.source, resolved.reference.text, tuple(resolved.targets), resolved.status
        )

    @classmethod
    def stored(cls, row: ProvisionReference) -> Seen:
        return cls(row.source_eid, row.text, tuple(row.targets or ()), row.status)


def save_report(
    before: Sequence[Provision],
    before_refs: Sequence[Seen],
    after: Sequence[Provision],
    after_refs: Sequence[Seen],
) -> SaveReport:
    """The references of `after` that were fine in `before` and are now broken, or that now
    name a different provision from the one they named (it moved, was renumbered or deleted
    and another took its number)."""
    old_rows = {row.eid: row for row in flatten(before)}
    new_rows = flatten(after)
    new_by_eid = {row.eid: row for row in new_rows}
    new_by_wording: dict[tuple, list[str]] = {}
    for row in new_rows:
        new_by_wording.setdefault(_wording(row), []).append(row.eid)

    def now_at(old_eid: str) -> str | None:
        """Where the provision that had `old_eid` before the save is after it, if anywhere."""
        old = old_rows.get(old_eid)
        if old is None:
            return None
        same = new_by_eid.get(old_eid)
        if same is not None and _wording(same) == _wording(old):
            return old_eid
        places = new_by_wording.get(_wording(old), [])
        return places[0] if len(places) == 1 else None

    old_by_wording: dict[tuple, list[str]] = {}
    for row in old_rows.values():
        old_by_wording.setdefault(_wording(row), []).append(row.eid)

    def origin(new_eid: str) -> str | None:
        """Which provision of before the save the one with `new_eid` after it was, if known."""
        row = new_by_eid.get(new_eid)
        places = old_by_wording.get(_wording(row), []) if row is not None else []
        return places[0] if len(places) == 1 else None

    previous: dict[tuple[str, str], Seen] = {}
    by_text: dict[str, list[Seen]] = {}
    for seen in before_refs:
        if seen.status != "external":
            previous.setdefault((seen.source, seen.text), seen)
            by_text.setdefault(seen.text, []).append(seen)
    report = SaveReport()
    for resolved in after_refs:
        if resolved.status == "external":
            continue
        old = previous.get((resolved.source, resolved.text))
        if old is None and len(by_text.get(resolved.text, [])) == 1:
            old = by_text[resolved.text][0]  # the provision it stands in was renumbered
        if resolved.status == "broken":
            if old is None or old.status == "resolved":
                target = next((eid for eid in old.targets if eid), None) if old else None
                report.broken.append(Affected(resolved.source, resolved.text, target))
            continue
        if old is None or old.status != "resolved":
            continue
        for was, target in zip(old.targets, resolved.targets, strict=False):
            if was is None or target is None:
                continue
            moved_to = now_at(was)
            came_from = origin(target)
            if (moved_to is not None and moved_to != target) or (
                moved_to is None and came_from is not None and came_from != was
            ):
                report.shifted.append(
                    Affected(resolved.source, resolved.text, target, was, moved_to)
                )
                break
    return report


def _wording(row) -> tuple:
    return (row.kind.value, row.heading, row.text)


# --- on the act page ---------------------------------------------------------------------------


@dataclass
class PageReferences:
    """What the act page shows of a version's references: each provision's text cut into
    plain runs and references, and each provision's referrers, named as a lawyer would."""

    segments: dict[str, list[tuple[str, ProvisionReference | None]]]
    referred_from: dict[str, list[tuple[str, str]]]  # target eId -> [(source eId, its name)]
    wording: dict[str, str]  # eId -> its text, for the tooltip of a link to it
    names: dict[str, str]  # eId -> how a lawyer names it
    rows: list[ProvisionReference] = field(default_factory=list)  # all, headings' too

    def broken(self) -> list[tuple[str, str]]:
        """The broken references of the version, (source eId, text), in document order."""
        return [(row.source_eid, row.text) for row in self.rows if row.status == "broken"]


def for_page(version: Version, provisions: Sequence[Provision], language: str) -> PageReferences:
    """The references of a version laid out for its page (one query for all of them)."""
    rows = of_version(version, language)
    flat = flatten(provisions)
    wording: dict[str, str] = {}
    texts: dict[str, str] = {}
    for node in flat:
        words = " ".join(part for part in (node.heading, node.text) if part)
        wording[node.eid] = words if len(words) <= 300 else words[:299] + "…"
        texts[node.eid] = node.text
    named = {row.source_eid for row in rows} | {row.target_eid for row in rows if row.target_eid}
    names = provision_names(flat, language, named)
    segments: dict[str, list[tuple[str, ProvisionReference | None]]] = {}
    cursor: dict[str, int] = {}
    referred_from: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        text = texts.get(row.source_eid, "")
        start = text.find(row.text, cursor.get(row.source_eid, 0))
        if start < 0:
            continue  # a reference in a heading: shown as written
        runs = segments.setdefault(row.source_eid, [])
        done = cursor.get(row.source_eid, 0)
        if start > done:
            runs.append((text[done:start], None))
        runs.append((row.text, row))
        cursor[row.source_eid] = start + len(row.text)
        for target in dict.fromkeys(row.targets or []):
            entries = referred_from.setdefault(target, [])
            if all(source != row.source_eid for source, _ in entries):
                entries.append((row.source_eid, names.get(row.source_eid, "")))
    for eid, runs in segments.items():
        rest = texts[eid][cursor[eid] :]
        if rest:
            runs.append((rest, None))
    return PageReferences(segments, referred_from, wording, names, rows)


def provision_names(
    flat: Sequence[FlatProvision], language: str, eids: Iterable[str] | None = None
) -> dict[str, str]:
    """How a lawyer names each provision (of `eids`, or all) in the middle of a sentence:
    `пункт 1 статьи 2`, `2-баптың 1-тармағы`, `Article 2(1)`; the one naming function of each
    language is `text/labels.py`. Parts of the text that are no provision (the conclusions)
    have no name."""
    provisions = {row.eid: row for row in flat}
    names: dict[str, str] = {}
    for eid in provisions if eids is None else eids:
        try:
            names[eid] = label_for_eid(eid, provisions, language, capitalise=False)
        except ValueError:
            continue
    return names


def describe_affected(
    report: SaveReport, provisions: Sequence[Provision], language: str
) -> tuple[list[str], list[str]]:
    """A save report's broken and shifted references as sentences' parts, named as a lawyer
    would: `пункт 1 статьи 2: «статье 3 настоящего Закона»`."""
    names = provision_names(
        flatten(provisions), language, {a.eid for a in (*report.broken, *report.shifted)}
    )
    return (
        [named(names, a.eid, a.text) for a in report.broken],
        [named(names, a.eid, a.text) for a in report.shifted],
    )


def named(names: dict[str, str], eid: str, text: str) -> str:
    """`пункт 1 статьи 2: «статье 3 настоящего Закона»`: where a reference stands, as written."""
    name = names.get(eid)
    return f"{name}: «{text}»" if name else f"«{text}»"


# --- what comments are told --------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    """A broken reference of the latest version, for the comments on the provision it stands
    in (`source`) or on the provision it named (`was`)."""

    source: str  # the eId, in the latest version, of the provision the reference stands in
    text: str  # the reference as written
    since: int  # the version from which it is broken without a break
    was: str | None = None  # the provision it named before (None: it never named one)


def broken_since(
    act_id: int,
    language: str,
    latest: int,
    eids: Iterable[str],
    broken_now: Sequence[tuple[str, str]] | None = None,
) -> list[Notice]:
    """The broken references of version `latest` of an act, with the version since which each
    is broken and what it named before, read from the references stored with each version:
    those standing in `eids`, and those whose earlier target was one of `eids`.
    `broken_now`, the broken references (source eId, text) of version `latest` in `language`
    when the caller has read them already (the act page), spares a query."""
    wanted = set(eids)
    if broken_now is None:
        broken_now = list(
            db.session.execute(
                select(ProvisionReference.source_eid, ProvisionReference.text)
                .join(Version, Version.id == ProvisionReference.version_id)
                .where(
                    Version.act_id == act_id,
                    Version.number == latest,
                    ProvisionReference.language == language,
                    ProvisionReference.status == "broken",
                )
            )
        )
    if not broken_now:
        return []
    statement = (
        select(Version.number, ProvisionReference)
        .join(Version, Version.id == ProvisionReference.version_id)
        .where(
            Version.act_id == act_id,
            Version.number <= latest,
            ProvisionReference.language == language,
            ProvisionReference.source_eid.in_(sorted({source for source, _ in broken_now})),
            ProvisionReference.text.in_(sorted({text for _, text in broken_now})),
        )
    )
    history: dict[tuple[str, str], dict[int, ProvisionReference]] = {}
    for number, row in db.session.execute(statement):
        history.setdefault((row.source_eid, row.text), {}).setdefault(number, row)
    found: list[Notice] = []
    for source, text in dict.fromkeys(broken_now):
        rows = history.get((source, text), {})
        since = latest
        while since - 1 in rows and rows[since - 1].status == "broken":
            since -= 1
        before = rows.get(since - 1)
        was = before.target_eid if before is not None else None
        if source in wanted or was in wanted:
            found.append(Notice(source, text, since, was))
    return found
