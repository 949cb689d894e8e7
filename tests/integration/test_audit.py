"""The hash-chained audit log: a realistic history verifies; any tampering is found and named.

One chain per act (and a system chain); the recorded fingerprints checked against the data;
signed checkpoints anchored outside the database catch a chain cut back at its end.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta, timezone
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import JSON, bindparam, func, select, text
from sqlalchemy.exc import IntegrityError

from alatau_legal.acts import services as acts
from alatau_legal.acts.models import Act
from alatau_legal.audit import chain, checkpoints, records
from alatau_legal.audit.models import AuditChain, AuditCheckpoint, AuditEntry
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


def _verify_cli(runner, *args):
    return runner.invoke(args=["audit", "verify", *args])


def test_a_realistic_history_verifies(history, runner):
    result = chain.verify()
    assert result.ok and result.checked == history == len(HISTORY) and result.chains == 1
    facts = records.verify()
    assert facts.ok
    assert facts.checked == {
        "comments": 1, "dispositions": 1, "opinions": 1, "waivers": 0, "versions": 3,
        "statuses": 1,
    }  # fmt: skip
    cli = _verify_cli(runner)
    assert cli.exit_code == 0, cli.output
    assert cli.stdout.splitlines() == [
        f"Audit chains intact: {history} entries in 1 chains.",
        "No checkpoint yet: run `flask audit checkpoint` to anchor the chains outside the "
        "database.",
        "Recorded fingerprints match the data (1 comments, 1 dispositions, 1 opinions, "
        "3 versions, 1 statuses).",
    ]
    assert cli.stderr == ""


def test_each_entry_links_to_the_one_before_in_its_acts_chain(history):
    entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    assert [e.chain_seq for e in entries] == list(range(1, history + 1))
    assert {e.chain for e in entries} == {entries[0].act_id}
    assert entries[0].prev_hash == chain.GENESIS
    for before, after in pairwise(entries):
        assert after.prev_hash == before.hash
    assert len({e.hash for e in entries}) == history
    head = db.session.get(AuditChain, entries[0].act_id)
    assert (head.last_seq, head.last_hash) == (history, entries[-1].hash)


def test_acts_have_chains_of_their_own(app):
    drafter = make_user("drafter")
    first, second = make_act(drafter), make_act(drafter)
    chain.record("test.other", actor=drafter)  # no act: the system chain
    db.session.commit()
    chains = {
        row.chain: row.last_seq for row in db.session.scalars(select(AuditChain))
    }  # act.created and version.saved for each act
    assert chains == {first.id: 2, second.id: 2, 0: 1}
    result = chain.verify()
    assert result.ok and (result.checked, result.chains) == (5, 3)


@pytest.mark.parametrize("seq", [1, 5, len(HISTORY)], ids=["first", "middle", "last"])
def test_an_altered_entry_is_named(history, runner, seq):
    _sql("UPDATE audit_entries SET details = :details WHERE seq = :seq",
         details={"reason": "forged"}, seq=seq)  # fmt: skip
    result = chain.verify()
    assert not result.ok
    assert result.bad_seq == seq and result.checked == seq - 1
    assert f"entry {seq} of the chain of ALA-" in result.problem
    assert result.problem.endswith("was altered")

    cli = _verify_cli(runner)
    assert cli.exit_code == 1
    assert cli.stdout == ""
    assert f"Audit chain broken: entry {seq} of the chain of ALA-" in cli.stderr
    assert f"{seq - 1} entries before it are intact" in cli.stderr


@pytest.mark.parametrize(
    ("column", "value"),
    [("action", "'comment.deleted'"), ("actor_id", "NULL"), ("round_id", "NULL")],
)
def test_any_altered_field_is_found(history, column, value):
    seq = HISTORY.index("comment.created") + 1
    _sql(f"UPDATE audit_entries SET {column} = {value} WHERE seq = :seq", seq=seq)  # noqa: S608
    result = chain.verify()
    assert result.bad_seq == seq


def test_an_altered_time_is_found(history):
    seq = 4
    _sql(
        "UPDATE audit_entries SET created_at = "
        "(SELECT created_at FROM audit_entries WHERE seq = 1) WHERE seq = :seq",
        seq=seq,
    )
    assert chain.verify().bad_seq == seq


def test_reordered_entries_are_found(history):
    """Two entries swap places in their chain (their seq and chain_seq exchanged)."""
    _sql("UPDATE audit_entries SET chain_seq = chain_seq + 100, seq = seq + 100 "
         "WHERE seq IN (4, 5)")  # fmt: skip
    _sql("UPDATE audit_entries SET chain_seq = 5, seq = 5 WHERE seq = 104")
    _sql("UPDATE audit_entries SET chain_seq = 4, seq = 4 WHERE seq = 105")
    result = chain.verify()
    assert result.bad_seq == 4 and "does not follow the entry before it" in result.problem


def test_an_entry_moved_to_another_act_is_found(history):
    other = make_act(make_user("drafter", "other"))
    db.session.commit()
    with pytest.raises(IntegrityError):  # the database keeps an entry in its act's chain
        _sql("UPDATE audit_entries SET act_id = :act WHERE seq = 3", act=other.id)
    db.session.rollback()
    _sql("UPDATE audit_entries SET act_id = :act, chain = :act WHERE seq = 3", act=other.id)
    result = chain.verify()
    assert not result.ok and "entry 3 of the chain of ALA-2026-001 is missing" in result.problem


def test_an_entry_rehashed_after_altering_breaks_the_next_link(history):
    seq = 5
    entry = db.session.get(AuditEntry, seq)
    forged = {**entry.details, "reason": "forged"}
    fields = {
        "chain": entry.chain, "chain_seq": entry.chain_seq, "created_at": entry.created_at,
        "actor_id": entry.actor_id, "act_id": entry.act_id, "round_id": entry.round_id,
        "action": entry.action, "details": forged, "prev_hash": entry.prev_hash,
    }  # fmt: skip
    _sql("UPDATE audit_entries SET details = :details, hash = :hash WHERE seq = :seq",
         details=forged, hash=chain.entry_hash(**fields), seq=seq)  # fmt: skip
    result = chain.verify()
    assert result.bad_seq == seq + 1
    assert "does not follow the entry before it" in result.problem


@pytest.mark.parametrize("seq", [1, 6], ids=["first", "middle"])
def test_a_deleted_entry_is_named(history, runner, seq):
    _sql("DELETE FROM audit_entries WHERE seq = :seq", seq=seq)
    result = chain.verify()
    assert result.bad_seq == seq + 1
    assert f"entry {seq} of the chain of ALA-" in result.problem
    assert result.problem.endswith(f"is missing (the next is its entry {seq + 1})")
    cli = _verify_cli(runner)
    assert cli.exit_code == 1 and f"entry {seq} of the chain of" in cli.stderr


def test_deleted_last_entries_are_found_through_the_head(history, runner):
    _sql("DELETE FROM audit_entries WHERE seq = :seq", seq=history)
    result = chain.verify()
    assert result.checked == history - 1
    assert "removed from its end" in result.problem
    _sql("DELETE FROM audit_entries WHERE seq >= :seq", seq=history - 3)
    assert "ends at its entry 6 but its head records entry 10" in chain.verify().problem
    cli = _verify_cli(runner)
    assert cli.exit_code == 1 and "removed from its end" in cli.stderr


def test_a_deleted_head_is_found(history):
    _sql("DELETE FROM audit_chains")
    result = chain.verify()
    assert not result.ok and "no head row" in result.problem


def test_a_chain_deleted_whole_is_found_through_its_head(history):
    _sql("DELETE FROM audit_entries")
    result = chain.verify()
    assert not result.ok and "none is left" in result.problem


def test_tampering_is_found_even_with_the_entries_already_loaded(history):
    """A session that loaded the entries before must not verify its own copies."""
    loaded = list(db.session.scalars(select(AuditEntry)))
    assert len(loaded) == history
    db.session.execute(text("UPDATE audit_entries SET action = 'x' WHERE seq = 2"))
    assert chain.verify().bad_seq == 2
    db.session.rollback()
    assert chain.verify().ok


def test_an_empty_log_verifies(app, runner):
    assert chain.verify() == chain.VerifyResult(0, 0)
    cli = _verify_cli(runner)
    assert cli.exit_code == 0 and "0 entries in 0 chains" in cli.stdout


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


# -- the recorded fingerprints against the data ----------------------------------------------


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        ("UPDATE review_comments SET body = 'Nothing to add.'", "text was changed"),
        ("UPDATE review_comments SET disposition_reason = 'Forged.'", "disposition changed"),
        ("UPDATE review_opinions SET text = 'Do not approve.'", "opinion's text was changed"),
        (
            "UPDATE versions SET top_provisions = (SELECT top_provisions FROM versions v "
            "WHERE v.number = 1) WHERE number = 3",
            "version 3's text was changed",
        ),
        ("UPDATE acts SET status = 'approved'", "status is not the one its last move set"),
    ],
    ids=["comment-body", "disposition", "opinion", "version-text", "act-status"],
)
def test_data_edited_behind_the_audit_is_found(history, runner, statement, problem):
    _sql(statement)
    assert chain.verify().ok  # the entries themselves are untouched
    result = records.verify()
    assert not result.ok and problem in result.problem
    cli = _verify_cli(runner)
    assert cli.exit_code == 1
    assert "Audit record does not match the data" in cli.stderr and problem in cli.stderr


# -- signed checkpoints, anchored outside the database ---------------------------------------


def _checkpoint(runner) -> str:
    cli = runner.invoke(args=["audit", "checkpoint"])
    assert cli.exit_code == 0, cli.output
    return cli.stdout.strip()


def _rewind(act_id: int, keep: int) -> None:
    """Cut a chain back to its entry `keep` and rewind its head to match: the attack the
    chain alone cannot see."""
    last = db.session.scalar(
        select(AuditEntry.hash).where(AuditEntry.chain == act_id, AuditEntry.chain_seq == keep)
    )
    _sql("DELETE FROM audit_entries WHERE chain = :c AND chain_seq > :k", c=act_id, k=keep)
    _sql("UPDATE audit_chains SET last_seq = :k, last_hash = :h WHERE chain = :c",
         k=keep, h=last, c=act_id)  # fmt: skip


def test_a_checkpoint_is_signed_written_outside_and_printed(history, runner, app):
    line = _checkpoint(runner)
    anchor = json.loads(line)
    assert anchor["checkpoint"] == 1 and anchor["entries"] == history
    stored = db.session.get(AuditCheckpoint, 1)
    assert stored.heads == [[stored.heads[0][0], history, anchor["hash"] and stored.heads[0][2]]]
    assert anchor["signature"] == checkpoints.sign(app.config["AUDIT_CHECKPOINT_KEY"], stored.hash)
    path = Path(app.config["AUDIT_CHECKPOINT_FILE"])
    assert path.read_text().splitlines() == [line]
    assert oct(path.stat().st_mode)[-3:] == "600"
    second = json.loads(_checkpoint(runner))  # nothing grew: a checkpoint with no heads
    assert db.session.get(AuditCheckpoint, 2).heads == []
    assert db.session.get(AuditCheckpoint, 2).prev_hash == anchor["hash"] != second["hash"]
    cli = _verify_cli(runner)
    assert cli.exit_code == 0, cli.output
    assert "Checkpoints intact: 2, matching 2 anchor(s) kept outside the database." in cli.stdout


def test_a_chain_cut_at_its_end_is_found_by_the_checkpoint(history, runner):
    _checkpoint(runner)
    act_id = db.session.scalar(select(AuditEntry.act_id).limit(1))
    _rewind(act_id, history - 2)
    assert chain.verify().ok  # the chain and its head agree again: only the anchor knows
    cli = _verify_cli(runner)
    assert cli.exit_code == 1
    assert f"entry {history} of the chain of ALA-" in cli.stderr
    assert "recorded by checkpoint 1, is gone: the chain was cut back" in cli.stderr


def test_removed_checkpoints_are_found_through_the_anchor_file(history, runner):
    _checkpoint(runner)
    act_id = db.session.scalar(select(AuditEntry.act_id).limit(1))
    _rewind(act_id, history - 2)
    _sql("DELETE FROM audit_checkpoints")
    _sql("UPDATE audit_chains SET checkpointed_seq = 0")
    cli = _verify_cli(runner)
    assert cli.exit_code == 1
    assert "checkpoint 1, kept outside the database, is missing from it" in cli.stderr


def test_an_anchor_kept_elsewhere_is_checked(history, runner, app):
    line = _checkpoint(runner)
    Path(app.config["AUDIT_CHECKPOINT_FILE"]).unlink()  # the file is gone too
    _sql("DELETE FROM audit_checkpoints")
    assert _verify_cli(runner).exit_code == 0  # nothing left to compare with
    cli = _verify_cli(runner, "--anchor", line)  # the line the operator printed and kept
    assert cli.exit_code == 1 and "is missing from it" in cli.stderr
    cli = _verify_cli(runner, "--anchor", "not a checkpoint")
    assert cli.exit_code == 1 and "is not a checkpoint line" in cli.stderr


def test_a_forged_checkpoint_is_found_by_its_signature(history, runner):
    _checkpoint(runner)
    stored = db.session.get(AuditCheckpoint, 1)
    fields = {
        "id": 1, "created_at": stored.created_at, "entries": 1, "heads": [],
        "prev_hash": chain.GENESIS,
    }  # fmt: skip
    forged = checkpoints.checkpoint_hash(**fields)
    _sql(
        "UPDATE audit_checkpoints SET entries = 1, heads = :heads, hash = :hash, signature = :sig",
        heads="[]", hash=forged, sig=checkpoints.sign("guess", forged),
    )  # fmt: skip
    cli = _verify_cli(runner)
    assert cli.exit_code == 1 and "not signed with this key: it was forged" in cli.stderr


def test_checkpoints_need_the_key(history, runner, app):
    app.config["AUDIT_CHECKPOINT_KEY"] = None
    cli = runner.invoke(args=["audit", "checkpoint"])
    assert cli.exit_code == 1 and "ALATAU_AUDIT_KEY" in cli.stderr
    assert db.session.scalar(select(func.count()).select_from(AuditCheckpoint)) == 0
    cli = _verify_cli(runner)
    assert cli.exit_code == 1 and "Checkpoints not checked" in cli.stderr


# -- concurrency (PostgreSQL: SQLite runs one writer at a time itself) ------------------------

needs_postgres = pytest.mark.skipif(
    not POSTGRES_URL,
    reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite runs one writer at a time itself",
)


@needs_postgres
def test_concurrent_appends_keep_every_chain_unbroken(app):
    drafter = make_user("drafter")
    acts_by_writer = [make_act(drafter) for _ in range(3)]
    db.session.commit()
    act_ids = [act.id for act in acts_by_writer]
    writers, each = 6, 15  # two writers per act, plus entries of no act
    start = threading.Barrier(writers)
    failures: list[BaseException] = []

    def append(writer: int) -> None:
        with app.app_context():
            try:
                start.wait()
                for number in range(each):
                    act = db.session.get(Act, act_ids[writer % 3]) if writer < 5 else None
                    chain.record("test.concurrent", act=act, writer=writer, number=number)
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
    assert result.ok and result.checked == writers * each + 2 * len(act_ids)
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "test.concurrent").order_by(AuditEntry.seq)
    )
    by_writer: dict[int, list[int]] = {}
    for entry in entries:
        by_writer.setdefault(entry.details["writer"], []).append(entry.details["number"])
    assert by_writer == {writer: list(range(each)) for writer in range(writers)}


@needs_postgres
def test_an_open_change_to_one_act_does_not_hold_up_another(app):
    """The lock an append takes is its own act's: another act's append commits meanwhile."""
    drafter = make_user("drafter")
    first, second = make_act(drafter), make_act(drafter)
    db.session.commit()
    first_id, second_id = first.id, second.id
    holding, done = threading.Event(), threading.Event()
    other: list[object] = []

    def hold_first() -> None:
        with app.app_context():
            chain.record("test.slow", act=db.session.get(Act, first_id))
            holding.set()
            done.wait(timeout=30)  # the transaction stays open, its chain row locked
            db.session.rollback()
            db.session.remove()

    def append_second() -> None:
        with app.app_context():
            holding.wait(timeout=30)
            db.session.execute(text("SET LOCAL lock_timeout = '5s'"))
            other.append(chain.record("test.quick", act=db.session.get(Act, second_id)).seq)
            db.session.commit()
            db.session.remove()

    slow = threading.Thread(target=hold_first)
    quick = threading.Thread(target=append_second)
    slow.start()
    quick.start()
    quick.join(timeout=30)
    done.set()
    slow.join(timeout=30)
    assert other, "the second act's append waited for the first act's open transaction"
    assert chain.verify().ok
