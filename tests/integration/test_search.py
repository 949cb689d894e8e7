"""Search through the API and the services: word forms, phrases, prefixes, every filter,
pagination, "which versions contain this", hostile text, and the index staying in step."""

from __future__ import annotations

import pytest

from alatau_legal.acts import services as acts
from alatau_legal.acts.models import ActStatus
from alatau_legal.extensions import db
from alatau_legal.review import services as review
from alatau_legal.review.models import RoundStatus
from alatau_legal.review.workflow import Action, round_in
from alatau_legal.search import services as search
from alatau_legal.search.documents import OPEN
from tests.support.builders import SAMPLE_TEXT, api_token, make_act, make_user
from tests.support.workflow_states import Cast, drive, move, plan

RUSSIAN_TEXT = """\
Статья 1. Предмет
1. Настоящие Правила регулируют поддержку инвесторов в Alatau City.
2. Управление рассматривает заявление инвестора в течение десяти рабочих дней.

Статья 2. Ёмкость рынка
1. Инвестором признаётся лицо, осуществляющее инвестиции.
"""


def save(user, act, text, note="edit"):
    result = acts.save_version(
        user, act.id, base_version=act.current_version, text=text, note=note, max_chars=2_000_000
    )
    db.session.commit()
    return result.version


@pytest.fixture
def drafter(app):
    return make_user("drafter")


@pytest.fixture
def headers(client, drafter):
    return api_token(client, drafter.username)


