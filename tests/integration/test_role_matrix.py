"""Who may reach which route, HTML and API: every role against an expectation table.

The table is written out by hand, independently of `permissions.py`, so a change of rule there
that nobody meant shows up here as a failure.
"""

from __future__ import annotations

import pytest

from alatau_legal.accounts.models import Role
from tests.support.builders import api_token, csrf_token, login, make_act, make_user

ROLES = [role.value for role in Role]
ANONYMOUS = "anonymous"

STAFF = {"admin", "drafter", "secretary", "committee_member"}
DRAFTER = {"drafter"}
ADMIN = {"admin"}
# Who reads an act in drafting: staff, and domestic experts (they are kept out only of acts
# under review that they are not invited to); an international expert reads only invited acts.
READERS = STAFF | {"domestic_expert"}

# (method, path template, who gets the success status, success, refused status for the others)
# An international expert asking for an act in drafting gets 404: they may not know it exists.
HTML_ROUTES = [
    ("GET", "/acts", set(ROLES), 200, None),
    ("GET", "/acts/new", DRAFTER, 200, 403),
    ("GET", "/acts/import", DRAFTER, 200, 403),
    ("GET", "/acts/{number}", READERS, 200, 404),
    ("GET", "/acts/{number}/v/1", READERS, 200, 404),
    ("GET", "/acts/{number}/history", READERS, 200, 404),
    ("GET", "/acts/{number}/compare?from=1&to=1", READERS, 200, 404),
    ("GET", "/acts/{number}/provisions/art_1", READERS, 200, 404),
    ("GET", "/acts/{number}/edit", DRAFTER, 200, {"expert": 404, "staff": 403}),
    ("GET", "/admin/users", ADMIN, 200, 403),
    ("GET", "/admin/users/new", ADMIN, 200, 403),
    ("GET", "/admin/organisations", ADMIN, 200, 403),
    ("GET", "/profile", set(ROLES), 200, None),
    # Everyone searches; what each finds is tested in test_search_visibility.py.
    ("GET", "/search?q=investment", set(ROLES), 200, None),
    ("GET", "/acts/{number}/occurrences?q=investment", READERS, 200, 404),
]

API_ROUTES = [
    ("GET", "/api/v1/acts", set(ROLES), 200, None, None),
    ("GET", "/api/v1/me", set(ROLES), 200, None, None),
    ("GET", "/api/v1/acts/{id}", READERS, 200, 404, None),
    ("GET", "/api/v1/acts/{id}/versions", READERS, 200, 404, None),
    ("GET", "/api/v1/acts/{id}/versions/1", READERS, 200, 404, None),
    ("GET", "/api/v1/acts/{id}/compare?from=1&to=1", READERS, 200, 404, None),
    ("GET", "/api/v1/acts/{id}/provisions/art_1/history", READERS, 200, 404, None),
    ("GET", "/api/v1/search?q=investment", set(ROLES), 200, None, None),
    ("GET", "/api/v1/acts/{id}/occurrences?q=investment", READERS, 200, 404, None),
    (
        "POST",
        "/api/v1/acts",
        DRAFTER,
        201,
        403,
        {"title": "T", "act_type": "order", "language": "en", "text": "1. Approve the Rules."},
    ),
    (
        "POST",
        "/api/v1/acts/{id}/versions",
        DRAFTER,
        201,
        {"expert": 404, "staff": 403},
        {"base_version": 1, "text": "Article 1. Subject\n1. Changed text."},
    ),
    # Version 1 is the latest, so even a drafter is refused, but as input (400), not by role.
    (
        "POST",
        "/api/v1/acts/{id}/versions/1/restore",
        DRAFTER,
        400,
        {"expert": 404, "staff": 403},
        {},
    ),
]


def expected_refusal(refused, role: str) -> int:
    if isinstance(refused, dict):
        # "expert": a role that may not see the drafting act at all (the international expert).
        return refused["expert" if role == "international_expert" else "staff"]
    return refused


@pytest.fixture
def world(app):
    """One user of each role and one act in drafting."""
    users = {role: make_user(role, role.replace("_", "-")) for role in ROLES}
    act = make_act(users["drafter"], "Article 1. Subject\n1. These Rules govern investment.")
    return {"users": users, "act": act}


def _html_matrix():
    for method, path, allowed, success, refused in HTML_ROUTES:
        for role in ROLES:
            status = success if role in allowed else expected_refusal(refused, role)
            yield pytest.param(method, path, role, status, id=f"{role}-{method}-{path}")


@pytest.mark.parametrize(("method", "path", "role", "status"), list(_html_matrix()))
def test_html_route_by_role(client, world, method, path, role, status):
    login(client, role.replace("_", "-"))
    response = client.open(path.format(number=world["act"].number), method=method)
    assert response.status_code == status


@pytest.mark.parametrize(
    ("method", "path", "allowed", "success", "refused"),
    [pytest.param(*route, id=f"{route[0]}-{route[1]}") for route in HTML_ROUTES],
)
def test_html_route_sends_anonymous_to_login(
    client, world, method, path, allowed, success, refused
):
    response = client.open(path.format(number=world["act"].number), method=method)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def _api_matrix():
    for method, path, allowed, success, refused, body in API_ROUTES:
        for role in ROLES:
            status = success if role in allowed else expected_refusal(refused, role)
            yield pytest.param(method, path, role, status, body, id=f"{role}-{method}-{path}")


@pytest.mark.parametrize(("method", "path", "role", "status", "body"), list(_api_matrix()))
def test_api_route_by_role(client, world, method, path, role, status, body):
    headers = api_token(client, role.replace("_", "-"))
    response = client.open(
        path.format(id=world["act"].id), method=method, json=body, headers=headers
    )
    assert response.status_code == status, response.json


@pytest.mark.parametrize("route", [pytest.param(r, id=f"{r[0]}-{r[1]}") for r in API_ROUTES])
def test_api_route_without_token_is_401(client, world, route):
    method, path, *_, body = route
    response = client.open(path.format(id=world["act"].id), method=method, json=body)
    assert response.status_code == 401


def test_html_forms_refuse_a_post_without_csrf(client, world):
    login(client, "drafter")
    page = client.get(f"/acts/{world['act'].number}/edit")
    assert csrf_token(page.text)
    response = client.post(
        f"/acts/{world['act'].number}/edit",
        data={"base_version": "1", "text": "Article 1. Subject\n1. Changed.", "note": ""},
    )
    assert response.status_code == 400
