"""Reading JSON bodies and query strings: every bad input becomes a 400/415 that says why."""

from __future__ import annotations

from typing import Annotated, TypeVar

from flask import request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import Invalid, UnsupportedType
from ..http import MAX_DB_INT, MIN_DB_INT

Model = TypeVar("Model", bound=BaseModel)

# A whole number the database can store (ids, version numbers, counts).
DbInt = Annotated[int, Field(ge=MIN_DB_INT, le=MAX_DB_INT)]


class Body(BaseModel):
    """Base of request bodies: unknown fields are ignored, types are strict (no "2" for 2)."""

    model_config = ConfigDict(extra="ignore", strict=True)


def json_body(model: type[Model]) -> Model:
    """The request's JSON object validated against `model`."""
    if not request.is_json:
        raise UnsupportedType("Send a JSON body with Content-Type: application/json.")
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise Invalid("The body must be a JSON object.")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        fields = {}
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"]) or "body"
            fields.setdefault(name, error["msg"])
        names = ", ".join(fields)
        raise Invalid(f"Some fields are missing or not valid: {names}.", fields) from None
