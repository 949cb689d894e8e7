"""The outbox is applied in bounded batches, each committing and letting go of the index's
lock; a catch-up stops at a batch boundary when asked (SIGTERM) with its cursor exact; the
search filter's documents are kept per index commit and a new commit starts afresh."""

from __future__ import annotations

import os
import signal

import pytest

from alatau_legal.acts import services as acts
from alatau_legal.extensions import db
from alatau_legal.search import index as search_index_module
from alatau_legal.search import services as search
from tests.support.builders import SAMPLE_TEXT, make_act, make_user
from tests.support.search_index import index_problems


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(search_index_module, "BATCH", 3)
    monkeypatch.setattr(search_index_module, "BETWEEN_BATCHES", 0)


def _versions(drafter, act, count: int) -> None:
    for n in range(2, count + 2):
        acts.save_version(
            drafter, act.id, base_version=n - 1, max_chars=10**6, note="",
            text=SAMPLE_TEXT.replace("ten business", f"{n} business"),
        )  # fmt: skip
        db.session.commit()


def _problems() -> list[str]:
    with search.search_index().searcher() as searcher, search.index_session() as session:
        return index_problems(searcher, session)


def test_a_catch_up_applies_the_outbox_one_batch_per_commit(app, small_batches):
    drafter = make_user("drafter")
    act = make_act(drafter)
    search.sync()
    index = search.search_index()
    _versions(drafter, act, 10)  # ten outbox rows past the cursor
    generations = []
    report = search.sync(progress=lambda r: generations.append(_generation(index)))
    assert report.applied == 10 and report.batches == 4  # 3 + 3 + 3 + 1
    # Each batch was its own commit of the index, so the lock was let go between them.
    assert len(set(generations)) == len(generations) == 3
    assert index.cursor() == report.cursor
    assert _problems() == []
    assert search.search(drafter, '"11 business days"').total == 1


def _generation(index) -> int:
    with index.searcher() as searcher:
        return searcher.reader().generation()


def test_a_catch_up_asked_to_stop_ends_at_a_batch_boundary_and_resumes(app, small_batches):
    drafter = make_user("drafter")
    act = make_act(drafter)
    search.sync()
    _versions(drafter, act, 8)
    asked = []

    def terminate_after_the_first_batch(report) -> None:
        if not asked:
            asked.append(report.batches)
            os.kill(os.getpid(), signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, lambda *_: None)  # stands for gunicorn's handler
    try:
        with search.stop_on_sigterm() as should_stop:
            report = search.sync(progress=terminate_after_the_first_batch, should_stop=should_stop)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert report.stopped and report.applied == 3 and report.batches == 1
    assert search.search_index().cursor() == report.cursor  # exactly where it stopped
    rest = search.sync()
    assert rest.applied == 5 and not rest.stopped
    assert _problems() == []


def test_the_filter_is_kept_per_index_commit(app):
    drafter = make_user("drafter")
    act = make_act(drafter)
    search.sync()
    index = search.search_index()
    assert search.search(drafter, "investor").total
    with index.searcher() as searcher:
        kept = dict(searcher.reader()._alatau_filters)
    assert len(kept) == 1  # the default scope (latest versions), made once
    search.search(drafter, "Authority")
    with index.searcher() as searcher:
        assert dict(searcher.reader()._alatau_filters) == kept  # the same set, reused
    _versions(drafter, act, 1)
    found = search.search(drafter, '"2 business days"')
    assert found.total == 1  # the new commit's reader has filters of its own
    with index.searcher() as searcher:
        fresh = searcher.reader()._alatau_filters
    assert next(iter(fresh.values())) is not next(iter(kept.values()))
