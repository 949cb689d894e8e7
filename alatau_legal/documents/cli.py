"""`flask export ...`: the documents of the pages and the API, written to a file, for operators.

Each command reads as one user (`--as`, an active user; their permissions apply) and writes the
file under the name that says what it is, into `--out` (a folder, default the current one).
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from ..accounts.services import get_user_by_username
from ..acts import services as acts
from ..cli_support import transactional
from ..errors import Invalid
from . import services

export_cli = AppGroup("export", help="Write official documents (DOCX, Akoma Ntoso XML).")

_as = click.option("--as", "username", required=True, help="Read as this user (e.g. an admin).")
_out = click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
    help="Folder to write into (default: the current folder).",
)  # fmt: skip


def _user(username: str):
    user = get_user_by_username(username)
    if user is None or not user.active:
        raise Invalid(f"There is no active user {username!r}.")
    return user


def _write(file: services.File, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / file.name
    target.write_bytes(file.data)
    click.echo(f"Wrote {target} ({len(file.data):,} bytes).")


def _act_id(user, number: str) -> int:
    return acts.get_act_by_number(user, number).id


@export_cli.command("draft")
@click.argument("number")
@click.option("--version", "version", type=int, default=None, help="Default: the latest.")
@click.option("--comments", is_flag=True, help="With the reviewers' comments as Word comments.")
@_as
@_out
@transactional
def draft_command(number, version, comments, username, out):
    """The official draft DOCX of a version of act NUMBER."""
    user = _user(username)
    act = acts.get_act_by_number(user, number)
    file = services.official_draft(
        user, act.id, version or act.current_version, with_comments=comments
    )
    _write(file, out)


@export_cli.command("compare")
@click.argument("number")
@click.argument("old", type=int)
@click.argument("new", type=int)
@click.option("--tracked", is_flag=True, help="Word tracked changes instead of the table.")
@_as
@_out
@transactional
def compare_command(number, old, new, tracked, username, out):
    """The comparison of versions OLD and NEW of act NUMBER."""
    user = _user(username)
    _write(services.comparison_docx(user, _act_id(user, number), old, new, tracked=tracked), out)


@export_cli.command("akn")
@click.argument("number")
@click.option("--version", "version", type=int, default=None, help="Default: the latest.")
@_as
@_out
@transactional
def akn_command(number, version, username, out):
    """The Akoma Ntoso 3.0 XML of a version of act NUMBER."""
    user = _user(username)
    act = acts.get_act_by_number(user, number)
    _write(services.akoma_ntoso(user, act.id, version or act.current_version), out)


@export_cli.command("round")
@click.argument("round_id", type=int)
@_as
@_out
@transactional
def round_command(round_id, username, out):
    """The table of comments and dispositions of review round ROUND_ID."""
    _write(services.round_comments(_user(username), round_id), out)


@export_cli.command("minutes")
@click.argument("meeting_id", type=int)
@_as
@_out
@transactional
def minutes_command(meeting_id, username, out):
    """The minutes of committee meeting MEETING_ID."""
    _write(services.meeting_minutes(_user(username), meeting_id), out)
