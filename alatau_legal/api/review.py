"""Workflow and review: transitions, events, rounds, opinions, comments, dispositions.

Thin routes over `review.services`, which holds every rule: who may do what, the guards, and
what a bad input is. Here are only the shapes of API.md.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from ..accounts.models import Language, User
from ..acts import services as acts
from ..acts.models import ActStatus
from ..audit.models import AuditEntry
from ..errors import english
from ..extensions import db
from ..review import models as stored
from ..review import reasons, services
from ..review.models import Disposition, Recommendation, RoundStatus, Stage
from ..review.services import (
    COMMENT_STATUSES,
    MAX_BODY,
    MAX_OPINION,
    MAX_QUOTE,
    MAX_REASON,
    CommentView,
)
from ..review.workflow import BY_ACTION, Action, Option
from . import api_user
from .acts import Act
from .contract import Answer, operation
from .parsing import NOT_BLANK, Body, Paging, PositiveInt, QueryInt, Timestamp

# Actions that need a reason (the workflow table says which).
REASON_REQUIRED = sorted(action.value for action, t in BY_ACTION.items() if t.reason_required)
USERNAME_MAX = 64

# ---------------------------------------------------------------------------------------------
# Requests


class TransitionRequest(Body):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"action": "submit_domestic_review", "reason": ""}],
            # What `reason_required` in the workflow table means for the body.
            "if": {"properties": {"action": {"enum": REASON_REQUIRED}}, "required": ["action"]},
            "then": {
                "properties": {"reason": {"pattern": NOT_BLANK}},
                "required": ["reason"],
            },
        }
    )

    action: Action
    reason: str = Field(
        default="",
        max_length=MAX_REASON,
        validate_default=True,
        description=f"Why; required for {', '.join(REASON_REQUIRED)}.",
    )

    @field_validator("reason")
    @classmethod
    def _reason_where_required(cls, reason: str, info: ValidationInfo) -> str:
        action = info.data.get("action")
        if action is not None and action.value in REASON_REQUIRED and not reason.strip():
            raise PydanticCustomError("required", f"A reason is required to {action.value}.")
        return reason


Username = Field(min_length=1, max_length=USERNAME_MAX)


class NewRound(Body):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"stage": "domestic", "reviewers": ["domestic-expert"], "due": "2026-03-20"}
            ]
        }
    )

    stage: Stage
    reviewers: list[str] = Field(max_length=100, description="Usernames of the reviewers.")
    due: date
    dues: dict[str, date] = Field(
        default_factory=dict,
        max_length=100,
        description="Per-reviewer due dates by username; the others take `due`.",
    )


class Invitation(Body):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"username": "domestic-expert-2", "due": "2026-03-25"}]}
    )

    username: str = Username
    due: date | None = Field(default=None, description="Without it, the round's due date.")


class DueDate(Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"due": "2026-03-27"}]})

    due: date


class Waiver(Body):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"reason": "The expert is on leave."}]}
    )

    reason: str = Field(min_length=1, max_length=MAX_REASON, pattern=NOT_BLANK)


class OpinionRequest(Body):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"recommendation": "approve", "text": "Fine as it is."}]}
    )

    recommendation: Recommendation
    text: str = Field(min_length=1, max_length=MAX_OPINION, pattern=NOT_BLANK)
    submit: bool = Field(default=True, description="false keeps a draft only its author sees.")


class NewComment(Body):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "version": 1,
                    "eid": "art_3__para_2",
                    "body": "Ten days is short.",
                    "quote": "ten business days",
                    "language": "en",
                }
            ]
        }
    )

    version: PositiveInt
    eid: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=MAX_BODY, pattern=NOT_BLANK)
    quote: str | None = Field(
        default=None,
        max_length=MAX_QUOTE,
        description="Words of the provision the comment is about (blank: none).",
    )
    language: Language | None = Field(
        default=None,
        description="The language of the text commented on (one of the act's; default: its "
        "drafting language).",
    )


class Reply(Body):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"body": "Agreed; we will extend it to fifteen."}]}
    )

    body: str = Field(min_length=1, max_length=MAX_BODY, pattern=NOT_BLANK)


class DispositionRequest(Body):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"disposition": "accepted", "reason": "Extended to fifteen days."}]
        }
    )

    disposition: Disposition
    reason: str = Field(min_length=1, max_length=MAX_REASON, pattern=NOT_BLANK)


class CommentQuery(Paging):
    version: QueryInt | None = Field(default=None, description="Made on this version.")
    as_of: QueryInt | None = Field(
        default=None, description="Read against this version (default: the latest)."
    )
    status: Literal[COMMENT_STATUSES] | None = Field(  # type: ignore[valid-type]
        default=None, description="Only comments in this state."
    )
    round: QueryInt | None = Field(default=None, description="Of this round.")
    eid: str | None = Field(default=None, max_length=200, description="On this provision.")
    disposition: Disposition | Literal["none"] | None = Field(
        default=None, description="With this disposition (none: not yet disposed of)."
    )
    author: str | None = Field(default=None, max_length=USERNAME_MAX, description="By this user.")


# ---------------------------------------------------------------------------------------------
# Answers


class TransitionOption(Answer):
    """An action this user may take, and what blocks it"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "action": "submit_domestic_review",
                    "label": "Submit for domestic review",
                    "to": "domestic_review",
                    "allowed": False,
                    "blocked_by": ["Plan a domestic review round first."],
                    "reason_required": False,
                }
            ]
        }
    )

    action: Action
    label: str
    to: ActStatus
    allowed: bool
    blocked_by: list[str]
    reason_required: bool

    @classmethod
    def of(cls, option: Option) -> TransitionOption:
        transition = option.transition
        return cls(
            action=transition.action,
            label=str(transition.action.label),
            to=transition.target,
            allowed=option.allowed,
            blocked_by=english(option.blocked_by),
            reason_required=transition.reason_required,
        )


