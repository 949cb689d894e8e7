"""Workflow and review: transitions, events, rounds, opinions, comments, dispositions.

Thin routes over `review.services`, which holds every rule: who may do what, the guards, and
what a bad input is. Here are only the shapes of API.md.
"""

from __future__ import annotations

import re
from datetime import date

from flask import jsonify, request
from pydantic import Field

from ..acts import services as acts
from ..audit.models import AuditEntry
from ..errors import Invalid
from ..extensions import db
from ..http import query_int, query_page
from ..review import services
from ..review.models import Assignment, Comment, Opinion, ReviewRound
from ..review.services import CommentView
from ..review.workflow import Option
from . import api_user, bp
from .acts import act_json
from .parsing import Body, DbInt, json_body

# ---------------------------------------------------------------------------------------------
# Bodies


class TransitionRequest(Body):
    action: str = Field(min_length=1, max_length=64)
    reason: str = Field(default="", max_length=10_000)


class NewRound(Body):
    stage: str = Field(min_length=1, max_length=32)
    reviewers: list[str] = Field(max_length=100)
    due: str | None = None
    # Optional per-reviewer due dates, {username: "YYYY-MM-DD"}; the others take `due`.
    dues: dict[str, str] = Field(default_factory=dict, max_length=100)


class Invitation(Body):
    username: str = Field(min_length=1, max_length=200)
    due: str | None = None


class DueDate(Body):
    due: str | None = None


class Waiver(Body):
    reason: str = Field(default="", max_length=10_000)


class OpinionRequest(Body):
    recommendation: str = Field(min_length=1, max_length=64)
    text: str = Field(max_length=100_000)
    # False keeps the opinion as a draft that only its author sees.
    submit: bool = True


class NewComment(Body):
    version: DbInt = Field(ge=1)
    eid: str = Field(min_length=1, max_length=200)
    body: str = Field(max_length=100_000)
    quote: str | None = Field(default=None, max_length=100_000)


class Reply(Body):
    body: str = Field(max_length=100_000)


class DispositionRequest(Body):
    disposition: str = Field(min_length=1, max_length=64)
    reason: str = Field(default="", max_length=10_000)


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: str | None, field: str) -> date | None:
    """A `YYYY-MM-DD` date from a body, or a 400 that names the field."""
    if value is None:
        return None
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid(
            f"{field} must be a date written YYYY-MM-DD, not {value[:40]!r}.",
            {field: "A date, YYYY-MM-DD."},
        ) from None


def optional_query_int(name: str) -> int | None:
    """A whole-number filter from the query string, None when absent."""
    return query_int(name, default=0) or None


def paginated(items: list) -> tuple[list, int]:
    """One page of an already filtered list, and the total."""
    page, per_page = query_page()
    start = (page - 1) * per_page
    return items[start : start + per_page], len(items)


# ---------------------------------------------------------------------------------------------
# Shapes


def option_json(option: Option) -> dict:
    transition = option.transition
    return {
        "action": transition.action.value,
        "label": transition.action.label,
        "to": transition.target.value,
        "allowed": option.allowed,
        "blocked_by": list(option.blocked_by),
        "reason_required": transition.reason_required,
    }


def event_json(entry: AuditEntry) -> dict:
    details = entry.details or {}
    return {
        "id": entry.seq,
        "action": entry.action,
        "transition": details.get("transition"),
        "from": details.get("from_status"),
        "to": details.get("to_status"),
        "reason": details.get("reason"),
        "actor": entry.actor.username if entry.actor else None,
        "round_id": entry.round_id,
        "created_at": entry.created_at.isoformat(),
        "details": details,
    }


def opinion_json(opinion: Opinion) -> dict:
    return {
        "id": opinion.id,
        "reviewer": opinion.assignment.reviewer.username,
        "recommendation": opinion.recommendation.value,
        "text": opinion.text,
        "submitted": opinion.submitted_at is not None,
        "submitted_at": opinion.submitted_at.isoformat() if opinion.submitted_at else None,
        "updated_at": opinion.updated_at.isoformat(),
    }


def assignment_json(assignment: Assignment, visible: set[int]) -> dict:
    opinion = assignment.opinion
    return {
        "reviewer": assignment.reviewer.username,
        "organisation": (
            assignment.reviewer.organisation.name if assignment.reviewer.organisation else None
        ),
        "due": assignment.due.isoformat(),
        "state": assignment.state,
        "opinion_status": assignment.state,
        "waiver_reason": assignment.waiver_reason or None,
        "opinion": opinion_json(opinion) if opinion and opinion.id in visible else None,
    }


def round_json(review_round: ReviewRound) -> dict:
    actor = api_user()
    visible = {opinion.id for opinion in services.visible_opinions(actor, review_round)}
    return {
        "id": review_round.id,
        "act_id": review_round.act_id,
        "stage": review_round.stage.value,
        "status": review_round.status.value,
        "version": review_round.version_number,
        "due": review_round.due.isoformat(),
        "created_by": review_round.created_by.username,
        "created_at": review_round.created_at.isoformat(),
        "opened_at": review_round.opened_at.isoformat() if review_round.opened_at else None,
        "closed_at": review_round.closed_at.isoformat() if review_round.closed_at else None,
        "complete": review_round.is_complete,
        "assignments": [assignment_json(a, visible) for a in review_round.assignments],
    }


def reply_json(comment: Comment) -> dict:
    return {
        "id": comment.id,
        "author": comment.author.username,
        "body": comment.body,
        "created_at": comment.created_at.isoformat(),
    }


