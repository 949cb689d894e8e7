"""The operators' commands: exit status 0 on success, non-zero with a message otherwise."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from alatau_legal.accounts.models import Organisation, User
from alatau_legal.acts.models import Act
from alatau_legal.extensions import db

ACTS_DIR = Path(__file__).resolve().parents[2] / "acts"


def test_users_create_reads_the_password_from_stdin(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Helen",
            "--role",
            "international_expert",
            "--organisation",
            "IDLO",
            "--email",
            "helen@example.org",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "helen"))
    assert user.role.value == "international_expert"
    assert user.organisation.name == "IDLO"
    assert user.organisation.kind.value == "international"
    assert user.email == "helen@example.org"


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["users", "create", "dana", "--role", "drafter"], "short\n", "at least 10"),
        (["users", "create", "dana", "--role", "emperor"], "long enough pass\n", "emperor"),
        (["users", "create", "d a n a", "--role", "drafter"], "long enough pass\n", "username"),
        (
            ["users", "create", "dana", "--role", "domestic_expert"],
            "long enough pass\n",
            "organisation",
        ),
        (["users", "create", "dana", "--role", "drafter"], "", "No password"),
    ],
)
def test_users_create_refuses_bad_input(runner, args, password, message):
    result = runner.invoke(args=args, input=password)
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_duplicate_username_is_refused(runner):
    assert (
        runner.invoke(
            args=["users", "create", "dana", "--role", "drafter"], input="long enough pass\n"
        ).exit_code
        == 0
    )
    again = runner.invoke(
        args=["users", "create", "DANA", "--role", "drafter"], input="long enough pass\n"
    )
    assert again.exit_code == 1
    assert "taken" in again.output


def test_acts_load_needs_a_drafter(runner):
    result = runner.invoke(args=["acts", "load", str(ACTS_DIR)])
    assert result.exit_code == 1
    assert "Create a drafter first" in result.output


def test_acts_load_loads_every_sample_act_once(runner):
    runner.invoke(args=["users", "create", "dana", "--role", "drafter"], input="long enough pass\n")
    first = runner.invoke(args=["acts", "load", str(ACTS_DIR)])
    assert first.exit_code == 0, first.output
    count = len(list(ACTS_DIR.glob("*.txt")))
    assert db.session.scalar(select(func.count()).select_from(Act)) == count
    languages = set(db.session.scalars(select(Act.language)))
    assert {lang.value for lang in languages} == {"en", "ru", "kk"}
    again = runner.invoke(args=["acts", "load", str(ACTS_DIR)])
    assert again.exit_code == 0
    assert f"0 act(s) loaded, {count} skipped" in again.output


def test_acts_load_reports_a_broken_file_and_loads_nothing(runner, tmp_path):
    runner.invoke(args=["users", "create", "dana", "--role", "drafter"], input="long enough pass\n")
    (tmp_path / "a.txt").write_text(
        "Number: ALA-2026-101\nType: order\nLanguage: en\nTitle: Good\n---\n1. Approve.\n"
    )
    (tmp_path / "b.txt").write_text("Number: ALA-2026-102\nType: order\n1. No separator.\n")
    result = runner.invoke(args=["acts", "load", str(tmp_path)])
    assert result.exit_code == 1
    assert "b.txt" in result.output
    assert db.session.scalar(select(func.count()).select_from(Act)) == 0


def test_acts_load_of_a_missing_folder(runner):
    result = runner.invoke(args=["acts", "load", "/no/such/folder"])
    assert result.exit_code != 0


def test_demo_seed_creates_a_user_per_role_and_the_acts(runner, app):
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    roles = {user.role.value for user in db.session.scalars(select(User))}
    assert roles == {
        "admin",
        "drafter",
        "domestic_expert",
        "international_expert",
        "secretary",
        "committee_member",
    }
    passwords = (Path(app.config["INSTANCE_DIR"]) / "demo-users.txt").read_text()
    assert "drafter\tdrafter\t" in passwords
    assert oct((Path(app.config["INSTANCE_DIR"]) / "demo-users.txt").stat().st_mode)[-3:] == "600"
    again = runner.invoke(args=["demo", "seed"])
    assert again.exit_code == 0
    assert "exist already" in again.output


def test_demo_seed_puts_acts_at_points_of_the_workflow(runner, app):
    from alatau_legal.acts.models import ActStatus
    from alatau_legal.notifications.models import Notification
    from alatau_legal.review.models import Comment, ReviewRound, RoundStatus

    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    statuses = {act.number: act.status for act in db.session.scalars(select(Act))}
    assert statuses.pop("ALA-2026-001") is ActStatus.DOMESTIC_REVIEW
    assert statuses.pop("ALA-2026-003") is ActStatus.INTERNATIONAL_REVIEW
    assert statuses.pop("ALA-2026-006") is ActStatus.COMMITTEE_REVIEW
    assert statuses.pop("ALA-2026-004") is ActStatus.APPROVED
    assert set(statuses.values()) == {ActStatus.DRAFTING}
    assert "ALA-2026-003: international review, version 2" in result.output

    def act(number: str) -> Act:
        return db.session.scalar(select(Act).where(Act.number == number))

    # The act in domestic review has comments, some answered, and a thread.
    comments = list(
        db.session.scalars(
            select(Comment).where(Comment.act_id == act("ALA-2026-001").id).order_by(Comment.id)
        )
    )
    threads = [c for c in comments if c.parent_id is None]
    assert len(threads) == 3 and len(comments) == 4
    assert sum(c.disposition is not None for c in threads) == 2
    # Open rounds are due in the future, relative to today.
    for review_round in db.session.scalars(
        select(ReviewRound).where(ReviewRound.status == RoundStatus.OPEN)
    ):
        assert review_round.due > date.today()
        assert all(a.due > date.today() for a in review_round.assignments)
    revised = act("ALA-2026-003")
    assert revised.current_version == 2
    # The act before the committee is on the agenda of a coming meeting.
    from alatau_legal.committee.models import Meeting

    held, meeting = db.session.scalars(select(Meeting).order_by(Meeting.date))
    assert meeting.date > date.today()
    assert [item.act.number for item in meeting.items] == ["ALA-2026-006"]
    # The approved act was approved by the committee, at a meeting held today.
    assert [(i.act.number, i.decision.value) for i in held.items] == [("ALA-2026-004", "approve")]
    assert db.session.scalar(select(func.count()).select_from(Notification)) > 0

    verified = runner.invoke(args=["audit", "verify"])
    assert verified.exit_code == 0, verified.output
    assert "Audit chains intact" in verified.stdout
    assert "Recorded fingerprints match the data" in verified.stdout

    # Running it again changes nothing.
    rounds = db.session.scalar(select(func.count()).select_from(ReviewRound))
    again = runner.invoke(args=["demo", "seed"])
    assert again.exit_code == 0, again.output
    assert db.session.scalar(select(func.count()).select_from(ReviewRound)) == rounds
    assert "0 sample act(s) loaded" in again.output


def test_demo_seed_loads_the_languages_with_one_translation_behind(runner, app):
    from alatau_legal.accounts.models import User
    from alatau_legal.acts import services as acts
    from alatau_legal.acts.models import Act

    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    drafter = db.session.scalar(select(User).where(User.username == "drafter"))
    order = db.session.scalar(select(Act).where(Act.number == "ALA-2026-007"))
    assert order.languages == ["ru", "kk", "en"]
    aligned = acts.alignment(drafter, order)
    assert aligned.complete and aligned.languages["en"].aligned == 13
    assert "БҰЙЫРАМЫН" in acts.current_version(drafter, order, "kk").text
    rules = db.session.scalar(select(Act).where(Act.number == "ALA-2026-009"))
    assert rules.languages == ["ru", "kk"]
    behind = acts.alignment(drafter, rules)
    assert not behind.complete
    assert behind.languages["kk"].outdated == ["art_3__para_3"]
    assert behind.languages["kk"].missing == [] and behind.languages["kk"].extra == []