class TransitionOptions(Answer):
    """The actions this user may take now"""

    items: list[TransitionOption]
    total: int


class Event(Answer):
    """One recorded transition or action"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 41,
                    "action": "transition",
                    "transition": "submit_domestic_review",
                    "from": "drafting",
                    "to": "domestic_review",
                    "reason": "",
                    "actor": "drafter",
                    "round_id": 2,
                    "created_at": "2026-03-03T09:00:00+00:00",
                    "details": {
                        "transition": "submit_domestic_review",
                        "from_status": "drafting",
                        "to_status": "domestic_review",
                        "reason": "",
                        "version": 1,
                    },
                }
            ]
        }
    )

    id: int
    action: str
    transition: str | None
    from_: str | None = Field(alias="from")
    to: str | None
    reason: str | None
    actor: str | None
    round_id: int | None
    created_at: Timestamp
    details: dict[str, Any] = Field(description="What the audit log recorded.")

    @classmethod
    def of(cls, entry: AuditEntry) -> Event:
        details = entry.details or {}
        return cls(
            id=entry.seq,
            action=entry.action,
            transition=details.get("transition"),
            from_=details.get("from_status"),
            to=details.get("to_status"),
            # A committee decision's sentence, English with the ISO date (composed from
            # the facts kept, or as old entries stored it).
            reason=reasons.english(details)
            if entry.action == "transition"
            else details.get("reason"),
            actor=entry.actor.username if entry.actor else None,
            round_id=entry.round_id,
            created_at=entry.created_at,
            details=details,
        )


class EventPage(Answer):
    """The events, oldest first"""

    items: list[Event]
    total: int


class Opinion(Answer):
    """A reviewer's opinion"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 3,
                    "reviewer": "domestic-expert",
                    "recommendation": "approve_with_changes",
                    "text": "Article 3 needs a time limit for the investor too.",
                    "submitted": True,
                    "submitted_at": "2026-03-10T12:00:00+00:00",
                    "updated_at": "2026-03-10T12:00:00+00:00",
                }
            ]
        }
    )

    id: int
    reviewer: str
    recommendation: Recommendation
    text: str
    submitted: bool
    submitted_at: Timestamp | None
    updated_at: Timestamp

    @classmethod
    def of(cls, opinion: stored.Opinion) -> Opinion:
        return cls(
            id=opinion.id,
            reviewer=opinion.assignment.reviewer.username,
            recommendation=opinion.recommendation,
            text=opinion.text,
            submitted=opinion.submitted_at is not None,
            submitted_at=opinion.submitted_at,
            updated_at=opinion.updated_at,
        )


class OpinionPage(Answer):
    """The opinions this user may read"""

    items: list[Opinion]
    total: int


