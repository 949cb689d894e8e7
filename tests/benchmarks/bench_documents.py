"""Documents benchmark (issue 15): the official DOCX of a 300-article act, in process and through
the API, against the floor: plain python-docx writing the same paragraphs with the same styles
from the same template.

- In process: `official_draft` + save, median and p95 of RUNS, against the floor measured in
  the same run, the two taking turns (so both see the same load on a shared machine). The
  floor is the fastest way python-docx's users write styled paragraphs:
  `document.add_paragraph(text)`, then the style's id put on the paragraph's properties
  (`paragraph._p.get_or_add_pPr().style = style_id`, the ids read once from
  `document.styles`). Passing a style, by name or as an object, to `add_paragraph` or
  `paragraph.style` makes python-docx search every style for the default one on each
  paragraph: for the 3,017 paragraphs of this act that took 3-18 s against about 0.4-3 s by
  id (measured side by side on the shared 2-core machine), so a floor written that way would
  measure python-docx's style lookup, not the writing. Each line is a paragraph of its own in
  the style the official draft gives it (a provision's first line, its continuation lines, a
  note's lines), with the same draft mark in the header and line in the footer, the same
  template and margins, saved to bytes. The floor's file is checked to hold the same
  paragraphs, in the same styles (by name), with the same text, and the same page setup, as
  ours.
- Through the API: a real server (gunicorn, one worker, production configuration, a
  PostgreSQL database of its own made and dropped by `tests/support/live_server.py`), a
  drafter who creates the act with `POST /api/v1/acts`; then that worker is replaced by a fresh
  one (SIGTERM; gunicorn forks another) and `GET .../versions/1/export.docx` is sent REQUESTS
  times, one at a time (after one warm-up): median and p95 against the floor's, and the fresh
  worker's peak resident memory (VmHWM) after them.
- Memory: a fresh Python process imports the app (`create_app()`), builds the official draft
  of the act once and reports its peak resident memory, beside a fresh process that does the
  same with the floor. The peak is VmHWM from /proc, not `ru_maxrss`: Linux keeps ru_maxrss
  across execve, so a process started from this (large) benchmark would report its parent's.
- The comparison table of two versions, against the same three-column table written with
  python-docx's own table API and no formatting (time, and the peak RSS of a fresh process).
- Memory across exports: a fresh process writes the official draft EXPORTS times in a row
  (automatic garbage collection as configured, no explicit collection) and reports its
  resident memory (VmRSS) after the first and the last; the fresh gunicorn worker's VmRSS is
  read after the warm-up request and after the last of its EXPORTS requests. The growth per
  export is printed beside the goal: python-docx's reference cycles used to keep 5-10 MB of
  every document until a full collection (`styles.release` breaks them).

Targets: at most 1.5x the floor's time; a fresh worker's peak under 200 MB; resident memory
flat across exports (at most GROWTH_GOAL_MB per export). Every figure is printed beside its peer
(or its goal) with PASS or MISS.
`python -m tests.benchmarks documents` runs only this benchmark.
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import docx
import requests
from docx.enum.style import WD_STYLE_TYPE

from alatau_legal import models  # noqa: F401  (all mappers, so model objects can be built)
from alatau_legal.accounts.models import Role, User
from alatau_legal.acts.compare import compare
from alatau_legal.acts.models import Act, ActStatus, ActType, Language, Version
from alatau_legal.acts.text import parse
from alatau_legal.acts.text.eids import flatten
from alatau_legal.documents import styles
from alatau_legal.documents.comparison import comparison_table
from alatau_legal.documents.official import Layout, blocks, official_draft
from alatau_legal.documents.wording import act_type_lines, long_date, term
from tests.benchmarks.bench_versions import edit, make_text

ARTICLES = 300
RUNS = 9  # in process, each writer
REQUESTS = 50  # through the API, one after another: their latencies and the worker's growth
EXPORTS = 50  # in a row in one fresh process, for its memory growth
GROWTH_GOAL_MB = 0.2  # at most this growth of resident memory per export (10 MB over 50)
TIME_GOAL = 1.5  # at most this many times the floor's time
MEMORY_GOAL_MB = 200
PROJECT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
# The PostgreSQL server the API measurement makes its own database on (and drops).
POSTGRES = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/alatau_bench_documents"
)


# ---------------------------------------------------------------------------------------------
# The act


@dataclass
class Case:
    act: Act
    old: Version
    new: Version
    old_text: str
    new_text: str
    old_tree: list
    new_tree: list


def make_case() -> Case:
    rng = random.Random(7)
    old_text = make_text(rng, ARTICLES, per_chapter=20)
    new_text = edit(old_text, rng)
    now = datetime.now(UTC)
    author = User(username="bench", full_name="Bench Drafter", role=Role.DRAFTER)
    act = Act(number="ALA-2026-300", act_type=ActType.LAW, language=Language.EN,
              status=ActStatus.DRAFTING, title_en="Benchmark law", created_at=now)  # fmt: skip
    return Case(
        act=act,
        old=Version(number=1, created_at=now, author=author),
        new=Version(number=2, created_at=now, author=author),
        old_text=old_text,
        new_text=new_text,
        old_tree=parse(old_text).provisions,
        new_tree=parse(new_text).provisions,
    )


# ---------------------------------------------------------------------------------------------
# The floors


@dataclass(frozen=True)
class Content:
    """What the official draft holds, as plain values: the floor writes exactly this."""

    header: str
    footer: str
    paragraphs: list[tuple[str, str]]  # (style name, one line of text)


def content_of(act: Act, version: Version, provisions: list, language: str = "en") -> Content:
    title = [(styles.TITLE_BLOCK, line) for line in act_type_lines(act.act_type.value, language)]
    title.append((styles.ACT_TITLE, act.title_in(language)))
    footer = term(
        "footer",
        language,
        number=act.number,
        version=version.number,
        date=long_date(version.created_at.date(), language),
        status=term(f"status_{act.status.value}", language),
    )
    body = [line for block in blocks(provisions, language) for line in block.paragraphs()]
    return Content(term("draft_mark", language), footer, title + body)


def floor(content: Content) -> bytes:
    """python-docx alone, the fastest way its users write styled paragraphs: the same template
    and margins, one `add_paragraph(text)` per line with its style's id set on the paragraph's
    properties (ids read once), saved to bytes. Setting a style by name or object instead
    (`add_paragraph(text, style=...)`, `paragraph.style = ...`) costs a search of every style
    for the default on each paragraph, ten times the whole floor's time."""
    document = styles.new_document()
    styles.set_margins(document)
    style_id = {style.name: style.style_id for style in document.styles}
    section = document.sections[0]
    mark = section.header.paragraphs[0]
    mark._p.get_or_add_pPr().style = style_id[styles.DRAFT_MARK]
    mark.add_run(content.header)
    footer = section.footer.add_paragraph(content.footer)
    footer._p.get_or_add_pPr().style = style_id[styles.FOOTER_LINE]
    for style, text in content.paragraphs:
        document.add_paragraph(text)._p.get_or_add_pPr().style = style_id[style]
    return styles.to_bytes(document)


