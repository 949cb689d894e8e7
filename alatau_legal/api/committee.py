"""The Operational Committee and deadlines: meetings, agenda, decisions, the deadlines list."""

from __future__ import annotations

from flask import jsonify, request
from pydantic import Field

from ..committee import deadlines, services
from ..committee.models import AgendaItem, Meeting
from ..extensions import db
from . import api_user, bp
from .parsing import Body, DbInt, json_body
from .review import paginated, parse_date


class NewMeeting(Body):
    date: str | None = None
    title: str = Field(default="", max_length=1000)
    language: str | None = Field(default=None, max_length=8)


class NewAgendaItem(Body):
    act_id: DbInt | None = None


class AttendanceRequest(Body):
    attendees: list[str] = Field(max_length=200)


class Votes(Body):
    for_: DbInt = Field(default=0, alias="for")
    against: DbInt = 0
    abstain: DbInt = 0


class DecisionRequest(Body):
    decision: str = Field(min_length=1, max_length=32)
    votes: Votes
    notes: str = Field(default="", max_length=10_000)


def item_json(item: AgendaItem) -> dict:
    return {
        "id": item.id,
        "meeting_id": item.meeting_id,
        "act_id": item.act_id,
        "act_number": item.act.number,
        "version": item.version_number,
        "position": item.position,
        "decision": item.decision.value if item.decision else None,
        "votes": {
            "for": item.votes_for,
            "against": item.votes_against,
            "abstain": item.votes_abstain,
        },
        "notes": item.notes,
        "decided_at": item.decided_at.isoformat() if item.decided_at else None,
    }


def meeting_json(meeting: Meeting) -> dict:
    return {
        "id": meeting.id,
        "date": meeting.date.isoformat(),
        "title": meeting.title,
        "language": meeting.language.value,
        "created_by": meeting.created_by.username,
        "attendees": [user.username for user in meeting.attendees],
        "agenda": [item_json(item) for item in meeting.items],
    }


@bp.post("/meetings")
def create_meeting():
    body = json_body(NewMeeting)
    meeting = services.create_meeting(
        api_user(), day=parse_date(body.date, "date"), title=body.title, language=body.language
    )
    db.session.commit()
    return jsonify(meeting_json(meeting)), 201


@bp.get("/meetings")
def list_meetings():
    items, total = paginated(services.list_meetings(api_user()))
    return jsonify({"items": [meeting_json(m) for m in items], "total": total})


@bp.get("/meetings/<int:meeting_id>")
def get_meeting(meeting_id: int):
    return jsonify(meeting_json(services.get_meeting(api_user(), meeting_id)))


@bp.post("/meetings/<int:meeting_id>/agenda")
def add_agenda_item(meeting_id: int):
    body = json_body(NewAgendaItem)
    item = services.add_agenda_item(api_user(), meeting_id, body.act_id)
    db.session.commit()
    return jsonify(item_json(item)), 201


@bp.post("/meetings/<int:meeting_id>/attendance")
def set_attendance(meeting_id: int):
    body = json_body(AttendanceRequest)
    meeting = services.set_attendance(api_user(), meeting_id, body.attendees)
    db.session.commit()
    return jsonify(meeting_json(meeting))


@bp.post("/meetings/<int:meeting_id>/agenda/<int:item_id>/decision")
def decide(meeting_id: int, item_id: int):
    body = json_body(DecisionRequest)
    item = services.decide(
        api_user(),
        meeting_id,
        item_id,
        decision=body.decision,
        votes={
            "for": body.votes.for_,
            "against": body.votes.against,
            "abstain": body.votes.abstain,
        },
        notes=body.notes,
    )
    db.session.commit()
    return jsonify(item_json(item))


@bp.get("/deadlines")
def list_deadlines():
    found = deadlines.deadlines_for(
        api_user(),
        status=request.args.get("status") or None,
        username=request.args.get("user") or None,
    )
    items, total = paginated(found)
    return jsonify(
        {
            "items": [
                {
                    "kind": d.kind,
                    "act_id": d.act.id,
                    "act_number": d.act.number,
                    "stage": d.stage,
                    "who": d.who.username,
                    "due": d.due.isoformat(),
                    "business_days_left": d.business_days_left,
                    "status": d.status,
                    "what": d.what,
                }
                for d in items
            ],
            "total": total,
        }
    )
