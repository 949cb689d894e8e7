"""The workflow of an act (PRODUCT.md section 4), as one table.

    action                       from                             to                    roles
    submit_domestic_review       drafting                         domestic_review       D, S
    submit_international_review  drafting, domestic_review        international_review  D, S
    return_to_drafting           any review state                 drafting              D, S
    submit_to_committee          drafting, international_review   committee_review      D, S
    approve                      committee_review                 approved              S (decision)
    withdraw                     any state but approved/withdrawn withdrawn             D, S

(D = drafter, S = committee secretary.) The `TRANSITIONS` table below is the rule itself.
`approve` is the Operational Committee's: it is taken only by recording an approve decision
at a meeting (`committee.services.decide`), never offered as an action of its own and refused
when asked for directly. Hooks registered with `on_leave()` keep the records that depend on a
state in step when an act leaves it (the committee takes the act off a meeting's agenda).
Each transition also has guards: conditions on the act that must hold first (a planned round
with reviewers, every opinion in, every comment answered, ...). `available()` tells a user
which actions they may take now and, for each, the guards that do not hold yet; `perform()`
makes a transition or refuses with 403 (role) or 409 (guard) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from ..accounts.models import Role, User
from ..acts import languages as act_languages
from ..acts import services as acts
from ..acts.models import Act, ActStatus
from ..acts.storage import load_tree
from ..acts.text import flatten, label_for_eid
from ..audit import chain
from ..errors import Conflict, Forbidden, Invalid
from ..extensions import db
from ..i18n import N_, LabelledEnum, current_language, lazy_join, lazy_lower
from ..timeutil import utcnow
from .models import Comment, ReviewRound, RoundStatus, Stage

MAX_REASON = 2000


class Action(LabelledEnum):
    SUBMIT_DOMESTIC_REVIEW = "submit_domestic_review"
    SUBMIT_INTERNATIONAL_REVIEW = "submit_international_review"
    RETURN_TO_DRAFTING = "return_to_drafting"
    SUBMIT_TO_COMMITTEE = "submit_to_committee"
    APPROVE = "approve"
    WITHDRAW = "withdraw"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.SUBMIT_DOMESTIC_REVIEW: N_("Submit for domestic review"),
    Action.SUBMIT_INTERNATIONAL_REVIEW: N_("Submit for international review"),
    Action.RETURN_TO_DRAFTING: N_("Return to drafting"),
    Action.SUBMIT_TO_COMMITTEE: N_("Submit to the Operational Committee"),
    Action.APPROVE: N_("Approve"),
    Action.WITHDRAW: N_("Withdraw"),
}


# ---------------------------------------------------------------------------------------------
# Guards: each returns None when it holds, else a sentence saying what must happen first.

Guard = Callable[[Act], LazyString | None]


# The facts the guards ask about an act (its rounds, its unanswered comments) are read once
# per transaction and kept in the session: a page asks every guard of every transition from the
# act's state, and several ask the same thing. Any flush, commit, rollback or close forgets them,
# so a fact is never older than the rows it was read from.
FACTS = "review_workflow_facts"


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_transaction_end")
def _forget_facts(session: Session, *_args) -> None:
    session.info.pop(FACTS, None)


def _fact(key: tuple, read: Callable[[], object]):
    session = db.session()
    if session.new or session.dirty or session.deleted:
        session.flush()  # what a query would have autoflushed (and it forgets the facts)
    facts = session.info.setdefault(FACTS, {})
    if key not in facts:
        facts[key] = read()
    return facts[key]


def act_rounds(act: Act) -> list[ReviewRound]:
    """Every round of the act, oldest first (with assignments and opinions), read once."""
    return _fact(
        ("rounds", act.id),
        lambda: list(
            db.session.scalars(
                select(ReviewRound).where(ReviewRound.act_id == act.id).order_by(ReviewRound.id)
            )
        ),
    )


def round_in(act: Act, status: RoundStatus) -> ReviewRound | None:
    """The act's planned or open round (there is at most one of each)."""
    return next((r for r in act_rounds(act) if r.status is status), None)


def unanswered_comments(act: Act) -> int:
    """How many threads on the act have no disposition yet."""
    return _fact(
        ("unanswered", act.id),
        lambda: db.session.scalar(
            select(func.count(Comment.id)).where(
                Comment.act_id == act.id,
                Comment.parent_id.is_(None),
                Comment.disposition.is_(None),
            )
        ),
    )


def know_unanswered_comments(act: Act, threads: list[Comment]) -> None:
    """Tell the guards how many threads on the act have no disposition, from every thread of
    the act that the caller has just read (the act page, for staff), sparing their count."""
    session = db.session()
    if session.new or session.dirty or session.deleted:
        return  # a guard would flush first, and forget it
    facts = session.info.setdefault(FACTS, {})
    facts[("unanswered", act.id)] = sum(1 for c in threads if c.disposition is None)


