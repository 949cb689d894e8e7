"""Versions benchmark: a 1,500-provision act saved in 100 versions with 5% changes each.

Reports, in one run:
- parse + store time of the act;
- storage of 100 versions against one version and against 100 full copies, in database bytes
  (SQLite's dbstat: the pages of each table and index), with where the bytes go;
- compare of two versions (provision and word level) against plain `difflib` on the same texts.
"""

from __future__ import annotations

import difflib
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select, text

ARTICLES = 150  # x (1 article + 3 paragraphs + 6 sub-paragraphs) + 15 chapters = 1,515
VERSIONS = 100
CHANGE_SHARE = 0.05
WORDS = (
    "investor participant authority preference register application decision business days "
    "tenge monthly calculation index committee permit territory district building height "
    "zone corridor specialist quota contract obligation monitoring report revocation"
).split()


def make_text(rng: random.Random, articles: int = ARTICLES, per_chapter: int = 10) -> str:
    lines = []
    for article in range(1, articles + 1):
        if (article - 1) % per_chapter == 0:
            chapter = (article - 1) // per_chapter + 1
            lines += [f"Chapter {chapter}. Provisions of group {chapter}", ""]
        lines += [f"Article {article}. Rules of matter {article}", ""]
        for para in range(1, 4):
            lines.append(f"{para}. " + sentence(rng, 24) + ":")
            lines += [f"{sub}) " + sentence(rng, 14) + ";" for sub in (1, 2)]
            lines.append("")
    return "\n".join(lines)


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def edit(text: str, rng: random.Random) -> str:
    """Change about 5% of the numbered provisions by one word each."""
    lines = text.split("\n")
    numbered = [i for i, line in enumerate(lines) if line[:1].isdigit()]
    for index in rng.sample(numbered, int(len(numbered) * CHANGE_SHARE * 1.1)):
        words = lines[index].split(" ")
        position = rng.randrange(1, len(words))
        words[position] = rng.choice(WORDS)
        lines[index] = " ".join(words)
    return "\n".join(lines)


# The tables that hold versions' texts (the storage goal's figure, as bench_http measures it).
TEXT_TABLES = ("provision_nodes", "provision_wordings", "versions")


def database_bytes(session) -> dict[tuple[str, str], int]:
    """Bytes of every table and index, by (table, table or index name): whole pages."""
    rows = session.execute(
        text(
            "SELECT m.tbl_name, d.name, SUM(d.pgsize) FROM dbstat d "
            "JOIN sqlite_master m ON m.name = d.name GROUP BY d.name"
        )
    )
    return {(table, name): size for table, name, size in rows}


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}x" if theirs else "n/a"


