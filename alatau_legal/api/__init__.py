"""The JSON API under /api/v1: thin routes over the domain services (API.md is the contract)."""

from __future__ import annotations

from flask import Blueprint, g, request

from ..accounts.services import api_token_for
from ..errors import NotFound, Unauthorized
from ..http import MAX_DB_INT

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.before_request
def _authenticate() -> None:
    """Every call but the token request carries `Authorization: Bearer <token>`."""
    if request.endpoint in PUBLIC_ENDPOINTS:  # declared `public=True` in contract.py
        return
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(
            "Send an API token as 'Authorization: Bearer <token>'; "
            "get one from POST /api/v1/auth/token."
        )
    row = api_token_for(token.strip())
    if row is None:
        raise Unauthorized("The API token is invalid, expired or revoked; request a new one.")
    g.api_token, g.api_user = row, row.user


@bp.before_request
def _reject_ids_beyond_the_database() -> None:
    """An id in the path larger than any column holds names nothing: 404, not a driver error."""
    for value in (request.view_args or {}).values():
        if isinstance(value, int) and value > MAX_DB_INT:
            raise NotFound("There is no such page or object.")


def api_user():
    """The user the bearer token belongs to."""
    return g.api_user


def api_token():
    """The token row this request was authenticated with."""
    return g.api_token


# The resources declare their operations on `bp` as they are imported.
from . import (  # noqa: E402,F401
    acts,
    auth,
    committee,
    documents,
    notifications,
    openapi,
    references,
    review,
    search,
)
from .contract import PUBLIC_ENDPOINTS  # noqa: E402
