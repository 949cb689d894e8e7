"""POST and DELETE /auth/token, and GET /me."""

from __future__ import annotations

from flask import current_app, jsonify
from pydantic import Field

from ..accounts import services
from ..committee import calendar
from ..errors import Unauthorized
from ..extensions import db, limiter
from . import api_token, api_user, bp
from .parsing import Body, json_body


class TokenRequest(Body):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.post("/auth/token")
@limiter.limit(_login_limit)
def issue_token():
    body = json_body(TokenRequest)
    user = services.authenticate(body.username, body.password)
    if user is None:
        db.session.commit()
        raise Unauthorized("The username or password is not right.")
    issued = services.issue_api_token(user, current_app.config["API_TOKEN_DAYS"])
    db.session.commit()
    return jsonify({"token": issued.token, "expires_at": issued.expires_at.isoformat()})


@bp.delete("/auth/token")
def revoke_token():
    """Revoke the token this request carries: it stops working at once."""
    services.revoke_token(api_token())
    db.session.commit()
    return "", 204


def user_json(user) -> dict:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role.value,
        "organisation": user.organisation.name if user.organisation else None,
    }


@bp.get("/me")
def me():
    user = api_user()
    return jsonify({**user_json(user), "calendar_url": calendar.calendar_url(user)})


@bp.post("/me/calendar-token")
def new_calendar_token():
    """A new private calendar URL; the old one stops working at once."""
    url = calendar.revoke(api_user())
    db.session.commit()
    return jsonify({"calendar_url": url})
