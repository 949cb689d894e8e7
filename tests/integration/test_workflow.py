"""The workflow table (`review/workflow.py`), tested from tables, and every guard it has.

The matrix runs every (state, action, role) triple of the table against an expectation table
written out here by hand, so a wrong edit of `TRANSITIONS` fails. An act is put in each state
through the services, as people would put it there (tests/support/workflow_states.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product

import pytest
from sqlalchemy import func, select

from alatau_legal import create_app
from alatau_legal.accounts.models import Role, User
from alatau_legal.acts import services as acts
from alatau_legal.acts.models import Act, ActStatus
from alatau_legal.acts.storage import node_cache
from alatau_legal.audit.chain import verify
from alatau_legal.audit.models import AuditEntry
from alatau_legal.errors import Conflict, Forbidden, Invalid
from alatau_legal.extensions import db
from alatau_legal.review import services as review
from alatau_legal.review.models import ReviewRound, RoundStatus, Stage
from alatau_legal.review.workflow import (
    MAX_REASON,
    TRANSITIONS,
    Action,
    available,
    perform,
    round_in,
)
from tests.conftest import POSTGRES_URL, _empty_postgres, _testing_config
from tests.support.builders import SAMPLE_TEXT, make_act
from tests.support.workflow_states import REASON, Cast, drive, move, opinion, plan

# The expectation, written independently of TRANSITIONS: from which state, by whom, to where.
EXPECTED_TABLE = """
drafting              submit_domestic_review       domestic_review       drafter secretary
drafting              submit_international_review  international_review  drafter secretary
drafting              submit_to_committee          committee_review      drafter secretary
drafting              withdraw                     withdrawn             drafter secretary
domestic_review       submit_international_review  international_review  drafter secretary
domestic_review       return_to_drafting           drafting              drafter secretary
domestic_review       withdraw                     withdrawn             drafter secretary
international_review  return_to_drafting           drafting              drafter secretary
international_review  submit_to_committee          committee_review      drafter secretary
international_review  withdraw                     withdrawn             drafter secretary
committee_review      return_to_drafting           drafting              drafter secretary
committee_review      approve                      approved              secretary
committee_review      withdraw                     withdrawn             drafter secretary
"""


def _expected() -> dict[tuple[ActStatus, Action], tuple[ActStatus, frozenset[Role]]]:
    rows = {}
    for line in EXPECTED_TABLE.strip().splitlines():
        state, action, target, *roles = line.split()
        rows[ActStatus(state), Action(action)] = (ActStatus(target), frozenset(map(Role, roles)))
    return rows


EXPECTED = _expected()
# Who may ever take an action, whatever the state (the role is refused before the state).
ROLES_OF = {action: roles for (_, action), (_, roles) in EXPECTED.items()}
REASON_REQUIRED = {Action.RETURN_TO_DRAFTING, Action.WITHDRAW}
# Taken only by recording a committee decision: never offered, refused when asked for.
BY_DECISION_ONLY = {Action.APPROVE}

# Every triple, generated from the table's own actions and the enums of states and roles.
CASES = [
    (state, transition.action, role)
    for transition in TRANSITIONS
    for state, role in product(ActStatus, Role)
]


def _id(value) -> str:
    return value.value


@pytest.fixture
def cast(app) -> Cast:
    return Cast.create()


def snapshot(act: Act) -> tuple:
    """What a refused transition must leave as it was (read without expiring the session,
    so a change made before the refusal would show)."""
    rounds = db.session.execute(
        select(
            ReviewRound.id, ReviewRound.status, ReviewRound.version_number, ReviewRound.closed_at
        )
        .where(ReviewRound.act_id == act.id)
        .order_by(ReviewRound.id)
    ).all()
    audit = db.session.scalar(select(func.count()).select_from(AuditEntry))
    return act.status, act.updated_at, act.current_version, tuple(rounds), audit


def _last_entry() -> AuditEntry:
    return db.session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))


# ---------------------------------------------------------------------------------------------
# The table


def test_the_table_is_the_expected_table():
    actual = {
        (state, transition.action): (transition.target, transition.roles)
        for transition in TRANSITIONS
        for state in transition.sources
    }
    assert actual == EXPECTED
    assert [t.action for t in TRANSITIONS] == list(dict.fromkeys(t.action for t in TRANSITIONS))
    assert {t.action for t in TRANSITIONS} == set(Action)
    assert {t.action for t in TRANSITIONS if t.reason_required} == REASON_REQUIRED
    assert {t.action for t in TRANSITIONS if t.by_decision_only} == BY_DECISION_ONLY


def test_the_matrix_covers_every_state_action_and_role():
    assert len(CASES) == len(ActStatus) * len(Action) * len(Role) == 216
    assert len(set(CASES)) == 216


# Drafting needs a different past for each way out of it (a planned domestic round; the
# domestic stage done and an international round planned; both stages done); every other
# state is built once, ready for each of its ways out.
DRAFTING_VARIANTS = (
    Action.SUBMIT_DOMESTIC_REVIEW,
    Action.SUBMIT_INTERNATIONAL_REVIEW,
    Action.SUBMIT_TO_COMMITTEE,
)


def _variant(state: ActStatus, action: Action | None) -> Action | None:
    return action if state is ActStatus.DRAFTING and action in DRAFTING_VARIANTS else None


@dataclass
class World:
    """The matrix's database: one act per state (and drafting variant), one user per role."""

    act_ids: dict[tuple[ActStatus, Action | None], int]
    user_ids: dict[Role, int]

    def act(self, state: ActStatus, action: Action | None = None) -> Act:
        return db.session.get(Act, self.act_ids[state, _variant(state, action)])

    def user(self, role: Role) -> User:
        return db.session.get(User, self.user_ids[role])


