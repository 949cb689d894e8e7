"""Versions benchmark: a 1,500-provision act saved in 100 versions with 5% changes each.

Reports, in one run:
- parse + store time of the act;
- storage of 100 versions (content-addressed nodes + version rows) against 100 full copies;
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

from sqlalchemy import func, select

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


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}x" if theirs else "n/a"


def main() -> None:
    from flask_migrate import upgrade

    from alatau_legal import create_app
    from alatau_legal.acts import compare as compare_module
    from alatau_legal.acts import services
    from alatau_legal.acts.models import ProvisionNode, Version
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

            node_bytes = sum(
                len(row.hash)
                + len(row.kind)
                + len(row.num or "")
                + len(row.heading)
                + len(row.text.encode())
                + 34 * len(row.children)
                for row in db.session.scalars(select(ProvisionNode))
            )
            version_bytes = sum(
                34 * len(v.top_provisions) + len(v.note) + 64
                for v in db.session.scalars(select(Version))
            )
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
    stored = node_bytes + version_bytes
    print(
        f"  storage: {stored:,} bytes ({node_rows:,} nodes) vs {full_copies:,} bytes "
        f"for {VERSIONS} full copies = {ratio(stored, full_copies)} of the copies "
        f"({full_copies / stored:.1f}x smaller)"
    )
    print(
        f"  compare v50 -> v51 ({len(changes)} changes, word diffs included): median "
        f"{ours_median * 1000:.2f} ms vs difflib.unified_diff of the texts "
        f"{peer_median * 1000:.2f} ms = {ratio(ours_median, peer_median)}"
    )
    print(f"  compare v1 -> v51: {len(far)} changes")


if __name__ == "__main__":
    main()
