"""`flask acts load DIR` and `flask demo seed`: sample acts and demo users for a new install."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from ..accounts import services as accounts
from ..accounts.models import OrganisationKind, Role, User
from ..cli_support import transactional
from ..committee import services as committee
from ..errors import Invalid
from ..extensions import db
from ..review import services as review
from ..review.models import RoundStatus
from ..review.workflow import round_in
from ..timeutil import utcnow
from . import languages as act_languages
from . import services
from .models import Act, ActStatus
from .sample_files import read_act_file

LANGUAGE_NAMES = {"kk": "Kazakh", "ru": "Russian", "en": "English"}
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
                note=services.LOADED_NOTE,
            )
        except Invalid as error:
            raise Invalid(f"{path.name}: {error.message}") from None
        for issue in issues:
            click.echo(f"{path.name}, line {issue.line}: {issue.message}", err=True)
        load_translations(directory, act, drafter)
        loaded.append(act)
    return loaded, skipped


def load_translations(directory: Path, act: Act, drafter: User) -> list[str]:
    """The act's texts in its other languages, `translations/<number>.<language>.txt` beside
    the act files, saved one version each; the languages found become authentic."""
    found = [
        language
        for language in act_languages.PREFERRED_ORDER
        if language != act.language.value
        and (directory / "translations" / f"{act.number.lower()}.{language}.txt").is_file()
    ]
    if not found:
        return []
    act_languages.set_languages(drafter, act, [act.language.value, *found])
    for language in found:
        path = directory / "translations" / f"{act.number.lower()}.{language}.txt"
        try:
            text = path.read_text(encoding="utf-8-sig")
            services.save_version(
                drafter, act.id, base_version=act.current_version, text=text,
                note=f"Text in {LANGUAGE_NAMES[language]} loaded from the sample acts",
                language=language, max_chars=current_app.config["MAX_ACT_TEXT_CHARS"],
            )  # fmt: skip
        except (OSError, UnicodeDecodeError) as exc:
            raise Invalid(f"{path.name}: cannot read the file as UTF-8 text ({exc}).") from None
        except Invalid as error:
            raise Invalid(f"{path.name}: {error.message}") from None
    return found


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


# The demo review story: a few sample acts are put at realistic points of the workflow, through
# the same services people use, so a new user finds a living system (rounds, comments with and
# without answers, opinions, notifications, an audit trail). The other acts stay in drafting.


@dataclass(frozen=True)
class DemoComment:
    eid: str
    body: str
    quote: str | None = None
    reply: str | None = None  # the drafter's question back in the thread
    disposition: str | None = None  # None: still waiting for the drafter's answer
    reason: str = ""


@dataclass(frozen=True)
class DemoRound:
    stage: str
    due_in_days: int
    comments: tuple[DemoComment, ...] = ()
    opinion: tuple[str, str] | None = None  # (recommendation, text); None: still pending


@dataclass(frozen=True)
class DemoRevision:
    """Back to drafting after a round, and a new version that answers it."""

    reason: str
    old: str
    new: str
    note: str


@dataclass(frozen=True)
class DemoStory:
    number: str
    steps: tuple[DemoRound | DemoRevision, ...]
    then: tuple[str, ...] = ()  # later transitions: submit_to_committee, approve


DEMO_STORIES = (
    DemoStory(
        "ALA-2026-001",  # in domestic review: comments, some answered, the opinion pending
        (
            DemoRound(
                "domestic",
                10,
                (
                    DemoComment(
                        "art_6__para_1",
                        "Say within what period the Operational Committee approves the list "
                        "and where the list is published.",
                        disposition="accepted",
                        reason="A period of 30 working days and publication on the "
                        "Authority's website will be added.",
                    ),
                    DemoComment(
                        "art_2__subpara_13",
                        "Thirty-six hours is below the **forty-hour** working week of the "
                        "Labour Code. Should part-time jobs count as permanent jobs?",
                        quote="thirty-six hours per week",
                        disposition="rejected",
                        reason="The threshold follows the reduced working week allowed by "
                        "the Labour Code for several priority sectors.",
                    ),
                    DemoComment(
                        "art_1__para_3",
                        "Which act prevails where these Rules and the tax regime regulation "
                        "differ? Please state the order of precedence.",
                        quote="the Regulation on the tax regime of Alatau City",
                        reply="Would a reference to the hierarchy in Article 3 of the "
                        "Constitutional Law be enough?",
                    ),
                ),
            ),
        ),
    ),
    DemoStory(
        "ALA-2026-003",  # revised after the domestic review, now in international review
        (
            DemoRound(
                "domestic",
                7,
                (
                    DemoComment(
                        "chp_3__para_11",
                        "Fifteen calendar days delays hiring; the labour market test could "
                        "be shorter if counted in working days.",
                        quote="fifteen calendar days",
                        disposition="partly_accepted",
                        reason="Shortened to ten working days; the test itself stays.",
                    ),
                ),
                (
                    "approve_with_changes",
                    "The Rules can go ahead once the labour market "
                    "test is shortened (comment on paragraph 11).",
                ),
            ),
            DemoRevision(
                "Revision after the domestic review",
                "for not less than fifteen calendar days",
                "for not less than ten working days",
                "Labour market test shortened after the domestic review",
            ),
            DemoRound(
                "international",
                14,
                (
                    DemoComment(
                        "chp_2__para_9",
                        "Comparable regimes tie such a temporary increase to the milestones "
                        "of the skills transfer plan rather than to a fixed period.",
                        quote="twenty percentage points",
                    ),
                ),
            ),
        ),
    ),
    DemoStory(
        "ALA-2026-006",  # both reviews done, before the Operational Committee
        (
            DemoRound(
                "domestic",
                7,
                (
                    DemoComment(
                        "art_6__para_1__subpara_2",
                        "Ten years of experience may exclude capable younger arbitrators.",
                        quote="ten years",
                        disposition="rejected",
                        reason="Ten years matches the requirement for judges of the court "
                        "of Alatau City.",
                    ),
                ),
                ("approve", "The Regulation is consistent with the Constitutional Law."),
            ),
            DemoRound(
                "international",
                10,
                (
                    DemoComment(
                        "art_5__para_1",
                        "Three foreign members out of seven is in line with the practice of "
                        "leading arbitral institutions.",
                        disposition="noted",
                        reason="Thank you.",
                    ),
                ),
                ("approve", "Meets international standards for arbitral institutions."),
            ),
        ),
        then=("submit_to_committee",),
    ),
    DemoStory(
        "ALA-2026-004",  # approved
        (
            DemoRound("domestic", 7, (), ("approve", "No objections.")),
            DemoRound("international", 7, (), ("approve", "No objections.")),
        ),
        then=("submit_to_committee", "approve"),
    ),
)


# A drafting-language change made after the translations were loaded, so that a new user
# sees at once a translation fallen behind: (act, old wording, new wording, note).
DEMO_TRANSLATION_LAG = (
    (
        "ALA-2026-009",
        "в течение пяти рабочих дней",
        "в течение трех рабочих дней",
        "Срок обновления языковых версий сокращен до трех рабочих дней",
    ),
)


def _demo_user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise Invalid(f"The demo user {username!r} is missing.")
    return user


def play_story(story: DemoStory, act: Act, today: date) -> None:
    """Walk one act through its demo story as the drafter, secretary and experts would."""
    drafter, secretary = _demo_user("drafter"), _demo_user("secretary")
    experts = {"domestic": _demo_user("domestic"), "international": _demo_user("international")}
    for step in story.steps:
        if isinstance(step, DemoRevision):
            review.transition(drafter, act.id, "return_to_drafting", step.reason)
            text = services.current_version(drafter, act).text
            if text.count(step.old) != 1:
                raise Invalid(f"{act.number}: the demo revision expects {step.old!r} once.")
            services.save_version(
                drafter, act.id, base_version=act.current_version,
                text=text.replace(step.old, step.new), note=step.note,
                max_chars=current_app.config["MAX_ACT_TEXT_CHARS"],
            )  # fmt: skip
            continue
        expert = experts[step.stage]
        review.plan_round(
            secretary, act.id, stage=step.stage, reviewers=[expert.username],
            due=today + timedelta(days=step.due_in_days),
        )  # fmt: skip
        review.transition(drafter, act.id, f"submit_{step.stage}_review")
        for demo in step.comments:
            comment = review.add_comment(
                expert, act.id, version=act.current_version, eid=demo.eid, body=demo.body,
                quote=demo.quote,
            )  # fmt: skip
            if demo.reply:
                review.reply(drafter, comment.id, demo.reply)
            if demo.disposition:
                review.dispose(
                    drafter, comment.id, disposition=demo.disposition, reason=demo.reason
                )
        if step.opinion:
            recommendation, text = step.opinion
            open_round = round_in(act, RoundStatus.OPEN)
            review.save_opinion(expert, open_round.id, recommendation=recommendation, text=text)
    for action in story.then:
        if action == "approve":
            _approved_at_a_meeting(act, secretary, today)
        else:
            review.transition(drafter, act.id, action)


def _approved_at_a_meeting(act: Act, secretary: User, today: date) -> None:
    """Approval is the Operational Committee's: a meeting today, the demo member present."""
    meeting = committee.create_meeting(
        secretary, day=today, title=f"Meeting of the Operational Committee on {act.number}",
        start_time=time(10), place="Alatau City Authority, room 301",
    )  # fmt: skip
    item = committee.add_agenda_item(secretary, meeting.id, act.id)
    committee.set_attendance(secretary, meeting.id, ["committee"])
    committee.decide(
        secretary, meeting.id, item.id, decision="approve",
        votes={"for": 1, "against": 0, "abstain": 0}, notes="Approved unanimously.",
    )  # fmt: skip


