"""Fixtures of the end-to-end tests: the real server (gunicorn, 3 workers) and Chromium.

One server serves the whole session (SQLite, or PostgreSQL when `TEST_DATABASE_URL` is set);
each test makes its own acts, so tests do not see each other's data. These tests never skip:
a server that does not start or a missing Chromium fails them with the reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from tests.support.live_server import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    role: str


DRAFTERS = (
    Account("dana", PASSWORD, "drafter"),
    Account("marat", PASSWORD, "drafter"),
)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """gunicorn -w 3 serving the app on a fresh, migrated database with two drafters."""
    server = LiveServer(
        instance_dir=tmp_path_factory.mktemp("e2e-instance"),
        postgres_server_url=os.environ.get("TEST_DATABASE_URL") or None,
    )
    try:
        server.prepare_database()
        server.create_users(
            *((account.username, account.role, account.password) for account in DRAFTERS)
        )
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def drafters(live_server) -> tuple[Account, ...]:
    return DRAFTERS


def api_token(server: LiveServer, account: Account) -> str:
    """A fresh bearer token from POST /api/v1/auth/token."""
    response = requests.post(
        f"{server.url}/api/v1/auth/token",
        json={"username": account.username, "password": account.password},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()["token"]


class Api:
    """requests against the live server with one bearer token."""

    def __init__(self, server: LiveServer, token: str) -> None:
        self.base = f"{server.url}/api/v1"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(self.base + path, timeout=30, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.session.post(self.base + path, timeout=30, **kwargs)


@pytest.fixture
def api_for(live_server):
    """`api_for(account)`: an API client with a new token of its own for that account."""
    return lambda account: Api(live_server, api_token(live_server, account))


@pytest.fixture(scope="session")
def browser(live_server):
    """Headless Debian Chromium through Playwright (sync API), one for the session."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: the browser tests need it. Install it with "
            "`sudo apt-get install -y chromium` (or `make chromium`).",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            pytest.fail(f"Chromium at {CHROMIUM} did not start: {error}", pytrace=False)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A page in a new browser context (no cookies), relative URLs against the server."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
