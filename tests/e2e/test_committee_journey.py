"""The committee secretary in Chromium: an overdue act goes on a meeting's agenda and is
approved; it shows as approved and leaves the overdue list.

The act is brought to committee review through the API (the review journey covers those pages);
its entry into committee review is then dated back three weeks in the server's database, as
if it had waited that long, so that the committee stage is overdue.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import Integer, bindparam, create_engine, text

from alatau_legal.timeutil import UTCDateTime
from tests.e2e.conftest import PASSWORD, Account
from tests.e2e.test_review_journey import browser_of, expect_status, open_act
from tests.support.builders import SAMPLE_TEXT
from tests.support.workflow_states import DUE

pytestmark = pytest.mark.e2e

SECRETARY = Account("gulnara", PASSWORD, "secretary")
DOMESTIC = Account("timur", PASSWORD, "domestic_expert")
INTERNATIONAL = Account("john", PASSWORD, "international_expert")
MEMBERS = (
    Account("aigerim", PASSWORD, "committee_member"),
    Account("bolat", PASSWORD, "committee_member"),
)


@pytest.fixture(scope="module")
def committee_people(live_server):
    live_server.create_users(
        (SECRETARY.username, SECRETARY.role, SECRETARY.password),
        (DOMESTIC.username, DOMESTIC.role, DOMESTIC.password, "Institute of Law"),
        (INTERNATIONAL.username, INTERNATIONAL.role, INTERNATIONAL.password, "UNDP"),
        *((member.username, member.role, member.password) for member in MEMBERS),
    )


def _ok(response, status: int = 200):
    assert response.status_code == status, response.text
    return response.json()


@pytest.fixture
def act_before_the_committee(live_server, drafters, committee_people, api_for):
    """An act through both reviews to committee review, via the API; waiting for 3 weeks."""
    drafter, secretary = api_for(drafters[1]), api_for(SECRETARY)
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
    engine = create_engine(live_server.database_url)
    with engine.begin() as connection:
        # Typed as the model types them: the same stored form on SQLite and PostgreSQL.
        entered = connection.execute(
            text(
                "SELECT seq, created_at FROM audit_entries WHERE act_id = :act "
                "AND action = 'transition' ORDER BY seq DESC LIMIT 1"
            ).columns(seq=Integer, created_at=UTCDateTime),
            {"act": act["id"]},
        ).one()
        connection.execute(
            text("UPDATE audit_entries SET created_at = :at WHERE seq = :seq").bindparams(
                bindparam("at", type_=UTCDateTime)
            ),
            {"at": entered.created_at - timedelta(days=21), "seq": entered.seq},
        )
    engine.dispose()
    return act["number"]


def test_the_secretary_approves_an_overdue_act_at_a_meeting(
    browser: Browser, live_server, act_before_the_committee
):
    number = act_before_the_committee
    page = browser_of(browser, live_server, SECRETARY)

    page.get_by_role("link", name="Deadlines").click()
    page.get_by_label("Show").select_option("overdue")
    # The deadlines' own filter (the timeline's filter has a Show button too).
    filters = page.locator("form").filter(has=page.get_by_label("Show"))
    filters.get_by_role("button", name="Show").click()
    overdue = page.get_by_role("row").filter(has_text=number)
    expect(overdue).to_contain_text("Consideration by the Operational Committee")
    expect(overdue).to_contain_text("overdue")

    page.get_by_role("link", name="Meetings").click()
    page.get_by_role("link", name="Schedule a meeting").click()
    today = page.get_by_label("Date").get_attribute("min")
    page.get_by_label("Date").fill(today)
    page.get_by_label("Title").fill("3rd meeting of the Operational Committee")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(
        page.get_by_role("heading", name="3rd meeting of the Operational Committee")
    ).to_be_visible()

    choice = page.get_by_label("Act in committee review")
    choice.select_option(choice.locator("option", has_text=number).get_attribute("value"))
    page.get_by_role("button", name="Put on the agenda").click()
    expect(page.get_by_role("status").filter(has_text=f"{number} is on the agenda")).to_be_visible()
    for member in MEMBERS:
        page.get_by_label(member.username).check()
    page.get_by_role("button", name="Record attendance").click()
    expect(page.get_by_role("status").filter(has_text="2 member(s) present")).to_be_visible()

    item = page.locator(".agenda-item").filter(has_text=number)
    item.get_by_label(f"Decision on {number}").select_option("approve")
    item.get_by_label("For").fill("2")
    item.get_by_label("Notes").fill("Approved unanimously.")
    item.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status").filter(has_text=f"{number}: approved")).to_be_visible()
    expect(item).to_contain_text("for 2, against 0, abstained 0")

    open_act(page, number)
    expect_status(page, "Approved")
    page.goto("/deadlines?status=overdue")
    expect(page.get_by_role("heading", name="Deadlines")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=number)).to_have_count(0)
