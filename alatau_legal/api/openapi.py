"""The OpenAPI 3.1 document, generated from the operations declared in contract.py.

Schemas are pydantic's JSON Schema (2020-12, OpenAPI 3.1's dialect) of the request and answer
models the routes validate and serialise through; paths, parameters and statuses come from each
operation's declaration. Nothing here describes a field by hand.
"""

from __future__ import annotations

import re
from copy import deepcopy
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from ..http import MAX_PER_PAGE
from .contract import OPERATIONS, Answer, Download, NoContent, Operation, operation

JSON = "application/json"
Schema = dict[str, Any]
COMPONENT = "#/components/schemas/{model}"


class ErrorDetail(BaseModel):
    """What went wrong; `code` and `message` always, the rest where it applies."""

    model_config = ConfigDict(extra="allow")

    code: str = Field(description="A word a program can test.")
    message: str = Field(description="What a person can do about it.")
    fields: dict[str, str] = Field(
        default_factory=dict, description="What is wrong with each named field (400)."
    )
    conflicts: list[str] = Field(
        default_factory=list, description="eIds changed on both sides since base_version (409)."
    )
    blocked_by: list[str] = Field(
        default_factory=list, description="The workflow guards that do not hold (409)."
    )


class Error(BaseModel):
    """Every error of the API (errors.py)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "error": {
                        "code": "invalid",
                        "message": "Some fields are missing or not valid: title.",
                        "fields": {"title": "Field required"},
                    }
                }
            ]
        },
    )

    error: ErrorDetail


# status: (component name, description, example code, example message)
ERROR_RESPONSES = {
    400: ("BadRequest", "Bad input", "invalid", "Some fields are missing or not valid: title."),
    401: (
        "Unauthorized",
        "No valid bearer token",
        "unauthorized",
        "Send an API token as 'Authorization: Bearer <token>'.",
    ),
    403: ("Forbidden", "Not allowed for this user", "forbidden", "Only drafters may do this."),
    404: (
        "NotFound",
        "No such object, or one this user may not see",
        "not_found",
        "There is no such page or object.",
    ),
    409: (
        "Conflict",
        "A conflicting change, or a workflow guard that does not hold",
        "conflict",
        "The act is not in drafting.",
    ),
    413: (
        "TooLarge",
        "The request is too large",
        "too_large",
        "The request is larger than this server accepts.",
    ),
    415: (
        "UnsupportedType",
        "Wrong content type",
        "unsupported_type",
        "Send a JSON body with Content-Type: application/json.",
    ),
    429: (
        "TooManyRequests",
        "Too many attempts",
        "too_many_requests",
        "Too many attempts. Wait a minute and try again.",
    ),
}

# The path parameters of the routes, by name.
PATH_PARAMETERS = {
    "act_id": "The act's id.",
    "number": "The version number (1 is the first).",
    "round_id": "The review round's id.",
    "comment_id": "The comment's id.",
    "meeting_id": "The meeting's id.",
    "item_id": "The agenda item's id.",
    "eid": "The provision's eId, such as art_1__para_2.",
    "username": "The reviewer's username.",
}
PATH_SCHEMAS = {
    # Flask's int converter takes any run of digits; an id that names nothing is a 404.
    "int": {"type": "integer", "minimum": 0},
    "default": {"type": "string", "minLength": 1, "pattern": "^[^/]+$"},
}
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")

TAGS = [
    ("Meta", "The API's own description."),
    ("Accounts", "Tokens, the signed-in user, notifications."),
    ("Acts", "Acts, versions, comparisons, provision history, import."),
    ("References", "References in an act's text, what refers to a provision, renumbering."),
    ("Workflow", "Transitions between the statuses of an act, and its event log."),
    ("Review", "Review rounds, opinions, comments and dispositions."),
    ("Committee", "Meetings, agenda, decisions and deadlines."),
    ("Search", "Full-text search and phrase occurrences."),
    ("Documents", "DOCX and Akoma Ntoso exports."),
]


class Schemas(GenerateJsonSchema):
    """pydantic's JSON Schema without the titles it derives from field names."""

    def field_title_should_be_set(self, schema) -> bool:
        return False


def _models(operations: list[Operation]) -> list[tuple[type[BaseModel], str]]:
    """Every model the operations name, once, with the mode it is used in."""
    found: dict[type[BaseModel], str] = {Error: "serialization"}
    for op in operations:
        for model in (op.query, op.body, op.form):
            if model is not None:
                found[model] = "validation"
        for answer in op.answers.values():
            if not isinstance(answer, (Download, NoContent)):
                found[answer] = "serialization"
    return list(found.items())


def _path(rule: str) -> str:
    return CONVERTER.sub(r"{\2}", rule)


def _path_parameters(rule: str) -> list[Schema]:
    return [
        {
            "name": name,
            "in": "path",
            "required": True,
            "description": PATH_PARAMETERS[name],
            "schema": dict(PATH_SCHEMAS["int" if converter == "int" else "default"]),
        }
        for converter, name in CONVERTER.findall(rule)
    ]


def _query_parameters(schema: Schema) -> list[Schema]:
    """A query model's properties as OpenAPI parameters."""
    required = set(schema.get("required", ()))
    parameters = []
    for name, prop in schema["properties"].items():
        prop = _without_null(prop)
        description = prop.pop("description", "")
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": name in required,
                "description": description,
                "schema": prop,
            }
        )
    return parameters


def _without_null(prop: Schema) -> Schema:
    """A query value is text or absent, never null: `X | None` there means optional."""
    branches = [branch for branch in prop.get("anyOf", ()) if branch != {"type": "null"}]
    if "anyOf" in prop and len(branches) < len(prop["anyOf"]):
        rest = {key: value for key, value in prop.items() if key not in ("anyOf", "default")}
        if prop.get("default") is not None:
            rest["default"] = prop["default"]
        prop = {**(branches[0] if len(branches) == 1 else {"anyOf": branches}), **rest}
    return dict(prop)


