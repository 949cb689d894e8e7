"""A form refused for a control character, in Chromium, in Russian and in Kazakh.

A control character cannot be typed on a keyboard but arrives with pasted text; here the
page's own JavaScript puts one into the act's text, the drafter types a note as usual and
saves. The answer is the 400 page: it says which field was refused (named as the form labels
it, in the reader's language), gives the text back in a text box without the control
character, keeps the note, and sending it again from there saves the version, note and all.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import PASSWORD, Account
from tests.e2e.test_everyday_work import wide_and_narrow
from tests.support.builders import SAMPLE_TEXT
from tests.support.pages import browser_speaking

pytestmark = pytest.mark.e2e

DRAFTERS = {
    "ru": Account("asel", PASSWORD, "drafter"),
    "kk": Account("madina", PASSWORD, "drafter"),
}
BELL = "\u0007"
# What each language's page says; none of it English.
SAID = {
    "ru": {
        "title": "Этот запрос невозможно выполнить",
        "message": "Поле Текст содержит управляющий символ (U+0007)",
        "label": "Поле «Текст»",
        "again": "Отправить снова",
        "note": "Уточнён срок рассмотрения",
    },
    "kk": {
        "title": "Бұл сұрауды орындау мүмкін емес",
        "message": "Мәтін өрісінде басқарушы таңба бар (U+0007)",
        "label": "«Мәтін» өрісі",
        "again": "Қайта жіберу",
        "note": "Қарау мерзімі нақтыланды",
    },
}


@pytest.fixture(scope="module")
def people(live_server):
    for account in DRAFTERS.values():
        live_server.create_user(account.username, account.role, account.password)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_control_character_is_refused_and_the_typed_text_comes_back(
    browser: Browser, live_server, people, api_for, language
):
    account, said = DRAFTERS[language], SAID[language]
    api = api_for(account)
    created = api.post("/acts", json={
        "title": "Rules on investment preferences", "act_type": "rules", "language": "en",
        "text": SAMPLE_TEXT,
    })  # fmt: skip
    assert created.status_code == 201, created.text
    act = created.json()
    page = browser_speaking(browser, live_server.url, account.username, PASSWORD, language)
    page.goto(f"/acts/{act['number']}/edit")

    typed = SAMPLE_TEXT.replace("ten business days", f"fifteen{BELL} business days")
    assert typed != SAMPLE_TEXT
    clean = typed.replace(BELL, "")
    # A keyboard cannot type U+0007: the page's JavaScript puts it in, as a paste would.
    page.locator("#act-text").evaluate("(area, text) => { area.value = text; }", typed)
    page.locator("#note").fill(said["note"])
    with page.expect_response(lambda r: r.request.method == "POST") as answered:
        page.locator("main form.editor-form button[type=submit]").click()
    assert answered.value.status == 400

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(said["title"])
    expect(page.locator("#refused-message")).to_contain_text(said["message"])
    expect(page.locator("label[for=refused-field]")).to_have_text(said["label"])
    field = page.get_by_label(said["label"])
    expect(field).to_be_editable()
    assert field.input_value() == clean  # the text back, without the control character
    assert BELL not in page.content()
    form = page.locator("main form")
    expect(form.locator("input[type=hidden][name=note]")).to_have_value(said["note"])
    expect(form.locator("input[type=hidden][name=base_version]")).to_have_value("1")
    assert "contains a control character" not in page.locator("body").inner_text()
    wide_and_narrow(page, f"refused-form-{language}")
    assert api.get(f"/acts/{act['id']}").json()["current_version"] == 1  # nothing saved

    with page.expect_response(lambda r: r.request.method == "POST") as again:
        page.get_by_role("button", name=said["again"]).click()
    assert again.value.status == 302
    expect(page).to_have_url(f"{live_server.url}/acts/{act['number']}")
    versions = api.get(f"/acts/{act['id']}/versions").json()["items"]
    assert [v["number"] for v in versions if v["number"] == 2] == [2]
    assert next(v for v in versions if v["number"] == 2)["note"] == said["note"]
    saved = api.get(f"/acts/{act['id']}/versions/2").json()["text"]
    assert "fifteen business days" in saved and BELL not in saved