@demo_cli.command("seed")
@click.option(
    "--acts-dir",
    default=None,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of sample acts (default: acts/ of the project, with the demo review story).",
)
@transactional
def seed_command(acts_dir: Path | None):
    """Create demo organisations and one user per role, load the sample acts, and put a few
    of them in review, before the committee and approved (the rest stay in drafting).

    Passwords are random, printed once, and kept in the instance folder (readable by you only)
    so you can find them again. Running it again changes nothing that exists.
    """
    from .. import resource_dir

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
    loaded, _ = load_acts(acts_dir or resource_dir("acts", "sample_acts"), _drafter("drafter"))
    # The story is written for the project's own sample acts, and played only on acts loaded
    # now, so running the command again changes nothing.
    played = []
    if acts_dir is None:
        by_number = {act.number: act for act in loaded}
        today = utcnow().date()
        for story in DEMO_STORIES:
            if story.number in by_number:
                play_story(story, by_number[story.number], today)
                played.append(by_number[story.number])
        for number, old, new, note in DEMO_TRANSLATION_LAG:
            if number in by_number:
                act = by_number[number]
                drafter = _demo_user("drafter")
                text = services.current_version(drafter, act).text
                if text.count(old) != 1:
                    raise Invalid(f"{number}: the demo change expects {old!r} once.")
                services.save_version(
                    drafter, act.id, base_version=act.current_version,
                    text=text.replace(old, new), note=note,
                    max_chars=current_app.config["MAX_ACT_TEXT_CHARS"],
                )  # fmt: skip
        waiting = [act for act in played if act.status is ActStatus.COMMITTEE_REVIEW]
        if waiting:
            secretary = _demo_user("secretary")
            meeting = committee.create_meeting(
                secretary, day=today + timedelta(days=7),
                title="Meeting of the Operational Committee of Alatau City",
                start_time=time(10), place="Alatau City Authority, room 301",
            )  # fmt: skip
            for act in waiting:
                committee.add_agenda_item(secretary, meeting.id, act.id)
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
    for act in played:
        click.echo(f"  {act.number}: {act.status.label.lower()}, version {act.current_version}")
