"""Documents benchmark: the official DOCX of a 300-article act, and the comparison DOCX of two
versions of it, against the floor: python-docx writing the same paragraphs with the same styles
(from the same template).

Reports time (median of runs) and peak Python memory (tracemalloc) of each, and the ratios to
the floor measured in the same run. The comparison's floor is the same three-column table with
the same cell texts, written with python-docx's own table API and no formatting.
Targets: at most 1.5x the floor's time; under 200 MB peak.
No database: the writers get the act and versions as objects, as the services give them.
"""

from __future__ import annotations

import io
import multiprocessing
import random
import resource
import statistics
import time
import tracemalloc
from datetime import UTC, datetime

import docx

from alatau_legal import models  # noqa: F401  (all mappers, so model objects can be built)
from alatau_legal.accounts.models import Role, User
from alatau_legal.acts.compare import compare
from alatau_legal.acts.models import Act, ActStatus, ActType, Language, Version
from alatau_legal.acts.text import parse
from alatau_legal.acts.text.eids import flatten
from alatau_legal.documents.comparison import comparison_table
from alatau_legal.documents.official import blocks, official_draft
from alatau_legal.documents.styles import new_document, to_bytes
from tests.benchmarks.bench_versions import edit, make_text

ARTICLES = 300
RUNS = 5


def _peak_rss_of(work, pipe) -> None:
    work()
    pipe.send(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)  # KiB on Linux


def peak_rss(work) -> float:
    """The peak resident memory (MB) of a forked process that does the work once: lxml's
    C allocations included, which tracemalloc does not see."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_peak_rss_of, args=(work, send))
    child.start()
    peak = receive.recv()
    child.join()
    return peak


def measure(work) -> tuple[float, float, float]:
    """Median seconds over RUNS; the peak traced Python memory of one run; the peak RSS (MB)."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20, peak_rss(work)


def floor(paragraphs: list[tuple[str, str]]) -> bytes:
    """python-docx writing the same paragraphs with the same styles, from the same template."""
    document = new_document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def floor_table(rows: list[tuple[str, str, str]]) -> bytes:
    """The comparison's floor: the same table, cells of plain text, python-docx's own API."""
    document = docx.Document()
    table = document.add_table(rows=len(rows) + 1, cols=3)
    for row, texts in zip(table.rows[1:], rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def main() -> None:
    rng = random.Random(7)
    old_text = make_text(rng, ARTICLES, per_chapter=20)
    new_text = edit(old_text, rng)
    old_tree, new_tree = parse(old_text).provisions, parse(new_text).provisions
    now = datetime.now(UTC)
    author = User(username="bench", full_name="Bench Drafter", role=Role.DRAFTER)
    act = Act(number="ALA-2026-300", act_type=ActType.LAW, language=Language.EN,
              status=ActStatus.DRAFTING, title_en="Benchmark law", created_at=now)  # fmt: skip
    old = Version(number=1, created_at=now, author=author)
    new = Version(number=2, created_at=now, author=author)
    changes = compare(flatten(old_tree), flatten(new_tree))
    paragraphs = [(block.style, block.text) for block in blocks(new_tree, "en")]

    def wording(side) -> str:
        return "\n".join(part for part in (side.heading, side.text) if part) if side else "—"

    table_rows = [(wording(change.old), wording(change.new), "—") for change in changes]

    results = {
        "official draft": measure(lambda: to_bytes(official_draft(act, new, new_tree))),
        "floor (same paragraphs)": measure(lambda: floor(paragraphs)),
        "comparison table": measure(lambda: to_bytes(comparison_table(act, old, new, changes, {}))),
        "floor (same table, plain)": measure(lambda: floor_table(table_rows)),
    }
    print(f"Act: {ARTICLES} articles, {len(paragraphs)} paragraphs; {len(changes)} changes.")
    print(f"{'document':28} {'median s':>9} {'py heap MB':>11} {'peak RSS MB':>12}")
    for name, (seconds, heap, rss) in results.items():
        print(f"{name:28} {seconds:9.3f} {heap:11.1f} {rss:12.1f}")
    for name, floor_name in (
        ("official draft", "floor (same paragraphs)"),
        ("comparison table", "floor (same table, plain)"),
    ):
        ratio = results[name][0] / results[floor_name][0]
        peak = results[name][2]
        verdict = "PASS" if ratio <= 1.5 and peak <= 200 else "MISS"
        print(f"{name}: {ratio:.2f}x the floor's time (target <= 1.5x), "
              f"peak {peak:.0f} MB (target <= 200 MB): {verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
