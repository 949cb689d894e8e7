"""`flask audit verify` and `flask audit checkpoint`: the tamper-evident audit, for operators."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db
from . import checkpoints, records
from .chain import verify as verify_chains

audit_cli = AppGroup("audit", help="Check the tamper-evident audit log and anchor it.")


def _fail(message: str) -> None:
    click.echo(message, err=True)
    raise SystemExit(1)


@audit_cli.command("verify")
@click.option(
    "--anchor",
    "anchor_lines",
    multiple=True,
    help="A checkpoint line kept elsewhere (as `flask audit checkpoint` printed it).",
)
def verify_command(anchor_lines: tuple[str, ...]) -> None:
    """Recompute every chain, check the signed checkpoints and their anchors (is the log
    whole?), then compare the recorded fingerprints with the data; exit 1 at the first thing
    that does not hold."""
    chains = verify_chains()
    if not chains.ok:
        _fail(
            f"Audit chain broken: {chains.problem}. {chains.checked} entries before it are intact."
        )
    click.echo(f"Audit chains intact: {chains.checked} entries in {chains.chains} chains.")

    config = current_app.config
    try:
        anchors = checkpoints.read_anchors(config["AUDIT_CHECKPOINT_FILE"])
        anchors += [checkpoints.parse_anchor(line) for line in anchor_lines]
        result = checkpoints.verify(config["AUDIT_CHECKPOINT_KEY"], anchors)
    except checkpoints.CheckpointError as error:
        _fail(f"Checkpoints not checked: {error}")
    if not result.ok:
        _fail(f"Audit checkpoint broken: {result.problem}.")
    if result.latest is None:
        click.echo(
            "No checkpoint yet: run `flask audit checkpoint` to anchor the chains outside "
            "the database."
        )
    else:
        click.echo(
            f"Checkpoints intact: {result.checked}, matching {result.anchors} anchor(s) kept "
            "outside the database."
        )

    facts = records.verify()
    if not facts.ok:
        _fail(f"Audit record does not match the data: {facts.problem}.")
    click.echo(f"Recorded fingerprints match the data ({facts.summary() or 'none yet'}).")


@audit_cli.command("checkpoint")
def checkpoint_command() -> None:
    """Sign the chains' heads, append the line to AUDIT_CHECKPOINT_FILE and print it."""
    config = current_app.config
    try:
        checkpoint = checkpoints.make_checkpoint(config["AUDIT_CHECKPOINT_KEY"])
    except checkpoints.CheckpointError as error:
        db.session.rollback()
        _fail(f"No checkpoint made: {error}")
    db.session.commit()
    checkpoints.write_anchor(checkpoint, config["AUDIT_CHECKPOINT_FILE"])
    click.echo(checkpoints.anchor_line(checkpoint))