def round_planned(stage: Stage) -> Guard:
    """The secretary has invited reviewers, each with a due date, for this stage."""

    def guard(act: Act) -> LazyString | None:
        planned = round_in(act, RoundStatus.PLANNED)
        if planned is None or planned.stage is not stage:
            if stage is Stage.DOMESTIC:
                return _l(
                    "The secretary must first plan a domestic review round: invite at least "
                    "one reviewer and set the due dates."
                )
            return _l(
                "The secretary must first plan an international review round: invite at least "
                "one reviewer and set the due dates."
            )
        if not planned.assignments:
            if stage is Stage.DOMESTIC:
                return _l("The planned domestic round has no reviewers yet.")
            return _l("The planned international round has no reviewers yet.")
        return None

    guard.__name__ = f"round_planned_{stage.value}"
    return guard


def stage_completed(stage: Stage) -> Guard:
    """A round of this stage has ended with every opinion submitted or waived."""

    def guard(act: Act) -> LazyString | None:
        rounds = (
            r for r in act_rounds(act) if r.stage is stage and r.status is not RoundStatus.PLANNED
        )
        if not any(r.is_complete for r in rounds):
            if stage is Stage.DOMESTIC:
                return _l(
                    "The domestic review is not complete: every domestic reviewer must "
                    "submit an opinion (or the secretary waive it)."
                )
            return _l(
                "The international review is not complete: every international reviewer must "
                "submit an opinion (or the secretary waive it)."
            )
        return None

    guard.__name__ = f"stage_completed_{stage.value}"
    return guard


def opinions_in(act: Act) -> LazyString | None:
    """Every reviewer of the open round has submitted an opinion or been waived."""
    open_round = round_in(act, RoundStatus.OPEN)
    if open_round is None:
        return None
    pending = [a.reviewer.display_name for a in open_round.assignments if not a.is_done]
    if pending:
        if open_round.stage is Stage.DOMESTIC:
            return _ln(
                "%(num)d opinion of the domestic round is not in yet (%(names)s); it must be "
                "submitted or waived by the secretary.",
                "%(num)d opinions of the domestic round are not in yet (%(names)s); they must "
                "be submitted or waived by the secretary.",
                len(pending),
                names=", ".join(pending),
            )
        return _ln(
            "%(num)d opinion of the international round is not in yet (%(names)s); it must be "
            "submitted or waived by the secretary.",
            "%(num)d opinions of the international round are not in yet (%(names)s); they "
            "must be submitted or waived by the secretary.",
            len(pending),
            names=", ".join(pending),
        )
    return None


def comments_answered(act: Act) -> LazyString | None:
    """The drafter has given every comment on the act a disposition."""
    unanswered = unanswered_comments(act)
    if unanswered:
        return _ln(
            "%(num)d comment has no disposition from the drafter yet.",
            "%(num)d comments have no disposition from the drafter yet.",
            unanswered,
        )
    return None


NAMED_AT_MOST = 5


def languages_aligned(act: Act) -> LazyString | None:
    """Every authentic language's text has every provision of the drafting language, no
    other, and none behind a later change of the drafting language's wording."""
    if not act.translations:
        return None
    version = acts.version_row(act, act.current_version)
    result = act_languages.alignment(act, version)
    if result.complete:
        return None
    drafting = {row.eid: row for row in flatten(load_tree(version.top_provisions))}
    problems = []
    for entry in result.translations:
        if entry.complete:
            continue
        language = _l(act_languages.NAMES[entry.language])
        if not entry.written:
            problems.append(_l("the %(language)s text is not written yet", language=language))
            continue
        found = [
            _l("%(what)s: %(provisions)s", what=what, provisions=_named(eids, drafting, act))
            for what, eids in (
                (_l("missing"), entry.missing),
                (_l("outdated"), entry.outdated),
                (_l("extra (not in the drafting language)"), entry.extra),
            )
            if eids
        ]
        problems.append(
            _l("the %(language)s text has %(problems)s", language=language,
               problems=lazy_join(found, "; "))
        )  # fmt: skip
    return _l(
        "Every authentic language must match the drafting language before the committee: "
        "%(problems)s.",
        problems=lazy_join(problems, "; "),
    )


