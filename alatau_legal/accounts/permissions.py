"""Who may do what: one function per question, called by the services.

Views and the API never check roles themselves; they call a service, which asks here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, true

from .models import Role, User

if TYPE_CHECKING:
    from ..acts.models import Act

# Staff see every act in every state; experts see only what they are invited to.
STAFF_ROLES = frozenset({Role.ADMIN, Role.DRAFTER, Role.SECRETARY, Role.COMMITTEE_MEMBER})
EXPERT_ROLES = frozenset({Role.DOMESTIC_EXPERT, Role.INTERNATIONAL_EXPERT})


def is_staff(user: User) -> bool:
    """Staff of the Authority and the Committee, who see every act."""
    return user.role in STAFF_ROLES


def can_view_act(user: User, act: Act) -> bool:
    """Staff see every act; experts see approved acts (and, with review, those they review)."""
    from ..acts.models import ActStatus

    return is_staff(user) or act.status is ActStatus.APPROVED


def visible_acts_clause(user: User) -> ColumnElement[bool]:
    """The SQL condition of `can_view_act`, for lists and search."""
    from ..acts.models import Act, ActStatus

    if is_staff(user):
        return true()
    return Act.status == ActStatus.APPROVED


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
