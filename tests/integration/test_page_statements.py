"""The busiest pages send a fixed, small number of SQL statements, whatever the number of acts,
deadlines and rounds: the same count with one act in each state as with four."""

from __future__ import annotations

import re

import pytest

from alatau_legal.accounts.models import Role, User
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


# The act page where it does the most: three versions (the second renumbers the first, the
# third deletes an article another one refers to), threads with replies and dispositions
# followed through the renumbering, a second round, references in and out of provisions.
RULES = """\
Article 1. Subject
1. These Rules govern fees in Alatau City.

Article 5. Fees
1. The Authority sets the fees.

Article 7. Payment
1. The fees under Article 5 of these Rules are paid within ten days.
2. The Authority publishes the fees.
"""
# After the renumbering (version 2), Article 2 (the former Article 5) is deleted: the reference
# to it in Article 3(1) is broken since version 3.
RULES_V3 = """\
Article 1. Subject
1. These Rules govern fees in Alatau City.

Article 3. Payment
1. The fees under Article 2 of these Rules are paid within ten days.
2. The Authority publishes the fees on its site.
"""
TABLE_READ = r"\b(?:FROM|JOIN) {table}\b"


def _act_with_history(cast: Cast, state: str) -> Act:
    """The act, in drafting with a second round planned or in that round (`state`)."""
    from alatau_legal.acts import services as acts
    from tests.support.builders import make_act
    from tests.support.workflow_states import move, plan

    act = make_act(cast.drafter, text=RULES)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    expert = cast.domestic
    citing = review.add_comment(expert, act.id, version=1, eid="art_7__para_1", body="Which?")
    cited = review.add_comment(expert, act.id, version=1, eid="art_5", body="Too vague.")
    review.add_comment(expert, act.id, version=1, eid="art_7__para_2", body="Where?")
    review.reply(cast.drafter, citing.id, "The fees of Article 5.")
    review.reply(expert, citing.id, "Thank you.")
    review.dispose(cast.drafter, citing.id, disposition="accepted", reason="Clarified.")
    review.dispose(cast.drafter, cited.id, disposition="rejected", reason="It is enough.")
    db.session.commit()
    move(cast, act, Action.RETURN_TO_DRAFTING)
    acts.renumber_act(cast.drafter, act.id, base_version=1)
    db.session.commit()
    acts.save_version(cast.drafter, act.id, base_version=2, text=RULES_V3, note="", max_chars=10**6)
    db.session.commit()
    plan(cast, act, "domestic")
    if state == "review":
        move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
        later = review.add_comment(expert, act.id, version=3, eid="art_3__para_2", body="Which?")
        review.reply(cast.drafter, later.id, "Its own.")
        db.session.commit()
    return act


@pytest.mark.parametrize("state", ["drafting", "review"])
def test_the_act_page_keeps_to_the_ceiling_where_it_does_the_most(app, cast, state):
    from tests.support.pages import speaking

    act = _act_with_history(cast, state)
    number, user_ids = act.number, {role: user.id for role, user in cast.users.items()}
    counts = {}
    for role in ("drafter", "secretary", "domestic_expert"):
        for language in ("en", "ru"):
            client = speaking(db.session.get(User, user_ids[Role(role)]), language)
            latest = client.get(f"/acts/{number}").text
            # The scenario is what it claims: threads followed through the renumbering, a
            # broken reference told to the thread on its provision, the workflow's guards.
            assert 'id="comment-1"' in latest and 'class="reference-notice' in latest
            for path in (f"/acts/{number}", f"/acts/{number}/v/1", f"/acts/{number}/v/2"):
                found = statements_of_page(client, path)
                counts[(role, language, path)] = len(found)
                assert len(found) <= MOST, (role, language, path, len(found), found)
                # Nothing asked twice, and a version's row and its references read once
                # (the workflow's guard on broken references takes the page's own).
                assert len(set(found)) == len(found), (role, path, found)
                for table in ("versions", "provision_references"):
                    reads = [s for s in found if re.search(TABLE_READ.format(table=table), s)]
                    # the broken reference's history (one query over both) is the one more
                    history = 1 if path == f"/acts/{number}" else 0
                    assert len(reads) <= 1 + history, (role, path, table, reads)
    # The reader's language changes what is said, not what is read.
    for (role, _language, path), count in counts.items():
        assert count == counts[(role, "en", path)], counts
