"""Comments are told what a later save did to the references of their provision.

The story: in a domestic round on version 1, an expert comments on Article 7(1), which refers
to Article 5, and on Article 5 itself; back in drafting, version 2 deletes Article 5. The
round's comments page then tells the comment on Article 7(1) that its reference to Article 5
is broken since version 2, and the comment on Article 5 that the reference to it from Article
7(1) is, in the reader's language, with provisions named as a lawyer names them.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from alatau_legal.accounts.models import Language, User
from alatau_legal.acts import services as acts
from alatau_legal.acts.models import Act
from alatau_legal.extensions import db
from alatau_legal.review import services as review
from alatau_legal.review.workflow import Action
from tests.support.builders import login, make_act
from tests.support.statements import statements_of_page
from tests.support.workflow_states import Cast, move, plan

V1 = """\
Article 1. Subject
1. These Rules govern fees in Alatau City.

Article 5. Fees
1. The Authority sets the fees.

Article 7. Payment
1. The fees under Article 5 of these Rules are paid within ten days.
2. The Authority publishes the fees.
"""
V2 = V1.replace("Article 5. Fees\n1. The Authority sets the fees.\n\n", "")
V3 = V2.replace("publishes the fees.", "publishes the fees every year.")


def _save(cast: Cast, act, text: str) -> None:
    acts.save_version(
        cast.drafter, act.id, base_version=act.current_version, text=text, note="",
        max_chars=10**6,
    )  # fmt: skip
    db.session.commit()


@pytest.fixture
def story(app):
    cast = Cast.create()
    act = make_act(cast.drafter, text=V1)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    citing = review.add_comment(
        cast.domestic, act.id, version=1, eid="art_7__para_1", body="Which fees?"
    )
    cited = review.add_comment(cast.domestic, act.id, version=1, eid="art_5", body="Too vague.")
    untouched = review.add_comment(
        cast.domestic, act.id, version=1, eid="art_7__para_2", body="Where?"
    )
    db.session.commit()
    move(cast, act, Action.RETURN_TO_DRAFTING)
    return cast, act, (citing, cited, untouched)


def _notices(client, act, round_id: int) -> dict[int, list[str]]:
    """Each comment row's notices as a person reads them."""
    response = client.get(f"/acts/{act.number}/rounds/{round_id}/comments")
    assert response.status_code == 200
    found: dict[int, list[str]] = {}
    for row_id, row in re.findall(r'<tr id="comment-(\d+)">(.*?)</tr>', response.text, re.S):
        items = re.findall(r'<li class="reference-notice[^"]*">(.*?)</li>', row, re.S)
        found[int(row_id)] = [
            re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", item))).strip() for item in items
        ]
    return found


def test_no_notice_while_the_references_hold(client, story):
    _cast, act, (citing, cited, untouched) = story
    login(client, "secretary")
    round_id = citing.round_id
    assert _notices(client, act, round_id) == {citing.id: [], cited.id: [], untouched.id: []}


@pytest.mark.parametrize(
    ("language", "here", "there"),
    [
        (
            Language.EN,
            "The reference to Article 5 in this provision is broken since version 2.",
            "The reference to this provision from Article 7(1) is broken since version 2.",
        ),
        (
            Language.RU,
            "Ссылка в этом положении недействительна с редакции 2 (указывала на: статья 5).",
            "Ссылка на это положение (из: пункт 1 статьи 7) недействительна с редакции 2.",
        ),
    ],
)
def test_a_deleted_article_is_told_to_the_comments_that_cite_it_and_on_it(
    client, story, language, here, there
):
    cast, act, (citing, cited, untouched) = story
    _save(cast, act, V2)
    _save(cast, act, V3)  # a later save that leaves the reference broken: still since 2
    cast.secretary.locale = language
    db.session.commit()
    login(client, "secretary")
    notices = _notices(client, act, citing.round_id)
    assert notices == {citing.id: [here], cited.id: [there], untouched.id: []}
    page = client.get(f"/acts/{act.number}/rounds/{citing.round_id}/comments").text
    assert "art_5" not in re.sub(r'(href|id|for|name|value|class|data-[a-z-]+)="[^"]*"', "", page)