def main() -> None:
    from flask_migrate import upgrade

    from alatau_legal import create_app
    from alatau_legal.acts import compare as compare_module
    from alatau_legal.acts import services
    from alatau_legal.acts.models import ProvisionNode
    from alatau_legal.acts.storage import node_cache
    from alatau_legal.acts.text import parse
    from alatau_legal.extensions import db
    from config import TestingConfig
    from tests.support.builders import make_user

    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ALATAU_INSTANCE_DIR"] = folder
        config = TestingConfig()
        config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        app = create_app(config)
        with app.app_context():
            upgrade()
            drafter = make_user("drafter", "bench")
            db.session.commit()
            empty = database_bytes(db.session)
            text = make_text(rng)

            started = time.perf_counter()
            parsed = parse(text)
            parse_seconds = time.perf_counter() - started
            provisions = sum(1 for _ in parsed.walk())
            started = time.perf_counter()
            act, _ = services.create_act(
                drafter,
                title="Benchmark act",
                act_type="rules",
                language="en",
                text=text,
                max_chars=10_000_000,
            )
            db.session.commit()
            store_seconds = time.perf_counter() - started
            first = database_bytes(db.session)

            texts = [services.current_version(drafter, act).text]
            save_times = []
            for _ in range(VERSIONS - 1):
                texts.append(edit(texts[-1], rng))
                started = time.perf_counter()
                services.save_version(
                    drafter,
                    act.id,
                    base_version=act.current_version,
                    text=texts[-1],
                    note="edit",
                    max_chars=10_000_000,
                )
                db.session.commit()
                save_times.append(time.perf_counter() - started)

            last = database_bytes(db.session)
            node_rows = db.session.scalar(select(func.count()).select_from(ProvisionNode))
            full_copies = sum(len(t.encode()) for t in texts)

            node_cache.clear()
            old = services.get_version(drafter, act, 50)
            new = services.get_version(drafter, act, 51)
            old_flat, new_flat = old.flat, new.flat
            old_text, new_text = old.text, new.text
            ours, peer = [], []
            for _ in range(20):
                started = time.perf_counter()
                changes = compare_module.compare(old_flat, new_flat)
                ours.append(time.perf_counter() - started)
                started = time.perf_counter()
                list(
                    difflib.unified_diff(old_text.splitlines(), new_text.splitlines(), lineterm="")
                )
                peer.append(time.perf_counter() - started)
            far = compare_module.compare(services.get_version(drafter, act, 1).flat, new_flat)

    ours_median, peer_median = statistics.median(ours), statistics.median(peer)
    print("Versions benchmark")
    print(f"  act: {provisions} provisions, {len(text):,} characters, {VERSIONS} versions")
    print(
        f"  parse: {parse_seconds * 1000:.1f} ms; parse + store version 1: "
        f"{store_seconds * 1000:.1f} ms"
    )
    print(
        f"  save of a version with 5% changes: median "
        f"{statistics.median(save_times) * 1000:.1f} ms, max {max(save_times) * 1000:.1f} ms"
    )
    grown = {key: (first.get(key, 0) - empty.get(key, 0), size - empty.get(key, 0))
             for key, size in last.items() if size > empty.get(key, 0)}  # fmt: skip
    one = sum(a for (table, _), (a, _) in grown.items() if table in TEXT_TABLES)
    stored = sum(b for (table, _), (_, b) in grown.items() if table in TEXT_TABLES)
    print(
        f"  storage ({', '.join(TEXT_TABLES)}, their indexes): {stored:,} bytes "
        f"({node_rows:,} nodes) vs {one:,} bytes for version 1 = {ratio(stored, one)} "
        f"(goal <= 10x: {'PASS' if stored <= 10 * one else 'MISS'}); "
        f"vs {full_copies:,} bytes for {VERSIONS} full copies = {ratio(stored, full_copies)}"
    )
    print(f"    {'table / index':52} {'version 1':>10} {VERSIONS:>4} versions {'each more':>10}")
    by_table: dict[str, int] = {}
    for (table, _), (_, b) in grown.items():
        by_table[table] = by_table.get(table, 0) + b
    for (table, name), (a, b) in sorted(
        grown.items(),
        key=lambda item: (-by_table[item[0][0]], item[0][1] != item[0][0], -item[1][1]),
    ):
        label = table if name == table else f"  {name}"
        print(f"    {label:52} {a:>10,} {b:>14,} {(b - a) / (VERSIONS - 1):>10,.0f}")
    one_all = sum(a for a, _ in grown.values())
    all_bytes = sum(b for _, b in grown.values())
    print(
        f"    every table: {all_bytes:,} bytes vs {one_all:,} = {ratio(all_bytes, one_all)}"
        " (SQLite's dbstat counts whole pages: a table's first page is charged to version 1)"
    )
    print(
        f"  compare v50 -> v51 ({len(changes)} changes, word diffs included): median "
        f"{ours_median * 1000:.2f} ms vs difflib.unified_diff of the texts "
        f"{peer_median * 1000:.2f} ms = {ratio(ours_median, peer_median)}"
    )
    print(f"  compare v1 -> v51: {len(far)} changes")


if __name__ == "__main__":
    main()
