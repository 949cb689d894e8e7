"""Issue 17's findings that need the real server: gunicorn with three workers.

- the login limit holds across the workers (counters in the database), in the production
  configuration, which refuses to start with per-process counters;
- a session cookie captured before sign-out is dead after it; a token revoked with
  DELETE /api/v1/auth/token is dead;
- what gunicorn itself refuses (a request line or a header over its limits) is JSON too, and
  the app's own limit answers below gunicorn's;
- hostile bodies without signing in (NUL, 100,000 nested brackets) are 400s, never 500s;
- the password change on the profile page, in Chromium: no 500, this browser stays signed in,
  another browser is signed out.
"""

from __future__ import annotations

import re
import socket
from urllib.parse import urlsplit

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD
from tests.support.live_server import LiveServer, LiveServerError

pytestmark = pytest.mark.e2e

LIMIT = 10


@pytest.fixture(scope="module")
def production_server(tmp_path_factory, live_server):
    """gunicorn -w 3 in the production configuration: 10 sign-in attempts a minute."""
    server = LiveServer(
        instance_dir=tmp_path_factory.mktemp("production-instance"),
        postgres_server_url=live_server.postgres_server_url,
        login_rate_limit=f"{LIMIT} per minute",
        extra_env={"ALATAU_CONFIG": "production"},
    )
    try:
        server.start()
        yield server
    finally:
        server.stop()


def test_the_login_limit_holds_across_three_workers(production_server):
    statuses = []
    for _ in range(LIMIT + 5):
        # A new connection each time, so gunicorn hands the attempts to its workers in turn.
        response = requests.post(
            f"{production_server.url}/api/v1/auth/token",
            json={"username": "nobody", "password": "wrong password"},
            headers={"Connection": "close"},
            timeout=30,
        )
        statuses.append(response.status_code)
    assert statuses == [401] * LIMIT + [429] * 5, statuses
    assert response.json()["error"]["code"] == "too_many_requests"


def test_production_refuses_to_start_with_counters_in_memory(tmp_path, live_server):
    server = LiveServer(
        instance_dir=tmp_path,
        postgres_server_url=live_server.postgres_server_url,
        extra_env={"ALATAU_CONFIG": "production", "RATELIMIT_STORAGE_URI": "memory://"},
    )
    try:
        with pytest.raises(LiveServerError, match="multiply the limit"):
            server.prepare_database()  # even `flask db upgrade` will not run with it
    finally:
        server.stop()  # drops its PostgreSQL database, if it made one


# -- sessions and tokens ended on the server ---------------------------------------------------


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'name="csrf-token" content="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def _sign_in(server: LiveServer, username: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{server.url}/login", timeout=30)
    response = browser.post(
        f"{server.url}/login",
        data={"username": username, "password": PASSWORD, "csrf_token": _csrf(page.text)},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:500]
    return browser


def test_a_cookie_captured_before_sign_out_is_dead_after_it(live_server):
    browser = _sign_in(live_server, "marat")
    captured = browser.cookies.get("session")
    page = browser.get(f"{live_server.url}/acts", timeout=30)
    assert page.status_code == 200
    out = browser.post(
        f"{live_server.url}/logout",
        data={"csrf_token": _csrf(page.text)},
        allow_redirects=False,
        timeout=30,
    )
    assert out.status_code == 302
    for _ in range(3):  # whichever worker answers
        replay = requests.get(
            f"{live_server.url}/acts",
            cookies={"session": captured},
            allow_redirects=False,
            timeout=30,
        )
        assert replay.status_code == 302 and "/login" in replay.headers["Location"]


def test_a_token_revoked_with_delete_stops_working_on_every_worker(live_server):
    token = requests.post(
        f"{live_server.url}/api/v1/auth/token",
        json={"username": "marat", "password": PASSWORD},
        timeout=30,
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}", "Connection": "close"}
    assert requests.get(f"{live_server.url}/api/v1/me", headers=headers, timeout=30).ok
    revoked = requests.delete(f"{live_server.url}/api/v1/auth/token", headers=headers, timeout=30)
    assert revoked.status_code == 204
    for _ in range(3):
        answer = requests.get(f"{live_server.url}/api/v1/me", headers=headers, timeout=30)
        assert answer.status_code == 401


