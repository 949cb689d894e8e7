"""The hash-chained audit log: a realistic history verifies; any tampering is found and named."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from itertools import pairwise

import pytest
from sqlalchemy import JSON, bindparam, func, select, text

from alatau_legal.acts import services as acts
from alatau_legal.audit import chain
from alatau_legal.audit.models import AuditEntry
from alatau_legal.extensions import db
from alatau_legal.review import services as review
from alatau_legal.review.models import RoundStatus
from alatau_legal.review.workflow import round_in
from tests.conftest import POSTGRES_URL
from tests.support.builders import SAMPLE_TEXT, make_act, make_user
from tests.support.workflow_states import DUE

HISTORY = [
    "act.created",
    "version.saved",
    "version.saved",
    "round.planned",
    "transition",
    "comment.created",
    "comment.disposition",
    "opinion.submitted",
    "transition",
    "version.saved",
]


@pytest.fixture
def history(app) -> int:
    """Create, save, plan, submit, comment, dispose, opinion, return, save; the entry count."""
    drafter, secretary = make_user("drafter"), make_user("secretary")
    expert = make_user("domestic_expert")
    act = make_act(drafter)
    second = SAMPLE_TEXT.replace("in writing", "in writing or online")
    acts.save_version(drafter, act.id, base_version=1, text=second, note="", max_chars=10**6)
    db.session.commit()
    review.plan_round(secretary, act.id, stage="domestic", reviewers=[expert.username], due=DUE)
    db.session.commit()
    review.transition(drafter, act.id, "submit_domestic_review")
    db.session.commit()
    comment = review.add_comment(
        expert, act.id, version=2, eid="art_3__para_1", body="Which online service?",
        quote="online",
    )  # fmt: skip
    db.session.commit()
    review.dispose(drafter, comment.id, disposition="accepted", reason="The e-government portal.")
    db.session.commit()
    open_round = round_in(act, RoundStatus.OPEN)
    review.save_opinion(expert, open_round.id, recommendation="approve_with_changes", text="OK")
    db.session.commit()
    review.transition(drafter, act.id, "return_to_drafting", "Name the portal")
    db.session.commit()
    third = second.replace("or online", "or through the e-government portal")
    acts.save_version(drafter, act.id, base_version=2, text=third, note="", max_chars=10**6)
    db.session.commit()
    actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))
    assert actions == HISTORY
    return len(actions)


def _sql(statement: str, **values) -> None:
    """Tamper with the table directly, as someone with database access could."""
    clause = text(statement)
    if "details" in values:
        clause = clause.bindparams(bindparam("details", type_=JSON))
    db.session.execute(clause, values)
    db.session.commit()


def test_a_realistic_history_verifies(history, runner):
    result = chain.verify()
    assert result.ok and result.checked == history == len(HISTORY)
    cli = runner.invoke(args=["audit", "verify"])
    assert cli.exit_code == 0, cli.output
    assert cli.stdout.strip() == f"Audit chain intact: {history} entries verified."
    assert cli.stderr == ""


def test_each_entry_links_to_the_one_before(history):
    entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    assert [e.seq for e in entries] == list(range(1, history + 1))
    assert entries[0].prev_hash == chain.GENESIS
    for before, after in pairwise(entries):
        assert after.prev_hash == before.hash
    assert len({e.hash for e in entries}) == history


@pytest.mark.parametrize("seq", [1, 5, len(HISTORY)], ids=["first", "middle", "last"])
def test_an_altered_entry_is_named(history, runner, seq):
    _sql("UPDATE audit_entries SET details = :details WHERE seq = :seq",
         details={"reason": "forged"}, seq=seq)  # fmt: skip
    result = chain.verify()
    assert not result.ok
    assert result.first_bad_seq == seq and result.checked == seq - 1
    assert result.problem.startswith(f"entry {seq} (")

    cli = runner.invoke(args=["audit", "verify"])
    assert cli.exit_code == 1
    assert cli.stdout == ""
    assert f"Audit chain broken: entry {seq} (" in cli.stderr
    assert f"{seq - 1} entries before it are intact" in cli.stderr


@pytest.mark.parametrize(
    ("column", "value"),
    [("action", "'comment.deleted'"), ("actor_id", "NULL"), ("round_id", "NULL")],
)
def test_any_altered_field_is_found(history, column, value):
    seq = HISTORY.index("comment.created") + 1
    _sql(f"UPDATE audit_entries SET {column} = {value} WHERE seq = :seq", seq=seq)  # noqa: S608
    result = chain.verify()
    assert result.first_bad_seq == seq


def test_an_altered_time_is_found(history):
    seq = 4
    _sql(
        "UPDATE audit_entries SET created_at = "
        "(SELECT created_at FROM audit_entries WHERE seq = 1) WHERE seq = :seq",
        seq=seq,
    )
    assert chain.verify().first_bad_seq == seq


def test_an_entry_rehashed_after_altering_breaks_the_next_link(history):
    seq = 5
    entry = db.session.get(AuditEntry, seq)
    forged = {**entry.details, "reason": "forged"}
    fields = {
        "seq": entry.seq, "created_at": entry.created_at, "actor_id": entry.actor_id,
        "act_id": entry.act_id, "round_id": entry.round_id, "action": entry.action,
        "details": forged, "prev_hash": entry.prev_hash,
    }  # fmt: skip
    _sql("UPDATE audit_entries SET details = :details, hash = :hash WHERE seq = :seq",
         details=forged, hash=chain.entry_hash(**fields), seq=seq)  # fmt: skip
    result = chain.verify()
    assert result.first_bad_seq == seq + 1
    assert f"does not follow entry {seq}" in result.problem


@pytest.mark.parametrize("seq", [1, 6], ids=["first", "middle"])
def test_a_deleted_entry_is_named(history, runner, seq):
    _sql("DELETE FROM audit_entries WHERE seq = :seq", seq=seq)
    result = chain.verify()
    assert result.first_bad_seq == seq
    assert result.problem == f"entry {seq} is missing (next is {seq + 1})"
    cli = runner.invoke(args=["audit", "verify"])
    assert cli.exit_code == 1 and f"entry {seq} is missing" in cli.stderr


def test_deleted_last_entries_are_found_through_the_head(history, runner):
    _sql("DELETE FROM audit_entries WHERE seq = :seq", seq=history)
    result = chain.verify()
    assert result.first_bad_seq == history
    assert result.checked == history - 1
    assert "removed from the end" in result.problem
    _sql("DELETE FROM audit_entries WHERE seq >= :seq", seq=history - 3)
    assert chain.verify().first_bad_seq == history - 3
    cli = runner.invoke(args=["audit", "verify"])
    assert cli.exit_code == 1 and "removed from the end" in cli.stderr


def test_a_deleted_head_is_found(history):
    _sql("DELETE FROM audit_head")
    result = chain.verify()
    assert not result.ok and "head" in result.problem


def test_tampering_is_found_even_with_the_entries_already_loaded(history):
    """A session that loaded the entries before must not verify its own copies."""
    loaded = list(db.session.scalars(select(AuditEntry)))
    assert len(loaded) == history
    db.session.execute(text("UPDATE audit_entries SET action = 'x' WHERE seq = 2"))
    assert chain.verify().first_bad_seq == 2
    db.session.rollback()
    assert chain.verify().ok


def test_an_empty_log_verifies(app, runner):
    assert chain.verify() == chain.VerifyResult(0)
    cli = runner.invoke(args=["audit", "verify"])
    assert cli.exit_code == 0 and "0 entries verified" in cli.stdout


def test_details_are_kept_as_stored(app):
    """The entry in memory is what the database gives back: tuples as lists, keys as text."""
    entry = chain.record("test.details", pair=(1, 2), by_number={3: "three"}, text="Ω “q”")
    assert entry.details == {"pair": [1, 2], "by_number": {"3": "three"}, "text": "Ω “q”"}
    with pytest.raises(TypeError):
        chain.record("test.details", when=DUE)  # a date: say it as text
    db.session.rollback()


def test_a_time_given_in_another_zone_verifies(app):
    almaty = timezone(timedelta(hours=5))
    chain.record("test.time", now=datetime(2026, 11, 24, 23, 30, tzinfo=almaty))
    db.session.commit()
    assert chain.verify().ok


@pytest.mark.skipif(
    not POSTGRES_URL,
    reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite runs one writer at a time itself",
)
def test_concurrent_appends_keep_one_unbroken_chain(app):
    writers, each = 6, 15
    start = threading.Barrier(writers)
    failures: list[BaseException] = []

    def append(writer: int) -> None:
        with app.app_context():
            try:
                start.wait()
                for number in range(each):
                    chain.record("test.concurrent", writer=writer, number=number)
                    db.session.commit()
            except BaseException as error:  # reported by the assertion below
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures
    result = chain.verify()
    assert result.ok and result.checked == writers * each
    assert db.session.scalar(select(func.max(AuditEntry.seq))) == writers * each
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq))
    by_writer: dict[int, list[int]] = {}
    for entry in entries:
        by_writer.setdefault(entry.details["writer"], []).append(entry.details["number"])
    assert by_writer == {writer: list(range(each)) for writer in range(writers)}
