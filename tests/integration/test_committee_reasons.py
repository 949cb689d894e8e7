"""A transition taken by a committee decision keeps facts (the decision, the meeting and its day)
and the notes as typed; people read the sentence in their language with its long date (the
act's timeline), the API in English with the ISO date. Entries stored before, with the English
sentence itself, read the same."""

from __future__ import annotations

import re
from datetime import date

import pytest

from alatau_legal.acts.models import ActStatus
from alatau_legal.audit.models import AuditEntry
from alatau_legal.committee import services
from alatau_legal.extensions import db
from alatau_legal.review import reasons, workflow
from alatau_legal.review.workflow import Action
from alatau_legal.timeutil import utcnow
from tests.support.builders import api_token, login, make_user
from tests.support.workflow_states import Cast, drive

# A day in the past, so every language writes it differently from ISO and from each other.
HELD = date(2026, 3, 5)
APPROVED = {
    "en": "Approved by the Operational Committee on March 5, 2026. Unanimous.",
    "ru": "Утверждён Операционным комитетом 5 марта 2026\u202fг. Unanimous.",
    "kk": "Операциялық комитет бекітті (отырыс күні: 2026\u202fж. 5 наурыз). Unanimous.",
}
RETURNED = {
    "en": "Returned by the Operational Committee on March 5, 2026: Clarify Article 3.",
    "ru": "Возвращён Операционным комитетом на доработку 5 марта 2026\u202fг.: Clarify Article 3.",
    "kk": "Операциялық комитет пысықтауға қайтарды (отырыс күні: 2026\u202fж. 5 наурыз): "
    "Clarify Article 3.",
}
VOTES = {"for": 2, "against": 0, "abstain": 0}


@pytest.fixture
def cast(app) -> Cast:
    cast = Cast.create()
    make_user("committee_member", "member-two")
    return cast


def _held_meeting(cast: Cast, act) -> tuple:
    """A meeting held on HELD with the act on its agenda and two members present."""
    meeting = services.create_meeting(cast.secretary, day=utcnow().date(), title="Held")
    item = services.add_agenda_item(cast.secretary, meeting.id, act.id)
    services.set_attendance(cast.secretary, meeting.id, ["committee-member", "member-two"])
    meeting.date = HELD  # held before today: its decisions may be recorded
    db.session.commit()
    return meeting, item


def _decided(cast: Cast, decision: str, notes: str):
    act = drive(cast, ActStatus.COMMITTEE_REVIEW)
    meeting, item = _held_meeting(cast, act)
    services.decide(
        cast.secretary, meeting.id, item.id, decision=decision, votes=VOTES, notes=notes
    )
    db.session.commit()
    return act, meeting, item


def _last_transition(act) -> AuditEntry:
    return (
        db.session.query(AuditEntry)
        .filter_by(act_id=act.id, action="transition")
        .order_by(AuditEntry.seq.desc())
        .first()
    )


def _reason_on_timeline(client, act, language: str) -> str:
    page = client.get(f"/acts/{act.number}/events?ui_lang={language}").text
    rows = [row for row in page.split("<tr") if "→" in row]
    reason = re.search(r'<div class="small">(.*?)</div>', rows[-1], re.DOTALL)
    assert reason, rows[-1]
    return re.sub(r"[ \t\n]+", " ", reason.group(1)).strip()  # the date's narrow spaces kept


def test_the_transition_keeps_the_decision_s_facts_and_the_notes_as_typed(cast):
    act, meeting, item = _decided(cast, "approve", "Unanimous.")
    entry = _last_transition(act)
    assert entry.details["to_status"] == "approved"
    assert entry.details["reason"] == "Unanimous."  # no English sentence, no ISO date stored
    assert entry.details["committee"] == {
        "decision": "approve",
        "meeting_id": meeting.id,
        "item_id": item.id,
        "meeting_date": "2026-03-05",
    }


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_timeline_says_the_approval_in_the_reader_s_language(client, cast, language):
    act, _, _ = _decided(cast, "approve", "Unanimous.")
    login(client, "secretary")
    shown = _reason_on_timeline(client, act, language)
    assert APPROVED[language] in shown
    assert "2026-03-05" not in client.get(f"/acts/{act.number}/events?ui_lang={language}").text


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_timeline_says_the_return_in_the_reader_s_language(client, cast, language):
    act, _, _ = _decided(cast, "return", "Clarify Article 3.")
    assert act.status is ActStatus.DRAFTING
    login(client, "drafter")
    assert RETURNED[language] in _reason_on_timeline(client, act, language)


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_an_entry_stored_with_the_english_sentence_reads_the_same(client, cast, language):
    act = drive(cast, ActStatus.COMMITTEE_REVIEW)
    # What decide() stored before the facts were kept: the sentence, the date in ISO form.
    workflow.perform(
        cast.secretary, act, Action.APPROVE.value,
        "Approved by the Operational Committee on 2026-03-05. Unanimous.", by_decision=True,
    )  # fmt: skip
    db.session.commit()
    assert "committee" not in _last_transition(act).details
    login(client, "secretary")
    assert APPROVED[language] in _reason_on_timeline(client, act, language)
    api = client.get(f"/api/v1/acts/{act.id}/events", headers=api_token(client, "secretary"))
    assert [e for e in api.json["items"] if e["action"] == "transition"][-1]["reason"] == (
        "Approved by the Operational Committee on 2026-03-05. Unanimous."
    )


