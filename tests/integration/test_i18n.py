"""The interface in English, Russian and Kazakh: who picks the language, and what pages show."""

from __future__ import annotations

import re

import pytest

from alatau_legal.accounts.models import Language, Role, User
from alatau_legal.extensions import db
from tests.support.builders import csrf_token, login, make_user
from tests.support.catalogues import compile_catalogues

# The drafter's navigation in each language (ui.NAVIGATION, in order).
DRAFTER_NAVIGATION = {
    "en": [
        "Acts",
        "My work",
        "Deadlines",
        "Meetings",
        "New act",
        "Import Word file",
        "Public register",
    ],
    "ru": [
        "Акты",
        "Мои задачи",
        "Сроки",
        "Заседания",
        "Новый акт",
        "Импорт файла Word",
        "Публичный реестр",
    ],
    "kk": [
        "Актілер",
        "Менің жұмысым",
        "Мерзімдер",
        "Отырыстар",
        "Жаңа акт",
        "Word файлын импорттау",
        "Жария тізілім",
    ],
}


@pytest.fixture(scope="module", autouse=True)
def _catalogues():
    compile_catalogues()


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def navigation(html: str) -> list[str]:
    nav = re.search(r'<nav class="site-nav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return [
        re.sub(r"<[^>]+>", "", label).strip()
        for label in re.findall(r"<a [^>]*>(.*?)</a>", nav, re.S)
    ]


def language_switcher(html: str) -> str:
    return re.search(r'<nav class="language-switcher"(.*?)</nav>', html, re.S).group(0)


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_navigation_is_in_the_chosen_language(client, app, language):
    make_user(Role.DRAFTER, "dana")
    login(client, "dana")
    page = client.get(f"/acts?ui_lang={language}")
    assert page.status_code == 200
    assert html_lang(page.text) == language
    assert navigation(page.text) == DRAFTER_NAVIGATION[language]
    if language != "en":
        # No English source string is left in the navigation.
        assert not set(navigation(page.text)) & set(DRAFTER_NAVIGATION["en"])


def test_english_pages_keep_their_english_text(client, app):
    make_user(Role.DRAFTER, "dana")
    login(client, "dana")
    page = client.get("/acts")
    assert html_lang(page.text) == "en"
    assert "Draft regulatory acts of Alatau City." in page.text
    assert '<nav class="site-nav" aria-label="Main">' in page.text


def test_russian_pages_show_statuses_labels_and_dates_in_russian(client, app):
    from tests.support.builders import make_act

    drafter = make_user(Role.DRAFTER, "dana")
    drafter.locale = Language.RU  # a signed-in user reads the language of their account
    act = make_act(drafter)
    login(client, "dana")
    page = client.get("/acts", headers={"Accept-Language": "ru"})
    assert "Проекты нормативных правовых актов города Алатау." in page.text
    assert ">Проект</span>" in page.text  # the status badge of an act in drafting
    assert ">Правила<" in page.text  # its type
    shown = client.get(f"/acts/{act.number}", headers={"Accept-Language": "ru"}).text
    # The long form, the one date format of each language.
    months = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    assert re.search(
        rf"<time datetime=[^>]+>\d{{1,2}} ({months}) \d{{4}}\s?г\., \d\d:\d\d UTC</time>", shown
    )
    # The act's own text keeps its language whatever the interface's.
    assert 'class="act-text" lang="en"' in shown


def test_the_login_page_in_kazakh(client, app):
    page = client.get("/login?ui_lang=kk")
    assert html_lang(page.text) == "kk"
    assert "<h1>Кіру</h1>" in page.text
    assert "Пайдаланушы аты" in page.text


