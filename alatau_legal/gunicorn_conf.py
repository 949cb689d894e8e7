"""gunicorn's settings for Alatau Legal.

A checkout's `gunicorn.conf.py` (read from the working directory by `gunicorn app:app`) takes
them from here; an installed copy names this module: `gunicorn -c
python:alatau_legal.gunicorn_conf 'alatau_legal:create_app()'`.

Request limits. The app refuses an address longer than `ALATAU_MAX_URL_LENGTH` (4,096
characters) itself, in the route's error format (JSON under /api/). gunicorn's own limits sit
above it, at the largest values gunicorn allows: a request line over 8,190 bytes (414), a
header field over 8,190 bytes or more than 100 header fields (431), which gunicorn answers
before the app sees the request. gunicorn would answer those with an HTML page; it has no hook
for its error page, so this file replaces its writer with one that answers JSON in the error
object of API.md (the request line may not even have been read, so it cannot tell an API call
from a page, and JSON is the format a client of a malformed request can read).
"""

from __future__ import annotations

import json

from gunicorn import util

limit_request_line = 8190
limit_request_field_size = 8190
limit_request_fields = 100

_CODES = {
    400: "bad_request",
    403: "forbidden",
    414: "uri_too_long",
    417: "expectation_failed",
    431: "headers_too_large",
    500: "server_error",
    501: "not_implemented",
}
_MESSAGES = {
    414: "The address is longer than this server accepts.",
    431: "The request's headers are larger than this server accepts.",
}


def write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's own error answers (malformed or over-long requests) as the API's JSON."""
    message = _MESSAGES.get(status_int) or f"{reason}: {mesg}".strip(": ")
    body = json.dumps(
        {"error": {"code": _CODES.get(status_int, "bad_request"), "message": message}}
    ).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode("latin-1")
    util.write_nonblock(sock, head + body)


util.write_error = write_json_error
