"""Everyday work in Chromium, in Russian: the expert quotes by selecting words, the drafter
answers comments on the round's comments page and opens a thread, the secretary plans a
round (due date filled in, only the stage's experts offered) and runs a meeting that cannot
approve before its day, reschedules it and moves an act to another meeting. No eId is ever
shown: provisions are named as lawyers name them ("пункт 2 статьи 3").

The acts are brought to the right state through the API; the people use only the pages.
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PASSWORD, Account
from tests.support.builders import SAMPLE_TEXT

pytestmark = pytest.mark.e2e

# People of their own: they switch to Russian, which is kept on their accounts.
DRAFTER = Account("aliya", PASSWORD, "drafter")
SECRETARY = Account("zhanar", PASSWORD, "secretary")
DOMESTIC = Account("nurlan", PASSWORD, "domestic_expert")
INTERNATIONAL = Account("maria", PASSWORD, "international_expert")
EID = re.compile(r"\b(?:sec|chp|art|para|subpara|part|annex|note)_\d\w*")
LATER = date.today() + timedelta(days=30)


@pytest.fixture(scope="module")
def people(live_server):
    live_server.create_users(
        (DRAFTER.username, DRAFTER.role, DRAFTER.password),
        (SECRETARY.username, SECRETARY.role, SECRETARY.password),
        (DOMESTIC.username, DOMESTIC.role, DOMESTIC.password, "Institute"),
        (INTERNATIONAL.username, INTERNATIONAL.role, INTERNATIONAL.password, "OECD"),
    )


def _ok(response, status: int = 200):
    assert response.status_code == status, response.text
    return response.json()


def in_russian(browser: Browser, live_server, account: Account) -> Page:
    """Signed in, with Russian chosen in the header (kept on the account)."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/login?ui_lang=ru")
    page.locator("#username").fill(account.username)
    page.locator("#password").fill(account.password)
    page.locator("main form button[type=submit]").click()
    page.locator(".language-switcher").get_by_role("button", name="Русский").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("#username")).to_have_count(0)
    return page


def no_eid_on(page: Page) -> None:
    assert EID.findall(page.locator("body").inner_text()) == []


def wide_and_narrow(page: Page, name: str) -> None:
    """No horizontal scroll at 1,366 and 390 px; screenshots kept where E2E_SCREENSHOTS says."""
    folder = os.environ.get("E2E_SCREENSHOTS")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways at {width} px"
        if folder:
            page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


@pytest.fixture
def in_domestic_review(live_server, drafters, people, api_for):
    """An act in domestic review, its round open for the domestic expert."""
    drafter, secretary = api_for(DRAFTER), api_for(SECRETARY)
    act = _ok(drafter.post("/acts", json={
        "title": "Правила об инвестиционных преференциях", "act_type": "rules",
        "language": "en", "text": SAMPLE_TEXT,
    }), 201)  # fmt: skip
    _ok(secretary.post(f"/acts/{act['id']}/rounds", json={
        "stage": "domestic", "reviewers": [DOMESTIC.username],
        "due": (date.today() + timedelta(days=21)).isoformat(),
    }), 201)  # fmt: skip
    _ok(drafter.post(f"/acts/{act['id']}/transitions", json={"action": "submit_domestic_review"}))
    return act


