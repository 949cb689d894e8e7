"""Migration 0007 on a database with history: the old global chain is verified, then re-linked
into one chain per act that `flask audit verify` accepts; a broken old chain stops it.

SQLite files of their own (the migration is the same SQL on PostgreSQL, where the suite's
database is built by it too).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from alatau_legal import create_app
from alatau_legal.audit import chain
from alatau_legal.audit.models import AuditChain, AuditEntry
from alatau_legal.extensions import db
from config import TestingConfig as _TestingConfig

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _old_hash(fields: dict) -> str:
    """The rule of the one global chain, before 0007."""
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


@pytest.fixture
def old_app(tmp_path, monkeypatch):
    monkeypatch.setenv("ALATAU_INSTANCE_DIR", str(tmp_path))
    config = _TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    app = create_app(config)
    with app.app_context():
        upgrade(revision="0004")
        yield app
        db.session.remove()
        db.engine.dispose()


def _history(*, tamper: bool = False) -> None:
    """A user, two acts and six entries interleaved between them, chained the old way."""
    db.session.execute(
        text(
            "INSERT INTO users (id, username, full_name, password_hash, role, locale, active, "
            "created_at, session_generation) VALUES (1, 'dana', '', 'x', 'drafter', 'en', 1, "
            ":t, 1)"
        ),
        {"t": T0},
    )
    for act_id in (1, 2):
        db.session.execute(
            text(
                "INSERT INTO acts (id, number, act_type, sector, legal_basis, language, "
                "title_en, status, lead_drafter_id, current_version, created_at, updated_at) "
                "VALUES (:id, :number, 'rules', 'other', '', 'en', 'T', 'drafting', 1, 1, :t, :t)"
            ),
            {"id": act_id, "number": f"ALA-2026-00{act_id}", "t": T0},
        )
    prev = chain.GENESIS
    acts = [1, 2, 1, None, 2, 1]
    for seq, act_id in enumerate(acts, start=1):
        created_at = T0 + timedelta(minutes=seq)
        details = {"n": seq}
        digest = _old_hash({
            "seq": seq, "created_at": created_at.isoformat(timespec="microseconds"),
            "actor_id": 1, "act_id": act_id, "round_id": None, "action": "test.old",
            "details": details, "prev_hash": prev,
        })  # fmt: skip
        if tamper and seq == 3:
            details = {"n": 33}
        db.session.execute(
            text(
                "INSERT INTO audit_entries (seq, created_at, actor_id, act_id, round_id, action, "
                "details, prev_hash, hash) VALUES (:seq, :t, 1, :act, NULL, 'test.old', "
                ":details, :prev, :hash)"
            ),
            {"seq": seq, "t": created_at.replace(tzinfo=None), "act": act_id,
             "details": json.dumps(details), "prev": prev, "hash": digest},
        )  # fmt: skip
        prev = digest
    db.session.execute(
        text("INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, :n, :h)"),
        {"n": len(acts), "h": prev},
    )
    db.session.commit()


def test_an_intact_history_is_rechained_per_act_and_verifies(old_app):
    _history()
    upgrade(revision="0007")
    db.session.remove()
    result = chain.verify()
    assert result.ok and (result.checked, result.chains) == (6, 3)
    entries = db.session.execute(
        select(AuditEntry.seq, AuditEntry.chain, AuditEntry.chain_seq).order_by(AuditEntry.seq)
    ).all()
    assert [tuple(row) for row in entries] == [
        (1, 1, 1), (2, 2, 1), (3, 1, 2), (4, 0, 1), (5, 2, 2), (6, 1, 3)
    ]  # fmt: skip
    heads = {row.chain: row.last_seq for row in db.session.scalars(select(AuditChain))}
    assert heads == {1: 3, 2: 2, 0: 1}
    # New entries take the next seq by themselves and join their act's chain.
    entry = chain.record("test.new", act=SimpleNamespace(id=2))  # record() reads only its id
    db.session.commit()
    assert (entry.seq, entry.chain, entry.chain_seq) == (7, 2, 3)
    assert chain.verify().ok
    db.session.remove()  # the session's connection holds SQLite's write lock until then

    downgrade(revision="0004")  # and back: one global chain again, under the old rule
    db.session.remove()
    rows = db.session.execute(text("SELECT seq, prev_hash, hash FROM audit_entries ORDER BY seq"))
    prev = chain.GENESIS
    for expected, row in enumerate(rows, start=1):
        assert (row.seq, row.prev_hash) == (expected, prev)
        prev = row.hash
    assert db.session.execute(text("SELECT last_seq, last_hash FROM audit_head")).one() == (
        7,
        prev,
    )


def test_a_broken_history_stops_the_upgrade(old_app):
    _history(tamper=True)
    with pytest.raises(SystemExit):  # flask-migrate logs the RuntimeError and exits 1
        upgrade(revision="0007")
    db.session.remove()
    tables = set(inspect(db.engine).get_table_names())
    assert "audit_head" in tables and "user_sessions" not in tables  # nothing changed
    # The migrations before 0007 ran; 0007 itself changed nothing.
    assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == "0010"