def _named(eids: list[str], provisions: dict, act: Act) -> LazyString:
    """The provisions as a lawyer names them in the reader's language (never eIds), at most a
    few, then a count."""

    def names() -> str:
        language = current_language()
        named = []
        for eid in eids[:NAMED_AT_MOST]:
            try:
                named.append(label_for_eid(eid, provisions, language, act_type=act.act_type.value))
            except ValueError:
                named.append(str(_l("a provision without a number")))
        listed = ", ".join(named)
        more = len(eids) - NAMED_AT_MOST
        if more > 0:
            return str(_l("%(names)s and %(num)s more", names=listed, num=more))
        return listed

    return LazyString(names)


def references_intact(act: Act) -> LazyString | None:
    """No reference in the latest text names a provision the text does not have."""
    broken = _fact(("broken_references", act.id), lambda: acts.broken_references(act))
    if not broken:
        return None
    shown = "; ".join(broken[:5]) + ("; …" if len(broken) > 5 else "")
    return _ln(
        "%(num)d reference names a provision this text does not have (%(shown)s); "
        "correct or remove it, or renumber the draft.",
        "%(num)d references name a provision this text does not have (%(shown)s); "
        "correct or remove them, or renumber the draft.",
        len(broken),
        shown=shown,
    )


# ---------------------------------------------------------------------------------------------
# The table


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[ActStatus]
    target: ActStatus
    roles: frozenset[Role]
    guards: tuple[Guard, ...] = ()
    reason_required: bool = False
    # Taken only by a committee decision, never offered or performed on its own.
    by_decision_only: bool = False


DRAFTING, DOMESTIC, INTERNATIONAL, COMMITTEE, APPROVED, WITHDRAWN = (
    ActStatus.DRAFTING,
    ActStatus.DOMESTIC_REVIEW,
    ActStatus.INTERNATIONAL_REVIEW,
    ActStatus.COMMITTEE_REVIEW,
    ActStatus.APPROVED,
    ActStatus.WITHDRAWN,
)
DRAFTER_OR_SECRETARY = frozenset({Role.DRAFTER, Role.SECRETARY})

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        Action.SUBMIT_DOMESTIC_REVIEW, frozenset({DRAFTING}), DOMESTIC, DRAFTER_OR_SECRETARY,
        guards=(round_planned(Stage.DOMESTIC),),
    ),
    Transition(
        Action.SUBMIT_INTERNATIONAL_REVIEW, frozenset({DRAFTING, DOMESTIC}), INTERNATIONAL,
        DRAFTER_OR_SECRETARY,
        guards=(stage_completed(Stage.DOMESTIC), opinions_in, comments_answered,
                round_planned(Stage.INTERNATIONAL)),
    ),
    Transition(
        Action.RETURN_TO_DRAFTING, frozenset({DOMESTIC, INTERNATIONAL, COMMITTEE}), DRAFTING,
        DRAFTER_OR_SECRETARY, reason_required=True,
    ),
    Transition(
        Action.SUBMIT_TO_COMMITTEE, frozenset({DRAFTING, INTERNATIONAL}), COMMITTEE,
        DRAFTER_OR_SECRETARY,
        guards=(stage_completed(Stage.DOMESTIC), stage_completed(Stage.INTERNATIONAL),
                opinions_in, comments_answered, languages_aligned, references_intact),
    ),
    Transition(
        Action.APPROVE, frozenset({COMMITTEE}), APPROVED, frozenset({Role.SECRETARY}),
        by_decision_only=True,
    ),
    Transition(
        Action.WITHDRAW, frozenset(ActStatus) - {APPROVED, WITHDRAWN}, WITHDRAWN,
        DRAFTER_OR_SECRETARY, reason_required=True,
    ),
)  # fmt: skip

BY_ACTION = {transition.action: transition for transition in TRANSITIONS}


# ---------------------------------------------------------------------------------------------
# Asking and doing


@dataclass(frozen=True)
class Option:
    """An action this user may take from the act's state, and what still blocks it."""

    transition: Transition
    blocked_by: tuple[LazyString, ...]

    @property
    def action(self) -> Action:
        return self.transition.action

    @property
    def allowed(self) -> bool:
        return not self.blocked_by


def blocked_by(transition: Transition, act: Act) -> tuple[LazyString, ...]:
    return tuple(reason for guard in transition.guards if (reason := guard(act)) is not None)


def available(actor: User, act: Act) -> list[Option]:
    """The transitions from the act's state that this user's role may make, with blockers
    (approval is never among them: it is a committee decision, recorded at a meeting)."""
    return [
        Option(transition, blocked_by(transition, act))
        for transition in TRANSITIONS
        if act.status in transition.sources
        and actor.role in transition.roles
        and not transition.by_decision_only
    ]


# Called with (actor, act, transition, reason, now) when an act leaves the state, in the same
# transaction; registered by the layers above that keep records depending on the state.
LeaveHook = Callable[[User, Act, Transition, str, datetime], None]
_LEAVE_HOOKS: dict[ActStatus, list[LeaveHook]] = {}


