"""Search against the real server: three gunicorn workers and ten client threads saving
versions (ten each, or for 30 seconds on a slow machine), then every saved provision is in
the index exactly once per version it belongs to; and a drafter's search in Chromium, from
the header box to the provision."""

from __future__ import annotations

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from alatau_legal.search.index import SearchIndex
from tests.e2e.test_drafter_journey import sign_in
from tests.support.search_index import index_problems

pytestmark = pytest.mark.e2e

RUSSIAN_ACT = (
    "Статья 1. Предмет\n1. Инвесторы подают заявление.\n2. Управление отвечает инвестору.\n"
)
THREADS = 10
SAVES_PER_THREAD = 10  # 100 saves, 20 searches meanwhile: runs opening and closing throughout
SAVING_SECONDS = 30.0  # and no longer than this on a slow machine (still at least 50 saves)
ARTICLES = 5


def text_for(thread: int, round_: int) -> str:
    """The act of a thread at its `round_`-th save: one paragraph reworded each time, and an
    article added or taken away every third save, so runs open and close all the time."""
    reworded = round_ % ARTICLES + 1
    articles = [
        f"Article {n}. Topic {n}\n"
        f"1. The investor files form {n} within {10 + (round_ if n == reworded else 0)} days.\n"
        f"2. The Authority answers applicant {n}.\n"
        for n in range(1, ARTICLES + 1)
    ]
    if round_ % 3 == 1:
        articles.append(f"Article {ARTICLES + 1}. Extra\n1. Marker word t{thread}r{round_}x.\n")
    else:
        articles[-1] += f"3. Marker word t{thread}r{round_}x.\n"
    return "\n".join(articles)


def test_concurrent_saves_through_three_workers_keep_the_index_whole(
    live_server, drafters, api_for
):
    clients = [api_for(drafters[n % len(drafters)]) for n in range(THREADS)]
    act_ids = []
    for n, client in enumerate(clients):
        created = client.post(
            "/acts",
            json={"title": f"Concurrent act {n}", "act_type": "order", "language": "en"}
            | {"text": text_for(n, 0)},
        )
        assert created.status_code == 201, created.text
        act_ids.append(created.json()["id"])

    deadline = time.monotonic() + SAVING_SECONDS
    errors: list[str] = []
    lock = threading.Lock()

    def keep_saving(n: int) -> int:
        client, act_id, version, round_ = clients[n], act_ids[n], 1, 0
        while round_ < SAVES_PER_THREAD and time.monotonic() < deadline:
            round_ += 1
            saved = client.post(
                f"/acts/{act_id}/versions",
                json={"base_version": version, "text": text_for(n, round_), "note": f"r{round_}"},
            )
            if saved.status_code != 201:
                with lock:
                    errors.append(f"thread {n}: {saved.status_code} {saved.text[:200]}")
                break
            version = saved.json()["number"]
            if round_ % 5 == 0:  # searches run meanwhile, and bring their worker's index up
                found = client.get("/search", params={"q": "investor", "act": act_id})
                if found.status_code != 200:
                    with lock:
                        errors.append(f"search {n}: {found.status_code} {found.text[:200]}")
        return version

    with ThreadPoolExecutor(THREADS) as pool:
        last_versions = list(pool.map(keep_saving, range(THREADS)))
    assert errors == []
    saves = sum(last_versions) - THREADS
    assert saves > 50, last_versions  # enough saves to mean something
    print(f"{saves} versions saved by {THREADS} threads")

    # Whatever a busy lock left in the outbox, the operator's sync applies it.
    synced = live_server.flask("search", "sync")
    assert "Applied" in synced.stdout
    print(synced.stdout.strip())

    engine = create_engine(live_server.database_url)
    try:
        with (
            Session(engine) as session,
            SearchIndex(live_server.instance_dir / "search").searcher() as searcher,
        ):
            assert index_problems(searcher, session, act_ids) == []
    finally:
        engine.dispose()

    # And through the API: each act's last marker is found once, in its last version.
    for n, (act_id, version) in enumerate(zip(act_ids, last_versions, strict=True)):
        marker = f"t{n}r{version - 1}x"
        found = clients[n].get("/search", params={"q": marker, "versions": "all"}).json()
        assert [(item["act_id"], item["version"]) for item in found["items"]] == [
            (act_id, version)
        ], marker


def test_a_drafter_searches_from_the_header_and_lands_on_the_provision(
    page: Page, live_server, drafters, api_for
):
    drafter = drafters[0]
    client = api_for(drafter)
    created = client.post(
        "/acts",
        json={"title": "Rules on searchable words", "act_type": "rules", "language": "ru"}
        | {"text": RUSSIAN_ACT},
    )
    assert created.status_code == 201, created.text
    number = created.json()["number"]

    page.goto("/login")
    sign_in(page, drafter.username, drafter.password)
    page.get_by_role("search", name="Search acts").get_by_label("Search acts and comments").fill(
        "инвестор"
    )
    page.get_by_role("button", name="Search", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/search\?q="))
    results = page.locator(".search-act", has_text=number)
    expect(results.locator(".search-hit")).to_have_count(2)
    expect(results.locator("mark").first).to_have_text("Инвесторы")

    results.get_by_role("link", name="Article 1(2), version 1").click()
    expect(page).to_have_url(re.compile(re.escape(f"/acts/{number}/v/1#art_1__para_2") + "$"))
    target = page.evaluate(
        "document.querySelector(':target') && document.querySelector(':target').id"
    )
    assert target == "art_1__para_2"

    # Which versions contain a phrase, from the act page.
    page.get_by_role("searchbox", name="Which versions contain").fill("управление отвечает")
    page.get_by_role("button", name="Find").click()
    expect(page.locator(".occurrence-summary")).to_contain_text("first appeared in")
    expect(page.get_by_role("link", name="Article 1(2)")).to_be_visible()