def test_accept_language_picks_russian(client, app):
    page = client.get("/login", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert html_lang(page.text) == "ru"
    assert "<h1>Вход</h1>" in page.text
    assert html_lang(client.get("/login", headers={"Accept-Language": "de"}).text) == "en"


def test_a_visitors_choice_is_remembered_in_the_session(client, app):
    assert html_lang(client.get("/login?ui_lang=kk").text) == "kk"
    again = client.get("/login", headers={"Accept-Language": "ru"})
    assert html_lang(again.text) == "kk"


def test_an_unknown_language_falls_back_without_error(client, app):
    page = client.get("/login?ui_lang=xx")
    assert page.status_code == 200
    assert html_lang(page.text) == "en"
    unknown = client.get("/login?ui_lang=xx", headers={"Accept-Language": "ru"})
    assert html_lang(unknown.text) == "ru"


def test_the_visitors_selector_links_every_language(client, app):
    switcher = language_switcher(client.get("/login?ui_lang=ru&next=/acts").text)
    assert 'aria-label="Язык интерфейса"' in switcher
    for code in ("en", "ru", "kk"):
        assert f'hreflang="{code}" lang="{code}"' in switcher
    assert 'href="/login?ui_lang=kk&amp;next=%2Facts"' in switcher
    current = re.findall(r'<a [^>]*aria-current="true"[^>]*>([^<]+)</a>', switcher)
    assert current == ["Русский"]


def test_a_users_stored_choice_wins_over_accept_language(client, app):
    user = make_user(Role.DRAFTER, "dana")
    user.locale = Language.KK
    db.session.commit()
    login(client, "dana")
    page = client.get("/acts", headers={"Accept-Language": "ru"})
    assert html_lang(page.text) == "kk"
    assert navigation(page.text)[0] == "Актілер"


def test_the_profile_form_saves_the_language(client, app):
    make_user(Role.DRAFTER, "dana")
    login(client, "dana")
    profile = client.get("/profile")
    assert 'name="locale"' in profile.text
    response = client.post(
        "/profile/language", data={"locale": "ru", "csrf_token": csrf_token(profile.text)}
    )
    assert response.status_code == 302
    assert db.session.get(User, 1).locale is Language.RU
    page = client.get(response.headers["Location"], headers={"Accept-Language": "en"})
    assert html_lang(page.text) == "ru"
    assert "Язык интерфейса сохранён." in page.text
    # The account's choice, not the browser's, from now on.
    assert html_lang(client.get("/acts", headers={"Accept-Language": "kk"}).text) == "ru"


def test_the_header_buttons_save_a_signed_in_users_choice(client, app):
    make_user(Role.DRAFTER, "dana")
    login(client, "dana")
    page = client.get("/acts?status=drafting")
    switcher = language_switcher(page.text)
    assert 'name="locale" value="kk" lang="kk"' in switcher
    assert 'name="next" value="/acts?status=drafting"' in switcher
    response = client.post(
        "/profile/language",
        data={
            "locale": "kk",
            "next": "/acts?status=drafting",
            "csrf_token": csrf_token(page.text),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/acts?status=drafting"
    assert db.session.get(User, 1).locale is Language.KK


def test_the_profile_form_refuses_a_bad_language(client, app):
    make_user(Role.DRAFTER, "dana")
    login(client, "dana")
    profile = client.get("/profile")
    response = client.post(
        "/profile/language", data={"locale": "xx", "csrf_token": csrf_token(profile.text)}
    )
    assert response.status_code == 400
    assert "Not a valid choice." in response.text
    assert 'aria-invalid="true"' in response.text
    assert db.session.get(User, 1).locale is Language.EN


def test_the_profile_form_needs_its_csrf_token(client, app):
    make_user(Role.DRAFTER, "dana")
    login(client, "dana")
    response = client.post("/profile/language", data={"locale": "ru"})
    assert response.status_code == 400
    assert db.session.get(User, 1).locale is Language.EN


def test_the_profile_form_needs_a_signed_in_user(client, app):
    response = client.post("/profile/language", data={"locale": "ru"})
    assert response.status_code in (302, 400)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_main_page_renders_in_the_language(client, app, language):
    from tests.support.builders import make_act

    drafter = make_user(Role.DRAFTER, "dana")
    drafter.locale = Language(language)
    act = make_act(drafter)
    login(client, "dana")
    pages = [
        "/acts",
        "/acts/new",
        "/acts/import",
        f"/acts/{act.number}",
        f"/acts/{act.number}/history",
        f"/acts/{act.number}/compare?from=1&to=1",
        f"/acts/{act.number}/provisions/art_1",
        f"/acts/{act.number}/events",
        "/my-work",
        "/deadlines",
        "/meetings",
        "/notifications",
        "/profile",
        "/no-such-page",
    ]
    for path in pages:
        response = client.get(path, headers={"Accept-Language": language})
        assert response.status_code == (404 if path == "/no-such-page" else 200), path
        assert html_lang(response.text) == language, path


def test_an_acts_title_is_shown_in_the_readers_language_where_it_has_one(client, app):
    from tests.support.builders import make_act

    drafter = make_user(Role.DRAFTER, "dana")
    act = make_act(drafter, title="Rules on visas", other_titles={"ru": "Правила о визах"})
    login(client, "dana")
    english = client.get(f"/acts/{act.number}").text
    assert '<h1 lang="en">Rules on visas</h1>' in english
    assert '<span lang="ru">Правила о визах</span>' in english
    drafter.locale = Language.RU
    db.session.commit()
    russian = client.get(f"/acts/{act.number}").text
    assert '<h1 lang="ru">Правила о визах</h1>' in russian
    assert '<span lang="en">Rules on visas</span>' in russian
    assert '<td data-label="Название" lang="ru">Правила о визах</td>' in client.get("/acts").text
    drafter.locale = Language.KK  # no Kazakh title: the act's own
    db.session.commit()
    assert '<h1 lang="en">Rules on visas</h1>' in client.get(f"/acts/{act.number}").text


def _headings(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", heading).strip()
        for heading in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html, re.S)
    ]


def test_review_meeting_and_search_pages_render_in_russian(client, app):
    from datetime import date

    from sqlalchemy import select

    from alatau_legal.acts.models import ActStatus
    from alatau_legal.committee import services as committee
    from alatau_legal.review import services as review
    from alatau_legal.review.models import ReviewRound
    from alatau_legal.review.workflow import Action
    from tests.support.workflow_states import Cast, drive, move, plan

    cast = Cast.create()
    # One act before the committee, on a meeting's agenda; one in an open domestic round with a
    # comment the drafter has answered.
    before_committee = drive(cast, ActStatus.COMMITTEE_REVIEW)
    meeting = committee.create_meeting(cast.secretary, day=date.today(), title="Первое заседание")
    committee.add_agenda_item(cast.secretary, meeting.id, before_committee.id)
    db.session.commit()
    act = drive(cast, ActStatus.DRAFTING)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    comment = review.add_comment(
        cast.domestic, act.id, version=1, eid="art_1", body="Уточнить срок."
    )
    db.session.commit()
    review.dispose(cast.drafter, comment.id, disposition="partly_accepted", reason="Уточнено.")
    db.session.commit()
    open_round = db.session.scalar(select(ReviewRound).where(ReviewRound.act_id == act.id))
    cast.secretary.locale = Language.RU
    db.session.commit()
    login(client, cast.secretary.username)

    expected = {
        f"/acts/{act.number}/rounds/{open_round.id}": [
            "Раунд внутренней экспертизы",
            "Эксперты",
            "Заключения",
        ],
        f"/acts/{act.number}/rounds/{open_round.id}/comments": ["Замечания и решения по ним"],
        f"/acts/{act.number}/rounds/new": ["Запланировать раунд экспертизы"],
        f"/acts/{act.number}/events": ["Хронология"],
        "/my-work": ["Мои задачи", "Запланированные и открытые раунды экспертизы"],
        "/search?q=Authority": ["Поиск"],
        f"/acts/{act.number}/occurrences?q=Authority": ["В каких редакциях есть фраза"],
        f"/meetings/{meeting.id}": ["Первое заседание", "Присутствие", "Повестка дня"],
    }
    english = {
        "Reviewers",
        "Opinions",
        "Comments and dispositions",
        "Plan a review round",
        "Timeline",
        "My work",
        "Planned and open review rounds",
        "Unread notifications",
        "Search",
        "Attendance",
        "Agenda",
        "Review rounds",
    }
    for path, headings in expected.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert html_lang(response.text) == "ru", path
        shown = _headings(response.text)
        for heading in headings:
            assert heading in shown, (path, heading, shown)
        assert not set(shown) & english, (path, shown)

    # Enum labels on these pages are the translated ui_label.
    round_page = client.get(f"/acts/{act.number}/rounds/{open_round.id}").text
    assert ">Открыт</span>" in round_page  # RoundStatus.OPEN
    comments_page = client.get(f"/acts/{act.number}/rounds/{open_round.id}/comments").text
    assert ">Принято частично</span>" in comments_page  # Disposition.PARTLY_ACCEPTED
    my_work = client.get("/my-work").text
    # Counted in business days, and said so.
    assert re.search(r"(?i)остал(ось|ся) \d+ рабоч(их|ий) (дн(я|ей)|день)", my_work)
    meeting_page = client.get(f"/meetings/{meeting.id}").text
    assert "Утвердить" in meeting_page  # the opinions' Recommendation.APPROVE
    assert "Замечания раунда международной экспертизы" in meeting_page


def test_the_search_filter_lang_is_not_the_interface_language(client, app):
    make_user(Role.DRAFTER, "dana")
    login(client, "dana")
    page = client.get("/search?q=investment&lang=ru")
    assert page.status_code == 200 and html_lang(page.text) == "en"
    assert html_lang(client.get("/register?q=investment&lang=ru").text) == "en"
