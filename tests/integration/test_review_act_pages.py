"""The review on the act's page: the workflow panel, comments beside provisions, the forms for
comments, replies and dispositions, the timeline, and a bounded number of queries."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from alatau_legal.acts.models import ActStatus
from alatau_legal.audit.models import AuditEntry
from alatau_legal.extensions import db
from alatau_legal.review import services as review
from alatau_legal.review.models import Comment, Disposition
from alatau_legal.review.workflow import Action
from tests.support.builders import csrf_token, login, make_act
from tests.support.workflow_states import Cast, move, plan


@pytest.fixture
def cast(app) -> Cast:
    return Cast.create()


@pytest.fixture
def in_review(cast):
    """An act in domestic review, the domestic expert invited."""
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    return act


def signed_in(app, username: str):
    """A client of its own for each person: a browser each."""
    client = app.test_client()
    response = login(client, username)
    assert response.status_code == 302
    return client


def _page(client, act, version: int | None = None) -> str:
    path = f"/acts/{act.number}" + (f"/v/{version}" if version else "")
    response = client.get(path)
    assert response.status_code == 200, response.headers.get("Location")
    return response.text


def _post(client, act, path: str, data: dict):
    token = csrf_token(_page(client, act))
    return client.post(path, data={**data, "csrf_token": token})


def _flashes(client, response) -> str:
    """The page the user reads next: the one redirected to, or, for a form the services
    refused (400/409), the same page shown again with the message and what was typed."""
    if response.status_code in (400, 409):
        return response.text
    assert response.status_code == 302
    return client.get(response.headers["Location"]).text


def test_the_panel_shows_allowed_and_blocked_actions_with_reasons(app, client, cast):
    act = make_act(cast.drafter)
    client = signed_in(app, "drafter")
    page = _page(client, act)
    panel = page[page.index('id="workflow"') : page.index('id="workflow"') + 6000]
    assert "Submit for domestic review" in panel
    assert re.search(r"disabled[^>]*>Submit for domestic review", panel)
    assert "plan a domestic review round" in panel.lower()
    assert re.search(r">Withdraw</button>", panel)  # allowed: not disabled
    assert 'value="approve"' not in panel  # not the drafter's action


def test_readers_without_actions_see_no_panel(app, client, cast, in_review):
    for username in ("committee-member", "domestic-expert"):
        client = signed_in(app, username)
        assert 'id="workflow"' not in _page(client, in_review)


def test_a_transition_through_the_page(app, client, cast):
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    client = signed_in(app, "drafter")
    response = _post(
        client, act, f"/acts/{act.number}/transitions", {"action": "submit_domestic_review"}
    )
    assert "is now in domestic review" in _flashes(client, response)
    db.session.refresh(act)
    assert act.status is ActStatus.DOMESTIC_REVIEW


def test_refused_transitions_save_nothing(app, client, cast):
    act = make_act(cast.drafter)
    entries = db.session.query(AuditEntry).count()
    client = signed_in(app, "drafter")
    blocked = _post(
        client, act, f"/acts/{act.number}/transitions", {"action": "submit_domestic_review"}
    )
    assert "blocked" in _flashes(client, blocked)
    no_reason = _post(client, act, f"/acts/{act.number}/transitions", {"action": "withdraw"})
    assert "Give a reason" in _flashes(client, no_reason)
    client = signed_in(app, "committee-member")
    by_role = _post(
        client, act, f"/acts/{act.number}/transitions", {"action": "withdraw", "reason": "No"}
    )
    assert "Only a" in _flashes(client, by_role)
    without_csrf = client.post(
        f"/acts/{act.number}/transitions", data={"action": "withdraw", "reason": "No"}
    )
    assert without_csrf.status_code == 400
    db.session.expire_all()
    assert act.status is ActStatus.DRAFTING
    assert db.session.query(AuditEntry).count() == entries


def test_the_reviewer_comments_beside_the_provision(app, client, cast, in_review):
    act = in_review
    client = signed_in(app, "domestic-expert")
    page = _page(client, act)
    assert 'id="comment-body-art_3__para_2"' in page  # a form on every provision
    response = _post(
        client,
        act,
        f"/acts/{act.number}/comments",
        {
            "version": "1",
            "eid": "art_3__para_2",
            "body": "Ten days is *too* short <script>alert(1)</script>",
            "quote": "ten business days",
        },
    )
    assert response.headers["Location"].endswith(f"/acts/{act.number}#comment-1")
    page = _flashes(client, response)
    block = page[page.index('id="comments-art_3__para_2"') :]
    assert "<em>too</em> short" in block
    assert "<script>alert(1)</script>" not in page
    assert "ten business days</blockquote>" in block
    assert re.search(r'href="#comments-art_3__para_2">1 comment', page)
    # The drafter sees it, with a form to answer it.
    client = signed_in(app, "drafter")
    page = _page(client, act)
    assert 'id="disposition-1"' in page and 'id="reply-1"' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"version": "1", "eid": "art_99", "body": "On nothing"}, "has no provision"),
        ({"version": "2", "eid": "art_1", "body": "Wrong version"}, "version under review"),
        ({"version": "1", "eid": "art_1", "body": "  "}, "comment"),
        ({"version": "one", "eid": "art_1", "body": "Bad version"}, "version"),
        ({"version": "1", "eid": "art_1", "body": "x", "quote": "not there"}, "quoted text"),
    ],
)
def test_bad_comments_from_the_page_save_nothing(app, client, cast, in_review, data, message):
    client = signed_in(app, "domestic-expert")
    response = _post(client, in_review, f"/acts/{in_review.number}/comments", data)
    page = _flashes(client, response)
    assert message.lower() in page.lower()
    if data.get("quote"):  # shown again with what was typed, in the provision's form
        assert f'value="{data["quote"]}"' in page and f">{data['body']}</textarea>" in page
    assert db.session.query(Comment).count() == 0


def test_replies_and_dispositions_through_the_page(app, client, cast, in_review):
    act = in_review
    comment = review.add_comment(cast.domestic, act.id, version=1, eid="art_1", body="Why?")
    db.session.commit()
    client = signed_in(app, "drafter")
    replied = _post(
        client, act, f"/acts/{act.number}/comments/{comment.id}/replies", {"body": "Because."}
    )
    assert "Because." in _flashes(client, replied)
    answered = _post(
        client,
        act,
        f"/acts/{act.number}/comments/{comment.id}/disposition",
        {"disposition": "rejected", "reason": "Out of scope."},
    )
    page = _flashes(client, answered)
    assert "marked rejected" in page and "Out of scope." in page
    db.session.refresh(comment)
    assert comment.disposition is Disposition.REJECTED


def test_a_disposition_by_a_non_drafter_or_without_reason_saves_nothing(
    app, client, cast, in_review
):
    act = in_review
    comment = review.add_comment(cast.domestic, act.id, version=1, eid="art_1", body="Why?")
    db.session.commit()
    path = f"/acts/{act.number}/comments/{comment.id}/disposition"
    client = signed_in(app, "domestic-expert")
    by_expert = _post(client, act, path, {"disposition": "accepted", "reason": "Mine"})
    assert "Only a legal drafter" in _flashes(client, by_expert)
    client = signed_in(app, "drafter")
    no_reason = _post(client, act, path, {"disposition": "accepted", "reason": ""})
    assert "reason" in _flashes(client, no_reason)
    unknown = _post(client, act, path, {"disposition": "maybe", "reason": "x"})
    assert "Disposition must be one of" in _flashes(client, unknown)
    db.session.refresh(comment)
    assert comment.disposition is None


def test_a_comment_is_reached_only_through_its_own_act(app, client, cast, in_review):
    comment = review.add_comment(cast.domestic, in_review.id, version=1, eid="art_1", body="Hm")
    db.session.commit()
    other = make_act(cast.drafter)
    client = signed_in(app, "drafter")
    token = csrf_token(_page(client, other))
    for path, data in (
        (f"/acts/{other.number}/comments/{comment.id}/replies", {"body": "Hi"}),
        (
            f"/acts/{other.number}/comments/{comment.id}/disposition",
            {"disposition": "noted", "reason": "x"},
        ),
    ):
        response = client.post(path, data={**data, "csrf_token": token})
        assert response.status_code == 404
    assert client.get(f"/acts/{other.number}/comments/{comment.id}").status_code == 404
    db.session.refresh(comment)
    assert comment.disposition is None and comment.replies == []


def test_comments_follow_their_provision_and_read_outdated(app, client, cast, in_review):
    act = in_review
    review.add_comment(cast.domestic, act.id, version=1, eid="art_3__para_2", body="Longer?")
    review.add_comment(cast.domestic, act.id, version=1, eid="art_1__para_1", body="Fine.")
    db.session.commit()
    for comment in db.session.query(Comment):
        review.dispose(cast.drafter, comment.id, disposition="accepted", reason="Done.")
    move(cast, act, Action.RETURN_TO_DRAFTING)
    from alatau_legal.acts import services as acts
    from tests.support.builders import SAMPLE_TEXT

    acts.save_version(
        cast.drafter,
        act.id,
        base_version=1,
        text=SAMPLE_TEXT.replace("ten business days", "twenty business days"),
        note="",
        max_chars=2_000_000,
    )
    db.session.commit()
    client = signed_in(app, "drafter")
    page = _page(client, act)
    changed = page[page.index('id="comments-art_3__para_2"') :][:3000]
    unchanged = page[page.index('id="comments-art_1__para_1"') :][:3000]
    assert "Outdated" in changed and "Longer?" in changed
    assert "Outdated" not in unchanged and "Fine." in unchanged
    history = client.get(f"/acts/{act.number}/provisions/art_3__para_2").text
    assert f"/acts/{act.number}/comments/1" in history


def test_the_timeline_lists_transitions_with_reasons(app, client, cast, in_review):
    client = signed_in(app, "drafter")
    page = client.get(f"/acts/{in_review.number}/events").text
    assert "Drafting → Domestic review" in page
    assert "Review round planned" in page


def test_the_act_page_queries_do_not_grow_with_comments(app, cast, in_review):
    """One act with one thread, one with twenty threads: the same number of queries."""
    few_act = in_review
    first = review.add_comment(cast.domestic, few_act.id, version=1, eid="art_1", body="One")
    review.reply(cast.drafter, first.id, "Noted")
    many_act = make_act(cast.drafter)
    plan(cast, many_act, "domestic")
    move(cast, many_act, Action.SUBMIT_DOMESTIC_REVIEW)
    for eid in ("art_1__para_1", "art_1__para_2", "art_2", "art_3", "art_3__para_1"):
        for n in range(4):
            made = review.add_comment(cast.domestic, many_act.id, version=1, eid=eid, body=f"{n}")
            review.reply(cast.drafter, made.id, "Noted")
    db.session.commit()
    numbers = few_act.number, many_act.number
    client = signed_in(app, "drafter")

    def queries_for_page(number: str) -> int:
        statements = []

        def count(*_args):
            statements.append(1)

        db.session.close()  # as in production, each page starts with an empty session
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(f"/acts/{number}").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    few, many = (queries_for_page(number) for number in numbers)
    assert many == few, (few, many)


def _threads_shown(page: str) -> set[int]:
    return {int(n) for n in re.findall(r'<article class="comment[^"]*" id="comment-(\d+)"', page)}


def _filter_links(page: str) -> dict[str, str]:
    """Each filter link's words and count, and which one is current."""
    nav = page[page.index('class="comment-filter"') :].split("</nav>")[0]
    links = re.findall(
        r'<a href="([^"]+)"( aria-current="true")?>([^<]+)<strong>(\d+)</strong>', nav
    )
    return {href.split("comments=")[-1] if "comments=" in href else "all": (label.strip(), count,
            bool(current)) for href, current, label, count in links}  # fmt: skip


