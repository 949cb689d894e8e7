"""The OpenAPI document: it names every API route, it is valid OpenAPI 3.1, its examples fit
its own schemas, and /api/docs renders it as HTML without a token."""

from __future__ import annotations

import re

import jsonschema_rs
import pytest
from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

from alatau_legal.api.openapi import build_document

IGNORED_METHODS = {"HEAD", "OPTIONS"}  # Flask adds these to every rule
CONVERTER = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def routes_of_api_blueprint(app) -> set[tuple[str, str]]:
    """(METHOD, OpenAPI path template) of every rule on the `api` blueprint."""
    found = set()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api."):
            continue
        path = CONVERTER.sub(r"{\1}", rule.rule.removeprefix("/api/v1"))
        for method in rule.methods - IGNORED_METHODS:
            found.add((method, path))
    return found


def documented_operations(document: dict) -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }


def test_every_api_route_is_documented_and_nothing_else(app):
    routes = routes_of_api_blueprint(app)
    documented = documented_operations(build_document())
    assert routes - documented == set(), "routes not declared with @operation (api/contract.py)"
    assert documented - routes == set(), "documented operations without a route"


def test_the_document_is_valid_openapi_3_1():
    document = build_document()
    errors = [str(error) for error in OPENAPI_31_VALIDATOR.iter_errors(document)]
    assert errors == []
    for name, schema in document["components"]["schemas"].items():
        assert jsonschema_rs.meta.is_valid({"$schema": DIALECT, **schema}), name


def test_path_parameters_match_the_templates():
    for path, item in build_document()["paths"].items():
        names = set(re.findall(r"{([a-z_]+)}", path))
        for method, spec in item.items():
            declared = {p["name"] for p in spec.get("parameters", []) if p["in"] == "path"}
            assert declared == names, f"{method.upper()} {path}"


def _examples(document: dict):
    """(where, schema, example) for every example the document gives."""
    for name, schema in document["components"]["schemas"].items():
        for example in schema.get("examples", []):
            yield f"schema {name}", schema, example
    for name, response in document["components"]["responses"].items():
        media = response["content"]["application/json"]
        yield f"response {name}", media["schema"], media["example"]
    for path, item in document["paths"].items():
        for method, spec in item.items():
            where = f"{method.upper()} {path}"
            for media in spec.get("requestBody", {}).get("content", {}).values():
                if "example" in media and "file" not in media["schema"].get("properties", {}):
                    yield f"{where} request", media["schema"], media["example"]
            for status, response in spec["responses"].items():
                for media in response.get("content", {}).values():
                    if "example" in media:
                        yield f"{where} {status}", media["schema"], media["example"]


def test_every_example_fits_its_schema():
    document = build_document()
    checked = 0
    for where, schema, example in _examples(document):
        root = {"$schema": DIALECT, "components": document["components"], **schema}
        validator = jsonschema_rs.validator_for(root, validate_formats=True)
        errors = [error.message for error in validator.iter_errors(example)]
        assert errors == [], where
        checked += 1
    assert checked > 20


def test_the_document_is_served_without_a_token(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.json == build_document()
    assert response.json["openapi"] == "3.1.0"


@pytest.mark.parametrize(("path", "method"), [("/auth/token", "post"), ("/openapi.json", "get")])
def test_public_operations_need_no_security(path, method):
    assert build_document()["paths"][path][method]["security"] == []


def test_revoking_a_token_needs_that_token():
    spec = build_document()["paths"]["/auth/token"]["delete"]
    assert "security" not in spec and "401" in spec["responses"] and "204" in spec["responses"]


def test_the_reference_page_lists_every_operation_escaped(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.text
    assert 'href="/api/v1/openapi.json"' in page
    document = build_document()
    for path, item in document["paths"].items():
        for method, spec in item.items():
            assert f'id="op-{spec["operationId"]}"' in page
            assert f"{method.upper()} {path}" in page
    for name in document["components"]["schemas"]:
        assert f'id="schema-{name}"' in page
    # The snippet description mentions <mark>: it must reach the page escaped.
    assert "&lt;mark&gt;" in page and "<mark>" not in page
    assert "<script>" not in page and "style=" not in page


PYDANTIC_ONLY_KEYS = {"ge", "le", "gt", "lt", "min_length", "max_length"}


def _keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def test_every_constraint_is_json_schema():
    """A constraint pydantic could not place (after a validator) would leak as `ge`/`le`, which
    JSON Schema ignores: the document would allow what the model refuses."""
    leaked = set(_keys(build_document()["components"])) & PYDANTIC_ONLY_KEYS
    for item in build_document()["paths"].values():
        for spec in item.values():
            leaked |= set(_keys(spec.get("parameters", []))) & PYDANTIC_ONLY_KEYS
    assert leaked == set()


def test_query_parameters_are_never_null():
    for path, item in build_document()["paths"].items():
        for method, spec in item.items():
            for parameter in spec.get("parameters", []):
                assert '"null"' not in str(parameter["schema"]).replace("'", '"'), (
                    f"{method.upper()} {path} {parameter['name']}"
                )