def comment_json(view: CommentView) -> dict:
    comment = view.comment
    return {
        "id": comment.id,
        "act_id": comment.act_id,
        "round_id": comment.round_id,
        "parent_id": comment.parent_id,
        "eid": comment.eid,
        "version": comment.version_number,
        "quote": comment.quote,
        "author": comment.author.username,
        "body": comment.body,
        "created_at": comment.created_at.isoformat(),
        "replies": [reply_json(reply) for reply in comment.replies],
        "disposition": comment.disposition.value if comment.disposition else None,
        "disposition_reason": comment.disposition_reason or None,
        "disposed_by": comment.disposed_by.username if comment.disposed_by else None,
        "disposed_at": comment.disposed_at.isoformat() if comment.disposed_at else None,
        "outdated": view.outdated,
    }


# ---------------------------------------------------------------------------------------------
# Workflow


@bp.get("/acts/<int:act_id>/transitions")
def list_transitions(act_id: int):
    _act, options = services.transitions(api_user(), act_id)
    return jsonify({"items": [option_json(option) for option in options], "total": len(options)})


@bp.post("/acts/<int:act_id>/transitions")
def make_transition(act_id: int):
    body = json_body(TransitionRequest)
    act = services.transition(api_user(), act_id, body.action, body.reason)
    db.session.commit()
    return jsonify(act_json(act))


@bp.get("/acts/<int:act_id>/events")
def list_events(act_id: int):
    act = acts.get_act(api_user(), act_id)
    items, total = paginated(services.list_events(api_user(), act))
    return jsonify({"items": [event_json(entry) for entry in items], "total": total})


# ---------------------------------------------------------------------------------------------
# Rounds and opinions


@bp.post("/acts/<int:act_id>/rounds")
def plan_round(act_id: int):
    body = json_body(NewRound)
    review_round = services.plan_round(
        api_user(),
        act_id,
        stage=body.stage,
        reviewers=body.reviewers,
        due=parse_date(body.due, "due"),
        dues={name: parse_date(value, f"dues.{name}") for name, value in body.dues.items()},
    )
    db.session.commit()
    return jsonify(round_json(review_round)), 201


@bp.get("/acts/<int:act_id>/rounds")
def list_rounds(act_id: int):
    act = acts.get_act(api_user(), act_id)
    items, total = paginated(services.list_rounds(api_user(), act))
    return jsonify({"items": [round_json(r) for r in items], "total": total})


@bp.get("/rounds/<int:round_id>")
def get_round(round_id: int):
    return jsonify(round_json(services.get_round(api_user(), round_id)))


@bp.post("/rounds/<int:round_id>/reviewers")
def invite_reviewer(round_id: int):
    body = json_body(Invitation)
    assignment = services.invite(api_user(), round_id, body.username, parse_date(body.due, "due"))
    db.session.commit()
    return jsonify(round_json(assignment.round)), 201


@bp.post("/rounds/<int:round_id>/reviewers/<username>/due")
def change_due(round_id: int, username: str):
    body = json_body(DueDate)
    assignment = services.set_due(api_user(), round_id, username, parse_date(body.due, "due"))
    db.session.commit()
    return jsonify(round_json(assignment.round))


@bp.post("/rounds/<int:round_id>/reviewers/<username>/waive")
def waive_opinion(round_id: int, username: str):
    body = json_body(Waiver)
    assignment = services.waive(api_user(), round_id, username, body.reason)
    db.session.commit()
    return jsonify(round_json(assignment.round))


@bp.post("/rounds/<int:round_id>/opinion")
def give_opinion(round_id: int):
    body = json_body(OpinionRequest)
    opinion, created = services.save_opinion(
        api_user(),
        round_id,
        recommendation=body.recommendation,
        text=body.text,
        submit=body.submit,
    )
    db.session.commit()
    return jsonify(opinion_json(opinion)), 201 if created else 200


@bp.get("/rounds/<int:round_id>/opinions")
def list_opinions(round_id: int):
    review_round = services.get_round(api_user(), round_id)
    opinions = services.visible_opinions(api_user(), review_round)
    return jsonify({"items": [opinion_json(o) for o in opinions], "total": len(opinions)})


# ---------------------------------------------------------------------------------------------
# Comments and dispositions


@bp.post("/acts/<int:act_id>/comments")
def add_comment(act_id: int):
    body = json_body(NewComment)
    comment = services.add_comment(
        api_user(), act_id, version=body.version, eid=body.eid, body=body.body, quote=body.quote
    )
    db.session.commit()
    return jsonify(comment_json(services.comment_view(api_user(), comment.id))), 201


@bp.get("/acts/<int:act_id>/comments")
def list_comments(act_id: int):
    act = acts.get_act(api_user(), act_id)
    args = request.args
    views = services.list_comments(
        api_user(),
        act,
        version=optional_query_int("version"),
        as_of=optional_query_int("as_of"),
        status=args.get("status") or None,
        round_id=optional_query_int("round"),
        eid=args.get("eid") or None,
        disposition=args.get("disposition") or None,
        author=args.get("author") or None,
    )
    items, total = paginated(views)
    return jsonify({"items": [comment_json(view) for view in items], "total": total})


@bp.get("/comments/<int:comment_id>")
def get_comment(comment_id: int):
    return jsonify(comment_json(services.comment_view(api_user(), comment_id)))


@bp.post("/comments/<int:comment_id>/replies")
def reply(comment_id: int):
    body = json_body(Reply)
    answer = services.reply(api_user(), comment_id, body.body)
    db.session.commit()
    return jsonify(comment_json(services.comment_view(api_user(), answer.id))), 201


@bp.post("/comments/<int:comment_id>/disposition")
def dispose(comment_id: int):
    body = json_body(DispositionRequest)
    services.dispose(api_user(), comment_id, disposition=body.disposition, reason=body.reason)
    db.session.commit()
    return jsonify(comment_json(services.comment_view(api_user(), comment_id)))