def test_the_comment_filter_shows_open_answered_or_mine_with_counts(app, cast, in_review):
    act = in_review
    answered = review.add_comment(cast.domestic, act.id, version=1, eid="art_1", body="Why?")
    waiting = review.add_comment(
        cast.domestic, act.id, version=1, eid="art_3__para_2", body="Too short."
    )
    review.dispose(cast.drafter, answered.id, disposition="noted", reason="Thank you.")
    db.session.commit()
    expert, drafter = signed_in(app, "domestic-expert"), signed_in(app, "drafter")

    every = expert.get(f"/acts/{act.number}").text
    assert _threads_shown(every) == {answered.id, waiting.id}
    assert _filter_links(every) == {
        "all": ("All", "2", True), "open": ("Open", "1", False),
        "answered": ("Answered", "1", False), "mine": ("Mine", "2", False),
    }  # fmt: skip
    opened = expert.get(f"/acts/{act.number}?comments=open").text
    assert _threads_shown(opened) == {waiting.id}
    assert _filter_links(opened)["open"][2] is True
    # The count in the margin follows the filter: the answered provision has none shown.
    assert 'href="#comments-art_3__para_2">1 comment' in opened
    assert 'href="#comments-art_1">' not in opened
    assert _threads_shown(expert.get(f"/acts/{act.number}?comments=answered").text) == {answered.id}
    assert _threads_shown(expert.get(f"/acts/{act.number}?comments=mine").text) == {
        answered.id, waiting.id,
    }  # fmt: skip
    mine = drafter.get(f"/acts/{act.number}?comments=mine").text  # the drafter wrote none
    assert _threads_shown(mine) == set() and _filter_links(mine)["mine"] == ("Mine", "0", True)
    # An unknown filter is the whole list, not an error.
    assert _threads_shown(expert.get(f"/acts/{act.number}?comments=nonsense").text) == {
        answered.id, waiting.id,
    }  # fmt: skip
    russian = drafter.get(f"/acts/{act.number}?comments=open&ui_lang=ru").text
    assert {label for label, _, _ in _filter_links(russian).values()} >= {"Открытые", "Мои"}
