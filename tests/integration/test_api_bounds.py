"""Numbers beyond the database's integer columns (found by the fuzz tests): a 404 for an id in
the path, a 400 for a query or body field, never the driver's overflow as a 500."""

from __future__ import annotations

import pytest

from tests.support.builders import api_token, make_act, make_user

HUGE = 2**63


@pytest.fixture
def drafter_headers(app, client):
    drafter = make_user("drafter")
    make_act(drafter)
    return api_token(client, drafter.username)


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/acts/{HUGE}",
        f"/api/v1/acts/{HUGE}/versions/1",
        f"/api/v1/acts/1/versions/{HUGE}",
        f"/api/v1/comments/{HUGE}",
        f"/api/v1/rounds/{HUGE}",
        f"/api/v1/meetings/{HUGE}",
    ],
)
def test_an_id_beyond_the_database_is_not_found(client, drafter_headers, path):
    response = client.get(path, headers=drafter_headers)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "path, field",
    [
        (f"/api/v1/acts?page={HUGE}", "page"),
        (f"/api/v1/acts/1/compare?from=1&to={HUGE}", "to"),
        (f"/api/v1/acts/1/comments?version={HUGE}", "version"),
    ],
)
def test_a_query_number_beyond_the_database_is_a_400(client, drafter_headers, path, field):
    response = client.get(path, headers=drafter_headers)
    assert response.status_code == 400
    assert field in response.json["error"]["fields"]


@pytest.mark.parametrize("ids", [[HUGE], [-HUGE]])
def test_a_body_number_beyond_the_database_is_a_400(client, drafter_headers, ids):
    response = client.post("/api/v1/notifications/read", json={"ids": ids}, headers=drafter_headers)
    assert response.status_code == 400
    assert "ids.0" in response.json["error"]["fields"]


def test_saving_on_a_base_version_beyond_the_database_is_a_400(client, drafter_headers):
    response = client.post(
        "/api/v1/acts/1/versions",
        json={"base_version": HUGE, "text": "Article 1. Subject\n1. Text."},
        headers=drafter_headers,
    )
    assert response.status_code == 400
    assert "base_version" in response.json["error"]["fields"]