def find(client, headers, **params):
    response = client.get("/api/v1/search", query_string=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json


# ---------------------------------------------------------------------------------------------
# What is found


def test_english_and_russian_word_forms_are_found(client, drafter, headers):
    english = make_act(drafter)
    russian = make_act(drafter, RUSSIAN_TEXT, title="Правила поддержки", language="ru")

    for form in ("investors", "investor", "INVESTS"):
        found = find(client, headers, q=form)
        assert {item["act_id"] for item in found["items"]} == {english.id}, form
    for form in ("инвестор", "инвесторов", "инвестором", "Инвесторы"):
        found = find(client, headers, q=form)
        assert {item["act_id"] for item in found["items"]} == {russian.id}, form
        assert {item["eid"] for item in found["items"]} == {
            "art_1__para_1",
            "art_1__para_2",
            "art_2__para_1",
        }
    # ё and е find each other.
    assert find(client, headers, q="емкость")["total"] == 1
    assert find(client, headers, q="признаётся")["items"][0]["eid"] == "art_2__para_1"


def test_phrases_prefixes_and_boolean_operators(client, drafter, headers):
    act = make_act(drafter)
    phrase = find(client, headers, q='"ten business days"')
    assert [item["eid"] for item in phrase["items"]] == ["art_3__para_2"]
    # The words of a phrase in another order are not the phrase.
    assert find(client, headers, q='"days business ten"')["total"] == 0
    assert find(client, headers, q="ten business days")["total"] == 1

    prefix = find(client, headers, q="prefer*")
    assert {item["eid"] for item in prefix["items"]} == {"art_1__para_1", "art_2__subpara_2"}
    both = find(client, headers, q="investor AND Authority")
    assert {item["eid"] for item in both["items"]} == {"art_1__para_2", "art_3__para_1"}
    either = find(client, headers, q="court OR writing")
    assert [item["eid"] for item in either["items"]] == ["art_3__para_1"]
    without = find(client, headers, q="investor NOT writing")
    assert "art_3__para_1" not in {item["eid"] for item in without["items"]}
    grouped = find(client, headers, q="(writing OR benefit) AND invest*")
    assert {item["eid"] for item in grouped["items"]} == {"art_3__para_1"}
    item = phrase["items"][0]
    assert item["act_id"] == act.id and item["act_number"] == act.number
    assert item["version"] == 1 and item["score"] > 0
    assert "<mark>business</mark>" in item["snippet"]
    assert item["url"] == f"/acts/{act.number}/v/1#art_3__para_2"


def test_a_saved_version_is_searchable_at_once_and_old_wording_only_in_all_versions(
    client, drafter, headers
):
    act = make_act(drafter)
    edited = SAMPLE_TEXT.replace("within ten business days", "within five working days")
    saved = client.post(
        f"/api/v1/acts/{act.id}/versions",
        json={"base_version": 1, "text": edited, "note": "Shorter"},
        headers=headers,
    )
    assert saved.status_code == 201, saved.text

    latest = find(client, headers, q='"five working days"')
    assert [(i["eid"], i["version"]) for i in latest["items"]] == [("art_3__para_2", 2)]
    assert find(client, headers, q='"ten business days"')["total"] == 0
    old = find(client, headers, q='"ten business days"', versions="all")
    assert [(i["version"], i["versions"]) for i in old["items"]] == [(1, {"first": 1, "last": 1})]
    # An unchanged provision is one hit standing in both versions, not two.
    unchanged = find(client, headers, q="writing", versions="all")
    assert [(i["version"], i["versions"]) for i in unchanged["items"]] == [
        (2, {"first": 1, "last": 2})
    ]


def test_hostile_act_text_cannot_inject_markup_into_snippets(client, drafter, headers):
    hostile = (
        "Article 1. Scope\n"
        '1. The investor <script>alert("x")</script> <img src=x onerror=alert(1)> applies.\n'
    )
    make_act(drafter, hostile)
    item = find(client, headers, q="investor")["items"][0]
    assert "<script>" not in item["snippet"] and "<img" not in item["snippet"]
    assert "&lt;script&gt;" in item["snippet"]
    assert "<mark>investor</mark>" in item["snippet"]
    page = client.get("/search?q=investor")  # not signed in: the login page, nothing leaks
    assert page.status_code == 302


# ---------------------------------------------------------------------------------------------
# Filters and pages


def test_every_filter(client, app):
    cast = Cast.create()
    headers = api_token(client, cast.drafter.username)
    drafting = make_act(cast.drafter, title="Drafting rules")
    russian = make_act(
        cast.drafter, RUSSIAN_TEXT + "\nСтатья 3. Investor\n1. Investor applies.\n",
        title="Правила", language="ru", act_type="decree",
    )  # fmt: skip
    approved = drive(cast, ActStatus.APPROVED)
    in_review = drive(cast, ActStatus.INTERNATIONAL_REVIEW)
    commented = make_act(cast.drafter, title="Commented rules")
    plan(cast, commented, "domestic")
    move(cast, commented, Action.SUBMIT_DOMESTIC_REVIEW)

    def ids(**params):
        return {item["act_id"] for item in find(client, headers, q="investor", **params)["items"]}

    everything = {drafting.id, russian.id, approved.id, in_review.id, commented.id}
    assert ids() == everything
    assert ids(status="approved") == {approved.id}
    assert ids(status="international_review") == {in_review.id}
    assert ids(act_type="decree") == {russian.id}
    assert ids(lang="ru") == {russian.id}
    assert ids(lang="en") == everything - {russian.id}
    assert ids(act=str(drafting.id)) == {drafting.id}
    assert ids(stage="international") == {approved.id, in_review.id}
    assert ids(stage="domestic") == {approved.id, in_review.id, commented.id}
    assert ids(kind="comment") == set()

    # Comments are found too, and by the stage of their round.
    open_round = round_in(commented, RoundStatus.OPEN)
    review.add_comment(
        cast.domestic, commented.id, version=open_round.version_number,
        eid="art_1__para_2", body="Every investor, including a foreign one?",
    )  # fmt: skip
    db.session.commit()
    comments = find(client, headers, q="foreign investor", kind="comment")
    assert [(i["kind"], i["act_id"], i["eid"]) for i in comments["items"]] == [
        ("comment", commented.id, "art_1__para_2")
    ]
    assert comments["items"][0]["comment_id"]
    assert find(client, headers, q="foreign", stage="international")["total"] == 0
    assert find(client, headers, q="foreign", stage="domestic")["total"] == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "published"}, "status"),
        ({"act_type": "novel"}, "act_type"),
        ({"lang": "fr"}, "lang"),
        ({"versions": "some"}, "versions"),
        ({"stage": "committee"}, "stage"),
        ({"kind": "opinion"}, "kind"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"page": "99999"}, "page"),
        ({"act": "-1"}, "act"),
        ({"q": ""}, "q"),
        ({"q": "the"}, "q"),
        ({"q": "*"}, "q"),
        ({"q": "AND OR NOT ( " * 200}, "q"),
    ],
)
def test_bad_parameters_are_400_with_the_field(client, headers, params, field):
    response = client.get(
        "/api/v1/search", query_string={"q": "investor"} | params, headers=headers
    )
    assert response.status_code == 400, response.text
    assert field in response.json["error"]["fields"]
    assert response.json["error"]["message"]


