"""Russian and Kazakh throughout: deadlines, version notes, dates in the language's long form, and
the reminders' e-mails in the language each person chose."""

from __future__ import annotations

import socket
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from babel.dates import format_date

from alatau_legal.accounts.models import Language
from alatau_legal.extensions import db
from alatau_legal.review.models import RoundStatus
from alatau_legal.review.workflow import Action, round_in
from alatau_legal.timeutil import utcnow
from tests.support.builders import login, make_act
from tests.support.catalogues import compile_catalogues
from tests.support.workflow_states import Cast, move, plan

TODAY = utcnow().date()


@pytest.fixture(autouse=True)
def _catalogues():
    compile_catalogues()


@pytest.fixture
def overdue(app):
    """An act in domestic review whose expert's opinion is five days overdue."""
    cast = Cast.create()
    for user in cast.users.values():
        user.email = f"{user.username}@example.org"
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    round_in(act, RoundStatus.OPEN).assignments[0].due = TODAY - timedelta(days=5)
    db.session.commit()
    return cast, act


@pytest.mark.parametrize(
    ("language", "words", "english"),
    [
        ("ru", ["Экспертное заключение", "Раунд экспертизы", "Внутренняя"], ["Expert opinion"]),
        ("kk", ["Сараптамалық қорытынды", "Сараптама кезеңі", "Отандық"], ["Expert opinion"]),
    ],
)
def test_the_deadlines_page_has_no_english_left(client, overdue, language, words, english):
    cast, _act = overdue
    login(client, cast.secretary.username)
    page = client.get(f"/deadlines?ui_lang={language}").text
    for word in words:
        assert word in page
    for word in [*english, "Review round", "Committee decision", ">Domestic<"]:
        assert word not in page
    # One date format per language: the long form.
    due = TODAY - timedelta(days=5)
    assert format_date(due, "long", locale=language) in page


@pytest.mark.parametrize(
    ("language", "note"), [("ru", "Первоначальный проект"), ("kk", "Бастапқы жоба")]
)
def test_a_version_note_written_by_the_system_is_in_the_readers_language(
    client, overdue, language, note
):
    cast, act = overdue
    login(client, cast.drafter.username)
    assert note in client.get(f"/acts/{act.number}?ui_lang={language}").text
    assert "First draft" not in client.get(f"/acts/{act.number}/history?ui_lang={language}").text


class Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"


def test_each_reminder_is_in_the_language_its_reader_chose(app, runner, overdue):
    cast, act = overdue
    cast.domestic.locale = Language.KK
    cast.secretary.locale = Language.RU
    db.session.commit()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)
        result = runner.invoke(args=["deadlines", "remind"])
    finally:
        controller.stop()
    assert result.exit_code == 0, result.output
    mails = {rcpts[0].split("@")[0]: message for rcpts, message in inbox.messages}
    expert, secretary = mails["domestic-expert"], mails["secretary"]
    assert "мерзім" in expert["Subject"]
    assert "Құрметті" in expert.get_content() and act.number in expert.get_content()
    assert "Сараптамалық қорытынды" in expert.get_content()
    assert "просрочен" in secretary["Subject"]
    assert "Уважаемый" in secretary.get_content()
    assert format_date(TODAY - timedelta(days=5), "long", locale="ru") in secretary.get_content()
