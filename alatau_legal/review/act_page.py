"""What the act's page shows of the review: the workflow panel, the rounds, the comments
beside each provision — gathered once per page for one user and one version."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..accounts.models import User
from ..accounts.permissions import can_answer_comments, can_manage_rounds, is_staff
from ..acts.models import Act
from . import services, workflow
from .models import Disposition, ReviewRound, RoundStatus


@dataclass
class ActReview:
    """What the act page shows of the review, for one user and one version."""

    options: list[workflow.Option] = field(default_factory=list)
    rounds: list[ReviewRound] = field(default_factory=list)
    threads: dict[str, list[services.CommentView]] = field(default_factory=dict)
    version: int = 0  # the version shown
    # The version a comment may be made on now (the open round's), if this user may comment.
    comment_version: int | None = None
    can_answer: bool = False
    can_plan: bool = False
    open_for_answers: bool = False  # replies and dispositions end with the act's workflow
    dispositions: tuple[Disposition, ...] = tuple(Disposition)
    show: str = "all"  # which threads the page shows: all, open, answered or mine
    user_id: int | None = None
    # What each thread (by comment id) is told of broken references (the latest version only).
    notices: dict[int, list[services.ReferenceNotice]] = field(default_factory=dict)

    def _keeps(self, view: services.CommentView) -> bool:
        comment = view.comment
        return (
            self.show == "all"
            or (self.show == "open" and comment.disposition is None)
            or (self.show == "answered" and comment.disposition is not None)
            or (self.show == "mine" and comment.author_id == self.user_id)
        )

    def shown(self, eid: str) -> list[services.CommentView]:
        """The threads on the provision that the filter keeps."""
        return [view for view in self.threads.get(eid, ()) if self._keeps(view)]

    @property
    def may_comment(self) -> bool:
        """Whether this user may comment on the version shown (a form beside each provision)."""
        return self.comment_version is not None and self.comment_version == self.version

    def beside(self, eid: str) -> bool:
        """Whether anything shows beside the provision: threads the filter keeps, or the form
        to comment (the page asks this before rendering the comments of each provision)."""
        return self.may_comment or bool(self.shown(eid))

    def count(self, eid: str) -> int:
        return len(self.shown(eid))

    def open_count(self, eid: str) -> int:
        return sum(1 for view in self.shown(eid) if view.comment.disposition is None)

    def totals(self) -> dict[str, int]:
        """How many threads each filter shows, for its links."""
        every = [view for views in self.threads.values() for view in views]
        return {
            "all": len(every),
            "open": sum(1 for v in every if v.comment.disposition is None),
            "answered": sum(1 for v in every if v.comment.disposition is not None),
            "mine": sum(1 for v in every if v.comment.author_id == self.user_id),
        }


COMMENT_FILTERS = ("all", "open", "answered", "mine")


def act_review(
    user: User,
    act: Act,
    version_number: int,
    *,
    is_current: bool,
    show: str | None = None,
    broken_now: list[tuple[str, str]] | None = None,
) -> ActReview:
    """The review beside the act's text: loaded once for the whole version (no query per
    provision), whatever the number of comments. On the latest version, each thread is told
    of the broken references of its provision, as on the round's comments page (not of those
    that name another provision since: that reads every version commented on); `broken_now`,
    the version's broken references in the act's language when the page has read them,
    spares the query for them."""
    open_round = workflow.round_in(act, RoundStatus.OPEN)
    assignment = services.my_assignment(user, open_round) if open_round else None
    may_comment = assignment is not None and not assignment.is_done
    threads = services.comments_by_provision(user, act, version_number)
    if is_current and is_staff(user):
        # Staff read every thread of the act on its latest version: the workflow's guard
        # counts the unanswered ones from them instead of asking the database again.
        workflow.know_unanswered_comments(
            act, [view.comment for views in threads.values() for view in views]
        )
    notices = (
        services.reference_notices(
            user,
            act,
            [view for views in threads.values() for view in views],
            shifted_too=False,
            broken_now=broken_now,
        )
        if is_current
        else {}
    )
    return ActReview(
        options=workflow.available(user, act) if is_current else [],
        rounds=services.list_rounds(user, act),
        threads=threads,
        notices=notices,
        version=version_number,
        show=show if show in COMMENT_FILTERS else "all",
        user_id=user.id,
        comment_version=open_round.version_number if may_comment else None,
        can_answer=can_answer_comments(user),
        open_for_answers=act.status not in services.FINAL_STATES,
        can_plan=(
            can_manage_rounds(user)
            and act.status not in services.FINAL_STATES
            and workflow.round_in(act, RoundStatus.PLANNED) is None
        ),
    )