def _example(schema: Schema) -> Any:
    examples = schema.get("examples")
    return examples[0] if examples else None


def _media(schema: Schema, reference: Schema) -> Schema:
    media: Schema = {"schema": reference}
    if (example := _example(schema)) is not None:
        media["example"] = example
    return media


def _describe(model: type[BaseModel]) -> str:
    return (model.__doc__ or model.__name__).strip().splitlines()[0]


def _operation(op: Operation, schemas: dict[str, Schema]) -> Schema:
    parameters = _path_parameters(op.rule)
    spec: Schema = {"operationId": op.endpoint, "tags": [op.tag], "summary": op.summary}
    if op.description:
        spec["description"] = op.description
    if op.query is not None:
        parameters += _query_parameters(schemas[op.query.__name__])
    if parameters:
        spec["parameters"] = parameters
    if op.body is not None:
        spec["requestBody"] = {
            "required": op.body_required,
            "content": {JSON: _media(schemas[op.body.__name__], _ref(op.body))},
        }
    if op.form is not None:
        form = deepcopy(schemas[op.form.__name__])
        form["properties"] = {
            name: _without_null(prop) for name, prop in form["properties"].items()
        }
        for name, mimetype in op.files.items():
            form["properties"][name] = {
                "type": "string",
                "contentMediaType": mimetype,
                "description": "The file.",
            }
            form.setdefault("required", []).insert(0, name)
        example = form.pop("examples", [None])[0]
        media: Schema = {
            "schema": form,
            "encoding": {name: {"contentType": mimetype} for name, mimetype in op.files.items()},
        }
        if example is not None:
            media["example"] = example
        spec["requestBody"] = {"required": True, "content": {"multipart/form-data": media}}

    responses: Schema = {}
    for status, answer in op.answers.items():
        if isinstance(answer, NoContent):
            responses[str(status)] = {"description": answer.description}
        elif isinstance(answer, Download):
            responses[str(status)] = {
                "description": answer.description,
                "content": {
                    answer.mimetype: {
                        "schema": {"type": "string", "contentMediaType": answer.mimetype}
                    }
                },
                "headers": {
                    "Content-Disposition": {
                        "description": "attachment; filename=...",
                        "schema": {"type": "string"},
                    }
                },
            }
        else:
            responses[str(status)] = {
                "description": op.answer_descriptions.get(status) or _describe(answer),
                "content": {JSON: _media(schemas[answer.__name__], _ref(answer))},
            }
    for status in _error_statuses(op):
        responses[str(status)] = {"$ref": f"#/components/responses/{ERROR_RESPONSES[status][0]}"}
    spec["responses"] = responses
    if op.public:
        spec["security"] = []
    return spec


def _error_statuses(op: Operation) -> list[int]:
    """The errors an operation may answer: those it declares, and those its shape implies."""
    statuses = set(op.errors)
    converters = [converter for converter, _name in CONVERTER.findall(op.rule)]
    if converters:
        statuses.add(404)  # an id that names nothing (or nothing this user may see)
    if op.query or op.body or op.form or any(c != "int" for c in converters):
        statuses.add(400)
    if op.body or op.form:
        statuses.add(415)
    if not op.public:
        statuses.add(401)
    return sorted(statuses)


def _ref(model: type[BaseModel]) -> Schema:
    return {"$ref": COMPONENT.format(model=model.__name__)}


@cache
def _generated() -> dict:
    operations = list(OPERATIONS)
    _keys, definitions = models_json_schema(
        _models(operations), ref_template=COMPONENT, schema_generator=Schemas
    )
    schemas: dict[str, Schema] = definitions.get("$defs", {})
    paths: dict[str, dict[str, Schema]] = {}
    for op in operations:
        paths.setdefault(_path(op.rule), {})[op.method.lower()] = _operation(op, schemas)
    # Query strings and forms are described as parameters and form fields, not components.
    for op in operations:
        for model in (op.query, op.form):
            if model is not None:
                schemas.pop(model.__name__, None)
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {
            "title": "Alatau Legal API",
            "version": "1",
            "description": (
                "Drafting, expert review and committee approval of Alatau City's acts. "
                "JSON in and out; every error is "
                '`{"error": {"code", "message"}}`. Get a token from POST /auth/token and send '
                "it as `Authorization: Bearer <token>`. Lists are "
                f'`{{"items": [...], "total": N}}` with ?page= and ?per_page= (max {MAX_PER_PAGE}).'
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "tags": [{"name": name, "description": text} for name, text in TAGS],
        "security": [{"bearerAuth": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from POST /api/v1/auth/token.",
                }
            },
            "schemas": dict(sorted(schemas.items())),
            "responses": {
                name: {
                    "description": description,
                    "content": {
                        JSON: {
                            "schema": _ref(Error),
                            "example": {"error": {"code": code, "message": message}},
                        }
                    },
                }
                for name, description, code, message in ERROR_RESPONSES.values()
            },
        },
    }


def build_document() -> dict:
    """The whole OpenAPI 3.1.0 document (a fresh dict each call; callers may change it)."""
    return deepcopy(_generated())


class OpenApiDocument(Answer):
    """The OpenAPI 3.1 document"""

    model_config = ConfigDict(extra="allow")


@operation(
    "GET",
    "/openapi.json",
    tag="Meta",
    summary="This document",
    answers={200: OpenApiDocument},
    public=True,
)
def openapi_document() -> OpenApiDocument:
    return OpenApiDocument.model_validate(build_document())
