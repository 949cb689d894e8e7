"""Two languages of one act in Chromium against the real server: a drafter changes a Russian
provision, the act page marks its Kazakh text outdated and the committee guard holds; the
translator brings the Kazakh provision up to date from the translation page, and the guard
clears.

The act reaches the point where only its languages stand between it and the committee (both
review stages done, back in drafting) through the API; everything after that goes through
the pages a person uses.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import PASSWORD, Account
from tests.e2e.test_review_journey import browser_of, open_act
from tests.support.builders import SAMPLE_TEXT_KK, SAMPLE_TEXT_RU
from tests.support.workflow_states import DUE

pytestmark = pytest.mark.e2e

SECRETARY = Account("botagoz", PASSWORD, "secretary")
DOMESTIC = Account("yerlan", PASSWORD, "domestic_expert")
INTERNATIONAL = Account("elena", PASSWORD, "international_expert")
COMMITTEE = "Submit to the Operational Committee"


def _ok(response, status: int = 200):
    assert response.status_code == status, response.text
    return response.json()


@pytest.fixture
def bilingual_act(live_server, drafters, api_for):
    """A Russian act with its Kazakh text, through both reviews and back in drafting."""
    live_server.create_users(
        (SECRETARY.username, SECRETARY.role, SECRETARY.password),
        (DOMESTIC.username, DOMESTIC.role, DOMESTIC.password, "Institute"),
        (INTERNATIONAL.username, INTERNATIONAL.role, INTERNATIONAL.password, "OECD"),
    )
    drafter, secretary = api_for(drafters[0]), api_for(SECRETARY)
    act = _ok(drafter.post("/acts", json={
        "title": "Правила о преференциях", "act_type": "rules", "language": "ru",
        "text": SAMPLE_TEXT_RU,
    }), 201)  # fmt: skip
    base = f"/acts/{act['id']}"
    assert _ok(drafter.session.patch(
        drafter.base + base, json={"languages": ["ru", "kk"]}, timeout=30
    ))["languages"] == ["ru", "kk"]  # fmt: skip
    _ok(drafter.post(f"{base}/versions", json={
        "base_version": 1, "text": SAMPLE_TEXT_KK, "language": "kk", "note": "Kazakh text",
    }), 201)  # fmt: skip
    for stage, expert, action in (
        ("domestic", DOMESTIC, "submit_domestic_review"),
        ("international", INTERNATIONAL, "submit_international_review"),
    ):
        _ok(secretary.post(f"{base}/rounds", json={
            "stage": stage, "reviewers": [expert.username], "due": DUE.isoformat(),
        }), 201)  # fmt: skip
        _ok(drafter.post(f"{base}/transitions", json={"action": action}))
        (current,) = [
            r for r in _ok(secretary.get(f"{base}/rounds"))["items"] if r["status"] == "open"
        ]
        _ok(api_for(expert).post(f"/rounds/{current['id']}/opinion", json={
            "recommendation": "approve_with_changes", "text": "Shorten the time limit.",
        }), 201)  # fmt: skip
    _ok(drafter.post(f"{base}/transitions", json={
        "action": "return_to_drafting", "reason": "Shorten the time limit",
    }))  # fmt: skip
    assert _ok(drafter.get(f"{base}/alignment"))["complete"] is True
    return act


def test_a_russian_change_outdates_the_kazakh_text_until_the_translator_updates_it(
    browser: Browser, live_server, drafters, bilingual_act
):
    number = bilingual_act["number"]
    drafter = browser_of(browser, live_server, drafters[0])
    open_act(drafter, number)
    committee = drafter.locator(".workflow-action").filter(
        has=drafter.get_by_role("button", name=COMMITTEE)
    )
    expect(committee.get_by_role("button", name=COMMITTEE)).to_be_enabled()

    # The drafter changes one Russian provision in the editor.
    drafter.get_by_role("link", name="Edit the text", exact=True).click()
    text = drafter.get_by_role("textbox", name="Text", exact=True)
    current = text.input_value()
    assert current.count("десяти рабочих дней") == 1
    text.fill(current.replace("десяти рабочих дней", "пяти рабочих дней"))
    drafter.get_by_label("What changed").fill("Shorter time limit")
    drafter.get_by_role("button", name="Save as a new version").click()
    expect(drafter.get_by_role("status").filter(has_text="Saved as version")).to_be_visible()

    # The act page marks the Kazakh text of that provision outdated, and the bar says so.
    open_act(drafter, number)
    marks = drafter.locator('.align-mark[data-language="kk"][data-status="outdated"]')
    expect(marks).to_have_count(1)
    expect(drafter.locator("#art_3__para_2").locator(".align-mark").first).to_have_text(
        "KK outdated"
    )
    expect(drafter.locator('.align-bar[data-language="kk"]')).to_contain_text(
        "11 of 12 provisions aligned"
    )
    # The committee guard holds, naming the provision as a lawyer does.
    committee = drafter.locator(".workflow-action").filter(
        has=drafter.get_by_role("button", name=COMMITTEE)
    )
    expect(committee.get_by_role("button", name=COMMITTEE)).to_be_disabled()
    expect(committee.locator(".blocked-by")).to_contain_text("outdated: Article 3(2)")

    # The translator (another drafter) works from the translation page.
    translator = browser_of(browser, live_server, drafters[1])
    open_act(translator, number)
    translator.locator('.align-mark[data-language="kk"]').first.click()
    expect(translator.get_by_role("heading", level=1)).to_contain_text("Kazakh")
    item = translator.locator("#work-art_3__para_2")
    expect(item.locator("del")).to_contain_text("десяти")
    expect(item.locator("ins")).to_contain_text("пяти")
    wording = item.get_by_label("Kazakh wording")
    assert "он жұмыс күні" in wording.input_value()
    wording.fill(wording.input_value().replace("он жұмыс күні", "бес жұмыс күні"))
    translator.get_by_role("button", name="Save the Kazakh text").click()
    expect(translator.get_by_role("status").filter(has_text="Saved as version")).to_be_visible()
    expect(translator.get_by_role("heading", name="The Kazakh text is up to date")).to_be_visible()

    # Back on the act page: no marker, the bar is full, and the guard has cleared.
    open_act(drafter, number)
    expect(drafter.locator(".align-mark")).to_have_count(0)
    expect(drafter.locator('.align-bar[data-language="kk"]')).to_contain_text("aligned: all 12")
    committee = drafter.locator(".workflow-action").filter(
        has=drafter.get_by_role("button", name=COMMITTEE)
    )
    expect(committee.get_by_role("button", name=COMMITTEE)).to_be_enabled()
    # The Kazakh text reads the new wording.
    drafter.goto(f"/acts/{number}?language=kk")
    expect(drafter.locator("#art_3__para_2")).to_contain_text("бес жұмыс күні")
    for page in (drafter, translator):
        page.context.close()
