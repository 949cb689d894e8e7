"""A drafter's day in Chromium against the real server: sign in, create, edit twice, compare.

Everything goes through the pages a person uses, found by their labels, roles and button
names: no form is posted behind the browser's back, and the editor's live outline runs the
real JavaScript against the real preview endpoint.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.support.builders import SAMPLE_TEXT

pytestmark = pytest.mark.e2e

ACT_TEXT = SAMPLE_TEXT
OUTLINE = [
    "Chapter 1. General provisions",
    "Article 1. Subject of these Rules",
    "Article 2. Definitions",
    "Chapter 2. Procedure",
    "Article 3. Application",
]
# (old phrase, new phrase, note): one word changed in one article per edit.
EDITS = [
    ("These Rules govern investment", "These Rules regulate investment", "Article 1: verb"),
    ("within ten business days", "within fifteen business days", "Article 3: time limit"),
]
DELETED_WORDS = ["govern", "ten"]
INSERTED_WORDS = ["regulate", "fifteen"]


def sign_in(page: Page, username: str, password: str) -> None:
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("status").filter(has_text="Signed in as")).to_be_visible()


def expect_flash(page: Page, text: str | re.Pattern) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def edit_once(page: Page, old: str, new: str, note: str, version: int) -> None:
    """From the act's page: open the editor, change one phrase, save with a note."""
    page.get_by_role("link", name="Edit the text", exact=True).click()
    expect(page.get_by_role("heading", name="Edit the text")).to_be_visible()
    text = page.get_by_role("textbox", name="Text", exact=True)
    current = text.input_value()
    assert current.count(old) == 1, current
    text.fill(current.replace(old, new))
    page.get_by_label("What changed").fill(note)
    page.get_by_role("button", name="Save as a new version").click()
    expect_flash(page, f"Saved as version {version}.")


def test_the_public_is_sent_to_sign_in(page: Page):
    for path in ("/", "/acts", "/acts/new"):
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/login(\?|$)"))
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    # The protected page the visitor asked for is remembered for after signing in.
    assert parse_qs(urlsplit(page.url).query).get("next") == ["/acts/new"], page.url


def test_drafter_creates_edits_and_compares_an_act(page: Page, drafters, live_server):
    drafter = drafters[0]
    # Asking for the new-act form signs the drafter in first, then brings them back to it.
    page.goto("/acts/new")
    sign_in(page, drafter.username, drafter.password)
    expect(page.get_by_role("heading", name="New act")).to_be_visible()

    page.get_by_label("Title", exact=True).fill("Rules on investment preferences")
    page.get_by_label("Type", exact=True).select_option("rules")
    page.get_by_label("Language of the text").select_option("en")
    page.get_by_role("textbox", name=re.compile(r"^Text\b")).fill(ACT_TEXT)
    page.get_by_role("button", name="Create act").click()
    expect_flash(page, re.compile(r"Act ALA-\d{4}-\d{3,} created as version 1\."))
    number = re.search(r"/acts/(ALA-\d{4}-\d{3,})$", page.url)
    assert number, page.url
    expect(page.get_by_role("heading", name="Rules on investment preferences")).to_be_visible()

    # The editor's live outline (editor.js → POST /acts/preview) lists the headings.
    page.get_by_role("link", name="Edit the text", exact=True).click()
    outline = page.get_by_role("complementary", name="Outline")
    expect(outline.get_by_role("status")).to_have_text("12 provisions, no problems found.")
    expect(outline.get_by_role("listitem")).to_have_text(OUTLINE)
    # ... and follows the typing: a new article shows up without saving.
    text = page.get_by_role("textbox", name="Text", exact=True)
    text.fill(text.input_value() + "\nArticle 4. Fees\n1. No fee is charged.\n")
    expect(outline.get_by_role("listitem")).to_have_text([*OUTLINE, "Article 4. Fees"])
    page.get_by_role("link", name="Cancel", exact=True).click()

    for version, (old, new, note) in enumerate(EDITS, start=2):
        edit_once(page, old, new, note, version)

    page.get_by_role("link", name="History", exact=True).click()
    expect(page.get_by_role("heading", name="History of the text")).to_be_visible()
    history = page.get_by_role("table").filter(has_text="newest first")
    expect(history.get_by_role("row")).to_have_count(1 + 3)  # the header and three versions
    for _, _, note in EDITS:
        expect(history.get_by_role("row").filter(has_text=note)).to_have_count(1)

    page.get_by_label("From version").select_option("1")
    page.get_by_label("To version").select_option("3")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="Changes from version 1 to version 3")).to_be_visible()
    query = parse_qs(urlsplit(page.url).query)
    assert (query["from"], query["to"]) == (["1"], ["3"]), page.url

    # Side by side (the default): the struck words on the old side, the new ones on the new.
    changes = page.get_by_role("table")
    expect(changes).to_have_count(len(EDITS))
    expect(changes.locator("del")).to_have_text(DELETED_WORDS)
    expect(changes.locator("ins")).to_have_text(INSERTED_WORDS)
    expect_highlighted(changes.locator("ins").first, changes.locator("del").first)

    # Inline: the same words, in one column.
    page.get_by_label("Show").select_option("inline")
    page.get_by_role("button", name="Compare").click()
    inline = page.get_by_role("list").filter(has=page.locator("del"))
    expect(inline.locator("del")).to_have_text(DELETED_WORDS)
    expect(inline.locator("ins")).to_have_text(INSERTED_WORDS)


def expect_highlighted(inserted, deleted) -> None:
    """Inserted words have a background of their own; deleted words are struck through."""
    background = inserted.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background
    decoration = deleted.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in decoration, decoration
