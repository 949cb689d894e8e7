"""A refused form never loses what was typed: the administrator's user and organisation forms,
the profile, a new act and a Word import are shown again (400/409/415) with every typed value
(passwords aside), the reason in the reader's language, and nothing half saved."""

from __future__ import annotations

import html
import io
import re

import pytest
from sqlalchemy import func, select

from alatau_legal.accounts.models import Language, Organisation, Role, User
from alatau_legal.accounts.passwords import verify_password
from alatau_legal.acts.models import Act
from alatau_legal.extensions import db
from tests.support.builders import PASSWORD, csrf_token, login, make_user
from tests.support.catalogues import compile_catalogues


@pytest.fixture(scope="module", autouse=True)
def _catalogues():
    compile_catalogues()


def _signed_in(app, username: str, language: str = "en"):
    user = db.session.scalar(select(User).where(User.username == username))
    user.locale = Language(language)
    db.session.commit()
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def _post(client, path: str, data: dict, **kwargs):
    token = csrf_token(client.get(path).text)
    return client.post(path, data={**data, "csrf_token": token}, **kwargs)


def _value(page: str, name: str) -> str | None:
    """The value an input or textarea named `name` shows (None when it has none)."""
    found = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', page)
    if found:
        value = re.search(r'\bvalue="([^"]*)"', found.group(0))
        return html.unescape(value.group(1)) if value else None
    found = re.search(rf'<textarea[^>]*\bname="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(found.group(1)).strip() if found else None


def _selected(page: str, name: str) -> str | None:
    select_html = re.search(rf'<select[^>]*\bname="{name}"[^>]*>(.*?)</select>', page, re.S)
    option = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"', select_html.group(1))
    option = option or re.search(r'<option[^>]*value="([^"]*)"[^>]*selected', select_html.group(1))
    return option.group(1) if option else None


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def admin(app):
    return make_user(Role.ADMIN, "admin")


@pytest.fixture
def drafter(app):
    return make_user(Role.DRAFTER, "drafter")


# --- the administrator's forms -------------------------------------------------------------


def test_a_new_user_refused_for_a_taken_name_keeps_every_typed_value(app, admin):
    make_user(Role.DRAFTER, "dana")
    client = _signed_in(app, "admin", "kk")
    users = _count(User)
    typed = {
        "username": "dana",
        "full_name": "Дана Серікқызы Ахметова",
        "email": "dana.a@alatau.example",
        "role": Role.SECRETARY.value,
        "organisation_id": "0",
        "locale": "ru",
        "active": "y",
        "password": "a-long-enough-password",
    }
    response = _post(client, "/admin/users/new", typed)
    assert response.status_code == 409
    page = response.text
    assert _value(page, "username") == "dana"
    assert _value(page, "full_name") == typed["full_name"]
    assert _value(page, "email") == typed["email"]
    assert _selected(page, "role") == Role.SECRETARY.value
    assert _selected(page, "locale") == "ru"
    assert typed["password"] not in page  # never echoed
    assert "'dana' пайдаланушы аты бос емес." in html.unescape(page)
    assert _count(User) == users


def test_a_new_user_refused_by_the_service_rolls_back_and_keeps_the_form(app, admin):
    """A domestic expert needs a domestic organisation: refused, typed values kept, no row."""
    client = _signed_in(app, "admin", "ru")
    users = _count(User)
    typed = {
        "username": "new-expert",
        "full_name": "Асель Нурланова",
        "email": "asel@alatau.example",
        "role": Role.DOMESTIC_EXPERT.value,
        "organisation_id": "0",
        "locale": "kk",
        "password": "a-long-enough-password",
    }
    response = _post(client, "/admin/users/new", typed)
    assert response.status_code == 400
    page = html.unescape(response.text)
    assert _value(response.text, "username") == "new-expert"
    assert _value(response.text, "full_name") == "Асель Нурланова"
    assert _value(response.text, "email") == "asel@alatau.example"
    assert _selected(response.text, "role") == Role.DOMESTIC_EXPERT.value
    assert "нужна организация вида" in page
    assert _count(User) == users


def test_editing_a_user_refused_half_way_saves_nothing_and_keeps_the_form(app, admin):
    """The details pass and the new password is refused: the details are not saved either."""
    user = make_user(Role.DRAFTER, "dana")
    client = _signed_in(app, "admin")
    response = _post(
        client,
        f"/admin/users/{user.id}",
        {
            "username": "dana",
            "full_name": "Dana Renamed",
            "email": "dana.renamed@alatau.example",
            "role": Role.DRAFTER.value,
            "organisation_id": "0",
            "locale": "en",
            "active": "y",
            "password": "short",
        },
    )
    assert response.status_code == 400
    assert _value(response.text, "full_name") == "Dana Renamed"
    assert _value(response.text, "email") == "dana.renamed@alatau.example"
    assert "The password must be at least" in response.text
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored.full_name != "Dana Renamed"
    assert stored.email != "dana.renamed@alatau.example"
    assert verify_password(stored.password_hash, PASSWORD)


def test_an_organisation_refused_for_a_taken_name_keeps_it(app, admin):
    client = _signed_in(app, "admin", "kk")
    first = _post(client, "/admin/organisations", {"name": "Қаржы министрлігі", "kind": "domestic"})
    assert first.status_code == 302
    organisations = _count(Organisation)
    again = _post(
        client, "/admin/organisations", {"name": "Қаржы министрлігі", "kind": "international"}
    )
    assert again.status_code == 409
    assert _value(again.text, "name") == "Қаржы министрлігі"
    assert _selected(again.text, "kind") == "international"
    assert "атаулы ұйым бұрыннан бар" in html.unescape(again.text)
    assert _count(Organisation) == organisations


# --- the profile ---------------------------------------------------------------------------


def test_a_refused_password_change_changes_nothing_and_echoes_no_password(app, drafter):
    client = _signed_in(app, "drafter", "ru")
    wrong = _post(
        client,
        "/profile",
        {"current_password": "not-my-password", "new_password": "a-new-long-password"},
    )
    assert wrong.status_code == 400
    assert "not-my-password" not in wrong.text and "a-new-long-password" not in wrong.text
    short = _post(client, "/profile", {"current_password": PASSWORD, "new_password": "short"})
    assert short.status_code == 400
    assert "Пароль должен содержать не менее" in html.unescape(short.text)
    db.session.expire_all()
    assert verify_password(db.session.get(User, drafter.id).password_hash, PASSWORD)
    # Still signed in: the refused change ended no session.
    assert client.get("/profile").status_code == 200


def test_a_refused_language_choice_is_explained_and_not_stored(app, drafter):
    client = _signed_in(app, "drafter", "kk")
    token = csrf_token(client.get("/profile").text)
    response = client.post("/profile/language", data={"locale": "xx", "csrf_token": token})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, drafter.id).locale is Language.KK