@pytest.fixture(scope="class")
def world(migrated_database, tmp_path_factory) -> Iterator[World]:
    """Each state built once for the whole matrix; every case rolls back what it did."""
    instance = tmp_path_factory.mktemp("workflow-matrix")
    url = migrated_database
    if not POSTGRES_URL:
        shutil.copyfile(migrated_database, instance / "matrix.sqlite3")
        url = f"sqlite:///{instance / 'matrix.sqlite3'}"
    application = create_app(_testing_config(instance, url))
    node_cache.clear()
    with application.app_context():
        cast = Cast.create()
        keys = [(state, None) for state in ActStatus]
        keys += [(ActStatus.DRAFTING, action) for action in DRAFTING_VARIANTS]
        act_ids = {(state, ready): drive(cast, state, ready_for=ready).id for state, ready in keys}
        yield World(act_ids, {role: user.id for role, user in cast.users.items()})
        db.session.remove()
        if POSTGRES_URL:
            _empty_postgres(application)
        db.engine.dispose()
    node_cache.clear()


@pytest.mark.xdist_group("workflow-matrix")  # one worker builds the world once
class TestMatrix:
    @pytest.fixture
    def matrix(self, world) -> Iterator[World]:
        yield world
        db.session.rollback()  # as a refused or finished request would

    @pytest.mark.parametrize(("state", "action", "role"), CASES, ids=_id)
    def test_perform(self, matrix, state, action, role):
        actor, act = matrix.user(role), matrix.act(state, action)
        assert act.status is state
        before = snapshot(act)
        by_decision = action in BY_DECISION_ONLY
        if by_decision:
            # Asked for directly, by anyone from anywhere: refused, never offered.
            assert action not in {option.action for option in available(actor, act)}
            with pytest.raises(Conflict) as refused:
                perform(actor, act, action.value, REASON)
            assert refused.value.code == "committee_decision_required"
            assert snapshot(act) == before
        if role not in ROLES_OF[action]:
            assert action not in {option.action for option in available(actor, act)}
            with pytest.raises(Forbidden):
                perform(actor, act, action.value, REASON, by_decision=by_decision)
            assert snapshot(act) == before
            return
        if (state, action) not in EXPECTED:
            assert action not in {option.action for option in available(actor, act)}
            with pytest.raises(Conflict) as refused:
                perform(actor, act, action.value, REASON, by_decision=by_decision)
            assert refused.value.code == "wrong_state"
            assert snapshot(act) == before
            return

        target, _ = EXPECTED[state, action]
        if not by_decision:
            option = next(option for option in available(actor, act) if option.action is action)
            assert option.allowed, option.blocked_by
        perform(actor, act, action.value, REASON, by_decision=by_decision)
        assert act.status is target
        entry = _last_entry()
        # The newest entry (PostgreSQL's sequence may skip numbers that rolled-back cases drew).
        assert entry.seq > before[-1]
        assert (entry.action, entry.actor_id, entry.act_id) == ("transition", actor.id, act.id)
        assert entry.details["transition"] == action.value
        assert (entry.details["from_status"], entry.details["to_status"]) == (state, target)
        assert entry.details["reason"] == REASON
        _assert_rounds_follow(act, target)
        assert verify().ok

    @pytest.mark.parametrize("state", list(ActStatus), ids=_id)
    def test_available_lists_the_table_for_the_state_and_role(self, matrix, state):
        act = matrix.act(state)
        for role in Role:
            listed = [option.action for option in available(matrix.user(role), act)]
            expected = [
                action
                for (source, action), (_, roles) in EXPECTED.items()
                if source is state and role in roles and action not in BY_DECISION_ONLY
            ]
            assert sorted(listed) == sorted(expected), role
            assert len(listed) == len(set(listed))