AssignmentState = Literal["pending", "submitted", "waived"]


class Assignment(Answer):
    """One invited reviewer, their due date and their opinion (when this user may read it)"""

    reviewer: str
    organisation: str | None
    due: date
    state: AssignmentState
    opinion_status: AssignmentState
    waiver_reason: str | None
    opinion: Opinion | None

    @classmethod
    def of(cls, assignment: stored.Assignment, visible: set[int]) -> Assignment:
        opinion = assignment.opinion
        organisation = assignment.reviewer.organisation
        return cls(
            reviewer=assignment.reviewer.username,
            organisation=organisation.name if organisation else None,
            due=assignment.due,
            state=assignment.state,
            opinion_status=assignment.state,
            waiver_reason=assignment.waiver_reason or None,
            opinion=Opinion.of(opinion) if opinion and opinion.id in visible else None,
        )


class Round(Answer):
    """The review round"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 2,
                    "act_id": 7,
                    "stage": "domestic",
                    "status": "open",
                    "version": 1,
                    "due": "2026-03-20",
                    "created_by": "secretary",
                    "created_at": "2026-03-02T10:00:00+00:00",
                    "opened_at": "2026-03-03T09:00:00+00:00",
                    "closed_at": None,
                    "complete": False,
                    "assignments": [
                        {
                            "reviewer": "domestic-expert",
                            "organisation": "Institute of Legislation",
                            "due": "2026-03-20",
                            "state": "pending",
                            "opinion_status": "pending",
                            "waiver_reason": None,
                            "opinion": None,
                        }
                    ],
                }
            ]
        }
    )

    id: int
    act_id: int
    stage: Stage
    status: RoundStatus
    version: int | None
    due: date
    created_by: str
    created_at: Timestamp
    opened_at: Timestamp | None
    closed_at: Timestamp | None
    complete: bool
    assignments: list[Assignment]

    @classmethod
    def of(cls, review_round: stored.ReviewRound, actor: User) -> Round:
        visible = {opinion.id for opinion in services.visible_opinions(actor, review_round)}
        return cls(
            id=review_round.id,
            act_id=review_round.act_id,
            stage=review_round.stage,
            status=review_round.status,
            version=review_round.version_number,
            due=review_round.due,
            created_by=review_round.created_by.username,
            created_at=review_round.created_at,
            opened_at=review_round.opened_at,
            closed_at=review_round.closed_at,
            complete=review_round.is_complete,
            assignments=[Assignment.of(a, visible) for a in review_round.assignments],
        )


class RoundPage(Answer):
    """The act's review rounds"""

    items: list[Round]
    total: int


class CommentReply(Answer):
    """A reply in a comment's thread"""

    id: int
    author: str
    body: str
    created_at: Timestamp


