"""Sign-in, sessions, CSRF, safe redirects, rate limits, security headers and API tokens."""

from __future__ import annotations

import pytest

from alatau_legal.accounts import services
from alatau_legal.accounts.models import Role
from alatau_legal.errors import Invalid
from alatau_legal.extensions import db
from tests.support.builders import PASSWORD, api_token, csrf_token, login, make_user


def test_login_and_logout(client, app):
    make_user(Role.DRAFTER, "dana")
    response = login(client, "dana")
    assert response.status_code == 302
    assert client.get("/acts").status_code == 200
    page = client.get("/acts")
    logout = client.post("/logout", data={"csrf_token": csrf_token(page.text)})
    assert logout.status_code == 302
    assert client.get("/acts").status_code == 302  # back to the login page


def test_wrong_password_is_refused_without_saying_which_part(client, app):
    make_user(Role.DRAFTER, "dana")
    response = login(client, "dana", "wrong password!")
    assert response.status_code == 200
    assert "The username or password is not right." in response.text
    assert client.get("/acts").status_code == 302


def test_unknown_user_gets_the_same_answer(client, app):
    response = login(client, "nobody", "whatever password")
    assert "The username or password is not right." in response.text


def test_login_form_without_csrf_token_is_refused(client, app):
    make_user(Role.DRAFTER, "dana")
    response = client.post("/login", data={"username": "dana", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/acts").status_code == 302


def test_passwords_are_stored_as_argon2_hashes(app):
    user = make_user(Role.DRAFTER, "dana")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/acts?status=drafting", "/acts?status=drafting"),
        ("https://evil.example/", "/acts"),
        ("//evil.example/", "/acts"),
        ("/\\evil.example", "/acts"),
        ("javascript:alert(1)", "/acts"),
    ],
)
def test_next_redirects_only_within_this_site(client, app, next_url, expected):
    make_user(Role.DRAFTER, "dana")
    page = client.get("/login", query_string={"next": next_url})
    response = client.post(
        "/login",
        query_string={"next": next_url},
        data={"username": "dana", "password": PASSWORD, "csrf_token": csrf_token(page.text)},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_login_is_rate_limited(client, app):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    make_user(Role.DRAFTER, "dana")
    statuses = [login(client, "dana", "wrong password!").status_code for _ in range(4)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429


def test_token_requests_are_rate_limited(client, app):
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    body = {"username": "x", "password": "y"}
    statuses = [client.post("/api/v1/auth/token", json=body).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    assert client.post("/api/v1/auth/token", json=body).json["error"]["code"] == (
        "too_many_requests"
    )


def test_security_headers_and_cookie_flags(client, app):
    make_user(Role.DRAFTER, "dana")
    response = login(client, "dana")
    cookies = response.headers.getlist("Set-Cookie")
    cookie = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    page = client.get("/acts")
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store"


def test_password_change_ends_other_sessions(app):
    user = make_user(Role.DRAFTER, "dana")
    first, second = app.test_client(), app.test_client()
    login(first, "dana")
    login(second, "dana")
    services.set_password(None, user, "a brand new password")
    db.session.commit()
    assert first.get("/acts").status_code == 302
    assert second.get("/acts").status_code == 302


def test_disabled_user_cannot_sign_in_or_use_tokens(client, app):
    admin = make_user(Role.ADMIN, "root")
    user = make_user(Role.DRAFTER, "dana")
    headers = api_token(client, "dana")
    services.update_user(
        admin,
        user,
        role="drafter",
        full_name="",
        email=None,
        organisation=None,
        active=False,
        locale="en",
    )
    db.session.commit()
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert "not right" in login(client, "dana").text


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer ", "Basic abc", "Bearer not-a-real-token", "Bearer " + "x" * 500],
)
def test_api_without_a_valid_token_is_401_json(client, app, header):
    headers = {"Authorization": header} if header is not None else {}
    response = client.get("/api/v1/acts", headers=headers)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_api_token_for_bad_credentials_is_401(client, app):
    make_user(Role.DRAFTER, "dana")
    response = client.post("/api/v1/auth/token", json={"username": "dana", "password": "nope"})
    assert response.status_code == 401
    assert "token" not in response.json


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"json": {"username": "dana"}}, 400),
        ({"json": ["dana", "pw"]}, 400),
        ({"json": {"username": 5, "password": "x"}}, 400),
        ({"data": "username=dana", "content_type": "application/x-www-form-urlencoded"}, 415),
        ({"data": "{not json", "content_type": "application/json"}, 400),
    ],
)
def test_token_request_bad_bodies(client, app, kwargs, status):
    response = client.post("/api/v1/auth/token", **kwargs)
    assert response.status_code == status
    assert response.json["error"]["message"]


def test_me_describes_the_token_owner(client, app):
    make_user(Role.INTERNATIONAL_EXPERT, "helen")
    response = client.get("/api/v1/me", headers=api_token(client, "helen"))
    assert response.json["username"] == "helen"
    assert response.json["role"] == "international_expert"
    assert response.json["organisation"] == "International Law Organisation"


def test_unknown_api_route_is_json_404(client, app):
    make_user(Role.DRAFTER, "dana")
    response = client.get("/api/v1/nothing-here", headers=api_token(client, "dana"))
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_short_password_is_refused(app):
    with pytest.raises(Invalid):
        services.create_user(None, username="dana", password="short", role="drafter")


def test_an_expert_in_the_wrong_kind_of_organisation_is_told_so_in_plain_words(app):
    from flask_babel import force_locale

    domestic = services.create_organisation(None, name="Institute of Law", kind="domestic")
    db.session.commit()
    for organisation, said in (
        (None, "The role “international expert” needs an organisation of the kind "
               "“international”; choose one."),
        (domestic, "The role “international expert” needs an organisation of the kind "
                   "“international”, and “Institute of Law” is of the kind “domestic”."),
    ):  # fmt: skip
        with pytest.raises(Invalid) as refused:
            services.create_user(
                None, username="claire", password=PASSWORD, role="international_expert",
                organisation=organisation,
            )  # fmt: skip
        assert str(refused.value.message) == said  # not "A international expert"
        with force_locale("ru"):
            assert "нужна организация вида «международная»" in str(refused.value.message)
        db.session.rollback()
