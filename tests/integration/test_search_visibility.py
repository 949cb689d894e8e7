"""Search never reveals what the user may not see: the same queries, by every role.

The expectations are written out by hand from PRODUCT.md (who reads which act, who reads which
comments), independently of `permissions.py`.
"""

from __future__ import annotations

import pytest

from alatau_legal.acts.models import ActStatus
from alatau_legal.extensions import db
from alatau_legal.review import services as review
from alatau_legal.review.models import RoundStatus
from alatau_legal.review.workflow import Action, round_in
from alatau_legal.search import services as search
from tests.support.builders import api_token, make_act, make_user
from tests.support.workflow_states import Cast, approve_at_a_meeting, drive, move, plan

TEXT = "Article 1. Subject\n1. These Rules govern investment in Alatau City.\n"


@pytest.fixture
def world(app, client):
    cast = Cast.create()
    outsiders = {
        "domestic_outsider": make_user("domestic_expert", "domestic-outsider"),
        "international_outsider": make_user("international_expert", "international-outsider"),
    }
    acts = {
        "drafting": make_act(cast.drafter, TEXT),
        "withdrawn": drive(cast, ActStatus.WITHDRAWN),
        "international_review": drive(cast, ActStatus.INTERNATIONAL_REVIEW),
        "approved": drive(cast, ActStatus.APPROVED),
        "domestic_review": make_act(cast.drafter, TEXT),
    }
    plan(cast, acts["domestic_review"], "domestic")
    move(cast, acts["domestic_review"], Action.SUBMIT_DOMESTIC_REVIEW)
    commented = acts["domestic_review"]
    review.add_comment(
        cast.domestic, commented.id, version=round_in(commented, RoundStatus.OPEN).version_number,
        eid="art_1__para_1", body="Name the investment threshold here.",
    )  # fmt: skip
    db.session.commit()
    users = {role.value: user for role, user in cast.users.items()} | outsiders
    tokens = {name: api_token(client, user.username) for name, user in users.items()}
    return {"acts": acts, "users": users, "tokens": tokens, "cast": cast}


EVERY_ACT = {"drafting", "withdrawn", "international_review", "approved", "domestic_review"}
# Which acts each reader finds (the cast's experts were invited to the rounds of the acts the
# workflow took through their stage; the outsiders to none).
FINDS_ACTS = {
    "admin": EVERY_ACT,
    "drafter": EVERY_ACT,
    "secretary": EVERY_ACT,
    "committee_member": EVERY_ACT,
    "domestic_expert": EVERY_ACT,
    "domestic_outsider": {"drafting", "withdrawn", "approved"},
    "international_expert": {"international_review", "approved"},
    "international_outsider": {"approved"},
}
# Who reads the domestic expert's comment: staff, and the reviewers of its round.
FINDS_COMMENT = {"admin", "drafter", "secretary", "committee_member", "domestic_expert"}


@pytest.mark.parametrize("reader", sorted(FINDS_ACTS))
@pytest.mark.parametrize("versions", ["latest", "all"])
def test_each_role_finds_only_the_acts_it_may_read(client, world, reader, versions):
    response = client.get(
        "/api/v1/search",
        query_string={"q": "investment", "versions": versions, "kind": "provision"},
        headers=world["tokens"][reader],
    )
    assert response.status_code == 200, response.text
    by_id = {act.id: name for name, act in world["acts"].items()}
    found = {by_id[item["act_id"]] for item in response.json["items"]}
    assert found == FINDS_ACTS[reader]
    # The total counts only what the reader may see (it must not hint at hidden matches).
    assert response.json["total"] == len(response.json["items"])
    assert {entry["act_id"] for entry in response.json["acts"]} == {
        world["acts"][name].id for name in FINDS_ACTS[reader]
    }


@pytest.mark.parametrize("reader", sorted(FINDS_ACTS))
def test_comments_are_found_only_by_those_who_read_their_round(client, world, reader):
    response = client.get(
        "/api/v1/search", query_string={"q": "threshold"}, headers=world["tokens"][reader]
    )
    assert response.status_code == 200
    kinds = [item["kind"] for item in response.json["items"]]
    assert kinds == (["comment"] if reader in FINDS_COMMENT else [])


