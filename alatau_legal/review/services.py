"""Review rounds, comments, dispositions and opinions; transitions and the act's events.

As in `acts.services`: functions take the acting user and plain values, raise the errors of
`errors.py`, flush, and never commit. Every change is appended to the audit chain and tells
the people who need to know (notifications) in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import force_locale, format_date, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import lazyload, selectinload
from sqlalchemy.orm.util import identity_key

from ..accounts.models import User
from ..accounts.permissions import (
    can_answer_comments,
    can_manage_rounds,
    can_view_opinion,
    can_view_round,
    is_staff,
)
from ..accounts.services import get_user_by_username
from ..acts import languages as act_languages
from ..acts import references as acts_references
from ..acts import services as acts
from ..acts.models import Act, ActStatus
from ..acts.text import FlatProvision
from ..acts.text.labels import label_for_eid
from ..audit import chain
from ..audit.models import AuditEntry
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from ..i18n import N_, lazy_date, lazy_join, lazy_lower
from ..notifications import services as notifications
from ..search import outbox as search_outbox
from ..timeutil import date_in_window, utcnow
from . import workflow
from .models import (
    Assignment,
    Comment,
    Disposition,
    Opinion,
    Recommendation,
    ReviewRound,
    RoundStatus,
    Stage,
)

MAX_BODY = 10_000
MAX_OPINION = 50_000
MAX_REASON = 2_000
MAX_QUOTE = 2_000
FINAL_STATES = frozenset({ActStatus.APPROVED, ActStatus.WITHDRAWN})


def anchor_digest(provision: FlatProvision) -> str:
    """A digest of a provision's wording: the same in two versions means unchanged."""
    return hashlib.sha256(json.dumps(provision.content, ensure_ascii=False).encode()).hexdigest()


# An assignment's state as a message names it.
STATE_LABELS = {"submitted": _l("submitted"), "waived": _l("waived"), "pending": _l("pending")}


