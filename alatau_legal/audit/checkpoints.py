"""Signed checkpoints: the chains' heads anchored outside the database.

Inside the database, an entry cut from the end of a chain together with a rewound head row
leaves a chain that verifies. A checkpoint prevents that for everything before it:
`flask audit checkpoint` (cron, e.g. hourly) records the heads of the chains that grew since
the checkpoint before, links it to that one by hash, and signs its hash with HMAC-SHA256 under
`AUDIT_CHECKPOINT_KEY`, a key from the configuration that the database never holds (the web
workers do not need it). Its summary line (number, time, hash, signature) is appended to
`AUDIT_CHECKPOINT_FILE` and printed, for the operator to keep elsewhere too.

`verify` then finds: a checkpoint altered, removed or forged (its links and signatures); a
chain shorter than a checkpoint saw it, or with a different entry there (a cut end); and
checkpoints removed from the end (the anchors outside still name them). What was appended
after the last checkpoint is protected by the chain and its head row alone, until the next.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select, tuple_, update

from ..extensions import db
from ..timeutil import utcnow
from .chain import GENESIS, chain_name
from .models import AuditChain, AuditCheckpoint, AuditEntry


class CheckpointError(Exception):
    """A checkpoint cannot be made or read (no key, an unreadable anchor)."""


def checkpoint_hash(
    *, id: int, created_at: datetime, entries: int, heads: list, prev_hash: str
) -> str:
    payload = json.dumps(
        {
            "id": id,
            "created_at": created_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "entries": entries,
            "heads": heads,
            "prev_hash": prev_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def sign(key: str, digest: str) -> str:
    return hmac.new(key.encode(), f"alatau-audit:{digest}".encode(), hashlib.sha256).hexdigest()


def anchor_line(checkpoint: AuditCheckpoint) -> str:
    """The line kept outside the database: enough to find the checkpoint and prove it."""
    return json.dumps(
        {
            "checkpoint": checkpoint.id,
            "created_at": checkpoint.created_at.astimezone(UTC).isoformat(),
            "entries": checkpoint.entries,
            "hash": checkpoint.hash,
            "signature": checkpoint.signature,
        },
        sort_keys=True,
    )


def make_checkpoint(key: str, *, now: datetime | None = None) -> AuditCheckpoint:
    """Record and sign the heads of every chain that grew since the last checkpoint."""
    if not key:
        raise CheckpointError("Set AUDIT_CHECKPOINT_KEY (ALATAU_AUDIT_KEY) to sign checkpoints.")
    last = db.session.scalar(
        select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(1).with_for_update()
    )
    # Locked in a fixed order (a writer holds one chain's row at a time, so none waits on us
    # while we wait on it), then moved on to where each chain ends now.
    grown = db.session.execute(
        select(AuditChain.chain, AuditChain.last_seq, AuditChain.last_hash)
        .where(AuditChain.last_seq > AuditChain.checkpointed_seq)
        .order_by(AuditChain.chain)
        .with_for_update()
    ).all()
    if grown:
        db.session.execute(
            update(AuditChain)
            .where(AuditChain.chain.in_([row.chain for row in grown]))
            .values(checkpointed_seq=AuditChain.last_seq)
        )
    heads = [[row.chain, row.last_seq, row.last_hash] for row in grown]
    created_at = (now or utcnow()).astimezone(UTC)
    fields = {
        "id": (last.id if last else 0) + 1,
        "created_at": created_at,
        "entries": db.session.scalar(select(func.count()).select_from(AuditEntry)),
        "heads": heads,
        "prev_hash": last.hash if last else GENESIS,
    }
    digest = checkpoint_hash(**fields)
    checkpoint = AuditCheckpoint(**fields, hash=digest, signature=sign(key, digest))
    db.session.add(checkpoint)
    db.session.flush()
    return checkpoint


def write_anchor(checkpoint: AuditCheckpoint, path: str | Path) -> None:
    """Append the checkpoint's line to the anchor file (made owner-only when new)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(anchor_line(checkpoint) + "\n")
    path.chmod(0o600)


