"""The app measured from outside, against peers measured in the same run (issue 16).

A PostgreSQL database of its own (`alatau_bench_<pid>`, created and dropped here) is filled
through the app's services: 10,000 acts (about 50 of them in review, with rounds, opinions and
comments) and 300,000 provision-versions, in the words of the sample acts of `acts/` at their
natural frequencies; one act of 1,515 provisions saved in 100 versions with 5% of them
changed each time. The search index is built as `flask search rebuild` builds it. Then
gunicorn serves the app with four workers and 20 clients (threads) send requests over HTTP:

- the deadlines dashboard and an act page in review, p95, against a static file of the same
  server at the same concurrency;
- compare v50 → v51 of the long act over the API (one client), against difflib on the texts;
- search, two words (AND) in the default scope (latest versions) and with versions=all, p95
  over HTTP, against SQLite FTS5 with snippet() and the count on the same texts, queried by
  20 threads at once; the query words are not the ones used to warm up;
- storage of the long act's 100 versions against its first one (database bytes);
- the workers' resident memory after all of it and 45 save + search cycles.

Every figure is printed beside its peer with the ratio and PASS or MISS against the goal.
`python -m tests.benchmarks.bench_http --scale 0.05` is a quick run (fewer acts).
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import os
import random
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PROJECT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/")
ACTS = 10_000
PROVISION_VERSIONS = 300_000
IN_REVIEW = 50
CLIENTS = 20
LOADERS = 4  # processes that make the corpus
WORKERS = 4
PASSWORD = "correct horse battery"
LONG_ARTICLES = 150  # x (1 article + 3 paragraphs + 6 sub-paragraphs) + 15 chapters = 1,515
LONG_VERSIONS = 100
CHANGE_SHARE = 0.05
GOALS = {  # (largest ratio, what it is against)
    "dashboard": 5.0,
    "act page": 5.0,
    "compare": 1.0,
    "search AND": 2.0,
    "search default scope": 2.0,
    "search versions=all": 2.0,
    "storage": 10.0,
}
MEMORY_GOAL_MB = 250


# ---------------------------------------------------------------------------------------------
# Words of the sample acts, at their natural frequencies


WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


def vocabulary() -> dict[str, tuple[list[str], list[int]]]:
    """The words of the sample acts by script ('en' Latin, 'ru' Cyrillic) with their counts."""
    counts: dict[str, Counter] = {"en": Counter(), "ru": Counter()}
    for path in sorted((PROJECT / "acts").glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        for word in WORD.findall(body.lower()):
            script = "ru" if re.search("[а-яёәғқңөұүһі]", word) else "en"
            counts[script][word] += 1
    return {lang: (list(c), list(c.values())) for lang, c in counts.items()}


class Writer:
    def __init__(self, rng: random.Random, words: tuple[list[str], list[int]]) -> None:
        self.rng = rng
        self.words, self.weights = words
        self.cumulative = list(_accumulate(self.weights))

    def sentence(self, count: int) -> str:
        chosen = self.rng.choices(self.words, cum_weights=self.cumulative, k=count)
        return " ".join(chosen).capitalize()


def _accumulate(values):
    total = 0
    for value in values:
        total += value
        yield total


def short_act(writer: Writer, russian: bool, articles: int) -> str:
    """About 20 provisions: articles of two paragraphs, one with two sub-paragraphs."""
    article, chapter = ("Статья", "Глава") if russian else ("Article", "Chapter")
    lines = [f"{chapter} 1. " + writer.sentence(4), ""]
    for number in range(1, articles + 1):
        lines += [f"{article} {number}. " + writer.sentence(4)]
        lines.append("1. " + writer.sentence(18) + ":")
        lines += [f"{sub}) " + writer.sentence(9) + ";" for sub in (1, 2)]
        lines += ["2. " + writer.sentence(16) + ".", ""]
    return "\n".join(lines)


def long_act(writer: Writer) -> str:
    lines = []
    for article in range(1, LONG_ARTICLES + 1):
        if (article - 1) % 10 == 0:
            lines += [f"Chapter {(article - 1) // 10 + 1}. " + writer.sentence(4), ""]
        lines += [f"Article {article}. " + writer.sentence(4), ""]
        for para in range(1, 4):
            lines.append(f"{para}. " + writer.sentence(24) + ":")
            lines += [f"{sub}) " + writer.sentence(14) + ";" for sub in (1, 2)]
            lines.append("")
    return "\n".join(lines)


def edit(body: str, writer: Writer, share: float) -> str:
    """Change `share` of the numbered provisions by one word each (at least one)."""
    lines = body.split("\n")
    numbered = [i for i, line in enumerate(lines) if line[:1].isdigit()]
    for index in writer.rng.sample(numbered, max(1, round(len(numbered) * share))):
        parts = lines[index].split(" ")
        position = writer.rng.randrange(1, len(parts))
        word = parts[position]
        while word == parts[position]:  # a real change, never the same word again
            word = writer.sentence(1).lower()
        parts[position] = word
        lines[index] = " ".join(parts)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# The database, filled through the services


def _environment(database_url: str, instance: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ALATAU_")}
    env.update(
        ALATAU_CONFIG="development",
        ALATAU_INSTANCE_DIR=instance,
        DATABASE_URL=database_url,
        SECRET_KEY="bench-" + "x" * 40,
        ALATAU_LOGIN_RATE_LIMIT="10000 per minute",
        PYTHONPATH=str(PROJECT),
    )
    return env


def _app(database_url: str, instance: str):
    os.environ.update(_environment(database_url, instance))
    from alatau_legal import create_app

    return create_app()


def _make_acts(args: tuple) -> tuple[int, int]:
    """Worker process: make acts [start, stop) as the drafter would (a save makes version 2
    of every other act). Returns (acts, provision-versions)."""
    database_url, instance, start, stop, articles, seed = args
    from flask import g

    from alatau_legal.accounts.models import User
    from alatau_legal.acts import services as acts
    from alatau_legal.extensions import db

    app = _app(database_url, instance)
    words = vocabulary()
    made = provision_versions = 0
    with app.app_context():
        drafter = db.session.scalar(db.select(User).filter_by(username="drafter"))
        for n in range(start, stop):
            rng = random.Random(seed * 1_000_003 + n)
            russian = n % 3 == 0
            writer = Writer(rng, words["ru" if russian else "en"])
            body = short_act(writer, russian, articles)
            act, _ = acts.create_act(
                drafter,
                title=writer.sentence(6),
                act_type="rules",
                language="ru" if russian else "en",
                text=body,
                max_chars=10**6,
            )
            db.session.commit()
            provisions = 1 + 5 * articles
            provision_versions += provisions
            if n % 2 == 0:
                acts.save_version(
                    drafter, act.id, base_version=1, text=edit(body, writer, CHANGE_SHARE),
                    note="edit", max_chars=10**6,
                )  # fmt: skip
                db.session.commit()
                provision_versions += provisions
            made += 1
            db.session.expunge_all()
            drafter = db.session.merge(drafter, load=False)
        # The index is built once, by `populate`, not by each loader at its exit.
        g.pop("search_outbox_committed", None)
    return made, provision_versions


# The storage of versions' texts (the goal's figure): the nodes, their wordings, the version
# rows. Everything else a save writes that stays is measured beside it, in `EVERY_VERSION_TABLE`.
TEXT_TABLES = ("provision_nodes", "provision_wordings", "versions")
EVERY_VERSION_TABLE = (*TEXT_TABLES, "version_texts", "provision_references",
                       "reference_targets", "audit_entries")  # fmt: skip


def _relation_bytes(session, tables: tuple[str, ...] = TEXT_TABLES) -> int:
    """Heap, TOAST and indexes of `tables` (pg_total_relation_size), in bytes."""
    return session.scalar(
        text("SELECT " + " + ".join(f"pg_total_relation_size('{table}')" for table in tables))
    )


def populate(database_url: str, instance: str, scale: float) -> dict:
    """Users, the long act (storage measured), the corpus, the acts in review, the index."""
    from flask import g
    from flask_migrate import upgrade

    from alatau_legal.accounts import services as accounts
    from alatau_legal.accounts.models import OrganisationKind, Role, User
    from alatau_legal.acts import services as acts
    from alatau_legal.extensions import db
    from alatau_legal.review import services as review
    from alatau_legal.search import services as search

    app = _app(database_url, instance)
    facts: dict = {}
    with app.app_context():
        upgrade()
        organisations = {
            Role.DOMESTIC_EXPERT: accounts.create_organisation(
                None, name="Institute of Legislation", kind=OrganisationKind.DOMESTIC.value
            ),
            Role.INTERNATIONAL_EXPERT: accounts.create_organisation(
                None, name="International Law Organisation",
                kind=OrganisationKind.INTERNATIONAL.value,
            ),
        }  # fmt: skip
        users = {}
        for role in Role:
            users[role] = accounts.create_user(
                None, username=role.value.replace("_", "-"), password=PASSWORD, role=role,
                full_name=f"Bench {role.label}", organisation=organisations.get(role),
            )  # fmt: skip
        db.session.commit()
        drafter = users[Role.DRAFTER]

        # The long act first, in a database still small: its bytes are its own. A small act
        # of two versions before it gives every table its first pages, so that the long act's
        # first version is not charged for the empty pages of tables it hardly uses.
        warmer = Writer(random.Random(1), vocabulary()["en"])
        warm, _ = acts.create_act(
            drafter, title="Warm-up rules", act_type="rules", language="en",
            text=short_act(warmer, False, 2), max_chars=10**6,
        )  # fmt: skip
        db.session.commit()
        acts.save_version(
            drafter, warm.id, base_version=1, text=short_act(warmer, False, 3), note="edit",
            max_chars=10**6,
        )  # fmt: skip
        db.session.commit()
        facts["warm_id"] = warm.id
        facts["warm_provisions"] = sum(
            len(acts.get_version(drafter, warm, number).flat) for number in (1, 2)
        )
        empty = _relation_bytes(db.session)
        empty_all = _relation_bytes(db.session, EVERY_VERSION_TABLE)
        writer = Writer(random.Random(2026), vocabulary()["en"])
        body = long_act(writer)
        long, _ = acts.create_act(
            drafter, title="Long rules", act_type="rules", language="en", text=body,
            max_chars=10**7,
        )  # fmt: skip
        db.session.commit()
        one = _relation_bytes(db.session) - empty
        one_all = _relation_bytes(db.session, EVERY_VERSION_TABLE) - empty_all
        texts = [body]
        started = time.perf_counter()
        for number in range(2, LONG_VERSIONS + 1):
            texts.append(edit(texts[-1], writer, CHANGE_SHARE))
            acts.save_version(
                drafter, long.id, base_version=number - 1, text=texts[-1], note="edit",
                max_chars=10**7,
            )  # fmt: skip
            db.session.commit()
        facts["long_saves"] = time.perf_counter() - started
        hundred = _relation_bytes(db.session) - empty
        facts["storage"] = (hundred, one)
        hundred_all = _relation_bytes(db.session, EVERY_VERSION_TABLE) - empty_all
        facts["storage, every table"] = (hundred_all, one_all)
        facts["long_id"] = long.id
        facts["long_texts"] = (
            acts.get_version(drafter, long, 50).text,
            acts.get_version(drafter, long, 51).text,
        )
        facts["long_provisions"] = len(acts.get_version(drafter, long, 1).flat)
        db.session.commit()
        g.pop("search_outbox_committed", None)  # indexed once, below, with the whole corpus

    # The corpus, in four processes (the database's round trips, not the cores, bound it).
    total = max(IN_REVIEW * 2, round(ACTS * scale))
    per_act = PROVISION_VERSIONS / ACTS / 1.5  # half the acts have a second version
    articles = max(1, round((per_act - 1) / 5))
    started = time.perf_counter()
    bounds = [total * part // LOADERS for part in range(LOADERS + 1)]
    with ProcessPoolExecutor(LOADERS) as pool:
        done = list(
            pool.map(
                _make_acts,
                [
                    (database_url, instance, bounds[i], bounds[i + 1], articles, 16)
                    for i in range(LOADERS)
                ],
            )
        )
    facts["acts"] = sum(made for made, _ in done) + 2
    facts["provision_versions"] = (
        sum(pv for _, pv in done) + facts["long_provisions"] * 100 + facts["warm_provisions"]
    )
    facts["corpus_seconds"] = time.perf_counter() - started

    with app.app_context():
        from alatau_legal.acts.models import Act, ActStatus

        users = {u.role: u for u in db.session.scalars(db.select(User))}
        drafter, secretary = users[Role.DRAFTER], users[Role.SECRETARY]
        domestic = users[Role.DOMESTIC_EXPERT]
        ids = list(
            db.session.scalars(
                db.select(Act.id)
                .where(Act.id.not_in([facts["long_id"], facts["warm_id"]]))
                .order_by(Act.id)
                .limit(IN_REVIEW)
            )
        )
        in_review = []
        due = datetime.date.today() + datetime.timedelta(days=28)
        for act_id in ids:  # not the long act, nor the small one made before it
            review.plan_round(
                secretary, act_id, stage="domestic", reviewers=[domestic.username], due=due
            )
            review.transition(drafter, act_id, "submit_domestic_review", "For review")
            act = db.session.get(Act, act_id)
            first = acts.get_version(drafter, act, act.current_version).flat[1].eid
            for n in range(3):
                review.add_comment(
                    domestic, act_id, version=act.current_version, eid=first, body=f"Why {n}?"
                )
            db.session.commit()
            in_review.append(act.number)
        facts["in_review"] = in_review
        # Acts the memory cycles save to: in drafting, not in the review set.
        facts["drafting"] = list(
            db.session.scalars(
                db.select(Act.id)
                .where(Act.status == ActStatus.DRAFTING)
                .order_by(Act.id.desc())
                .limit(45)
            )
        )
        started = time.perf_counter()
        report = search.rebuild()
        facts["index_seconds"] = time.perf_counter() - started
        facts["cursor"] = report.cursor
    return facts


# ---------------------------------------------------------------------------------------------
# The server and its clients


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(database_url: str, instance: str, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}",
            "--timeout", "300", "--log-level", "warning", "app:app",
        ],
        cwd=PROJECT, env=_environment(database_url, instance), start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/static/css/app.css", timeout=30).ok:
                time.sleep(5)  # every worker up, not only the first
                return server
        except requests.RequestException:
            time.sleep(0.5)
    os.killpg(server.pid, signal.SIGTERM)
    raise RuntimeError("gunicorn did not answer in 300 s")


def signed_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = session.post(
        f"{base}/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:300]
    return session


def bearer(base: str, username: str) -> dict[str, str]:
    answer = requests.post(
        f"{base}/api/v1/auth/token",
        json={"username": username, "password": PASSWORD},
        timeout=60,
    )
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def load(
    base: str, paths: list[str], *, cookies=None, headers=None, clients=CLIENTS, totals=None
) -> list:
    """Every path requested once by `clients` threads at a time; the latencies in seconds.

    `totals` (a list) collects the `total` of each JSON answer (search: how many hits)."""
    latencies: list[float] = []
    failures: list[str] = []
    queue = list(enumerate(paths))
    lock = threading.Lock()

    def client() -> None:
        session = requests.Session()
        if cookies is not None:
            session.cookies.update(cookies)
        while True:
            with lock:
                if not queue:
                    return
                _, path = queue.pop()
            started = time.perf_counter()
            answer = session.get(base + path, headers=headers, timeout=600)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if answer.status_code != 200:
                    failures.append(f"{path}: {answer.status_code}")
                elif totals is not None:
                    totals.append(answer.json()["total"])

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{len(failures)} failed requests, e.g. {failures[:3]}")
    return latencies


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# ---------------------------------------------------------------------------------------------
# The FTS5 peer


def fts_database(folder: str, database_url: str) -> tuple[str, str]:
    """Two FTS5 tables of the same texts: the latest versions, and every distinct wording."""
    from alatau_legal.acts.models import Version
    from alatau_legal.acts.storage import load_version
    from alatau_legal.extensions import db

    path = str(Path(folder) / "fts.sqlite3")
    peer = sqlite3.connect(path)
    peer.execute("CREATE VIRTUAL TABLE latest USING fts5(body, tokenize='unicode61')")
    peer.execute("CREATE VIRTUAL TABLE everything USING fts5(body, tokenize='unicode61')")
    app = _app(database_url, os.environ["ALATAU_INSTANCE_DIR"])
    with app.app_context():
        from alatau_legal.acts.models import Act

        current = dict(db.session.execute(db.select(Act.id, Act.current_version)).all())
        seen: set[tuple] = set()
        rows = db.session.execute(
            db.select(Version.act_id, Version.number, Version.top_provisions).execution_options(
                yield_per=500
            )
        )
        for act_id, number, top in rows:
            for row in load_version(top).flat:
                body = "\n".join(part for part in (row.heading, row.text) if part)
                if not body:
                    continue
                if number == current[act_id]:
                    peer.execute("INSERT INTO latest(body) VALUES (?)", (body,))
                key = (act_id, row.eid, body)
                if key not in seen:
                    seen.add(key)
                    peer.execute("INSERT INTO everything(body) VALUES (?)", (body,))
    peer.commit()
    peer.close()
    return path, database_url


def fts_load(
    path: str, table: str, queries: list[str], clients: int = CLIENTS, totals=None
) -> list[float]:
    latencies: list[float] = []
    lock = threading.Lock()
    queue = list(queries)

    def client() -> None:
        connection = sqlite3.connect(path, check_same_thread=False)
        while True:
            with lock:
                if not queue:
                    break
                words = queue.pop()
            match = " AND ".join(f'"{word}"' for word in words.split())
            started = time.perf_counter()
            top = (
                f"SELECT rowid, snippet({table}, 0, '<mark>', '</mark>', ' … ', 24) "  # noqa: S608
                f"FROM {table} WHERE {table} MATCH ? ORDER BY bm25({table}) LIMIT 20"
            )
            list(connection.execute(top, (match,)))
            (count,) = connection.execute(
                f"SELECT count(*) FROM {table} WHERE {table} MATCH ?",  # noqa: S608 (our table)
                (match,),
            ).fetchone()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if totals is not None:
                    totals.append(count)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def query_words(rng: random.Random, count: int, skip: set[str]) -> list[str]:
    """Two-word queries of words of middling frequency (each in many provisions, not all)."""
    words = vocabulary()
    pairs = []
    for lang in ("en", "ru"):
        ranked = sorted(zip(*words[lang], strict=True), key=lambda item: -item[1])
        middling = [w for w, _ in ranked[20:400] if len(w) > 3 and w not in skip]
        for _ in range(count // 2):
            pairs.append(" ".join(rng.sample(middling, 2)))
    return pairs


# ---------------------------------------------------------------------------------------------
# The run


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker_pids(master: int) -> list[int]:
    found = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True, check=False
    )
    return [int(pid) for pid in found.stdout.split()]


def verdict(name: str, ours: float, peer: float, unit: str = "ms") -> tuple:
    ratio = ours / peer if peer else float("inf")
    goal = GOALS[name]
    return name, ours, peer, unit, ratio, goal, "PASS" if ratio <= goal else "MISS"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the 10,000 acts")
    parser.add_argument("--requests", type=int, default=400, help="requests per measurement")
    options = parser.parse_args(argv)
    name = f"alatau_bench_{os.getpid()}"
    database_url = SERVER.rstrip("/") + "/" + name
    admin = create_engine(
        make_url(database_url).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
        # Loading only: the commits of the corpus need not wait for the disk. Reset below,
        # before the server starts, so the measured saves commit as in production.
        connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    server = None
    results: dict = {}
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory() as instance:
            facts = populate(database_url, instance, options.scale)
            print(
                f"Made {facts['acts']:,} acts, {facts['provision_versions']:,} provision-versions "
                f"in {facts['corpus_seconds']:.0f} s (+ the long act's 100 versions in "
                f"{facts['long_saves']:.0f} s); index built in {facts['index_seconds']:.0f} s",
                flush=True,
            )
            fts_path, _ = fts_database(instance, database_url)
            with admin.connect() as connection:
                connection.execute(text(f'ALTER DATABASE "{name}" RESET synchronous_commit'))
            port = free_port()
            server = start_server(database_url, instance, port)
            base = f"http://127.0.0.1:{port}"
            try:
                run_measurements(base, server, facts, fts_path, options.requests, results)
            except Exception:  # report what was measured, then the failure
                traceback.print_exc()
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    report(results, facts, time.perf_counter() - started)


def run_measurements(
    base: str, server, facts: dict, fts_path: str, count: int, results: dict
) -> None:
    """Fill `results` as each measurement ends (a failure later keeps the earlier figures)."""
    rng = random.Random(7)
    secretary = signed_in(base, "secretary").cookies
    drafter_headers = bearer(base, "drafter")
    static = ["/static/css/app.css"] * count

    # Warm every worker a little (templates, caches), with paths not measured afterwards.
    load(base, ["/deadlines", "/acts", "/my-work"] * 8, cookies=secretary)
    static_latencies = load(base, static)
    dashboard = load(base, ["/deadlines"] * count, cookies=secretary)
    results["dashboard"] = verdict("dashboard", p95(dashboard) * 1e3, p95(static_latencies) * 1e3)
    pages = [f"/acts/{rng.choice(facts['in_review'])}" for _ in range(count)]
    act_pages = load(base, pages, cookies=secretary)
    static_again = load(base, static)
    results["act page"] = verdict("act page", p95(act_pages) * 1e3, p95(static_again) * 1e3)

    # Compare over HTTP, one client, warm, against difflib on the same two texts.
    path = f"/api/v1/acts/{facts['long_id']}/compare?from=50&to=51"
    load(base, [path] * 8, headers=drafter_headers, clients=4)  # each worker loads it once
    compare = load(base, [path] * 30, headers=drafter_headers, clients=1)
    old, new = facts["long_texts"]
    peer = []
    for _ in range(30):
        begun = time.perf_counter()
        list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm=""))
        peer.append(time.perf_counter() - begun)
    results["compare"] = verdict(
        "compare", statistics.median(compare) * 1e3, statistics.median(peer) * 1e3
    )

    # Search: warm with some queries, measure with others.
    warm = query_words(rng, 40, set())
    load(base, [f"/api/v1/search?q={q}" for q in warm], headers=drafter_headers)
    queries = query_words(rng, count, set(" ".join(warm).split()))
    for label, scope, table in (
        ("search default scope", "", "latest"),
        ("search versions=all", "&versions=all", "everything"),
    ):
        found: list[int] = []
        peer_found: list[int] = []
        ours = load(
            base,
            [f"/api/v1/search?q={q}{scope}" for q in queries],
            headers=drafter_headers,
            totals=found,
        )
        theirs = fts_load(fts_path, table, queries, totals=peer_found)
        results[label] = verdict(label, p95(ours) * 1e3, p95(theirs) * 1e3)
        results[label + " hits"] = (statistics.mean(found), statistics.mean(peer_found))
        one = load(
            base,
            [f"/api/v1/search?q={q}{scope}" for q in queries[:40]],
            headers=drafter_headers,
            clients=1,
        )
        results[label + " one client"] = statistics.median(one) * 1e3
    # The two-word AND with no scope filter (every version) is the "AND" row.
    results["search AND"] = verdict(
        "search AND", results["search versions=all"][1], results["search versions=all"][2]
    )
    results["search AND hits"] = results["search versions=all hits"]
    results["search AND one client"] = results["search versions=all one client"]

    hundred, one = facts["storage"]
    results["storage"] = verdict("storage", hundred, one, "bytes")

    # Memory: 45 cycles of a save and a search, then each worker's resident memory.
    session = requests.Session()
    session.headers.update(drafter_headers)
    for n, act_id in enumerate(facts["drafting"][:45]):
        version = session.get(f"{base}/api/v1/acts/{act_id}/versions/1", timeout=600).json()
        body = version["text"] + f"\n\nArticle 99. Added {n}\n1. Added provision number {n}.\n"
        latest = session.get(f"{base}/api/v1/acts/{act_id}", timeout=600).json()["current_version"]
        saved = session.post(
            f"{base}/api/v1/acts/{act_id}/versions",
            json={"base_version": latest, "text": body, "note": "cycle"},
            timeout=600,
        )
        if saved.status_code != 201:
            results.setdefault("cycle failures", []).append(saved.status_code)
        session.get(f"{base}/api/v1/search", params={"q": f"Added {n}"}, timeout=600)
    time.sleep(2)
    results["memory"] = [rss_mb(pid) for pid in worker_pids(server.pid)]


def report(results: dict, facts: dict, seconds: float) -> None:
    print(f"HTTP benchmark: gunicorn -w {WORKERS} on PostgreSQL, {CLIENTS} clients")
    print(
        f"  corpus: {facts['acts']:,} acts ({len(facts['in_review'])} in review), "
        f"{facts['provision_versions']:,} provision-versions; long act "
        f"{facts['long_provisions']:,} provisions x {LONG_VERSIONS} versions"
    )
    peers = {
        "dashboard": "p95 vs static file p95",
        "act page": "p95 vs static file p95",
        "compare": "median, 1 client, v50->v51 vs difflib.unified_diff",
        "search AND": "p95, two-word AND, versions=all (no scope filter) vs FTS5 + snippet()"
        " + count on every distinct wording",
        "search default scope": "p95, two-word AND, latest versions vs FTS5 on the latest texts",
        "storage": "100 versions (5% changed each) vs one version, database bytes of "
        + ", ".join(TEXT_TABLES),
    }
    for key, description in peers.items():
        if key not in results:
            print(f"  {key:22} not measured (the run failed before it)")
            continue
        name, ours, peer, unit, ratio, goal, outcome = results[key]
        if key + " hits" in results:
            hits, peer_hits = results[key + " hits"]
            description += (
                f"; hits per query {hits:,.0f} vs FTS5 {peer_hits:,.0f} (ours counts a wording"
                f" once across versions); one client median {results[key + ' one client']:.0f}"
                " ms"
            )
        if unit == "bytes":
            figures = f"{ours:,.0f} B vs {peer:,.0f} B"
        else:
            figures = f"{ours:,.1f} ms vs {peer:,.1f} ms"
        print(
            f"  {name:22} {figures:>28}  {ratio:7.2f}x  goal <= {goal:g}x  {outcome}"
            f"   ({description})"
        )
    if "storage, every table" in facts:
        hundred, one = facts["storage, every table"]
        print(
            f"  {'storage, every table':22} {f'{hundred:,.0f} B vs {one:,.0f} B':>28}  "
            f"{hundred / one:7.2f}x  (no goal; as above with everything else a save keeps: "
            + ", ".join(EVERY_VERSION_TABLE[len(TEXT_TABLES) :])
            + ")"
        )
    memory = results.get("memory", [])
    if results.get("cycle failures"):
        print(f"  save cycles refused: {results['cycle failures']}")
    worst = max(memory) if memory else 0.0
    outcome = "PASS" if worst <= MEMORY_GOAL_MB else "MISS"
    print(
        f"  {'worker memory':22} {worst:>22,.0f} MB max  goal <= {MEMORY_GOAL_MB} MB  {outcome}"
        f"   (RSS of each worker after the load and 45 save+search cycles: "
        f"{', '.join(f'{m:.0f}' for m in memory)} MB)"
    )
    print(f"  whole run: {seconds / 60:.1f} min")


if __name__ == "__main__":
    main()