def test_the_api_keeps_the_english_sentence_with_the_iso_date(client, cast):
    act, meeting, _ = _decided(cast, "approve", "Unanimous.")
    headers = {**api_token(client, "secretary"), "Accept-Language": "ru"}
    items = client.get(f"/api/v1/acts/{act.id}/events", headers=headers).json["items"]
    (event,) = [e for e in items if e["transition"] == "approve"]
    assert event["reason"] == "Approved by the Operational Committee on 2026-03-05. Unanimous."
    assert event["details"]["committee"]["meeting_id"] == meeting.id


def test_a_person_s_reason_is_shown_as_written(app):
    # Typed by a drafter returning the act: not a decision, even if it reads like one.
    typed = {
        "transition": "withdraw",
        "reason": "Returned by the Operational Committee on 2026-03-05: so we withdraw it.",
    }
    assert reasons.decision_of(typed) is None
    with app.test_request_context("/?ui_lang=ru"):
        assert reasons.shown(typed) == typed["reason"]
        assert reasons.shown({"transition": "withdraw", "reason": ""}) == ""
    assert reasons.english(typed) == typed["reason"]
    empty = {
        "transition": "approve",
        "reason": "Approved by the Operational Committee on 2026-03-05.",
    }
    assert reasons.decision_of(empty) == reasons.CommitteeDecision("approve", HELD, "")
    with app.test_request_context("/?ui_lang=kk"):
        assert (
            reasons.shown(empty)
            == "Операциялық комитет бекітті (отырыс күні: 2026\u202fж. 5 наурыз)."
        )


# The committee's steps on the act's timeline: named, with the meeting's day, never an id.
STEPS = {
    "en": ["Put on a meeting’s agenda", "Committee decision", "Taken off the agenda",
           "Meeting of March 5, 2026: Approved (for 2, against 0, abstained 0)"],
    "ru": ["Включён в повестку заседания", "Решение комитета", "Снят с повестки",
           "Заседание 5 марта 2026\u202fг.: Утверждён (за — 2, против — 0, воздержались — 0)"],
    "kk": ["Отырыстың күн тәртібіне енгізілді", "Комитет шешімі", "Күн тәртібінен алынды",
           "2026\u202fж. 5 наурыз отырысы: Бекітілді (жақтап — 2, қарсы — 0, қалыс қалған — 0)"],
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_timeline_names_the_committee_s_steps_and_their_meetings(client, cast, language):
    from datetime import timedelta

    act = drive(cast, ActStatus.COMMITTEE_REVIEW)
    today = utcnow().date()
    first = services.create_meeting(cast.secretary, day=today + timedelta(days=7), title="One")
    item = services.add_agenda_item(cast.secretary, first.id, act.id)
    db.session.commit()
    services.move_item(cast.secretary, first.id, item.id, to_meeting_id=None, reason="Room taken.")
    db.session.commit()
    meeting, item = _held_meeting(cast, act)
    services.decide(cast.secretary, meeting.id, item.id, decision="approve", votes=VOTES)
    db.session.commit()
    login(client, "secretary")
    page = client.get(f"/acts/{act.number}/events?ui_lang={language}").text
    text = re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", page))
    for step in STEPS[language][:3]:
        assert step in text, step
    assert re.sub(r"\s+", " ", STEPS[language][3]) in re.sub(r"\s+", " ", text)
    assert "Room taken." in text
    assert "agenda." not in text and "meeting_id" not in text
