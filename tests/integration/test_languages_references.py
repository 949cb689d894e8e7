"""References in every language of an act (issues 18 and 19 together): each language text's
references are found when it is saved and carried over with it, a save in a translation
reports what it broke in that language, and renumbering keeps the languages aligned."""

from __future__ import annotations

import pytest

from tests.support.builders import api_token, make_user

RU = """Статья 1. Предмет
1. Настоящий Закон регулирует отношения, указанные в статье 2 настоящего Закона.

Статья 2. Порядок
1. Порядок, установленный пунктом 1 статьи 4 настоящего Закона, применяется.

Статья 4. Права
1. Права участников.
"""

KK = """1-бап. Нысана
1. Осы Заң осы Заңның 2-бабында көрсетілген қатынастарды реттейді.

2-бап. Тәртіп
1. Осы Заңның 4-бабының 1-тармағында белгіленген тәртіп қолданылады.

4-бап. Құқықтар
1. Қатысушылардың құқықтары.
"""


@pytest.fixture
def drafter(client, app):
    make_user("drafter", "dana")
    return api_token(client, "dana")


@pytest.fixture
def act(client, drafter):
    answer = client.post(
        "/api/v1/acts",
        json={"title": "О порядке", "act_type": "law", "language": "ru", "text": RU},
        headers=drafter,
    )
    assert answer.status_code == 201, answer.json
    act = answer.json
    patched = client.patch(
        f"/api/v1/acts/{act['id']}", json={"languages": ["ru", "kk"]}, headers=drafter
    )
    assert patched.status_code == 200, patched.json
    return act


def save(client, headers, act_id, base, text, language):
    return client.post(
        f"/api/v1/acts/{act_id}/versions",
        json={"base_version": base, "text": text, "note": "edit", "language": language},
        headers=headers,
    )


def refs(client, headers, act_id, number, language):
    answer = client.get(
        f"/api/v1/acts/{act_id}/versions/{number}/references?language={language}",
        headers=headers,
    )
    assert answer.status_code == 200, answer.json
    return [(i["eid"], i["targets"], i["status"]) for i in answer.json["items"]]


def test_each_language_text_has_its_references_and_keeps_them_when_carried_over(
    client, drafter, act
):
    ru_before = refs(client, drafter, act["id"], 1, "ru")
    assert [status for _, _, status in ru_before] == ["resolved", "resolved"]
    assert refs(client, drafter, act["id"], 1, "kk") == []  # not written yet

    saved = save(client, drafter, act["id"], 1, KK, "kk")
    assert saved.status_code == 201, saved.json
    assert saved.json["language"] == "kk"
    assert saved.json["references"] == {"broken": [], "shifted": []}
    kk = refs(client, drafter, act["id"], 2, "kk")
    assert [(eid, targets) for eid, targets, _ in kk] == [
        ("art_1__para_1", ["art_2"]),
        ("art_2__para_1", ["art_4__para_1"]),
    ]
    assert refs(client, drafter, act["id"], 2, "ru") == ru_before  # carried over

    # A drafting-language save carries the Kazakh references over.
    ru_edit = RU.replace("1. Права участников.", "1. Права и обязанности участников.")
    assert save(client, drafter, act["id"], 2, ru_edit, "ru").status_code == 201
    assert refs(client, drafter, act["id"], 3, "kk") == kk

    # A Kazakh save that drops the cited paragraph reports the broken reference in Kazakh.
    broken = save(
        client, drafter, act["id"], 3, KK.replace("1. Қатысушылардың құқықтары.\n", ""), "kk"
    )
    assert broken.status_code == 201, broken.json
    assert [item["eid"] for item in broken.json["references"]["broken"]] == ["art_2__para_1"]
    assert refs(client, drafter, act["id"], 4, "ru") == ru_before


def test_renumbering_renumbers_every_language_and_keeps_them_aligned(client, drafter, act):
    assert save(client, drafter, act["id"], 1, KK, "kk").status_code == 201
    answer = client.post(
        f"/api/v1/acts/{act['id']}/renumber", json={"base_version": 2}, headers=drafter
    )
    assert answer.status_code == 201, answer.json
    assert {i["old_eid"]: i["new_eid"] for i in answer.json["renumbered"]}["art_4"] == "art_3"
    number = answer.json["number"]
    kk = client.get(f"/api/v1/acts/{act['id']}/versions/{number}?language=kk", headers=drafter).json
    assert "3-бап. Құқықтар" in kk["text"]
    assert "3-бабының 1-тармағында" in kk["text"]
    assert refs(client, drafter, act["id"], number, "kk")[1][1] == ["art_3__para_1"]
    alignment = client.get(f"/api/v1/acts/{act['id']}/alignment", headers=drafter).json
    assert alignment["complete"] is True, alignment