def floor_table(rows: list[tuple[str, str, str]]) -> bytes:
    """The comparison's floor: the same table, cells of plain text, python-docx's own API."""
    document = docx.Document()
    table = document.add_table(rows=len(rows) + 1, cols=3)
    for row, texts in zip(table.rows[1:], rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    return styles.to_bytes(document)


def table_rows(changes) -> list[tuple[str, str, str]]:
    def wording(side) -> str:
        return "\n".join(part for part in (side.heading, side.text) if part) if side else "—"

    return [(wording(change.old), wording(change.new), "—") for change in changes]


def paragraphs_of(data: bytes) -> tuple[list, list, list, tuple]:
    """Body, header and footer paragraphs (style name, text) and the page setup of a DOCX
    file (style names through a table of ids: `paragraph.style` searches every style each
    time)."""
    document = docx.Document(io.BytesIO(data))
    names = {style.style_id: style.name for style in document.styles}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH).name
    section = document.sections[0]
    page = (section.page_width, section.page_height, section.orientation, section.left_margin,
            section.right_margin, section.top_margin, section.bottom_margin)  # fmt: skip
    return (
        [(names[p._p.style] if p._p.style else default, p.text) for p in document.paragraphs],
        [(p.style.name, p.text) for p in section.header.paragraphs if p.text],
        [(p.style.name, p.text) for p in section.footer.paragraphs if p.text],
        page,
    )