def _assert_rounds_follow(act: Act, target: ActStatus) -> None:
    """A review state has its stage's round open on the current version; no other state has
    an open round; a finished act has no planned round either."""
    open_round = round_in(act, RoundStatus.OPEN)
    review_stage = {s.act_status: s for s in Stage}.get(target)
    if review_stage is None:
        assert open_round is None
    else:
        assert open_round.stage is review_stage
        assert open_round.version_number == act.current_version
    if target in (ActStatus.APPROVED, ActStatus.WITHDRAWN):
        assert round_in(act, RoundStatus.PLANNED) is None


def test_an_unknown_action_is_invalid(cast):
    act = make_act(cast.drafter)
    with pytest.raises(Invalid) as refused:
        perform(cast.drafter, act, "publish")
    assert refused.value.fields == {"action": "Unknown."}
    assert "submit_domestic_review" in refused.value.message


# ---------------------------------------------------------------------------------------------
# Guards


def _blocked(actor, act: Act, action: Action, reason: str = "") -> list[str]:
    """Perform must refuse with guard_failed and change nothing; the reasons it gives."""
    before = snapshot(act)
    option = next(o for o in available(actor, act) if o.action is action)
    assert not option.allowed
    with pytest.raises(Conflict) as refused:
        review.transition(actor, act.id, action.value, reason)
    assert refused.value.code == "guard_failed"
    assert snapshot(act) == before
    assert refused.value.extra["blocked_by"] == list(option.blocked_by)
    db.session.rollback()
    return refused.value.extra["blocked_by"]


def test_submitting_needs_a_planned_round(cast):
    act = make_act(cast.drafter)
    (reason,) = _blocked(cast.drafter, act, Action.SUBMIT_DOMESTIC_REVIEW)
    assert "plan a domestic review round" in reason
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    assert act.status is ActStatus.DOMESTIC_REVIEW


def test_a_planned_round_of_the_other_stage_does_not_open_this_one(cast):
    act = make_act(cast.drafter)
    plan(cast, act, "international")
    (reason,) = _blocked(cast.secretary, act, Action.SUBMIT_DOMESTIC_REVIEW)
    assert "plan a domestic review round" in reason
    # Nor may the act skip the domestic stage with its international round planned.
    reasons = _blocked(cast.secretary, act, Action.SUBMIT_INTERNATIONAL_REVIEW)
    assert reasons == [
        "The domestic review is not complete: every domestic reviewer must submit an opinion "
        "(or the secretary waive it)."
    ]


