"""The main walk in Chromium in Kazakh: create → review → committee.

Every person chooses Қазақша in the header (kept on the account). The drafter creates an act on
the page (a refused first try keeps the typed title, the reason in Kazakh), reads why the act
cannot be submitted yet (the guard in Kazakh), submits it, answers the expert's comment on the
round's comments page (a refused answer keeps the choice, its reason in Kazakh), is told in
Kazakh what still blocks the committee, and submits to the Operational Committee; the secretary
schedules a meeting and puts the act on its agenda, and is told in Kazakh that the decision
waits for the meeting's day. The rounds are planned and the opinions given through the API:
the Russian and English walks cover those pages. No English guard or service message is left.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PASSWORD, Account
from tests.e2e.test_everyday_work import no_eid_on, wide_and_narrow
from tests.support.builders import SAMPLE_TEXT

pytestmark = pytest.mark.e2e

DRAFTER = Account("dariga", PASSWORD, "drafter")
SECRETARY = Account("kamila", PASSWORD, "secretary")
DOMESTIC = Account("serik", PASSWORD, "domestic_expert")
INTERNATIONAL = Account("sophie", PASSWORD, "international_expert")
TITLE = "Инвестициялық преференциялар туралы қағидалар"
LATER = date.today() + timedelta(days=30)
# What the English interface would say; none of it may reach a Kazakh page.
ENGLISH = re.compile(
    r"The secretary must|is blocked|has no disposition|is not complete|opinion\(s\)|"
    r"Write the|The act has no text|recorded on the day"
)


@pytest.fixture(scope="module")
def people(live_server):
    live_server.create_users(
        (DRAFTER.username, DRAFTER.role, DRAFTER.password),
        (SECRETARY.username, SECRETARY.role, SECRETARY.password),
        (DOMESTIC.username, DOMESTIC.role, DOMESTIC.password, "Заң институты"),
        (INTERNATIONAL.username, INTERNATIONAL.role, INTERNATIONAL.password, "OECD"),
    )


def _ok(response, status: int = 200):
    assert response.status_code == status, response.text
    return response.json()


def in_kazakh(browser: Browser, live_server, account: Account) -> Page:
    """Signed in, with Қазақша chosen in the header (kept on the account)."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto("/login?ui_lang=kk")
    page.locator("#username").fill(account.username)
    page.locator("#password").fill(account.password)
    page.locator("main form button[type=submit]").click()
    page.locator(".language-switcher").get_by_role("button", name="Қазақша").click()
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.locator("#username")).to_have_count(0)
    return page


def no_english_on(page: Page) -> None:
    assert ENGLISH.findall(page.locator("body").inner_text()) == []


def workflow_item(page: Page, action: str):
    return page.locator("#workflow .workflow-action, #workflow .workflow-action-blocked").filter(
        has_text=action
    )


def press(page: Page, action: str) -> None:
    page.locator("#workflow").get_by_role("button", name=action, exact=True).click()


def flash(page: Page, text: str | re.Pattern) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def plan(api, act_id: int, stage: str, reviewer: Account) -> None:
    _ok(api.post(f"/acts/{act_id}/rounds", json={
        "stage": stage, "reviewers": [reviewer.username],
        "due": (date.today() + timedelta(days=21)).isoformat(),
    }), 201)  # fmt: skip


def open_round(api, act_id: int) -> dict:
    (found,) = [r for r in _ok(api.get(f"/acts/{act_id}/rounds"))["items"] if r["status"] == "open"]
    return found


