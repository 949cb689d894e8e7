"""The description and the validation of the API are one thing (issue 17, item 9).

Each case below was a disagreement schemathesis found while the OpenAPI document was written by
hand: the document now says what the request models check, and the route refuses what the
document refuses, with a 400 that names the field.
"""

from __future__ import annotations

import pytest

from alatau_legal.api.contract import OPERATIONS, NoContent, Operation, _send
from alatau_legal.api.notifications import Marked
from alatau_legal.api.openapi import build_document
from alatau_legal.review.services import MAX_REASON
from tests.support.builders import api_token, make_act, make_user


@pytest.fixture
def drafter(app, client):
    user = make_user("drafter")
    act = make_act(user)
    return api_token(client, user.username), act


def _parameter(path: str, name: str, method: str = "get") -> dict:
    spec = build_document()["paths"][path][method]
    return next(p for p in spec["parameters"] if p["name"] == name)


def _body_schema(path: str) -> dict:
    document = build_document()
    reference = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    name = reference["schema"]["$ref"].rsplit("/", 1)[-1]
    return document["components"]["schemas"][name]


@pytest.mark.parametrize("q", ["", "   "])
def test_an_empty_search_is_documented_as_refused_and_refused(client, drafter, q):
    headers, _act = drafter
    schema = _parameter("/search", "q")
    assert schema["required"] is True
    assert schema["schema"]["minLength"] == 1 and schema["schema"]["pattern"] == r"\S"
    response = client.get("/api/v1/search", query_string={"q": q}, headers=headers)
    assert response.status_code == 400
    assert "q" in response.json["error"]["fields"]


def test_an_empty_title_filter_of_the_acts_list_is_allowed(client, drafter):
    headers, act = drafter
    assert "minLength" not in _parameter("/acts", "q")["schema"]
    response = client.get("/api/v1/acts?q=", headers=headers)
    assert response.status_code == 200
    assert [item["id"] for item in response.json["items"]] == [act.id]


@pytest.mark.parametrize(
    "path, body",
    [
        ("/acts/{act_id}/transitions", {"action": "withdraw"}),
        ("/comments/{comment_id}/disposition", {"disposition": "rejected"}),
        ("/rounds/{round_id}/reviewers/{username}/waive", {}),
    ],
)
def test_reason_limits_are_documented_and_held(client, drafter, path, body):
    headers, act = drafter
    assert _body_schema(path)["properties"]["reason"]["maxLength"] == MAX_REASON
    url = "/api/v1" + path.format(act_id=act.id, comment_id=1, round_id=1, username="someone")
    too_long = client.post(url, json={**body, "reason": "x" * (MAX_REASON + 1)}, headers=headers)
    assert too_long.status_code == 400
    assert "reason" in too_long.json["error"]["fields"]


def test_a_disposition_needs_a_reason_and_says_so(client, drafter):
    headers, _act = drafter
    schema = _body_schema("/comments/{comment_id}/disposition")
    assert "reason" in schema["required"]
    for reason in (None, "", "  "):
        body = {"disposition": "accepted"} | ({} if reason is None else {"reason": reason})
        response = client.post("/api/v1/comments/1/disposition", json=body, headers=headers)
        assert response.status_code == 400
        assert "reason" in response.json["error"]["fields"]


def test_a_reason_is_required_where_the_workflow_table_says(client, drafter):
    headers, act = drafter
    schema = _body_schema("/acts/{act_id}/transitions")
    assert schema["if"]["properties"]["action"]["enum"] == ["return_to_drafting", "withdraw"]
    assert schema["then"]["required"] == ["reason"]
    url = f"/api/v1/acts/{act.id}/transitions"
    refused = client.post(url, json={"action": "withdraw", "reason": " "}, headers=headers)
    assert refused.status_code == 400
    assert refused.json["error"]["fields"] == {"reason": "A reason is required to withdraw."}
    taken = client.post(url, json={"action": "withdraw", "reason": "Superseded."}, headers=headers)
    assert taken.status_code == 200
    assert taken.json["status"] == "withdrawn"


@pytest.mark.parametrize("name", ["per_page", "page"])
def test_a_query_value_given_twice_is_refused(client, drafter, name):
    headers, _act = drafter
    response = client.get(f"/api/v1/acts?{name}=5&{name}=6", headers=headers)
    assert response.status_code == 400
    assert name in response.json["error"]["fields"]


@pytest.mark.parametrize("ids", [None, "1", ["1"], [True], [1.5], {"0": 1}])
def test_notification_ids_are_the_documented_array_of_integers(client, drafter, ids):
    headers, _act = drafter
    schema = _body_schema("/notifications/read")["properties"]["ids"]
    assert schema["type"] == "array" and schema["items"]["type"] == "integer"
    response = client.post("/api/v1/notifications/read", json={"ids": ids}, headers=headers)
    assert response.status_code == 400
    assert any(name.startswith("ids") for name in response.json["error"]["fields"])


@pytest.mark.parametrize("ids", [[], [1, 2], [3.0]])
def test_notification_ids_the_document_allows_are_accepted(client, drafter, ids):
    headers, _act = drafter
    response = client.post("/api/v1/notifications/read", json={"ids": ids}, headers=headers)
    assert response.status_code == 200
    assert response.json == {"marked": 0}


def test_marking_every_notification_read_takes_no_body(client, drafter):
    headers, _act = drafter
    response = client.post("/api/v1/notifications/read", headers=headers)
    assert response.status_code == 200
    assert (
        build_document()["paths"]["/notifications/read"]["post"]["requestBody"]["required"] is False
    )


def test_every_operation_is_declared_once():
    seen = [(op.method, op.rule) for op in OPERATIONS]
    assert len(seen) == len(set(seen))
    endpoints = [op.endpoint for op in OPERATIONS]
    assert len(endpoints) == len(set(endpoints))


def test_component_names_are_the_models_plain_names():
    """pydantic qualifies a name with its module when two models share it: keep them apart."""
    for name in build_document()["components"]["schemas"]:
        assert name.isidentifier() and "__" not in name, name


def _declared(answers: dict) -> Operation:
    return Operation(
        method="DELETE", rule="/x", endpoint="x", tag="Meta", summary="x", answers=answers,
        errors=(),
    )  # fmt: skip


def test_an_answer_is_sent_only_as_declared(app):
    declared = _declared({200: Marked})
    response = _send(declared, Marked(marked=2))
    assert (response.status_code, response.json) == (200, {"marked": 2})
    with pytest.raises(TypeError):
        _send(declared, {"marked": 2})  # a dict built by hand is not the declared model


def test_an_answer_without_a_body(app):
    declared = _declared({204: NoContent("The token no longer works")})
    response = _send(declared, None)
    assert (response.status_code, response.data) == (204, b"")
    with pytest.raises(TypeError):
        _send(declared, Marked(marked=1))


@pytest.mark.parametrize("body", ["[" * 100_000 + "]" * 100_000, '{"username": ', "[1]"])
def test_a_body_that_is_not_a_json_object_is_a_400(client, app, body):
    response = client.post("/api/v1/auth/token", data=body, content_type="application/json")
    assert response.status_code == 400
    assert "body" in response.json["error"]["fields"]
