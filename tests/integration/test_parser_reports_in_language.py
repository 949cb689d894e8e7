"""The text parser's reports ("Article 3 follows Article 1 (line 1); check the numbering.")
reach a drafter in the interface's language, provisions named as that language names them,
while the API's answer keeps them in English."""

from __future__ import annotations

import pytest
from flask import current_app

from alatau_legal.accounts.models import Language
from alatau_legal.extensions import db
from tests.support.builders import api_token, csrf_token, login, make_act
from tests.support.catalogues import compile_catalogues
from tests.support.pages import speaking, words_of
from tests.support.workflow_states import Cast

# Article 2 is missing: Article 3 follows Article 1, whose heading is line 1.
GAP = "Article 1. Subject\n1. First.\n\nArticle 3. Scope\n1. Third.\n"

REPORT = {
    "en": "line 4: Article 3 follows Article 1 (line 1); check the numbering.",
    "ru": "строка 4: Статья 3 следует за строкой 1 (статья 1); проверьте нумерацию.",
    "kk": "4-жол: 3-бап 1-жолдан кейін келеді (1-бап); нөмірлеуді тексеріңіз.",
}


@pytest.fixture(scope="module", autouse=True)
def _catalogues():
    compile_catalogues()


@pytest.fixture
def cast(app) -> Cast:
    return Cast.create()


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_drafter_reads_the_numbering_report_in_their_language(app, cast, language):
    act = make_act(cast.drafter)
    client = speaking(cast.drafter, language)
    edit = client.get(f"/acts/{act.number}/edit")
    saved = client.post(
        f"/acts/{act.number}/edit",
        data={
            "csrf_token": csrf_token(edit.text),
            "base_version": "1",
            "text": GAP,
            "note": "gap",
        },
        follow_redirects=True,
    )
    assert saved.status_code == 200
    page = words_of(saved.text)
    assert REPORT[language] in page
    assert "check the numbering" not in page and "follows Article" not in page


def test_the_api_gives_the_report_in_english_to_a_kazakh_drafter(app, cast):
    act = make_act(cast.drafter)
    cast.drafter.locale = Language.KK
    db.session.commit()
    client = app.test_client()
    headers = {**api_token(client, cast.drafter.username), "Accept-Language": "kk"}
    answer = client.post(
        f"/api/v1/acts/{act.id}/versions",
        json={"base_version": 1, "text": GAP, "note": "gap"},
        headers=headers,
    )
    assert answer.status_code == 201, answer.json
    assert {"line": 4, "message": REPORT["en"].split(": ", 1)[1]} in answer.json["issues"]


def test_the_round_page_writes_due_dates_in_the_long_russian_form(app, cast):
    """Not 2026-12-01: the round's and each reviewer's due date as Russian writes a date."""
    from babel.dates import format_date

    from alatau_legal.review.models import ReviewRound
    from tests.support.workflow_states import DUE, plan

    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    review_round = db.session.query(ReviewRound).filter_by(act_id=act.id).one()
    cast.secretary.locale = Language.RU
    db.session.commit()
    client = current_app.test_client()
    assert login(client, cast.secretary.username).status_code == 302
    page = client.get(f"/acts/{act.number}/rounds/{review_round.id}")
    assert page.status_code == 200
    shown = words_of(page.text)
    long_form = " ".join(format_date(DUE, "long", locale="ru").split())
    assert shown.count(long_form) >= 2  # the round's due date and the expert's
    assert DUE.isoformat() not in shown
    # The act's history says when the planned round is due, in the same form.
    events = words_of(client.get(f"/acts/{act.number}/events").text)
    assert long_form in events and DUE.isoformat() not in events
