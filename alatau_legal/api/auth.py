"""POST and DELETE /auth/token, GET /me and POST /me/calendar-token."""

from __future__ import annotations

from typing import Annotated

from flask import current_app
from pydantic import ConfigDict, Field

from ..accounts import services
from ..accounts.models import Role
from ..committee import calendar
from ..errors import Unauthorized
from ..extensions import db, limiter
from . import api_token, api_user
from .contract import Answer, NoContent, operation
from .parsing import Body, Timestamp

Url = Annotated[str, Field(json_schema_extra={"format": "uri"})]


class TokenRequest(Body):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"username": "drafter", "password": "correct horse"}]}
    )

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class Token(Answer):
    """A new token"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"token": "12.abcdef...", "expires_at": "2026-04-01T09:00:00+00:00"}]
        }
    )

    token: str
    expires_at: Timestamp


class Me(Answer):
    """The user the token belongs to"""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "username": "drafter",
                    "full_name": "Aigerim Sadykova",
                    "role": "drafter",
                    "organisation": "Alatau City Administration",
                    "calendar_url": "https://legal.alatau.kz/calendar/abc123.ics",
                }
            ]
        }
    )

    username: str
    full_name: str
    role: Role
    organisation: str | None
    calendar_url: Url


class CalendarUrl(Answer):
    """The new private calendar URL"""

    calendar_url: Url


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@operation(
    "POST",
    "/auth/token",
    tag="Accounts",
    summary="Get a bearer token",
    description="401 on a wrong username or password; rate-limited (429).",
    body=TokenRequest,
    answers={200: Token},
    errors=(401, 429),
    public=True,
)
@limiter.limit(_login_limit)
def issue_token(body: TokenRequest) -> Token:
    user = services.authenticate(body.username, body.password)
    if user is None:
        db.session.commit()
        raise Unauthorized("The username or password is not right.")
    issued = services.issue_api_token(user, current_app.config["API_TOKEN_DAYS"])
    db.session.commit()
    return Token(token=issued.token, expires_at=issued.expires_at)


@operation(
    "DELETE",
    "/auth/token",
    tag="Accounts",
    summary="Revoke the token this request carries",
    description=(
        "Signs a script out. A password change, disabling the user and "
        "`flask users set-password` revoke every token of the user."
    ),
    answers={204: NoContent("Revoked: the token stops working at once")},
)
def revoke_token() -> None:
    services.revoke_token(api_token())
    db.session.commit()


@operation("GET", "/me", tag="Accounts", summary="Who the token belongs to", answers={200: Me})
def me() -> Me:
    user = api_user()
    return Me(
        username=user.username,
        full_name=user.full_name,
        role=user.role,
        organisation=user.organisation.name if user.organisation else None,
        calendar_url=calendar.calendar_url(user),
    )


@operation(
    "POST",
    "/me/calendar-token",
    tag="Accounts",
    summary="A new private calendar URL (the old one stops working)",
    answers={200: CalendarUrl},
)
def new_calendar_token() -> CalendarUrl:
    url = calendar.revoke(api_user())
    db.session.commit()
    return CalendarUrl(calendar_url=url)