def test_the_expert_quotes_by_selecting_and_the_drafter_answers_on_the_round_page(
    browser: Browser, live_server, drafters, in_domestic_review
):
    number = in_domestic_review["number"]
    expert = in_russian(browser, live_server, DOMESTIC)
    expert.goto(f"/acts/{number}")
    paragraph = expert.locator("#art_3__para_2 .provision-body")
    # Select "ten business days" in the paragraph, as a reader drags over it.
    paragraph.evaluate(
        """(element) => {
            const text = element.firstChild.nodeType === 3 ? element.firstChild
                : element.querySelector('*').firstChild;
            const words = 'ten business days';
            const at = element.textContent.indexOf(words);
            const range = document.createRange();
            range.setStart(element.childNodes[0], at);
            range.setEnd(element.childNodes[0], at + words.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            element.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }"""
    )
    quote = expert.locator("#quote-art_3__para_2")
    expect(quote).to_have_value("ten business days")
    expect(quote).to_be_visible()  # the form opened by itself
    form = expert.locator("#comments-art_3__para_2")
    form.get_by_label("Ваше замечание").fill("Десять рабочих дней — мало.")
    form.get_by_role("button", name="Отправить замечание").click()
    expect(expert.get_by_role("status").filter(has_text="«пункт 2 статьи 3»")).to_be_visible()
    no_eid_on(expert)

    drafter = in_russian(browser, live_server, DRAFTER)
    drafter.goto(f"/acts/{number}")
    expect(drafter.locator("#art_3__para_2 .comment-count")).to_contain_text("1")
    wide_and_narrow(drafter, "act-with-comments")
    drafter.locator("#rounds").get_by_role("link", name=re.compile("Раунд")).first.click()
    drafter.get_by_role("link", name=re.compile("Замечания")).first.click()
    expect(drafter.get_by_role("heading", name="Замечания и решения по ним")).to_be_visible()
    row = drafter.locator("tr").filter(has_text="Десять рабочих дней")
    expect(row).to_contain_text("Пункт 2 статьи 3")
    no_eid_on(drafter)
    wide_and_narrow(drafter, "round-comments")
    # A refused answer keeps what was typed, on the same page.
    row.get_by_label("Решение по замечанию").select_option("rejected")
    row.get_by_label("Основание").fill("   ")
    row.get_by_role("button", name="Сохранить решение").click()
    row = drafter.locator("tr").filter(has_text="Десять рабочих дней")
    expect(row.get_by_label("Решение по замечанию")).to_have_value("rejected")
    row.get_by_label("Основание").fill("Срок установлен законом.")
    row.get_by_role("button", name="Сохранить решение").click()
    expect(drafter).to_have_url(re.compile(r"/rounds/\d+/comments"))
    row = drafter.locator("tr").filter(has_text="Десять рабочих дней")
    expect(row).to_contain_text("Срок установлен законом.")
    # "Open the thread" leads to the thread on the act page, not back here.
    row.get_by_role("link", name=re.compile("Открыть обсуждение")).click()
    expect(drafter).to_have_url(re.compile(rf"/acts/{number}/v/1#comment-\d+"))
    expect(drafter.locator(".comment").filter(has_text="Десять рабочих дней")).to_be_visible()


def test_the_secretary_plans_a_round_with_the_stage_length_and_its_experts(
    browser: Browser, live_server, drafters, people, api_for
):
    act = _ok(api_for(DRAFTER).post("/acts", json={
        "title": "Правила о реестре", "act_type": "rules", "language": "en",
        "text": SAMPLE_TEXT,
    }), 201)  # fmt: skip
    page = in_russian(browser, live_server, SECRETARY)
    page.goto(f"/acts/{act['number']}")
    page.get_by_role("link", name="Запланировать раунд экспертизы").click()
    due = page.get_by_label("Срок раунда")
    expect(due).not_to_have_value("")
    suggested = date.fromisoformat(due.input_value())
    assert suggested.weekday() < 5 and suggested > date.today()
    expect(page.get_by_role("checkbox", name=re.compile(DOMESTIC.username))).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile(INTERNATIONAL.username))).to_have_count(0)
    saturday = date.today() + timedelta(days=(5 - date.today().weekday()) % 7 or 7)
    due.fill(saturday.isoformat())
    page.get_by_role("checkbox", name=re.compile(DOMESTIC.username)).check()
    page.get_by_role("button", name="Запланировать раунд").click()
    expect(page.locator("#off-days")).to_contain_text("выходной день")
    page.get_by_label("Оставить эти даты").check()
    page.get_by_role("button", name="Запланировать раунд").click()
    expect(page.get_by_role("status").filter(has_text="запланирован")).to_be_visible()
    expect(page.locator("body")).to_contain_text("рабоч")  # days left, in business days


