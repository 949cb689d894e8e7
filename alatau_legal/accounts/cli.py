"""`flask users ...`: operators create users and set passwords from the command line."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from ..cli_support import transactional
from ..errors import Invalid
from . import services
from .models import OrganisationKind, Role

users_cli = AppGroup("users", help="Create users and set their passwords.")


def read_password(prompt: str) -> str:
    """The password from standard input: asked twice at a terminal, one line from a pipe."""
    if sys.stdin.isatty():
        return click.prompt(prompt, hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    if not line:
        raise Invalid("No password on standard input.")
    return line.rstrip("\r\n")


@users_cli.command("create")
@click.argument("username")
@click.option(
    "--role", required=True, type=click.Choice([role.value for role in Role]), help="The role."
)
@click.option("--organisation", default=None, help="Organisation name; made if new.")
@click.option("--email", default=None, help="E-mail address for reminders.")
@click.option("--full-name", default="", help="The person's full name.")
@transactional
def create_user(
    username: str, role: str, organisation: str | None, email: str | None, full_name: str
):
    """Create USERNAME with ROLE; the password is read from standard input."""
    org = None
    if organisation:
        org = services.get_organisation_by_name(organisation)
        if org is None:
            kind = (
                OrganisationKind.INTERNATIONAL
                if role == Role.INTERNATIONAL_EXPERT.value
                else OrganisationKind.DOMESTIC
            )
            org = services.create_organisation(None, name=organisation, kind=kind.value)
            click.echo(f"Created {kind.value} organisation {org.name}.")
    password = read_password("Password")
    user = services.create_user(
        None,
        username=username,
        password=password,
        role=role,
        email=email,
        full_name=full_name,
        organisation=org,
    )
    click.echo(f"Created user {user.username} ({user.role.value}).")


@users_cli.command("set-password")
@click.argument("username")
@transactional
def set_password(username: str):
    """Set USERNAME's password, read from standard input; signs them out everywhere."""
    from sqlalchemy import select

    from ..extensions import db
    from .models import User

    user = db.session.scalar(
        select(User).where(User.username == services.normalise_username(username))
    )
    if user is None:
        raise Invalid(f"There is no user {username!r}.")
    services.set_password(None, user, read_password("New password"))
    click.echo(f"Password of {user.username} changed.")
