"""References in Chromium: a reference on the act page shows its target's wording on keyboard
focus and leads to it; renumbering from the act page rewrites the reference."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_drafter_journey import sign_in

pytestmark = pytest.mark.e2e

TEXT = """Статья 1. Предмет
1. Отношения, указанные в пункте 2 статьи 4 настоящего Закона.

Статья 4. Порядок
1. Первый пункт.
2. Второй пункт о порядке.
"""


def test_a_reference_shows_its_target_on_focus_and_renumbering_rewrites_it(
    page: Page, api_for, drafters
):
    dana = drafters[0]
    api = api_for(dana)
    act = api.post(
        "/acts",
        json={"title": "Закон о ссылках", "act_type": "law", "language": "ru", "text": TEXT},
    ).json()
    page.goto("/login")
    sign_in(page, dana.username, dana.password)
    page.goto(f"/acts/{act['number']}")

    link = page.get_by_role("link", name="пункте 2 статьи 4 настоящего Закона")
    link.focus()
    tip = page.get_by_role("tooltip")
    expect(tip).to_be_visible()
    expect(tip).to_have_text("пункт 2 статьи 4: Второй пункт о порядке.")
    expect(link).to_have_attribute("aria-describedby", "ref-tip")
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    expect(page.get_by_text("Referred to from:")).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Renumber in sequence").click()
    expect(page.get_by_role("status").filter(has_text="Renumbered as version 2")).to_be_visible()
    renumbered = page.get_by_role("link", name="пункте 2 статьи 2 настоящего Закона")
    renumbered.click()
    assert page.url.endswith(f"/acts/{act['number']}#art_2__para_2")
