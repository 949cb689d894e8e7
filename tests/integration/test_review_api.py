"""The workflow and review API of API.md: the whole path, its shapes, and every bad input."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from alatau_legal.audit.models import AuditEntry
from alatau_legal.extensions import db
from alatau_legal.review.models import Comment, Opinion, ReviewRound
from tests.support.builders import SAMPLE_TEXT, api_token, make_act, make_user

DUE = (date.today() + timedelta(days=14)).isoformat()


@pytest.fixture
def cast(app, client):
    users = {
        "drafter": make_user("drafter"),
        "secretary": make_user("secretary"),
        "domestic": make_user("domestic_expert"),
        "domestic2": make_user("domestic_expert", "domestic-two"),
        "international": make_user("international_expert"),
        "member": make_user("committee_member"),
    }
    tokens = {name: api_token(client, user.username) for name, user in users.items()}
    return users, tokens


def _count(model) -> int:
    db.session.expire_all()
    return db.session.query(model).count()


def test_the_review_path_through_the_api(client, cast):
    users, h = cast
    act = make_act(users["drafter"])
    base = f"/api/v1/acts/{act.id}"

    # Before a round is planned the drafter sees the submission blocked, with the reason.
    options = client.get(f"{base}/transitions", headers=h["drafter"]).json
    submit = next(o for o in options["items"] if o["action"] == "submit_domestic_review")
    assert submit["to"] == "domestic_review" and not submit["allowed"]
    assert any("domestic review round" in reason for reason in submit["blocked_by"])
    refused = client.post(
        f"{base}/transitions", json={"action": "submit_domestic_review"}, headers=h["drafter"]
    )
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "guard_failed"
    assert refused.json["error"]["blocked_by"]

    planned = client.post(
        f"{base}/rounds",
        json={"stage": "domestic", "reviewers": ["domestic-expert", "domestic-two"], "due": DUE},
        headers=h["secretary"],
    )
    assert planned.status_code == 201, planned.text
    assert planned.json["status"] == "planned" and planned.json["version"] is None
    assert {a["reviewer"] for a in planned.json["assignments"]} == {
        "domestic-expert",
        "domestic-two",
    }

    moved = client.post(
        f"{base}/transitions", json={"action": "submit_domestic_review"}, headers=h["drafter"]
    )
    assert moved.status_code == 200, moved.text
    assert moved.json["status"] == "domestic_review" and moved.json["id"] == act.id

    (round_,) = client.get(f"{base}/rounds", headers=h["secretary"]).json["items"]
    assert round_["status"] == "open" and round_["version"] == 1
    round_id = round_["id"]

    # The expert comments on an article's paragraph, quoting it; the drafter replies.
    comment = client.post(
        f"{base}/comments",
        json={
            "version": 1,
            "eid": "art_3__para_2",
            "body": "Ten **business** days is too short.",
            "quote": "ten business days",
        },
        headers=h["domestic"],
    )
    assert comment.status_code == 201, comment.text
    assert comment.json["eid"] == "art_3__para_2" and comment.json["author"] == "domestic-expert"
    assert comment.json["disposition"] is None and comment.json["outdated"] is False
    comment_id = comment.json["id"]
    replied = client.post(
        f"/api/v1/comments/{comment_id}/replies",
        json={"body": "Which period would you suggest?"},
        headers=h["drafter"],
    )
    assert replied.status_code == 201 and replied.json["parent_id"] == comment_id

    # The drafter's notification links to the comment.
    told = client.get("/api/v1/notifications?unread=true", headers=h["drafter"]).json
    assert told["total"] == 1 and f"/comments/{comment_id}" in told["items"][0]["url"]
    assert client.post("/api/v1/notifications/read", headers=h["drafter"]).json == {"marked": 1}
    assert client.get("/api/v1/notifications?unread=1", headers=h["drafter"]).json["total"] == 0

    # Both opinions; the second reviewer drafts first, and nobody else sees the draft.
    draft = client.post(
        f"/api/v1/rounds/{round_id}/opinion",
        json={"recommendation": "approve", "text": "Draft thoughts", "submit": False},
        headers=h["domestic2"],
    )
    assert draft.status_code == 201 and draft.json["submitted"] is False
    seen = client.get(f"/api/v1/rounds/{round_id}", headers=h["secretary"]).json
    assert all(a["opinion"] is None for a in seen["assignments"])
    for who in ("domestic", "domestic2"):
        given = client.post(
            f"/api/v1/rounds/{round_id}/opinion",
            json={"recommendation": "approve_with_changes", "text": "Extend the period."},
            headers=h[who],
        )
        assert given.status_code in (200, 201), given.text
        assert given.json["submitted"] is True
    second = client.post(
        f"/api/v1/rounds/{round_id}/opinion",
        json={"recommendation": "approve", "text": "Again"},
        headers=h["domestic"],
    )
    assert second.status_code == 409
    seen = client.get(f"/api/v1/rounds/{round_id}", headers=h["secretary"]).json
    assert seen["complete"] and {a["state"] for a in seen["assignments"]} == {"submitted"}

    # The drafter answers the comment, returns the act and revises it.
    answered = client.post(
        f"/api/v1/comments/{comment_id}/disposition",
        json={"disposition": "accepted", "reason": "Twenty business days now."},
        headers=h["drafter"],
    )
    assert answered.status_code == 200, answered.text
    assert answered.json["disposition"] == "accepted"
    assert answered.json["disposed_by"] == "drafter"
    back = client.post(
        f"{base}/transitions",
        json={"action": "return_to_drafting", "reason": "Revise after the domestic review"},
        headers=h["drafter"],
    )
    assert back.status_code == 200 and back.json["status"] == "drafting"
    saved = client.post(
        f"{base}/versions",
        json={
            "base_version": 1,
            "text": SAMPLE_TEXT.replace("ten business days", "twenty business days"),
        },
        headers=h["drafter"],
    )
    assert saved.status_code == 201
    listed = client.get(f"{base}/comments", headers=h["drafter"]).json
    assert listed["total"] == 1 and listed["items"][0]["outdated"] is True
    assert listed["items"][0]["replies"][0]["body"] == "Which period would you suggest?"
    history = client.get(f"{base}/provisions/art_3__para_2/history", headers=h["drafter"]).json
    assert comment_id in history["items"][-1]["comment_ids"]

    # The international round, then the committee.
    assert (
        client.post(
            f"{base}/rounds",
            json={"stage": "international", "reviewers": ["international-expert"], "due": DUE},
            headers=h["secretary"],
        ).status_code
        == 201
    )
    moved = client.post(
        f"{base}/transitions",
        json={"action": "submit_international_review"},
        headers=h["drafter"],
    )
    assert moved.status_code == 200, moved.text
    international_round = client.get(f"{base}/rounds", headers=h["international"]).json
    assert international_round["total"] == 1  # the domestic round is not theirs to see
    (iround,) = international_round["items"]
    assert iround["version"] == 2
    assert (
        client.post(
            f"/api/v1/rounds/{iround['id']}/opinion",
            json={"recommendation": "approve", "text": "Consistent with good practice."},
            headers=h["international"],
        ).status_code
        == 201
    )
    moved = client.post(
        f"{base}/transitions", json={"action": "submit_to_committee"}, headers=h["secretary"]
    )
    assert moved.status_code == 200 and moved.json["status"] == "committee_review"

    events = client.get(f"{base}/events", headers=h["secretary"]).json
    transitions = [e for e in events["items"] if e["action"] == "transition"]
    assert [(e["from"], e["to"]) for e in transitions] == [
        ("drafting", "domestic_review"),
        ("domestic_review", "drafting"),
        ("drafting", "international_review"),
        ("international_review", "committee_review"),
    ]
    assert transitions[1]["reason"] == "Revise after the domestic review"
    assert transitions[1]["actor"] == "drafter"
    assert [e["id"] for e in events["items"]] == sorted(e["id"] for e in events["items"])
    # The international expert's timeline leaves out the domestic round's work.
    theirs = client.get(f"{base}/events", headers=h["international"]).json["items"]
    assert not any(e["round_id"] == round_id for e in theirs)
    assert any(e["round_id"] == iround["id"] for e in theirs)


def test_transition_by_the_wrong_role_is_403_and_unknown_action_400(client, cast):
    users, h = cast
    act = make_act(users["drafter"])
    base = f"/api/v1/acts/{act.id}"
    assert client.get(f"{base}/transitions", headers=h["member"]).json["items"] == []
    refused = client.post(
        f"{base}/transitions", json={"action": "withdraw", "reason": "x"}, headers=h["member"]
    )
    assert refused.status_code == 403
    unknown = client.post(f"{base}/transitions", json={"action": "publish"}, headers=h["drafter"])
    assert unknown.status_code == 400 and "action" in unknown.json["error"]["fields"]
    no_reason = client.post(
        f"{base}/transitions", json={"action": "withdraw"}, headers=h["drafter"]
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.json["error"]["fields"]
    not_json = client.post(f"{base}/transitions", data="action=withdraw", headers=h["drafter"])
    assert not_json.status_code == 415
    assert client.get(f"{base}", headers=h["drafter"]).json["status"] == "drafting"
    assert _count(AuditEntry) == 2  # act.created and version.saved only


@pytest.fixture
def open_round(client, cast):
    """An act in domestic review with one reviewer, through the API."""
    users, h = cast
    act = make_act(users["drafter"])
    planned = client.post(
        f"/api/v1/acts/{act.id}/rounds",
        json={"stage": "domestic", "reviewers": ["domestic-expert"], "due": DUE},
        headers=h["secretary"],
    )
    assert planned.status_code == 201
    moved = client.post(
        f"/api/v1/acts/{act.id}/transitions",
        json={"action": "submit_domestic_review"},
        headers=h["drafter"],
    )
    assert moved.status_code == 200
    return act, planned.json["id"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"version": 1, "eid": "art_99", "body": "On nothing"}, 400, "eid"),
        ({"version": 2, "eid": "art_1", "body": "On a version not under review"}, 400, "version"),
        ({"version": 1, "eid": "art_1", "body": "   "}, 400, "body"),
        ({"version": 1, "eid": "art_1", "body": "x", "quote": "not in the text"}, 400, "quote"),
        ({"version": "1", "eid": "art_1", "body": "A string version"}, 400, "version"),
        ({"eid": "art_1", "body": "No version"}, 400, "version"),
    ],
)
def test_bad_comments_are_refused_and_nothing_is_saved(
    client, cast, open_round, body, status, field
):
    _users, h = cast
    act, _round_id = open_round
    response = client.post(f"/api/v1/acts/{act.id}/comments", json=body, headers=h["domestic"])
    assert response.status_code == status, response.text
    assert field in response.json["error"].get("fields", {}), response.json
    assert _count(Comment) == 0


def test_only_a_reviewer_of_the_open_round_comments(client, cast, open_round):
    _users, h = cast
    act, _round_id = open_round
    body = {"version": 1, "eid": "art_1", "body": "Not invited"}
    # Not invited: the act is hidden from the second domestic expert while in review.
    assert (
        client.post(f"/api/v1/acts/{act.id}/comments", json=body, headers=h["domestic2"])
    ).status_code == 404
    assert (
        client.post(f"/api/v1/acts/{act.id}/comments", json=body, headers=h["secretary"])
    ).status_code == 403
    assert _count(Comment) == 0


def test_dispositions_are_the_drafters_and_checked(client, cast, open_round):
    _users, h = cast
    act, _round_id = open_round
    comment = client.post(
        f"/api/v1/acts/{act.id}/comments",
        json={"version": 1, "eid": "art_1", "body": "Clarify the scope."},
        headers=h["domestic"],
    ).json
    url = f"/api/v1/comments/{comment['id']}/disposition"
    by_expert = client.post(
        url, json={"disposition": "rejected", "reason": "mine"}, headers=h["domestic"]
    )
    assert by_expert.status_code == 403
    by_secretary = client.post(
        url, json={"disposition": "noted", "reason": "x"}, headers=h["secretary"]
    )
    assert by_secretary.status_code == 403
    unknown = client.post(url, json={"disposition": "maybe", "reason": "x"}, headers=h["drafter"])
    assert unknown.status_code == 400 and "disposition" in unknown.json["error"]["fields"]
    no_reason = client.post(url, json={"disposition": "rejected"}, headers=h["drafter"])
    assert no_reason.status_code == 400 and "reason" in no_reason.json["error"]["fields"]
    db.session.expire_all()
    assert db.session.get(Comment, comment["id"]).disposition is None
    missing = client.post(
        "/api/v1/comments/99999/disposition",
        json={"disposition": "noted", "reason": "x"},
        headers=h["drafter"],
    )
    assert missing.status_code == 404


def test_comment_filters_and_pagination(client, cast, open_round):
    _users, h = cast
    act, round_id = open_round
    ids = []
    for eid in ("art_1", "art_2", "art_3__para_1"):
        response = client.post(
            f"/api/v1/acts/{act.id}/comments",
            json={"version": 1, "eid": eid, "body": f"On {eid}"},
            headers=h["domestic"],
        )
        ids.append(response.json["id"])
    client.post(
        f"/api/v1/comments/{ids[0]}/disposition",
        json={"disposition": "noted", "reason": "Seen."},
        headers=h["drafter"],
    )
    base = f"/api/v1/acts/{act.id}/comments"

    def listed(query: str) -> list[int]:
        response = client.get(f"{base}?{query}", headers=h["drafter"])
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json["items"]]

    assert listed("status=open") == ids[1:]
    assert listed("status=answered") == ids[:1]
    assert listed("version=1") == ids
    assert listed("version=2") == []
    assert listed(f"round={round_id}&eid=art_2") == [ids[1]]
    assert listed("disposition=none") == ids[1:]
    assert listed("author=domestic-expert&per_page=2&page=2") == [ids[2]]
    for bad in ("status=closed", "version=abc", "per_page=1000", "disposition=maybe", "as_of=9"):
        response = client.get(f"{base}?{bad}", headers=h["drafter"])
        assert response.status_code in (400, 404), (bad, response.status_code)
        assert "error" in response.json


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"stage": "regional", "reviewers": ["domestic-expert"], "due": DUE}, "stage"),
        ({"stage": "domestic", "reviewers": [], "due": DUE}, "reviewers"),
        ({"stage": "domestic", "reviewers": ["international-expert"], "due": DUE}, "reviewers"),
        ({"stage": "domestic", "reviewers": ["nobody"], "due": DUE}, "reviewers"),
        ({"stage": "domestic", "reviewers": ["domestic-expert"], "due": "2020-01-01"}, "due"),
        ({"stage": "domestic", "reviewers": ["domestic-expert"], "due": "next week"}, "due"),
        ({"stage": "domestic", "reviewers": ["domestic-expert"], "due": "20301201"}, "due"),
        ({"stage": "domestic", "reviewers": ["domestic-expert"]}, "due"),
        ({"stage": "domestic", "reviewers": "domestic-expert", "due": DUE}, "reviewers"),
    ],
)
def test_bad_rounds_are_refused_and_nothing_is_saved(client, cast, body, field):
    users, h = cast
    act = make_act(users["drafter"])
    response = client.post(f"/api/v1/acts/{act.id}/rounds", json=body, headers=h["secretary"])
    assert response.status_code == 400, response.text
    assert field in response.json["error"]["fields"], response.json
    assert _count(ReviewRound) == 0


def test_only_the_secretary_plans_and_a_second_plan_conflicts(client, cast):
    users, h = cast
    act = make_act(users["drafter"])
    body = {"stage": "domestic", "reviewers": ["domestic-expert"], "due": DUE}
    url = f"/api/v1/acts/{act.id}/rounds"
    assert client.post(url, json=body, headers=h["drafter"]).status_code == 403
    assert client.post(url, json=body, headers=h["secretary"]).status_code == 201
    again = client.post(url, json=body, headers=h["secretary"])
    assert again.status_code == 409 and again.json["error"]["code"] == "round_planned"
    assert _count(ReviewRound) == 1


def test_secretary_invites_changes_dues_and_waives(client, cast, open_round):
    _users, h = cast
    _act, round_id = open_round
    base = f"/api/v1/rounds/{round_id}/reviewers"
    invited = client.post(
        base, json={"username": "domestic-two", "due": DUE}, headers=h["secretary"]
    )
    assert invited.status_code == 201
    assert {a["reviewer"] for a in invited.json["assignments"]} == {
        "domestic-expert",
        "domestic-two",
    }
    later = (date.today() + timedelta(days=30)).isoformat()
    changed = client.post(f"{base}/domestic-two/due", json={"due": later}, headers=h["secretary"])
    assert changed.status_code == 200
    assert {a["reviewer"]: a["due"] for a in changed.json["assignments"]}["domestic-two"] == later
    waived = client.post(
        f"{base}/domestic-two/waive", json={"reason": "On leave"}, headers=h["secretary"]
    )
    assert waived.status_code == 200
    assert {a["reviewer"]: a["state"] for a in waived.json["assignments"]}["domestic-two"] == (
        "waived"
    )
    assert (
        client.post(base, json={"username": "domestic-two"}, headers=h["drafter"]).status_code
        == 403
    )
    assert (
        client.post(f"{base}/nobody/due", json={"due": DUE}, headers=h["secretary"]).status_code
        == 400
    )


def test_bad_opinions_are_refused(client, cast, open_round):
    _users, h = cast
    _act, round_id = open_round
    url = f"/api/v1/rounds/{round_id}/opinion"
    bad = client.post(url, json={"recommendation": "maybe", "text": "x"}, headers=h["domestic"])
    assert bad.status_code == 400 and "recommendation" in bad.json["error"]["fields"]
    empty = client.post(url, json={"recommendation": "approve", "text": ""}, headers=h["domestic"])
    assert empty.status_code == 400
    not_invited = client.post(
        url, json={"recommendation": "approve", "text": "x"}, headers=h["secretary"]
    )
    assert not_invited.status_code == 403
    assert _count(Opinion) == 0


def test_an_expert_cannot_reach_another_acts_review_by_id(client, cast, open_round):
    """IDOR: ids of rounds and comments of acts the expert is not invited to answer 404."""
    _users, h = cast
    act, round_id = open_round
    comment = client.post(
        f"/api/v1/acts/{act.id}/comments",
        json={"version": 1, "eid": "art_1", "body": "Mine"},
        headers=h["domestic"],
    ).json
    other = h["international"]
    assert client.get(f"/api/v1/rounds/{round_id}", headers=other).status_code == 404
    assert client.get(f"/api/v1/rounds/{round_id}/opinions", headers=other).status_code == 404
    assert client.get(f"/api/v1/comments/{comment['id']}", headers=other).status_code == 404
    assert client.get(f"/api/v1/acts/{act.id}/comments", headers=other).status_code == 404
    assert client.get(f"/api/v1/acts/{act.id}/events", headers=other).status_code == 404
    assert (
        client.post(
            f"/api/v1/comments/{comment['id']}/replies", json={"body": "Hi"}, headers=other
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/v1/rounds/{round_id}/opinion",
            json={"recommendation": "approve", "text": "x"},
            headers=other,
        ).status_code
        == 404
    )
    # The invited expert reads their comment; the secretary, staff, reads everything.
    assert client.get(f"/api/v1/comments/{comment['id']}", headers=h["domestic"]).status_code == 200
    assert client.get(f"/api/v1/comments/{comment['id']}", headers=h["member"]).status_code == 200


def test_bad_notification_requests(client, cast):
    _users, h = cast
    assert client.get("/api/v1/notifications?unread=maybe", headers=h["drafter"]).status_code == 400
    bad_ids = client.post("/api/v1/notifications/read", json={"ids": ["one"]}, headers=h["drafter"])
    assert bad_ids.status_code == 400
    assert client.get("/api/v1/notifications").status_code == 401
