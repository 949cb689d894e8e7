"""One declaration per API operation: its request models, its answers, and its route.

    @operation("POST", "/acts", tag="Acts", summary="Create an act (drafter)",
               body=NewAct, answers={201: ActCreated}, errors=(403, 413))
    def create_act(body: NewAct) -> ActCreated: ...

`operation` adds the Flask route on the `api` blueprint, reads and validates the query string
(`query=`), the JSON body (`body=`) or the form (`form=`) through their pydantic models before
the view runs, passes them to the view as keyword arguments beside the path's, and sends the
model the view returns with its declared status. It records the same declaration in
`OPERATIONS`, from which openapi.py generates the OpenAPI document: what the document says and
what the route accepts and answers cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import Response, jsonify
from pydantic import BaseModel, ConfigDict

from . import bp
from .parsing import form_fields, json_body, query_args


class Answer(BaseModel):
    """Base of answers: exactly the fields declared, every one always present.

    Built from the domain's objects by each answer's `of()`; pydantic checks every value on the
    way out (an enum member or its value, a date, a list of the nested answers).
    """

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        json_schema_serialization_defaults_required=True,
    )


@dataclass(frozen=True)
class Download:
    """A file answer (DOCX, XML) of this media type, sent as an attachment."""

    mimetype: str
    description: str = "The file"


@dataclass(frozen=True)
class NoContent:
    """An answer without a body (204): the view returns None."""

    description: str = "Done"


@dataclass(frozen=True)
class Operation:
    method: str
    rule: str  # the Flask rule under /api/v1, e.g. /acts/<int:act_id>
    endpoint: str
    tag: str
    summary: str
    answers: dict[int, type[Answer] | Download | NoContent]
    errors: tuple[int, ...]
    description: str | None = None
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    body_required: bool = True
    form: type[BaseModel] | None = None
    files: dict[str, str] = field(default_factory=dict)  # form field -> media type
    public: bool = False
    # What each answer means, when the model's own description is not enough.
    answer_descriptions: dict[int, str] = field(default_factory=dict)


OPERATIONS: list[Operation] = []
# Endpoints that answer without a bearer token.
PUBLIC_ENDPOINTS: set[str] = set()


def operation(
    method: str,
    rule: str,
    *,
    tag: str,
    summary: str,
    answers: dict[int, type[Answer] | Download | NoContent],
    errors: tuple[int, ...] = (),
    description: str | None = None,
    query: type[BaseModel] | None = None,
    body: type[BaseModel] | None = None,
    body_required: bool = True,
    form: type[BaseModel] | None = None,
    files: dict[str, str] | None = None,
    public: bool = False,
    answer_descriptions: dict[int, str] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Response]]:
    """Declare, route and check one operation of the API (see the module's docstring)."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Response]:
        declared = Operation(
            method=method,
            rule=rule,
            endpoint=view.__name__,
            tag=tag,
            summary=summary,
            answers=answers,
            errors=errors,
            description=description,
            query=query,
            body=body,
            body_required=body_required,
            form=form,
            files=files or {},
            public=public,
            answer_descriptions=answer_descriptions or {},
        )

        @wraps(view)
        def handle(**path: Any) -> Response:
            arguments = dict(path)
            if query is not None:
                arguments["query"] = query_args(query)
            if body is not None:
                arguments["body"] = json_body(body, required=body_required)
            if form is not None:
                arguments["form"] = form_fields(form)
            return _send(declared, view(**arguments))

        bp.add_url_rule(rule, endpoint=declared.endpoint, view_func=handle, methods=[method])
        OPERATIONS.append(declared)
        if public:
            PUBLIC_ENDPOINTS.add(f"{bp.name}.{declared.endpoint}")
        return handle

    return decorate


def _send(declared: Operation, result: Any) -> Response:
    """The view's answer, checked against the declaration: a model, or (model, status), a file
    Response, or None for NoContent."""
    status = next(iter(declared.answers))
    if isinstance(result, tuple):
        result, status = result
    expected = declared.answers[status]
    if isinstance(expected, NoContent):
        if result is not None:
            raise TypeError(f"{declared.endpoint} answers {status} without a body")
        return Response(status=status)
    if isinstance(expected, Download):
        if not (isinstance(result, Response) and result.mimetype == expected.mimetype):
            raise TypeError(f"{declared.endpoint} must send a {expected.mimetype} file")
        return result
    if type(result) is not expected:
        raise TypeError(f"{declared.endpoint} answers {status} with {expected.__name__}")
    response = jsonify(result.model_dump(mode="json", by_alias=True))
    response.status_code = status
    return response
