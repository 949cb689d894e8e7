"""What the services refuse and what the workflow's guards say reaches a person in the
interface's language (Russian and Kazakh complete, English as written), while the API's JSON
keeps its English message and its machine `code` whatever the reader's language."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from alatau_legal.accounts.models import Language
from alatau_legal.acts.models import ActStatus
from alatau_legal.extensions import db
from alatau_legal.review.workflow import Action
from tests.support.builders import api_token, csrf_token, make_act
from tests.support.catalogues import compile_catalogues
from tests.support.pages import speaking, words_of
from tests.support.workflow_states import Cast, move, plan

# The guard of `submit_domestic_review` while no round is planned, in each language.
NO_ROUND = {
    "en": "The secretary must first plan a domestic review round",
    "ru": "Сначала секретарь должен запланировать раунд внутренней экспертизы",
    "kk": "Алдымен хатшы ішкі сараптама кезеңін жоспарлауы керек",
}
# The refusal of that action (the action's label is translated too).
BLOCKED = {
    "en": "Submit for domestic review is blocked:",
    "ru": "Действие «Направить на внутреннюю экспертизу» пока невозможно:",
    "kk": "«Отандық сараптамаға жіберу» әрекеті әзірге мүмкін емес:",
}
# Withdrawing without a reason (a service's Invalid, shown beside the form).
NO_REASON = {
    "en": "Give a reason to withdraw.",
    "ru": "Укажите основание для действия «отозвать».",
    "kk": "«кері қайтарып алу» әрекетінің негіздемесін көрсетіңіз.",
}
# A committee member may not withdraw (a service's Forbidden, flashed).
BY_ROLE = {
    "en": "Only a drafter or secretary can withdraw.",
    "ru": "Действие «отозвать» доступно только роли: разработчик или секретарь.",
    "kk": "«кері қайтарып алу» әрекеті тек мына рөлге қолжетімді: әзірлеуші немесе хатшы.",
}


@pytest.fixture(scope="module", autouse=True)
def _catalogues():
    compile_catalogues()


@pytest.fixture
def cast(app) -> Cast:
    return Cast.create()


def _speaking(cast: Cast, username: str, language: str):
    """A browser signed in as the cast's `username`, in `language`."""
    return speaking(next(u for u in cast.users.values() if u.username == username), language)


def _post(client, act, data: dict):
    token = csrf_token(client.get(f"/acts/{act.number}").text)
    return client.post(f"/acts/{act.number}/transitions", data={**data, "csrf_token": token})


def _read(client, response) -> str:
    if response.status_code in (400, 409):
        return words_of(response.text)
    assert response.status_code == 302, response.status_code
    return words_of(client.get(response.headers["Location"]).text)


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_guards_on_the_act_page_are_in_the_readers_language(app, cast, language):
    act = make_act(cast.drafter)
    client = _speaking(cast, "drafter", language)
    page = words_of(client.get(f"/acts/{act.number}").text)
    assert NO_ROUND[language] in page
    if language != "en":
        assert NO_ROUND["en"] not in page


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_refusals_on_the_page_are_in_the_readers_language(app, cast, language):
    act = make_act(cast.drafter)
    client = _speaking(cast, "drafter", language)

    blocked = _read(client, _post(client, act, {"action": "submit_domestic_review"}))
    assert BLOCKED[language] in blocked and NO_ROUND[language] in blocked

    no_reason = _read(client, _post(client, act, {"action": "withdraw"}))
    assert NO_REASON[language] in no_reason

    member = _speaking(cast, "committee-member", language)
    by_role = _read(member, _post(member, act, {"action": "withdraw", "reason": "x"}))
    assert BY_ROLE[language] in by_role

    if language != "en":
        for english in (BLOCKED["en"], NO_ROUND["en"], NO_REASON["en"], BY_ROLE["en"]):
            assert english not in blocked + no_reason + by_role
    db.session.expire_all()
    assert act.status is ActStatus.DRAFTING


def test_an_anonymous_reader_gets_refusals_in_the_browsers_language(app, client):
    page = client.get("/register/NO-SUCH-ACT", headers={"Accept-Language": "kk"})
    assert page.status_code == 404
    assert "Тізілімде нөмірі NO-SUCH-ACT болатын акт жоқ." in words_of(page.text)
    page = client.get("/register/NO-SUCH-ACT", headers={"Accept-Language": "ru"})
    assert "В реестре нет акта с номером NO-SUCH-ACT." in words_of(page.text)


