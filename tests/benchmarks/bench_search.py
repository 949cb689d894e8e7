"""Search benchmark: 200 acts x 30 versions x 50 provisions (300,000 provision-versions), 5% of
the provisions changed per version, half the acts in English and half in Russian.

Reports, in one run:
- the index build time (`flask search rebuild`'s code) and its size against the database's;
- query latency p50/p95 of the app's search (parse, visibility, Whoosh, highlighted snippets,
  act lookup) for single words, two-word AND, phrases and prefixes, top 10 and the total;
- the same queries on SQLite FTS5 over the same rows as the peer (top 10 by bm25 with
  snippets, and the count), as a ratio; also FTS5 over every provision-version (no dedup);
- the time from a version's commit until a search finds it (p95).
"""

from __future__ import annotations

import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path

ACTS = 200
VERSIONS = 30
ARTICLES = 5  # x (1 article + 3 paragraphs + 6 sub-paragraphs) = 50 provisions
CHANGE_SHARE = 0.05
QUERIES_PER_KIND = 40
SEARCHABLE_SAMPLES = 40

ENGLISH = (
    "investor participant authority preference register application decision business days "
    "tenge monthly calculation index committee permit territory district building height "
    "zone corridor specialist quota contract obligation monitoring report revocation court "
    "arbitration tax rate customs labour migrant visa residence license land plot lease"
).split()
# Russian words in several forms each, so that stemming has work to do.
RUSSIAN = (
    "инвестор инвестора инвестором инвесторов участник участника участников управление "
    "управления управлением решение решения решением заявление заявления заявлений срок "
    "сроки срока договор договора договором обязательство обязательства налог налога "
    "налогов ставка ставки суд суда судом разрешение разрешения территория территории "
    "квота квоты мониторинг отчет отчета отчетов аренда аренды участок участка лицензия"
).split()


def sentence(rng: random.Random, words: list[str], count: int) -> str:
    return " ".join(rng.choice(words) for _ in range(count)).capitalize()


def make_text(rng: random.Random, words: list[str], russian: bool) -> str:
    article, chapter_word = ("Статья", "Предмет") if russian else ("Article", "Subject")
    lines = []
    for number in range(1, ARTICLES + 1):
        lines += [f"{article} {number}. {chapter_word} {number}", ""]
        for para in range(1, 4):
            lines.append(f"{para}. " + sentence(rng, words, 18) + ":")
            lines += [f"{sub}) " + sentence(rng, words, 10) + ";" for sub in (1, 2)]
            lines.append("")
    return "\n".join(lines)