# -- hostile requests, and what gunicorn refuses itself --------------------------------------


def _raw(server: LiveServer, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are (requests would normalise them); the status, headers, body."""
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as connection:
        connection.sendall(request)
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), headers, body


@pytest.mark.parametrize(
    ("target", "status", "code", "by"),
    [
        ("/api/v1/acts?q=" + "a" * 5_000, 414, "uri_too_long", "the app"),
        ("/api/v1/acts?q=" + "a" * 9_000, 414, "uri_too_long", "gunicorn"),
    ],
    ids=["below-gunicorn", "beyond-gunicorn"],
)
def test_an_over_long_address_is_answered_in_json(live_server, target, status, code, by):
    answer, headers, body = _raw(
        live_server, f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    )
    assert answer == status, body[:300]
    assert headers["Content-Type"].startswith("application/json"), by
    assert code in body.decode()


@pytest.mark.parametrize(
    "headers",
    ["X-Big: " + "b" * 9_000 + "\r\n", "".join(f"X-H{n}: v\r\n" for n in range(150))],
    ids=["one-header-too-large", "too-many-headers"],
)
def test_headers_beyond_gunicorns_limits_are_answered_in_json(live_server, headers):
    answer, response_headers, body = _raw(
        live_server,
        f"GET /api/v1/me HTTP/1.1\r\nHost: x\r\n{headers}Connection: close\r\n\r\n".encode(),
    )
    assert answer in (400, 431), body[:300]
    assert response_headers["Content-Type"] == "application/json"
    assert body.startswith(b'{"error": {"code": ')


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"username": "a\\u0000b", "password": "x"}', "username"),
        (b"[" * 100_000 + b"]" * 100_000, "body"),
    ],
    ids=["nul", "nested"],
)
def test_hostile_bodies_without_signing_in_are_400s(live_server, body, field):
    response = requests.post(
        f"{live_server.url}/api/v1/auth/token",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 400, response.text[:300]
    assert list(response.json()["error"]["fields"]) == [field]


@pytest.mark.parametrize(
    "path", ["/register/ALA%00", "/api/v1/acts?q=a%00b", "/api/v1/search?q=%00"]
)
def test_nul_in_a_path_or_query_is_a_400(live_server, path):
    token = requests.post(
        f"{live_server.url}/api/v1/auth/token",
        json={"username": "dana", "password": PASSWORD},
        timeout=30,
    ).json()["token"]
    response = requests.get(
        f"{live_server.url}{path}", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert response.status_code == 400


# -- the password change, in the browser ---------------------------------------------------------


def test_changing_ones_password_on_the_profile_page(live_server, browser):
    live_server.create_user("paula", "drafter", PASSWORD)
    other = browser.new_context(base_url=live_server.url)
    mine = browser.new_context(base_url=live_server.url)
    try:
        for context in (other, mine):
            page = context.new_page()
            page.goto("/login")
            page.get_by_label("Username").fill("paula")
            page.get_by_label("Password", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_role("status").filter(has_text="Signed in as")).to_be_visible()
        page.goto("/profile")
        page.get_by_label("Current password").fill(PASSWORD)
        page.get_by_label("New password").fill("a completely new passphrase")
        with page.expect_response(
            lambda r: r.url.endswith("/profile") and r.request.method == "POST"
        ) as posted:
            page.get_by_role("button", name="Change password").click()
        assert posted.value.status == 302  # not the 500 of the issue
        expect(page).to_have_url(f"{live_server.url}/profile")
        expect(
            page.get_by_role("status").filter(has_text="Your password is changed")
        ).to_be_visible()
        page.goto("/acts")  # still signed in here
        expect(page).to_have_url(f"{live_server.url}/acts")
        elsewhere = other.pages[0]
        elsewhere.goto("/acts")  # the other browser is signed out
        expect(elsewhere).to_have_url(re.compile(r"/login\?next="))
        elsewhere.get_by_label("Username").fill("paula")
        elsewhere.get_by_label("Password", exact=True).fill("a completely new passphrase")
        elsewhere.get_by_role("button", name="Sign in").click()
        expect(elsewhere.get_by_role("status").filter(has_text="Signed in as")).to_be_visible()
    finally:
        other.close()
        mine.close()
