"""The act page stays readable with comments, in Chromium, in Russian: one control per
provision (its history and its own link), hidden until the provision is pointed at or the
control has the keyboard's focus; a provision with comments always shows its count in the
margin (issue 20, "The drafter's and the expert's work")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import PASSWORD, Account
from tests.support.builders import SAMPLE_TEXT
from tests.support.pages import browser_speaking

pytestmark = pytest.mark.e2e

DRAFTER = Account("rustem", PASSWORD, "drafter")
SECRETARY = Account("aruzhan", PASSWORD, "secretary")
DOMESTIC = Account("daulet", PASSWORD, "domestic_expert")


@pytest.fixture(scope="module")
def people(live_server):
    for account in (DRAFTER, SECRETARY, DOMESTIC):
        live_server.create_user(account.username, account.role, account.password, "Institute")


def _ok(response, status: int = 200):
    assert response.status_code == status, response.text
    return response.json()


def _opacity(locator) -> str:
    return locator.evaluate("(element) => getComputedStyle(element).opacity")


def test_one_control_per_provision_shows_on_hover_or_focus_and_counts_always(
    browser: Browser, live_server, people, api_for
):
    drafter, secretary, expert = api_for(DRAFTER), api_for(SECRETARY), api_for(DOMESTIC)
    act = _ok(drafter.post("/acts", json={
        "title": "Правила об инвестиционных преференциях", "act_type": "rules",
        "language": "en", "text": SAMPLE_TEXT,
    }), 201)  # fmt: skip
    _ok(secretary.post(f"/acts/{act['id']}/rounds", json={
        "stage": "domestic", "reviewers": [DOMESTIC.username],
        "due": (date.today() + timedelta(days=21)).isoformat(),
    }), 201)  # fmt: skip
    _ok(drafter.post(f"/acts/{act['id']}/transitions", json={"action": "submit_domestic_review"}))
    _ok(expert.post(f"/acts/{act['id']}/comments", json={
        "version": 1, "eid": "art_3__para_2", "body": "Десять дней — мало.",
    }), 201)  # fmt: skip

    page = browser_speaking(browser, live_server.url, DRAFTER.username, PASSWORD, "ru")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/acts/{act['number']}")
    own = page.locator(".provision-own")
    assert own.count() >= 5
    # One control per provision, not one per link.
    assert page.locator(".provision-own > .provision-tools").count() == own.count()
    assert page.locator(".provision-tools").count() == own.count()

    page.mouse.move(0, 0)
    quiet = page.locator("#art_1__para_1 > .provision-own > .provision-tools")
    assert _opacity(quiet) == "0"  # hidden while nobody points at the provision
    page.locator("#art_1__para_1 > .provision-own").hover()
    assert _opacity(quiet) == "1"

    page.mouse.move(0, 0)
    assert _opacity(quiet) == "0"
    other = page.locator("#art_1__para_2 > .provision-own > .provision-tools")
    other.locator("a").first.focus()  # as the Tab key reaches it
    assert _opacity(other) == "1"

    # The commented provision shows its count in the margin without pointing at it.
    page.locator("h1").focus()
    page.mouse.move(0, 0)
    counted = page.locator("#art_3__para_2 > .provision-own > .provision-tools")
    expect(counted.locator(".comment-count")).to_contain_text("1 замечание")
    assert _opacity(counted) == "1"
