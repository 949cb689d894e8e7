"""Regression tests of issue 17's findings, in process (the live-server ones are in
tests/e2e/test_hardening_live.py): redirects, the password change, sessions and tokens ended on
the server, control characters and nested JSON refused in one place, dates within a window, the
calendar and deadlines with a far date already stored, rate-limit counters in the database,
and over-long addresses answered in the route's format.
"""

from __future__ import annotations

import html
import re
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text

from alatau_legal.accounts import services
from alatau_legal.accounts.models import ApiToken, Role, UserSession
from alatau_legal.committee import calendar
from alatau_legal.extensions import db
from alatau_legal.rate_limits import DatabaseStorage, RateLimitCounter
from alatau_legal.review.models import ReviewRound
from alatau_legal.timeutil import utcnow
from tests.support.builders import PASSWORD, api_token, csrf_token, login, make_act, make_user
from tests.support.pages import speaking

# -- 1. redirects after sign-in ---------------------------------------------------------------

HOSTILE_NEXT = [
    "http:/evil.example",  # a path to urljoin, a host to the browser
    "HTTP:evil.example",
    "https:evil.example",
    "http:\\\\evil.example",
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",  # the browser drops the tab: //evil.example
    "/\n/evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "data:text/html,hi",
    "evil.example",
]


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_sign_in_never_redirects_off_site(client, app, next_url):
    make_user(Role.DRAFTER, "dana")
    page = client.get("/login")
    response = client.post(
        "/login",
        query_string={"next": next_url},
        data={"username": "dana", "password": PASSWORD, "csrf_token": csrf_token(page.text)},
    )
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert response.headers["Location"] == "/acts"


@pytest.mark.parametrize("next_url", ["/acts?status=drafting", "/register/ALA-2026-001", "/"])
def test_sign_in_follows_a_path_of_this_site(client, app, next_url):
    make_user(Role.DRAFTER, "dana")
    page = client.get("/login")
    response = client.post(
        "/login",
        query_string={"next": next_url},
        data={"username": "dana", "password": PASSWORD, "csrf_token": csrf_token(page.text)},
    )
    assert response.headers["Location"] == next_url


