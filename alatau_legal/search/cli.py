"""`flask search sync` and `flask search rebuild`: the operator's hold on the index."""

from __future__ import annotations

import sys
import time

import click
from flask.cli import AppGroup

from . import services
from .index import IndexBusy

search_cli = AppGroup("search", help="Keep the full-text search index in step with the database.")


@search_cli.command("sync")
def sync_command() -> None:
    """Apply every change the index has not applied yet (builds the index if there is none)."""
    started = time.perf_counter()
    total = services.pending()[1] if services.search_index().exists() else 0
    terminal = sys.stdout.isatty()
    shown = []

    def progress(report) -> None:
        shown.append(report.batches)
        elapsed = time.perf_counter() - started
        rate = report.applied / elapsed if elapsed else 0.0
        line = (
            f"Applied {report.applied:,} of {max(total, report.applied):,} change(s) "
            f"in {report.batches:,} batch(es), {rate:,.1f}/s; cursor at {report.cursor}"
        )
        if terminal:
            click.echo("\r" + line, nl=False)
        elif report.batches % 10 == 0:
            click.echo(line)

    with services.stop_on_sigterm() as should_stop:
        try:
            report = services.sync(progress=progress, should_stop=should_stop)
        except IndexBusy as busy:
            click.echo(f"Error: {busy}; try again when the other writer is done.", err=True)
            raise SystemExit(1) from None
        finally:
            if terminal and shown:
                click.echo()
        elapsed = time.perf_counter() - started
        if report.rebuilt:
            click.echo(f"Built the search index; its cursor is at outbox row {report.cursor}.")
        else:
            click.echo(
                f"Applied {report.applied} change(s) in {elapsed:.1f} s; the cursor is at "
                f"outbox row {report.cursor}."
            )
        if report.stopped:
            click.echo("Stopped at a batch boundary; run it again to apply the rest.", err=True)


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
