"""Search over every language of an act's text: a hit names the language of the text that
matched, and the `lang` filter filters by it (not by the act's drafting language)."""

from __future__ import annotations

import pytest

from alatau_legal.acts import languages as act_languages
from alatau_legal.acts import services as acts
from alatau_legal.extensions import db
from alatau_legal.search import services as search
from tests.support.builders import (
    SAMPLE_TEXT,
    SAMPLE_TEXT_KK,
    SAMPLE_TEXT_RU,
    api_token,
    make_act,
    make_user,
)
from tests.support.search_index import index_problems


@pytest.fixture
def drafter(app):
    return make_user("drafter")


@pytest.fixture
def bilingual(drafter):
    act = make_act(drafter, text=SAMPLE_TEXT_RU, language="ru", title="Правила о преференциях")
    act_languages.set_languages(drafter, act, ["ru", "kk", "en"])
    for language, text in (("kk", SAMPLE_TEXT_KK), ("en", SAMPLE_TEXT)):
        acts.save_version(
            drafter, act.id, base_version=act.current_version, text=text, note=language,
            language=language, max_chars=2_000_000,
        )  # fmt: skip
    db.session.commit()
    return act


def find(client, headers, **params):
    response = client.get("/api/v1/search", query_string=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json


def test_every_language_is_searched_and_a_hit_names_its_language(client, drafter, bilingual):
    headers = api_token(client, drafter.username)
    kazakh = find(client, headers, q="Уәкілетті")
    assert kazakh["total"] >= 2
    assert {hit["language"] for hit in kazakh["items"]} == {"kk"}
    assert all(hit["act_id"] == bilingual.id for hit in kazakh["items"])
    hit = next(h for h in kazakh["items"] if h["eid"] == "art_3__para_2")
    assert hit["url"].endswith("?language=kk#art_3__para_2")
    russian = find(client, headers, q="уполномоченный")
    assert {hit["language"] for hit in russian["items"]} == {"ru"}
    assert "language=" not in russian["items"][0]["url"]
    english = find(client, headers, q="investor")
    assert english["total"] >= 1 and {h["language"] for h in english["items"]} == {"en"}


def test_the_language_filter_is_the_texts_not_the_acts(client, drafter, bilingual):
    english_only = make_act(drafter)  # an English act: its words are English
    headers = api_token(client, drafter.username)
    # The Russian act's English text is found with lang=en, beside the English act.
    found = find(client, headers, q="Authority", lang="en")
    assert {hit["act_id"] for hit in found["items"]} == {bilingual.id, english_only.id}
    assert {hit["language"] for hit in found["items"]} == {"en"}
    # Nothing of the Kazakh text is English, nothing of the Russian act's Russian text is Kazakh.
    assert find(client, headers, q="Authority", lang="kk")["total"] == 0
    assert find(client, headers, q="уполномоченный", lang="kk")["total"] == 0
    assert find(client, headers, q="уполномоченный", lang="ru")["total"] >= 1
    assert (
        client.get(
            "/api/v1/search", query_string={"q": "x", "lang": "de"}, headers=headers
        ).status_code
        == 400
    )


def test_the_index_holds_each_language_once_per_wording(app, drafter, bilingual):
    # A Kazakh change starts a Kazakh run and closes the old one; the others stay as they are.
    acts.save_version(
        drafter, bilingual.id, base_version=bilingual.current_version, language="kk",
        text=SAMPLE_TEXT_KK.replace("он жұмыс күні", "бес жұмыс күні"), note="kk",
        max_chars=2_000_000,
    )  # fmt: skip
    db.session.commit()
    search.ensure_fresh()
    with search.search_index().searcher() as searcher:
        assert index_problems(searcher, db.session, [bilingual.id]) == []
    # The same after a rebuild from the database.
    search.rebuild()
    with search.search_index().searcher() as searcher:
        assert index_problems(searcher, db.session, [bilingual.id]) == []