@pytest.mark.parametrize("next_url", ["http:/evil.example", "/\\evil.example", "//evil"])
def test_the_language_switch_never_redirects_off_site(client, app, next_url):
    make_user(Role.DRAFTER, "dana")
    login(client, "dana")
    page = client.get("/profile")
    response = client.post(
        "/profile/language",
        data={"locale": "ru", "next": next_url, "csrf_token": csrf_token(page.text)},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/profile"


# -- 2 and 3. the password change, sessions and tokens ended on the server --------------------


def _change_password(client, current: str, new: str):
    page = client.get("/profile")
    return client.post(
        "/profile",
        data={
            "current_password": current,
            "new_password": new,
            "confirm": new,
            "csrf_token": csrf_token(page.text),
        },
    )


def test_changing_ones_password_keeps_this_session_and_ends_every_other(app):
    make_user(Role.DRAFTER, "dana")
    here, elsewhere, script = app.test_client(), app.test_client(), app.test_client()
    login(here, "dana")
    login(elsewhere, "dana")
    headers = api_token(script, "dana")
    response = _change_password(here, PASSWORD, "a brand new passphrase")
    assert response.status_code == 302 and response.headers["Location"] == "/profile"
    profile = here.get("/profile")
    assert profile.status_code == 200
    assert "Your password is changed" in profile.text
    assert here.get("/acts").status_code == 200  # this browser signed in afresh
    assert elsewhere.get("/acts").status_code == 302  # the other one is signed out
    assert script.get("/api/v1/me", headers=headers).status_code == 401  # the token too
    assert login(app.test_client(), "dana", "a brand new passphrase").status_code == 302


def test_a_cookie_captured_before_sign_out_is_dead_after_it(app):
    make_user(Role.DRAFTER, "dana")
    browser = app.test_client()
    login(browser, "dana")
    captured = browser.get_cookie("session").value
    page = browser.get("/acts")
    assert page.status_code == 200
    browser.post("/logout", data={"csrf_token": csrf_token(page.text)})
    thief = app.test_client()
    thief.set_cookie("session", captured)
    assert thief.get("/acts").status_code == 302
    ended = db.session.scalars(select(UserSession)).all()
    assert len(ended) == 1 and ended[0].ended_at is not None


def test_a_session_ends_when_its_time_is_up(app):
    make_user(Role.DRAFTER, "dana")
    browser = app.test_client()
    login(browser, "dana")
    db.session.execute(text("UPDATE user_sessions SET expires_at = :t"), {"t": utcnow()})
    db.session.commit()
    assert browser.get("/acts").status_code == 302


def test_the_session_cookie_holds_no_usable_secret_in_the_database(app):
    make_user(Role.DRAFTER, "dana")
    browser = app.test_client()
    login(browser, "dana")
    row = db.session.scalar(select(UserSession))
    assert len(row.key_hash) == 64  # a SHA-256; the key itself is only in the cookie


def test_a_token_can_revoke_itself(client, app):
    make_user(Role.DRAFTER, "dana")
    first, second = api_token(client, "dana"), api_token(client, "dana")
    response = client.delete("/api/v1/auth/token", headers=first)
    assert response.status_code == 204 and response.data == b""
    assert client.get("/api/v1/me", headers=first).status_code == 401
    assert client.delete("/api/v1/auth/token", headers=first).status_code == 401
    assert client.get("/api/v1/me", headers=second).status_code == 200  # only that one
    assert client.delete("/api/v1/auth/token").status_code == 401


def test_a_password_change_through_the_service_ends_tokens_and_sessions(client, app):
    user = make_user(Role.DRAFTER, "dana")
    headers = api_token(client, "dana")
    browser = app.test_client()
    login(browser, "dana")
    services.set_password(None, user, "another good passphrase")
    db.session.commit()
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert browser.get("/acts").status_code == 302
    assert db.session.scalar(select(func.count()).where(ApiToken.revoked_at.is_(None))) == 0


def test_set_password_on_the_command_line_ends_tokens_and_sessions(client, app, runner):
    make_user(Role.DRAFTER, "dana")
    headers = api_token(client, "dana")
    browser = app.test_client()
    login(browser, "dana")
    result = runner.invoke(args=["users", "set-password", "dana"], input="a new passphrase!\n")
    assert result.exit_code == 0, result.output
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert browser.get("/acts").status_code == 302


def test_disabling_a_user_ends_their_sessions_and_tokens(client, app):
    admin = make_user(Role.ADMIN, "root")
    user = make_user(Role.DRAFTER, "dana")
    headers = api_token(client, "dana")
    browser = app.test_client()
    login(browser, "dana")
    services.update_user(admin, user, role="drafter", full_name="", email=None,
                         organisation=None, active=False, locale="en")  # fmt: skip
    db.session.commit()
    services.update_user(admin, user, role="drafter", full_name="", email=None,
                         organisation=None, active=True, locale="en")  # fmt: skip
    db.session.commit()
    # Enabled again, the old session and token stay ended: a new sign-in is needed.
    assert browser.get("/acts").status_code == 302
    assert client.get("/api/v1/me", headers=headers).status_code == 401


# -- 4 and 5. control characters and nested JSON, refused in one place ------------------------


@pytest.fixture
def drafter_headers(client, app):
    make_user(Role.DRAFTER, "dana")
    return api_token(client, "dana")


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("post", "/api/v1/auth/token", {"username": "a\u0000b", "password": "x"}, "username"),
        ("post", "/api/v1/auth/token", {"username": "a", "password": "b\u0007"}, "password"),
        ("post", "/api/v1/auth/token", {"username": "a\ud800", "password": "x"}, "username"),
        ("post", "/api/v1/auth/token", {"user\u0000name": "a", "password": "x"}, "user\u0000name"),
        ("get", "/api/v1/acts?q=a%00b", None, "q"),
        ("get", "/api/v1/acts?q=a%C2%85b", None, "q"),  # U+0085, a C1 control
        ("get", "/api/v1/acts?status=%1b", None, "status"),
        ("get", "/api/v1/acts/1/comments?eid=%00x", None, "eid"),
        ("get", "/api/v1/acts/1/comments?author=%00x", None, "author"),
        ("get", "/api/v1/search?q=%0a", None, "q"),  # no line feed in a query value
        ("get", "/api/v1/acts/1/provisions/art_1%00/history", None, "path"),
        (
            "post",
            "/api/v1/acts",
            {
                "title": "A\u0000",
                "act_type": "rules",
                "language": "en",
                "text": "Article 1. A\n1. B.",
            },
            "title",
        ),
        ("post", "/api/v1/meetings", {"date": "2030-01-01", "title": "M\u0000"}, "title"),
        (
            "post",
            "/api/v1/acts/1/transitions",
            {"action": "withdraw", "reason": "r\u0000"},
            "reason",
        ),
        ("post", "/api/v1/acts", {"items": [{"t": "x\u0000"}]}, "items.0.t"),
    ],
)
def test_control_characters_are_a_400_naming_the_field(
    client, drafter_headers, method, path, body, field
):
    headers = {} if path.endswith("/auth/token") else drafter_headers
    response = getattr(client, method)(path, json=body, headers=headers)
    assert response.status_code == 400, response.text
    error = response.json["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {field: "Control characters are not allowed."}
    assert "control character" in error["message"]


def test_a_reason_with_a_control_character_is_not_stored(client, app, drafter_headers):
    act = make_act(services.get_user_by_username("dana"))
    response = client.post(
        f"/api/v1/acts/{act.id}/transitions",
        json={"action": "withdraw", "reason": "no longer needed\u0000"},
        headers=drafter_headers,
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(type(act), act.id).status.value == "drafting"


def test_text_keeps_its_tabs_and_line_breaks(client, drafter_headers):
    response = client.post(
        "/api/v1/acts",
        json={"title": "Tabs\tand lines", "act_type": "rules", "language": "en",
              "text": "Article 1. General\r\n1. One.\n\t2. Two."},
        headers=drafter_headers,
    )  # fmt: skip
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("path", ["/register/ALA%00", "/acts?q=%00", "/login?next=%00"])
def test_pages_refuse_control_characters_with_a_400_page(client, app, path):
    response = client.get(path)
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "control character" in response.text


def test_a_form_with_a_control_character_is_refused(client, app):
    make_user(Role.DRAFTER, "dana")
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": "da\u0000na", "password": PASSWORD, "csrf_token": csrf_token(page.text)},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/acts"
    assert client.get("/acts").status_code == 302  # not signed in: sent to the login page


@pytest.mark.parametrize("depth", [33, 1_000, 100_000])
def test_deeply_nested_json_is_a_400(client, app, depth):
    body = "[" * depth + "]" * depth
    response = client.post(
        "/api/v1/auth/token", data=body, content_type="application/json"
    )  # without signing in
    assert response.status_code == 400
    assert response.json["error"]["fields"] == {"body": "At most 32 levels of nesting."}


def test_nesting_within_the_limit_reaches_the_route(client, app):
    body = {"username": "x", "password": "y", "extra": [[[["deep"]]]]}
    assert client.post("/api/v1/auth/token", json=body).status_code == 401


# -- 6. dates within a window, and far dates already stored -----------------------------------


@pytest.fixture
def cast(app):
    return {
        "drafter": make_user(Role.DRAFTER, "dana"),
        "secretary": make_user(Role.SECRETARY, "sam"),
        "expert": make_user(Role.DOMESTIC_EXPERT, "erin"),
    }


def _years_from_today(years: int, days: int = 0) -> str:
    today = utcnow().date()
    return (today.replace(year=today.year + years) + timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("due", "status"),
    [("9999-12-30", 400), (_years_from_today(5, 1), 400), (_years_from_today(5), 201)],
    ids=["year-9999", "a-day-past-the-window", "the-window's-last-day"],
)
def test_a_round_due_outside_the_window_is_refused(client, app, cast, due, status):
    db.session.commit()
    act = make_act(cast["drafter"])
    headers = api_token(client, "sam")
    response = client.post(
        f"/api/v1/acts/{act.id}/rounds",
        json={"stage": "domestic", "reviewers": ["erin"], "due": due},
        headers=headers,
    )
    assert response.status_code == status, response.text
    if status == 400:
        assert list(response.json["error"]["fields"]) == ["due"]
        assert "outside the dates this system takes" in response.json["error"]["message"]
        assert db.session.scalar(select(func.count()).select_from(ReviewRound)) == 0


def test_a_reviewers_own_due_date_is_checked_too(client, app, cast):
    db.session.commit()
    act = make_act(cast["drafter"])
    response = client.post(
        f"/api/v1/acts/{act.id}/rounds",
        json={"stage": "domestic", "reviewers": ["erin"], "due": _years_from_today(1),
              "dues": {"erin": "9999-01-01"}},
        headers=api_token(client, "sam"),
    )  # fmt: skip
    assert response.status_code == 400
    assert list(response.json["error"]["fields"]) == ["dues.erin"]


def test_a_meeting_in_year_9999_is_refused_by_the_api_and_the_form(client, app, cast):
    db.session.commit()
    response = client.post(
        "/api/v1/meetings",
        json={"date": "9999-12-31", "title": "Far away"},
        headers=api_token(client, "sam"),
    )
    assert response.status_code == 400 and list(response.json["error"]["fields"]) == ["date"]
    browser = app.test_client()
    login(browser, "sam")
    page = browser.get("/meetings/new")
    response = browser.post(
        "/meetings/new",
        data={"date": "9999-12-31", "title": "Far away", "csrf_token": csrf_token(page.text)},
    )
    assert response.status_code == 400
    assert "outside the dates this system takes" in response.text


def test_far_dates_already_stored_cost_nothing_and_break_no_calendar(client, app, cast):
    """Rows from before the window: a round due 9999-12-30 and a meeting on 9999-12-31."""
    db.session.commit()
    act = make_act(cast["drafter"])
    headers = api_token(client, "sam")
    response = client.post(
        f"/api/v1/acts/{act.id}/rounds",
        json={"stage": "domestic", "reviewers": ["erin"], "due": _years_from_today(1)},
        headers=headers,
    )
    assert response.status_code == 201
    meeting = client.post(
        "/api/v1/meetings", json={"date": _years_from_today(1), "title": "M"}, headers=headers
    ).json
    db.session.execute(text("UPDATE review_rounds SET due = :d"), {"d": date(9999, 12, 30)})
    db.session.execute(text("UPDATE review_assignments SET due = :d"), {"d": date(9999, 12, 30)})
    db.session.execute(
        text("UPDATE meetings SET date = :d WHERE id = :id"),
        {"d": date(9999, 12, 31), "id": meeting["id"]},
    )
    db.session.commit()
    deadlines = client.get("/api/v1/deadlines", headers=headers)
    assert deadlines.status_code == 200
    far = [item for item in deadlines.json["items"] if item["due"] == "9999-12-30"]
    assert far and all(item["business_days_left"] > 2_000_000 for item in far)
    feed = client.get(f"/calendar/{calendar.token_for(cast['expert'])}.ics")
    assert feed.status_code == 200 and b"DTSTART;VALUE=DATE:99991230" in feed.data
    secretary_feed = client.get(f"/calendar/{calendar.token_for(cast['secretary'])}.ics")
    assert secretary_feed.status_code == 200
    assert b"DTSTART;VALUE=DATE:99991231" in secretary_feed.data


# -- 7. rate-limit counters in the database ---------------------------------------------------


def test_counters_in_the_database_are_shared_by_every_process(app, database_url):
    """Two storages (as two gunicorn workers would have) on one database count together."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    first, second = DatabaseStorage(database_url=url), DatabaseStorage(database_url=url)
    counts = [storage.incr("login/127.0.0.1", 60) for storage in (first, second) * 3]
    assert counts == [1, 2, 3, 4, 5, 6]
    assert second.get("login/127.0.0.1") == 6
    assert time.time() < first.get_expiry("login/127.0.0.1") <= time.time() + 60
    first.clear("login/127.0.0.1")
    assert second.get("login/127.0.0.1") == 0


def test_a_window_that_ended_starts_again(app):
    storage = DatabaseStorage(database_url=app.config["SQLALCHEMY_DATABASE_URI"])
    storage.incr("k", 60, amount=5)
    db.session.execute(text("UPDATE rate_limits SET expires_at = :t"), {"t": time.time() - 1})
    db.session.commit()
    assert storage.get("k") == 0
    assert storage.incr("k", 60) == 1


def test_the_login_limit_holds_with_the_database_storage(tmp_path, database_url):
    from alatau_legal import create_app
    from tests.conftest import _testing_config

    config = _testing_config(tmp_path, database_url)
    config.RATELIMIT_STORAGE_URI = "database://"
    config.LOGIN_RATE_LIMIT = "3 per minute"
    application = create_app(config)
    client = application.test_client()
    body = {"username": "x", "password": "y"}
    statuses = [client.post("/api/v1/auth/token", json=body).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    with application.app_context():
        assert db.session.scalar(select(RateLimitCounter.hits)) == 4
        db.session.remove()
        db.engine.dispose()


def test_production_refuses_counters_in_memory(monkeypatch):
    from config import ProductionConfig

    monkeypatch.setenv("SECRET_KEY", "s" * 48)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "memory://")
    with pytest.raises(RuntimeError, match="multiply the limit"):
        ProductionConfig()
    monkeypatch.delenv("RATELIMIT_STORAGE_URI")
    assert ProductionConfig().RATELIMIT_STORAGE_URI == "database://"


# -- 10. over-long addresses -------------------------------------------------------------------


def test_an_over_long_address_is_a_json_414_under_the_api(client, app):
    response = client.get("/api/v1/acts?q=" + "a" * 5000)
    assert response.status_code == 414
    assert response.json["error"]["code"] == "uri_too_long"
    page = client.get("/acts?q=" + "a" * 5000)
    assert page.status_code == 414 and page.mimetype == "text/html"


def test_a_page_form_refused_for_a_control_character_keeps_what_was_typed(client, app):
    """The act's edit form: a 400 page naming the field, the typed text back without the
    control character, nothing saved; sending it again from that page saves the clean text."""
    from alatau_legal.acts.models import Act

    drafter = make_user(Role.DRAFTER, "dana")
    act = make_act(drafter)
    assert login(client, "dana").status_code == 302
    edit = client.get(f"/acts/{act.number}/edit")
    typed = "Article 1. Subject\n1. Typed with care\u0007 over an hour.\n"
    refused = client.post(
        f"/acts/{act.number}/edit",
        data={"csrf_token": csrf_token(edit.text), "base_version": "1", "text": typed,
              "note": "a long edit"},
    )  # fmt: skip
    assert refused.status_code == 400 and refused.mimetype == "text/html"
    page = refused.text
    # The field named as its form labels it, not by its HTML name.
    assert "Text contains a control character (U+0007)" in page
    assert "Field “Text”" in page
    assert "\u0007" not in page
    clean = typed.replace("\u0007", "")
    kept = re.search(
        r'<textarea id="refused-field" name="text"[^>]*>\n(.*?)</textarea>', page, re.S
    )
    assert kept and html.unescape(kept.group(1)) == clean
    assert 'name="note" value="a long edit"' in page
    assert db.session.get(Act, act.id).current_version == 1  # nothing saved

    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    fields = {name: html.unescape(value) for name, value in fields.items()}
    again = client.post(f"/acts/{act.number}/edit", data={**fields, "text": clean})
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(Act, act.id).current_version == 2


@pytest.mark.parametrize(
    ("language", "message", "label"),
    [
        ("ru", "Поле Текст содержит управляющий символ (U+0007)", "Поле «Текст»"),
        ("kk", "Мәтін өрісінде басқарушы таңба бар (U+0007)", "«Мәтін» өрісі"),
    ],
)
def test_the_refused_page_names_the_field_in_the_reader_s_language(app, language, message, label):
    drafter = make_user(Role.DRAFTER, "dana")
    act = make_act(drafter)
    client = speaking(drafter, language)
    edit = client.get(f"/acts/{act.number}/edit")
    refused = client.post(
        f"/acts/{act.number}/edit",
        data={"csrf_token": csrf_token(edit.text), "base_version": "1",
              "text": "Article 1. A\n1. B\u0007.", "note": "x"},
    )  # fmt: skip
    assert refused.status_code == 400
    page = html.unescape(refused.text)
    assert message in page and label in page
    assert ">text<" not in page and "«text»" not in page
