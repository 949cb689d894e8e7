"""The index stays in step with the database: a crash between the database commit and the
index write loses nothing, `flask search sync` applies nothing twice, and a rebuild swaps in a
new index while searches go on."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from alatau_legal.accounts.models import User
from alatau_legal.acts.models import Act
from alatau_legal.extensions import db, read_only_request
from alatau_legal.search import services as search
from tests.support.builders import SAMPLE_TEXT, make_act, make_user
from tests.support.search_index import index_problems

PROJECT_DIR = Path(__file__).resolve().parents[2]

# Saves version 2 of act 1, commits, and dies by SIGKILL before the request-end sync runs.
SAVE_THEN_DIE = """
import os, signal
from alatau_legal import create_app
from alatau_legal.acts import services as acts
from alatau_legal.accounts.models import User
from alatau_legal.acts.models import Act
from alatau_legal.extensions import db, read_only_request
from tests.support.builders import SAMPLE_TEXT

app = create_app()
with app.app_context():
    drafter = db.session.query(User).filter_by(username="drafter").one()
    acts.save_version(drafter, 1, base_version=1, max_chars=10**6, note="killed",
                      text=SAMPLE_TEXT.replace("ten business days", "three business days"))
    db.session.commit()
    os.kill(os.getpid(), signal.SIGKILL)
"""


def _env(app) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ALATAU_")}
    env.update(
        ALATAU_CONFIG="testing",
        ALATAU_INSTANCE_DIR=app.config["INSTANCE_DIR"],
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        SECRET_KEY="x" * 40,
    )
    return env


def _flask(app, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=PROJECT_DIR, env=_env(app), capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _problems() -> list[str]:
    with search.search_index().searcher() as searcher, search.index_session() as session:
        return index_problems(searcher, session)


def test_a_process_killed_after_the_commit_loses_nothing_and_sync_applies_it_once(app):
    drafter = make_user("drafter")
    make_act(drafter)
    search.sync()
    cursor = search.search_index().cursor()

    died = subprocess.run(
        [sys.executable, "-c", SAVE_THEN_DIE],
        cwd=PROJECT_DIR, env=_env(app), capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert died.returncode == -9, died.stderr
    db.session.expire_all()
    assert db.session.get(Act, 1).current_version == 2  # the database has the version ...
    db.session.rollback()
    assert search.search_index().cursor() == cursor  # ... the index does not yet

    synced = _flask(app, "search", "sync")
    assert synced.returncode == 0, synced.stderr
    assert "Applied 1 change(s)" in synced.stdout
    again = _flask(app, "search", "sync")
    assert "Applied 0 change(s)" in again.stdout
    assert _problems() == []
    assert search.search(drafter, '"three business days"').total == 1


def test_search_rebuild_swaps_in_a_new_index_while_searches_go_on(app):
    drafter = make_user("drafter")
    act = make_act(drafter)
    from alatau_legal.acts import services as acts

    for n in range(2, 8):
        acts.save_version(
            drafter, act.id, base_version=n - 1, max_chars=10**6, note="",
            text=SAMPLE_TEXT.replace("ten business", f"{n} business"),
        )  # fmt: skip
        db.session.commit()
    expected = search.search(drafter, "business", search.Filters(versions="all")).total
    assert expected == 7
    failures: list[BaseException] = []
    totals: set[int] = set()
    stop = threading.Event()

    def keep_searching() -> None:
        read_only_request.set(True)  # as in a GET request
        with app.app_context():
            while not stop.is_set():
                try:
                    reader = db.session.get(User, drafter.id)
                    found = search.search(reader, "business", search.Filters(versions="all"))
                    totals.add(found.total)
                except BaseException as error:  # any failure of a search fails the test
                    failures.append(error)
                    return
                finally:
                    db.session.remove()  # as at the end of a request

    threads = [threading.Thread(target=keep_searching) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        generations = set()
        for _ in range(4):
            rebuilt = _flask(app, "search", "rebuild")
            assert rebuilt.returncode == 0, rebuilt.stderr
            assert "Rebuilt the search index" in rebuilt.stdout
            generations.add(search.search_index().current_path())
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert failures == []
    assert totals == {expected}
    assert len(generations) == 4
    # Old generations are cleared away, the one before the current is kept for late readers.
    assert len(list(search.search_index().root.glob("gen-*"))) == 2
    assert _problems() == []


def test_each_thread_reads_through_a_searcher_of_its_own(app):
    """A Whoosh searcher keeps one read position in its segment files: shared by threads, their
    seeks and reads interleave and a search reads another document's bytes (the cause of
    KeyError('cursor') while a rebuild swapped generations)."""
    drafter = make_user("drafter")
    make_act(drafter)
    search.sync()
    index = search.search_index()
    seen: dict[str, tuple] = {}  # the searchers themselves: kept alive, never confused

    def open_twice(name: str) -> None:
        with index.searcher() as first, index.searcher() as second:
            seen[name] = (first, second)

    threads = [threading.Thread(target=open_twice, args=(f"t{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    open_twice("main")
    assert all(first is second for first, second in seen.values())  # reused within a thread
    assert len({id(first) for first, _ in seen.values()}) == 4  # never shared between threads
