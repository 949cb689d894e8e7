"""References through the API: stored per version, referrers, what a save broke, renumbering,
the committee guard, and who may do what."""

from __future__ import annotations

from pathlib import Path

import pytest

from alatau_legal.accounts.models import Role
from alatau_legal.acts.models import Act
from alatau_legal.extensions import db
from alatau_legal.review import workflow
from tests.support.builders import api_token, make_user

TEXT = """Глава 1. Общие положения

Статья 1. Предмет
1. Настоящий Закон регулирует отношения, указанные в статье 3 настоящего Закона.
2. Порядок, установленный пунктом 2 статьи 3 настоящего Закона, применяется.

Статья 2. Принципы
1. Принципы определяются статьей 4 настоящего Закона.
2. Требования пункта 1 настоящей статьи и статьи 3 настоящего Закона обязательны.

Статья 3. Порядок
1. Первый пункт.
2. Второй пункт.

Статья 4. Права
1. Права участников.
2. Обязанности, указанные в подпунктах 1) и 2) пункта 1 статьи 2, не применяются.
"""


@pytest.fixture
def drafter(client, app):
    make_user(Role.DRAFTER, "dana")
    return api_token(client, "dana")


def create(client, headers, text=TEXT):
    body = {"title": "Закон о ссылках", "act_type": "law", "language": "ru", "text": text}
    response = client.post("/api/v1/acts", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def save(client, headers, act_id, base, text):
    return client.post(
        f"/api/v1/acts/{act_id}/versions",
        json={"base_version": base, "text": text, "note": "edit"},
        headers=headers,
    )


def test_references_are_stored_and_listed(client, drafter):
    act = create(client, drafter)
    answer = client.get(f"/api/v1/acts/{act['id']}/versions/1/references", headers=drafter)
    assert answer.status_code == 200
    items = answer.json["items"]
    assert answer.json["total"] == len(items) == 6
    first = items[0]
    assert first == {
        "eid": "art_1__para_1",
        "text": "статье 3 настоящего Закона",
        "target": "art_3",
        "targets": ["art_3"],
        "external": None,
        "external_iri": None,
        "status": "resolved",
    }
    by_text = {item["text"]: item for item in items}
    assert by_text["пункта 1 настоящей статьи"]["target"] == "art_2__para_1"
    # `подпунктах 1) и 2) пункта 1 статьи 2`: article 2's paragraph 1 has no sub-paragraphs.
    assert by_text["подпунктах 1) и 2) пункта 1 статьи 2"]["status"] == "broken"


def test_referrers_of_a_provision(client, drafter):
    act = create(client, drafter)
    answer = client.get(f"/api/v1/acts/{act['id']}/provisions/art_3/referrers", headers=drafter)
    assert answer.status_code == 200
    assert [item["eid"] for item in answer.json["items"]] == ["art_1__para_1", "art_2__para_2"]
    para = client.get(
        f"/api/v1/acts/{act['id']}/provisions/art_3__para_2/referrers?version=1", headers=drafter
    )
    assert para.json["items"] == [
        {"eid": "art_1__para_2", "text": "пунктом 2 статьи 3 настоящего Закона"}
    ]
    missing = client.get(f"/api/v1/acts/{act['id']}/provisions/art_9/referrers", headers=drafter)
    assert missing.status_code == 404
    bad = client.get(f"/api/v1/acts/{act['id']}/versions/1/references?language=kk", headers=drafter)
    assert bad.status_code == 400 and "language" in bad.json["error"]["fields"]


def test_deleting_an_article_referred_to_from_three_places_reports_all_three(client, drafter):
    act = create(client, drafter)
    without_3 = TEXT.replace("Статья 3. Порядок\n1. Первый пункт.\n2. Второй пункт.\n\n", "")
    answer = save(client, drafter, act["id"], 1, without_3)
    assert answer.status_code == 201, answer.json
    broken = answer.json["references"]["broken"]
    assert sorted((item["eid"], item["text"], item["target"]) for item in broken) == [
        ("art_1__para_1", "статье 3 настоящего Закона", "art_3"),
        ("art_1__para_2", "пунктом 2 статьи 3 настоящего Закона", "art_3__para_2"),
        ("art_2__para_2", "статьи 3 настоящего Закона", "art_3"),
    ]
    assert answer.json["references"]["shifted"] == []


def test_a_save_that_renumbers_by_hand_reports_shifted_references(client, drafter):
    act = create(client, drafter)
    inserted = TEXT.replace(
        "Статья 3. Порядок", "Статья 3. Новая статья\n1. Вставлено.\n\nСтатья 4. Порядок"
    ).replace("Статья 4. Права", "Статья 5. Права")
    answer = save(client, drafter, act["id"], 1, inserted)
    shifted = answer.json["references"]["shifted"]
    assert ("art_1__para_1", "art_3", "art_4") in {
        (item["eid"], item["target"], item["now_at"]) for item in shifted
    }


def test_renumbering_rewrites_every_reference(client, drafter):
    text = """Статья 1. Предмет
1. См. статьи 4-1 и 7-2 настоящего Закона, а также пункт 2 статьи 7-2 настоящего Закона.
2. Статьями 4-1 - 5 настоящего Закона и подпунктом 3) пункта 1 статьи 8 настоящего Закона.

Статья 2. Вторая
Текст.

Статья 4. Четвёртая
Текст со ссылкой на статью 7 настоящего Закона.

Статья 4-1. Вставленная
1. Пункт.
2. Пункт, указанный в пункте 1 настоящей статьи.

Статья 5. Пятая
Текст.

Статья 7. Седьмая
Текст.

Статья 7-2. Вставленная вторая
1. Пункт.
2. Пункт, как в статье 4-1 настоящего Закона.

Статья 8. Восьмая
1. Пункт:
1) первый;
3) третий, в отличие от подпункта 1) настоящего пункта.
"""
    act = create(client, drafter, text)
    answer = client.post(
        f"/api/v1/acts/{act['id']}/renumber",
        json={"base_version": 1, "note": "В порядке"},
        headers=drafter,
    )
    assert answer.status_code == 201, answer.json
    renumbered = {item["old_eid"]: item["new_eid"] for item in answer.json["renumbered"]}
    assert renumbered["art_4"] == "art_3"
    assert renumbered["art_4-1"] == "art_4"
    assert renumbered["art_7-2"] == "art_7"
    assert renumbered["art_8__para_1__subpara_3"] == "art_8__para_1__subpara_2"
    new = client.get(f"/api/v1/acts/{act['id']}/versions/2", headers=drafter).json
    by_eid = {p["eid"]: p["text"] for p in new["provisions"]}
    assert by_eid["art_1__para_1"] == (
        "См. статьи 4 и 7 настоящего Закона, а также пункт 2 статьи 7 настоящего Закона."
    )
    assert by_eid["art_1__para_2"] == (
        "Статьями 4 - 5 настоящего Закона и подпунктом 2) пункта 1 статьи 8 настоящего Закона."
    )
    assert by_eid["art_3__part_1"] == "Текст со ссылкой на статью 6 настоящего Закона."
    assert by_eid["art_7__para_2"] == "Пункт, как в статье 4 настоящего Закона."
    assert (
        by_eid["art_8__para_1__subpara_2"] == "третий, в отличие от подпункта 1) настоящего пункта."
    )
    references = client.get(f"/api/v1/acts/{act['id']}/versions/2/references", headers=drafter)
    assert {item["status"] for item in references.json["items"]} == {"resolved"}
    before = client.get(f"/api/v1/acts/{act['id']}/versions/1/references", headers=drafter)
    # Every reference names the same provisions as before, under their new eIds.
    old_targets = [[renumbered.get(t, t) for t in i["targets"]] for i in before.json["items"]]
    assert old_targets == [item["targets"] for item in references.json["items"]]
    again = client.post(
        f"/api/v1/acts/{act['id']}/renumber", json={"base_version": 2}, headers=drafter
    )
    assert again.status_code == 400
    stale = client.post(
        f"/api/v1/acts/{act['id']}/renumber", json={"base_version": 1}, headers=drafter
    )
    assert stale.status_code == 409


@pytest.mark.parametrize(
    ("role", "read", "renumber"),
    [
        (Role.DRAFTER, 200, 201),
        (Role.SECRETARY, 200, 403),
        (Role.COMMITTEE_MEMBER, 200, 403),
        (Role.DOMESTIC_EXPERT, 200, 403),  # reads acts not under review, edits none
        (Role.INTERNATIONAL_EXPERT, 404, 404),
        (Role.ADMIN, 200, 403),
    ],
)
def test_who_may_read_and_renumber(client, drafter, role, read, renumber):
    act = create(client, drafter, TEXT.replace("Статья 4.", "Статья 4-1."))
    make_user(role, "other")
    headers = api_token(client, "other")
    listing = client.get(f"/api/v1/acts/{act['id']}/versions/1/references", headers=headers)
    assert listing.status_code == read
    referrers = client.get(f"/api/v1/acts/{act['id']}/provisions/art_3/referrers", headers=headers)
    assert referrers.status_code == read
    answer = client.post(
        f"/api/v1/acts/{act['id']}/renumber", json={"base_version": 1}, headers=headers
    )
    assert answer.status_code == renumber


def test_without_a_token_nothing_answers(client, drafter):
    act = create(client, drafter)
    assert client.get(f"/api/v1/acts/{act['id']}/versions/1/references").status_code == 401
    assert client.post(f"/api/v1/acts/{act['id']}/renumber", json={}).status_code == 401


def test_renumber_refuses_bad_input(client, drafter):
    act = create(client, drafter)
    for body in ({}, {"base_version": "one"}, {"base_version": 0}, {"base_version": 1, "x": 1}):
        answer = client.post(f"/api/v1/acts/{act['id']}/renumber", json=body, headers=drafter)
        assert answer.status_code == 400, body


def test_committee_guard_names_the_broken_references(client, drafter, app):
    act = create(client, drafter)
    row = db.session.get(Act, act["id"])
    reason = workflow.references_intact(row)
    assert reason is not None
    assert "пункт 2 статьи 4" in reason and "подпунктах 1) и 2) пункта 1 статьи 2" in reason
    fixed = TEXT.replace(
        "Обязанности, указанные в подпунктах 1) и 2) пункта 1 статьи 2, не применяются.",
        "Обязанности не применяются.",
    )
    assert save(client, drafter, act["id"], 1, fixed).status_code == 201
    db.session.expire_all()
    assert workflow.references_intact(db.session.get(Act, act["id"])) is None
    options = client.get(f"/api/v1/acts/{act['id']}/transitions", headers=drafter).json["items"]
    committee = next(o for o in options if o["action"] == "submit_to_committee")
    assert not any("reference" in reason for reason in committee["blocked_by"])


def test_comments_follow_their_provisions_through_a_renumbering(app):
    from alatau_legal.acts import services as acts
    from alatau_legal.review import services as review
    from alatau_legal.review.workflow import Action
    from tests.support.builders import SAMPLE_TEXT, make_act
    from tests.support.workflow_states import Cast, move, plan

    cast = Cast.create()
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    comment = review.add_comment(
        cast.domestic, act.id, version=1, eid="art_3__para_1", body="Allow e-mail."
    )
    db.session.commit()
    move(cast, act, Action.RETURN_TO_DRAFTING)
    without_2 = (
        SAMPLE_TEXT.split("Article 2.")[0] + "Chapter 2." + SAMPLE_TEXT.split("Chapter 2.")[1]
    )
    acts.save_version(
        cast.drafter, act.id, base_version=1, text=without_2, note="", max_chars=10**6
    )
    db.session.commit()
    result = acts.renumber_act(cast.drafter, act.id, base_version=2)
    db.session.commit()
    assert result.renumbered["art_3__para_1"] == "art_2__para_1"
    shown = review.comments_by_provision(cast.drafter, act, 3)
    assert [(view.comment.id, view.outdated) for view in shown["art_2__para_1"]] == [
        (comment.id, False)
    ]
    assert "art_3__para_1" not in shown


def test_the_migration_computes_the_references_of_versions_saved_before_it(app, client, drafter):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import func, select

    from alatau_legal.acts.models import ProvisionReference, ReferenceTarget

    act = create(client, drafter)
    assert (
        save(client, drafter, act["id"], 1, TEXT.replace("Второй пункт.", "Пункт.")).status_code
        == 201
    )
    before = client.get(f"/api/v1/acts/{act['id']}/versions/2/references", headers=drafter).json
    db.session.remove()
    directory = str(Path(__file__).resolve().parents[2] / "migrations")
    downgrade(directory=directory, revision="0007")
    upgrade(directory=directory)
    after = client.get(f"/api/v1/acts/{act['id']}/versions/2/references", headers=drafter).json
    assert after == before and after["total"] == 6
    assert (
        db.session.scalar(select(func.count()).select_from(ReferenceTarget)) == 2 * 5
    )  # one provision named by each resolved reference
    assert db.session.scalar(select(func.count()).select_from(ProvisionReference)) == 12
