"""Acts and versions through the JSON API: the contract of API.md, and every bad input."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from alatau_legal.accounts.models import Role
from alatau_legal.acts.models import Act, ProvisionNode, Version
from alatau_legal.extensions import db
from tests.support.builders import SAMPLE_TEXT, api_token, make_user


@pytest.fixture
def drafter_headers(client, app):
    make_user(Role.DRAFTER, "dana")
    return api_token(client, "dana")


def create(client, headers, text=SAMPLE_TEXT, **fields):
    body = {"title": "Rules on investment preferences", "act_type": "rules", "language": "en"}
    body.update(fields)
    body["text"] = text
    return client.post("/api/v1/acts", json=body, headers=headers)


def save(client, headers, act_id, base, text, note="edit"):
    return client.post(
        f"/api/v1/acts/{act_id}/versions",
        json={"base_version": base, "text": text, "note": note},
        headers=headers,
    )


def test_create_act(client, drafter_headers):
    response = create(client, drafter_headers)
    assert response.status_code == 201
    act = response.json
    assert act["number"].startswith("ALA-") and act["number"].endswith("-001")
    assert act["status"] == "drafting"
    assert act["current_version"] == 1
    assert act["title"] == "Rules on investment preferences"
    second = create(client, drafter_headers).json
    assert second["number"].endswith("-002")


def test_version_provisions_flat_in_document_order(client, drafter_headers):
    act = create(client, drafter_headers).json
    version = client.get(f"/api/v1/acts/{act['id']}/versions/1", headers=drafter_headers).json
    eids = [p["eid"] for p in version["provisions"]]
    assert eids[:4] == ["chp_1", "art_1", "art_1__para_1", "art_1__para_2"]
    by_eid = {p["eid"]: p for p in version["provisions"]}
    assert by_eid["art_2__subpara_1"]["kind"] == "subparagraph"
    assert by_eid["art_2__subpara_1"]["parent"] == "art_2"
    assert by_eid["art_1"]["heading"] == "Subject of these Rules"
    assert by_eid["chp_1"]["parent"] is None
    assert "Article 3. Application" in version["text"]
    assert version["author"] == "dana"


def test_save_a_new_version_and_list_versions(client, drafter_headers):
    act = create(client, drafter_headers).json
    text = SAMPLE_TEXT.replace("ten business days", "five business days")
    response = save(client, drafter_headers, act["id"], 1, text, "shorter deadline")
    assert response.status_code == 201
    assert response.json == {
        "number": 2,
        "merged": False,
        "language": "en",
        "issues": [],
        "references": {"broken": [], "shifted": []},
    }
    versions = client.get(f"/api/v1/acts/{act['id']}/versions", headers=drafter_headers).json
    assert versions["total"] == 2
    assert [v["number"] for v in versions["items"]] == [2, 1]
    assert versions["items"][0]["note"] == "shorter deadline"
    assert versions["items"][0]["base_version"] == 1


def test_unchanged_provisions_are_stored_once(client, drafter_headers, app):
    act = create(client, drafter_headers).json
    nodes_before = db.session.scalar(select(func.count()).select_from(ProvisionNode))
    text = SAMPLE_TEXT.replace("ten business days", "five business days")
    save(client, drafter_headers, act["id"], 1, text)
    nodes_after = db.session.scalar(select(func.count()).select_from(ProvisionNode))
    # The paragraph, its article, its chapter: three new nodes, everything else shared.
    assert nodes_after - nodes_before == 3


def test_concurrent_edits_of_different_provisions_merge(client, drafter_headers):
    act = create(client, drafter_headers).json
    theirs = SAMPLE_TEXT.replace("in writing", "in writing or electronically")
    ours = SAMPLE_TEXT.replace("every investor", "every investor and participant")
    assert save(client, drafter_headers, act["id"], 1, theirs).status_code == 201
    response = save(client, drafter_headers, act["id"], 1, ours)
    assert response.status_code == 201
    assert response.json["merged"] is True
    merged = client.get(f"/api/v1/acts/{act['id']}/versions/3", headers=drafter_headers).json
    assert "in writing or electronically" in merged["text"]
    assert "every investor and participant" in merged["text"]


def test_concurrent_edits_of_the_same_provision_conflict(client, drafter_headers, app):
    act = create(client, drafter_headers).json
    theirs = SAMPLE_TEXT.replace("in writing", "in writing or electronically")
    ours = SAMPLE_TEXT.replace("in writing", "by registered letter")
    save(client, drafter_headers, act["id"], 1, theirs)
    response = save(client, drafter_headers, act["id"], 1, ours)
    assert response.status_code == 409
    error = response.json["error"]
    assert error["conflicts"] == ["art_3__para_1"]
    detail = error["details"][0]
    assert "electronically" in detail["theirs"] and "registered letter" in detail["ours"]
    assert db.session.scalar(select(Act.current_version).where(Act.id == act["id"])) == 2
    assert db.session.scalar(select(func.count()).select_from(Version)) == 2


def test_compare_reports_changes_with_word_diff(client, drafter_headers):
    act = create(client, drafter_headers).json
    text = SAMPLE_TEXT.replace("ten business days", "five business days") + (
        "\nArticle 4. Entry into force\nThese Rules enter into force on 1 January 2027.\n"
    )
    save(client, drafter_headers, act["id"], 1, text)
    response = client.get(
        f"/api/v1/acts/{act['id']}/compare",
        query_string={"from": 1, "to": 2},
        headers=drafter_headers,
    )
    assert response.status_code == 200
    changes = {c["eid"]: c for c in response.json["changes"]}
    changed = changes["art_3__para_2"]
    assert changed["change"] == "changed"
    assert ["delete", "ten"] in changed["diff"] and ["insert", "five"] in changed["diff"]
    assert changes["art_4"]["change"] == "added"
    assert changes["art_4"]["old"] is None


def test_provision_history(client, drafter_headers):
    act = create(client, drafter_headers).json
    save(client, drafter_headers, act["id"], 1, SAMPLE_TEXT.replace("ten", "five"))
    save(client, drafter_headers, act["id"], 2, SAMPLE_TEXT.replace("in writing", "in writing."))
    history = client.get(
        f"/api/v1/acts/{act['id']}/provisions/art_3__para_2/history", headers=drafter_headers
    ).json
    assert [(item["version"], item["change"]) for item in history["items"]] == [
        (1, "added"),
        (2, "changed"),
        (3, "changed"),
    ]
    assert all(item["author"] == "dana" and item["comment_ids"] == [] for item in history["items"])


def test_restore_makes_a_new_version(client, drafter_headers):
    act = create(client, drafter_headers).json
    save(client, drafter_headers, act["id"], 1, SAMPLE_TEXT.replace("ten", "five"))
    response = client.post(
        f"/api/v1/acts/{act['id']}/versions/1/restore", json={}, headers=drafter_headers
    )
    assert response.status_code == 201
    assert response.json["number"] == 3 and response.json["restored_from"] == 1
    v1 = client.get(f"/api/v1/acts/{act['id']}/versions/1", headers=drafter_headers).json
    v3 = client.get(f"/api/v1/acts/{act['id']}/versions/3", headers=drafter_headers).json
    assert v1["text"] == v3["text"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"act_type": "rules", "language": "en", "text": SAMPLE_TEXT}, "title"),
        ({"title": "T", "act_type": "poem", "language": "en", "text": SAMPLE_TEXT}, "act_type"),
        ({"title": "T", "act_type": "rules", "language": "fr", "text": SAMPLE_TEXT}, "language"),
        ({"title": "T", "act_type": "rules", "language": "en", "text": ""}, "text"),
        ({"title": "T", "act_type": "rules", "language": "en", "text": 5}, "text"),
        ({"title": "x" * 501, "act_type": "rules", "language": "en", "text": "1. a"}, "title"),
        ({"title": "T", "act_type": "rules", "language": "en", "text": "  \n "}, "text"),
        (
            {"title": "T", "act_type": "rules", "language": "en", "text": "1. a", "sector": "moon"},
            "sector",
        ),
    ],
)
def test_create_act_bad_input_is_400_and_saves_nothing(client, drafter_headers, body, field):
    response = client.post("/api/v1/acts", json=body, headers=drafter_headers)
    assert response.status_code == 400
    assert field in response.json["error"].get("fields", {}), response.json
    assert db.session.scalar(select(func.count()).select_from(Act)) == 0


def test_create_act_needs_json(client, drafter_headers):
    response = client.post("/api/v1/acts", data="title=x", headers=drafter_headers)
    assert response.status_code == 415


@pytest.mark.parametrize(
    ("base", "text", "status"),
    [
        (0, SAMPLE_TEXT + "\nArticle 9. New\nText.", 400),
        (7, SAMPLE_TEXT + "\nArticle 9. New\nText.", 400),
        ("1", SAMPLE_TEXT + "\nArticle 9. New\nText.", 400),
        (1, SAMPLE_TEXT, 400),  # nothing changed
        (1, "", 400),
    ],
)
def test_save_bad_input(client, drafter_headers, base, text, status):
    act = create(client, drafter_headers).json
    response = save(client, drafter_headers, act["id"], base, text)
    assert response.status_code == status
    assert db.session.scalar(select(func.count()).select_from(Version)) == 1


def test_text_over_the_limit_is_refused(client, drafter_headers, app):
    app.config["MAX_ACT_TEXT_CHARS"] = 100
    response = create(client, drafter_headers, text=SAMPLE_TEXT)
    assert response.status_code == 400
    assert "limit" in response.json["error"]["message"]


@pytest.mark.parametrize(
    "query", [{"from": 1}, {"from": "a", "to": 1}, {"from": 1, "to": 9}, {"from": -1, "to": 1}]
)
def test_compare_bad_query(client, drafter_headers, query):
    act = create(client, drafter_headers).json
    response = client.get(
        f"/api/v1/acts/{act['id']}/compare", query_string=query, headers=drafter_headers
    )
    assert response.status_code in (400, 404)
    assert response.json["error"]["message"]


@pytest.mark.parametrize("query", [{"page": 0}, {"per_page": 101}, {"page": "x"}, {"status": "x"}])
def test_list_bad_query(client, drafter_headers, query):
    response = client.get("/api/v1/acts", query_string=query, headers=drafter_headers)
    assert response.status_code == 400


def test_list_filters_and_pagination(client, drafter_headers):
    for index in range(3):
        create(client, drafter_headers, title=f"Order {index}", act_type="order")
    create(client, drafter_headers, title="Rules on parking")
    result = client.get(
        "/api/v1/acts", query_string={"act_type": "order", "per_page": 2}, headers=drafter_headers
    ).json
    assert result["total"] == 3 and len(result["items"]) == 2
    found = client.get("/api/v1/acts", query_string={"q": "parking"}, headers=drafter_headers).json
    assert [a["title"] for a in found["items"]] == ["Rules on parking"]


def test_unknown_act_version_and_provision_are_404(client, drafter_headers):
    act = create(client, drafter_headers).json
    for path in (
        "/api/v1/acts/999",
        f"/api/v1/acts/{act['id']}/versions/5",
        f"/api/v1/acts/{act['id']}/provisions/art_99/history",
    ):
        response = client.get(path, headers=drafter_headers)
        assert response.status_code == 404, path
        assert response.json["error"]["code"] == "not_found"