def _text(value: str | None, field: str, what, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Invalid(_l("Write the %(what)s.", what=what), {field: "Required."})
    if len(value) > limit:
        raise Invalid(
            _l("The %(what)s is at most %(limit)s characters.", what=what, limit=f"{limit:,}"),
            {field: "Too long."},
        )
    if "\x00" in value:
        raise Invalid(
            _l("The %(what)s contains a NUL character.", what=what), {field: "Invalid character."}
        )
    return value


def _choice(enum_cls, value, field: str):
    try:
        return enum_cls(value)
    except ValueError:
        choices = ", ".join(member.value for member in enum_cls)
        raise Invalid(
            _l("%(field)s must be one of: %(choices)s.", field=field.capitalize(), choices=choices),
            {field: f"One of: {choices}."},
        ) from None


def _not_final(act: Act) -> None:
    if act.status in FINAL_STATES:
        raise Conflict(
            _l(
                "Act %(number)s is %(status)s; its review is over.",
                number=act.number,
                status=lazy_lower(act.status.ui_label),
            ),
            code="act_closed",
        )


# ---------------------------------------------------------------------------------------------
# Transitions and events


def transitions(actor: User, act_id: int) -> tuple[Act, list[workflow.Option]]:
    """What this user may do with the act now, and what blocks each action."""
    act = acts.get_act(actor, act_id)
    return act, workflow.available(actor, act)


def transition(
    actor: User, act_id: int, action: str, reason: str = "", *, now: datetime | None = None
) -> Act:
    """Move the act through the workflow (403 for the role, 409 for a guard)."""
    act = acts.get_act(actor, act_id, for_update=True)
    now = now or utcnow()
    moved = workflow.perform(actor, act, action, reason, now=now)
    if moved.action in (
        workflow.Action.SUBMIT_DOMESTIC_REVIEW,
        workflow.Action.SUBMIT_INTERNATIONAL_REVIEW,
    ):
        opened = workflow.round_in(act, RoundStatus.OPEN)
        for assignment in opened.assignments if opened else ():
            notifications.notify(
                assignment.reviewer,
                notifications.INVITED,
                _said_to(
                    assignment.reviewer,
                    N_(
                        "%(number)s is open for your review (%(stage)s) of version %(version)s; "
                        "your opinion is due %(due)s."
                    ),
                    number=act.number,
                    stage=opened.stage.ui_label,
                    version=opened.version_number,
                    due=assignment.due,
                ),
                "review.round",
                act=act,
                now=now,
                number=act.number,
                round_id=opened.id,
            )
    return act


def list_events(actor: User, act: Act) -> list[AuditEntry]:
    """The act's recorded transitions and actions, oldest first (experts: their rounds only)."""
    statement = select(AuditEntry).where(AuditEntry.act_id == act.id)
    if not is_staff(actor):
        mine = select(Assignment.round_id).where(Assignment.reviewer_id == actor.id)
        statement = statement.where(
            or_(AuditEntry.round_id.is_(None), AuditEntry.round_id.in_(mine))
        )
    return list(db.session.scalars(statement.order_by(AuditEntry.seq)))


# ---------------------------------------------------------------------------------------------
# Rounds


def _reviewers(stage: Stage, usernames: list[str]) -> list[User]:
    if not usernames:
        raise Invalid(_l("Invite at least one reviewer."), {"reviewers": "Required."})
    users, problems = [], []
    for username in dict.fromkeys(name.strip().lower() for name in usernames):
        user = get_user_by_username(username)
        if user is None or not user.active:
            problems.append(_l("%(username)s is not an active user", username=repr(username)))
        elif user.role is not stage.reviewer_role:
            if stage is Stage.DOMESTIC:
                problems.append(_l("%(username)s is not a domestic expert", username=username))
            else:
                problems.append(
                    _l("%(username)s is not an international expert", username=username)
                )
        else:
            users.append(user)
    if problems:
        if stage is Stage.DOMESTIC:
            message = _l(
                "A domestic round invites domestic experts only: %(problems)s.",
                problems=lazy_join(problems, "; "),
            )
        else:
            message = _l(
                "An international round invites international experts only: %(problems)s.",
                problems=lazy_join(problems, "; "),
            )
        raise Invalid(message, {"reviewers": lazy_join(problems, "; ")})
    return users


def _due(value: date | None, field: str, today: date) -> date:
    if value is None:
        raise Invalid(_l("Set a due date."), {field: "Required."})
    if value < today:
        raise Invalid(
            _l("The due date %(value)s is in the past.", value=lazy_date(value)),
            {field: "In the past."},
        )
    return date_in_window(value, field, today=today)


def plan_round(
    actor: User,
    act_id: int,
    *,
    stage: str,
    reviewers: list[str],
    due: date | None,
    dues: dict[str, date] | None = None,
    now: datetime | None = None,
) -> ReviewRound:
    """Plan the act's next review round: reviewers and their due dates (secretary).

    The round opens, on the version then current, when the act is submitted for its stage.
    """
    if not can_manage_rounds(actor):
        raise Forbidden(_l("Only the committee secretary plans review rounds."))
    act = acts.get_act(actor, act_id, for_update=True)
    _not_final(act)
    now = now or utcnow()
    stage_value = _choice(Stage, stage, "stage")
    if workflow.round_in(act, RoundStatus.PLANNED) is not None:
        raise Conflict(
            _l(
                "Act %(number)s already has a planned round; invite reviewers to it instead.",
                number=act.number,
            ),
            code="round_planned",
        )
    if act.status is stage_value.act_status:
        raise Conflict(
            _l(
                "Act %(number)s is in %(status)s already; its open round takes more "
                "reviewers instead.",
                number=act.number,
                status=lazy_lower(act.status.ui_label),
            ),
            code="stage_open",
        )
    users = _reviewers(stage_value, reviewers)
    round_due = _due(due, "due", now.date())
    per_reviewer = {name.strip().lower(): value for name, value in (dues or {}).items()}
    unknown = set(per_reviewer) - {user.username for user in users}
    if unknown:
        raise Invalid(
            _l(
                "Due dates are given for people not invited: %(names)s.",
                names=", ".join(sorted(unknown)),
            ),
            {"dues": "Only for invited reviewers."},
        )
    review_round = ReviewRound(
        act_id=act.id, stage=stage_value, status=RoundStatus.PLANNED, due=round_due,
        created_by=actor, created_at=now,
    )  # fmt: skip
    db.session.add(review_round)
    db.session.flush()
    for user in users:
        user_due = _due(per_reviewer.get(user.username, round_due), f"dues.{user.username}",
                        now.date())  # fmt: skip
        _add_assignment(actor, act, review_round, user, user_due, now)
    chain.record(
        "round.planned", actor=actor, act=act, round=review_round, now=now,
        stage=stage_value.value, due=round_due.isoformat(),
        reviewers=[user.username for user in users],
    )  # fmt: skip
    return review_round


def _add_assignment(
    actor: User, act: Act, review_round: ReviewRound, user: User, due: date, now: datetime
) -> Assignment:
    assignment = Assignment(round=review_round, reviewer=user, due=due, invited_at=now)
    db.session.add(assignment)
    db.session.flush()
    if review_round.status is RoundStatus.OPEN:
        invitation = N_("%(name)s invited you to the review (%(stage)s) of %(number)s, under "
                        "review (version %(version)s); your opinion is due %(due)s.")  # fmt: skip
    else:
        invitation = N_("%(name)s invited you to the review (%(stage)s) of %(number)s, to be "
                        "submitted for review; your opinion is due %(due)s.")  # fmt: skip
    notifications.notify(
        user,
        notifications.INVITED,
        _said_to(
            user,
            invitation,
            name=actor.display_name,
            stage=review_round.stage.ui_label,
            number=act.number,
            version=review_round.version_number,
            due=due,
        ),
        "review.round",
        act=act,
        now=now,
        number=act.number,
        round_id=review_round.id,
    )
    return assignment


def get_round(actor: User, round_id: int, *, for_update: bool = False) -> ReviewRound:
    """The round, if this user may see it (else 404)."""
    review_round = db.session.get(ReviewRound, round_id)
    if review_round is None or not can_view_round(actor, review_round):
        raise NotFound(_l("There is no review round %(round_id)s.", round_id=round_id))
    acts.get_act(actor, review_round.act_id, for_update=for_update)
    return review_round


def get_round_of(actor: User, act: Act, round_id: int) -> ReviewRound:
    """The act's round, if this user may see it (else 404: another act's round is not here)."""
    review_round = get_round(actor, round_id)
    if review_round.act_id != act.id:
        raise NotFound(
            _l("%(number)s has no review round %(round_id)s.", number=act.number, round_id=round_id)
        )
    return review_round


def list_rounds(actor: User, act: Act) -> list[ReviewRound]:
    """The act's rounds this user may see, oldest first."""
    return [r for r in workflow.act_rounds(act) if can_view_round(actor, r)]


def _active_round_for_change(actor: User, round_id: int) -> tuple[ReviewRound, Act]:
    if not can_manage_rounds(actor):
        raise Forbidden(_l("Only the committee secretary manages review rounds."))
    review_round = get_round(actor, round_id, for_update=True)
    if review_round.status is RoundStatus.CLOSED:
        raise Conflict(
            _l("Review round %(round_id)s is closed.", round_id=round_id), code="round_closed"
        )
    return review_round, review_round.act


def _assignment_of(review_round: ReviewRound, username: str) -> Assignment:
    name = (username or "").strip().lower()
    for assignment in review_round.assignments:
        if assignment.reviewer.username == name:
            return assignment
    raise Invalid(
        _l("%(username)s is not a reviewer in this round.", username=repr(username)),
        {"reviewer": "Not in this round."},
    )


def invite(
    actor: User, round_id: int, username: str, due: date | None, *, now: datetime | None = None
) -> Assignment:
    """Add a reviewer to a planned or open round."""
    review_round, act = _active_round_for_change(actor, round_id)
    now = now or utcnow()
    (user,) = _reviewers(review_round.stage, [username])
    if any(a.reviewer_id == user.id for a in review_round.assignments):
        raise Conflict(
            _l("%(username)s is already invited to this round.", username=user.username),
            code="invited",
        )
    assignment = _add_assignment(
        actor, act, review_round, user, _due(due or review_round.due, "due", now.date()), now
    )
    chain.record(
        "round.invited", actor=actor, act=act, round=review_round, now=now,
        reviewer=user.username, due=assignment.due.isoformat(),
    )  # fmt: skip
    return assignment


def set_due(
    actor: User, round_id: int, username: str, due: date | None, *, now: datetime | None = None
) -> Assignment:
    """Change one reviewer's due date."""
    review_round, act = _active_round_for_change(actor, round_id)
    now = now or utcnow()
    assignment = _assignment_of(review_round, username)
    if assignment.is_done:
        raise Conflict(
            _l(
                "%(username)s's work in this round is done already.",
                username=assignment.reviewer.username,
            ),
            code="assignment_done",
        )
    assignment.due = _due(due, "due", now.date())
    chain.record(
        "round.due_changed", actor=actor, act=act, round=review_round, now=now,
        reviewer=assignment.reviewer.username, due=assignment.due.isoformat(),
    )  # fmt: skip
    return assignment


def waive(
    actor: User, round_id: int, username: str, reason: str, *, now: datetime | None = None
) -> Assignment:
    """Excuse a reviewer's missing opinion, with a reason (secretary, open round)."""
    review_round, act = _active_round_for_change(actor, round_id)
    if review_round.status is not RoundStatus.OPEN:
        raise Conflict(
            _l("Opinions can be waived only while the round is open."), code="round_not_open"
        )
    now = now or utcnow()
    assignment = _assignment_of(review_round, username)
    if assignment.is_done:
        raise Conflict(
            _l(
                "%(username)s's opinion is %(state)s already.",
                username=assignment.reviewer.username,
                state=STATE_LABELS[assignment.state],
            ),
            code="assignment_done",
        )
    assignment.waiver_reason = _text(reason, "reason", _l("reason for the waiver"), MAX_REASON)
    assignment.waived_at, assignment.waived_by = now, actor
    chain.record(
        "opinion.waived", actor=actor, act=act, round=review_round, now=now,
        reviewer=assignment.reviewer.username, reason=assignment.waiver_reason,
    )  # fmt: skip
    _tell_secretary_if_complete(review_round, act, now)
    return assignment


def _tell_secretary_if_complete(review_round: ReviewRound, act: Act, now: datetime) -> None:
    db.session.flush()
    db.session.refresh(review_round, attribute_names=["assignments"])
    if review_round.is_complete:
        notifications.notify(
            review_round.created_by,
            notifications.OPINIONS_IN,
            _said_to(
                review_round.created_by,
                N_("All opinions of the review (%(stage)s) of %(number)s are in."),
                stage=review_round.stage.ui_label,
                number=act.number,
            ),
            "review.round",
            act=act,
            now=now,
            number=act.number,
            round_id=review_round.id,
        )


# ---------------------------------------------------------------------------------------------
# Opinions


def my_assignment(actor: User, review_round: ReviewRound) -> Assignment | None:
    return next((a for a in review_round.assignments if a.reviewer_id == actor.id), None)


def save_opinion(
    actor: User,
    round_id: int,
    *,
    recommendation: str,
    text: str,
    submit: bool = True,
    now: datetime | None = None,
) -> tuple[Opinion, bool]:
    """Save the reviewer's opinion as a draft, or submit it (once; it closes their work).

    Returns the opinion and whether it was created by this call.
    """
    review_round = get_round(actor, round_id, for_update=True)
    assignment = my_assignment(actor, review_round)
    if assignment is None:
        raise Forbidden(_l("Only a reviewer invited to this round gives an opinion in it."))
    if assignment.submitted:
        raise Conflict(
            _l("You have submitted your opinion in this round already."), code="submitted"
        )
    if assignment.waived_at is not None:
        raise Conflict(_l("The secretary has waived your opinion in this round."), code="waived")
    if review_round.status is not RoundStatus.OPEN:
        raise Conflict(
            _l(
                "The round is %(status)s; opinions are given while it is open.",
                status=lazy_lower(review_round.status.ui_label),
            ),
            code="round_not_open",
        )
    choice = _choice(Recommendation, recommendation, "recommendation")
    body = _text(text, "text", _l("opinion"), MAX_OPINION)
    now = now or utcnow()
    opinion = assignment.opinion
    created = opinion is None
    if created:
        opinion = Opinion(assignment=assignment, recommendation=choice, text=body, updated_at=now)
        db.session.add(opinion)
    opinion.recommendation, opinion.text, opinion.updated_at = choice, body, now
    if submit:
        opinion.submitted_at = now
        act = review_round.act
        chain.record(
            "opinion.submitted", actor=actor, act=act, round=review_round, now=now,
            recommendation=choice.value,
            text_sha256=hashlib.sha256(body.encode()).hexdigest(),
        )  # fmt: skip
        _tell_secretary_if_complete(review_round, act, now)
    db.session.flush()
    return opinion, created


def visible_opinions(actor: User, review_round: ReviewRound) -> list[Opinion]:
    return [
        a.opinion
        for a in review_round.assignments
        if a.opinion is not None and can_view_opinion(actor, a.opinion)
    ]


# ---------------------------------------------------------------------------------------------
# Comments


def _name(eid: str) -> str:
    """A provision in a service's (English) message, as a lawyer names it."""
    try:
        return label_for_eid(eid, None, "en", capitalise=False)
    except ValueError:
        return repr(eid)  # what the client sent names no provision at all


def _label_in(user: User, message: str) -> str:
    with force_locale(user.locale.value):
        return gettext(message)


def _said_to(user: User, message: str, **values) -> str:
    """A notification for `user` in their interface language, dates in its long form."""
    with force_locale(user.locale.value):
        shown = {
            key: format_date(value, "long") if isinstance(value, date) else str(value)
            for key, value in values.items()
        }
        return gettext(message, **shown)


def _told(user: User, message: str, eid: str, **values) -> str:
    """A notification for `user` in their interface language, the provision named as a lawyer
    names it there ("пункт 2 статьи 7"), never by its eId."""
    language = user.locale.value
    with force_locale(language):
        return gettext(message, provision=label_for_eid(eid, None, language, capitalise=False),
                       **values)  # fmt: skip


def _provision(
    act: Act, actor: User, version_number: int, eid: str, language: str | None = None
) -> FlatProvision:
    shown = acts.get_version(actor, act, version_number, language)
    for row in shown.flat:
        if row.eid == eid:
            return row
    in_language = (
        ""
        if language in (None, act.language.value)
        else _l(" (%(language)s text)", language=_l(act_languages.NAMES[language]))
    )
    raise Invalid(
        _l(
            "Version %(version_number)s of %(number)s has no provision %(provision)s.",
            version_number=version_number,
            number=act.number,
            provision=lazy_join([_name(eid), in_language], ""),
        ),
        {"eid": "No such provision in this version."},
    )


def add_comment(
    actor: User,
    act_id: int,
    *,
    version: int,
    eid: str,
    body: str,
    quote: str | None = None,
    language: str | None = None,
    now: datetime | None = None,
) -> Comment:
    """A reviewer's comment on a provision of the version under review, in one of its
    languages (default: the drafting language)."""
    act = acts.get_act(actor, act_id, for_update=True)
    language = act_languages.language_of(act, language)
    open_round = workflow.round_in(act, RoundStatus.OPEN)
    assignment = my_assignment(actor, open_round) if open_round else None
    if assignment is None:
        raise Forbidden(
            _l(
                "Only a reviewer of the open review round of %(number)s comments on it.",
                number=act.number,
            )
        )
    if assignment.is_done:
        raise Conflict(
            _l(
                "Your work in this round is closed (%(state)s); comments end with it.",
                state=STATE_LABELS[assignment.state],
            ),
            code="assignment_done",
        )
    if version != open_round.version_number:
        raise Invalid(
            _l(
                "Comments in this round are on version %(version_number)s, the version under "
                "review, not version %(version)s.",
                version_number=open_round.version_number,
                version=version,
            ),
            {"version": f"Must be {open_round.version_number}."},
        )
    provision = _provision(act, actor, version, eid, language)
    text = _text(body, "body", _l("comment"), MAX_BODY)
    if quote is not None and quote.strip():
        quote = _text(quote, "quote", _l("quoted text"), MAX_QUOTE)
        if quote not in f"{provision.heading}\n{provision.text}":
            raise Invalid(
                _l(
                    "The quoted text is not in %(provision)s of version %(version)s.",
                    provision=_name(eid),
                    version=version,
                ),
                {"quote": "Not in the provision's text."},
            )
    else:
        quote = None
    now = now or utcnow()
    comment = Comment(
        act_id=act.id, round=open_round, version_number=version, eid=eid,
        anchor_hash=anchor_digest(provision), quote=quote, body=text, author=actor,
        created_at=now, language=language,
    )  # fmt: skip
    db.session.add(comment)
    db.session.flush()
    chain.record(
        "comment.created", actor=actor, act=act, round=open_round, now=now,
        comment_id=comment.id, eid=eid, version=version, language=language,
        body_sha256=hashlib.sha256(text.encode()).hexdigest(),
    )  # fmt: skip
    search_outbox.comment_added(act.id, comment.id)
    if act.lead_drafter_id != actor.id:
        notifications.notify(
            act.lead_drafter, notifications.COMMENTED,
            _told(act.lead_drafter, N_("%(name)s commented on %(provision)s of %(number)s "
                                       "(version %(version)s)."),
                  eid, name=actor.display_name, number=act.number, version=version),
            "review.comment", act=act, now=now, number=act.number, comment_id=comment.id,
        )  # fmt: skip
    return comment


def get_comment(actor: User, comment_id: int, *, for_update: bool = False) -> Comment:
    """The comment, if this user may see its round (else 404)."""
    comment = db.session.get(Comment, comment_id)
    if comment is None or not can_view_round(actor, comment.round):
        raise NotFound(_l("There is no comment %(comment_id)s.", comment_id=comment_id))
    acts.get_act(actor, comment.act_id, for_update=for_update)
    return comment


def reply(actor: User, comment_id: int, body: str, *, now: datetime | None = None) -> Comment:
    """A reply in a comment's thread (threads are one level: a reply to a reply joins it)."""
    comment = get_comment(actor, comment_id, for_update=True)
    root = db.session.get(Comment, comment.parent_id) if comment.is_reply else comment
    act = db.session.get(Act, root.act_id)
    _not_final(act)
    text = _text(body, "body", _l("reply"), MAX_BODY)
    now = now or utcnow()
    answer = Comment(
        act_id=act.id, round_id=root.round_id, parent_id=root.id,
        version_number=root.version_number, eid=root.eid, anchor_hash=root.anchor_hash,
        body=text, author=actor, created_at=now,
    )  # fmt: skip
    db.session.add(answer)
    db.session.flush()
    chain.record(
        "comment.replied", actor=actor, act=act, round=root.round, now=now,
        comment_id=answer.id, parent_id=root.id,
        body_sha256=hashlib.sha256(text.encode()).hexdigest(),
    )  # fmt: skip
    search_outbox.comment_added(act.id, answer.id)
    told = {actor.id}
    for person in (root.author, act.lead_drafter):
        if person.id not in told:
            told.add(person.id)
            notifications.notify(
                person, notifications.REPLIED,
                _told(person, N_("%(name)s replied to the comment on %(provision)s of "
                                 "%(number)s."), root.eid, name=actor.display_name,
                      number=act.number),
                "review.comment", act=act, now=now, number=act.number, comment_id=root.id,
            )  # fmt: skip
    db.session.expire(root, ["replies"])
    return answer


def dispose(
    actor: User,
    comment_id: int,
    *,
    disposition: str,
    reason: str,
    now: datetime | None = None,
) -> Comment:
    """The drafter's answer to a comment: accepted / partly accepted / rejected / noted."""
    if not can_answer_comments(actor):
        raise Forbidden(_l("Only a legal drafter answers comments."))
    comment = get_comment(actor, comment_id, for_update=True)
    if comment.is_reply:
        raise Invalid(
            _l("Replies take no disposition; answer the comment that opened the thread."),
            {"comment": "A reply."},
        )
    act = db.session.get(Act, comment.act_id)
    _not_final(act)
    choice = _choice(Disposition, disposition, "disposition")
    comment.disposition_reason = _text(
        reason, "reason", _l("reason for the disposition"), MAX_REASON
    )
    now = now or utcnow()
    previous = comment.disposition
    comment.disposition, comment.disposed_by, comment.disposed_at = choice, actor, now
    chain.record(
        "comment.disposition", actor=actor, act=act, round=comment.round, now=now,
        comment_id=comment.id, disposition=choice.value,
        previous=previous.value if previous else None, reason=comment.disposition_reason,
    )  # fmt: skip
    if comment.author_id != actor.id:
        notifications.notify(
            comment.author, notifications.ANSWERED,
            _told(comment.author, N_("Your comment on %(provision)s of %(number)s was "
                                     "%(disposition)s."), comment.eid, number=act.number,
                  disposition=_label_in(comment.author, choice.label).lower()),
            "review.comment", act=act, now=now, number=act.number, comment_id=comment.id,
        )  # fmt: skip
    db.session.flush()
    return comment


@dataclass(frozen=True)
class CommentView:
    """A comment as read against one version: is its provision's wording still the same?"""

    comment: Comment
    outdated: bool
    # The provision's eId in the version read against, after any renumbering since.
    eid: str | None = None

    @property
    def current_eid(self) -> str:
        return self.eid or self.comment.eid


def _follow(act: Act, comment: Comment, as_of: int, renames: list[tuple[int, dict]]) -> str:
    """The eId a comment's provision has in version `as_of`, through renumberings since."""
    eid = comment.eid
    for number, mapping in renames:
        if comment.version_number < number <= as_of:
            eid = mapping.get(eid, eid)
    return eid


def _renames(act: Act, as_of: int) -> list[tuple[int, dict]]:
    return acts.renumberings(act, as_of)


COMMENT_STATUSES = ("open", "answered", "outdated", "current")


class _Anchors:
    """The wording digests of a version's provisions, per language, loaded when first asked."""

    def __init__(self, act: Act, actor: User, version_number: int) -> None:
        self.act, self.actor, self.version_number = act, actor, version_number
        self._by_language: dict[str, dict[str, str]] = {}
        self.get(act.language.value)  # 404s an unknown version

    def get(self, language: str) -> dict[str, str]:
        if language not in self._by_language:
            shown = acts.get_version(self.actor, self.act, self.version_number, language)
            self._by_language[language] = {row.eid: anchor_digest(row) for row in shown.flat}
        return self._by_language[language]

    def outdated(self, comment: Comment, eid: str | None = None) -> bool:
        """The provision's wording in the comment's language differs from what was commented
        on, or the provision is gone (or the language is no longer one of the act's). `eid` is
        the provision's eId in this version when a renumbering since changed it."""
        language = comment.language or self.act.language.value
        if language not in self.act.languages:
            return True
        return self.get(language).get(eid or comment.eid) != comment.anchor_hash


def _anchors(act: Act, actor: User, version_number: int) -> _Anchors:
    return _Anchors(act, actor, version_number)


def list_comments(
    actor: User,
    act: Act,
    *,
    version: int | None = None,
    as_of: int | None = None,
    status: str | None = None,
    round_id: int | None = None,
    eid: str | None = None,
    disposition: str | None = None,
    author: str | None = None,
) -> list[CommentView]:
    """The act's comments (threads' first comments) this user may see, filtered.

    `version` keeps the comments made on that version; `as_of` (default: the latest version)
    is the version they are read against: a comment is outdated when its provision's wording
    there differs from the wording commented on, or the provision is gone.
    """
    if status is not None and status not in COMMENT_STATUSES:
        raise Invalid(
            _l("Status must be one of: %(names)s.", names=", ".join(COMMENT_STATUSES)),
            {"status": f"One of: {', '.join(COMMENT_STATUSES)}."},
        )
    as_of = as_of or act.current_version
    anchors = _anchors(act, actor, as_of)  # 404s an unknown version
    statement = select(Comment).where(Comment.act_id == act.id, Comment.parent_id.is_(None))
    if version is not None:
        statement = statement.where(Comment.version_number == version)
    statement = statement.where(Comment.version_number <= as_of)
    if round_id is not None:
        statement = statement.where(Comment.round_id == round_id)
    if eid:
        statement = statement.where(Comment.eid == eid)
    if disposition:
        if disposition == "none":
            statement = statement.where(Comment.disposition.is_(None))
        else:
            statement = statement.where(
                Comment.disposition == _choice(Disposition, disposition, "disposition")
            )
    if author:
        statement = statement.where(Comment.author.has(username=author.strip().lower()))
    if not is_staff(actor):
        mine = select(Assignment.round_id).where(Assignment.reviewer_id == actor.id)
        statement = statement.where(Comment.round_id.in_(mine))
    renames = _renames(act, as_of)
    # A comment's round is usually read already (the act page's workflow panel, the round's
    # own page): joined to each comment and each reply, it re-read the assignments and
    # opinions of those rounds once per batch. The rounds not read yet are read together.
    statement = statement.options(
        lazyload(Comment.round), selectinload(Comment.replies).lazyload(Comment.round)
    )
    comments = list(db.session.scalars(statement.order_by(Comment.id)))
    _read_rounds({comment.round_id for comment in comments})
    views = []
    for comment in comments:
        eid = _follow(act, comment, as_of, renames)
        views.append(CommentView(comment, anchors.outdated(comment, eid), eid))
    if status == "open":
        views = [v for v in views if v.comment.disposition is None]
    elif status == "answered":
        views = [v for v in views if v.comment.disposition is not None]
    elif status == "outdated":
        views = [v for v in views if v.outdated]
    elif status == "current":
        views = [v for v in views if not v.outdated]
    return views


def _read_rounds(round_ids: set[int]) -> None:
    """Bring the rounds not in the session yet into it, in one query (with their assignments)."""
    missing = [
        round_id
        for round_id in round_ids
        if db.session.identity_map.get(identity_key(ReviewRound, round_id)) is None
    ]
    if missing:
        db.session.scalars(select(ReviewRound).where(ReviewRound.id.in_(missing))).all()


def comment_view(actor: User, comment_id: int) -> CommentView:
    """One comment (or reply) read against the act's latest version."""
    comment = get_comment(actor, comment_id)
    act = db.session.get(Act, comment.act_id)
    anchors = _anchors(act, actor, act.current_version)
    eid = _follow(act, comment, act.current_version, _renames(act, act.current_version))
    return CommentView(comment, anchors.outdated(comment, eid), eid)


def comments_by_provision(actor: User, act: Act, version_number: int) -> dict[str, list]:
    """The comments shown beside each provision of a version: made on it or on an earlier
    version whose provision is still there, each marked outdated or not."""
    by_eid: dict[str, list[CommentView]] = {}
    for view in list_comments(actor, act, as_of=version_number):
        by_eid.setdefault(view.current_eid, []).append(view)
    return by_eid


def answered_comment_ids(actor: User, act: Act, eid: str) -> dict[str, list[int]]:
    """For the provision history: comments with a disposition on this provision, by the
    wording they were made on (so a change can link the comments it answered)."""
    statement = select(Comment).where(
        Comment.act_id == act.id,
        Comment.eid == eid,
        Comment.parent_id.is_(None),
        Comment.disposition.is_not(None),
    )
    if not is_staff(actor):
        mine = select(Assignment.round_id).where(Assignment.reviewer_id == actor.id)
        statement = statement.where(Comment.round_id.in_(mine))
    by_anchor: dict[str, list[int]] = {}
    for comment in db.session.scalars(statement.order_by(Comment.id)):
        by_anchor.setdefault(comment.anchor_hash, []).append(comment.id)
    return by_anchor


# ---------------------------------------------------------------------------------------------
# The reviewer's and drafter's work


def my_assignments(actor: User) -> list[Assignment]:
    """The reviewer's assignments in planned and open rounds, soonest due first."""
    return list(
        db.session.scalars(
            select(Assignment)
            .join(ReviewRound)
            .where(
                Assignment.reviewer_id == actor.id,
                ReviewRound.status.in_([RoundStatus.PLANNED, RoundStatus.OPEN]),
            )
            .order_by(Assignment.due, Assignment.id)
        )
    )


def active_rounds(actor: User) -> list[ReviewRound]:
    """Planned and open rounds of every act, soonest due first (the secretary's work)."""
    if not can_manage_rounds(actor):
        raise Forbidden(_l("Only the committee secretary follows every review round."))
    return list(
        db.session.scalars(
            select(ReviewRound)
            .where(ReviewRound.status.in_([RoundStatus.PLANNED, RoundStatus.OPEN]))
            .order_by(ReviewRound.due, ReviewRound.id)
        )
    )


def comments_awaiting_answer(actor: User, limit: int = 200) -> list[Comment]:
    """Comments without a disposition on acts this drafter leads."""
    return list(
        db.session.scalars(
            select(Comment)
            .join(Act, Act.id == Comment.act_id)
            .where(
                Act.lead_drafter_id == actor.id,
                Comment.parent_id.is_(None),
                Comment.disposition.is_(None),
            )
            .order_by(Comment.id)
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class ReferenceNotice:
    """What a comment is told of a reference: broken since a version (standing in the
    commented provision, or naming it before a save deleted it), or naming another provision
    than it did in the version commented on."""

    kind: str  # "broken", "broken_to_here" or "shifted"
    source: str  # where the reference stands in the latest version
    text: str  # as written
    since: int | None = None  # broken: the version since which it is
    was: str | None = None  # broken: the provision it named; shifted: where that one is now
    now: str | None = None  # shifted: the provision it names now


def reference_notices(
    actor: User,
    act: Act,
    views: list[CommentView],
    *,
    shifted_too: bool = True,
    broken_now: list[tuple[str, str]] | None = None,
) -> dict[int, list[ReferenceNotice]]:
    """For each comment (by id; views read against the latest version), the references that
    saves since broke or left pointing elsewhere: those standing in its provision, and the
    broken ones that named its provision. Names are for the page to give, in its language.
    Without `shifted_too`, only the broken ones (the shifted ones read every version
    commented on); `broken_now`: see `references.broken_since`."""
    if not views:
        return {}
    language = act.language.value
    eids = {view.current_eid for view in views} | {view.comment.eid for view in views}
    broken = acts_references.broken_since(act.id, language, act.current_version, eids, broken_now)
    shifted: dict[int, list[acts_references.Affected]] = {}
    commented_on = {view.comment.version_number for view in views}
    if shifted_too and commented_on - {act.current_version}:
        latest = acts.current_version(actor, act)
        for number in sorted(commented_on - {act.current_version}):
            before = acts.get_version(actor, act, number)
            report = acts.reference_report(act, before, latest.version, latest.provisions)
            shifted[number] = report.shifted
    told: dict[int, list[ReferenceNotice]] = {}
    for view in views:
        comment = view.comment
        mine = told.setdefault(comment.id, [])
        for notice in broken:
            if notice.source == view.current_eid:
                mine.append(
                    ReferenceNotice("broken", notice.source, notice.text, notice.since, notice.was)
                )
            elif notice.was is not None and notice.was in (comment.eid, view.current_eid):
                mine.append(
                    ReferenceNotice(
                        "broken_to_here", notice.source, notice.text, notice.since, notice.was
                    )
                )
        for affected in shifted.get(comment.version_number, []):
            if affected.eid == view.current_eid:
                mine.append(
                    ReferenceNotice(
                        "shifted",
                        affected.eid,
                        affected.text,
                        None,
                        affected.now_at,
                        affected.target,
                    )
                )
        if not mine:
            del told[comment.id]
    return told
