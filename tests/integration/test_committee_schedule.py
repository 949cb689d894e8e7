"""Approval only through a committee decision; a meeting's time, place and reschedules; agenda
items moved or taken off with the reason; every record that depends on an act's state (agenda,
deadlines, register, calendar) following it; refused meeting forms keeping what was typed."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from icalendar import Calendar

from alatau_legal.acts.models import ActStatus
from alatau_legal.committee import calendar, deadlines, services
from alatau_legal.committee.models import AgendaItem, Removal
from alatau_legal.errors import Conflict, Invalid
from alatau_legal.extensions import db
from alatau_legal.register import services as register
from alatau_legal.review.workflow import Action, available
from alatau_legal.timeutil import utcnow
from tests.support.builders import api_token, csrf_token, login
from tests.support.workflow_states import Cast, drive, move

TODAY = utcnow().date()
LATER = TODAY + timedelta(days=7)


@pytest.fixture
def cast(app) -> Cast:
    return Cast.create()


@pytest.fixture
def scheduled(cast):
    """An act in committee review on the agenda of a meeting a week ahead."""
    act = drive(cast, ActStatus.COMMITTEE_REVIEW)
    meeting = services.create_meeting(
        cast.secretary, day=LATER, title="Seventh", start_time=time(10, 30), place="Room 301"
    )
    item = services.add_agenda_item(cast.secretary, meeting.id, act.id)
    db.session.commit()
    return act, meeting, item


def _kinds(act) -> set[str]:
    return {d.kind for d in deadlines.all_deadlines() if d.act.id == act.id}


# ---------------------------------------------------------------------------------------------
# Approval is the committee's


def test_approve_is_never_offered_and_refused_when_asked_for(client, cast, scheduled):
    act, _, _ = scheduled
    assert Action.APPROVE not in {o.action for o in available(cast.secretary, act)}
    headers = api_token(client, "secretary")
    listed = client.get(f"/api/v1/acts/{act.id}/transitions", headers=headers).json["items"]
    assert "approve" not in {option["action"] for option in listed}
    refused = client.post(
        f"/api/v1/acts/{act.id}/transitions", json={"action": "approve"}, headers=headers
    )
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "committee_decision_required"
    db.session.expire_all()
    assert act.status is ActStatus.COMMITTEE_REVIEW
    login(client, "secretary")
    page = client.get(f"/acts/{act.number}").text
    assert 'value="approve"' not in page


# ---------------------------------------------------------------------------------------------
# Records that depend on the act's state


@pytest.mark.parametrize(
    ("action", "removal"),
    [(Action.WITHDRAW, Removal.ACT_WITHDRAWN), (Action.RETURN_TO_DRAFTING, Removal.ACT_RETURNED)],
)
def test_an_act_leaving_committee_review_leaves_the_agenda(cast, scheduled, action, removal):
    act, meeting, item = scheduled
    assert "agenda_item" in _kinds(act)
    assert register.standing(act).next_meeting.id == meeting.id
    move(cast, act, action)
    db.session.expire_all()
    assert item.removed is removal and item.removal_reason == "Recorded by the test"
    assert item.removed_by.id == cast.drafter.id and not item.is_pending
    assert "agenda_item" not in _kinds(act)
    assert register.standing(act).next_meeting is None
    assert meeting.agenda == []
    with pytest.raises(Conflict) as refused:
        services.decide(
            cast.secretary, meeting.id, item.id, decision="approve",
            votes={"for": 1, "against": 0, "abstain": 0},
            now=datetime.combine(LATER, time(12), tzinfo=UTC),
        )  # fmt: skip
    assert refused.value.code == "off_agenda"


def test_a_returned_act_goes_on_an_agenda_again(cast, scheduled):
    act, meeting, _ = scheduled
    move(cast, act, Action.RETURN_TO_DRAFTING)
    move(cast, act, Action.SUBMIT_TO_COMMITTEE)
    again = services.add_agenda_item(cast.secretary, meeting.id, act.id)
    db.session.commit()
    assert [i.id for i in meeting.agenda] == [again.id]


# ---------------------------------------------------------------------------------------------
# Rescheduling


def test_rescheduling_moves_deadlines_register_and_calendar(client, cast, scheduled):
    act, meeting, _ = scheduled
    headers = api_token(client, "secretary")
    later = LATER + timedelta(days=7)
    no_reason = client.patch(
        f"/api/v1/meetings/{meeting.id}", json={"date": later.isoformat()}, headers=headers
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.json["error"]["fields"]
    bad_time = client.patch(
        f"/api/v1/meetings/{meeting.id}", json={"time": "25:00", "reason": "x"}, headers=headers
    )
    assert bad_time.status_code == 400 and "time" in bad_time.json["error"]["fields"]
    changed = client.patch(
        f"/api/v1/meetings/{meeting.id}",
        json={"date": later.isoformat(), "time": "15:00", "place": "Hall B",
              "reason": "The chair is abroad."},
        headers=headers,
    )  # fmt: skip
    assert changed.status_code == 200, changed.json
    assert (changed.json["date"], changed.json["time"], changed.json["place"]) == (
        later.isoformat(), "15:00", "Hall B",
    )  # fmt: skip
    db.session.expire_all()
    (due,) = [d.due for d in deadlines.all_deadlines() if d.kind == "agenda_item"]
    assert due == later
    assert register.standing(act).next_meeting.date == later
    (change,) = services.meeting_changes(cast.secretary, meeting)
    assert change.reason == "The chair is abroad."
    assert change.changes["date"] == [LATER, later]
    feed = client.get(f"/calendar/{calendar.token_for(cast.secretary)}.ics")
    events = [
        e for e in Calendar.from_ical(feed.data).walk("VEVENT")
        if str(e["uid"]).startswith(f"meeting:{meeting.id}@")
    ]  # fmt: skip
    (event,) = events
    start = event.decoded("dtstart")
    assert start.date() == later and start.hour == 15 and str(start.tzinfo) == "Asia/Almaty"
    assert str(event["location"]) == "Hall B" and int(event["sequence"]) == 1


def test_a_held_meeting_keeps_its_date(cast):
    meeting = services.create_meeting(cast.secretary, day=TODAY, title="Today")
    services.set_attendance(cast.secretary, meeting.id, ["committee-member"])
    db.session.commit()
    with pytest.raises(Conflict) as refused:
        services.reschedule(cast.secretary, meeting.id, day=LATER, reason="Oops")
    assert refused.value.code == "meeting_held"
    db.session.rollback()
    services.reschedule(cast.secretary, meeting.id, place="Hall C")  # the place still may
    with pytest.raises(Invalid):
        services.reschedule(cast.secretary, meeting.id, place="Hall C")  # nothing changes


# ---------------------------------------------------------------------------------------------
# Moving an item


def test_moving_an_item_keeps_the_reason_and_the_act_follows(client, cast, scheduled):
    act, meeting, item = scheduled
    other = services.create_meeting(cast.secretary, day=LATER + timedelta(days=1), title="Next")
    db.session.commit()
    headers = api_token(client, "secretary")
    url = f"/api/v1/meetings/{meeting.id}/agenda/{item.id}/move"
    no_reason = client.post(url, json={"meeting_id": other.id}, headers=headers)
    assert no_reason.status_code == 400 and "reason" in no_reason.json["error"]["fields"]
    moved = client.post(url, json={"meeting_id": other.id, "reason": "Annex"}, headers=headers)
    assert moved.status_code == 200, moved.json
    assert moved.json["meeting_id"] == other.id and moved.json["removed"] is None
    db.session.expire_all()
    assert (item.removed, item.removal_reason, item.moved_to.meeting_id) == (
        Removal.MOVED, "Annex", other.id,
    )  # fmt: skip
    again = client.post(url, json={"meeting_id": None, "reason": "Twice"}, headers=headers)
    assert again.status_code == 409
    # Off the agenda altogether: the act waits for a meeting again.
    new_item = db.session.get(AgendaItem, moved.json["id"])
    off = client.post(
        f"/api/v1/meetings/{other.id}/agenda/{new_item.id}/move",
        json={"meeting_id": None, "reason": "Not ready"},
        headers=headers,
    )
    assert off.status_code == 200 and off.json["removed"] == "taken_off"
    assert act in services.acts_awaiting_agenda(cast.secretary)
    assert "agenda_item" not in _kinds(act)
    # And back on the first meeting, where it was once.
    services.add_agenda_item(cast.secretary, meeting.id, act.id)
    db.session.commit()


# ---------------------------------------------------------------------------------------------
# The pages


def test_a_future_meeting_says_why_no_decision_is_offered(client, cast, scheduled):
    _, meeting, item = scheduled
    login(client, "secretary")
    page = client.get(f"/meetings/{meeting.id}").text
    assert f'id="item-{item.id}-ahead"' in page
    assert "committee.decide" not in page and f"/agenda/{item.id}/decision" not in page
    assert "Attendance is recorded on the day of the meeting" in page
    assert "10:30" in page and "Room 301" in page


def test_refused_meeting_forms_keep_what_was_typed(client, cast, scheduled):
    _, meeting, item = scheduled
    login(client, "secretary")
    token = csrf_token(client.get(f"/meetings/{meeting.id}").text)
    refused = client.post(
        f"/meetings/{meeting.id}/edit",
        data={"date": (LATER + timedelta(days=2)).isoformat(), "title": "Seventh",
              "place": "Hall with a long name", "start_time": "11:00", "reason": "",
              "csrf_token": token},
    )  # fmt: skip
    assert refused.status_code == 400 and "Say why the meeting changes" in refused.text
    assert 'value="Hall with a long name"' in refused.text
    moved = client.post(
        f"/meetings/{meeting.id}/agenda/{item.id}/move",
        data={"meeting_id": str(meeting.id), "reason": "My careful reason", "csrf_token": token},
    )
    assert moved.status_code == 400 and "My careful reason</textarea>" in moved.text
    done = client.post(
        f"/meetings/{meeting.id}/agenda/{item.id}/move",
        data={"meeting_id": "0", "reason": "Not ready", "csrf_token": token},
    )
    assert done.status_code == 302
    page = client.get(f"/meetings/{meeting.id}").text
    assert "Taken off the agenda" in page and "Not ready" in page