def edit(text: str, rng: random.Random, words: list[str]) -> str:
    """Change about 5% of the provisions by one word each."""
    lines = text.split("\n")
    numbered = [i for i, line in enumerate(lines) if line[:1].isdigit()]
    for index in rng.sample(numbered, max(1, round(len(numbered) * CHANGE_SHARE * 1.1))):
        parts = lines[index].split(" ")
        position = rng.randrange(1, len(parts))
        parts[position] = rng.choice([word for word in words if word != parts[position]])
        lines[index] = " ".join(parts)
    return "\n".join(lines)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def folder_bytes(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def query_text(kind: str, terms: list[str]) -> str:
    """The query in the syntax both the app and FTS5 read."""
    if kind == "phrase":
        return '"' + " ".join(terms) + '"'
    if kind == "prefix":
        return terms[0] + "*"
    return " AND ".join(terms)


def main() -> None:
    from flask_migrate import upgrade

    from alatau_legal import create_app
    from alatau_legal.acts import services
    from alatau_legal.extensions import db
    from alatau_legal.search import services as search
    from alatau_legal.search.documents import act_documents
    from config import TestingConfig
    from tests.support.builders import make_user

    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ALATAU_INSTANCE_DIR"] = folder
        config = TestingConfig()
        database = Path(folder) / "bench.sqlite3"
        config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{database}"
        app = create_app(config)
        with app.app_context():
            upgrade()
            drafter = make_user("drafter", "bench")

            started = time.perf_counter()
            act_ids, texts = [], {}
            for number in range(ACTS):
                russian = number % 2 == 1
                words = RUSSIAN if russian else ENGLISH
                text = make_text(rng, words, russian)
                act, _ = services.create_act(
                    drafter, title=f"Benchmark act {number}", act_type="rules",
                    language="ru" if russian else "en", text=text, max_chars=10**7,
                )  # fmt: skip
                for _ in range(VERSIONS - 1):
                    text = edit(text, rng, words)
                    services.save_version(
                        drafter, act.id, base_version=act.current_version, text=text,
                        note="edit", max_chars=10**7,
                    )  # fmt: skip
                db.session.commit()
                act_ids.append(act.id)
                texts[act.id] = (text, words)
            corpus_seconds = time.perf_counter() - started

            started = time.perf_counter()
            search.rebuild()
            build_seconds = time.perf_counter() - started
            index_path = search.search_index().current_path()
            with search.search_index().searcher() as searcher:
                documents = searcher.doc_count() - 1

            # The peer: FTS5 over the same rows (one per distinct wording), and over every
            # provision-version as a table without dedup would hold them.
            peer = sqlite3.connect(":memory:")
            peer.execute(
                "CREATE VIRTUAL TABLE wordings USING fts5(body, act_id UNINDEXED, "
                "eid UNINDEXED, first UNINDEXED, last UNINDEXED, tokenize='unicode61')"
            )
            peer.execute(
                "CREATE VIRTUAL TABLE every_version USING fts5(body, act_id UNINDEXED, "
                "eid UNINDEXED, version UNINDEXED, tokenize='unicode61')"
            )
            provision_versions = 0
            with search.index_session() as session:
                for act_id in act_ids:
                    for document in act_documents(session, act_id):
                        row = (document["body"], act_id, document["eid"])
                        peer.execute(
                            "INSERT INTO wordings VALUES (?, ?, ?, ?, ?)",
                            (*row, document["first"], document["last"]),
                        )
                        last = min(document["last"], VERSIONS)
                        for version in range(document["first"], last + 1):
                            peer.execute(
                                "INSERT INTO every_version VALUES (?, ?, ?, ?)", (*row, version)
                            )
                            provision_versions += 1
            peer.commit()

            # Queries: words and prefixes from the vocabularies, phrases from the texts.
            queries: dict[str, list[list[str]]] = {
                "word": [],
                "and": [],
                "phrase": [],
                "prefix": [],
            }
            for _ in range(QUERIES_PER_KIND):
                words = rng.choice((ENGLISH, RUSSIAN))
                queries["word"].append([rng.choice(words)])
                queries["and"].append(rng.sample(words, 2))
                queries["prefix"].append([rng.choice(words)[:4]])
                text, _ = texts[rng.choice(act_ids)]
                line = rng.choice([line for line in text.split("\n") if line[:1].isdigit()])
                tokens = [token.strip(".:;,").lower() for token in line.split(" ")[1:]]
                start = rng.randrange(0, len(tokens) - 3)
                queries["phrase"].append(tokens[start : start + rng.choice((2, 3))])

            def ours(kind: str, terms: list[str]) -> int:
                found = search.search(
                    drafter, query_text(kind, terms), search.Filters(versions="all"), per_page=10
                )
                return found.total

            def fts5(table: str, kind: str, terms: list[str]) -> int:
                match = query_text(kind, terms)
                list(
                    peer.execute(
                        # The table is one of the two made above, never an input.
                        f"SELECT rowid, act_id, eid, snippet({table}, 0, '<mark>', '</mark>', "  # noqa: S608
                        f"'…', 24) FROM {table} WHERE {table} MATCH ? ORDER BY rank LIMIT 10",
                        (match,),
                    )
                )
                return peer.execute(
                    f"SELECT count(*) FROM {table} WHERE {table} MATCH ?",  # noqa: S608
                    (match,),
                ).fetchone()[0]

            timings: dict[str, dict[str, list[float]]] = {}
            for kind, kind_queries in queries.items():
                for terms in kind_queries:  # warm-up: caches, the searcher, SQLite pages
                    ours(kind, terms)
                    fts5("wordings", kind, terms)
                for name, run in (
                    ("ours", lambda t, k=kind: ours(k, t)),
                    ("fts5", lambda t, k=kind: fts5("wordings", k, t)),
                    ("fts5_all", lambda t, k=kind: fts5("every_version", k, t)),
                ):
                    samples = []
                    for terms in kind_queries:
                        started = time.perf_counter()
                        run(terms)
                        samples.append(time.perf_counter() - started)
                    timings.setdefault(kind, {})[name] = samples

            # From a version's commit until a search finds it.
            searchable = []
            for sample in range(SEARCHABLE_SAMPLES):
                act_id = rng.choice(act_ids)
                text, words = texts[act_id]
                marker = f"marker{sample}zz"
                text = edit(text, rng, words).replace(":", f" {marker}:", 1)
                texts[act_id] = (text, words)
                act = services.get_act(drafter, act_id)
                services.save_version(
                    drafter, act_id, base_version=act.current_version, text=text,
                    note="marker", max_chars=10**7,
                )  # fmt: skip
                db.session.commit()
                started = time.perf_counter()
                while search.search(drafter, marker).total == 0:
                    pass
                searchable.append(time.perf_counter() - started)

            database_bytes = sum(
                path.stat().st_size for path in (database, Path(f"{database}-wal")) if path.exists()
            )
            index_bytes = folder_bytes(index_path)

    print("Search benchmark")
    print(
        f"  corpus: {ACTS} acts x {VERSIONS} versions, {provision_versions:,} provision-versions "
        f"(5% changed per version, half English, half Russian), made in {corpus_seconds:.0f} s"
    )
    print(
        f"  index: {documents:,} documents (one per distinct wording), built in "
        f"{build_seconds:.1f} s; {index_bytes / 2**20:.1f} MB vs the database "
        f"{database_bytes / 2**20:.1f} MB ({index_bytes / database_bytes:.2f}x)"
    )
    print("  query latency, top 10 with highlighted snippets and the total (ms):")
    print("    kind      ours p50/p95   FTS5 p50/p95   ratio p95   FTS5 every-version p50/p95")
    for kind, runs in timings.items():
        o, f, a = runs["ours"], runs["fts5"], runs["fts5_all"]
        print(
            f"    {kind:<8} {percentile(o, 0.5) * 1000:6.1f} /{percentile(o, 0.95) * 1000:6.1f}  "
            f"{percentile(f, 0.5) * 1000:6.1f} /{percentile(f, 0.95) * 1000:6.1f}   "
            f"{percentile(o, 0.95) / percentile(f, 0.95):6.2f}x    "
            f"{percentile(a, 0.5) * 1000:6.1f} /{percentile(a, 0.95) * 1000:6.1f}"
        )
    print(
        f"  commit to searchable: p50 {percentile(searchable, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(searchable, 0.95) * 1000:.0f} ms (target: 1,000 ms)"
    )


if __name__ == "__main__":
    main()
