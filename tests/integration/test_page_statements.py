"""The busiest pages send a fixed, small number of SQL statements, whatever the number of acts,
deadlines and rounds: the same count with one act in each state as with four."""

from __future__ import annotations

import pytest

from alatau_legal.accounts.models import User
from alatau_legal.acts.models import Act, ActStatus
from alatau_legal.extensions import db
from alatau_legal.review import services as review
from alatau_legal.review.models import RoundStatus
from alatau_legal.review.workflow import Action, round_in
from tests.support.builders import login
from tests.support.statements import statements_of_page
from tests.support.workflow_states import Cast, drive

# Each state an act can be followed in on the dashboard, my work and the round pages.
STATES = (
    (ActStatus.DRAFTING, Action.SUBMIT_DOMESTIC_REVIEW),  # a planned round
    (ActStatus.DOMESTIC_REVIEW, None),  # an open round and a planned one
    (ActStatus.INTERNATIONAL_REVIEW, None),
    (ActStatus.COMMITTEE_REVIEW, None),  # waiting for the committee
)
# The most any of these pages may send (sign-in, the page's own reads, the header's bell).
# 16 at most on SQLite and PostgreSQL alike (the act page): an invitation is asked once per
# request, a version's row is read once, rounds and agenda items of a timeline in one query.
MOST = 16


@pytest.fixture
def cast(app) -> Cast:
    return Cast.create()


def _populate(cast: Cast, copies: int) -> list:
    acts = []
    for _ in range(copies):
        for status, ready_for in STATES:
            act = drive(cast, status, ready_for)
            acts.append(act)
    # A thread on each act in review, so that the comment queries have rows to find.
    for act in acts:
        open_round = round_in(act, RoundStatus.OPEN)
        if open_round is not None:
            reviewer = open_round.assignments[0].reviewer
            if not open_round.assignments[0].is_done:
                review.add_comment(reviewer, act.id, version=1, eid="art_1", body="Why?")
    db.session.commit()
    return acts


def _client(app, username: str):
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def _paths(acts) -> dict[str, str]:
    """One page of each kind, about the last act made (its round pages too)."""
    in_review = next(a for a in reversed(acts) if a.status is ActStatus.DOMESTIC_REVIEW)
    open_round = round_in(in_review, RoundStatus.OPEN)
    return {
        "dashboard": "/deadlines",
        "dashboard by person": "/deadlines?group=person",
        "act list": "/acts",
        "act page": f"/acts/{in_review.number}",
        "my work": "/my-work",
        "round": f"/acts/{in_review.number}/rounds/{open_round.id}",
        "round comments": f"/acts/{in_review.number}/rounds/{open_round.id}/comments",
    }


@pytest.mark.parametrize("username", ["secretary", "drafter", "domestic-expert"])
def test_pages_send_the_same_few_statements_with_four_times_the_data(app, cast, username):
    acts = _populate(cast, 1)
    user_ids = {role: user.id for role, user in cast.users.items()}
    act_ids = [act.id for act in acts]
    client = _client(app, username)
    few = {name: len(statements_of_page(client, path)) for name, path in _paths(acts).items()}
    # Measuring closed the session: the people and acts are read again, as a new request would.
    cast = Cast({role: db.session.get(User, user_id) for role, user_id in user_ids.items()})
    acts = [db.session.get(Act, act_id) for act_id in act_ids] + _populate(cast, 3)
    many_statements = {
        name: statements_of_page(client, path) for name, path in _paths(acts).items()
    }
    many = {name: len(found) for name, found in many_statements.items()}
    assert many == few, {"one of each": few, "four of each": many}
    for name, found in many_statements.items():
        assert len(found) <= MOST, (name, len(found), found)