# --- a new act and a Word import -----------------------------------------------------------


NEW_ACT = {
    "title": "Правила допуска иностранных участников",
    "act_type": "rules",
    "language": "ru",
    "sector": "investment",
    "legal_basis": "пункт 3 статьи 4 Конституционного закона",
    "template": "",
}


def test_a_new_act_refused_by_the_service_keeps_what_was_typed(app, drafter):
    """No text and no act to start from: refused in Kazakh, the title and the basis kept."""
    client = _signed_in(app, "drafter", "kk")
    acts = _count(Act)
    response = _post(client, "/acts/new", {**NEW_ACT, "text": "   "})
    assert response.status_code == 400
    assert _value(response.text, "title") == NEW_ACT["title"]
    assert _value(response.text, "legal_basis") == NEW_ACT["legal_basis"]
    assert _selected(response.text, "language") == "ru"
    assert _selected(response.text, "sector") == "investment"
    assert "Актінің әлі мәтіні жоқ" in html.unescape(response.text)
    assert _count(Act) == acts


def test_a_new_act_refused_by_the_form_keeps_the_text(app, drafter):
    client = _signed_in(app, "drafter")
    acts = _count(Act)
    text = "Статья 1. Общие положения\n1. Правила регулируют допуск."
    response = _post(client, "/acts/new", {**NEW_ACT, "title": "", "text": text})
    assert response.status_code == 400
    assert _value(response.text, "text") == text
    assert _value(response.text, "legal_basis") == NEW_ACT["legal_basis"]
    assert _count(Act) == acts


def test_a_refused_import_keeps_what_was_typed(app, drafter):
    client = _signed_in(app, "drafter", "ru")
    acts = _count(Act)
    response = _post(
        client,
        "/acts/import",
        {
            **{k: v for k, v in NEW_ACT.items() if k != "template"},
            "file": (io.BytesIO(b"%PDF-1.7 not a word file"), "draft.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 415
    page = html.unescape(response.text)
    assert _value(response.text, "title") == NEW_ACT["title"]
    assert _value(response.text, "legal_basis") == NEW_ACT["legal_basis"]
    assert _selected(response.text, "language") == "ru"
    assert "Файл — PDF, а не документ Word (.docx)." in page
    assert _count(Act) == acts
