"""Reading pages as a person does, signed in with a chosen interface language."""

from __future__ import annotations

import html
import re

from flask import current_app

from alatau_legal.accounts.models import Language, User
from alatau_legal.extensions import db
from tests.support.builders import login


def words_of(page: str) -> str:
    """What a person reads: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def speaking(user: User, language: str):
    """A browser signed in as `user`, whose stored interface language is `language`."""
    user.locale = Language(language)
    db.session.commit()
    client = current_app.test_client()
    assert login(client, user.username).status_code == 302
    return client


# The names the header's language switcher gives each language.
SWITCHER_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}


def browser_speaking(browser, base_url: str, username: str, password: str, language: str):
    """A Chromium page signed in as `username`, who chose `language` in the header's switcher
    (kept on the account, so every later page and refusal speaks it)."""
    from playwright.sync_api import expect

    context = browser.new_context(base_url=base_url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"/login?ui_lang={language}")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#username")).to_have_count(0)
    page.locator(".language-switcher").get_by_role("button", name=SWITCHER_NAMES[language]).click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    return page
