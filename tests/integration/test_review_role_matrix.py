"""Who may reach the review routes, HTML and API: every role against a hand-written table.

The world: an act in domestic review whose open round invites the domestic expert, with one
comment of theirs. The international expert is invited nowhere: every object of this act is
hidden from them (404), the IDOR case of the review (another act's round and comment by id).
Like test_role_matrix.py, the table is independent of `permissions.py`.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from alatau_legal.accounts.models import Role
from alatau_legal.extensions import db
from alatau_legal.review import services as review
from alatau_legal.review.models import RoundStatus
from alatau_legal.review.workflow import Action, round_in
from tests.support.builders import api_token, login, make_act, make_user
from tests.support.workflow_states import Cast, move, plan

ROLES = [role.value for role in Role]
STAFF = {"admin", "drafter", "secretary", "committee_member"}
# The staff and the invited domestic expert see the act under review.
IN_REVIEW = STAFF | {"domestic_expert"}
EVERYONE = set(ROLES)
DRAFTER_OR_SECRETARY = {"drafter", "secretary"}
DUE = (date.today() + timedelta(days=20)).isoformat()


def hidden_from_outsiders(default: int) -> dict[str, int]:
    """The international expert gets 404; the other refused roles `default`."""
    return {"international_expert": 404, "other": default}


# (method, path, who succeeds, success status, refusal: a status or {role|"other": status}, body)
API_ROUTES = [
    ("GET", "/api/v1/acts/{id}/transitions", IN_REVIEW, 200, 404, None),
    (
        "POST",
        "/api/v1/acts/{id}/transitions",
        DRAFTER_OR_SECRETARY,
        200,
        hidden_from_outsiders(403),
        {"action": "return_to_drafting", "reason": "Needs more work"},
    ),
    ("GET", "/api/v1/acts/{id}/events", IN_REVIEW, 200, 404, None),
    ("GET", "/api/v1/acts/{id}/rounds", IN_REVIEW, 200, 404, None),
    (
        "POST",
        "/api/v1/acts/{id}/rounds",
        {"secretary"},
        201,
        403,
        {"stage": "international", "reviewers": ["international-expert"], "due": DUE},
    ),
    ("GET", "/api/v1/rounds/{round}", IN_REVIEW, 200, 404, None),
    ("GET", "/api/v1/rounds/{round}/opinions", IN_REVIEW, 200, 404, None),
    (
        "POST",
        "/api/v1/rounds/{round}/reviewers",
        {"secretary"},
        201,
        403,
        {"username": "domestic-two", "due": DUE},
    ),
    (
        "POST",
        "/api/v1/rounds/{round}/reviewers/domestic-expert/due",
        {"secretary"},
        200,
        403,
        {"due": DUE},
    ),
    (
        "POST",
        "/api/v1/rounds/{round}/reviewers/domestic-expert/waive",
        {"secretary"},
        200,
        403,
        {"reason": "On leave"},
    ),
    (
        "POST",
        "/api/v1/rounds/{round}/opinion",
        {"domestic_expert"},
        201,
        hidden_from_outsiders(403),
        {"recommendation": "approve", "text": "Sound."},
    ),
    (
        "POST",
        "/api/v1/acts/{id}/comments",
        {"domestic_expert"},
        201,
        hidden_from_outsiders(403),
        {"version": 1, "eid": "art_1", "body": "A comment."},
    ),
    ("GET", "/api/v1/acts/{id}/comments", IN_REVIEW, 200, 404, None),
    ("GET", "/api/v1/comments/{comment}", IN_REVIEW, 200, 404, None),
    ("POST", "/api/v1/comments/{comment}/replies", IN_REVIEW, 201, 404, {"body": "A reply."}),
    (
        "POST",
        "/api/v1/comments/{comment}/disposition",
        {"drafter"},
        200,
        403,
        {"disposition": "noted", "reason": "Seen."},
    ),
    ("GET", "/api/v1/notifications", EVERYONE, 200, None, None),
    ("POST", "/api/v1/notifications/read", EVERYONE, 200, None, {}),
]

HTML_ROUTES = [
    ("GET", "/acts/{number}/rounds/new", {"secretary"}, 200, 403),
    ("GET", "/acts/{number}/rounds/{round}", IN_REVIEW, 200, 404),
    ("GET", "/acts/{number}/rounds/{round}/comments", IN_REVIEW, 200, 404),
    ("GET", "/acts/{number}/comments/{comment}", IN_REVIEW, 302, 404),
    ("GET", "/acts/{number}/events", IN_REVIEW, 200, 404),
    ("GET", "/my-work", EVERYONE, 200, None),
    ("GET", "/notifications", EVERYONE, 200, None),
]


def expected(refusal, role: str) -> int:
    if isinstance(refusal, dict):
        return refusal.get(role, refusal["other"])
    return refusal


@pytest.fixture
def world(app):
    cast = Cast.create()
    make_user("domestic_expert", "domestic-two")
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    open_round = round_in(act, RoundStatus.OPEN)
    comment = review.add_comment(cast.domestic, act.id, version=1, eid="art_1", body="Why?")
    db.session.commit()
    return {"id": act.id, "number": act.number, "round": open_round.id, "comment": comment.id}


def _matrix(routes, with_body: bool):
    for route in routes:
        method, path, allowed, success, refusal = route[:5]
        for role in ROLES:
            status = success if role in allowed else expected(refusal, role)
            extra = (route[5],) if with_body else ()
            yield pytest.param(method, path, role, status, *extra, id=f"{role}-{method}-{path}")


@pytest.mark.parametrize(
    ("method", "path", "role", "status", "body"), list(_matrix(API_ROUTES, with_body=True))
)
def test_review_api_by_role(client, world, method, path, role, status, body):
    headers = api_token(client, role.replace("_", "-"))
    response = client.open(path.format(**world), method=method, json=body, headers=headers)
    assert response.status_code == status, response.json


@pytest.mark.parametrize("route", [pytest.param(r, id=f"{r[0]}-{r[1]}") for r in API_ROUTES])
def test_review_api_without_token_is_401(client, world, route):
    method, path, *_, body = route
    assert client.open(path.format(**world), method=method, json=body).status_code == 401


@pytest.mark.parametrize(
    ("method", "path", "role", "status"), list(_matrix(HTML_ROUTES, with_body=False))
)
def test_review_pages_by_role(client, world, method, path, role, status):
    login(client, role.replace("_", "-"))
    response = client.open(path.format(**world), method=method)
    assert response.status_code == status


@pytest.mark.parametrize("route", [pytest.param(r, id=f"{r[0]}-{r[1]}") for r in HTML_ROUTES])
def test_review_pages_send_anonymous_to_login(client, world, route):
    method, path, *_ = route
    response = client.open(path.format(**world), method=method)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
