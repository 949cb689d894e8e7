"""The committee's pages and API by role (a hand-written table), and the pages' forms."""

from __future__ import annotations

import pytest

from alatau_legal.accounts.models import Role
from alatau_legal.acts.models import ActStatus
from alatau_legal.committee import services
from alatau_legal.committee.models import Meeting
from alatau_legal.extensions import db
from alatau_legal.timeutil import utcnow
from tests.support.builders import api_token, csrf_token, login
from tests.support.workflow_states import Cast, drive

ROLES = [role.value for role in Role]
STAFF = {"admin", "drafter", "secretary", "committee_member"}
EVERYONE = set(ROLES)
TODAY = utcnow().date().isoformat()

# (method, path, who succeeds, success, refusal for the others)
HTML_ROUTES = [
    ("GET", "/meetings", STAFF, 200, 403),
    ("GET", "/meetings/new", {"secretary"}, 200, 403),
    ("GET", "/meetings/{meeting}", STAFF, 200, 403),
    ("GET", "/deadlines", EVERYONE, 200, None),
    ("GET", "/deadlines?status=overdue&group=person&sort=act", EVERYONE, 200, None),
]
API_ROUTES = [
    ("GET", "/api/v1/meetings", STAFF, 200, 403, None),
    ("GET", "/api/v1/meetings/{meeting}", STAFF, 200, 403, None),
    ("POST", "/api/v1/meetings", {"secretary"}, 201, 403, {"date": TODAY, "title": "T"}),
    ("POST", "/api/v1/meetings/{meeting}/agenda", {"secretary"}, 201, 403, {"act_id": "{act}"}),
    (
        "POST",
        "/api/v1/meetings/{meeting}/attendance",
        {"secretary"},
        200,
        403,
        {"attendees": ["committee-member"]},
    ),
    (
        "POST",
        "/api/v1/meetings/{decide_meeting}/agenda/{item}/decision",
        {"secretary"},
        200,
        403,
        {"decision": "approve", "votes": {"for": 1, "against": 0, "abstain": 0}},
    ),
    (
        "PATCH",
        "/api/v1/meetings/{meeting}",
        {"secretary"},
        200,
        403,
        {"time": "15:00", "place": "Room 301", "reason": "The chair is away in the morning."},
    ),
    (
        "POST",
        "/api/v1/meetings/{decide_meeting}/agenda/{item}/move",
        {"secretary"},
        200,
        403,
        {"meeting_id": "{meeting}", "reason": "The first meeting has more time."},
    ),
    ("GET", "/api/v1/deadlines", EVERYONE, 200, None, None),
    ("GET", "/api/v1/me", EVERYONE, 200, None, None),
    ("POST", "/api/v1/me/calendar-token", EVERYONE, 200, None, None),
]


@pytest.fixture
def world(app):
    cast = Cast.create()
    act = drive(cast, ActStatus.COMMITTEE_REVIEW)
    meeting = services.create_meeting(cast.secretary, day=utcnow().date(), title="First")
    # A second act already on the agenda of a second meeting, one member present: to decide.
    waiting = drive(cast, ActStatus.COMMITTEE_REVIEW)
    other = services.create_meeting(cast.secretary, day=utcnow().date(), title="Second")
    item = services.add_agenda_item(cast.secretary, other.id, waiting.id)
    services.set_attendance(cast.secretary, other.id, ["committee-member"])
    db.session.commit()
    return {
        "cast": cast, "act": act.id, "number": act.number, "meeting": meeting.id,
        "decide_meeting": other.id, "item": item.id,
    }  # fmt: skip


def _fill(value, world):
    if isinstance(value, str):
        if value in ("{act}", "{meeting}"):
            return int(world[value.strip("{}")])
        return value.format(**world)
    if isinstance(value, dict):
        return {k: _fill(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, world) for v in value]
    return value


def _matrix(routes):
    for route in routes:
        method, path, allowed, success, refused = route[:5]
        for role in ROLES:
            status = success if role in allowed else refused
            yield pytest.param(*route[:2], role, status, *route[5:], id=f"{role}-{method}-{path}")


