"""The whole review path in Chromium against the real server, each person in their own browser.

The secretary plans a domestic round, the drafter submits, the domestic expert comments on an
article and gives an opinion, the drafter answers the comment, returns the act and revises it,
the secretary plans the international round, the drafter submits again, the international
expert gives an opinion, and the act goes to the Operational Committee. Only the pages a person
uses: links, labels and buttons; no request behind the browser's back.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PASSWORD, Account
from tests.e2e.test_drafter_journey import expect_flash, sign_in
from tests.support.builders import SAMPLE_TEXT

pytestmark = pytest.mark.e2e

SECRETARY = Account("saule", PASSWORD, "secretary")
DOMESTIC = Account("erlan", PASSWORD, "domestic_expert")
INTERNATIONAL = Account("anna", PASSWORD, "international_expert")
COMMENT = "Ten business days is too short for a **complete** application."


@pytest.fixture(scope="module")
def reviewers(live_server):
    live_server.create_users(
        (SECRETARY.username, SECRETARY.role, SECRETARY.password),
        (DOMESTIC.username, DOMESTIC.role, DOMESTIC.password, "Institute of Legislation"),
        (INTERNATIONAL.username, INTERNATIONAL.role, INTERNATIONAL.password, "OECD"),
    )


def browser_of(browser: Browser, live_server, account: Account) -> Page:
    """A new browser context (a person's own browser), signed in, confirming every dialog."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto("/login")
    sign_in(page, account.username, account.password)
    return page


def open_act(page: Page, number: str) -> None:
    page.goto(f"/acts/{number}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def expect_status(page: Page, label: str) -> None:
    status = page.locator(".meta div").filter(has_text="Status").locator("dd")
    expect(status).to_have_text(re.compile(label))


def take_action(page: Page, action: str, reason: str = "") -> None:
    """Press a workflow button on the act page, with a reason where one is asked."""
    item = page.locator(".workflow-action").filter(
        has=page.get_by_role("button", name=action, exact=True)
    )
    if reason:
        item.get_by_label("Reason").fill(reason)
    item.get_by_role("button", name=action, exact=True).click()


def plan_round(page: Page, number: str, stage: str, reviewer: str) -> None:
    open_act(page, number)
    page.get_by_role("link", name="Plan a review round").click()
    stages = page.get_by_role("navigation", name="Stage of the round")
    stages.get_by_role("link", name=f"{stage.capitalize()} review round", exact=True).click()
    # The due date is filled in: the stage's configured length, in business days.
    expect(page.get_by_label("Round due date")).not_to_have_value("")
    page.get_by_role("checkbox", name=re.compile(reviewer)).check()
    page.get_by_role("button", name="Plan the round").click()
    expect(page.get_by_text(re.compile("planned", re.I)).first).to_be_visible()


def give_opinion(page: Page, number: str, recommendation: str, text: str) -> None:
    open_act(page, number)
    page.locator("#rounds").get_by_role("link", name=re.compile("review round")).last.click()
    page.get_by_label(recommendation, exact=True).check()
    page.get_by_label("Opinion", exact=True).fill(text)
    page.get_by_role("button", name="Submit opinion").click()
    expect(page.get_by_text(re.compile("it is final"))).to_be_visible()


def create_act(page: Page) -> str:
    page.goto("/acts/new")
    page.get_by_label("Title", exact=True).fill("Rules on investment preferences (review)")
    page.get_by_label("Type", exact=True).select_option("rules")
    page.get_by_label("Language of the text").select_option("en")
    page.get_by_role("textbox", name=re.compile(r"^Text\b")).fill(SAMPLE_TEXT)
    page.get_by_role("button", name="Create act").click()
    expect(
        page.get_by_role("heading", name="Rules on investment preferences (review)")
    ).to_be_visible()
    return re.search(r"/acts/([A-Z0-9-]+)", page.url).group(1)


def test_an_act_goes_through_both_reviews_to_the_committee(
    browser: Browser, live_server, drafters, reviewers
):
    drafter = browser_of(browser, live_server, drafters[0])
    number = create_act(drafter)

    # The drafter cannot submit yet, and the page says why.
    blocked = drafter.locator(".workflow-action-blocked").filter(
        has_text="Submit for domestic review"
    )
    expect(blocked).to_contain_text("domestic review round")

    secretary = browser_of(browser, live_server, SECRETARY)
    plan_round(secretary, number, "domestic", DOMESTIC.username)

    open_act(drafter, number)
    take_action(drafter, "Submit for domestic review")
    expect_flash(drafter, "is now in domestic review")
    expect_status(drafter, "Domestic review")

    # The domestic expert finds the act on their work page and comments on Article 3.
    expert = browser_of(browser, live_server, DOMESTIC)
    expert.goto("/my-work")
    expert.get_by_role("link", name=re.compile(number)).first.click()
    open_act(expert, number)
    form = expert.locator("#comments-art_3__para_2")
    # The one control per provision shows while the provision is pointed at.
    expert.locator("#art_3__para_2 > .provision-own").hover()
    form.locator("summary", has_text="Comment on").click()
    form.get_by_label("Quoted text").fill("ten business days")
    form.get_by_label("Your comment").fill(COMMENT)
    form.get_by_role("button", name="Post the comment").click()
    expect_flash(expert, "Your comment on Article 3(2) is saved")
    thread = expert.locator("#comments-art_3__para_2 .comment").first
    expect(thread).to_contain_text("for a complete application")
    expect(thread.locator("strong", has_text="complete")).to_be_visible()
    give_opinion(expert, number, "Approve with changes", "Extend the decision period.")

    # The drafter sees the count beside the article, answers, returns the act and revises.
    open_act(drafter, number)
    expect(drafter.get_by_role("link", name=re.compile("1 comment"))).to_be_visible()
    answer = drafter.locator("#comments-art_3__para_2 .comment").first
    answer.get_by_label("Disposition").select_option("accepted")
    answer.get_by_label("Reason").fill("The period is now twenty business days.")
    answer.get_by_role("button", name="Save the answer").click()
    expect_flash(drafter, "marked accepted")
    take_action(drafter, "Return to drafting", "Revise after the domestic review")
    expect_status(drafter, "Drafting")
    drafter.get_by_role("link", name="Edit the text", exact=True).click()
    text = drafter.get_by_role("textbox", name="Text", exact=True)
    text.fill(text.input_value().replace("ten business days", "twenty business days"))
    drafter.get_by_label("What changed").fill("Article 3: longer period, as the expert advised")
    drafter.get_by_role("button", name="Save as a new version").click()
    expect_flash(drafter, "Saved as version 2.")
    # The comment followed its provision into version 2 and reads as outdated there.
    followed = drafter.locator("#comments-art_3__para_2 .comment").first
    expect(followed).to_contain_text("Outdated")
    expect(followed).to_contain_text("Accepted")

    # The international round, on version 2.
    plan_round(secretary, number, "international", INTERNATIONAL.username)
    open_act(drafter, number)
    take_action(drafter, "Submit for international review")
    expect_flash(drafter, "is now in international review")

    international = browser_of(browser, live_server, INTERNATIONAL)
    give_opinion(international, number, "Approve", "Consistent with good practice.")

    open_act(drafter, number)
    take_action(drafter, "Submit to the Operational Committee")
    expect_flash(drafter, "is now in committee review")
    expect_status(drafter, "Committee review")

    # The timeline tells the story in order.
    drafter.get_by_role("link", name="Timeline").click()
    rows = drafter.locator("tbody tr").filter(has_text="Status changed")
    expect(rows).to_have_count(4)
    expect(rows.last).to_contain_text("International review → Committee review")
