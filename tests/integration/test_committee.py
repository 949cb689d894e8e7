"""The Operational Committee: meetings, agendas, decisions and the state changes they cause;
deadlines; the calendar feed; e-mail reminders over a real SMTP server on loopback."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, time, timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar

from alatau_legal.acts.models import ActStatus
from alatau_legal.audit.models import AuditEntry
from alatau_legal.committee import deadlines, services
from alatau_legal.committee.models import AgendaItem, Meeting, ReminderSent
from alatau_legal.errors import Conflict, Forbidden, Invalid, NotFound
from alatau_legal.extensions import db
from alatau_legal.review import services as review
from alatau_legal.review.models import RoundStatus
from alatau_legal.review.workflow import Action, round_in
from alatau_legal.timeutil import utcnow
from tests.support.builders import api_token, make_act, make_user
from tests.support.workflow_states import Cast, drive, move, plan

TODAY = utcnow().date()


@pytest.fixture
def cast(app) -> Cast:
    cast = Cast.create()
    make_user("committee_member", "member-two")
    return cast


@pytest.fixture
def on_agenda(cast):
    """A meeting today with an act in committee review on its agenda, two members present."""
    act = drive(cast, ActStatus.COMMITTEE_REVIEW)
    meeting = services.create_meeting(cast.secretary, day=TODAY, title="1st meeting")
    item = services.add_agenda_item(cast.secretary, meeting.id, act.id)
    services.set_attendance(cast.secretary, meeting.id, ["committee-member", "member-two"])
    db.session.commit()
    return act, meeting, item


def _count(model) -> int:
    db.session.expire_all()
    return db.session.query(model).count()


def test_approve_moves_the_act_to_approved(cast, on_agenda):
    act, meeting, item = on_agenda
    services.decide(
        cast.secretary, meeting.id, item.id, decision="approve",
        votes={"for": 2, "against": 0, "abstain": 0}, notes="Unanimous.",
    )  # fmt: skip
    db.session.commit()
    assert act.status is ActStatus.APPROVED
    assert item.decision.value == "approve" and item.votes_for == 2
    transition = db.session.query(AuditEntry).filter_by(action="transition").all()[-1]
    assert transition.details["to_status"] == "approved"
    assert transition.details["reason"] == "Unanimous."  # the sentence is composed when read
    assert transition.details["committee"]["decision"] == "approve"
    assert transition.details["committee"]["meeting_date"] == TODAY.isoformat()


def test_return_moves_the_act_back_to_drafting_and_needs_notes(cast, on_agenda):
    act, meeting, item = on_agenda
    votes = {"for": 1, "against": 1, "abstain": 0}
    with pytest.raises(Invalid) as missing:
        services.decide(cast.secretary, meeting.id, item.id, decision="return", votes=votes)
    assert "notes" in missing.value.fields
    db.session.rollback()
    services.decide(
        cast.secretary, meeting.id, item.id, decision="return", votes=votes,
        notes="Article 3 needs a clearer time limit.",
    )  # fmt: skip
    db.session.commit()
    assert act.status is ActStatus.DRAFTING


def test_postpone_keeps_the_act_for_the_next_meeting(cast, on_agenda):
    act, meeting, item = on_agenda
    services.decide(
        cast.secretary, meeting.id, item.id, decision="postpone",
        votes={"for": 0, "against": 0, "abstain": 2},
    )  # fmt: skip
    db.session.commit()
    assert act.status is ActStatus.COMMITTEE_REVIEW
    later = services.create_meeting(
        cast.secretary, day=TODAY + timedelta(days=7), title="2nd meeting"
    )
    again = services.add_agenda_item(cast.secretary, later.id, act.id)
    db.session.commit()
    assert again.meeting_id == later.id


@pytest.mark.parametrize(
    ("votes", "field"),
    [
        ({"for": 1, "against": 0, "abstain": 0}, "votes"),  # 1 of 2 present
        ({"for": 3, "against": 0, "abstain": 0}, "votes"),
        ({"for": -1, "against": 3, "abstain": 0}, "votes.for"),
        ({"for": "2", "against": 0, "abstain": 0}, "votes.for"),
    ],
)
def test_votes_must_add_up_to_attendance(cast, on_agenda, votes, field):
    act, meeting, item = on_agenda
    with pytest.raises(Invalid) as refused:
        services.decide(cast.secretary, meeting.id, item.id, decision="approve", votes=votes)
    assert field in refused.value.fields
    db.session.rollback()
    assert db.session.get(AgendaItem, item.id).decision is None
    assert act.status is ActStatus.COMMITTEE_REVIEW


def test_bad_meetings_and_agenda_items_save_nothing(cast):
    with pytest.raises(Invalid) as past:
        services.create_meeting(cast.secretary, day=TODAY - timedelta(days=1), title="Late")
    assert "past" in past.value.message
    db.session.rollback()
    with pytest.raises(Invalid):
        services.create_meeting(cast.secretary, day=TODAY, title="   ")
    db.session.rollback()
    with pytest.raises(Forbidden):
        services.create_meeting(cast.drafter, day=TODAY, title="Mine")
    db.session.rollback()
    assert _count(Meeting) == 0

    meeting = services.create_meeting(cast.secretary, day=TODAY, title="A meeting")
    drafting = make_act(cast.drafter)
    db.session.commit()
    with pytest.raises(Conflict) as wrong_state:
        services.add_agenda_item(cast.secretary, meeting.id, drafting.id)
    assert "committee review" in wrong_state.value.message
    db.session.rollback()
    with pytest.raises(NotFound):
        services.add_agenda_item(cast.secretary, meeting.id, 99_999)
    db.session.rollback()
    assert _count(AgendaItem) == 0


def test_decisions_need_attendance_and_are_recorded_once(cast):
    act = drive(cast, ActStatus.COMMITTEE_REVIEW)
    meeting = services.create_meeting(cast.secretary, day=TODAY, title="M")
    item = services.add_agenda_item(cast.secretary, meeting.id, act.id)
    db.session.commit()
    votes = {"for": 0, "against": 0, "abstain": 0}
    with pytest.raises(Conflict) as no_one:
        services.decide(cast.secretary, meeting.id, item.id, decision="approve", votes=votes)
    assert no_one.value.code == "no_attendance"
    db.session.rollback()
    with pytest.raises(Invalid):  # an expert is not a committee member
        services.set_attendance(cast.secretary, meeting.id, ["domestic-expert"])
    db.session.rollback()
    services.set_attendance(cast.secretary, meeting.id, ["committee-member"])
    services.decide(
        cast.secretary, meeting.id, item.id, decision="approve",
        votes={"for": 1, "against": 0, "abstain": 0},
    )  # fmt: skip
    db.session.commit()
    with pytest.raises(Conflict):
        services.decide(
            cast.secretary, meeting.id, item.id, decision="return",
            votes={"for": 1, "against": 0, "abstain": 0}, notes="Again",
        )  # fmt: skip
    db.session.rollback()
    with pytest.raises(Conflict):  # the decision's attendance stays
        services.set_attendance(cast.secretary, meeting.id, ["member-two"])


def test_a_future_meeting_takes_no_attendance_or_decision_yet(cast):
    act = drive(cast, ActStatus.COMMITTEE_REVIEW)
    meeting = services.create_meeting(cast.secretary, day=TODAY + timedelta(days=3), title="M")
    item = services.add_agenda_item(cast.secretary, meeting.id, act.id)
    db.session.commit()
    with pytest.raises(Conflict) as ahead:
        services.set_attendance(cast.secretary, meeting.id, ["committee-member"])
    assert ahead.value.code == "meeting_ahead"
    db.session.rollback()
    with pytest.raises(Conflict) as ahead:
        services.decide(
            cast.secretary, meeting.id, item.id, decision="approve",
            votes={"for": 1, "against": 0, "abstain": 0},
        )  # fmt: skip
    assert ahead.value.code == "meeting_ahead"
    # On the day it is held, both are recorded.
    held = datetime.combine(meeting.date, time(10), tzinfo=UTC)
    services.set_attendance(cast.secretary, meeting.id, ["committee-member"], now=held)
    services.decide(
        cast.secretary, meeting.id, item.id, decision="approve",
        votes={"for": 1, "against": 0, "abstain": 0}, now=held,
    )  # fmt: skip
    assert act.status is ActStatus.APPROVED


# ---------------------------------------------------------------------------------------------
# Deadlines


def test_deadlines_of_a_round_and_what_each_person_sees(cast):
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    open_round = round_in(act, RoundStatus.OPEN)
    open_round.assignments[0].due = TODAY - timedelta(days=7)
    db.session.commit()
    everyone = deadlines.deadlines_for(cast.secretary)
    kinds = {(d.kind, d.who.username) for d in everyone}
    assert ("assignment", "domestic-expert") in kinds
    assert ("round", "secretary") in kinds
    assert ("stage", "drafter") in kinds
    (late,) = [d for d in everyone if d.kind == "assignment"]
    assert late.status == "overdue" and late.business_days_left < 0
    assert [d.kind for d in deadlines.deadlines_for(cast.domestic)] == ["assignment"]
    assert deadlines.deadlines_for(cast.secretary, status="overdue") == [late]
    with pytest.raises(Invalid):
        deadlines.deadlines_for(cast.secretary, status="late")
    with pytest.raises(Invalid):
        deadlines.deadlines_for(cast.domestic, username="drafter")
    # The opinion in, the reviewer's deadline is gone.
    review.save_opinion(cast.domestic, open_round.id, recommendation="approve", text="Fine.")
    db.session.commit()
    assert deadlines.deadlines_for(cast.domestic) == []


def test_an_approved_act_leaves_the_deadlines(cast, on_agenda):
    act, meeting, item = on_agenda
    assert any(d.act.id == act.id for d in deadlines.deadlines_for(cast.secretary))
    services.decide(
        cast.secretary, meeting.id, item.id, decision="approve",
        votes={"for": 2, "against": 0, "abstain": 0},
    )  # fmt: skip
    db.session.commit()
    assert not any(d.act.id == act.id for d in deadlines.deadlines_for(cast.secretary))


# ---------------------------------------------------------------------------------------------
# The calendar feed


def test_the_calendar_feed_parses_and_a_revoked_token_is_refused(client, cast, on_agenda):
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    headers = api_token(client, "domestic-expert")
    url = client.get("/api/v1/me", headers=headers).json["calendar_url"]
    assert url.startswith("http://localhost/calendar/") and url.endswith(".ics")
    path = url.removeprefix("http://localhost")
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    feed = Calendar.from_ical(response.data)
    events = [c for c in feed.walk("VEVENT")]
    assert len(events) == 1
    assert act.number in str(events[0]["SUMMARY"])
    assert events[0].decoded("DTSTART") == round_in(act, RoundStatus.OPEN).assignments[0].due

    # The secretary's feed carries the meeting.
    secretary = client.get("/api/v1/me", headers=api_token(client, "secretary")).json
    secretary_feed = Calendar.from_ical(
        client.get(secretary["calendar_url"].removeprefix("http://localhost")).data
    )
    assert any("1st meeting" in str(e["SUMMARY"]) for e in secretary_feed.walk("VEVENT"))

    renewed = client.post("/api/v1/me/calendar-token", headers=headers).json["calendar_url"]
    assert renewed != url
    assert client.get(path).status_code == 404
    assert client.get(renewed.removeprefix("http://localhost")).status_code == 200
    for bad in ("/calendar/nonsense.ics", "/calendar/1.abc.ics", "/calendar/99999.x.ics"):
        assert client.get(bad).status_code == 404


# ---------------------------------------------------------------------------------------------
# Reminders over SMTP


class Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(app):
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)
    yield inbox
    controller.stop()


@pytest.fixture
def overdue_work(cast):
    for user in cast.users.values():
        user.email = f"{user.username}@example.org"
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    round_in(act, RoundStatus.OPEN).assignments[0].due = TODAY - timedelta(days=5)
    db.session.commit()
    return act


def test_reminders_arrive_once_per_item_and_day(runner, smtp_server, overdue_work):
    result = runner.invoke(args=["deadlines", "remind"])
    assert result.exit_code == 0, result.output
    recipients = sorted(rcpt for rcpts, _ in smtp_server.messages for rcpt in rcpts)
    assert recipients == ["domestic-expert@example.org", "secretary@example.org"]
    to_expert = next(m for rcpts, m in smtp_server.messages if "domestic-expert" in rcpts[0])
    assert overdue_work.number in to_expert.get_content()
    assert "overdue" in to_expert.get_content()
    sent = _count(ReminderSent)
    # An hour later, cron runs again: nothing new to say today.
    again = runner.invoke(args=["deadlines", "remind"])
    assert again.exit_code == 0 and "Sent 0 reminder" in again.output
    assert len(smtp_server.messages) == 2 and _count(ReminderSent) == sent


def test_an_unreachable_mail_server_fails_and_marks_nothing(app, runner, overdue_work):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port(), MAIL_TIMEOUT=5)
    result = runner.invoke(args=["deadlines", "remind"])
    assert result.exit_code != 0
    assert "Cannot reach the mail server" in result.output
    assert _count(ReminderSent) == 0


# ---------------------------------------------------------------------------------------------
# The API


def test_the_committee_through_the_api(client, cast):
    act = drive(cast, ActStatus.COMMITTEE_REVIEW)
    secretary = api_token(client, "secretary")
    created = client.post(
        "/api/v1/meetings", json={"date": TODAY.isoformat(), "title": "API"}, headers=secretary
    )
    assert created.status_code == 201, created.text
    meeting_id = created.json["id"]
    item = client.post(
        f"/api/v1/meetings/{meeting_id}/agenda", json={"act_id": act.id}, headers=secretary
    )
    assert item.status_code == 201 and item.json["version"] == act.current_version
    present = client.post(
        f"/api/v1/meetings/{meeting_id}/attendance",
        json={"attendees": ["committee-member"]},
        headers=secretary,
    )
    assert present.json["attendees"] == ["committee-member"]
    url = f"/api/v1/meetings/{meeting_id}/agenda/{item.json['id']}/decision"
    bad = client.post(
        url,
        json={"decision": "approve", "votes": {"for": 2, "against": 0, "abstain": 0}},
        headers=secretary,
    )
    assert bad.status_code == 400 and "votes" in bad.json["error"]["fields"]
    decided = client.post(
        url,
        json={"decision": "approve", "votes": {"for": 1, "against": 0, "abstain": 0}},
        headers=secretary,
    )
    assert decided.status_code == 200 and decided.json["decision"] == "approve"
    assert client.get(f"/api/v1/acts/{act.id}", headers=secretary).json["status"] == "approved"
    listed = client.get("/api/v1/deadlines?status=overdue", headers=secretary)
    assert listed.status_code == 200 and listed.json["total"] == 0
    assert client.get("/api/v1/deadlines?status=late", headers=secretary).status_code == 400
    past = client.post(
        "/api/v1/meetings",
        json={"date": (TODAY - timedelta(days=1)).isoformat(), "title": "Late"},
        headers=secretary,
    )
    assert past.status_code == 400 and "date" in past.json["error"]["fields"]
    not_in_committee = client.post(
        f"/api/v1/meetings/{meeting_id}/agenda",
        json={"act_id": make_act(cast.drafter).id},
        headers=secretary,
    )
    assert not_in_committee.status_code == 409


def test_an_act_waiting_for_the_committee_has_a_deadline_until_it_is_on_an_agenda(cast):
    act = drive(cast, ActStatus.COMMITTEE_REVIEW)
    (waiting,) = [d for d in deadlines.deadlines_for(cast.secretary) if d.act.id == act.id]
    assert (waiting.kind, waiting.stage, waiting.who.username) == (
        "stage",
        "committee",
        "secretary",
    )
    assert waiting.business_days_left == 10  # the default committee stage, from today
    meeting = services.create_meeting(cast.secretary, day=TODAY + timedelta(days=2), title="M")
    services.add_agenda_item(cast.secretary, meeting.id, act.id)
    db.session.commit()
    (scheduled,) = [d for d in deadlines.deadlines_for(cast.secretary) if d.act.id == act.id]
    assert scheduled.kind == "agenda_item" and scheduled.due == meeting.date
