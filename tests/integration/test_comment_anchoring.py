"""Comments anchored to provisions follow them into later versions, outdated where changed.

The story: three comments on version 1 (domestic round), then the drafter makes version 2
(changes art_3__para_2), version 3 (changes art_1__para_1) and version 4 (removes
art_2__subpara_2), and the act goes to a second domestic round on version 4.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from alatau_legal.acts import services as acts
from alatau_legal.errors import Forbidden, Invalid, NotFound
from alatau_legal.extensions import db
from alatau_legal.review import services as review
from alatau_legal.review.models import Comment, RoundStatus
from alatau_legal.review.workflow import Action, round_in
from tests.support.builders import SAMPLE_TEXT, make_act
from tests.support.workflow_states import Cast, move, plan

V2 = SAMPLE_TEXT.replace("ten business days", "five business days")
V3 = V2.replace("investment preferences in Alatau City", "investment preferences of the City")
V4 = V3.replace("2) preference — a benefit granted under these Rules.\n", "")


@dataclass
class Story:
    cast: Cast
    act: object
    on_para: Comment  # art_1__para_1, changed in version 3
    on_subpara: Comment  # art_2__subpara_2, removed in version 4
    on_article: Comment  # art_3__para_1, never changed


def _comment(cast: Cast, act, eid: str, body: str, quote: str | None = None) -> Comment:
    comment = review.add_comment(
        cast.domestic, act.id, version=act.current_version, eid=eid, body=body, quote=quote
    )
    db.session.commit()
    return comment


def _save(cast: Cast, act, text: str) -> None:
    acts.save_version(
        cast.drafter, act.id, base_version=act.current_version, text=text, note="",
        max_chars=10**6,
    )  # fmt: skip
    db.session.commit()


@pytest.fixture
def story(app) -> Story:
    cast = Cast.create()
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    on_para = _comment(cast, act, "art_1__para_1", "Which preferences?", "investment preferences")
    on_subpara = _comment(cast, act, "art_2__subpara_2", "Circular definition.")
    on_article = _comment(cast, act, "art_3__para_1", "Allow e-mail.", "in writing")
    move(cast, act, Action.RETURN_TO_DRAFTING)
    _save(cast, act, V2)
    return Story(cast, act, on_para, on_subpara, on_article)


def _outdated(views) -> dict[int, bool]:
    return {view.comment.id: view.outdated for view in views}


def test_a_comment_stays_current_while_its_provision_is_unchanged(story):
    drafter, act = story.cast.drafter, story.act
    assert act.current_version == 2
    views = review.list_comments(drafter, act)
    assert _outdated(views) == {
        story.on_para.id: False, story.on_subpara.id: False, story.on_article.id: False,
    }  # fmt: skip
    shown = review.comments_by_provision(drafter, act, 2)
    assert [(v.comment.id, v.outdated) for v in shown["art_1__para_1"]] == [
        (story.on_para.id, False)
    ]
    assert set(shown) == {"art_1__para_1", "art_2__subpara_2", "art_3__para_1"}


def test_a_changed_provision_makes_its_comment_outdated_from_that_version_on(story):
    drafter, act = story.cast.drafter, story.act
    _save(story.cast, act, V3)
    latest = _outdated(review.list_comments(drafter, act))
    assert latest == {
        story.on_para.id: True, story.on_subpara.id: False, story.on_article.id: False,
    }  # fmt: skip
    # Read as of version 2 (or version 1), the same comment is current.
    assert _outdated(review.list_comments(drafter, act, as_of=2))[story.on_para.id] is False
    assert _outdated(review.list_comments(drafter, act, as_of=1))[story.on_para.id] is False
    shown = review.comments_by_provision(drafter, act, 3)
    assert [v.outdated for v in shown["art_1__para_1"]] == [True]


def test_a_removed_provision_makes_its_comment_outdated(story):
    drafter, act = story.cast.drafter, story.act
    _save(story.cast, act, V3)
    _save(story.cast, act, V4)
    assert "art_2__subpara_2" not in {row.eid for row in acts.get_version(drafter, act, 4).flat}
    latest = _outdated(review.list_comments(drafter, act))
    assert latest == {
        story.on_para.id: True, story.on_subpara.id: True, story.on_article.id: False,
    }  # fmt: skip
    assert _outdated(review.list_comments(drafter, act, as_of=3))[story.on_subpara.id] is False


def test_status_filters(story):
    drafter, act = story.cast.drafter, story.act
    _save(story.cast, act, V3)
    _save(story.cast, act, V4)

    def ids(**filters) -> list[int]:
        return [view.comment.id for view in review.list_comments(drafter, act, **filters)]

    assert ids(status="outdated") == [story.on_para.id, story.on_subpara.id]
    assert ids(status="current") == [story.on_article.id]
    assert ids(status="outdated", as_of=2) == []
    assert ids(status="current", as_of=3) == [story.on_subpara.id, story.on_article.id]

    review.dispose(drafter, story.on_para.id, disposition="accepted", reason="Named them.")
    db.session.commit()
    assert ids(status="answered") == [story.on_para.id]
    assert ids(status="open") == [story.on_subpara.id, story.on_article.id]
    assert ids(disposition="accepted") == [story.on_para.id]
    assert ids(disposition="none") == [story.on_subpara.id, story.on_article.id]
    assert ids(eid="art_3__para_1") == [story.on_article.id]
    assert ids(author="Domestic-Expert") == ids()
    assert ids(author="drafter") == []
    with pytest.raises(Invalid) as refused:
        ids(status="stale")
    assert "status" in refused.value.fields
    with pytest.raises(Invalid):
        ids(disposition="maybe")
    with pytest.raises(NotFound):
        ids(as_of=9)


def test_the_history_of_a_changed_provision_lists_the_answered_comments(story):
    drafter, act = story.cast.drafter, story.act
    _save(story.cast, act, V3)
    _save(story.cast, act, V4)
    review.dispose(drafter, story.on_para.id, disposition="partly_accepted", reason="In part.")
    review.dispose(drafter, story.on_subpara.id, disposition="accepted", reason="Removed.")
    db.session.commit()

    history = acts.provision_history(drafter, act, "art_1__para_1")
    assert [(h.version.number, h.change, h.comment_ids) for h in history] == [
        (1, "added", []),
        (3, "changed", [story.on_para.id]),
    ]
    removed = acts.provision_history(drafter, act, "art_2__subpara_2")
    assert [(h.version.number, h.change, h.comment_ids) for h in removed] == [
        (1, "added", []),
        (4, "removed", [story.on_subpara.id]),
    ]
    # A change no comment asked for links none; an unanswered comment is not linked.
    other = acts.provision_history(drafter, act, "art_3__para_2")
    assert [(h.version.number, h.change, h.comment_ids) for h in other] == [
        (1, "added", []),
        (2, "changed", []),
    ]


def test_replies_follow_their_thread(story):
    cast, act, root = story.cast, story.act, story.on_para
    first = review.reply(cast.drafter, root.id, "Those of article 5.")
    second = review.reply(cast.domestic, first.id, "Then say so.")  # a reply to a reply
    db.session.commit()
    for answer in (first, second):
        assert answer.parent_id == root.id
        assert (answer.eid, answer.version_number, answer.round_id) == (
            root.eid, root.version_number, root.round_id,
        )  # fmt: skip
        assert answer.disposition is None
    db.session.expire(root)
    assert [r.id for r in root.replies] == [first.id, second.id]
    # Lists show threads by their first comment; the replies come with it.
    assert root.id in [v.comment.id for v in review.list_comments(cast.drafter, act)]
    assert first.id not in [v.comment.id for v in review.list_comments(cast.drafter, act)]
    _save(cast, act, V3)
    (view,) = review.list_comments(cast.drafter, act, eid="art_1__para_1")
    assert view.outdated and [r.id for r in view.comment.replies] == [first.id, second.id]
    with pytest.raises(Invalid):
        review.dispose(cast.drafter, first.id, disposition="noted", reason="A reply")


def _second_round(story: Story) -> None:
    _save(story.cast, story.act, V3)
    _save(story.cast, story.act, V4)
    plan(story.cast, story.act, "domestic")
    move(story.cast, story.act, Action.SUBMIT_DOMESTIC_REVIEW)
    assert round_in(story.act, RoundStatus.OPEN).version_number == 4


def test_comments_in_a_later_round_are_on_its_version(story):
    cast, act = story.cast, story.act
    _second_round(story)
    new = _comment(cast, act, "art_1__para_1", "Better now.")
    assert new.version_number == 4
    shown = review.comments_by_provision(cast.drafter, act, 4)
    assert [(v.comment.id, v.outdated) for v in shown["art_1__para_1"]] == [
        (story.on_para.id, True),
        (new.id, False),
    ]
    # Read as of version 3, the later comment does not exist yet.
    assert new.id not in [v.comment.id for v in review.list_comments(cast.drafter, act, as_of=3)]
    assert [v.comment.id for v in review.list_comments(cast.drafter, act, version=4)] == [new.id]


@pytest.mark.parametrize("version", [1, 3, 5])
def test_a_comment_on_another_version_than_the_rounds_is_refused(story, version):
    _second_round(story)
    with pytest.raises(Invalid) as refused:
        review.add_comment(story.cast.domestic, story.act.id, version=version,
                           eid="art_1__para_1", body="On the wrong version")  # fmt: skip
    assert refused.value.status == 400
    assert refused.value.fields == {"version": "Must be 4."}


@pytest.mark.parametrize(
    ("eid", "quote", "field"),
    [
        ("art_1__para_1", "not in this provision", "quote"),
        ("art_1__para_1", "five business days", "quote"),  # in another provision
        ("art_99", None, "eid"),
        ("art_2__subpara_2", None, "eid"),  # removed in version 4
        ("art_1__para_1", "x" * (review.MAX_QUOTE + 1), "quote"),
    ],
)
def test_the_anchor_must_be_in_the_version(story, eid, quote, field):
    _second_round(story)
    with pytest.raises(Invalid) as refused:
        review.add_comment(story.cast.domestic, story.act.id, version=4, eid=eid,
                           body="Anchored wrong", quote=quote)  # fmt: skip
    assert refused.value.status == 400 and field in refused.value.fields
    db.session.rollback()


def test_a_quote_may_come_from_the_heading_or_the_text(story):
    _second_round(story)
    from_heading = _comment(story.cast, story.act, "art_1", "Title?", "Subject of these Rules")
    assert from_heading.quote == "Subject of these Rules"
    blank = _comment(story.cast, story.act, "art_3__para_1", "No quote.", "   ")
    assert blank.quote is None


def test_only_the_rounds_reviewers_comment(story):
    _second_round(story)
    for role in ("drafter", "secretary", "international_expert"):
        with pytest.raises((Forbidden, NotFound)):
            review.add_comment(story.cast[role], story.act.id, version=4,
                               eid="art_1__para_1", body="Not mine to make")  # fmt: skip
        db.session.rollback()