def on_leave(state: ActStatus, hook: LeaveHook) -> None:
    """Register a hook to run whenever an act leaves `state` (once per hook)."""
    hooks = _LEAVE_HOOKS.setdefault(state, [])
    if hook not in hooks:
        hooks.append(hook)


def parse_action(value: str) -> Action:
    try:
        return Action(value)
    except ValueError:
        choices = ", ".join(action.value for action in Action)
        raise Invalid(
            _l(
                "Unknown action %(value)s; the actions are: %(choices)s.",
                value=repr(value),
                choices=choices,
            ),
            {"action": "Unknown."},
        ) from None


def perform(
    actor: User,
    act: Act,
    action: str,
    reason: str = "",
    *,
    now: datetime | None = None,
    by_decision: bool = False,
    decision: dict | None = None,
) -> Transition:
    """Make the transition, open or close review rounds with it, and record it.

    The act must be locked by the caller (`get_act(..., for_update=True)`). `by_decision` is
    passed by the committee's decision alone, the only way to a `by_decision_only` transition;
    `decision` is what it keeps of that decision (`reasons.facts`), recorded as `committee` so
    the sentence is composed in each reader's language (`reasons.shown`).
    """
    transition = BY_ACTION[parse_action(action)]
    reason = " ".join((reason or "").split())
    if transition.by_decision_only and not by_decision:
        raise Conflict(
            _l(
                "“%(action)s” is the Operational Committee's decision: put the act on a "
                "meeting's agenda and record the decision there.",
                action=transition.action.ui_label,
            ),
            code="committee_decision_required",
            blocked_by=[_l("Only a decision recorded at a meeting of the Operational Committee.")],
        )
    if actor.role not in transition.roles:
        roles = lazy_join(
            (lazy_lower(role.ui_label) for role in sorted(transition.roles)), _l(" or ")
        )
        raise Forbidden(
            _l(
                "Only a %(roles)s can %(action)s.",
                roles=roles,
                action=lazy_lower(transition.action.ui_label),
            )
        )
    if act.status not in transition.sources:
        raise Conflict(
            _l(
                "Act %(number)s is in %(status)s; “%(action)s” is not possible from there.",
                number=act.number,
                status=lazy_lower(act.status.ui_label),
                action=transition.action.ui_label,
            ),
            code="wrong_state",
            blocked_by=[_l("The act is in %(status)s.", status=lazy_lower(act.status.ui_label))],
        )
    if transition.reason_required and not reason:
        raise Invalid(
            _l("Give a reason to %(action)s.", action=lazy_lower(transition.action.ui_label)),
            {"reason": "Required."},
        )
    if len(reason) > MAX_REASON:
        raise Invalid(
            _l("A reason is at most %(MAX_REASON)s characters.", MAX_REASON=MAX_REASON),
            {"reason": "Too long."},
        )
    reasons = blocked_by(transition, act)
    if reasons:
        raise Conflict(
            _l(
                "%(action)s is blocked: %(names)s",
                action=transition.action.ui_label,
                names=lazy_join(reasons, " "),
            ),
            code="guard_failed",
            blocked_by=list(reasons),
        )
    now = now or utcnow()
    source = act.status
    _move_rounds(act, transition.target, now)
    act.status = transition.target
    act.updated_at = now
    if transition.target is not source:
        for hook in _LEAVE_HOOKS.get(source, ()):
            hook(actor, act, transition, reason, now)
    chain.record(
        "transition",
        actor=actor,
        act=act,
        now=now,
        transition=transition.action.value,
        from_status=source.value,
        to_status=transition.target.value,
        reason=reason,
        version=act.current_version,
        **({"committee": decision} if by_decision and decision else {}),
    )
    db.session.flush()
    return transition


def _move_rounds(act: Act, target: ActStatus, now: datetime) -> None:
    """Leaving a review stage closes its open round; entering one opens the planned round,
    frozen on the version submitted. Approval or withdrawal also cancels a planned round."""
    open_round = round_in(act, RoundStatus.OPEN)
    if open_round is not None and open_round.stage.act_status is not target:
        open_round.status, open_round.closed_at = RoundStatus.CLOSED, now
    planned = round_in(act, RoundStatus.PLANNED)
    if planned is None:
        return
    if planned.stage.act_status is target:
        db.session.flush()  # the closed round first: one open round per act
        planned.status, planned.opened_at = RoundStatus.OPEN, now
        planned.version_number = act.current_version
    elif target in (ActStatus.APPROVED, ActStatus.WITHDRAWN):
        planned.status, planned.closed_at = RoundStatus.CLOSED, now
