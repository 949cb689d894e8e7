"""The languages of an act through the JSON API (API.md, "Languages of an act"): the act's
languages, a text per language per version, alignment, compare and history per language,
comments in a language, and the committee guard."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from alatau_legal.acts.models import Version, VersionLanguageText
from alatau_legal.audit.models import AuditEntry
from alatau_legal.extensions import db
from alatau_legal.review.workflow import Action
from tests.support.builders import (
    SAMPLE_TEXT_KK,
    SAMPLE_TEXT_RU,
    api_token,
    make_act,
    make_user,
)
from tests.support.workflow_states import Cast, drive

DUE = (date.today() + timedelta(days=14)).isoformat()
EID_RE = re.compile(r"\b(?:art|chp|para|subpara|part|sec|annex)_\d")


@pytest.fixture
def people(app, client):
    users = {
        "drafter": make_user("drafter"),
        "other": make_user("drafter", "other-drafter"),
        "secretary": make_user("secretary"),
        "domestic": make_user("domestic_expert"),
        "member": make_user("committee_member"),
    }
    return users, {name: api_token(client, user.username) for name, user in users.items()}


@pytest.fixture
def ru_act(people):
    users, _ = people
    return make_act(
        users["drafter"], text=SAMPLE_TEXT_RU, language="ru", title="Правила о преференциях"
    )


def _save(client, headers, act_id, base, text, language=None, **extra):
    body = {"base_version": base, "text": text, "note": "edit", **extra}
    if language:
        body["language"] = language
    return client.post(f"/api/v1/acts/{act_id}/versions", json=body, headers=headers)


def _set_languages(client, headers, act_id, languages):
    return client.patch(f"/api/v1/acts/{act_id}", json={"languages": languages}, headers=headers)


def _alignment(client, headers, act_id, version=None):
    query = f"?version={version}" if version else ""
    response = client.get(f"/api/v1/acts/{act_id}/alignment{query}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json


# ---------------------------------------------------------------------------------------------
# The act's languages


def test_the_drafter_sets_the_languages_and_it_is_recorded(client, people, ru_act):
    users, h = people
    assert client.get(f"/api/v1/acts/{ru_act.id}", headers=h["drafter"]).json["languages"] == ["ru"]
    response = _set_languages(client, h["drafter"], ru_act.id, ["ru", "kk", "en"])
    assert response.status_code == 200, response.text
    assert response.json["languages"] == ["ru", "kk", "en"]
    assert response.json["language"] == "ru"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "act.languages_set"))
    assert entry.details == {"old": ["ru"], "new": ["ru", "kk", "en"]}
    assert entry.actor_id == users["drafter"].id
    # The secretary may too.
    response = _set_languages(client, h["secretary"], ru_act.id, ["ru", "kk"])
    assert response.status_code == 200 and response.json["languages"] == ["ru", "kk"]


@pytest.mark.parametrize(
    "languages, message",
    [
        (["kk", "ru"], "Start with ru."),
        (["ru", "de"], "One to three of kk, ru, en."),
        (["ru", "kk", "kk"], "Repeated language."),
        ([], None),
        (["ru", "kk", "en", "ru"], None),
        ("ru", None),
    ],
)
def test_bad_languages_are_a_400_naming_the_field(client, people, ru_act, languages, message):
    _, h = people
    response = _set_languages(client, h["drafter"], ru_act.id, languages)
    assert response.status_code == 400, response.text
    fields = response.json["error"]["fields"]
    assert any(name.split(".")[0] == "languages" for name in fields), fields
    if message and "languages" in fields:  # the service's own message (not the schema's)
        assert fields["languages"] == message
    db.session.expire_all()
    assert client.get(f"/api/v1/acts/{ru_act.id}", headers=h["drafter"]).json["languages"] == ["ru"]


def test_only_the_acts_drafter_or_the_secretary_sets_languages(client, people, ru_act):
    _, h = people
    assert _set_languages(client, h["other"], ru_act.id, ["ru", "kk"]).status_code == 403
    assert _set_languages(client, h["member"], ru_act.id, ["ru", "kk"]).status_code == 403
    # A domestic expert reads an act in drafting but does not set its languages.
    assert _set_languages(client, h["domestic"], ru_act.id, ["ru", "kk"]).status_code == 403
    assert (
        client.patch(
            "/api/v1/acts/999999", json={"languages": ["ru"]}, headers=h["drafter"]
        ).status_code
        == 404
    )


# ---------------------------------------------------------------------------------------------
# A text per language


def test_saving_one_language_carries_the_others_over(client, people, ru_act):
    _, h = people
    _set_languages(client, h["drafter"], ru_act.id, ["ru", "kk"])
    base = f"/api/v1/acts/{ru_act.id}"
    empty = client.get(f"{base}/versions/1?language=kk", headers=h["drafter"]).json
    assert empty["language"] == "kk" and empty["provisions"] == [] and empty["text"] == ""

    saved = _save(client, h["drafter"], ru_act.id, 1, SAMPLE_TEXT_KK, "kk")
    assert saved.status_code == 201, saved.text
    assert saved.json["number"] == 2 and saved.json["language"] == "kk"
    kk = client.get(f"{base}/versions/2?language=kk", headers=h["drafter"]).json
    assert kk["language"] == "kk"
    assert [p["eid"] for p in kk["provisions"]][:3] == ["chp_1", "art_1", "art_1__para_1"]
    assert "3-бап. Өтініш" in kk["text"]
    ru = client.get(f"{base}/versions/2", headers=h["drafter"]).json
    assert ru["language"] == "ru" and "Статья 3. Заявление" in ru["text"]
    # The Russian text is carried over: the same nodes, no new storage.
    v1, v2 = db.session.scalars(
        select(Version).where(Version.act_id == ru_act.id).order_by(Version.number)
    )
    assert v1.top_provisions == v2.top_provisions
    # Saving Russian now carries Kazakh over: the same top hashes, the map shared.
    changed = SAMPLE_TEXT_RU.replace("десяти рабочих дней", "пяти рабочих дней")
    assert _save(client, h["drafter"], ru_act.id, 2, changed).status_code == 201
    rows = {
        (row.version_id, row.language): row
        for row in db.session.scalars(select(VersionLanguageText))
    }
    v3 = db.session.scalar(select(Version).where(Version.act_id == ru_act.id, Version.number == 3))
    assert rows[(v3.id, "kk")].top_provisions == rows[(v2.id, "kk")].top_provisions
    assert rows[(v3.id, "kk")].last_changed is None and rows[(v3.id, "kk")].saved_in == 2
    kk3 = client.get(f"{base}/versions/3?language=kk", headers=h["drafter"]).json
    assert kk3["text"] == kk["text"]


def test_a_language_not_of_the_act_is_a_400(client, people, ru_act):
    _, h = people
    base = f"/api/v1/acts/{ru_act.id}"
    for response in (
        client.get(f"{base}/versions/1?language=kk", headers=h["drafter"]),
        client.get(f"{base}/versions/1?language=xx", headers=h["drafter"]),
        client.get(f"{base}/compare?from=1&to=1&language=en", headers=h["drafter"]),
        client.get(f"{base}/provisions/art_1/history?language=kk", headers=h["drafter"]),
        _save(client, h["drafter"], ru_act.id, 1, SAMPLE_TEXT_KK, "kk"),
    ):
        assert response.status_code == 400, response.text
        assert "language" in response.json["error"]["fields"]
    assert client.get(f"{base}/versions", headers=h["drafter"]).json["total"] == 1


def test_translation_saves_are_refused_outside_drafting_and_when_unchanged(client, people, ru_act):
    _, h = people
    _set_languages(client, h["drafter"], ru_act.id, ["ru", "kk"])
    assert _save(client, h["drafter"], ru_act.id, 1, SAMPLE_TEXT_KK, "kk").status_code == 201
    again = _save(client, h["drafter"], ru_act.id, 2, SAMPLE_TEXT_KK, "kk")
    assert again.status_code == 400 and again.json["error"]["fields"] == {"text": "No changes."}
    bad = _save(client, h["drafter"], ru_act.id, 2, SAMPLE_TEXT_KK, "kk", confirmed=["art_99"])
    assert bad.status_code == 400 and "confirmed" in bad.json["error"]["fields"]
    own = _save(client, h["drafter"], ru_act.id, 2, SAMPLE_TEXT_RU, confirmed=["art_1"])
    assert own.status_code == 400 and "confirmed" in own.json["error"]["fields"]
    expert = _save(client, h["domestic"], ru_act.id, 2, SAMPLE_TEXT_KK + "\n", "kk")
    assert expert.status_code == 403


# ---------------------------------------------------------------------------------------------
# Alignment


def test_alignment_missing_outdated_extra_and_complete(client, people, ru_act):
    _, h = people
    act_id = ru_act.id
    single = _alignment(client, h["drafter"], act_id)
    assert single["complete"] is True and single["drafting_language"] == "ru"
    assert single["languages"]["ru"]["aligned"] == 12

    _set_languages(client, h["drafter"], act_id, ["ru", "kk"])
    unwritten = _alignment(client, h["drafter"], act_id)
    assert unwritten["complete"] is False
    assert unwritten["languages"]["kk"]["missing"][:2] == ["chp_1", "art_1"]
    assert len(unwritten["languages"]["kk"]["missing"]) == 12
    assert unwritten["languages"]["kk"]["aligned"] == 0

    # The translation without its last paragraph and with an article the Russian lacks.
    partial = SAMPLE_TEXT_KK.replace(
        "2. Уәкілетті орган он жұмыс күні ішінде шешім қабылдайды.\n",
        "\n4-бап. Қосымша\nАртық бап.\n",
    )
    assert _save(client, h["drafter"], act_id, 1, partial, "kk").status_code == 201
    result = _alignment(client, h["drafter"], act_id)
    kk = result["languages"]["kk"]
    assert result["complete"] is False
    assert kk["missing"] == ["art_3__para_2"]
    assert kk["extra"] == ["art_4", "art_4__part_1"]
    assert kk["outdated"] == [] and kk["aligned"] == 11

    assert _save(client, h["drafter"], act_id, 2, SAMPLE_TEXT_KK, "kk").status_code == 201
    assert _alignment(client, h["drafter"], act_id)["complete"] is True

    # The drafter changes a Russian provision: its Kazakh text is now behind.
    changed = SAMPLE_TEXT_RU.replace("десяти рабочих дней", "пяти рабочих дней")
    assert _save(client, h["drafter"], act_id, 3, changed).status_code == 201
    behind = _alignment(client, h["drafter"], act_id)
    assert behind["complete"] is False
    assert behind["languages"]["kk"]["outdated"] == ["art_3__para_2"]
    assert behind["languages"]["kk"]["missing"] == [] and behind["languages"]["kk"]["aligned"] == 11
    # An earlier version keeps its own alignment.
    assert _alignment(client, h["drafter"], act_id, version=3)["complete"] is True

    # The translator updates it.
    updated = SAMPLE_TEXT_KK.replace("он жұмыс күні", "бес жұмыс күні")
    assert _save(client, h["drafter"], act_id, 4, updated, "kk").status_code == 201
    assert _alignment(client, h["drafter"], act_id)["complete"] is True

    # A change the translation does not need: the translator confirms it as it stands.
    assert (
        _save(
            client, h["drafter"], act_id, 5, changed.replace("Заявление", "Заявление инвестора")
        ).status_code
        == 201
    )
    assert _alignment(client, h["drafter"], act_id)["languages"]["kk"]["outdated"] == ["art_3"]
    confirmed = _save(client, h["drafter"], act_id, 6, updated, "kk", confirmed=["art_3"])
    assert confirmed.status_code == 201, confirmed.text
    assert _alignment(client, h["drafter"], act_id)["complete"] is True


def test_alignment_bad_version_and_visibility(client, people, ru_act):
    _, h = people
    base = f"/api/v1/acts/{ru_act.id}/alignment"
    assert client.get(f"{base}?version=9", headers=h["drafter"]).status_code == 404
    assert client.get(f"{base}?version=abc", headers=h["drafter"]).status_code == 400
    international = api_token(client, make_user("international_expert").username)
    assert client.get(base, headers=international).status_code == 404
    assert client.get(base).status_code == 401


# ---------------------------------------------------------------------------------------------
# Compare and history per language


def test_compare_and_history_in_a_language(client, people, ru_act):
    _, h = people
    act_id = ru_act.id
    base = f"/api/v1/acts/{act_id}"
    _set_languages(client, h["drafter"], act_id, ["ru", "kk"])
    _save(client, h["drafter"], act_id, 1, SAMPLE_TEXT_KK, "kk")
    _save(client, h["drafter"], act_id, 2, SAMPLE_TEXT_KK.replace("он жұмыс", "бес жұмыс"), "kk")
    compared = client.get(f"{base}/compare?from=2&to=3&language=kk", headers=h["drafter"]).json
    assert compared["language"] == "kk"
    assert [(c["eid"], c["change"]) for c in compared["changes"]] == [("art_3__para_2", "changed")]
    assert ["insert", "бес"] in compared["changes"][0]["diff"]
    # In Russian nothing changed between the same versions.
    russian = client.get(f"{base}/compare?from=2&to=3", headers=h["drafter"]).json
    assert russian["language"] == "ru" and russian["changes"] == []

    history = client.get(
        f"{base}/provisions/art_3__para_2/history?language=kk", headers=h["drafter"]
    ).json
    assert history["language"] == "kk"
    assert [(i["version"], i["change"]) for i in history["items"]] == [(2, "added"), (3, "changed")]
    ru_history = client.get(f"{base}/provisions/art_3__para_2/history", headers=h["drafter"]).json
    assert [(i["version"], i["change"]) for i in ru_history["items"]] == [(1, "added")]


# ---------------------------------------------------------------------------------------------
# Comments in a language, and the committee guard


def _open_domestic_round(client, h, act_id):
    planned = client.post(
        f"/api/v1/acts/{act_id}/rounds",
        json={"stage": "domestic", "reviewers": ["domestic-expert"], "due": DUE},
        headers=h["secretary"],
    )
    assert planned.status_code == 201, planned.text
    moved = client.post(
        f"/api/v1/acts/{act_id}/transitions",
        json={"action": "submit_domestic_review"},
        headers=h["drafter"],
    )
    assert moved.status_code == 200, moved.text


def test_a_comment_records_its_language(client, people, ru_act):
    _, h = people
    act_id = ru_act.id
    _set_languages(client, h["drafter"], act_id, ["ru", "kk"])
    _save(client, h["drafter"], act_id, 1, SAMPLE_TEXT_KK, "kk")
    _open_domestic_round(client, h, act_id)
    url = f"/api/v1/acts/{act_id}/comments"
    made = client.post(
        url,
        json={"version": 2, "eid": "art_1__para_1", "body": "Аударма дәл емес.",
              "quote": "инвестициялық преференцияларды", "language": "kk"},
        headers=h["domestic"],
    )  # fmt: skip
    assert made.status_code == 201, made.text
    assert made.json["language"] == "kk" and made.json["outdated"] is False
    # A quote must be in the text of the comment's language.
    wrong_quote = client.post(
        url,
        json={"version": 2, "eid": "art_1__para_1", "body": "x",
              "quote": "инвестициялық преференцияларды"},
        headers=h["domestic"],
    )  # fmt: skip
    assert wrong_quote.status_code == 400 and "quote" in wrong_quote.json["error"]["fields"]
    not_of_act = client.post(
        url, json={"version": 2, "eid": "art_1", "body": "x", "language": "en"},
        headers=h["domestic"],
    )  # fmt: skip
    assert not_of_act.status_code == 400 and "language" in not_of_act.json["error"]["fields"]
    plain = client.post(
        url, json={"version": 2, "eid": "art_1", "body": "ok"}, headers=h["domestic"]
    )
    assert plain.status_code == 201 and plain.json["language"] == "ru"
    listed = client.get(url, headers=h["drafter"]).json["items"]
    assert [(c["eid"], c["language"]) for c in listed] == [("art_1__para_1", "kk"), ("art_1", "ru")]


def test_the_committee_guard_names_the_provisions_not_aligned(app, client):
    cast = Cast.create()
    act = drive(
        cast,
        __import__("alatau_legal").acts.models.ActStatus.DRAFTING,
        ready_for=Action.SUBMIT_TO_COMMITTEE,
    )
    h = api_token(client, cast.drafter.username)
    base = f"/api/v1/acts/{act.id}"

    def committee_option():
        items = client.get(f"{base}/transitions", headers=h).json["items"]
        return next(o for o in items if o["action"] == "submit_to_committee")

    assert committee_option()["allowed"] is True
    _set_languages(client, h, act.id, ["en", "ru"])
    blocked = committee_option()
    assert blocked["allowed"] is False
    reason = " ".join(blocked["blocked_by"])
    assert "Russian text is not written yet" in reason

    _save(
        client,
        h,
        act.id,
        act.current_version,
        SAMPLE_TEXT_RU.replace(
            "2. Уполномоченный орган принимает решение в течение десяти рабочих дней.\n", ""
        ),
        "ru",
    )
    reason = " ".join(committee_option()["blocked_by"])
    assert "missing: Article 3(2)" in reason
    assert not EID_RE.search(reason), reason
    refused = client.post(f"{base}/transitions", json={"action": "submit_to_committee"}, headers=h)
    assert refused.status_code == 409 and refused.json["error"]["code"] == "guard_failed"

    db.session.expire_all()
    current = client.get(base, headers=h).json["current_version"]
    _save(client, h, act.id, current, SAMPLE_TEXT_RU, "ru")
    assert committee_option()["allowed"] is True
    done = client.post(f"{base}/transitions", json={"action": "submit_to_committee"}, headers=h)
    assert done.status_code == 200, done.text


def test_restoring_a_version_brings_back_every_language_it_was_written_in(client, people, ru_act):
    _, h = people
    act_id = ru_act.id
    base = f"/api/v1/acts/{act_id}"
    _set_languages(client, h["drafter"], act_id, ["ru", "kk"])
    _save(client, h["drafter"], act_id, 1, SAMPLE_TEXT_KK, "kk")  # v2
    changed_kk = SAMPLE_TEXT_KK.replace("он жұмыс күні", "бес жұмыс күні")
    _save(client, h["drafter"], act_id, 2, changed_kk, "kk")  # v3
    restored = client.post(f"{base}/versions/2/restore", json={}, headers=h["drafter"])
    assert restored.status_code == 201, restored.text
    assert restored.json["number"] == 4
    kk4 = client.get(f"{base}/versions/4?language=kk", headers=h["drafter"]).json["text"]
    assert "он жұмыс күні" in kk4
    # Version 1 had no Kazakh text: restoring it keeps the Kazakh text of the latest version.
    assert (
        client.post(f"{base}/versions/1/restore", json={}, headers=h["drafter"]).status_code == 201
    )
    kk5 = client.get(f"{base}/versions/5?language=kk", headers=h["drafter"]).json["text"]
    assert kk5 == kk4
    assert _alignment(client, h["drafter"], act_id)["complete"] is True
