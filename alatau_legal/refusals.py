"""A refused form is shown again with what was typed, never emptied by a redirect.

A view that catches a service's refusal calls `keep()` and renders its page again in the same
request (status 400/409); the page's template asks `refused(form, key)` for the submitted
values and the message of the one form that was refused, shown beside it (and at the top of
the page, as the error summary).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask, flash, g, request

from .extensions import db

# Never echoed back into a page.
_SECRET = ("csrf_token", "password")


@dataclass(frozen=True)
class Refused:
    form: str
    message: str
    key: object = None
    values: dict[str, str | list[str]] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str | list[str]:
        return self.values.get(name, default)


def keep(form: str, message, key: object = None) -> Refused:
    """Roll back what the refused request changed and remember what was submitted."""
    db.session.rollback()
    values: dict[str, str | list[str]] = {}
    for name in request.form:
        if any(secret in name for secret in _SECRET):
            continue
        found = request.form.getlist(name)
        values[name] = found[0] if len(found) == 1 else found
    message = str(message)  # in the reader's language (a service's message is lazily translated)
    g.refused = Refused(form, message, key, values)
    # At the top of the page too, as an error summary: the form may be far down the page.
    flash(message, "error")
    return g.refused


def refused(form: str, key: object = None) -> Refused | None:
    """The refusal of this form (and item) in this request, if it was the one refused."""
    found = g.get("refused")
    if found is not None and found.form == form and found.key == key:
        return found
    return None


def init_app(app: Flask) -> None:
    app.jinja_env.globals["refused"] = refused
