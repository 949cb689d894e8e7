"""Concurrent saves of one act against the real server: merges, conflicts, no lost update.

Ten threads, each with its own bearer token (two drafters, alternating), save a new version of
the same act from the same base version at the same moment, through gunicorn's three worker
processes. Five edit five different articles: every one of them must be saved, merged with
the others. Five edit the same paragraph, each differently: exactly one may win, and the
other four must be refused with 409 naming that paragraph. Whatever order the database
serialises them in, the result must be the same: dense version numbers, every accepted edit in
the final text, none of the refused ones.

The same holds for saves through the HTML editor (session cookie, CSRF token, form post), and
acts registered at the same moment get distinct registry numbers.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
import requests

pytestmark = pytest.mark.e2e


ARTICLES = 6
# Paragraph 1 of article n reads "The Authority reviews matter n within ten business days."
BASE_TEXT = "\n".join(
    f"Article {n}. Topic {n}\n"
    f"1. The Authority reviews matter {n} within ten business days.\n"
    f"2. The applicant may appeal decision {n} to the court.\n"
    for n in range(1, ARTICLES + 1)
)
# Threads 0-4 each reword paragraph 1 of a different article (articles 1-5) ...
MERGING_EDITS = {
    f"art_{n}__para_1": (f"matter {n} within ten", f"matter {n} within {word}")
    for n, word in zip(range(1, 6), ("five", "seven", "twelve", "fifteen", "twenty"), strict=True)
}
# ... threads 5-9 all reword paragraph 1 of article 6, each to a different word.
CONTESTED_EID = "art_6__para_1"
CONTESTED_WORDS = ("three", "four", "eight", "nine", "eleven")
THREADS = len(MERGING_EDITS) + len(CONTESTED_WORDS)


def _edited(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} should occur once in the text"
    return text.replace(old, new)


def test_ten_concurrent_saves_merge_or_conflict_without_losing_an_update(
    live_server, drafters, api_for
):
    owner = api_for(drafters[0])
    created = owner.post(
        "/acts",
        json={"title": "Rules on concurrent review", "act_type": "rules", "language": "en"}
        | {"text": BASE_TEXT},
    )
    assert created.status_code == 201, created.text
    act_id = created.json()["id"]
    base = owner.get(f"/acts/{act_id}/versions/1").json()
    base_text = base["text"]
    paragraph = {row["eid"]: row["text"] for row in base["provisions"]}
    assert paragraph[CONTESTED_EID] == "The Authority reviews matter 6 within ten business days."

    jobs = []  # (kind, eid, the new paragraph text, the full text to save)
    for eid, (old, new) in MERGING_EDITS.items():
        jobs.append(("merge", eid, paragraph[eid].replace(old, new), _edited(base_text, old, new)))
    for word in CONTESTED_WORDS:
        old, new = "matter 6 within ten", f"matter 6 within {word}"
        jobs.append(
            (
                "contest",
                CONTESTED_EID,
                paragraph[CONTESTED_EID].replace(old, new),
                _edited(base_text, old, new),
            )
        )
    # Each thread its own token, before the start line, for the two drafters in turn.
    clients = [api_for(drafters[i % len(drafters)]) for i in range(THREADS)]
    start_line = threading.Barrier(THREADS, timeout=30)

    def save(index: int):
        kind, eid, _, text = jobs[index]
        start_line.wait()
        return clients[index].post(
            f"/acts/{act_id}/versions",
            json={"base_version": 1, "text": text, "note": f"thread {index}: {kind} {eid}"},
        )

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        responses = list(pool.map(save, range(THREADS)))

    statuses = [r.status_code for r in responses]
    assert all(s in (201, 409) for s in statuses), (statuses, live_server.log_text()[-4000:])

    # Different articles from the same base: every save is accepted.
    merging = [r for (kind, *_), r in zip(jobs, responses, strict=True) if kind == "merge"]
    assert [r.status_code for r in merging] == [201] * len(MERGING_EDITS), [r.text for r in merging]

    # The same paragraph from the same base: exactly one wins, the others are told which
    # provision conflicts.
    contest = [(job, r) for job, r in zip(jobs, responses, strict=True) if job[0] == "contest"]
    winners = [(job, r) for job, r in contest if r.status_code == 201]
    losers = [(job, r) for job, r in contest if r.status_code != 201]
    assert len(winners) == 1, [r.text for _, r in contest]
    assert len(losers) == len(CONTESTED_WORDS) - 1
    for _, r in losers:
        assert r.status_code == 409, r.text
        error = r.json()["error"]
        assert error["code"] == "conflict", error
        assert error["conflicts"] == [CONTESTED_EID], error

    # Version numbers: 1 and one per accepted save, dense, no duplicates.
    accepted = [(job, r.json()) for job, r in zip(jobs, responses, strict=True)]
    accepted = [(job, body) for job, body in accepted if "number" in body]
    numbers = sorted(body["number"] for _, body in accepted)
    assert numbers == list(range(2, len(accepted) + 2)), numbers
    # The first save to commit found base 1 current; every later one merged.
    for _, body in accepted:
        assert body["merged"] is (body["number"] > 2), body

    versions = owner.get(f"/acts/{act_id}/versions").json()
    assert sorted(v["number"] for v in versions["items"]) == list(range(1, len(accepted) + 2))
    assert all(v["base_version"] == 1 for v in versions["items"] if v["number"] > 1), versions
    act = owner.get(f"/acts/{act_id}").json()
    assert act["current_version"] == len(accepted) + 1 == ARTICLES + 1

    # No lost update: the final version holds every accepted edit and no refused one.
    final = owner.get(f"/acts/{act_id}/versions/{act['current_version']}").json()
    final_paragraphs = {row["eid"]: row["text"] for row in final["provisions"]}
    for (_, eid, new_paragraph, _), _body in accepted:
        assert final_paragraphs[eid] == new_paragraph, (eid, final_paragraphs[eid])
        assert new_paragraph in final["text"]
    for (_, _, refused_paragraph, _), _r in losers:
        assert refused_paragraph not in final["text"]
    untouched = set(paragraph) - set(MERGING_EDITS) - {CONTESTED_EID}
    assert {eid: final_paragraphs[eid] for eid in untouched} == {
        eid: paragraph[eid] for eid in untouched
    }

    # Each version adds exactly one accepted edit to the one before it: the saves were
    # serialised, and none was built on a stale copy of the act.
    edits = {eid: new for (_, eid, new, _), _body in accepted}
    previous: set[str] = set()
    for number in range(2, act["current_version"] + 1):
        rows = owner.get(f"/acts/{act_id}/versions/{number}").json()["provisions"]
        present = {
            row["eid"] for row in rows if row["eid"] in edits and row["text"] == edits[row["eid"]]
        }
        assert previous < present and len(present - previous) == 1, (number, previous, present)
        previous = present


def _sign_in(live_server, account) -> requests.Session:
    """A browser-like session signed in through the login form (CSRF token and all)."""
    session = requests.Session()
    page = session.get(f"{live_server.url}/login", timeout=30)
    response = session.post(
        f"{live_server.url}/login",
        data={
            "username": account.username,
            "password": account.password,
            "csrf_token": _hidden(page.text, "csrf_token"),
        },
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text
    return session


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    assert match, f"no {name} on the page"
    return match.group(1)


def test_concurrent_saves_through_the_editor_form_merge(live_server, drafters, api_for):
    """The HTML editor (session cookie, CSRF, form post) merges concurrent saves as the API."""
    owner = api_for(drafters[0])
    created = owner.post(
        "/acts",
        json={"title": "Rules on editor merges", "act_type": "rules", "language": "en"}
        | {"text": BASE_TEXT},
    )
    assert created.status_code == 201, created.text
    act_id, number = created.json()["id"], created.json()["number"]
    base = owner.get(f"/acts/{act_id}/versions/1").json()
    paragraph = {row["eid"]: row["text"] for row in base["provisions"]}

    forms = []
    sessions = [_sign_in(live_server, drafters[i % len(drafters)]) for i in range(ARTICLES)]
    for n, session in enumerate(sessions, start=1):
        # Every drafter opens the editor on version 1 before anyone saves.
        editor = session.get(f"{live_server.url}/acts/{number}/edit", timeout=30)
        assert editor.status_code == 200, editor.text
        old, new = f"matter {n} within ten", f"matter {n} within {n + 20}"
        forms.append(
            {
                "csrf_token": _hidden(editor.text, "csrf_token"),
                "base_version": _hidden(editor.text, "base_version"),
                "text": _edited(base["text"], old, new),
                "note": f"article {n}",
            }
        )
    assert {form["base_version"] for form in forms} == {"1"}
    start_line = threading.Barrier(ARTICLES, timeout=30)

    def save(index: int) -> requests.Response:
        start_line.wait()
        return sessions[index].post(
            f"{live_server.url}/acts/{number}/edit",
            data=forms[index],
            allow_redirects=False,
            timeout=30,
        )

    with ThreadPoolExecutor(max_workers=ARTICLES) as pool:
        responses = list(pool.map(save, range(ARTICLES)))

    # Saved: each is sent back to the act's page (a conflict or an error stays on the form).
    statuses = [r.status_code for r in responses]
    assert statuses == [302] * ARTICLES, (statuses, live_server.log_text()[-3000:])
    assert {urlsplit(r.headers["Location"]).path for r in responses} == {f"/acts/{number}"}

    versions = owner.get(f"/acts/{act_id}/versions").json()["items"]
    assert sorted(v["number"] for v in versions) == list(range(1, ARTICLES + 2))
    assert sorted(v["merged"] for v in versions if v["number"] > 1) == [False] + [True] * (
        ARTICLES - 1
    )
    final = owner.get(f"/acts/{act_id}/versions/{ARTICLES + 1}").json()
    final_paragraphs = {row["eid"]: row["text"] for row in final["provisions"]}
    for n in range(1, ARTICLES + 1):
        eid = f"art_{n}__para_1"
        expected = paragraph[eid].replace("within ten", f"within {n + 20}")
        assert final_paragraphs[eid] == expected, (eid, final_paragraphs[eid])


def test_concurrent_new_acts_get_distinct_registry_numbers(live_server, drafters, api_for):
    """Acts registered at the same moment each get their own, consecutive, registry number."""
    count = 6
    clients = [api_for(drafters[i % len(drafters)]) for i in range(count)]
    start_line = threading.Barrier(count, timeout=30)

    def create(index: int) -> requests.Response:
        start_line.wait()
        return clients[index].post(
            "/acts",
            json={"title": f"Order {index}", "act_type": "order", "language": "en"}
            | {"text": f"Article 1. Scope\n1. This order {index} applies in Alatau City.\n"},
        )

    with ThreadPoolExecutor(max_workers=count) as pool:
        responses = list(pool.map(create, range(count)))
    assert [r.status_code for r in responses] == [201] * count, [r.text for r in responses]
    numbers = sorted(r.json()["number"] for r in responses)
    sequence = [int(n.rsplit("-", 1)[1]) for n in numbers]
    assert len(set(numbers)) == count, numbers
    assert sequence == list(range(sequence[0], sequence[0] + count)), numbers