def test_international_review_needs_the_domestic_stage_completed(cast):
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    plan(cast, act, "international")
    reasons = _blocked(cast.drafter, act, Action.SUBMIT_INTERNATIONAL_REVIEW)
    assert len(reasons) == 2
    assert "domestic review is not complete" in reasons[0]
    assert "1 opinion of the domestic round is not in yet" in reasons[1]
    assert cast.domestic.display_name in reasons[1]

    # Returned without the opinion: the closed round is incomplete, so still blocked.
    move(cast, act, Action.RETURN_TO_DRAFTING)
    (reason,) = _blocked(cast.drafter, act, Action.SUBMIT_INTERNATIONAL_REVIEW)
    assert "domestic review is not complete" in reason
    # The committee needs both stages.
    reasons = _blocked(cast.drafter, act, Action.SUBMIT_TO_COMMITTEE)
    assert [r.split(":")[0] for r in reasons] == [
        "The domestic review is not complete",
        "The international review is not complete",
    ]


def test_pending_opinions_block_until_waived(cast):
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    plan(cast, act, "international")
    _blocked(cast.secretary, act, Action.SUBMIT_INTERNATIONAL_REVIEW)

    domestic_round = round_in(act, RoundStatus.OPEN)
    review.waive(cast.secretary, domestic_round.id, cast.domestic.username, "On leave")
    db.session.commit()
    (assignment,) = domestic_round.assignments
    assert assignment.state == "waived" and assignment.is_done
    assert assignment.waived_by_id == cast.secretary.id
    assert domestic_round.is_complete
    move(cast, act, Action.SUBMIT_INTERNATIONAL_REVIEW, by=cast.secretary)
    assert act.status is ActStatus.INTERNATIONAL_REVIEW
    assert domestic_round.status is RoundStatus.CLOSED


def test_a_waived_opinion_counts_as_done_for_later_stages(cast):
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    review.waive(cast.secretary, round_in(act, RoundStatus.OPEN).id, "domestic-expert", "Ill")
    db.session.commit()
    move(cast, act, Action.RETURN_TO_DRAFTING)
    plan(cast, act, "international")
    move(cast, act, Action.SUBMIT_INTERNATIONAL_REVIEW)
    reasons = _blocked(cast.drafter, act, Action.SUBMIT_TO_COMMITTEE)
    assert "The international review is not complete" in reasons[0]
    assert "1 opinion of the international round" in reasons[1]
    review.waive(cast.secretary, round_in(act, RoundStatus.OPEN).id, "international-expert", "-")
    db.session.commit()
    move(cast, act, Action.SUBMIT_TO_COMMITTEE)
    assert act.status is ActStatus.COMMITTEE_REVIEW


def test_waiving_needs_a_reason_and_an_open_round(cast):
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    planned = round_in(act, RoundStatus.PLANNED)
    with pytest.raises(Conflict) as refused:
        review.waive(cast.secretary, planned.id, "domestic-expert", "Early")
    assert refused.value.code == "round_not_open"
    db.session.rollback()
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    with pytest.raises(Invalid) as refused:
        review.waive(cast.secretary, planned.id, "domestic-expert", "   ")
    assert refused.value.fields == {"reason": "Required."}
    db.session.rollback()
    with pytest.raises(Forbidden):
        review.waive(cast.drafter, planned.id, "domestic-expert", "Not mine to waive")
    db.session.rollback()
    assert planned.assignments[0].state == "pending"


def test_unanswered_comments_block_until_answered(cast):
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    comment = review.add_comment(
        cast.domestic, act.id, version=1, eid="art_3__para_2", body="Ten days is short."
    )
    db.session.commit()
    opinion(cast, act, "domestic")
    plan(cast, act, "international")
    (reason,) = _blocked(cast.drafter, act, Action.SUBMIT_INTERNATIONAL_REVIEW)
    assert reason == "1 comment has no disposition from the drafter yet."

    # A reply in the thread is not a comment awaiting an answer of its own.
    review.reply(cast.drafter, comment.id, "Why is it short?")
    review.dispose(cast.drafter, comment.id, disposition="rejected", reason="It is the norm.")
    db.session.commit()
    move(cast, act, Action.SUBMIT_INTERNATIONAL_REVIEW)
    assert act.status is ActStatus.INTERNATIONAL_REVIEW


