"""GET /api/docs: the API reference as a plain HTML page, rendered from the OpenAPI document.

A blueprint of its own because the `api` blueprint demands a bearer token; the page is public,
like the document it renders. No scripts: the CSP forbids inline ones and there is no CDN.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Blueprint, render_template

from .openapi import build_document

bp = Blueprint("api_docs", __name__)

METHOD_ORDER = ("get", "post", "put", "patch", "delete")
REF_NAME = re.compile(r'"\$ref": "#/components/(?:schemas|responses)/([A-Za-z]+)"')


def pretty(value: Any) -> str:
    """Indented JSON for a <pre> (Jinja escapes it)."""
    return json.dumps(value, indent=2, ensure_ascii=False)


def referenced(value: Any) -> list[str]:
    """The component names a schema refers to, for links to their definitions."""
    return sorted(set(REF_NAME.findall(json.dumps(value))))


def _operations(document: dict) -> list[dict]:
    """Every operation as the template shows it, in the document's order."""
    found = []
    for path, item in document["paths"].items():
        for method in METHOD_ORDER:
            if method not in item:
                continue
            spec = item[method]
            request_body = None
            if "requestBody" in spec:
                request_body = {
                    "required": spec["requestBody"].get("required", False),
                    "media": [
                        {
                            "type": media_type,
                            "schema": pretty(media["schema"]),
                            "refs": referenced(media["schema"]),
                            "example": pretty(media["example"]) if "example" in media else None,
                        }
                        for media_type, media in spec["requestBody"]["content"].items()
                    ],
                }
            found.append(
                {
                    "id": spec["operationId"],
                    "tag": spec["tags"][0],
                    "method": method.upper(),
                    "path": path,
                    "summary": spec["summary"],
                    "description": spec.get("description"),
                    "public": spec.get("security") == [],
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "in": parameter["in"],
                            "required": parameter.get("required", False),
                            "schema": json.dumps(parameter["schema"], ensure_ascii=False),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in spec.get("parameters", [])
                    ],
                    "request_body": request_body,
                    "responses": [
                        _response(status, response, document)
                        for status, response in spec["responses"].items()
                    ],
                }
            )
    return found


def _response(status: str, response: dict, document: dict) -> dict:
    if "$ref" in response:
        name = response["$ref"].rsplit("/", 1)[-1]
        response = document["components"]["responses"][name]
    media = [
        {
            "type": media_type,
            "schema": pretty(content["schema"]),
            "refs": referenced(content["schema"]),
            "example": pretty(content["example"]) if "example" in content else None,
        }
        for media_type, content in response.get("content", {}).items()
    ]
    return {"status": status, "description": response["description"], "media": media}


@bp.get("/api/docs")
def reference():
    document = build_document()
    operations = _operations(document)
    tags = [
        {
            "name": tag["name"],
            "description": tag["description"],
            "operations": [op for op in operations if op["tag"] == tag["name"]],
        }
        for tag in document["tags"]
    ]
    schemas = [
        {"name": name, "schema": pretty(schema), "refs": referenced(schema)}
        for name, schema in document["components"]["schemas"].items()
    ]
    return render_template("api/docs.html", document=document, tags=tags, schemas=schemas)
