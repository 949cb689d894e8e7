"""Who may do what: one function per question, called by the services.

Views and the API never check roles themselves; they call a service, which asks here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, exists, or_, select, true

from .models import Role, User

if TYPE_CHECKING:
    from ..acts.models import Act

# Staff see every act in every state; experts see only what they are invited to.
STAFF_ROLES = frozenset({Role.ADMIN, Role.DRAFTER, Role.SECRETARY, Role.COMMITTEE_MEMBER})
EXPERT_ROLES = frozenset({Role.DOMESTIC_EXPERT, Role.INTERNATIONAL_EXPERT})
# The act states in which an act is under review (by experts or by the committee).
REVIEW_STATES = frozenset({"domestic_review", "international_review", "committee_review"})


def is_staff(user: User) -> bool:
    """Staff of the Authority and the Committee, who see every act."""
    return user.role in STAFF_ROLES


def _invited_clause(user: User, act_id_column) -> ColumnElement[bool]:
    """SQL: the user is invited to a review round of the act."""
    from ..review.models import Assignment, ReviewRound

    return exists(
        select(Assignment.id)
        .join(ReviewRound, ReviewRound.id == Assignment.round_id)
        .where(ReviewRound.act_id == act_id_column, Assignment.reviewer_id == user.id)
    )


def is_invited(user: User, act: Act) -> bool:
    """The user is (or was) a reviewer in one of the act's review rounds.

    A page asks this several times (the act, its versions, its comments): a yes is kept for
    the request. Only a yes: an invitation is never deleted, so a yes stays true, while a no
    may turn into a yes when this very request invites the user."""
    from ..extensions import db
    from ..http import request_memo

    memo = request_memo("invited")
    key = (user.id, act.id)
    if memo is not None and key in memo:
        return True
    invited = bool(db.session.scalar(select(_invited_clause(user, act.id))))
    if invited and memo is not None:
        memo[key] = True
    return invited


def can_view_act(user: User, act: Act) -> bool:
    """Who reads an act (PRODUCT.md section 1).

    Staff read every act and anyone reads an approved one. An international expert reads only
    the acts they are invited to review; a domestic expert likewise while an act is in review,
    and otherwise the acts not under review.
    """
    from ..acts.models import ActStatus

    if is_staff(user) or act.status is ActStatus.APPROVED:
        return True
    if user.role is Role.DOMESTIC_EXPERT and act.status not in REVIEW_STATES:
        return True
    return user.role in EXPERT_ROLES and is_invited(user, act)


def visible_acts_clause(user: User) -> ColumnElement[bool]:
    """The SQL condition of `can_view_act`, for lists and search."""
    from ..acts.models import Act, ActStatus

    if is_staff(user):
        return true()
    visible = [Act.status == ActStatus.APPROVED]
    if user.role is Role.DOMESTIC_EXPERT:
        visible.append(Act.status.not_in(REVIEW_STATES))
    if user.role in EXPERT_ROLES:
        visible.append(_invited_clause(user, Act.id))
    return or_(*visible)


def can_view_round(user: User, review_round) -> bool:
    """Staff see every round; a reviewer sees only the rounds they are invited to."""
    return is_staff(user) or any(a.reviewer_id == user.id for a in review_round.assignments)


def can_view_opinion(user: User, opinion) -> bool:
    """A draft opinion is its author's alone; a submitted one is read by staff and the round."""
    assignment = opinion.assignment
    if assignment.reviewer_id == user.id:
        return True
    return opinion.submitted_at is not None and can_view_round(user, assignment.round)


def can_manage_rounds(user: User) -> bool:
    """The committee secretary plans rounds, invites reviewers, sets and waives deadlines."""
    return user.role is Role.SECRETARY


def can_answer_comments(user: User) -> bool:
    """Legal drafters give every comment its disposition."""
    return user.role is Role.DRAFTER


def can_create_act(user: User) -> bool:
    """Drafters create acts (from scratch, from a template or from a Word file)."""
    return user.role is Role.DRAFTER


def can_edit_act(user: User, act: Act) -> bool:
    """Drafters edit the text, and only while the act is being drafted."""
    from ..acts.models import ActStatus

    return user.role is Role.DRAFTER and act.status is ActStatus.DRAFTING


def can_edit_act_role(user: User) -> bool:
    """Whether the role ever edits act text (the state aside)."""
    return user.role is Role.DRAFTER


def can_manage_users(user: User) -> bool:
    """Administrators manage users, organisations and roles."""
    return user.role is Role.ADMIN


def can_view_meetings(user: User) -> bool:
    """The committee's meetings, agendas and decisions are read by the staff."""
    return is_staff(user)


def can_manage_meetings(user: User) -> bool:
    """The committee secretary schedules meetings, builds agendas and records decisions."""
    return user.role is Role.SECRETARY


def can_attend_meetings(user: User) -> bool:
    """Committee members attend and vote."""
    return user.role is Role.COMMITTEE_MEMBER


def can_see_all_deadlines(user: User) -> bool:
    """The secretary chases everyone's deadlines; the others see their own."""
    return user.role is Role.SECRETARY
