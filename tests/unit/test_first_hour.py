"""A new user's first hour: the README and docs/ point only at what the repository has, and a
test run never touches a PostgreSQL database it did not create (issue 20)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support import postgres

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_every_link_of_the_readme_and_docs_is_in_the_repository():
    missing, checked = {}, 0
    for document in _documents():
        text = document.read_text(encoding="utf-8")
        for target in LINK.findall(text):
            checked += 1
            if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
                continue
            if (
                not (document.parent / target).resolve().is_relative_to(ROOT)
                or not (document.parent / target).exists()
            ):
                missing.setdefault(document.name, []).append(target)
    assert missing == {}
    assert len(_documents()) >= 5 and checked >= 10  # the scan still finds docs and links


def test_nothing_points_outside_the_repository_for_the_api():
    for document in _documents():
        text = document.read_text(encoding="utf-8")
        assert "../shared" not in text, document.name
        assert not re.search(r"(?<![\w/])API\.md", text), document.name


def test_a_test_database_name_is_new_each_time_and_keeps_the_prefix():
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/alatau_test"
    first = postgres.unique_database_name(url, "tests")
    second = postgres.unique_database_name(url, "tests")
    assert first != second and first != "alatau_test"
    assert first.startswith("alatau_test_") and "_tests_" in first
    long = postgres.unique_database_name(url.replace("alatau_test", "A-" + "x" * 80), "server")
    assert len(long) <= postgres.NAME_LIMIT and re.fullmatch(r"[a-z0-9_]+", long)


def test_make_test_never_drops_a_database_by_name():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "DROP DATABASE" not in makefile.upper()
    assert "dropdb" not in makefile
    dropping = (ROOT / "tests" / "support" / "postgres.py").read_text(encoding="utf-8")
    # The one DROP drops a name this run created (create_database), never the URL's own.
    assert dropping.count("DROP DATABASE") == 1
