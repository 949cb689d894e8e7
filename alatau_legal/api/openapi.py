"""The OpenAPI 3.1 document of the JSON API, built in one place and served at /openapi.json.

Schemas are JSON Schema 2020-12 and describe the answers exactly as the routes build them
(`act_json`, `round_json`, ...): objects list every field and forbid others, so a field added
to a route without being documented here fails the fuzz tests (tests/integration/test_api_fuzz).
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from flask import jsonify

from ..accounts.models import Language, Role
from ..acts.models import ActStatus, ActType, Sector
from ..acts.text.model import Kind
from ..committee.deadlines import STATUSES as DEADLINE_STATUSES
from ..committee.models import Decision, Removal
from ..documents.services import DOCX, XML
from ..http import MAX_DB_INT, MAX_PER_PAGE, MIN_DB_INT
from ..review.models import Disposition, Recommendation, Stage
from ..review.services import COMMENT_STATUSES
from ..review.workflow import Action
from ..search.services import KINDS as SEARCH_KINDS
from ..search.services import MAX_PAGE as SEARCH_MAX_PAGE
from ..search.services import VERSION_SCOPES
from . import bp

JSON = "application/json"
Schema = dict[str, Any]


def _values(enum_cls) -> list[str]:
    return [member.value for member in enum_cls]


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: Schema) -> Schema:
    """`schema` or null; a plain type gains "null", anything else becomes an anyOf."""
    if set(schema) <= {"type", "format", "enum", "description"} and "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        widened = {**schema, "type": [*types, "null"]}
        if "enum" in schema:
            widened["enum"] = [*schema["enum"], None]
        return widened
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict[str, Schema], *, optional: tuple[str, ...] = (), **extra: Any) -> Schema:
    """An object with exactly these properties, all required but `optional`."""
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
        **extra,
    }


def page_of(item: Schema) -> Schema:
    """The list shape of API.md: `{"items": [...], "total": N}`."""
    return obj({"items": {"type": "array", "items": item}, "total": INTEGER})


STRING: Schema = {"type": "string"}
INTEGER: Schema = {"type": "integer"}
BOOLEAN: Schema = {"type": "boolean"}
DATE: Schema = {"type": "string", "format": "date"}
DATETIME: Schema = {"type": "string", "format": "date-time"}
USERNAME: Schema = {"type": "string", "description": "A username."}
# A whole number the API accepts in a body or query: what the database's integer columns hold.
DB_INT: Schema = {"type": "integer", "minimum": MIN_DB_INT, "maximum": MAX_DB_INT}
POSITIVE_INT: Schema = {"type": "integer", "minimum": 1, "maximum": MAX_DB_INT}

# ---------------------------------------------------------------------------------------------
# Reusable schemas: the answers of the routes


PROVISION = obj(
    {
        "eid": STRING,
        "kind": {"type": "string", "enum": _values(Kind)},
        "num": nullable(STRING),
        "heading": STRING,
        "text": STRING,
        "parent": nullable(STRING),
    },
    description="One provision of a version, without its children (document order).",
    examples=[
        {
            "eid": "art_1__para_1",
            "kind": "paragraph",
            "num": "1",
            "heading": "",
            "text": "These Rules govern investment preferences in Alatau City.",
            "parent": "art_1",
        }
    ],
)

ACT_PROPERTIES: dict[str, Schema] = {
    "id": INTEGER,
    "number": STRING,
    "title": STRING,
    "titles": {
        "type": "object",
        "propertyNames": {"enum": _values(Language)},
        "additionalProperties": STRING,
        "description": "The title in each language it has, by language code.",
    },
    "act_type": {"type": "string", "enum": _values(ActType)},
    "sector": {"type": "string", "enum": _values(Sector)},
    "legal_basis": STRING,
    "language": {"type": "string", "enum": _values(Language)},
    "status": {"type": "string", "enum": _values(ActStatus)},
    "current_version": INTEGER,
    "deadline": nullable(DATE),
    "lead_drafter": USERNAME,
    "created_at": DATETIME,
    "updated_at": DATETIME,
}

ACT_EXAMPLE = {
    "id": 7,
    "number": "ALC-2026-007",
    "title": "Rules on investment preferences",
    "titles": {"en": "Rules on investment preferences"},
    "act_type": "rules",
    "sector": "investment",
    "legal_basis": "",
    "language": "en",
    "status": "drafting",
    "current_version": 1,
    "deadline": None,
    "lead_drafter": "drafter",
    "created_at": "2026-03-02T09:15:00+00:00",
    "updated_at": "2026-03-02T09:15:00+00:00",
}

ISSUE = obj(
    {"line": INTEGER, "message": STRING},
    description="A remark of the text parser about one line (the text was saved anyway).",
)

VERSION_PROPERTIES: dict[str, Schema] = {
    "number": INTEGER,
    "author": USERNAME,
    "created_at": DATETIME,
    "note": STRING,
    "base_version": nullable(INTEGER),
    "merged": BOOLEAN,
    "restored_from": nullable(INTEGER),
    "provision_count": INTEGER,
}

VERSION_EXAMPLE = {
    "number": 2,
    "author": "drafter",
    "created_at": "2026-03-03T10:00:00+00:00",
    "note": "Definitions reworded",
    "base_version": 1,
    "merged": False,
    "restored_from": None,
    "provision_count": 12,
}

CHANGE = obj(
    {
        "eid": STRING,
        "change": {"type": "string", "enum": ["added", "removed", "changed", "moved"]},
        "old": nullable(ref("Provision")),
        "new": nullable(ref("Provision")),
        "diff": nullable(
            {
                "type": "array",
                "description": "The word diff: [op, text] pairs.",
                "items": {
                    "type": "array",
                    "prefixItems": [
                        {"type": "string", "enum": ["equal", "insert", "delete"]},
                        STRING,
                    ],
                    "minItems": 2,
                    "maxItems": 2,
                },
            }
        ),
    }
)

TRANSITION_OPTION = obj(
    {
        "action": {"type": "string", "enum": _values(Action)},
        "label": STRING,
        "to": {"type": "string", "enum": _values(ActStatus)},
        "allowed": BOOLEAN,
        "blocked_by": {"type": "array", "items": STRING},
        "reason_required": BOOLEAN,
    },
    examples=[
        {
            "action": "submit_domestic_review",
            "label": "Submit for domestic review",
            "to": "domestic_review",
            "allowed": False,
            "blocked_by": ["Plan a domestic review round first."],
            "reason_required": False,
        }
    ],
)

EVENT = obj(
    {
        "id": INTEGER,
        "action": STRING,
        "transition": nullable(STRING),
        "from": nullable(STRING),
        "to": nullable(STRING),
        "reason": nullable(STRING),
        "actor": nullable(USERNAME),
        "round_id": nullable(INTEGER),
        "created_at": DATETIME,
        "details": {"type": "object", "description": "What the audit log recorded."},
    }
)

OPINION = obj(
    {
        "id": INTEGER,
        "reviewer": USERNAME,
        "recommendation": {"type": "string", "enum": _values(Recommendation)},
        "text": STRING,
        "submitted": BOOLEAN,
        "submitted_at": nullable(DATETIME),
        "updated_at": DATETIME,
    },
    examples=[
        {
            "id": 3,
            "reviewer": "domestic-expert",
            "recommendation": "approve_with_changes",
            "text": "Article 3 needs a time limit for the investor too.",
            "submitted": True,
            "submitted_at": "2026-03-10T12:00:00+00:00",
            "updated_at": "2026-03-10T12:00:00+00:00",
        }
    ],
)

ASSIGNMENT_STATES = ["pending", "submitted", "waived"]

ASSIGNMENT = obj(
    {
        "reviewer": USERNAME,
        "organisation": nullable(STRING),
        "due": DATE,
        "state": {"type": "string", "enum": ASSIGNMENT_STATES},
        "opinion_status": {"type": "string", "enum": ASSIGNMENT_STATES},
        "waiver_reason": nullable(STRING),
        "opinion": nullable(ref("Opinion")),
    }
)

ROUND = obj(
    {
        "id": INTEGER,
        "act_id": INTEGER,
        "stage": {"type": "string", "enum": _values(Stage)},
        "status": {"type": "string", "enum": ["planned", "open", "closed"]},
        "version": nullable(INTEGER),
        "due": DATE,
        "created_by": USERNAME,
        "created_at": DATETIME,
        "opened_at": nullable(DATETIME),
        "closed_at": nullable(DATETIME),
        "complete": BOOLEAN,
        "assignments": {"type": "array", "items": ref("Assignment")},
    },
    examples=[
        {
            "id": 2,
            "act_id": 7,
            "stage": "domestic",
            "status": "open",
            "version": 1,
            "due": "2026-03-20",
            "created_by": "secretary",
            "created_at": "2026-03-02T10:00:00+00:00",
            "opened_at": "2026-03-03T09:00:00+00:00",
            "closed_at": None,
            "complete": False,
            "assignments": [
                {
                    "reviewer": "domestic-expert",
                    "organisation": "Institute of Legislation",
                    "due": "2026-03-20",
                    "state": "pending",
                    "opinion_status": "pending",
                    "waiver_reason": None,
                    "opinion": None,
                }
            ],
        }
    ],
)

REPLY = obj({"id": INTEGER, "author": USERNAME, "body": STRING, "created_at": DATETIME})

COMMENT = obj(
    {
        "id": INTEGER,
        "act_id": INTEGER,
        "round_id": nullable(INTEGER),
        "parent_id": nullable(INTEGER),
        "eid": STRING,
        "version": INTEGER,
        "quote": nullable(STRING),
        "author": USERNAME,
        "body": STRING,
        "created_at": DATETIME,
        "replies": {"type": "array", "items": ref("Reply")},
        "disposition": nullable({"type": "string", "enum": _values(Disposition)}),
        "disposition_reason": nullable(STRING),
        "disposed_by": nullable(USERNAME),
        "disposed_at": nullable(DATETIME),
        "outdated": BOOLEAN,
    },
    examples=[
        {
            "id": 11,
            "act_id": 7,
            "round_id": 2,
            "parent_id": None,
            "eid": "art_3__para_2",
            "version": 1,
            "quote": "ten business days",
            "author": "domestic-expert",
            "body": "Ten days is short for a complex application.",
            "created_at": "2026-03-05T08:30:00+00:00",
            "replies": [],
            "disposition": None,
            "disposition_reason": None,
            "disposed_by": None,
            "disposed_at": None,
            "outdated": False,
        }
    ],
)

VOTES = obj({"for": INTEGER, "against": INTEGER, "abstain": INTEGER})

TIME_HH_MM: Schema = {
    "type": "string",
    "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
    "description": "A start time in Alatau (Asia/Almaty), HH:MM.",
}

AGENDA_ITEM = obj(
    {
        "id": INTEGER,
        "meeting_id": INTEGER,
        "act_id": INTEGER,
        "act_number": STRING,
        "version": INTEGER,
        "position": INTEGER,
        "decision": nullable({"type": "string", "enum": _values(Decision)}),
        "votes": ref("Votes"),
        "notes": STRING,
        "decided_at": nullable(DATETIME),
        "removed": nullable({"type": "string", "enum": _values(Removal)}),
        "removed_at": nullable(DATETIME),
        "removal_reason": nullable(STRING),
        "moved_to_meeting_id": nullable(INTEGER),
    }
)

MEETING = obj(
    {
        "id": INTEGER,
        "date": DATE,
        "time": nullable(TIME_HH_MM),
        "place": STRING,
        "title": STRING,
        "created_by": USERNAME,
        "attendees": {"type": "array", "items": USERNAME},
        "agenda": {"type": "array", "items": ref("AgendaItem")},
    },
    examples=[
        {
            "id": 1,
            "date": "2026-04-02",
            "time": "10:00",
            "place": "Alatau City Hall, room 301",
            "title": "Operational Committee, April",
            "created_by": "secretary",
            "attendees": ["committee-member"],
            "agenda": [],
        }
    ],
)

DEADLINE = obj(
    {
        "kind": {"type": "string", "enum": ["assignment", "round", "stage", "agenda_item"]},
        "act_id": INTEGER,
        "act_number": STRING,
        "stage": STRING,
        "who": USERNAME,
        "due": DATE,
        "business_days_left": INTEGER,
        "status": {"type": "string", "enum": list(DEADLINE_STATUSES)},
        "what": STRING,
    }
)

SEARCH_RESULT = obj(
    {
        "act_id": INTEGER,
        "act_number": STRING,
        "version": INTEGER,
        "eid": STRING,
        "snippet": {
            "type": "string",
            "description": "HTML: the text escaped, the matched words in <mark>.",
        },
        "score": {"type": "number"},
        "kind": {"type": "string", "enum": list(SEARCH_KINDS)},
        "versions": obj({"first": INTEGER, "last": INTEGER}),
        "url": STRING,
        "comment_id": INTEGER,
    },
    optional=("comment_id",),
    examples=[
        {
            "act_id": 7,
            "act_number": "ALC-2026-007",
            "version": 2,
            "eid": "art_1__para_1",
            "snippet": "These Rules govern <mark>investment</mark> preferences",
            "score": 3.2,
            "kind": "provision",
            "versions": {"first": 1, "last": 2},
            "url": "/acts/ALC-2026-007/v/2#art_1__para_1",
        }
    ],
)

NOTIFICATION = obj(
    {
        "id": INTEGER,
        "kind": STRING,
        "message": STRING,
        "act_id": nullable(INTEGER),
        "url": STRING,
        "created_at": DATETIME,
        "read": BOOLEAN,
    }
)

ERROR = obj(
    {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "description": "A word a program can test."},
                "message": {"type": "string", "description": "What a person can do about it."},
                "fields": {
                    "type": "object",
                    "additionalProperties": STRING,
                    "description": "What is wrong with each named field (400).",
                },
                "conflicts": {
                    "type": "array",
                    "items": STRING,
                    "description": "eIds changed on both sides since base_version (409).",
                },
                "blocked_by": {
                    "type": "array",
                    "items": STRING,
                    "description": "The workflow guards that do not hold (409).",
                },
            },
            "required": ["code", "message"],
        }
    },
    description="Every error of the API (errors.py).",
    examples=[
        {
            "error": {
                "code": "invalid",
                "message": "Some fields are missing or not valid: title.",
                "fields": {"title": "Field required"},
            }
        }
    ],
)

ME = obj(
    {
        "username": USERNAME,
        "full_name": STRING,
        "role": {
            "type": "string",
            "enum": _values(Role),
        },
        "organisation": nullable(STRING),
        "calendar_url": {"type": "string", "format": "uri"},
    }
)

SCHEMAS: dict[str, Schema] = {
    "Error": ERROR,
    "Act": obj(ACT_PROPERTIES, examples=[ACT_EXAMPLE]),
    "ActCreated": obj(
        {**ACT_PROPERTIES, "issues": {"type": "array", "items": ref("Issue")}},
        examples=[{**ACT_EXAMPLE, "issues": []}],
    ),
    "Issue": ISSUE,
    "Version": obj(VERSION_PROPERTIES, examples=[VERSION_EXAMPLE]),
    "VersionText": obj(
        {
            **VERSION_PROPERTIES,
            "text": STRING,
            "provisions": {"type": "array", "items": ref("Provision")},
        }
    ),
    "Provision": PROVISION,
    "Change": CHANGE,
    "TransitionOption": TRANSITION_OPTION,
    "Event": EVENT,
    "Round": ROUND,
    "Assignment": ASSIGNMENT,
    "Opinion": OPINION,
    "Comment": COMMENT,
    "Reply": REPLY,
    "Meeting": MEETING,
    "AgendaItem": AGENDA_ITEM,
    "Votes": VOTES,
    "Deadline": DEADLINE,
    "SearchResult": SEARCH_RESULT,
    "Notification": NOTIFICATION,
    "Me": ME,
}

# ---------------------------------------------------------------------------------------------
# Error answers

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


def _error_response(description: str, code: str, message: str) -> dict:
    return {
        "description": description,
        "content": {
            JSON: {"schema": ref("Error"), "example": {"error": {"code": code, "message": message}}}
        },
    }


RESPONSES = {
    name: _error_response(description, code, message)
    for name, description, code, message in ERROR_RESPONSES.values()
}

# ---------------------------------------------------------------------------------------------
# Parameters


def path_int(name: str, description: str) -> dict:
    # Flask's int converter takes any run of digits; the routes answer 404 for unknown ids.
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "integer", "minimum": 0},
    }


def path_str(name: str, description: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "string", "minLength": 1, "pattern": "^[^/]+$"},
    }


def query(name: str, schema: Schema, description: str, *, required: bool = False) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }


def query_enum(name: str, values, description: str) -> dict:
    return query(name, {"type": "string", "enum": list(values)}, description)


ACT_ID = path_int("act_id", "The act's id.")
VERSION_NUMBER = path_int("number", "The version number (1 is the first).")
ROUND_ID = path_int("round_id", "The review round's id.")
COMMENT_ID = path_int("comment_id", "The comment's id.")
MEETING_ID = path_int("meeting_id", "The meeting's id.")
ITEM_ID = path_int("item_id", "The agenda item's id.")
EID = path_str("eid", "The provision's eId, such as art_1__para_2.")
REVIEWER = path_str("username", "The reviewer's username.")
PAGE = query("page", POSITIVE_INT, "The page, from 1.")
PER_PAGE = query(
    "per_page",
    {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
    f"Items per page, at most {MAX_PER_PAGE}.",
)
FLAG = {"type": "string", "enum": ["1", "0", "true", "false"]}
VERSION_FROM = query("from", POSITIVE_INT, "The older version.", required=True)
VERSION_TO = query("to", POSITIVE_INT, "The newer version.", required=True)

# ---------------------------------------------------------------------------------------------
# Operations


def json_body(schema: Schema, example: dict, *, required: bool = True) -> dict:
    return {"required": required, "content": {JSON: {"schema": schema, "example": example}}}


def body(properties: dict[str, Schema], example: dict, *, optional: tuple[str, ...] = ()) -> dict:
    """A JSON request body; unknown fields are ignored by the API, so they are allowed."""
    schema = obj(properties, optional=optional)
    schema["additionalProperties"] = True
    return json_body(schema, example)


def answer(description: str, schema: Schema, example: Any = None) -> dict:
    media: dict[str, Any] = {"schema": schema}
    if example is not None:
        media["example"] = example
    return {"description": description, "content": {JSON: media}}


def download(description: str, mimetype: str) -> dict:
    return {
        "description": description,
        "content": {mimetype: {"schema": {"type": "string", "contentMediaType": mimetype}}},
        "headers": {
            "Content-Disposition": {
                "description": "attachment; filename=...",
                "schema": STRING,
            }
        },
    }


def operation(
    operation_id: str,
    tag: str,
    summary: str,
    ok: tuple[int, dict],
    errors: tuple[int, ...],
    *,
    parameters: list[dict] | None = None,
    request_body: dict | None = None,
    public: bool = False,
    description: str | None = None,
    also: dict[int, dict] | None = None,
) -> dict:
    status, success = ok
    codes = sorted({*errors, *(() if public else (401,))})
    result: dict[str, Any] = {
        "operationId": operation_id,
        "tags": [tag],
        "summary": summary,
        "responses": {
            str(status): success,
            **{str(code): extra for code, extra in (also or {}).items()},
            **{
                str(code): {"$ref": f"#/components/responses/{ERROR_RESPONSES[code][0]}"}
                for code in codes
            },
        },
    }
    if description:
        result["description"] = description
    if parameters:
        result["parameters"] = list(parameters)
    if request_body:
        result["requestBody"] = request_body
    if public:
        result["security"] = []
    return result


# A JSON body: 400 when a field is wrong, 415 when the body is not JSON.
BODY_ERRORS = (400, 415)

NEW_ACT_EXAMPLE = {
    "title": "Rules on investment preferences",
    "act_type": "rules",
    "language": "en",
    "text": "Article 1. Subject\n1. These Rules govern investment preferences.",
}


def _paths() -> dict[str, dict[str, dict]]:
    return {
        "/openapi.json": {
            "get": operation(
                "openapi",
                "Meta",
                "This document",
                (200, answer("The OpenAPI 3.1 document", {"type": "object"})),
                (),
                public=True,
            )
        },
        "/auth/token": {
            "post": operation(
                "issue_token",
                "Accounts",
                "Get a bearer token",
                (
                    200,
                    answer(
                        "A new token",
                        obj({"token": STRING, "expires_at": DATETIME}),
                        {"token": "12.abcdef...", "expires_at": "2026-04-01T09:00:00+00:00"},
                    ),
                ),
                (*BODY_ERRORS, 401, 429),
                request_body=body(
                    {
                        "username": {"type": "string", "minLength": 1, "maxLength": 64},
                        "password": {"type": "string", "minLength": 1, "maxLength": 256},
                    },
                    {"username": "drafter", "password": "correct horse battery"},
                ),
                public=True,
                description="401 on a wrong username or password; rate-limited (429).",
            )
        },
        "/me": {
            "get": operation(
                "me",
                "Accounts",
                "Who the token belongs to",
                (200, answer("The user", ref("Me"))),
                (),
            )
        },
        "/me/calendar-token": {
            "post": operation(
                "new_calendar_token",
                "Accounts",
                "A new private calendar URL (the old one stops working)",
                (
                    200,
                    answer(
                        "The new URL",
                        obj({"calendar_url": {"type": "string", "format": "uri"}}),
                    ),
                ),
                (),
            )
        },
        "/acts": {
            "get": operation(
                "list_acts",
                "Acts",
                "The acts this user may see",
                (200, answer("A page of acts", page_of(ref("Act")))),
                (400,),
                parameters=[
                    query_enum("status", _values(ActStatus), "Only acts in this status."),
                    query_enum("act_type", _values(ActType), "Only acts of this type."),
                    query_enum("sector", _values(Sector), "Only acts of this sector."),
                    query("q", STRING, "Words of the number or a title."),
                    PAGE,
                    PER_PAGE,
                ],
            ),
            "post": operation(
                "create_act",
                "Acts",
                "Create an act (drafter)",
                (201, answer("The act, in drafting, with version 1", ref("ActCreated"))),
                (*BODY_ERRORS, 403, 413),
                request_body=body(
                    {
                        "title": {"type": "string", "minLength": 1, "maxLength": 500},
                        "act_type": {"type": "string", "enum": _values(ActType)},
                        "language": {"type": "string", "enum": _values(Language)},
                        "text": {"type": "string", "minLength": 1},
                        "sector": nullable({"type": "string", "enum": _values(Sector)}),
                        "legal_basis": {"type": "string", "maxLength": 500},
                        "titles": {
                            "type": "object",
                            "additionalProperties": STRING,
                            "description": "Titles in the other languages, by language code.",
                        },
                        "note": {"type": "string", "maxLength": 1000},
                    },
                    NEW_ACT_EXAMPLE,
                    optional=("sector", "legal_basis", "titles", "note"),
                ),
            ),
        },
        "/acts/import": {
            "post": operation(
                "import_act",
                "Acts",
                "Create an act from a Word file (drafter)",
                (201, answer("The act, in drafting, with version 1", ref("ActCreated"))),
                (400, 403, 413, 415),
                request_body={
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "file": {
                                        "type": "string",
                                        "contentMediaType": DOCX,
                                        "description": "The DOCX file.",
                                    },
                                    "title": STRING,
                                    "act_type": {"type": "string", "enum": _values(ActType)},
                                    "language": {"type": "string", "enum": _values(Language)},
                                    "sector": {"type": "string", "enum": _values(Sector)},
                                    "legal_basis": STRING,
                                },
                                "required": ["file", "title", "act_type", "language"],
                            },
                            "encoding": {"file": {"contentType": DOCX}},
                            "example": {
                                "title": "Rules on investment preferences",
                                "act_type": "rules",
                                "language": "en",
                            },
                        }
                    },
                },
            )
        },
        "/acts/{act_id}": {
            "get": operation(
                "get_act",
                "Acts",
                "One act",
                (200, answer("The act", ref("Act"))),
                (404,),
                parameters=[ACT_ID],
            )
        },
        "/acts/{act_id}/versions": {
            "get": operation(
                "list_versions",
                "Acts",
                "The act's versions, newest first",
                (200, answer("The versions", page_of(ref("Version")))),
                (404,),
                parameters=[ACT_ID],
            ),
            "post": operation(
                "save_version",
                "Acts",
                "Save a new version (drafter, act in drafting)",
                (
                    201,
                    answer(
                        "The new version's number; merged when others saved since base_version",
                        obj(
                            {
                                "number": INTEGER,
                                "merged": BOOLEAN,
                                "issues": {"type": "array", "items": ref("Issue")},
                            }
                        ),
                        {"number": 3, "merged": True, "issues": []},
                    ),
                ),
                (*BODY_ERRORS, 403, 404, 409, 413),
                parameters=[ACT_ID],
                request_body=body(
                    {
                        "base_version": POSITIVE_INT,
                        "text": {"type": "string", "minLength": 1},
                        "note": {"type": "string", "maxLength": 1000},
                    },
                    {
                        "base_version": 1,
                        "text": "Article 1. Subject\n1. Changed text.",
                        "note": "Subject narrowed",
                    },
                    optional=("note",),
                ),
                description=(
                    "409 `conflict` with `conflicts` (eIds) when the same provisions changed "
                    "since base_version; 409 when the act is not in drafting."
                ),
            ),
        },
        "/acts/{act_id}/versions/{number}": {
            "get": operation(
                "get_version",
                "Acts",
                "One version's text and provisions",
                (200, answer("The version", ref("VersionText"))),
                (404,),
                parameters=[ACT_ID, VERSION_NUMBER],
            )
        },
        "/acts/{act_id}/versions/{number}/restore": {
            "post": operation(
                "restore_version",
                "Acts",
                "Save an earlier version's text as the newest (drafter)",
                (201, answer("The new version", ref("Version"))),
                (*BODY_ERRORS, 403, 404, 409),
                parameters=[ACT_ID, VERSION_NUMBER],
                request_body={
                    **body(
                        {"note": {"type": "string", "maxLength": 1000}},
                        {"note": "Back to the text the committee saw"},
                        optional=("note",),
                    ),
                    "required": False,
                },
            )
        },
        "/acts/{act_id}/compare": {
            "get": operation(
                "compare",
                "Acts",
                "What changed between two versions",
                (
                    200,
                    answer(
                        "The changed provisions",
                        obj(
                            {
                                "from": INTEGER,
                                "to": INTEGER,
                                "changes": {"type": "array", "items": ref("Change")},
                            }
                        ),
                    ),
                ),
                (400, 404),
                parameters=[ACT_ID, VERSION_FROM, VERSION_TO],
            )
        },
        "/acts/{act_id}/provisions/{eid}/history": {
            "get": operation(
                "provision_history",
                "Acts",
                "The versions in which one provision changed",
                (
                    200,
                    answer(
                        "The history, oldest first",
                        page_of(
                            obj(
                                {
                                    "version": INTEGER,
                                    "change": {
                                        "type": "string",
                                        "enum": ["added", "changed", "removed"],
                                    },
                                    "author": USERNAME,
                                    "created_at": DATETIME,
                                    "note": STRING,
                                    "comment_ids": {"type": "array", "items": INTEGER},
                                    "provision": nullable(ref("Provision")),
                                }
                            )
                        ),
                    ),
                ),
                (404,),
                parameters=[ACT_ID, EID],
            )
        },
        "/acts/{act_id}/transitions": {
            "get": operation(
                "list_transitions",
                "Workflow",
                "The actions this user may take now, and what blocks them",
                (200, answer("The options", page_of(ref("TransitionOption")))),
                (404,),
                parameters=[ACT_ID],
            ),
            "post": operation(
                "make_transition",
                "Workflow",
                "Move the act through the workflow",
                (200, answer("The act", ref("Act"))),
                (*BODY_ERRORS, 403, 404, 409),
                parameters=[ACT_ID],
                request_body=body(
                    {
                        "action": {"type": "string", "enum": _values(Action)},
                        "reason": {"type": "string", "maxLength": 10_000},
                    },
                    {"action": "submit_domestic_review", "reason": ""},
                    optional=("reason",),
                ),
                description=(
                    "409 `guard_failed` with `blocked_by` when a guard does not hold. `approve` "
                    "is the Operational Committee's: it is taken only by recording an approve "
                    "decision at a meeting, and asked for here it is refused with 409 "
                    "`committee_decision_required`."
                ),
            ),
        },
        "/acts/{act_id}/events": {
            "get": operation(
                "list_events",
                "Workflow",
                "The act's recorded transitions and actions, oldest first",
                (200, answer("The events", page_of(ref("Event")))),
                (400, 404),
                parameters=[ACT_ID, PAGE, PER_PAGE],
            )
        },
        "/acts/{act_id}/rounds": {
            "get": operation(
                "list_rounds",
                "Review",
                "The act's review rounds",
                (200, answer("The rounds", page_of(ref("Round")))),
                (400, 404),
                parameters=[ACT_ID, PAGE, PER_PAGE],
            ),
            "post": operation(
                "plan_round",
                "Review",
                "Plan a review round (secretary)",
                (201, answer("The round", ref("Round"))),
                (*BODY_ERRORS, 403, 404, 409),
                parameters=[ACT_ID],
                request_body=body(
                    {
                        "stage": {"type": "string", "enum": _values(Stage)},
                        "reviewers": {"type": "array", "items": USERNAME, "maxItems": 100},
                        "due": nullable(DATE),
                        "dues": {
                            "type": "object",
                            "additionalProperties": DATE,
                            "maxProperties": 100,
                            "description": "Per-reviewer due dates; the others take `due`.",
                        },
                    },
                    {"stage": "domestic", "reviewers": ["domestic-expert"], "due": "2026-03-20"},
                    optional=("due", "dues"),
                ),
            ),
        },
        "/rounds/{round_id}": {
            "get": operation(
                "get_round",
                "Review",
                "One review round",
                (200, answer("The round", ref("Round"))),
                (404,),
                parameters=[ROUND_ID],
            )
        },
        "/rounds/{round_id}/reviewers": {
            "post": operation(
                "invite_reviewer",
                "Review",
                "Invite one more reviewer (secretary)",
                (201, answer("The round", ref("Round"))),
                (*BODY_ERRORS, 403, 404, 409),
                parameters=[ROUND_ID],
                request_body=body(
                    {
                        "username": {"type": "string", "minLength": 1, "maxLength": 200},
                        "due": nullable(DATE),
                    },
                    {"username": "domestic-expert-2", "due": "2026-03-25"},
                    optional=("due",),
                ),
            )
        },
        "/rounds/{round_id}/reviewers/{username}/due": {
            "post": operation(
                "change_due",
                "Review",
                "Change one reviewer's due date (secretary)",
                (200, answer("The round", ref("Round"))),
                (*BODY_ERRORS, 403, 404, 409),
                parameters=[ROUND_ID, REVIEWER],
                request_body=body(
                    {"due": nullable(DATE)}, {"due": "2026-03-27"}, optional=("due",)
                ),
            )
        },
        "/rounds/{round_id}/reviewers/{username}/waive": {
            "post": operation(
                "waive_opinion",
                "Review",
                "Waive one reviewer's opinion (secretary, open round)",
                (200, answer("The round", ref("Round"))),
                (*BODY_ERRORS, 403, 404, 409),
                parameters=[ROUND_ID, REVIEWER],
                request_body=body(
                    {"reason": {"type": "string", "maxLength": 10_000}},
                    {"reason": "The expert is on leave."},
                    optional=("reason",),
                ),
            )
        },
        "/rounds/{round_id}/opinion": {
            "post": operation(
                "give_opinion",
                "Review",
                "Save or submit this reviewer's opinion (an assigned reviewer)",
                (201, answer("The opinion, new", ref("Opinion"))),
                (*BODY_ERRORS, 403, 404, 409),
                parameters=[ROUND_ID],
                request_body=body(
                    {
                        "recommendation": {"type": "string", "enum": _values(Recommendation)},
                        "text": {"type": "string", "maxLength": 100_000},
                        "submit": {
                            "type": "boolean",
                            "description": "false keeps a draft only its author sees.",
                        },
                    },
                    {"recommendation": "approve", "text": "Fine as it is."},
                    optional=("submit",),
                ),
                also={200: answer("The opinion, an earlier draft updated", ref("Opinion"))},
            )
        },
        "/rounds/{round_id}/opinions": {
            "get": operation(
                "list_opinions",
                "Review",
                "The opinions of a round this user may read",
                (200, answer("The opinions", page_of(ref("Opinion")))),
                (404,),
                parameters=[ROUND_ID],
            )
        },
        "/acts/{act_id}/comments": {
            "get": operation(
                "list_comments",
                "Review",
                "The act's comments",
                (200, answer("The comments", page_of(ref("Comment")))),
                (400, 404),
                parameters=[
                    ACT_ID,
                    query("version", POSITIVE_INT, "Made on this version."),
                    query(
                        "as_of",
                        POSITIVE_INT,
                        "Outdated relative to this version.",
                    ),
                    query_enum("status", COMMENT_STATUSES, "Only comments in this state."),
                    query("round", POSITIVE_INT, "Of this round."),
                    query("eid", STRING, "On this provision."),
                    query_enum(
                        "disposition",
                        [*_values(Disposition), "none"],
                        "With this disposition (none: not yet disposed of).",
                    ),
                    query("author", USERNAME, "By this user."),
                    PAGE,
                    PER_PAGE,
                ],
            ),
            "post": operation(
                "add_comment",
                "Review",
                "Comment on a provision",
                (201, answer("The comment", ref("Comment"))),
                (*BODY_ERRORS, 403, 404, 409),
                parameters=[ACT_ID],
                request_body=body(
                    {
                        "version": POSITIVE_INT,
                        "eid": {"type": "string", "minLength": 1, "maxLength": 200},
                        "body": {"type": "string", "maxLength": 100_000},
                        "quote": nullable({"type": "string", "maxLength": 100_000}),
                    },
                    {
                        "version": 1,
                        "eid": "art_3__para_2",
                        "body": "Ten days is short.",
                        "quote": "ten business days",
                    },
                    optional=("quote",),
                ),
            ),
        },
        "/comments/{comment_id}": {
            "get": operation(
                "get_comment",
                "Review",
                "One comment",
                (200, answer("The comment", ref("Comment"))),
                (404,),
                parameters=[COMMENT_ID],
            )
        },
        "/comments/{comment_id}/replies": {
            "post": operation(
                "reply",
                "Review",
                "Reply to a comment",
                (201, answer("The reply, as a comment", ref("Comment"))),
                (*BODY_ERRORS, 403, 404, 409),
                parameters=[COMMENT_ID],
                request_body=body(
                    {"body": {"type": "string", "maxLength": 100_000}},
                    {"body": "Agreed; we will extend it to fifteen."},
                ),
            )
        },
        "/comments/{comment_id}/disposition": {
            "post": operation(
                "dispose",
                "Review",
                "Record what became of a comment (drafter)",
                (200, answer("The comment", ref("Comment"))),
                (*BODY_ERRORS, 403, 404, 409),
                parameters=[COMMENT_ID],
                request_body=body(
                    {
                        "disposition": {"type": "string", "enum": _values(Disposition)},
                        "reason": {"type": "string", "maxLength": 10_000},
                    },
                    {"disposition": "accepted", "reason": ""},
                    optional=("reason",),
                ),
            )
        },
        "/meetings": {
            "get": operation(
                "list_meetings",
                "Committee",
                "The committee's meetings",
                (200, answer("The meetings", page_of(ref("Meeting")))),
                (400, 403),
                parameters=[PAGE, PER_PAGE],
            ),
            "post": operation(
                "create_meeting",
                "Committee",
                "Schedule a meeting (secretary)",
                (201, answer("The meeting", ref("Meeting"))),
                (*BODY_ERRORS, 403),
                request_body=body(
                    {
                        "date": nullable(DATE),
                        "title": {"type": "string", "maxLength": 1000},
                        "time": nullable(TIME_HH_MM),
                        "place": {"type": "string", "maxLength": 1000},
                    },
                    {
                        "date": "2026-04-02",
                        "time": "10:00",
                        "place": "Alatau City Hall, room 301",
                        "title": "Operational Committee, April",
                    },
                    optional=("date", "title", "time", "place"),
                ),
            ),
        },
        "/meetings/{meeting_id}": {
            "get": operation(
                "get_meeting",
                "Committee",
                "One meeting with its agenda",
                (200, answer("The meeting", ref("Meeting"))),
                (403, 404),
                parameters=[MEETING_ID],
            ),
            "patch": operation(
                "reschedule_meeting",
                "Committee",
                "Reschedule a meeting: date, time, place or title, with the reason (secretary)",
                (200, answer("The meeting", ref("Meeting"))),
                (*BODY_ERRORS, 403, 404, 409),
                parameters=[MEETING_ID],
                description=(
                    "Its agenda, the deadlines of its items and every calendar follow. The date "
                    "and time stay once attendance or a decision is recorded (409). A change of "
                    "date or time needs a `reason`; `time` null clears the start time."
                ),
                request_body=body(
                    {
                        "date": DATE,
                        "time": nullable(TIME_HH_MM),
                        "place": nullable({"type": "string", "maxLength": 1000}),
                        "title": nullable({"type": "string", "maxLength": 1000}),
                        "reason": {"type": "string", "maxLength": 10_000},
                    },
                    {"date": "2026-04-09", "time": "15:00", "reason": "The chair is abroad."},
                    optional=("date", "time", "place", "title", "reason"),
                ),
            ),
        },
        "/meetings/{meeting_id}/agenda/{item_id}/move": {
            "post": operation(
                "move_agenda_item",
                "Committee",
                "Move an undecided agenda item to another meeting, or take it off (secretary)",
                (
                    200,
                    answer(
                        "The item on the other meeting, or the item taken off", ref("AgendaItem")
                    ),
                ),
                (*BODY_ERRORS, 403, 404, 409),
                parameters=[MEETING_ID, ITEM_ID],
                description=(
                    "`meeting_id` null takes the act off the agenda; it waits for a meeting "
                    "again. The item stays on this meeting's record with the reason."
                ),
                request_body=body(
                    {
                        "meeting_id": nullable(DB_INT),
                        "reason": {"type": "string", "maxLength": 10_000},
                    },
                    {"meeting_id": 4, "reason": "The act's annex is not translated yet."},
                ),
            )
        },
        "/meetings/{meeting_id}/agenda": {
            "post": operation(
                "add_agenda_item",
                "Committee",
                "Put an act in committee review on the agenda (secretary)",
                (201, answer("The agenda item", ref("AgendaItem"))),
                (*BODY_ERRORS, 403, 404, 409),
                parameters=[MEETING_ID],
                request_body=body({"act_id": nullable(DB_INT)}, {"act_id": 7}),
            )
        },
        "/meetings/{meeting_id}/attendance": {
            "post": operation(
                "set_attendance",
                "Committee",
                "Record who attended (secretary)",
                (200, answer("The meeting", ref("Meeting"))),
                (*BODY_ERRORS, 403, 404, 409),
                parameters=[MEETING_ID],
                request_body=body(
                    {"attendees": {"type": "array", "items": USERNAME, "maxItems": 200}},
                    {"attendees": ["committee-member"]},
                ),
            )
        },
        "/meetings/{meeting_id}/agenda/{item_id}/decision": {
            "post": operation(
                "decide",
                "Committee",
                "Record the committee's decision on an agenda item (secretary)",
                (200, answer("The agenda item", ref("AgendaItem"))),
                (*BODY_ERRORS, 403, 404, 409),
                parameters=[MEETING_ID, ITEM_ID],
                request_body=body(
                    {
                        "decision": {"type": "string", "enum": _values(Decision)},
                        "votes": {
                            "type": "object",
                            "properties": {"for": DB_INT, "against": DB_INT, "abstain": DB_INT},
                        },
                        "notes": {"type": "string", "maxLength": 10_000},
                    },
                    {
                        "decision": "approve",
                        "votes": {"for": 5, "against": 0, "abstain": 1},
                        "notes": "",
                    },
                    optional=("notes",),
                ),
                description="`approve` moves the act to approved.",
            )
        },
        "/deadlines": {
            "get": operation(
                "list_deadlines",
                "Committee",
                "Open deadlines, soonest first",
                (200, answer("The deadlines", page_of(ref("Deadline")))),
                (400, 403),
                parameters=[
                    query_enum("status", DEADLINE_STATUSES, "Only deadlines in this state."),
                    query("user", USERNAME, "Only this user's deadlines."),
                    PAGE,
                    PER_PAGE,
                ],
            )
        },
        "/notifications": {
            "get": operation(
                "list_notifications",
                "Accounts",
                "This user's notifications, newest first",
                (200, answer("The notifications", page_of(ref("Notification")))),
                (400,),
                parameters=[query("unread", FLAG, "Only unread ones."), PAGE, PER_PAGE],
            )
        },
        "/notifications/read": {
            "post": operation(
                "mark_notifications_read",
                "Accounts",
                "Mark notifications read (without ids: all of them)",
                (200, answer("How many were marked", obj({"marked": INTEGER}), {"marked": 3})),
                BODY_ERRORS,
                request_body={
                    **body(
                        {"ids": {"type": "array", "items": DB_INT, "maxItems": 1000}},
                        {"ids": [4, 5]},
                        optional=("ids",),
                    ),
                    "required": False,
                },
            )
        },
        "/search": {
            "get": operation(
                "search",
                "Search",
                "Search the provisions and comments this user may see",
                (
                    200,
                    answer(
                        "A page of results, and the number of matches in each act",
                        obj(
                            {
                                "total": INTEGER,
                                "page": INTEGER,
                                "per_page": INTEGER,
                                "items": {"type": "array", "items": ref("SearchResult")},
                                "acts": {
                                    "type": "array",
                                    "items": obj(
                                        {
                                            "act_id": INTEGER,
                                            "act_number": STRING,
                                            "count": INTEGER,
                                        }
                                    ),
                                },
                            }
                        ),
                    ),
                ),
                (400,),
                parameters=[
                    query(
                        "q",
                        STRING,
                        'Words, "phrases", prefix*, AND/OR/NOT; a query that cannot be '
                        "parsed is a 400.",
                    ),
                    query("act", POSITIVE_INT, "Only this act (id)."),
                    query_enum("act_type", _values(ActType), "Only acts of this type."),
                    query_enum("status", _values(ActStatus), "Only acts in this status."),
                    query_enum("stage", _values(Stage), "Reviewed at this stage."),
                    query_enum("lang", _values(Language), "Only acts in this language."),
                    query_enum("versions", VERSION_SCOPES, "latest (default) or all versions."),
                    query_enum("kind", SEARCH_KINDS, "Provisions or comments only."),
                    query(
                        "page",
                        {"type": "integer", "minimum": 1, "maximum": SEARCH_MAX_PAGE},
                        "The page, from 1.",
                    ),
                ],
            )
        },
        "/acts/{act_id}/occurrences": {
            "get": operation(
                "phrase_occurrences",
                "Search",
                "The versions of one act that contain a phrase",
                (
                    200,
                    answer(
                        "The versions with the phrase, where it first appeared and was removed",
                        obj(
                            {
                                "phrase": STRING,
                                "items": {
                                    "type": "array",
                                    "items": obj(
                                        {
                                            "version": INTEGER,
                                            "eids": {"type": "array", "items": STRING},
                                        }
                                    ),
                                },
                                "first_version": nullable(INTEGER),
                                "removed_in": nullable(INTEGER),
                            }
                        ),
                        {
                            "phrase": "business days",
                            "items": [{"version": 1, "eids": ["art_3__para_2"]}],
                            "first_version": 1,
                            "removed_in": 2,
                        },
                    ),
                ),
                (400, 404),
                parameters=[ACT_ID, query("q", STRING, "The phrase.")],
            )
        },
        "/acts/{act_id}/versions/{number}/export.docx": {
            "get": operation(
                "export_version",
                "Documents",
                "The version as an official draft (DOCX)",
                (200, download("The Word file", DOCX)),
                (400, 404),
                parameters=[
                    ACT_ID,
                    VERSION_NUMBER,
                    query("comments", FLAG, "With reviewers' comments as Word comments."),
                ],
            )
        },
        "/acts/{act_id}/versions/{number}/export.akn.xml": {
            "get": operation(
                "export_akn",
                "Documents",
                "The version as Akoma Ntoso 3.0 XML",
                (200, download("The XML file", XML)),
                (404,),
                parameters=[ACT_ID, VERSION_NUMBER],
            )
        },
        "/acts/{act_id}/compare.docx": {
            "get": operation(
                "export_comparison",
                "Documents",
                "The comparison table of two versions (DOCX)",
                (200, download("The Word file", DOCX)),
                (400, 404),
                parameters=[
                    ACT_ID,
                    VERSION_FROM,
                    VERSION_TO,
                    query("tracked", FLAG, "As Word tracked changes instead of a table."),
                ],
            )
        },
        "/rounds/{round_id}/comments.docx": {
            "get": operation(
                "export_round_comments",
                "Documents",
                "The table of a round's comments and dispositions (DOCX)",
                (200, download("The Word file", DOCX)),
                (403, 404),
                parameters=[ROUND_ID],
            )
        },
        "/meetings/{meeting_id}/minutes.docx": {
            "get": operation(
                "export_minutes",
                "Documents",
                "A meeting's minutes (DOCX)",
                (200, download("The Word file", DOCX)),
                (403, 404),
                parameters=[MEETING_ID],
            )
        },
    }


TAGS = [
    ("Meta", "The API's own description."),
    ("Accounts", "Tokens, the signed-in user, notifications."),
    ("Acts", "Acts, versions, comparisons, provision history, import."),
    ("Workflow", "Transitions between the statuses of an act, and its event log."),
    ("Review", "Review rounds, opinions, comments and dispositions."),
    ("Committee", "Meetings, agenda, decisions and deadlines."),
    ("Search", "Full-text search and phrase occurrences."),
    ("Documents", "DOCX and Akoma Ntoso exports."),
]


def build_document() -> dict:
    """The whole OpenAPI 3.1.0 document (a fresh dict each call; callers may change it)."""
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
        "paths": _paths(),
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from POST /api/v1/auth/token.",
                }
            },
            "schemas": deepcopy(SCHEMAS),
            "responses": deepcopy(RESPONSES),
        },
    }


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(build_document())
