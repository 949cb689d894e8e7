"""The audit's recorded fingerprints checked against the data they describe.

An entry keeps a hash of what it recorded (a comment's body, an opinion's text, a version's
Merkle root) or the value itself (a disposition and its reason, a waiver's reason, the status
a transition reached). The chain proves the entries were not altered; this proves the data
still says what the entries recorded, so editing a comment's body in the database is found
although its entry is intact.

The data's tables are read by name from the shared metadata: the audit is a lower layer and
imports no model of the domains above it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import Row, select, tuple_

from ..extensions import db
from .models import AuditEntry

BATCH = 500


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _table(name: str):
    return db.metadata.tables[name]


@dataclass
class RecordsResult:
    """How many recorded facts were compared, by kind, and the first that did not match."""

    checked: dict[str, int] = field(default_factory=dict)
    problem: str = ""
    bad_seq: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problem

    def summary(self) -> str:
        return ", ".join(f"{count} {kind}" for kind, count in self.checked.items() if count)


def _entries(actions: tuple[str, ...]) -> Iterator[list[Row]]:
    """Entries with these actions, in batches, oldest first."""
    table = AuditEntry.__table__
    last = 0
    while True:
        rows = db.session.execute(
            select(table)
            .where(table.c.action.in_(actions), table.c.seq > last)
            .order_by(table.c.seq)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        yield rows
        last = rows[-1].seq


def _latest_entries(actions: tuple[str, ...], key: Callable[[Row], object]) -> Iterator[list[Row]]:
    """Only the latest entry per `key` (a later disposition replaces the earlier one)."""
    latest: dict[object, Row] = {}
    for rows in _entries(actions):
        for row in rows:
            latest[key(row)] = row
    ordered = sorted(latest.values(), key=lambda row: row.seq)
    for start in range(0, len(ordered), BATCH):
        yield ordered[start : start + BATCH]


def _comments(ids: set[int]) -> dict[int, Row]:
    table = _table("review_comments")
    rows = db.session.execute(select(table).where(table.c.id.in_(ids)))
    return {row.id: row for row in rows}


def _check_comment_bodies(result: RecordsResult) -> None:
    for rows in _entries(("comment.created", "comment.replied")):
        comments = _comments({row.details["comment_id"] for row in rows})
        for entry in rows:
            comment = comments.get(entry.details["comment_id"])
            if comment is None:
                return _fail(result, entry, f"comment {entry.details['comment_id']} is missing")
            if _sha256(comment.body) != entry.details["body_sha256"]:
                return _fail(result, entry, f"comment {comment.id}'s text was changed")
            result.checked["comments"] += 1
    return None


def _check_dispositions(result: RecordsResult) -> None:
    for rows in _latest_entries(("comment.disposition",), lambda r: r.details["comment_id"]):
        comments = _comments({row.details["comment_id"] for row in rows})
        for entry in rows:
            comment = comments.get(entry.details["comment_id"])
            recorded = (entry.details["disposition"], entry.details["reason"])
            if comment is None or (comment.disposition, comment.disposition_reason) != recorded:
                return _fail(
                    result, entry, f"comment {entry.details['comment_id']}'s disposition changed"
                )
            result.checked["dispositions"] += 1
    return None


def _check_opinions(result: RecordsResult) -> None:
    assignments, opinions = _table("review_assignments"), _table("review_opinions")
    for rows in _entries(("opinion.submitted",)):
        keys = {(row.round_id, row.actor_id) for row in rows}
        found = {
            (row.round_id, row.reviewer_id): row.text
            for row in db.session.execute(
                select(assignments.c.round_id, assignments.c.reviewer_id, opinions.c.text)
                .join(opinions, opinions.c.assignment_id == assignments.c.id)
                .where(tuple_(assignments.c.round_id, assignments.c.reviewer_id).in_(keys))
            )
        }
        for entry in rows:
            text = found.get((entry.round_id, entry.actor_id))
            if text is None or _sha256(text) != entry.details["text_sha256"]:
                return _fail(result, entry, "a submitted opinion's text was changed or removed")
            result.checked["opinions"] += 1
    return None


def _check_waivers(result: RecordsResult) -> None:
    assignments, users = _table("review_assignments"), _table("users")
    for rows in _latest_entries(("opinion.waived",), lambda r: (r.round_id, r.details["reviewer"])):
        keys = {(row.round_id, row.details["reviewer"]) for row in rows}
        found = {
            (row.round_id, row.username): row.waiver_reason
            for row in db.session.execute(
                select(assignments.c.round_id, users.c.username, assignments.c.waiver_reason)
                .join(users, users.c.id == assignments.c.reviewer_id)
                .where(tuple_(assignments.c.round_id, users.c.username).in_(keys))
            )
        }
        for entry in rows:
            if found.get((entry.round_id, entry.details["reviewer"])) != entry.details["reason"]:
                return _fail(result, entry, "a waiver's reason was changed")
            result.checked["waivers"] += 1
    return None


def _check_versions(result: RecordsResult) -> None:
    versions = _table("versions")
    for rows in _entries(("version.saved",)):
        keys = {(row.act_id, row.details["version"]) for row in rows}
        found = {
            (row.act_id, row.number): row.top_provisions
            for row in db.session.execute(
                select(versions.c.act_id, versions.c.number, versions.c.top_provisions).where(
                    tuple_(versions.c.act_id, versions.c.number).in_(keys)
                )
            )
        }
        for entry in rows:
            top = found.get((entry.act_id, entry.details["version"]))
            if top is None or _sha256("".join(top)) != entry.details["text_root"]:
                return _fail(
                    result, entry, f"version {entry.details['version']}'s text was changed"
                )
            result.checked["versions"] += 1
    return None


def _check_statuses(result: RecordsResult) -> None:
    acts = _table("acts")
    for rows in _latest_entries(("transition",), lambda r: r.act_id):
        wanted = {row.act_id for row in rows}
        statuses = dict(
            db.session.execute(select(acts.c.id, acts.c.status).where(acts.c.id.in_(wanted))).all()
        )
        for entry in rows:
            if statuses.get(entry.act_id) != entry.details["to_status"]:
                return _fail(result, entry, "the act's status is not the one its last move set")
            result.checked["statuses"] += 1
    return None


def _fail(result: RecordsResult, entry: Row, what: str) -> None:
    result.problem = f"{what}: it no longer matches audit entry {entry.seq} ({entry.action})"
    result.bad_seq = entry.seq


CHECKS = (
    ("comments", _check_comment_bodies),
    ("dispositions", _check_dispositions),
    ("opinions", _check_opinions),
    ("waivers", _check_waivers),
    ("versions", _check_versions),
    ("statuses", _check_statuses),
)


def verify() -> RecordsResult:
    """Compare every recorded fingerprint with the data; stop at the first that differs."""
    result = RecordsResult(checked={kind: 0 for kind, _ in CHECKS})
    for _kind, check in CHECKS:
        check(result)
        if not result.ok:
            break
    return result