def test_the_secretary_cannot_approve_early_reschedules_and_moves_an_act(
    browser: Browser, live_server, drafters, people, api_for
):
    drafter, secretary = api_for(DRAFTER), api_for(SECRETARY)
    act = _ok(drafter.post("/acts", json={
        "title": "Правила о комитете", "act_type": "rules", "language": "en", "text": SAMPLE_TEXT,
    }), 201)  # fmt: skip
    for stage, expert, action in (
        ("domestic", DOMESTIC, "submit_domestic_review"),
        ("international", INTERNATIONAL, "submit_international_review"),
    ):
        _ok(secretary.post(f"/acts/{act['id']}/rounds", json={
            "stage": stage, "reviewers": [expert.username],
            "due": (date.today() + timedelta(days=21)).isoformat(),
        }), 201)  # fmt: skip
        _ok(drafter.post(f"/acts/{act['id']}/transitions", json={"action": action}))
        (current,) = [
            r for r in _ok(secretary.get(f"/acts/{act['id']}/rounds"))["items"]
            if r["status"] == "open"
        ]  # fmt: skip
        _ok(api_for(expert).post(f"/rounds/{current['id']}/opinion", json={
            "recommendation": "approve", "text": "Готово.",
        }), 201)  # fmt: skip
    _ok(drafter.post(f"/acts/{act['id']}/transitions", json={"action": "submit_to_committee"}))
    refused = secretary.post(f"/acts/{act['id']}/transitions", json={"action": "approve"})
    assert refused.status_code == 409
    number = act["number"]
    other = _ok(secretary.post("/meetings", json={
        "date": (LATER + timedelta(days=7)).isoformat(), "title": "Следующее заседание",
    }), 201)  # fmt: skip

    page = in_russian(browser, live_server, SECRETARY)
    page.goto(f"/acts/{number}")
    expect(page.locator("#workflow")).not_to_contain_text("Утвердить")
    page.goto("/meetings/new")
    page.get_by_label("Дата").fill(LATER.isoformat())
    page.get_by_label("Время начала").fill("10:30")
    page.get_by_label("Место").fill("Акимат, зал 301")
    page.get_by_label("Название").fill("Заседание Оперативного комитета")
    page.get_by_role("button", name="Назначить заседание").click()
    choice = page.get_by_label("Акт на рассмотрении комитета")
    choice.select_option(choice.locator("option", has_text=number).get_attribute("value"))
    page.get_by_role("button", name="Включить в повестку дня").click()
    item = page.locator(".agenda-item").filter(has_text=number)
    # Before the day: no decision form, and the reason is said before anything is typed.
    expect(item.get_by_role("button", name="Записать решение")).to_have_count(0)
    expect(item).to_contain_text("Решение записывается в день заседания")
    expect(page.locator("#attendance")).to_contain_text("в день заседания")
    expect(page.locator(".meta")).to_contain_text("10:30")

    # Reschedule without a reason: refused, what was typed kept.
    page.locator("#reschedule summary").click()  # "Change the date, time, place or title"
    later = LATER + timedelta(days=1)
    page.locator("#reschedule").get_by_label("Дата").fill(later.isoformat())
    page.locator("#reschedule").get_by_label("Место").fill("Зал 5")
    page.get_by_role("button", name="Сохранить изменения").click()
    expect(page.locator("#reschedule .alert-error")).to_be_visible()
    expect(page.locator("#reschedule").get_by_label("Место")).to_have_value("Зал 5")
    page.locator("#reschedule").get_by_label("Причина изменения").fill("Председатель в отъезде.")
    page.get_by_role("button", name="Сохранить изменения").click()
    expect(page.locator("#changes")).to_contain_text("Председатель в отъезде.")
    expect(page.locator(".meta")).to_contain_text("Зал 5")

    # Move the act to the other meeting, with the reason kept on this one.
    item = page.locator(".agenda-item").filter(has_text=number)
    item.locator("summary").filter(has_text="Перенести").click()
    item.get_by_label("Перенести на").select_option(str(other["id"]))
    item.get_by_label("Основание").fill("Нужен перевод приложения.")
    item.get_by_role("button", name="Перенести акт").click()
    expect(page.get_by_role("status").filter(has_text="перенесён")).to_be_visible()
    moved = page.locator(".agenda-item").filter(has_text=number)
    expect(moved).to_contain_text("Перенесён на другое заседание")
    expect(moved).to_contain_text("Нужен перевод приложения.")
    no_eid_on(page)
    wide_and_narrow(page, "meeting")