def test_the_api_keeps_english_messages_and_codes_for_a_kazakh_reader(app, cast):
    act = make_act(cast.drafter)
    cast.drafter.locale = Language.KK
    db.session.commit()
    client = app.test_client()
    headers = {**api_token(client, "drafter"), "Accept-Language": "kk"}

    refused = client.post(
        f"/api/v1/acts/{act.id}/transitions",
        json={"action": "submit_domestic_review"},
        headers=headers,
    )
    assert refused.status_code == 409
    error = refused.json["error"]
    assert error["code"] == "guard_failed"
    assert error["message"].startswith(BLOCKED["en"])
    assert error["blocked_by"] and error["blocked_by"][0].startswith(NO_ROUND["en"])

    options = client.get(f"/api/v1/acts/{act.id}/transitions", headers=headers).json["items"]
    submit = next(o for o in options if o["action"] == "submit_domestic_review")
    assert submit["blocked_by"][0].startswith(NO_ROUND["en"])

    member = next(u for u in cast.users.values() if u.username == "committee-member")
    member.locale = Language.KK
    db.session.commit()
    by_role = client.post(
        f"/api/v1/acts/{act.id}/transitions",
        json={"action": "withdraw", "reason": "x"},
        headers={**api_token(client, "committee-member"), "Accept-Language": "kk"},
    )
    assert by_role.status_code == 403
    assert by_role.json["error"] == {"code": "forbidden", "message": BY_ROLE["en"]}


def test_guards_that_count_read_naturally_in_russian(app, cast):
    """Plural forms: 1 замечанию, 2 замечаниям (the catalogue's Russian plural rule)."""
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    client = _speaking(cast, "drafter", "ru")
    page = words_of(client.get(f"/acts/{act.number}").text)
    assert "Не поступило 1 заключение раунда внутренней экспертизы" in page


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_date_in_a_refusal_is_written_as_the_language_writes_it(app, cast, language):
    """A meeting set in the past: refused on the form, the date in the long form of the
    reader's language (not 2026-12-01), what was typed kept, nothing saved."""
    from babel.dates import format_date

    from alatau_legal.committee.models import Meeting

    yesterday = date.today() - timedelta(days=1)
    client = _speaking(cast, "secretary", language)
    token = csrf_token(client.get("/meetings/new").text)
    response = client.post(
        "/meetings/new",
        data={"date": yesterday.isoformat(), "title": "Кешіккен отырыс", "csrf_token": token},
    )
    assert response.status_code == 400
    page = words_of(response.text)
    assert " ".join(format_date(yesterday, "long", locale=language).split()) in page
    assert {"ru": "уже прошла", "kk": "өтіп кетті"}[language] in page
    assert 'value="Кешіккен отырыс"' in response.text
    assert db.session.query(Meeting).count() == 0


def test_an_unknown_page_says_so_in_kazakh_and_the_api_in_english(app, client):
    page = client.get("/no-such-page", headers={"Accept-Language": "kk"})
    assert page.status_code == 404
    assert "Мұндай бет немесе нысан жоқ." in words_of(page.text)
    api = client.get("/api/v1/no-such-route", headers={"Accept-Language": "kk"})
    assert api.status_code == 404
    assert api.json["error"] == {
        "code": "not_found",
        "message": "There is no such page or object.",
    }


@pytest.mark.parametrize(
    ("language", "invited", "opened", "all_in"),
    [
        ("ru", "пригласил(а) вас к экспертизе", "открыт для вашей экспертизы", "поступили"),
        ("kk", "сізді", "сараптамаңыз үшін ашық", "түсті"),
    ],
)
def test_notifications_speak_the_recipients_language_with_long_dates(
    app, cast, language, invited, opened, all_in
):
    """An expert invited to a round, told when it opens, and the secretary told that every
    opinion is in: each in their own interface language, the due date written out."""
    from babel.dates import format_date

    from alatau_legal.notifications.models import Notification
    from tests.support.workflow_states import DUE, opinion

    cast.domestic.locale = Language(language)
    cast.secretary.locale = Language(language)
    db.session.commit()
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    opinion(cast, act, "domestic")
    to_expert = [
        n.message
        for n in db.session.query(Notification).filter_by(user_id=cast.domestic.id)
        .order_by(Notification.id)
    ]  # fmt: skip
    assert len(to_expert) == 2
    due = format_date(DUE, "long", locale=language)
    assert invited in to_expert[0] and due in to_expert[0] and DUE.isoformat() not in to_expert[0]
    assert opened in to_expert[1] and due in to_expert[1]
    to_secretary = db.session.query(Notification).filter_by(user_id=cast.secretary.id).one()
    assert all_in in to_secretary.message and act.number in to_secretary.message