def test_the_public_finds_approved_acts_only_and_no_comments(world):
    results = search.search(None, "investment", search.Filters(versions="all"))
    assert {hit.act.id for hit in results.hits} == {world["acts"]["approved"].id}
    assert search.search(None, "threshold").total == 0
    # Asking for another act by id or by state changes nothing.
    drafting = world["acts"]["drafting"]
    assert search.search(None, "investment", search.Filters(act_id=drafting.id)).total == 0
    assert search.search(None, "investment", search.Filters(status="drafting")).total == 0


def test_an_act_that_changes_state_is_found_by_the_new_readers_at_once(client, world):
    # The outsider cannot read the act under international review ...
    token = world["tokens"]["domestic_outsider"]
    act = world["acts"]["international_review"]

    def outsider_finds() -> bool:
        items = client.get("/api/v1/search", query_string={"q": "investment"}, headers=token).json[
            "items"
        ]
        return act.id in {item["act_id"] for item in items}

    assert not outsider_finds()
    # ... until the committee approves it; nothing in the index had to change.
    move_to_committee(world, act)
    approve_at_a_meeting(world["cast"], act)
    assert outsider_finds()


def move_to_committee(world, act) -> None:
    review.transition(world["users"]["drafter"], act.id, Action.SUBMIT_TO_COMMITTEE.value, "Done")
    db.session.commit()


def test_occurrences_of_an_act_the_user_may_not_read_is_404(client, world):
    act = world["acts"]["drafting"]
    hidden = client.get(
        f"/api/v1/acts/{act.id}/occurrences",
        query_string={"q": "investment"},
        headers=world["tokens"]["international_expert"],
    )
    assert hidden.status_code == 404


def test_the_public_never_reads_earlier_wording_or_comments_of_an_approved_act(app):
    """The approved act was commented on and reworded during its review: the public finds its
    approved wording only."""
    from alatau_legal.acts import services as acts
    from tests.support.builders import SAMPLE_TEXT
    from tests.support.workflow_states import opinion

    cast = Cast.create()
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    comment = review.add_comment(
        cast.domestic, act.id, version=1, eid="art_1__para_1",
        body="Say which osprey threshold applies.",
    )  # fmt: skip
    db.session.commit()
    opinion(cast, act, "domestic")
    review.dispose(cast.drafter, comment.id, disposition="accepted", reason="Reworded.")
    db.session.commit()
    move(cast, act, Action.RETURN_TO_DRAFTING)
    acts.save_version(
        cast.drafter, act.id, base_version=1, max_chars=10**6, note="After review",
        text=SAMPLE_TEXT.replace("govern investment preferences", "govern capital incentives"),
    )  # fmt: skip
    db.session.commit()
    plan(cast, act, "international")
    move(cast, act, Action.SUBMIT_INTERNATIONAL_REVIEW)
    opinion(cast, act, "international")
    move(cast, act, Action.SUBMIT_TO_COMMITTEE)
    approve_at_a_meeting(cast, act)

    assert search.search(None, "incentives").total == 1
    for versions in ("latest", "all"):
        everything = search.Filters(versions=versions, kind=None, stage="domestic")
        assert search.search(None, '"investment preferences"', everything).total == 0
        assert search.search(None, "osprey", everything).total == 0
    # Staff still find the earlier wording and the comment.
    staff_all = search.Filters(versions="all")
    assert search.search(cast.drafter, '"investment preferences"', staff_all).total == 1
    assert search.search(cast.drafter, "osprey").total == 1


def test_scores_do_not_reveal_how_common_a_word_is_in_hidden_texts(client, app):
    cast = Cast.create()
    approved = drive(cast, ActStatus.APPROVED)
    token = api_token(client, cast.international.username)

    def scores():
        items = client.get("/api/v1/search", query_string={"q": "investment"}, headers=token).json[
            "items"
        ]
        return sorted((item["act_id"], item["eid"], item["score"]) for item in items)

    before = scores()
    assert {act_id for act_id, _, _ in before} == {approved.id}
    for _ in range(5):  # drafts the expert may not see, full of the word
        make_act(cast.drafter, "Article 1. Investment\n1. Investment investment investment.\n")
    assert scores() == before