def test_create_review_and_committee_in_kazakh(
    browser: Browser, live_server, drafters, people, api_for
):
    drafter = in_kazakh(browser, live_server, DRAFTER)

    # Create: the first try has no text; refused in Kazakh, the title kept.
    drafter.goto("/acts/new")
    drafter.get_by_label("Атауы", exact=True).fill(TITLE)
    drafter.get_by_label("Мәтіннің тілі").select_option("en")
    drafter.get_by_role("button", name="Актіні құру").click()
    expect(drafter.locator("main")).to_contain_text("Актінің әлі мәтіні жоқ")
    expect(drafter.get_by_label("Атауы", exact=True)).to_have_value(TITLE)
    drafter.get_by_role("textbox", name=re.compile(r"^Мәтін")).fill(SAMPLE_TEXT)
    drafter.get_by_role("button", name="Актіні құру").click()
    expect(drafter.get_by_role("heading", name=TITLE)).to_be_visible()
    number = re.search(r"/acts/([A-Z0-9-]+)", drafter.url).group(1)

    # Not yet: the guard says why, in Kazakh.
    expect(workflow_item(drafter, "Отандық сараптамаға жіберу")).to_contain_text(
        "Алдымен хатшы ішкі сараптама кезеңін жоспарлауы керек"
    )
    no_english_on(drafter)

    # Review: the domestic round.
    secretary_api, drafter_api = api_for(SECRETARY), api_for(DRAFTER)
    act_id = next(
        a["id"]
        for a in _ok(drafter_api.get("/acts", params={"q": number}))["items"]
        if a["number"] == number
    )
    plan(secretary_api, act_id, "domestic", DOMESTIC)
    drafter.goto(f"/acts/{number}")
    press(drafter, "Отандық сараптамаға жіберу")
    flash(drafter, "қазір мына мәртебеде")

    expert = in_kazakh(browser, live_server, DOMESTIC)
    expert.goto(f"/acts/{number}")
    form = expert.locator("#comments-art_3__para_2")
    expert.locator("#art_3__para_2 > .provision-own").hover()
    form.locator("summary").filter(has_text="ескертпе").first.click()
    form.get_by_label("Сіздің ескертпеңіз").fill("Он жұмыс күні толық өтінім үшін аз.")
    form.get_by_role("button", name="Ескертпені жіберу").click()
    flash(expert, "ескертпеңіз сақталды")
    no_eid_on(expert)
    review_round = open_round(secretary_api, act_id)
    _ok(api_for(DOMESTIC).post(f"/rounds/{review_round['id']}/opinion", json={
        "recommendation": "approve_with_changes", "text": "Мерзімді ұзарту керек.",
    }), 201)  # fmt: skip

    # What still blocks the international review, in Kazakh.
    drafter.goto(f"/acts/{number}")
    blocked = workflow_item(drafter, "Халықаралық сараптамаға жіберу")
    expect(blocked).to_contain_text("1 ескертпе бойынша әзірлеуші әлі шешім қабылдаған жоқ.")
    expect(blocked).to_contain_text("Алдымен хатшы халықаралық сараптама кезеңін")
    no_english_on(drafter)
    wide_and_narrow(drafter, "kk-act-blocked")

    # The drafter answers on the round's comments page; a refused answer keeps the choice.
    drafter.goto(f"/acts/{number}/rounds/{review_round['id']}/comments")
    row = drafter.locator("tr").filter(has_text="Он жұмыс күні")
    row.get_by_label("Әзірлеушінің шешімі").select_option("accepted")
    row.get_by_label("Негіздеме").fill("   ")
    row.get_by_role("button", name="Жауапты сақтау").click()
    row = drafter.locator("tr").filter(has_text="Он жұмыс күні")
    expect(row.get_by_label("Әзірлеушінің шешімі")).to_have_value("accepted")
    expect(drafter.locator("main")).to_contain_text("«шешімнің негіздемесі» өрісін толтырыңыз.")
    no_english_on(drafter)
    row.get_by_label("Негіздеме").fill("Мерзім жиырма жұмыс күніне ұзартылды.")
    row.get_by_role("button", name="Жауапты сақтау").click()
    row = drafter.locator("tr").filter(has_text="Он жұмыс күні")
    expect(row).to_contain_text("Мерзім жиырма жұмыс күніне ұзартылды.")

    # The international round, then the committee.
    plan(secretary_api, act_id, "international", INTERNATIONAL)
    drafter.goto(f"/acts/{number}")
    press(drafter, "Халықаралық сараптамаға жіберу")
    flash(drafter, "қазір мына мәртебеде")
    _ok(api_for(INTERNATIONAL).post(f"/rounds/{open_round(secretary_api, act_id)['id']}/opinion",
        json={"recommendation": "approve", "text": "Үздік тәжірибеге сай."}), 201)  # fmt: skip
    drafter.goto(f"/acts/{number}")
    press(drafter, "Операциялық комитетке жіберу")
    flash(drafter, "қазір мына мәртебеде")
    expect(drafter.locator("main")).to_contain_text("Операциялық комитеттің қарауы")

    # The secretary: no approval on the act page; a meeting, the act on its agenda.
    secretary = in_kazakh(browser, live_server, SECRETARY)
    secretary.goto(f"/acts/{number}")
    expect(secretary.locator("main")).not_to_contain_text("Мақұлдау")
    secretary.goto("/meetings/new")
    secretary.get_by_label("Күні").fill(LATER.isoformat())
    secretary.get_by_label("Басталу уақыты").fill("10:30")
    secretary.get_by_label("Өтетін орны").fill("Әкімдік, 301-зал")
    secretary.get_by_label("Атауы").fill("Операциялық комитеттің отырысы")
    secretary.get_by_role("button", name="Отырысты жоспарлау").click()
    flash(secretary, "отырысы жоспарланды")
    choice = secretary.get_by_label("Комитет қарауындағы акт")
    choice.select_option(choice.locator("option", has_text=number).get_attribute("value"))
    secretary.get_by_role("button", name="Күн тәртібіне енгізу").click()
    item = secretary.locator(".agenda-item").filter(has_text=number)
    expect(item.get_by_role("button", name="Шешімді тіркеу")).to_have_count(0)
    expect(item).to_contain_text("Шешім отырыс күні")
    no_english_on(secretary)
    no_eid_on(secretary)
    wide_and_narrow(secretary, "kk-meeting")
