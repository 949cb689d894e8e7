"""References on the pages: links with the target's wording, broken ones marked, "referred to
from", what a save broke before the drafter moves on, renumbering from the act page, and the
compare view of a renumbering."""

from __future__ import annotations

import html

import pytest

from alatau_legal.accounts.models import Role
from alatau_legal.acts.models import Act
from alatau_legal.extensions import db
from tests.support.builders import csrf_token, login, make_act, make_user

TEXT = """Статья 1. Предмет
1. Отношения, указанные в пункте 2 статьи 3 настоящего Закона, и в статье 9 настоящего Закона.

Статья 3. Порядок
1. Первый пункт.
2. Второй пункт.
"""


@pytest.fixture
def drafter_act(client, app):
    drafter = make_user(Role.DRAFTER, "dana")
    act = make_act(drafter, TEXT, language="ru", act_type="law", title="Закон")
    login(client, "dana")
    return act


def test_the_act_page_links_references_and_lists_referrers(client, drafter_act):
    page = client.get(f"/acts/{drafter_act.number}")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert 'href="#art_3__para_2" title="пункт 2 статьи 3: Второй пункт."' in text
    assert ">пункте 2 статьи 3 настоящего Закона</a>" in text
    assert '<span class="ref ref-broken"' in text and "статье 9 настоящего Закона" in text
    # Article 3's paragraph 2 lists the paragraph that refers to it, by its name.
    assert "Referred to from:" in text
    assert '<a href="#art_1__para_1" lang="">пункт 1 статьи 1</a>' in text


def test_a_save_tells_the_drafter_which_references_it_broke(client, drafter_act):
    edit = client.get(f"/acts/{drafter_act.number}/edit")
    answer = client.post(
        f"/acts/{drafter_act.number}/edit",
        data={
            "csrf_token": csrf_token(edit.text),
            "base_version": "1",
            "text": TEXT.replace("2. Второй пункт.\n", ""),
            "note": "Убран пункт",
        },
        follow_redirects=True,
    )
    text = html.unescape(answer.text)
    assert "This save broke 1 reference(s)" in text
    assert "пункт 1 статьи 1: «пункте 2 статьи 3 настоящего Закона»" in text
    compare = html.unescape(client.get(f"/acts/{drafter_act.number}/compare?from=1&to=2").text)
    assert "References that name a provision version 2 no longer has:" in compare
    assert "<li>пункт 1 статьи 1: «пункте 2 статьи 3 настоящего Закона»</li>" in compare


def test_renumbering_from_the_act_page_and_the_compare_view(client, drafter_act):
    page = client.get(f"/acts/{drafter_act.number}")
    assert "Renumber in sequence" in page.text
    answer = client.post(
        f"/acts/{drafter_act.number}/renumber",
        data={"csrf_token": csrf_token(page.text), "base_version": "1", "note": ""},
        follow_redirects=True,
    )
    text = html.unescape(answer.text)
    assert "Renumbered as version 2" in text
    assert ">пункте 2 статьи 2 настоящего Закона</a>" in text
    compare = html.unescape(client.get(f"/acts/{drafter_act.number}/compare?from=1&to=2").text)
    assert "Version 2 renumbered the text" in compare
    # Article 3 became article 2 unchanged: only the paragraph whose reference was rewritten
    # shows as changed.
    assert compare.count('class="badge badge-change-changed"') == 1


def test_renumber_needs_the_form_and_a_drafter(client, app):
    drafter = make_user(Role.DRAFTER, "dana")
    act = make_act(drafter, TEXT, language="ru", act_type="law", title="Закон")
    make_user(Role.SECRETARY, "sam")
    login(client, "sam")
    page = client.get(f"/acts/{act.number}")
    assert "Renumber in sequence" not in page.text
    answer = client.post(
        f"/acts/{act.number}/renumber",
        data={"csrf_token": csrf_token(page.text), "base_version": "1"},
        follow_redirects=True,
    )
    assert "Only a legal drafter can edit the text of an act." in html.unescape(answer.text)
    no_token = client.post(f"/acts/{act.number}/renumber", data={"base_version": "1"})
    assert no_token.status_code in (302, 400)
    db.session.expire_all()
    assert db.session.get(Act, act.id).current_version == 1