@pytest.mark.parametrize(("method", "path", "role", "status"), list(_matrix(HTML_ROUTES)))
def test_committee_pages_by_role(client, world, method, path, role, status):
    login(client, role.replace("_", "-"))
    assert client.open(_fill(path, world), method=method).status_code == status


@pytest.mark.parametrize(("method", "path", "role", "status", "body"), list(_matrix(API_ROUTES)))
def test_committee_api_by_role(client, world, method, path, role, status, body):
    headers = api_token(client, role.replace("_", "-"))
    response = client.open(
        _fill(path, world), method=method, json=_fill(body, world), headers=headers
    )
    assert response.status_code == status, response.json


def test_anonymous_is_sent_to_sign_in_and_the_api_wants_a_token(client, world):
    for _method, path, *_ in HTML_ROUTES:
        response = client.get(_fill(path, world))
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    for method, path, *_rest, body in API_ROUTES:
        assert (
            client.open(_fill(path, world), method=method, json=_fill(body, world)).status_code
            == 401
        )


def test_the_secretary_runs_a_meeting_from_the_pages(client, world):
    login(client, "secretary")
    page = client.get(f"/meetings/{world['meeting']}").text
    assert world["number"] in page  # offered for the agenda
    token = csrf_token(page)
    added = client.post(
        f"/meetings/{world['meeting']}/agenda", data={"act_id": world["act"], "csrf_token": token}
    )
    assert added.status_code == 302
    client.post(
        f"/meetings/{world['meeting']}/attendance",
        data={"attendees": ["committee-member"], "csrf_token": token},
    )
    meeting = db.session.get(Meeting, world["meeting"])
    db.session.refresh(meeting)
    (item,) = meeting.items
    # The committee reads the opinions given in the act's review rounds.
    page = client.get(f"/meetings/{world['meeting']}").text
    assert "Opinions (2)" in page and "Fine as it is." in page
    refused = client.post(
        f"/meetings/{world['meeting']}/agenda/{item.id}/decision",
        data={"decision": "approve", "votes_for": "3", "votes_against": "0", "votes_abstain": "0",
              "notes": "Typed with care", "csrf_token": token},
    )  # fmt: skip
    # Refused on the page itself, with everything typed still there.
    assert refused.status_code == 400 and "add up to 3" in refused.text
    assert ">Typed with care</textarea>" in refused.text and 'value="3"' in refused.text
    decided = client.post(
        f"/meetings/{world['meeting']}/agenda/{item.id}/decision",
        data={"decision": "approve", "votes_for": "1", "votes_against": "0", "votes_abstain": "0",
              "csrf_token": token},
    )  # fmt: skip
    assert "approved" in client.get(decided.headers["Location"]).text.lower()
    db.session.expire_all()
    assert meeting.items[0].act.status is ActStatus.APPROVED


def test_scheduling_in_the_past_is_refused_on_the_form(client, world):
    login(client, "secretary")
    token = csrf_token(client.get("/meetings/new").text)
    response = client.post(
        "/meetings/new", data={"date": "2020-01-01", "title": "Late", "csrf_token": token}
    )
    assert response.status_code == 400 and "in the past" in response.text
    assert db.session.query(Meeting).count() == 2  # the two of the world only


def test_the_profile_shows_the_calendar_and_revokes_it(client, world):
    login(client, "drafter")
    page = client.get("/profile").text
    assert "webcal://localhost/calendar/" in page
    old = page.split('id="calendar-url" value="')[1].split('"')[0]
    response = client.post("/profile/calendar-token", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert client.get(old.removeprefix("http://localhost")).status_code == 404
    assert "/calendar/" in client.get("/profile").text


def test_bad_dashboard_parameters_are_a_clear_400(client, world):
    login(client, "secretary")
    assert client.get("/deadlines?sort=colour").status_code == 400
    assert client.get("/deadlines?status=late").status_code == 400
