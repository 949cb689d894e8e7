"""The whole review path through the services: plan, submit, comment, answer, revise, approve."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from alatau_legal.acts import services as acts
from alatau_legal.acts.models import ActStatus
from alatau_legal.audit.chain import verify
from alatau_legal.committee import services as committee
from alatau_legal.errors import Conflict, Forbidden, Invalid
from alatau_legal.extensions import db
from alatau_legal.notifications import services as notifications
from alatau_legal.review import services as review
from alatau_legal.review.models import RoundStatus
from alatau_legal.timeutil import utcnow
from tests.support.builders import SAMPLE_TEXT, make_act, make_user

DUE = date.today() + timedelta(days=14)


@pytest.fixture
def people(app):
    return {
        "drafter": make_user("drafter"),
        "secretary": make_user("secretary"),
        "domestic": make_user("domestic_expert"),
        "international": make_user("international_expert"),
        "member": make_user("committee_member"),
    }


def _commit(value):
    db.session.commit()
    return value


def test_the_whole_review_path(people):
    drafter, secretary = people["drafter"], people["secretary"]
    domestic, international = people["domestic"], people["international"]
    act = make_act(drafter)

    # Submitting needs a planned round first.
    with pytest.raises(Conflict) as blocked:
        review.transition(drafter, act.id, "submit_domestic_review")
    assert "plan a domestic review round" in blocked.value.extra["blocked_by"][0]
    db.session.rollback()

    planned = _commit(
        review.plan_round(
            secretary, act.id, stage="domestic", reviewers=[domestic.username], due=DUE
        )
    )
    assert planned.status is RoundStatus.PLANNED and planned.version_number is None
    assert notifications.unread_count(domestic) == 1

    _commit(review.transition(drafter, act.id, "submit_domestic_review"))
    assert act.status is ActStatus.DOMESTIC_REVIEW
    assert planned.status is RoundStatus.OPEN and planned.version_number == 1

    # The text is frozen while under review.
    with pytest.raises(Conflict):
        acts.save_version(
            drafter, act.id, base_version=1, text=SAMPLE_TEXT + "\nArticle 4. X\nY.",
            note="", max_chars=10**6,
        )  # fmt: skip
    db.session.rollback()

    comment = _commit(
        review.add_comment(
            domestic,
            act.id,
            version=1,
            eid="art_1__para_1",
            body="Say *which* investors.",
            quote="investment preferences",
        )
    )
    assert notifications.unread_count(drafter) == 1
    with pytest.raises(Invalid):
        review.add_comment(domestic, act.id, version=1, eid="art_99", body="?")
    db.session.rollback()

    _commit(review.save_opinion(domestic, planned.id, recommendation="approve_with_changes",
                                text="Mostly fine."))  # fmt: skip
    with pytest.raises(Conflict):
        review.save_opinion(domestic, planned.id, recommendation="approve", text="Again")
    db.session.rollback()
    assert notifications.unread_count(secretary) == 1  # all opinions are in

    with pytest.raises(Forbidden):
        review.dispose(domestic, comment.id, disposition="accepted", reason="self")
    db.session.rollback()
    _commit(review.dispose(drafter, comment.id, disposition="accepted", reason="Clarified."))

    _commit(review.transition(drafter, act.id, "return_to_drafting", "Revise after review"))
    assert planned.status is RoundStatus.CLOSED
    result = acts.save_version(
        drafter, act.id, base_version=1,
        text=SAMPLE_TEXT.replace("in Alatau City.", "in Alatau City as registered investors."),
        note="Answers the domestic review", max_chars=10**6,
    )  # fmt: skip
    db.session.commit()
    assert result.version.number == 2

    views = review.list_comments(drafter, act)
    assert [(v.comment.id, v.outdated) for v in views] == [(comment.id, True)]
    history = acts.provision_history(drafter, act, "art_1__para_1")
    assert history[-1].change == "changed" and history[-1].comment_ids == [comment.id]

    second = _commit(
        review.plan_round(
            secretary, act.id, stage="international", reviewers=[international.username], due=DUE
        )
    )
    _commit(review.transition(secretary, act.id, "submit_international_review"))
    assert second.version_number == 2
    # The international expert sees their round only, and none of the domestic comments.
    assert [r.id for r in review.list_rounds(international, act)] == [second.id]
    assert review.list_comments(international, act) == []

    _commit(review.save_opinion(international, second.id, recommendation="approve", text="OK"))
    _commit(review.transition(secretary, act.id, "submit_to_committee"))
    assert act.status is ActStatus.COMMITTEE_REVIEW
    # Approval is the committee's decision, never a transition of its own.
    with pytest.raises(Conflict) as refused:
        review.transition(secretary, act.id, "approve")
    assert refused.value.code == "committee_decision_required"
    db.session.rollback()
    meeting = committee.create_meeting(secretary, day=utcnow().date(), title="Committee")
    item = committee.add_agenda_item(secretary, meeting.id, act.id)
    committee.set_attendance(secretary, meeting.id, [people["member"].username])
    votes = {"for": 1, "against": 0, "abstain": 0}
    _commit(committee.decide(secretary, meeting.id, item.id, decision="approve", votes=votes))
    assert act.status is ActStatus.APPROVED

    events = [e.action for e in review.list_events(secretary, act)]
    assert events.count("transition") == 5
    assert verify().ok
