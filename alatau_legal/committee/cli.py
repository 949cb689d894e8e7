"""`flask deadlines remind`: e-mail today's reminders (cron may run it every hour)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from .reminders import MailError, send_reminders

deadlines_cli = AppGroup("deadlines", help="Deadlines: reminders by e-mail.")


@deadlines_cli.command("remind")
def remind_command() -> None:
    """Send each person one digest of their due-soon and overdue deadlines, and the secretary
    one of everyone's overdue work; nothing is sent twice about the same item on one day."""
    try:
        sent = send_reminders()
    except MailError as error:
        click.echo(f"Reminders not sent: {error}", err=True)
        raise SystemExit(1) from None
    items = sum(len(digest.items) for digest in sent)
    click.echo(f"Sent {len(sent)} reminder e-mail(s) about {items} deadline(s).")
