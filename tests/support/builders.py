"""Test data made through the services, as a user would make it."""

from __future__ import annotations

import re

from alatau_legal.accounts import services as accounts
from alatau_legal.accounts.models import OrganisationKind, Role, User
from alatau_legal.acts import services as acts
from alatau_legal.extensions import db

PASSWORD = "correct horse battery"

SAMPLE_TEXT = """\
Chapter 1. General provisions

Article 1. Subject of these Rules
1. These Rules govern investment preferences in Alatau City.
2. The Authority applies these Rules to every investor.

Article 2. Definitions
The following terms are used in these Rules:
1) investor — a person who invests in Alatau City;
2) preference — a benefit granted under these Rules.

Chapter 2. Procedure

Article 3. Application
1. The investor applies to the Authority in writing.
2. The Authority decides within ten business days.
"""

# The same rules in Russian and Kazakh: the same provisions under the same eIds.
SAMPLE_TEXT_RU = """\
Глава 1. Общие положения

Статья 1. Предмет настоящих Правил
1. Настоящие Правила регулируют инвестиционные преференции в городе Алатау.
2. Уполномоченный орган применяет настоящие Правила к каждому инвестору.

Статья 2. Определения
В настоящих Правилах используются следующие понятия:
1) инвестор — лицо, осуществляющее инвестиции в городе Алатау;
2) преференция — льгота, предоставляемая в соответствии с настоящими Правилами.

Глава 2. Порядок

Статья 3. Заявление
1. Инвестор обращается в уполномоченный орган в письменной форме.
2. Уполномоченный орган принимает решение в течение десяти рабочих дней.
"""

SAMPLE_TEXT_KK = """\
1-тарау. Жалпы ережелер

1-бап. Осы Қағидалардың нысанасы
1. Осы Қағидалар Алатау қаласындағы инвестициялық преференцияларды реттейді.
2. Уәкілетті орган осы Қағидаларды әрбір инвесторға қолданады.

2-бап. Анықтамалар
Осы Қағидаларда мынадай ұғымдар пайдаланылады:
1) инвестор — Алатау қаласында инвестиция жүзеге асыратын тұлға;
2) преференция — осы Қағидаларға сәйкес берілетін жеңілдік.

2-тарау. Тәртіп

3-бап. Өтініш
1. Инвестор уәкілетті органға жазбаша нысанда жүгінеді.
2. Уәкілетті орган он жұмыс күні ішінде шешім қабылдайды.
"""

_ORGANISATION_FOR_ROLE = {
    Role.DOMESTIC_EXPERT: ("Institute of Legislation", OrganisationKind.DOMESTIC),
    Role.INTERNATIONAL_EXPERT: ("International Law Organisation", OrganisationKind.INTERNATIONAL),
}


def make_user(role: Role | str, username: str | None = None, password: str = PASSWORD) -> User:
    """A user of the role (with an organisation of the right kind where the role needs one)."""
    role = Role(role)
    organisation = None
    if role in _ORGANISATION_FOR_ROLE:
        name, kind = _ORGANISATION_FOR_ROLE[role]
        organisation = accounts.get_organisation_by_name(name) or accounts.create_organisation(
            None, name=name, kind=kind.value
        )
    user = accounts.create_user(
        None,
        username=username or role.value.replace("_", "-"),
        password=password,
        role=role,
        full_name=f"Test {role.label}",
        organisation=organisation,
    )
    db.session.commit()
    return user


def make_act(drafter: User, text: str = SAMPLE_TEXT, **fields):
    """An act in drafting with `text` as version 1."""
    values = {"title": "Rules on investment preferences", "act_type": "rules", "language": "en"}
    values.update(fields)
    act, _ = acts.create_act(drafter, text=text, max_chars=2_000_000, **values)
    db.session.commit()
    return act


def csrf_token(html: str) -> str:
    """The CSRF token of the first form (or the meta tag) of a page."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'name="csrf-token" content="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def login(client, username: str, password: str = PASSWORD):
    """Sign in through the login form, CSRF token and all."""
    page = client.get("/login")
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(page.text)},
    )


def api_token(client, username: str, password: str = PASSWORD) -> dict[str, str]:
    """Authorization headers with a fresh bearer token for the user."""
    response = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json['token']}"}