@pytest.mark.parametrize("q", ['"unbalanced', "investor AND (court", "investor )) court", "OR"])
def test_odd_queries_never_fail(client, drafter, headers, q):
    make_act(drafter)
    response = client.get("/api/v1/search", query_string={"q": q}, headers=headers)
    assert response.status_code in (200, 400), response.text


def test_pagination(client, drafter, headers):
    text = "\n".join(
        f"Article {n}. Topic {n}\n1. The investor files form {n}.\n" for n in range(1, 46)
    )
    make_act(drafter, text)
    first = find(client, headers, q="investor")
    assert first["total"] == 45 and len(first["items"]) == 20 and first["per_page"] == 20
    third = find(client, headers, q="investor", page="3")
    assert len(third["items"]) == 5
    seen = {
        i["eid"]
        for page in (1, 2, 3)
        for i in find(client, headers, q="investor", page=str(page))["items"]
    }
    assert len(seen) == 45
    past_the_end = find(client, headers, q="investor", page="4")
    assert past_the_end["items"] == [] and past_the_end["total"] == 45


# ---------------------------------------------------------------------------------------------
# Which versions contain a phrase


def test_which_versions_contain_a_phrase_as_it_comes_and_goes(client, drafter, headers):
    """Five versions: absent in 1, present in 2 and 3, gone in 4, back (elsewhere) in 5."""
    act = make_act(drafter)
    phrase_text = "The Authority publishes its decisions online."
    v2 = SAMPLE_TEXT + f"3. {phrase_text}\n"
    save(drafter, act, v2)
    save(drafter, act, v2.replace("applies to the Authority in writing", "applies in writing"))
    save(drafter, act, SAMPLE_TEXT.replace("in writing", "by letter"))
    v5 = SAMPLE_TEXT.replace("in writing", "by letter").replace(
        "2. The Authority applies these Rules to every investor.",
        "2. The Authority applies these Rules to every investor.\n3. "
        + phrase_text.replace("The Authority", "It"),
    )
    v5 = v5.replace(
        "2) preference",
        "2) preference — the Authority PUBLISHES ITS DECISIONS online;\n3) preference",
    )
    save(drafter, act, v5)

    response = client.get(
        f"/api/v1/acts/{act.id}/occurrences",
        query_string={"q": "publishing its decision"},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    body = response.json
    assert [item["version"] for item in body["items"]] == [2, 3, 5]
    assert body["items"][0]["eids"] == ["art_3__para_3"]
    assert set(body["items"][2]["eids"]) == {"art_1__para_3", "art_2__subpara_2"}
    assert body["first_version"] == 2 and body["removed_in"] is None

    gone = client.get(
        f"/api/v1/acts/{act.id}/occurrences",
        query_string={"q": "applies to the Authority in writing"},
        headers=headers,
    ).json
    assert [item["version"] for item in gone["items"]] == [1, 2]
    assert gone["first_version"] == 1 and gone["removed_in"] == 3

    never = client.get(
        f"/api/v1/acts/{act.id}/occurrences", query_string={"q": "no such words"}, headers=headers
    ).json
    assert never == {
        "phrase": "no such words",
        "items": [],
        "first_version": None,
        "removed_in": None,
    }
    empty = client.get(f"/api/v1/acts/{act.id}/occurrences", headers=headers)
    assert empty.status_code == 400 and "q" in empty.json["error"]["fields"]
    assert client.get("/api/v1/acts/999/occurrences?q=x", headers=headers).status_code == 404


def test_occurrences_page(client, drafter):
    from tests.support.builders import login

    act = make_act(drafter)
    save(drafter, act, SAMPLE_TEXT.replace("ten business days", "five working days"))
    login(client, drafter.username)
    page = client.get(f"/acts/{act.number}/occurrences?q=ten+business+days")
    assert page.status_code == 200
    assert "first appeared in" in page.text and "version 2</a>" in page.text
    assert f'href="/acts/{act.number}/v/1#art_3__para_2"' in page.text
    refused = client.get(f"/acts/{act.number}/occurrences?q=the")
    assert refused.status_code == 400 and "only common words" in refused.text
    shown = client.get(f"/acts/{act.number}")
    assert f'action="/acts/{act.number}/occurrences"' in shown.text


# ---------------------------------------------------------------------------------------------
# The index


def _documents(app):
    with search.search_index().searcher() as searcher:
        return [fields for fields in searcher.all_stored_fields() if fields["kind"] != "meta"]


def test_sync_is_idempotent_and_replay_after_rebuild_changes_nothing(app, drafter):
    act = make_act(drafter)
    for n in range(2, 6):
        save(drafter, act, SAMPLE_TEXT.replace("ten business", f"{n + 10} business"))
    search.sync()
    before = sorted((d["key"], d["first"], d["last"]) for d in _documents(app))
    assert search.sync().applied == 0
    report = search.rebuild()
    assert report.rebuilt
    assert sorted((d["key"], d["first"], d["last"]) for d in _documents(app)) == before

    # Replay the whole outbox over the rebuilt index (as a host whose cursor was lost would).
    from whoosh import index as whoosh_index

    from alatau_legal.search.documents import cursor_document

    ix = whoosh_index.open_dir(str(search.search_index().current_path()))
    writer = ix.writer()
    writer.update_document(**cursor_document(0))
    writer.commit()
    assert search.sync().applied == 5
    assert sorted((d["key"], d["first"], d["last"]) for d in _documents(app)) == before
    # The changed paragraph: five runs of one version each, the last one open.
    runs = sorted((d["first"], d["last"]) for d in _documents(app) if d["eid"] == "art_3__para_2")
    assert runs == [(1, 1), (2, 2), (3, 3), (4, 4), (5, OPEN)]


def test_a_busy_index_leaves_changes_in_the_outbox_not_lost(app, drafter, caplog):
    act = make_act(drafter)
    search.sync()
    index = search.search_index()
    from whoosh import index as whoosh_index

    holder = whoosh_index.open_dir(str(index.current_path())).writer()  # another process's lock
    try:
        index.lock_timeout = 0.2
        save(drafter, act, SAMPLE_TEXT.replace("in writing", "by letter"))
        search.sync_quietly()  # what a request does once it has committed
        assert "stayed locked" in caplog.text
        cursor = index.cursor()
    finally:
        holder.cancel()
    assert search.sync().applied == 1
    assert index.cursor() == cursor + 1
    assert search.search(drafter, '"by letter"').total == 1


def test_an_index_folder_removed_is_built_again_from_the_database(app, drafter):
    import shutil

    make_act(drafter)
    search.sync()
    shutil.rmtree(search.search_index().root)
    assert search.search(drafter, "investor").total == 3


# ---------------------------------------------------------------------------------------------
# The search page


def test_the_search_page_groups_hits_by_act_with_counts_and_links_to_the_provision(client, drafter):
    from tests.support.builders import login

    first = make_act(drafter)
    second = make_act(drafter, "Article 1. Scope\n1. Every investor <b>registers</b>.\n")
    login(client, drafter.username)

    home = client.get("/acts")
    assert 'action="/search"' in home.text and 'id="header-q"' in home.text

    page = client.get("/search?q=investor")
    assert page.status_code == 200
    text = page.text
    assert "4 results" in text
    # The facet: each act with its count, linking to the same search within the act.
    assert f'href="/search?q=investor&amp;act={first.id}"' in text
    assert f'href="/search?q=investor&amp;act={second.id}"' in text
    assert text.count('class="search-act"') == 2
    assert f'href="/acts/{second.number}/v/1#art_1__para_1"' in text
    assert "<mark>investor</mark>" in text
    assert "&lt;b&gt;registers" in text and "<b>registers" not in text

    within = client.get(f"/search?q=investor&act={second.id}")
    assert "1 result" in within.text and 'aria-current="true"' in within.text

    refused = client.get("/search?q=%2A")
    assert refused.status_code == 400 and "A * alone" in refused.text
    unknown = client.get("/search?q=investor&status=published")
    assert unknown.status_code == 400 and "Unknown status" in unknown.text
    nothing = client.get("/search?q=zebra")
    assert nothing.status_code == 200 and "Nothing found" in nothing.text
    assert "all versions</a>" in nothing.text
    past = client.get("/search?q=investor&page=9")
    assert past.status_code == 200 and "There is no page 9" in past.text
    empty = client.get("/search")
    assert empty.status_code == 200 and "Type a word or a phrase above" in empty.text


def test_a_long_phrase_needs_its_words_in_order_not_only_its_word_pairs(client, drafter, headers):
    # Both pairs of "ten business days" occur, but never the three words in a row.
    make_act(drafter, "Article 1. Terms\n1. Ten business rules apply on business days.\n")
    assert find(client, headers, q='"ten business rules"')["total"] == 1
    assert find(client, headers, q='"ten business days"')["total"] == 0
    assert find(client, headers, q='"business days"')["total"] == 1
    hit = find(client, headers, q='"business days"')["items"][0]
    assert "<mark>business</mark> <mark>days</mark>" in hit["snippet"]


def test_a_prefix_finds_words_longer_than_their_stem(client, drafter, headers):
    # "business" is indexed by its stem "busi": the prefix typed is longer than the stem.
    make_act(drafter)
    assert find(client, headers, q="busines*")["total"] == 1
    # "Application" (stem "applic") is found by its beginning too.
    assert [i["eid"] for i in find(client, headers, q="applica*")["items"]] == ["art_3"]
    found = find(client, headers, q="Applie*")
    assert {item["eid"] for item in found["items"]} == {"art_1__para_2", "art_3__para_1"}
    assert "<mark>applies</mark>" in found["items"][0]["snippet"]
    too_many = client.get(
        "/api/v1/search", query_string={"q": "ab* OR ac* OR ad* OR ae* OR af* OR ag*"},
        headers=headers,
    )  # fmt: skip
    assert too_many.status_code == 400 and "at most 5" in too_many.json["error"]["message"]


@pytest.mark.parametrize("value", ["²", "١", "1e3", "0x10", " 1 2"])
def test_numbers_must_be_plain_digits(client, headers, value):
    for name in ("page", "act"):
        response = client.get(
            "/api/v1/search", query_string={"q": "investor", name: value}, headers=headers
        )
        assert response.status_code == 400, (name, value)


def test_a_phrase_with_slop_keeps_its_slop(client, drafter, headers):
    make_act(drafter)
    assert find(client, headers, q='"Authority days"~8')["total"] == 1
    assert find(client, headers, q='"Authority days"')["total"] == 0
