"""`flask audit verify`: check the audit chain and name the first altered entry."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from .chain import verify

audit_cli = AppGroup("audit", help="Check the tamper-evident audit log.")


@audit_cli.command("verify")
def verify_command() -> None:
    """Recompute every entry's hash; exit 1 at the first entry that does not hold."""
    result = verify()
    if not result.ok:
        click.echo(
            f"Audit chain broken: {result.problem}. {result.checked} entries before it are intact.",
            err=True,
        )
        raise SystemExit(1)
    click.echo(f"Audit chain intact: {result.checked} entries verified.")
