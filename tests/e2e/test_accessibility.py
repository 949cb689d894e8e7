"""Every main page, for each role and for the public, checked in Chromium with axe-core: no
serious or critical violation. The pages also fit a phone's width, and an act prints as a
clean document (no navigation, forms or comments).

The server here has the demo data (`flask demo seed`: acts in every state, a meeting), so each
role's pages have something on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.test_drafter_journey import sign_in
from tests.support.live_server import LiveServer

# One xdist worker runs the module: its demo server is seeded and started once.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("accessibility")]

SERIOUS = {"serious", "critical"}
PHONE = {"width": 390, "height": 844}

# The pages of each role (act numbers from the demo data); "public" is not signed in.
PAGES = {
    "public": [
        "/login",
        "/register",
        "/register?q=investment",
        "/register/ALA-2026-004",
        "/register/ALA-2026-003",
        "/register?ui_lang=ru",
        "/register?ui_lang=kk",
        "/api/docs",
    ],
    "drafter": [
        "/acts",
        "/acts/new",
        "/acts/import",
        "/acts/ALA-2026-002",
        "/acts/ALA-2026-002/edit",
        "/acts/ALA-2026-003/history",
        "/acts/ALA-2026-003/compare?from=1&to=2",
        "/acts/ALA-2026-003/events",
        "/acts/ALA-2026-003/occurrences?q=investment",
        # Languages: the bar and markers, the translation page, the languages side by side.
        "/acts/ALA-2026-009",
        "/acts/ALA-2026-009/translate/kk",
        "/acts/ALA-2026-007?languages=ru,kk,en",
        "/search?q=investment",
        "/my-work",
        "/notifications",
        "/profile",
        "/deadlines",
    ],
    "secretary": ["/meetings", "/meetings/new", "/deadlines", "/acts/ALA-2026-001"],
    "domestic": ["/my-work", "/acts/ALA-2026-001"],
    "international": ["/my-work", "/acts/ALA-2026-003"],
    "committee": ["/meetings", "/acts/ALA-2026-006"],
    "admin": ["/admin/users", "/admin/users/new", "/admin/organisations"],
}


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory) -> Iterator[LiveServer]:
    import os

    server = LiveServer(
        instance_dir=tmp_path_factory.mktemp("a11y-instance"),
        postgres_server_url=os.environ.get("TEST_DATABASE_URL") or None,
        workers=2,
    )
    try:
        server.prepare_database()
        server.flask("demo", "seed")
        server.start()
        yield server
    finally:
        server.stop()


def _passwords(server: LiveServer) -> dict[str, str]:
    lines = (server.instance_dir / "demo-users.txt").read_text().splitlines()
    return {name: password for name, _role, password in (line.split("\t") for line in lines)}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def filled_in_by_scripts(page: Page) -> None:
    """Wait for what the pages' scripts fill in after the load: only the editor's live
    outline asks the server for anything (js/editor.js), and its status says when the answer
    is shown. (Waiting for the network to be idle cost half a second on every page.)"""
    if page.locator("#outline").count():
        expect(page.locator("#outline .outline-status")).to_have_attribute(
            "data-state", re.compile(r"^(ok|warning|error)$")
        )


def _violations(axe: Axe, page: Page) -> list[str]:
    """The serious and critical violations on the page, with up to three places each."""
    results = axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


def test_the_check_finds_what_it_must(browser, axe):
    """A page with an unlabelled field, a nameless button and an image without text fails."""
    page = browser.new_page()
    try:
        page.set_content(
            '<html lang="en"><title>t</title><main><img src="x.png">'
            '<input type="text"><button></button></main></html>'
        )
        found = " ".join(_violations(axe, page))
        assert "image-alt" in found and "button-name" in found and "label" in found
    finally:
        page.close()


@pytest.mark.parametrize("role", list(PAGES))
def test_main_pages_have_no_serious_accessibility_violations(browser, demo_server, axe, role):
    context = browser.new_context(base_url=demo_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        if role != "public":
            page.goto("/login")
            sign_in(page, role, _passwords(demo_server)[role])
        problems = {}
        for path in PAGES[role]:
            response = page.goto(path)
            assert response is not None and response.status == 200, f"{path}: {response.status}"
            filled_in_by_scripts(page)
            found = _violations(axe, page)
            if found:
                problems[path] = found
        assert problems == {}
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/register", "/register/ALA-2026-004", "/login"])
def test_public_pages_fit_a_phone(browser, demo_server, path):
    context = browser.new_context(base_url=demo_server.url, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow}px wider than a phone"
    finally:
        context.close()


def test_a_drafters_pages_fit_a_phone(browser, demo_server):
    context = browser.new_context(base_url=demo_server.url, viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/login")
        sign_in(page, "drafter", _passwords(demo_server)["drafter"])
        wide = {}
        for path in ("/acts", "/acts/ALA-2026-002", "/search?q=investment", "/deadlines"):
            page.goto(path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                wide[path] = overflow
        assert wide == {}, f"wider than a phone (px): {wide}"
    finally:
        context.close()


def test_an_act_prints_as_a_clean_document(browser, demo_server):
    context = browser.new_context(base_url=demo_server.url)
    page = context.new_page()
    try:
        page.goto("/login")
        sign_in(page, "drafter", _passwords(demo_server)["drafter"])
        page.goto("/acts/ALA-2026-001")
        page.emulate_media(media="print")
        for hidden in (".site-nav", ".user-menu", ".header-search", ".workflow-panel", ".toc",
                       ".provision-tools", ".inline-search"):  # fmt: skip
            for element in page.locator(hidden).all():
                expect(element).to_be_hidden()
        expect(page.locator(".act-text")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
        page.goto("/register/ALA-2026-004")
        expect(page.locator(".act-text")).to_be_visible()
        downloads = page.locator("a[download]")
        expect(downloads).to_have_count(2)
        for element in downloads.all():
            expect(element).to_be_hidden()
    finally:
        context.close()


# ---------------------------------------------------------------------------------------------
# Every main page in every language, at a laptop's and a phone's width

DESK = {"width": 1366, "height": 768}
LAYOUT_PAGES = {
    "public": ["/register", "/register/ALA-2026-003", "/register/ALA-2026-004", "/login"],
    "drafter": [
        "/acts",
        "/acts/ALA-2026-002",
        "/acts/ALA-2026-003/history",
        "/acts/ALA-2026-003/compare?from=1&to=2",
        "/my-work",
        "/search?q=investment",
        "/profile",
    ],
    "secretary": ["/deadlines", "/meetings", "/meetings/new", "/acts/ALA-2026-001"],
    "committee": ["/meetings", "/acts/ALA-2026-006"],
}


def _with_language(path: str, language: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}ui_lang={language}"


@pytest.mark.parametrize("width", ["desk", "phone"])
@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_every_main_page_fits_the_width_in_every_language(
    browser, demo_server, axe, language, width, tmp_path_factory
):
    """No horizontal scroll at 1,366 px nor at 390 px, and axe stays clean, in each language.

    With ALATAU_SCREENSHOTS=folder set, each page is also saved there as a PNG to look at."""
    import os
    from pathlib import Path

    shots = os.environ.get("ALATAU_SCREENSHOTS")
    viewport = DESK if width == "desk" else PHONE
    wide, problems, untranslated = {}, {}, {}
    for role, paths in LAYOUT_PAGES.items():
        context = browser.new_context(base_url=demo_server.url, viewport=viewport)
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            if role != "public":
                page.goto("/login")
                sign_in(page, role, _passwords(demo_server)[role])
            for path in paths:
                response = page.goto(_with_language(path, language))
                assert response is not None and response.status == 200, f"{path}: {response}"
                assert page.get_attribute("html", "lang") == language
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                if overflow > 0:
                    wide[f"{role} {path}"] = overflow
                if language != "en":
                    found = _violations(axe, page)
                    if found:
                        problems[f"{role} {path}"] = found
                    # The words of the page's own interface are not English (acts keep theirs).
                    english = [
                        label
                        for label in page.locator(
                            "main th, main label, main button, h1, h2"
                        ).all_inner_texts()
                        if label.strip() in ENGLISH_LABELS
                    ]
                    if english:
                        untranslated[f"{role} {path}"] = english
                if shots:
                    name = f"{language}-{width}-{role}-{path.strip('/').replace('/', '_')}"
                    Path(shots).mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(Path(shots) / f"{name[:120]}.png"), full_page=True)
        finally:
            context.close()
    assert wide == {}, f"wider than {viewport['width']} px in {language} (px): {wide}"
    assert problems == {}
    assert untranslated == {}


# Interface words that must not stay English on a Russian or Kazakh page.
ENGLISH_LABELS = {
    "Stage", "Status", "Type", "Sector", "Due", "What", "Who", "Act", "Title", "Number",
    "Planned", "Actual", "Decision", "Agenda", "Attendance", "Comments", "History", "Search",
    "Expert opinion", "Review round", "Review stage", "Committee decision", "Deadlines",
}  # fmt: skip