@pytest.mark.parametrize("action", sorted(REASON_REQUIRED), ids=_id)
@pytest.mark.parametrize("reason", ["", "   \n\t "], ids=["empty", "blank"])
def test_returning_and_withdrawing_need_a_reason(cast, action, reason):
    act = drive(cast, ActStatus.DOMESTIC_REVIEW)
    before = snapshot(act)
    with pytest.raises(Invalid) as refused:
        review.transition(cast.drafter, act.id, action.value, reason)
    assert refused.value.status == 400
    assert refused.value.fields == {"reason": "Required."}
    assert snapshot(act) == before


def test_a_reason_has_a_length_limit(cast):
    act = drive(cast, ActStatus.DOMESTIC_REVIEW)
    before = snapshot(act)
    with pytest.raises(Invalid) as refused:
        review.transition(cast.drafter, act.id, "return_to_drafting", "x" * (MAX_REASON + 1))
    assert refused.value.fields == {"reason": "Too long."}
    assert snapshot(act) == before
    # Exactly the limit is accepted; runs of white space count as one.
    review.transition(cast.drafter, act.id, "return_to_drafting", "y  " * (MAX_REASON // 2))
    assert act.status is ActStatus.DRAFTING
    assert len(_last_entry().details["reason"]) == MAX_REASON - 1


def test_a_reason_is_kept_for_actions_that_do_not_need_one(cast):
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    review.transition(cast.drafter, act.id, "submit_domestic_review", "  Ready  for review ")
    assert _last_entry().details["reason"] == "Ready for review"
    assert _last_entry().details["version"] == 1


def test_a_returned_round_closes_and_the_next_round_opens_on_the_new_version(cast):
    drafter = cast.drafter
    act = make_act(drafter)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    first = round_in(act, RoundStatus.OPEN)
    assert (first.version_number, first.opened_at is not None) == (1, True)

    # The version under review is frozen.
    changed = SAMPLE_TEXT.replace("ten business days", "five business days")
    with pytest.raises(Conflict) as refused:
        acts.save_version(drafter, act.id, base_version=1, text=changed, note="", max_chars=10**6)
    assert refused.value.code == "not_drafting" and refused.value.status == 409
    db.session.rollback()
    assert act.current_version == 1

    move(cast, act, Action.RETURN_TO_DRAFTING)
    assert first.status is RoundStatus.CLOSED and first.closed_at is not None
    assert round_in(act, RoundStatus.OPEN) is None
    acts.save_version(drafter, act.id, base_version=1, text=changed, note="", max_chars=10**6)
    db.session.commit()
    assert act.current_version == 2

    plan(cast, act, "domestic")
    second = round_in(act, RoundStatus.PLANNED)
    assert second.version_number is None
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    assert second.status is RoundStatus.OPEN and second.version_number == 2
    assert first.status is RoundStatus.CLOSED and first.version_number == 1
    with pytest.raises(Conflict):
        acts.save_version(drafter, act.id, base_version=2, text=SAMPLE_TEXT, note="",
                          max_chars=10**6)  # fmt: skip
    db.session.rollback()


def test_withdrawing_cancels_a_planned_round(cast):
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    planned = round_in(act, RoundStatus.PLANNED)
    move(cast, act, Action.WITHDRAW)
    assert act.status is ActStatus.WITHDRAWN
    assert planned.status is RoundStatus.CLOSED and planned.version_number is None
    with pytest.raises(Conflict) as refused:
        review.plan_round(cast.secretary, act.id, stage="domestic",
                          reviewers=["domestic-expert"], due=planned.due)  # fmt: skip
    assert refused.value.code == "act_closed"