def test_a_reference_mended_again_is_no_longer_told(client, story):
    cast, act, (citing, cited, untouched) = story
    _save(cast, act, V2)
    _save(cast, act, V1)  # Article 5 is back
    login(client, "secretary")
    assert _notices(client, act, citing.round_id) == {citing.id: [], cited.id: [], untouched.id: []}


def test_a_reference_that_names_another_provision_since_the_comment_is_told(client, story):
    cast, act, (citing, _cited, untouched) = story
    # Article 5 is deleted and Article 1 takes its number by hand: "Article 5" now names it.
    _save(cast, act, V2.replace("Article 1. Subject", "Article 5. Subject"))
    cast.secretary.locale = Language.RU
    db.session.commit()
    login(client, "secretary")
    notices = _notices(client, act, citing.round_id)
    assert notices[citing.id] == [
        "Ссылка «Article 5 of these Rules» в этом положении указывает уже не на то положение, "
        "что при комментировании (теперь: статья 5)."
    ]
    assert notices[untouched.id] == []


def _act_page_notices(client, act) -> dict[int, list[str]]:
    """Each thread's notices on the act page (its latest version), as a person reads them."""
    response = client.get(f"/acts/{act.number}")
    assert response.status_code == 200
    found: dict[int, list[str]] = {}
    threads = re.findall(
        r'<article class="comment[^"]*" id="comment-(\d+)"(.*?)</article>', response.text, re.S
    )
    for thread_id, thread in threads:
        items = re.findall(r'<li class="reference-notice[^"]*">(.*?)</li>', thread, re.S)
        found[int(thread_id)] = [
            re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", item))).strip() for item in items
        ]
    return found


@pytest.mark.parametrize(
    ("language", "here"),
    [
        (Language.EN, "The reference to Article 5 in this provision is broken since version 2."),
        (
            Language.RU,
            "Ссылка в этом положении недействительна с редакции 2 (указывала на: статья 5).",
        ),
        (
            Language.KK,
            None,  # the Kazakh catalogue's sentence, whatever its words: not the English one
        ),
    ],
)
def test_the_act_page_tells_its_threads_of_a_broken_reference(client, story, language, here):
    cast, act, (citing, cited, untouched) = story
    login(client, "secretary")
    # The threads on the act page show nothing while the references hold.
    assert _act_page_notices(client, act) == {citing.id: [], cited.id: [], untouched.id: []}
    _save(cast, act, V2)
    _save(cast, act, V3)  # still broken since version 2
    cast.secretary.locale = language
    db.session.commit()
    notices = _act_page_notices(client, act)
    # Article 5 is gone, and its thread with it; the thread on Article 7(1) is told.
    assert set(notices) == {citing.id, untouched.id}
    assert notices[untouched.id] == []
    (told,) = notices[citing.id]
    if here is not None:
        assert told == here
    else:
        assert "broken since" not in told and "2" in told and "5" in told
    # An earlier version's page speaks of that version's text: no notice of the latest's.
    earlier = client.get(f"/acts/{act.number}/v/1").text
    assert 'class="reference-notice' not in earlier


def test_the_act_page_reads_its_notices_with_at_most_one_more_statement(app, client, story):
    cast, act, _comments = story
    login(client, "secretary")
    path = f"/acts/{act.number}"
    user_ids, act_id = {role: user.id for role, user in cast.users.items()}, act.id
    holding = len(statements_of_page(client, path))
    # Measuring closed the session: the people and the act are read again.
    cast = Cast({role: db.session.get(User, user_id) for role, user_id in user_ids.items()})
    act = db.session.get(Act, act_id)
    _save(cast, act, V2)
    broken = statements_of_page(client, path)
    assert "is broken since version 2" in client.get(path).text
    # The page's own references give the broken ones (nothing more is read while none is):
    # only their history is one more query. (With nothing broken, the act page keeps to the
    # ceiling of test_page_statements.)
    assert len(broken) <= holding + 1, (holding, broken)
