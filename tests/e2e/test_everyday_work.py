"""Everyday work in Chromium, in Russian and in Kazakh: the expert quotes by selecting words,
the drafter answers comments on the round's comments page and opens a thread, the secretary
plans a round (due date filled in, only the stage's experts offered) and runs a meeting that
cannot approve before its day, reschedules it and moves an act to another meeting. No eId is
ever shown: provisions are named as lawyers name them ("пункт 2 статьи 3", "3-баптың
2-тармағы").

Each test runs once per language on the same live server and accounts; what the page must say
comes from `SAYS[language]` (the catalogues' words, none of them English), what the people type
from `TYPED[language]`. The acts are brought to the right state through the API; the people use
only the pages.
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
from tests.support.pages import browser_speaking

pytestmark = pytest.mark.e2e

# People of their own: they choose the language in the header, which is kept on their accounts.
DRAFTER = Account("aliya", PASSWORD, "drafter")
SECRETARY = Account("zhanar", PASSWORD, "secretary")
DOMESTIC = Account("nurlan", PASSWORD, "domestic_expert")
INTERNATIONAL = Account("maria", PASSWORD, "international_expert")
EID = re.compile(r"\b(?:sec|chp|art|para|subpara|part|annex|note)_\d\w*")
LATER = date.today() + timedelta(days=30)
LANGUAGES = ["ru", "kk"]

# What the pages say, from each language's catalogue.
SAYS = {
    "ru": {
        "your comment": "Ваше замечание",
        "post the comment": "Отправить замечание",
        "comment saved": "«пункт 2 статьи 3»",
        "round link": re.compile("Раунд"),
        "comments and dispositions": "Замечания и решения по ним",
        "provision in the table": "Пункт 2 статьи 3",
        "disposition": "Решение по замечанию",
        "reason": "Основание",
        "save the answer": "Сохранить решение",
        "open the thread": re.compile("Открыть обсуждение"),
        "plan a review round": "Запланировать раунд экспертизы",
        "round due date": "Срок раунда",
        "plan the round": "Запланировать раунд",
        "a weekend day": "выходной день",
        "keep these dates": "Оставить эти даты",
        "round planned": "запланирован",
        "business days": "рабоч",
        "committee review": "Рассмотрение Операционным комитетом",
        "approve": "Утвердить",
        "date": "Дата",
        "start time": "Время начала",
        "place": "Место",
        "title": "Название",
        "schedule the meeting": "Назначить заседание",
        "act in committee review": "Акт на рассмотрении комитета",
        "put on the agenda": "Включить в повестку дня",
        "record the decision": "Записать решение",
        "decision on the day": "Решение записывается в день заседания",
        "attendance on the day": "в день заседания",
        "save the changes": "Сохранить изменения",
        "reason for the change": "Причина изменения",
        "move or take off": "Перенести на другое заседание",
        "move to": "Перенести на",
        "move the act": "Перенести акт",
        "act moved": "перенесён",
        "moved to another meeting": "Перенесён на другое заседание",
    },
    "kk": {
        "your comment": "Сіздің ескертпеңіз",
        "post the comment": "Ескертпені жіберу",
        "comment saved": "«3-баптың 2-тармағы» ережесіне берген ескертпеңіз сақталды",
        "round link": re.compile("сараптама кезеңі"),
        "comments and dispositions": "Ескертпелер және олар бойынша шешімдер",
        "provision in the table": "3-баптың 2-тармағы",
        "disposition": "Әзірлеушінің шешімі",
        "reason": "Негіздеме",
        "save the answer": "Жауапты сақтау",
        "open the thread": re.compile("Талқылауды ашу"),
        "plan a review round": "Сараптама кезеңін жоспарлау",
        "round due date": "Кезеңнің мерзімі",
        "plan the round": "Кезеңді жоспарлау",
        "a weekend day": "демалыс күні",
        "keep these dates": "Осы күндерді қалдыру",
        "round planned": "жоспарланды",
        "business days": "жұмыс күн",
        "committee review": "Операциялық комитеттің қарауы",
        "approve": "Мақұлдау",
        "date": "Күні",
        "start time": "Басталу уақыты",
        "place": "Өтетін орны",
        "title": "Атауы",
        "schedule the meeting": "Отырысты жоспарлау",
        "act in committee review": "Комитет қарауындағы акт",
        "put on the agenda": "Күн тәртібіне енгізу",
        "record the decision": "Шешімді тіркеу",
        "decision on the day": "Шешім отырыс күні",
        "attendance on the day": "Қатысу отырыс күні",
        "save the changes": "Өзгерістерді сақтау",
        "reason for the change": "Өзгерту себебі",
        "move or take off": "Басқа отырысқа ауыстыру",
        "move to": "Қайда ауыстыру",
        "move the act": "Актіні ауыстыру",
        "act moved": "ауыстырылды",
        "moved to another meeting": "Басқа отырысқа ауыстырылды",
    },
}
# What the people type and the API is given, in their language.
TYPED = {
    "ru": {
        "comment": "Десять рабочих дней — мало.",
        "comment start": "Десять рабочих дней",
        "answer": "Срок установлен законом.",
        "title": "Правила об инвестиционных преференциях",
        "registry title": "Правила о реестре",
        "committee title": "Правила о комитете",
        "ready": "Готово.",
        "next meeting": "Следующее заседание",
        "place": "Акимат, зал 301",
        "meeting": "Заседание Оперативного комитета",
        "new place": "Зал 5",
        "why rescheduled": "Председатель в отъезде.",
        "why moved": "Нужен перевод приложения.",
    },
    "kk": {
        "comment": "Он жұмыс күні — аз.",
        "comment start": "Он жұмыс күні",
        "answer": "Мерзім заңмен белгіленген.",
        "title": "Инвестициялық преференциялар туралы қағидалар",
        "registry title": "Тізілім туралы қағидалар",
        "committee title": "Комитет туралы қағидалар",
        "ready": "Дайын.",
        "next meeting": "Келесі отырыс",
        "place": "Әкімдік, 301-зал",
        "meeting": "Операциялық комитеттің отырысы",
        "new place": "5-зал",
        "why rescheduled": "Төраға іссапарда.",
        "why moved": "Қосымшаның аудармасы керек.",
    },
}


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


def signed_in(browser: Browser, live_server, account: Account, language: str) -> Page:
    """Signed in, with `language` chosen in the header (kept on the account)."""
    return browser_speaking(browser, live_server.url, account.username, account.password, language)


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
def in_domestic_review(live_server, drafters, people, api_for, language):
    """An act in domestic review, its round open for the domestic expert."""
    drafter, secretary = api_for(DRAFTER), api_for(SECRETARY)
    act = _ok(drafter.post("/acts", json={
        "title": TYPED[language]["title"], "act_type": "rules",
        "language": "en", "text": SAMPLE_TEXT,
    }), 201)  # fmt: skip
    _ok(secretary.post(f"/acts/{act['id']}/rounds", json={
        "stage": "domestic", "reviewers": [DOMESTIC.username],
        "due": (date.today() + timedelta(days=21)).isoformat(),
    }), 201)  # fmt: skip
    _ok(drafter.post(f"/acts/{act['id']}/transitions", json={"action": "submit_domestic_review"}))
    return act


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_expert_quotes_by_selecting_and_the_drafter_answers_on_the_round_page(
    browser: Browser, live_server, drafters, in_domestic_review, language
):
    says, typed = SAYS[language], TYPED[language]
    number = in_domestic_review["number"]
    expert = signed_in(browser, live_server, DOMESTIC, language)
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
    form.get_by_label(says["your comment"]).fill(typed["comment"])
    form.get_by_role("button", name=says["post the comment"]).click()
    expect(expert.get_by_role("status").filter(has_text=says["comment saved"])).to_be_visible()
    no_eid_on(expert)

    drafter = signed_in(browser, live_server, DRAFTER, language)
    drafter.goto(f"/acts/{number}")
    expect(drafter.locator("#art_3__para_2 .comment-count")).to_contain_text("1")
    wide_and_narrow(drafter, f"act-with-comments-{language}")
    drafter.locator("#rounds").get_by_role("link", name=says["round link"]).first.click()
    drafter.get_by_role("link", name=says["comments and dispositions"]).first.click()
    expect(drafter.get_by_role("heading", name=says["comments and dispositions"])).to_be_visible()
    row = drafter.locator("tr").filter(has_text=typed["comment start"])
    expect(row).to_contain_text(says["provision in the table"])
    no_eid_on(drafter)
    wide_and_narrow(drafter, f"round-comments-{language}")
    # A refused answer keeps what was typed, on the same page.
    row.get_by_label(says["disposition"]).select_option("rejected")
    row.get_by_label(says["reason"]).fill("   ")
    row.get_by_role("button", name=says["save the answer"]).click()
    row = drafter.locator("tr").filter(has_text=typed["comment start"])
    expect(row.get_by_label(says["disposition"])).to_have_value("rejected")
    row.get_by_label(says["reason"]).fill(typed["answer"])
    row.get_by_role("button", name=says["save the answer"]).click()
    expect(drafter).to_have_url(re.compile(r"/rounds/\d+/comments"))
    row = drafter.locator("tr").filter(has_text=typed["comment start"])
    expect(row).to_contain_text(typed["answer"])
    # "Open the thread" leads to the thread on the act page, not back here.
    row.get_by_role("link", name=says["open the thread"]).click()
    expect(drafter).to_have_url(re.compile(rf"/acts/{number}/v/1#comment-\d+"))
    expect(drafter.locator(".comment").filter(has_text=typed["comment start"])).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_secretary_plans_a_round_with_the_stage_length_and_its_experts(
    browser: Browser, live_server, drafters, people, api_for, language
):
    says = SAYS[language]
    act = _ok(api_for(DRAFTER).post("/acts", json={
        "title": TYPED[language]["registry title"], "act_type": "rules", "language": "en",
        "text": SAMPLE_TEXT,
    }), 201)  # fmt: skip
    page = signed_in(browser, live_server, SECRETARY, language)
    page.goto(f"/acts/{act['number']}")
    page.get_by_role("link", name=says["plan a review round"]).click()
    due = page.get_by_label(says["round due date"])
    expect(due).not_to_have_value("")
    suggested = date.fromisoformat(due.input_value())
    assert suggested.weekday() < 5 and suggested > date.today()
    expect(page.get_by_role("checkbox", name=re.compile(DOMESTIC.username))).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile(INTERNATIONAL.username))).to_have_count(0)
    saturday = date.today() + timedelta(days=(5 - date.today().weekday()) % 7 or 7)
    due.fill(saturday.isoformat())
    page.get_by_role("checkbox", name=re.compile(DOMESTIC.username)).check()
    page.get_by_role("button", name=says["plan the round"]).click()
    expect(page.locator("#off-days")).to_contain_text(says["a weekend day"])
    page.get_by_label(says["keep these dates"]).check()
    page.get_by_role("button", name=says["plan the round"]).click()
    expect(page.get_by_role("status").filter(has_text=says["round planned"])).to_be_visible()
    expect(page.locator("body")).to_contain_text(says["business days"])  # days left, business


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_secretary_cannot_approve_early_reschedules_and_moves_an_act(
    browser: Browser, live_server, drafters, people, api_for, language
):
    says, typed = SAYS[language], TYPED[language]
    drafter, secretary = api_for(DRAFTER), api_for(SECRETARY)
    act = _ok(drafter.post("/acts", json={
        "title": typed["committee title"], "act_type": "rules", "language": "en",
        "text": SAMPLE_TEXT,
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
            "recommendation": "approve", "text": typed["ready"],
        }), 201)  # fmt: skip
    _ok(drafter.post(f"/acts/{act['id']}/transitions", json={"action": "submit_to_committee"}))
    refused = secretary.post(f"/acts/{act['id']}/transitions", json={"action": "approve"})
    assert refused.status_code == 409
    number = act["number"]
    other = _ok(secretary.post("/meetings", json={
        "date": (LATER + timedelta(days=7)).isoformat(), "title": typed["next meeting"],
    }), 201)  # fmt: skip

    page = signed_in(browser, live_server, SECRETARY, language)
    page.goto(f"/acts/{number}")
    # The act's page speaks the language (its state), and offers no approval outside a meeting.
    expect(page.locator("main")).to_contain_text(says["committee review"])
    expect(page.locator("#workflow")).not_to_contain_text(says["approve"])
    page.goto("/meetings/new")
    page.get_by_label(says["date"]).fill(LATER.isoformat())
    page.get_by_label(says["start time"]).fill("10:30")
    page.get_by_label(says["place"]).fill(typed["place"])
    page.get_by_label(says["title"]).fill(typed["meeting"])
    page.get_by_role("button", name=says["schedule the meeting"]).click()
    choice = page.get_by_label(says["act in committee review"])
    choice.select_option(choice.locator("option", has_text=number).get_attribute("value"))
    page.get_by_role("button", name=says["put on the agenda"]).click()
    item = page.locator(".agenda-item").filter(has_text=number)
    # Before the day: no decision form, and the reason is said before anything is typed.
    expect(item.get_by_role("button", name=says["record the decision"])).to_have_count(0)
    expect(item).to_contain_text(says["decision on the day"])
    expect(page.locator("#attendance")).to_contain_text(says["attendance on the day"])
    expect(page.locator(".meta")).to_contain_text("10:30")

    # Reschedule without a reason: refused, what was typed kept.
    page.locator("#reschedule summary").click()  # "Change the date, time, place or title"
    later = LATER + timedelta(days=1)
    reschedule = page.locator("#reschedule")
    reschedule.get_by_label(says["date"]).fill(later.isoformat())
    reschedule.get_by_label(says["place"]).fill(typed["new place"])
    page.get_by_role("button", name=says["save the changes"]).click()
    expect(page.locator("#reschedule .alert-error")).to_be_visible()
    expect(reschedule.get_by_label(says["place"])).to_have_value(typed["new place"])
    reschedule.get_by_label(says["reason for the change"]).fill(typed["why rescheduled"])
    page.get_by_role("button", name=says["save the changes"]).click()
    expect(page.locator("#changes")).to_contain_text(typed["why rescheduled"])
    expect(page.locator(".meta")).to_contain_text(typed["new place"])

    # Move the act to the other meeting, with the reason kept on this one.
    item = page.locator(".agenda-item").filter(has_text=number)
    item.locator("summary").filter(has_text=says["move or take off"]).click()
    item.get_by_label(says["move to"]).select_option(str(other["id"]))
    item.get_by_label(says["reason"]).fill(typed["why moved"])
    item.get_by_role("button", name=says["move the act"]).click()
    expect(page.get_by_role("status").filter(has_text=says["act moved"])).to_be_visible()
    moved = page.locator(".agenda-item").filter(has_text=number)
    expect(moved).to_contain_text(says["moved to another meeting"])
    expect(moved).to_contain_text(typed["why moved"])
    no_eid_on(page)
    wide_and_narrow(page, f"meeting-{language}")
