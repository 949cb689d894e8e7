"""`flask search sync` and `flask search rebuild`: the operator's hold on the index."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from . import services
from .index import IndexBusy

search_cli = AppGroup("search", help="Keep the full-text search index in step with the database.")


@search_cli.command("sync")
def sync_command() -> None:
    """Apply every change the index has not applied yet (builds the index if there is none)."""
    try:
        report = services.sync()
    except IndexBusy as busy:
        click.echo(f"Error: {busy}; try again when the other writer is done.", err=True)
        raise SystemExit(1) from None
    if report.rebuilt:
        click.echo(f"Built the search index; its cursor is at outbox row {report.cursor}.")
    else:
        click.echo(
            f"Applied {report.applied} change(s); the cursor is at outbox row {report.cursor}."
        )


@search_cli.command("rebuild")
def rebuild_command() -> None:
    """Build a new index from the database and swap it in; searches go on meanwhile."""
    started = time.perf_counter()
    try:
        report = services.rebuild()
    except IndexBusy as busy:
        click.echo(f"Error: {busy}; try again when the other writer is done.", err=True)
        raise SystemExit(1) from None
    with services.search_index().searcher() as searcher:
        documents = searcher.doc_count() - 1  # less the cursor
    click.echo(
        f"Rebuilt the search index: {documents} document(s) in "
        f"{time.perf_counter() - started:.1f} s; the cursor is at outbox row {report.cursor}."
    )