class Comment(Answer):
    """The comment"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 11,
                    "act_id": 7,
                    "round_id": 2,
                    "parent_id": None,
                    "eid": "art_3__para_2",
                    "version": 1,
                    "quote": "ten business days",
                    "language": "en",
                    "author": "domestic-expert",
                    "body": "Ten days is short for a complex application.",
                    "created_at": "2026-03-05T08:30:00+00:00",
                    "replies": [],
                    "disposition": None,
                    "disposition_reason": None,
                    "disposed_by": None,
                    "disposed_at": None,
                    "outdated": False,
                }
            ]
        }
    )

    id: int
    act_id: int
    round_id: int | None
    parent_id: int | None
    eid: str
    version: int
    quote: str | None
    language: Language = Field(description="The language of the text commented on.")
    author: str
    body: str
    created_at: Timestamp
    replies: list[CommentReply]
    disposition: Disposition | None
    disposition_reason: str | None
    disposed_by: str | None
    disposed_at: Timestamp | None
    outdated: bool

    @classmethod
    def of(cls, view: CommentView) -> Comment:
        comment = view.comment
        return cls(
            id=comment.id,
            act_id=comment.act_id,
            round_id=comment.round_id,
            parent_id=comment.parent_id,
            eid=comment.eid,
            version=comment.version_number,
            quote=comment.quote,
            # Comments from before acts had languages were made on the drafting language.
            language=comment.language or comment.round.act.language.value,
            author=comment.author.username,
            body=comment.body,
            created_at=comment.created_at,
            replies=[
                CommentReply(
                    id=reply.id,
                    author=reply.author.username,
                    body=reply.body,
                    created_at=reply.created_at,
                )
                for reply in comment.replies
            ],
            disposition=comment.disposition,
            disposition_reason=comment.disposition_reason or None,
            disposed_by=comment.disposed_by.username if comment.disposed_by else None,
            disposed_at=comment.disposed_at,
            outdated=view.outdated,
        )

    @classmethod
    def by_id(cls, comment_id: int) -> Comment:
        return cls.of(services.comment_view(api_user(), comment_id))


class CommentPage(Answer):
    """The comments"""

    items: list[Comment]
    total: int


# ---------------------------------------------------------------------------------------------
# Workflow


@operation(
    "GET",
    "/acts/<int:act_id>/transitions",
    tag="Workflow",
    summary="The actions this user may take now, and what blocks them",
    answers={200: TransitionOptions},
)
def list_transitions(act_id: int) -> TransitionOptions:
    _act, options = services.transitions(api_user(), act_id)
    return TransitionOptions(
        items=[TransitionOption.of(option) for option in options], total=len(options)
    )


@operation(
    "POST",
    "/acts/<int:act_id>/transitions",
    tag="Workflow",
    summary="Move the act through the workflow",
    description=(
        "409 `guard_failed` with `blocked_by` when a guard does not hold. `approve` is the "
        "Operational Committee's: it is taken only by recording an approve decision at a "
        "meeting, and asked for here it is refused with 409 `committee_decision_required`."
    ),
    body=TransitionRequest,
    answers={200: Act},
    errors=(403, 409),
)
def make_transition(act_id: int, body: TransitionRequest) -> Act:
    act = services.transition(api_user(), act_id, body.action, body.reason)
    db.session.commit()
    return Act.of(act)


@operation(
    "GET",
    "/acts/<int:act_id>/events",
    tag="Workflow",
    summary="The act's recorded transitions and actions, oldest first",
    query=Paging,
    answers={200: EventPage},
)
def list_events(act_id: int, query: Paging) -> EventPage:
    act = acts.get_act(api_user(), act_id)
    events = services.list_events(api_user(), act)
    return EventPage(items=[Event.of(e) for e in query.slice(events)], total=len(events))


# ---------------------------------------------------------------------------------------------
# Rounds and opinions


@operation(
    "POST",
    "/acts/<int:act_id>/rounds",
    tag="Review",
    summary="Plan a review round (secretary)",
    body=NewRound,
    answers={201: Round},
    errors=(403, 409),
)
def plan_round(act_id: int, body: NewRound) -> tuple[Round, int]:
    review_round = services.plan_round(
        api_user(), act_id, stage=body.stage, reviewers=body.reviewers, due=body.due, dues=body.dues
    )
    db.session.commit()
    return Round.of(review_round, api_user()), 201


@operation(
    "GET",
    "/acts/<int:act_id>/rounds",
    tag="Review",
    summary="The act's review rounds",
    query=Paging,
    answers={200: RoundPage},
)
def list_rounds(act_id: int, query: Paging) -> RoundPage:
    act = acts.get_act(api_user(), act_id)
    rounds = services.list_rounds(api_user(), act)
    return RoundPage(
        items=[Round.of(r, api_user()) for r in query.slice(rounds)], total=len(rounds)
    )


@operation(
    "GET", "/rounds/<int:round_id>", tag="Review", summary="One review round", answers={200: Round}
)
def get_round(round_id: int) -> Round:
    return Round.of(services.get_round(api_user(), round_id), api_user())


@operation(
    "POST",
    "/rounds/<int:round_id>/reviewers",
    tag="Review",
    summary="Invite one more reviewer (secretary)",
    body=Invitation,
    answers={201: Round},
    errors=(403, 409),
)
def invite_reviewer(round_id: int, body: Invitation) -> tuple[Round, int]:
    assignment = services.invite(api_user(), round_id, body.username, body.due)
    db.session.commit()
    return Round.of(assignment.round, api_user()), 201


@operation(
    "POST",
    "/rounds/<int:round_id>/reviewers/<username>/due",
    tag="Review",
    summary="Change one reviewer's due date (secretary)",
    body=DueDate,
    answers={200: Round},
    errors=(403, 409),
)
def change_due(round_id: int, username: str, body: DueDate) -> Round:
    assignment = services.set_due(api_user(), round_id, username, body.due)
    db.session.commit()
    return Round.of(assignment.round, api_user())


@operation(
    "POST",
    "/rounds/<int:round_id>/reviewers/<username>/waive",
    tag="Review",
    summary="Waive one reviewer's opinion (secretary, open round)",
    body=Waiver,
    answers={200: Round},
    errors=(403, 409),
)
def waive_opinion(round_id: int, username: str, body: Waiver) -> Round:
    assignment = services.waive(api_user(), round_id, username, body.reason)
    db.session.commit()
    return Round.of(assignment.round, api_user())


@operation(
    "POST",
    "/rounds/<int:round_id>/opinion",
    tag="Review",
    summary="Save or submit this reviewer's opinion (an assigned reviewer)",
    body=OpinionRequest,
    answers={201: Opinion, 200: Opinion},
    answer_descriptions={201: "The opinion, new", 200: "The opinion, an earlier draft updated"},
    errors=(403, 409),
)
def give_opinion(round_id: int, body: OpinionRequest) -> tuple[Opinion, int]:
    opinion, created = services.save_opinion(
        api_user(),
        round_id,
        recommendation=body.recommendation,
        text=body.text,
        submit=body.submit,
    )
    db.session.commit()
    return Opinion.of(opinion), 201 if created else 200


@operation(
    "GET",
    "/rounds/<int:round_id>/opinions",
    tag="Review",
    summary="The opinions of a round this user may read",
    answers={200: OpinionPage},
)
def list_opinions(round_id: int) -> OpinionPage:
    review_round = services.get_round(api_user(), round_id)
    opinions = services.visible_opinions(api_user(), review_round)
    return OpinionPage(items=[Opinion.of(o) for o in opinions], total=len(opinions))


# ---------------------------------------------------------------------------------------------
# Comments and dispositions


@operation(
    "POST",
    "/acts/<int:act_id>/comments",
    tag="Review",
    summary="Comment on a provision",
    body=NewComment,
    answers={201: Comment},
    errors=(403, 409),
)
def add_comment(act_id: int, body: NewComment) -> tuple[Comment, int]:
    comment = services.add_comment(
        api_user(),
        act_id,
        version=body.version,
        eid=body.eid,
        body=body.body,
        quote=body.quote,
        language=body.language.value if body.language else None,
    )
    db.session.commit()
    return Comment.by_id(comment.id), 201


@operation(
    "GET",
    "/acts/<int:act_id>/comments",
    tag="Review",
    summary="The act's comments",
    query=CommentQuery,
    answers={200: CommentPage},
)
def list_comments(act_id: int, query: CommentQuery) -> CommentPage:
    act = acts.get_act(api_user(), act_id)
    views = services.list_comments(
        api_user(),
        act,
        version=query.version,
        as_of=query.as_of,
        status=query.status,
        round_id=query.round,
        eid=query.eid,
        disposition=query.disposition,
        author=query.author,
    )
    return CommentPage(items=[Comment.of(view) for view in query.slice(views)], total=len(views))


@operation(
    "GET", "/comments/<int:comment_id>", tag="Review", summary="One comment", answers={200: Comment}
)
def get_comment(comment_id: int) -> Comment:
    return Comment.by_id(comment_id)


@operation(
    "POST",
    "/comments/<int:comment_id>/replies",
    tag="Review",
    summary="Reply to a comment",
    body=Reply,
    answers={201: Comment},
    answer_descriptions={201: "The reply, as a comment"},
    errors=(403, 409),
)
def reply(comment_id: int, body: Reply) -> tuple[Comment, int]:
    answer = services.reply(api_user(), comment_id, body.body)
    db.session.commit()
    return Comment.by_id(answer.id), 201


@operation(
    "POST",
    "/comments/<int:comment_id>/disposition",
    tag="Review",
    summary="Record what became of a comment (drafter)",
    body=DispositionRequest,
    answers={200: Comment},
    errors=(403, 409),
)
def dispose(comment_id: int, body: DispositionRequest) -> Comment:
    services.dispose(api_user(), comment_id, disposition=body.disposition, reason=body.reason)
    db.session.commit()
    return Comment.by_id(comment_id)
