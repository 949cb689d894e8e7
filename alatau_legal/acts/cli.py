"""`flask acts load DIR` and `flask demo seed`: sample acts and demo users for a new install."""

from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from ..accounts import services as accounts
from ..accounts.models import OrganisationKind, Role, User
from ..cli_support import transactional
from ..errors import Invalid
from ..extensions import db
from . import services
from .models import Act
from .sample_files import read_act_file

acts_cli = AppGroup("acts", help="Load and manage acts.")
demo_cli = AppGroup("demo", help="Demo data for trying the application.")


def _drafter(username: str | None) -> User:
    statement = select(User).where(User.role == Role.DRAFTER, User.active.is_(True))
    if username:
        statement = statement.where(User.username == accounts.normalise_username(username))
    drafter = db.session.scalar(statement.order_by(User.id))
    if drafter is None:
        raise Invalid(
            f"There is no active drafter named {username!r}."
            if username
            else "Create a drafter first: flask --app app users create NAME --role drafter"
        )
    return drafter


def load_acts(directory: Path, drafter: User) -> tuple[list[Act], list[str]]:
    """Create every act file of the folder that is not registered yet; all or nothing."""
    files = sorted(directory.glob("*.txt"))
    if not files:
        raise Invalid(f"{directory} holds no act files (*.txt).")
    loaded, skipped = [], []
    for path in files:
        act_file = read_act_file(path)
        if db.session.scalar(select(Act.id).where(Act.number == act_file.number.upper())):
            skipped.append(f"{path.name}: {act_file.number} is registered already")
            continue
        try:
            act, issues = services.create_act(
                drafter,
                title=act_file.title,
                act_type=act_file.act_type,
                language=act_file.language,
                text=act_file.text,
                max_chars=current_app.config["MAX_ACT_TEXT_CHARS"],
                sector=act_file.sector,
                legal_basis=act_file.legal_basis,
                other_titles=act_file.other_titles,
                number=act_file.number,
                note="Loaded from the sample acts",
            )
        except Invalid as error:
            raise Invalid(f"{path.name}: {error.message}") from None
        for issue in issues:
            click.echo(f"{path.name}, line {issue.line}: {issue.message}", err=True)
        loaded.append(act)
    return loaded, skipped


@acts_cli.command("load")
@click.argument(
    "directory", type=click.Path(exists=True, file_okay=False, dir_okay=True, path_type=Path)
)
@click.option(
    "--drafter", default=None, help="Lead drafter's username (default: the first drafter)."
)
@transactional
def load_command(directory: Path, drafter: str | None):
    """Load the sample acts (*.txt in the structured-text format) from DIRECTORY."""
    loaded, skipped = load_acts(directory, _drafter(drafter))
    for act in loaded:
        click.echo(f"Loaded {act.number}: {act.title}")
    for line in skipped:
        click.echo(f"Skipped {line}")
    click.echo(f"{len(loaded)} act(s) loaded, {len(skipped)} skipped.")


# Demo users, one per role (and a second drafter to try concurrent editing).
DEMO_ORGANISATIONS = [
    ("Alatau City Authority", OrganisationKind.DOMESTIC),
    ("Institute of Legislation and Legal Information", OrganisationKind.DOMESTIC),
    ("International Development Law Organization", OrganisationKind.INTERNATIONAL),
]
DEMO_USERS = [
    ("admin", Role.ADMIN, "Aliya Serikbayeva", "Alatau City Authority"),
    ("drafter", Role.DRAFTER, "Dana Abenova", "Alatau City Authority"),
    ("drafter2", Role.DRAFTER, "Marat Zhunusov", "Alatau City Authority"),
    (
        "domestic",
        Role.DOMESTIC_EXPERT,
        "Prof. Yerlan Tokayev",
        "Institute of Legislation and Legal Information",
    ),
    (
        "international",
        Role.INTERNATIONAL_EXPERT,
        "Dr. Helen Marsh",
        "International Development Law Organization",
    ),
    ("secretary", Role.SECRETARY, "Saule Nurlanovna", "Alatau City Authority"),
    ("committee", Role.COMMITTEE_MEMBER, "Kanat Ospanov", "Alatau City Authority"),
]


@demo_cli.command("seed")
@click.option(
    "--acts-dir",
    default=None,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of sample acts (default: acts/ of the project).",
)
@transactional
def seed_command(acts_dir: Path | None):
    """Create demo organisations and one user per role, then load the sample acts.

    Passwords are random, printed once, and kept in the instance folder (readable by you only)
    so you can find them again. Running it again changes nothing that exists.
    """
    from .. import PROJECT_DIR

    for name, kind in DEMO_ORGANISATIONS:
        if accounts.get_organisation_by_name(name) is None:
            accounts.create_organisation(None, name=name, kind=kind.value)
    created = []
    for username, role, full_name, organisation in DEMO_USERS:
        if db.session.scalar(select(User.id).where(User.username == username)) is not None:
            continue
        password = secrets.token_urlsafe(9)
        accounts.create_user(
            None,
            username=username,
            password=password,
            role=role,
            full_name=full_name,
            email=f"{username}@example.org",
            organisation=accounts.get_organisation_by_name(organisation),
        )
        created.append((username, role.value, password))
    loaded, _ = load_acts(acts_dir or PROJECT_DIR / "acts", _drafter("drafter"))
    if created:
        passwords_file = Path(current_app.config["INSTANCE_DIR"]) / "demo-users.txt"
        passwords_file.touch(mode=0o600, exist_ok=True)
        with passwords_file.open("a") as handle:
            for username, role, password in created:
                handle.write(f"{username}\t{role}\t{password}\n")
        click.echo("Demo users (also kept in " + str(passwords_file) + "):")
        for username, role, password in created:
            click.echo(f"  {username:<14} {role:<22} password: {password}")
    else:
        click.echo("Demo users exist already; their passwords are in instance/demo-users.txt.")
    click.echo(f"{len(loaded)} sample act(s) loaded.")
