"""Domain errors and their one mapping to HTML and JSON responses.

Services raise these; views never catch `Exception`. Under `/api/` every error, including
Flask's own (unknown route, body too large), is the error object of API.md; elsewhere it is a
flash message and a redirect back, or an error page.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, flash, jsonify, redirect, render_template, request
from flask_babel import LazyString, force_locale
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from .extensions import db
from .http import is_api_request, safe_referrer


def english(value: Any) -> Any:
    """`value` with every lazily translated message in it as English text: the API's JSON is
    English whatever the reader's interface language (its `code` fields are for machines)."""
    with force_locale("en"):
        return _rendered(value)


def _rendered(value: Any) -> Any:
    if isinstance(value, LazyString):
        return str(value)
    if isinstance(value, dict):
        return {key: _rendered(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rendered(item) for item in value]
    return value


class AppError(Exception):
    """An error a person can act on; `status` and `code` are those of API.md.

    The message is built once, where the error is raised, with `lazy_gettext` (`_l`): a page
    shows it in the reader's interface language (`str(error.message)` in the request, as the
    handlers below and every form's error list do); the API's JSON shows it in English.
    """

    status = 400
    code = "error"

    def __init__(self, message: str | LazyString, *, code: str | None = None, **extra: Any):
        super().__init__(message)
        self.message = message
        self.extra = extra
        if code:
            self.code = code

    def __str__(self) -> str:
        return str(self.message)

    def payload(self) -> dict[str, Any]:
        """The JSON error object (English)."""
        return {"error": english({"code": self.code, "message": self.message, **self.extra})}


class Invalid(AppError):
    """Bad input; `fields` maps a field name to what is wrong with it."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, fields: dict[str, str] | None = None, **extra: Any) -> None:
        if fields:
            extra["fields"] = fields
        super().__init__(message, **extra)
        self.fields = fields or {}


def form_problem(form) -> Invalid:
    """What a submitted form's own checks refused (types, choices, the CSRF token), as one
    message naming each field, for forms whose page shows refusals as a flash message."""
    messages = [
        f"{form[name].label.text}: {message}" if name in form else message
        for name, errors in form.errors.items()
        for message in errors
    ]
    return Invalid(" ".join(messages) or _l("The form was not complete."))


class Unauthorized(AppError):
    status = 401
    code = "unauthorized"


class Forbidden(AppError):
    status = 403
    code = "forbidden"


class NotFound(AppError):
    status = 404
    code = "not_found"


class Conflict(AppError):
    """A conflicting change, or a workflow guard that does not hold."""

    status = 409
    code = "conflict"


class TooLarge(AppError):
    status = 413
    code = "too_large"


class UnsupportedType(AppError):
    status = 415
    code = "unsupported_type"


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    414: "uri_too_long",
    415: "unsupported_type",
    429: "too_many_requests",
}

_HTTP_MESSAGES = {
    404: _l("There is no such page or object."),
    405: _l("This address does not accept that method."),
    413: _l("The request is larger than this server accepts."),
    414: _l("The address is longer than this server accepts."),
    429: _l("Too many attempts. Wait a minute and try again."),
}
_SERVER_ERROR = _l("Something went wrong on our side. The error has been logged.")


def register_error_handlers(app: Flask) -> None:
    """Map every error once: JSON under /api/, flash or an error page elsewhere."""

    @app.errorhandler(AppError)
    def handle_app_error(error: AppError):
        db.session.rollback()
        if is_api_request():
            return jsonify(error.payload()), error.status
        if error.status in (404, 401) or request.method == "GET":
            return render_template(
                "errors/error.html", status=error.status, message=str(error.message)
            ), error.status
        flash(str(error.message), "error")
        return redirect(safe_referrer())

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        db.session.rollback()
        status = error.code or 500
        message = _HTTP_MESSAGES.get(status) or error.description or error.name
        if is_api_request():
            body = {
                "error": {"code": _HTTP_CODES.get(status, "error"), "message": english(message)}
            }
            response = jsonify(body)
            response.status_code = status
            if isinstance(error, MethodNotAllowed) and error.valid_methods:
                response.headers["Allow"] = ", ".join(error.valid_methods)
            return response
        return render_template("errors/error.html", status=status, message=str(message)), status

    @app.errorhandler(500)
    def handle_server_error(error):
        db.session.rollback()
        app.logger.exception(
            "Unhandled error", exc_info=getattr(error, "original_exception", error)
        )
        if is_api_request():
            body = {"error": {"code": "server_error", "message": english(_SERVER_ERROR)}}
            return jsonify(body), 500
        return render_template("errors/error.html", status=500, message=str(_SERVER_ERROR)), 500
