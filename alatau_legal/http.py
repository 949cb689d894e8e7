"""Small request helpers shared by the HTML and API layers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import has_request_context, request, url_for
from flask_babel import lazy_gettext as _l


def request_memo(name: str) -> dict | None:
    """A dict that lives as long as this request (None outside one), for facts a page asks
    several times. Kept on the request object, not on `g`: an application context (and its
    `g`) may outlive many requests, as a test's does."""
    if not has_request_context():
        return None
    memos = request.__dict__.setdefault("_alatau_memos", {})
    return memos.setdefault(name, {})


def is_api_request() -> bool:
    """True for the JSON API, whose errors are JSON and never HTML."""
    return request.path == "/api/v1" or request.path.startswith("/api/")


# What a browser drops from a URL before reading it (WHATWG URL: tab, LF, CR anywhere; C0
# controls and spaces at either end), and what it reads as a slash (a backslash).
_BROWSER_STRIPPED = re.compile(r"[\t\n\r]")


def is_safe_redirect(target: str | None) -> bool:
    """True when `target` is a path of this site: one leading `/`, no scheme, no host.

    Judged as the browser will read it, not as `urljoin` does: `http:/evil.example` is a
    path to urljoin but a host to a browser, and `/\\evil.example` is `//evil.example`.
    """
    if not target or target != target.strip(" ") or any(ord(ch) < 32 for ch in target):
        # Refused outright rather than cleaned: a control character has no place in a link.
        return False
    seen = _BROWSER_STRIPPED.sub("", target).replace("\\", "/")
    if not seen.startswith("/") or seen.startswith("//"):
        return False
    parts = urlsplit(seen)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, fallback_endpoint: str = "acts.index") -> str:
    """`target` if it is on this site, else the fallback page."""
    return target if is_safe_redirect(target) else url_for(fallback_endpoint)


def safe_referrer(fallback_endpoint: str = "acts.index") -> str:
    """Where the user came from, if that was a page of this site."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host or referrer.scheme not in ("http", "https"):
        return url_for(fallback_endpoint)
    path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return safe_next(path, fallback_endpoint)


# The largest value of PostgreSQL's integer columns: a larger number names nothing, and would
# make the database driver raise (a 500) instead of a 400 or 404.
MAX_DB_INT = 2**31 - 1
MIN_DB_INT = -(2**31)
# Plain ASCII digits: int() also takes "١", "1_000" and " 7 ", and str.isdigit() takes "²".
WHOLE_NUMBER = re.compile(r"[0-9]{1,10}")


def query_int(name: str, *, default: int, minimum: int = 1, maximum: int = MAX_DB_INT) -> int:
    """A whole-number query parameter, or a 400 that names it."""
    from .errors import Invalid

    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not WHOLE_NUMBER.fullmatch(raw):
        raise Invalid(_l("%(name)s must be a whole number.", name=name), {name: "A whole number."})
    value = int(raw)
    if value < minimum or value > maximum:
        bounds = f"from {minimum} to {maximum}"
        raise Invalid(
            _l("%(name)s must be %(bounds)s.", name=name, bounds=bounds), {name: bounds}
        ) from None
    return value


def query_choice(name: str, choices: Iterable[str]) -> str | None:
    """An optional query parameter that must be one of `choices`, or a 400 that lists them."""
    from .errors import Invalid

    value = request.args.get(name, "").strip()
    if not value:
        return None
    choices = list(choices)
    if value not in choices:
        raise Invalid(
            _l(
                "Unknown %(name)s %(value)s; use one of: %(names)s.",
                name=name.replace("_", " "),
                value=repr(value[:40]),
                names=", ".join(choices),
            ),
            {name: f"One of: {', '.join(choices)}."},
        )
    return value


MAX_PER_PAGE = 100


def query_page(default_per_page: int = 25) -> tuple[int, int]:
    """`?page=` and `?per_page=` (at most 100), checked."""
    return (
        query_int("page", default=1),
        query_int("per_page", default=default_per_page, maximum=MAX_PER_PAGE),
    )