def read_anchors(path: str | Path) -> list[dict]:
    """The anchor lines of a file (none when it does not exist yet)."""
    path = Path(path)
    if not path.exists():
        return []
    anchors = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            anchors.append(parse_anchor(line, f"{path}, line {number}"))
    return anchors


def parse_anchor(line: str, where: str = "the checkpoint given") -> dict:
    try:
        anchor = json.loads(line)
        if not isinstance(anchor, dict):
            raise ValueError
        int(anchor["checkpoint"]), str(anchor["hash"]), str(anchor["signature"])
    except (ValueError, KeyError, TypeError):
        raise CheckpointError(f"{where} is not a checkpoint line.") from None
    return anchor


@dataclass(frozen=True)
class CheckpointResult:
    checked: int  # checkpoints verified in the database
    anchors: int  # anchors outside the database that matched
    latest: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def verify(key: str, anchors: list[dict]) -> CheckpointResult:
    """Check the checkpoints' links and signatures, the chains against every checkpoint's
    heads, and the anchors kept outside against the checkpoints."""
    if not key:
        raise CheckpointError("Set AUDIT_CHECKPOINT_KEY (ALATAU_AUDIT_KEY) to check signatures.")
    prev_hash, checked = GENESIS, 0
    hashes: dict[int, str] = {}
    table = AuditCheckpoint.__table__
    for row in db.session.execute(select(table).order_by(table.c.id)):
        name = f"checkpoint {row.id}"
        if row.id != checked + 1:
            return CheckpointResult(checked, 0, problem=f"checkpoint {checked + 1} is missing")
        fields = {
            "id": row.id, "created_at": row.created_at, "entries": row.entries,
            "heads": row.heads, "prev_hash": row.prev_hash,
        }  # fmt: skip
        if row.prev_hash != prev_hash:
            return CheckpointResult(checked, 0, problem=f"{name} does not follow the one before")
        if checkpoint_hash(**fields) != row.hash:
            return CheckpointResult(checked, 0, problem=f"{name} was altered")
        if not hmac.compare_digest(sign(key, row.hash), row.signature):
            return CheckpointResult(
                checked, 0, problem=f"{name} is not signed with this key: it was forged"
            )
        problem = _heads_problem(row.id, row.heads)
        if problem:
            return CheckpointResult(checked, 0, problem=problem)
        checked, prev_hash = row.id, row.hash
        hashes[row.id] = row.hash
    for anchor in anchors:
        number = int(anchor["checkpoint"])
        if not hmac.compare_digest(sign(key, str(anchor["hash"])), str(anchor["signature"])):
            return CheckpointResult(
                checked, 0, problem=f"the anchor of checkpoint {number} is not signed with this key"
            )
        if number not in hashes:
            return CheckpointResult(
                checked,
                0,
                problem=f"checkpoint {number}, kept outside the database, is missing from it: "
                "checkpoints (and the entries they cover) were removed",
            )
        if hashes[number] != anchor["hash"]:
            return CheckpointResult(
                checked, 0, problem=f"checkpoint {number} differs from its anchor outside"
            )
    return CheckpointResult(checked, len(anchors), latest=checked or None)


def _heads_problem(checkpoint: int, heads: list) -> str:
    """Each head a checkpoint recorded must still be in its chain, with the same hash."""
    for start in range(0, len(heads), 500):
        batch = heads[start : start + 500]
        keys = [(chain, seq) for chain, seq, _hash in batch]
        found = {
            (row.chain, row.chain_seq): row.hash
            for row in db.session.execute(
                select(AuditEntry.chain, AuditEntry.chain_seq, AuditEntry.hash).where(
                    tuple_(AuditEntry.chain, AuditEntry.chain_seq).in_(keys)
                )
            )
        }
        for chain, seq, digest in batch:
            if found.get((chain, seq)) != digest:
                what = "is gone" if (chain, seq) not in found else "was replaced"
                return (
                    f"entry {seq} of {chain_name(chain)}, recorded by checkpoint {checkpoint}, "
                    f"{what}: the chain was cut back or rewritten"
                )
    return ""
