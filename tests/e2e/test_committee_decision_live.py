"""The committee's approval in Chromium, in Russian and in Kazakh: the secretary records the
decision on the meeting's page, and the act's timeline says who approved it and when in the
reader's language, the meeting's day in that language's long form (never the ISO date the
API keeps). The act reaches committee review and the meeting its agenda and attendance
through the API; the English committee journey covers those pages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from babel.dates import format_date
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import PASSWORD, Account
from tests.support.builders import SAMPLE_TEXT
from tests.support.pages import browser_speaking
from tests.support.workflow_states import DUE

pytestmark = pytest.mark.e2e

SECRETARY = Account("ainur", PASSWORD, "secretary")
DOMESTIC = Account("askar", PASSWORD, "domestic_expert")
INTERNATIONAL = Account("claire", PASSWORD, "international_expert")
MEMBERS = (
    Account("dinara", PASSWORD, "committee_member"),
    Account("yerbol", PASSWORD, "committee_member"),
)
NOTES = {"ru": "Принято единогласно.", "kk": "Бірауыздан қабылданды."}
# The sentence of each language, the meeting's day in its long form.
APPROVED = {
    "ru": "Утверждён Операционным комитетом {day} {notes}",
    "kk": "Операциялық комитет бекітті (отырыс күні: {day}). {notes}",
}


@pytest.fixture(scope="module")
def people(live_server):
    live_server.create_user(DOMESTIC.username, DOMESTIC.role, DOMESTIC.password, "Institute")
    live_server.create_user(
        INTERNATIONAL.username, INTERNATIONAL.role, INTERNATIONAL.password, "OECD"
    )
    for account in (SECRETARY, *MEMBERS):
        live_server.create_user(account.username, account.role, account.password)


def _ok(response, status: int = 200):
    assert response.status_code == status, response.text
    return response.json()


def _on_the_agenda(api_for, drafter_account) -> tuple[dict, int]:
    """An act through both reviews into committee review, on today's meeting's agenda, two
    members present."""
    drafter, secretary = api_for(drafter_account), api_for(SECRETARY)
    act = _ok(drafter.post("/acts", json={
        "title": "Rules on the Alatau City business registry", "act_type": "rules",
        "language": "en", "text": SAMPLE_TEXT,
    }), 201)  # fmt: skip
    for stage, expert, action in (
        ("domestic", DOMESTIC, "submit_domestic_review"),
        ("international", INTERNATIONAL, "submit_international_review"),
    ):
        _ok(secretary.post(f"/acts/{act['id']}/rounds", json={
            "stage": stage, "reviewers": [expert.username], "due": DUE.isoformat(),
        }), 201)  # fmt: skip
        _ok(drafter.post(f"/acts/{act['id']}/transitions", json={"action": action}))
        (current,) = [
            r for r in _ok(secretary.get(f"/acts/{act['id']}/rounds"))["items"]
            if r["status"] == "open"
        ]  # fmt: skip
        _ok(api_for(expert).post(f"/rounds/{current['id']}/opinion", json={
            "recommendation": "approve", "text": "Ready for the committee.",
        }), 201)  # fmt: skip
    _ok(drafter.post(f"/acts/{act['id']}/transitions", json={"action": "submit_to_committee"}))
    today = datetime.now(UTC).date()
    meeting = _ok(secretary.post("/meetings", json={
        "date": today.isoformat(), "title": f"Meeting on {act['number']}",
    }), 201)  # fmt: skip
    _ok(secretary.post(f"/meetings/{meeting['id']}/agenda", json={"act_id": act["id"]}), 201)
    _ok(secretary.post(f"/meetings/{meeting['id']}/attendance", json={
        "attendees": [member.username for member in MEMBERS],
    }))  # fmt: skip
    return act, meeting["id"]


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_committee_approves_and_the_timeline_says_so_in_the_readers_language(
    browser: Browser, live_server, drafters, people, api_for, language
):
    act, meeting_id = _on_the_agenda(api_for, drafters[0])
    number = act["number"]
    page = browser_speaking(browser, live_server.url, SECRETARY.username, PASSWORD, language)
    page.goto(f"/meetings/{meeting_id}")
    item = page.locator(".agenda-item").filter(has_text=number)
    form = item.locator("form.decision-form")
    form.locator("select[name=decision]").select_option("approve")
    expect(form.locator("input[name=votes_for]")).to_have_value("2")  # both members present
    form.locator("textarea[name=notes]").fill(NOTES[language])
    form.locator("button[type=submit]").click()
    expect(page.get_by_role("status").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert _ok(api_for(SECRETARY).get(f"/acts/{act['id']}"))["status"] == "approved"

    page.goto(f"/acts/{number}/events")
    approval = page.locator("tr").filter(has_text="→").last
    day = datetime.now(UTC).date()
    expected = APPROVED[language].format(
        day=format_date(day, "long", locale=language), notes=NOTES[language]
    )
    expect(approval).to_contain_text(expected)
    assert day.isoformat() not in approval.inner_text()
    assert "Operational Committee" not in page.locator("main").inner_text()

    # The API keeps its contract: the English sentence and the ISO date.
    events = _ok(api_for(SECRETARY).get(f"/acts/{act['id']}/events"))["items"]
    (approved,) = [e for e in events if e["transition"] == "approve"]
    assert approved["reason"] == (
        f"Approved by the Operational Committee on {day.isoformat()}. {NOTES[language]}"
    )
