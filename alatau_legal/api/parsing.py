"""Reading requests through their pydantic models: every bad input becomes a 400/415 that says why.

A JSON body, a query string and the text fields of a form each have a model (see contract.py);
these functions are the only places the API reads `request.get_json`, `request.args` or
`request.form`, so what the OpenAPI document says a request may carry is what is accepted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, TypeVar

from flask import request
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError
from werkzeug.datastructures import MultiDict

from ..errors import Invalid, UnsupportedType
from ..http import MAX_DB_INT, MAX_PER_PAGE, MIN_DB_INT, WHOLE_NUMBER

Model = TypeVar("Model", bound=BaseModel)


def _integral(value: Any) -> Any:
    # JSON Schema counts 2.0 as an integer; a strict int field would not.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def whole_number(minimum: int = MIN_DB_INT, maximum: int = MAX_DB_INT) -> Any:
    """A whole number of a JSON body, within bounds (by default what a column holds)."""
    return Annotated[int, Field(ge=minimum, le=maximum), BeforeValidator(_integral)]


# A whole number the database can store (ids, version numbers, counts).
DbInt = whole_number()
# A positive one (ids, version numbers).
PositiveInt = whole_number(1)
# Text with at least one character that is not white space (a reason, a query).
NOT_BLANK = r"\S"
# A moment as the API writes it: ISO 8601 with its offset ("+00:00").
Timestamp = Annotated[
    datetime,
    PlainSerializer(lambda moment: moment.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


class Body(BaseModel):
    """Base of request bodies: unknown fields are ignored, types are strict (no "2" for 2)."""

    model_config = ConfigDict(extra="ignore", strict=True)


def _digits(value: Any) -> Any:
    # Plain ASCII digits, as http.query_int reads them for the pages.
    if isinstance(value, str):
        if not WHOLE_NUMBER.fullmatch(value):
            raise PydanticCustomError("int_parsing", "A whole number.")
        return int(value)
    return value


def query_number(maximum: int = MAX_DB_INT) -> Any:
    """A whole number written in a query string or a form field, from 1 to `maximum`."""
    return Annotated[int, Field(ge=1, le=maximum), BeforeValidator(_digits)]


QueryInt = query_number()


class Query(BaseModel):
    """Base of query strings (and form fields): every value arrives as text, unknown names are
    ignored, and a name given twice is a list, which a single-valued field refuses."""

    model_config = ConfigDict(extra="ignore")


# A yes/no query value, and the values that mean yes.
Flag = Literal["1", "0", "true", "false"]
TRUE = ("1", "true")


class Paging(Query):
    """`?page=` and `?per_page=` of the lists of API.md."""

    page: QueryInt = Field(default=1, description="The page, from 1.")
    per_page: query_number(MAX_PER_PAGE) = Field(  # type: ignore[valid-type]
        default=25, description=f"Items per page, at most {MAX_PER_PAGE}."
    )

    def slice(self, items: list) -> list:
        """This page of an already filtered list."""
        start = (self.page - 1) * self.per_page
        return items[start : start + self.per_page]


def _refusal(exc: ValidationError, what: str) -> Invalid:
    fields: dict[str, str] = {}
    for error in exc.errors():
        name = ".".join(str(part) for part in error["loc"]) or "body"
        fields.setdefault(name, error["msg"])
    return Invalid(f"Some {what} are missing or not valid: {', '.join(fields)}.", fields)


def json_body(model: type[Model], *, required: bool = True) -> Model:
    """The request's JSON object validated against `model` (an empty body is `model()` when
    the body is optional)."""
    if not required and not request.content_length and not request.data:
        return model()
    if not request.is_json:
        raise UnsupportedType("Send a JSON body with Content-Type: application/json.")
    try:
        return model.model_validate_json(request.get_data())
    except ValidationError as exc:
        if any(error["type"] == "json_invalid" for error in exc.errors()):
            raise Invalid("The body is not valid JSON.", {"body": "Not valid JSON."}) from None
        raise _refusal(exc, "fields") from None


def _values(source: MultiDict) -> dict[str, str | list[str]]:
    return {name: values[0] if len(values) == 1 else values for name, values in source.lists()}


def query_args(model: type[Model]) -> Model:
    """The query string validated against `model`."""
    try:
        return model.model_validate(_values(request.args))
    except ValidationError as exc:
        raise _refusal(exc, "query parameters") from None


def form_fields(model: type[Model]) -> Model:
    """The text fields of a multipart form validated against `model`."""
    if request.mimetype != "multipart/form-data":
        raise UnsupportedType("Send the form as multipart/form-data, the file in its own field.")
    try:
        return model.model_validate(_values(request.form))
    except ValidationError as exc:
        raise _refusal(exc, "fields") from None