def check_same_document(ours: bytes, theirs: bytes) -> int:
    """The floor wrote what we write: the same paragraphs, in the same styles (by name), with
    the same texts, the same header and footer, and the same page setup. Their number."""
    our_body, our_header, our_footer, our_page = paragraphs_of(ours)
    floor_body, floor_header, floor_footer, floor_page = paragraphs_of(theirs)
    if our_page != floor_page:
        raise AssertionError(f"page setup differs: ours {our_page}, the floor's {floor_page}")
    if len(our_body) != len(floor_body):
        raise AssertionError(f"{len(our_body)} paragraphs in ours, {len(floor_body)} in floor")
    for index, (a, b) in enumerate(zip(our_body, floor_body, strict=True)):
        if a != b:
            raise AssertionError(f"paragraph {index} differs: ours {a!r}, the floor's {b!r}")
    if (our_header, our_footer) != (floor_header, floor_footer):
        raise AssertionError(f"header/footer differ: {our_header, our_footer} vs "
                             f"{floor_header, floor_footer}")  # fmt: skip
    return len(our_body)


# ---------------------------------------------------------------------------------------------
# Measuring


def timed(work, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def timed_in_turn(ours, theirs, runs: int) -> tuple[list[float], list[float]]:
    """`ours` and `theirs` run alternately, `runs` times each: on a shared machine whose load
    changes from minute to minute, both then see the same load (run one batch after the other,
    the same code measured 0.29x and 1.29x the floor in two runs ten minutes apart)."""
    our_times: list[float] = []
    their_times: list[float] = []
    for _ in range(runs):
        our_times += timed(ours, 1)
        their_times += timed(theirs, 1)
    return our_times, their_times


def p95(samples: list[float]) -> float:
    """The 95th percentile (inclusive interpolation: the largest sample for a few samples)."""
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def fresh_worker(mode: str) -> None:
    """Run in a new process: import the app, write one document, print the peak RSS (MB)."""
    from alatau_legal import create_app

    app = create_app()
    case = make_case()
    resident: list[float] = []
    with app.app_context():
        if mode == "repeat":  # EXPORTS official drafts in a row: resident memory after each
            layout = Layout.from_config(app.config)
            for _ in range(EXPORTS):
                document = official_draft(case.act, case.new, case.new_tree, layout=layout)
                data = styles.to_bytes(document)
                del document
                resident.append(vm_rss_mb(os.getpid()))
        elif mode == "official":
            layout = Layout.from_config(app.config)
            document = official_draft(case.act, case.new, case.new_tree, layout=layout)
            data = styles.to_bytes(document)
        elif mode == "floor":
            data = floor(content_of(case.act, case.new, case.new_tree))
        elif mode == "comparison":
            changes = compare(flatten(case.old_tree), flatten(case.new_tree))
            data = styles.to_bytes(comparison_table(case.act, case.old, case.new, changes, {}))
        elif mode == "floor-table":
            changes = compare(flatten(case.old_tree), flatten(case.new_tree))
            data = floor_table(table_rows(changes))
        else:
            raise SystemExit(f"unknown mode {mode!r}")
    # ru_maxrss is kept across execve (getrusage(2)): in a process started from this large
    # benchmark it reports the parent's peak. VmHWM is this process's own peak since exec.
    inherited = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    peak = vm_hwm_mb(os.getpid())
    print(json.dumps({"mode": mode, "bytes": len(data), "peak_mb": peak, "maxrss": inherited,
                      "resident_mb": resident}))  # fmt: skip


def fresh_peak(mode: str) -> float:
    """The peak RSS (MB) of a new Python process that imports the app and writes once."""
    return fresh_process(mode)["peak_mb"]


def fresh_process(mode: str) -> dict:
    """What a new Python process that imports the app and writes reports (`fresh_worker`)."""
    with tempfile.TemporaryDirectory(prefix="alatau-bench-") as instance:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ALATAU_")}
        env.update(
            ALATAU_CONFIG="development",
            ALATAU_INSTANCE_DIR=instance,
            DATABASE_URL=f"sqlite:///{instance}/alatau.sqlite3",
            SECRET_KEY="bench-" + "x" * 40,
            PYTHONPATH=str(PROJECT),
        )
        answer = subprocess.run(
            [sys.executable, "-m", "tests.benchmarks.bench_documents", "--fresh", mode],
            cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600, check=True,
        )  # fmt: skip
    return json.loads(answer.stdout.strip().splitlines()[-1])


def through_api(case: Case) -> tuple[list[float], float, float, int]:
    """Export latencies (s) of the act's official draft over HTTP, the peak RSS (MB) of the
    fresh worker that served them and of the one that had made the act, and the file's size."""
    from tests.support.live_server import LiveServer

    with tempfile.TemporaryDirectory(prefix="alatau-bench-") as instance:
        server = LiveServer(
            instance_dir=Path(instance),
            postgres_server_url=POSTGRES,
            workers=1,
            extra_env={"ALATAU_CONFIG": "production", "ALATAU_SECURE_COOKIES": "0"},
        )
        try:
            server.prepare_database()
            server.create_user("drafter", "drafter", PASSWORD)
            server.start()
            base = server.url
            token = requests.post(
                f"{base}/api/v1/auth/token",
                json={"username": "drafter", "password": PASSWORD},
                timeout=60,
            )
            token.raise_for_status()
            session = requests.Session()
            session.headers["Authorization"] = f"Bearer {token.json()['token']}"
            made = session.post(
                f"{base}/api/v1/acts",
                json={"title": "Benchmark law", "act_type": "law", "language": "en",
                      "text": case.new_text},
                timeout=600,
            )  # fmt: skip
            if made.status_code != 201:
                raise RuntimeError(f"POST /api/v1/acts: {made.status_code} {made.text[:500]}")
            url = f"{base}/api/v1/acts/{made.json()['id']}/versions/1/export.docx"
            # The worker that parsed and saved the act goes; gunicorn forks a fresh one, which
            # serves the exports only.
            creator = _worker_pid(server._process.pid)
            creating_peak = vm_hwm_mb(creator)
            os.kill(creator, signal.SIGTERM)
            worker = _fresh_worker(server._process.pid, creator, base)
            latencies: list[float] = []
            size = 0
            resident: list[float] = []  # after the warm-up and after the last request
            for index in range(REQUESTS + 1):  # the first warms the worker up, not counted
                start = time.perf_counter()
                answer = session.get(url, timeout=600)
                latencies.append(time.perf_counter() - start)
                if answer.status_code != 200 or not answer.content.startswith(b"PK"):
                    raise RuntimeError(f"export.docx: {answer.status_code} {answer.text[:500]}")
                size = len(answer.content)
                if index in (0, REQUESTS):
                    resident.append(vm_rss_mb(worker))
            peak = vm_hwm_mb(worker)
        finally:
            server.stop()
    return latencies[1:], peak, creating_peak, size, (resident[0], resident[-1])


def _worker_pid(master: int) -> int | None:
    children = Path(f"/proc/{master}/task/{master}/children")
    pids = children.read_text().split() if children.exists() else []
    return int(pids[0]) if pids else None


def _fresh_worker(master: int, gone: int, base: str) -> int:
    """The pid of the worker gunicorn forks after `gone` exits, once the app answers."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        worker = _worker_pid(master)
        if worker not in (None, gone):
            try:
                if requests.get(f"{base}/api/v1/me", timeout=5).status_code == 401:
                    return worker
            except requests.RequestException:
                pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn forked no new worker within 60 s")


def vm_hwm_mb(pid: int) -> float:
    """Peak resident memory of a process (VmHWM), MB."""
    return _status_mb(pid, "VmHWM:")


def vm_rss_mb(pid: int) -> float:
    """Resident memory of a process now (VmRSS), MB."""
    return _status_mb(pid, "VmRSS:")


def _status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return float("nan")


# ---------------------------------------------------------------------------------------------
# The report


def line(name: str, ours: float, peer: float, unit: str, goal: float, absolute: bool = False):
    """One figure beside its peer: the ratio and PASS/MISS (against the ratio goal, or, when
    `absolute`, against `goal` in the figure's own unit)."""
    ratio = ours / peer
    passed = ours <= goal if absolute else ratio <= goal
    target = f"<= {goal:g} {unit}" if absolute else f"<= {goal:g}x"
    print(f"  {name:44} {ours:9.3f} {unit} vs {peer:9.3f} {unit}  {ratio:6.2f}x  "
          f"goal {target:10}  {'PASS' if passed else 'MISS'}")  # fmt: skip
    return passed


def growth(name: str, first: float, last: float, exports: int) -> bool:
    """Resident memory after an export and `exports` exports later: growth per export, PASS or
    MISS against GROWTH_GOAL_MB."""
    per_export = (last - first) / exports
    passed = per_export <= GROWTH_GOAL_MB
    print(f"  {name:44} {per_export:9.3f} MB per export (RSS {first:.0f} -> {last:.0f} MB)  "
          f"goal <= {GROWTH_GOAL_MB:g} MB  {'PASS' if passed else 'MISS'}")  # fmt: skip
    return passed


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--fresh"]:
        fresh_worker(argv[1])
        return
    case = make_case()
    content = content_of(case.act, case.new, case.new_tree)
    changes = compare(flatten(case.old_tree), flatten(case.new_tree))
    rows = table_rows(changes)

    def ours() -> bytes:
        return styles.to_bytes(official_draft(case.act, case.new, case.new_tree))

    count = check_same_document(ours(), floor(content))
    official_times, floor_times = timed_in_turn(ours, lambda: floor(content), RUNS)
    comparison_times, floor_table_times = timed_in_turn(
        lambda: styles.to_bytes(comparison_table(case.act, case.old, case.new, changes, {})),
        lambda: floor_table(rows),
        RUNS,
    )
    api_times, worker_peak, creating_peak, api_bytes, worker_resident = through_api(case)
    peaks = {mode: fresh_peak(mode) for mode in ("official", "floor", "comparison",
                                                 "floor-table")}  # fmt: skip
    repeated = fresh_process("repeat")

    print(
        f"Documents benchmark: an act of {ARTICLES} articles, {count:,} paragraphs (the floor's "
        f"file checked to hold the same paragraphs, styles and texts); {len(changes)} changes"
    )
    print(f"  in process: {RUNS} runs each; API: {REQUESTS} requests, one at a time, gunicorn -w 1,"
          f" production config, PostgreSQL; the file sent {api_bytes:,} B")  # fmt: skip
    print("  figure (ours vs the floor)")
    verdicts = [
        line("official draft, in process, median", statistics.median(official_times),
             statistics.median(floor_times), "s", TIME_GOAL),
        line("official draft, in process, p95", p95(official_times), p95(floor_times), "s",
             TIME_GOAL),
        line("official draft, API export.docx, median", statistics.median(api_times),
             statistics.median(floor_times), "s", TIME_GOAL),
        line("official draft, API export.docx, p95", p95(api_times), p95(floor_times), "s",
             TIME_GOAL),
        line("official draft, fresh worker peak RSS", peaks["official"], peaks["floor"], "MB",
             MEMORY_GOAL_MB, absolute=True),
        line("official draft, fresh gunicorn worker peak RSS", worker_peak, peaks["floor"],
             "MB", MEMORY_GOAL_MB, absolute=True),
        line("comparison table, in process, median", statistics.median(comparison_times),
             statistics.median(floor_table_times), "s", TIME_GOAL),
        line("comparison table, fresh worker peak RSS", peaks["comparison"],
             peaks["floor-table"], "MB", MEMORY_GOAL_MB, absolute=True),
        line(f"official draft x{EXPORTS}, fresh process peak RSS", repeated["peak_mb"],
             peaks["floor"], "MB", MEMORY_GOAL_MB, absolute=True),
        growth(f"official draft x{EXPORTS} in a row, fresh process", repeated["resident_mb"][0],
               repeated["resident_mb"][-1], EXPORTS - 1),
        growth(f"API export.docx x{REQUESTS}, fresh gunicorn worker", *worker_resident,
               REQUESTS),
    ]  # fmt: skip
    print(f"  {'all PASS' if all(verdicts) else 'some MISS'}")
    print(
        f"  (the worker that parsed and saved the act by POST /api/v1/acts peaked at "
        f"{creating_peak:.0f} MB; peak RSS is VmHWM, the process's own since it started)"
    )


if __name__ == "__main__":
    main()
