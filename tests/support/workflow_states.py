"""Acts driven into a workflow state through the services, as the people of the workflow would.

`Cast` holds one user per role; `drive(cast, status, ready_for=action)` makes a new act and
walks it to `status`, satisfying on the way the guards of `ready_for` where that action leaves
`status` (a planned round of the right stage, the earlier stages complete, opinions in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from alatau_legal.accounts.models import Role, User
from alatau_legal.acts.models import Act, ActStatus
from alatau_legal.extensions import db
from alatau_legal.review import services as review
from alatau_legal.review.models import RoundStatus
from alatau_legal.review.workflow import Action, round_in
from alatau_legal.timeutil import utcnow
from tests.support.builders import make_act, make_user

DUE = date.today() + timedelta(days=14)
REASON = "Recorded by the test"


@dataclass
class Cast:
    """One user per role, with the usernames of builders.make_user."""

    users: dict[Role, User]

    @classmethod
    def create(cls) -> Cast:
        return cls({role: make_user(role) for role in Role})

    def __getitem__(self, role: Role | str) -> User:
        return self.users[Role(role)]

    @property
    def drafter(self) -> User:
        return self.users[Role.DRAFTER]

    @property
    def secretary(self) -> User:
        return self.users[Role.SECRETARY]

    @property
    def domestic(self) -> User:
        return self.users[Role.DOMESTIC_EXPERT]

    @property
    def international(self) -> User:
        return self.users[Role.INTERNATIONAL_EXPERT]


def plan(cast: Cast, act: Act, stage: str) -> None:
    """The secretary plans a round of the stage with the cast's expert of that kind."""
    expert = cast.domestic if stage == "domestic" else cast.international
    review.plan_round(cast.secretary, act.id, stage=stage, reviewers=[expert.username], due=DUE)
    db.session.commit()


def move(cast: Cast, act: Act, action: Action, by: User | None = None) -> None:
    """A transition by the drafter (or `by`), with a reason."""
    review.transition(by or cast.drafter, act.id, action.value, REASON)
    db.session.commit()


def opinion(cast: Cast, act: Act, stage: str) -> None:
    """The stage's expert submits an opinion in the act's open round."""
    expert = cast.domestic if stage == "domestic" else cast.international
    open_round = round_in(act, RoundStatus.OPEN)
    review.save_opinion(expert, open_round.id, recommendation="approve", text="Fine as it is.")
    db.session.commit()


def drive(cast: Cast, status: ActStatus, ready_for: Action | None = None) -> Act:
    """A new act in `status`, with the guards of `ready_for` satisfied where it applies."""
    act = make_act(cast.drafter)
    if status is ActStatus.WITHDRAWN:
        move(cast, act, Action.WITHDRAW)
        return act
    if status is ActStatus.DRAFTING:
        if ready_for is Action.SUBMIT_DOMESTIC_REVIEW:
            plan(cast, act, "domestic")
        elif ready_for is Action.SUBMIT_INTERNATIONAL_REVIEW:
            _domestic_stage_done(cast, act)
            move(cast, act, Action.RETURN_TO_DRAFTING)
            plan(cast, act, "international")
        elif ready_for is Action.SUBMIT_TO_COMMITTEE:
            _domestic_stage_done(cast, act)
            plan(cast, act, "international")
            move(cast, act, Action.SUBMIT_INTERNATIONAL_REVIEW)
            opinion(cast, act, "international")
            move(cast, act, Action.RETURN_TO_DRAFTING)
        return act
    _domestic_stage_done(cast, act)
    plan(cast, act, "international")
    if status is ActStatus.DOMESTIC_REVIEW:
        return act
    move(cast, act, Action.SUBMIT_INTERNATIONAL_REVIEW)
    opinion(cast, act, "international")
    if status is ActStatus.INTERNATIONAL_REVIEW:
        return act
    move(cast, act, Action.SUBMIT_TO_COMMITTEE)
    if status is ActStatus.COMMITTEE_REVIEW:
        return act
    approve_at_a_meeting(cast, act)
    assert status is ActStatus.APPROVED
    return act


def approve_at_a_meeting(cast: Cast, act: Act) -> None:
    """The committee approves the act in committee review at today's meeting: the only way."""
    from alatau_legal.committee import services as committee

    secretary, member = cast.secretary, cast[Role.COMMITTEE_MEMBER]
    meeting = committee.create_meeting(secretary, day=utcnow().date(), title=f"On {act.number}")
    item = committee.add_agenda_item(secretary, meeting.id, act.id)
    committee.set_attendance(secretary, meeting.id, [member.username])
    committee.decide(
        secretary, meeting.id, item.id, decision="approve",
        votes={"for": 1, "against": 0, "abstain": 0},
    )  # fmt: skip
    db.session.commit()


def _domestic_stage_done(cast: Cast, act: Act) -> None:
    """Planned, submitted, and the domestic opinion in: the act stays in domestic review."""
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    opinion(cast, act, "domestic")
