"""The hardening probe of issue 17, from outside, as an attacker would: `python -m
tests.benchmarks.probe_hardening` (PostgreSQL when TEST_DATABASE_URL is set, else SQLite).

Two gunicorn servers with three workers each in the production configuration: one with a
generous login limit for the probes, one with 10 sign-ins a minute for the rate limit. Every
role and anonymous; every operation of the OpenAPI document and the main pages; control
characters in every query value, path part and JSON string; nested JSON; over-long URLs and
headers; far dates; open redirects; sessions and tokens after what should end them.
Prints one line per probe with its case count and what failed (5xx, non-JSON errors under
/api/, a control character accepted, a redirect off site, ...). Not part of the test run.
"""

from __future__ import annotations

import re
import secrets
import socket
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

import requests

from tests.support.builders import SAMPLE_TEXT
from tests.support.live_server import LiveServer

PASSWORD = "probe passphrase " + secrets.token_hex(4)
ROLES = {
    "admin": ("admin", None),
    "drafter": ("drafter", None),
    "domestic_expert": ("domestic_expert", "Probe Institute"),
    "international_expert": ("international_expert", "Probe International"),
    "secretary": ("secretary", None),
    "committee_member": ("committee_member", None),
}
PAGES = [
    "/", "/acts", "/acts/new", "/acts/import", "/acts/{act_number}", "/acts/{act_number}/compare",
    "/register", "/register/{act_number}", "/register/feed.atom", "/meetings", "/meetings/new",
    "/meetings/{meeting_id}", "/deadlines", "/notifications", "/search?q=investment",
    "/admin/users", "/admin/organisations", "/profile", "/api/docs", "/login",
]  # fmt: skip
CONTROL_VALUES = ["a\x00b", "\x1b[31m", "a\x85b", "\x7f"]
HOSTILE_NEXT = [
    "http:/evil.example", "HTTP:evil.example", "https:evil.example", "http:\\\\evil.example",
    "//evil.example", "/\\evil.example", "\\\\evil.example", "/\t/evil.example",
    "/\n/evil.example", " //evil.example", "javascript:alert(1)", "evil.example",
]  # fmt: skip


class TolerantSession(requests.Session):
    """A dropped connection (a worker that died) is an answer too: status 599, counted."""

    def request(self, method, url, *args, **kwargs):
        try:
            return super().request(method, url, *args, **kwargs)
        except requests.ConnectionError:
            response = requests.Response()
            response.status_code, response.url = 599, url
            response._content = b"connection dropped"
            response.headers["Content-Type"] = "text/plain"
            return response


def http() -> TolerantSession:
    """A fresh client (no cookies carried from one probe to the next)."""
    return TolerantSession()


class Probe:
    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.url = server.url
        self.tokens: dict[str, str] = {}
        self.ids: dict[str, object] = {}
        self.results: list[tuple[str, int, Counter]] = []

    # -- set-up through the CLI and the API, as a user would --------------------------------

    def token(self, username: str, password: str = PASSWORD) -> str:
        response = http().post(
            f"{self.url}/api/v1/auth/token",
            json={"username": username, "password": password},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()["token"]

    def api(self, role: str | None, method: str, path: str, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if role:
            headers["Authorization"] = f"Bearer {self.tokens[role]}"
        return http().request(
            method, f"{self.url}/api/v1{path}", headers=headers, timeout=60, **kwargs
        )

    def set_up(self) -> None:
        for role, (kind, organisation) in ROLES.items():
            self.server.create_user(role.replace("_", "-"), kind, PASSWORD, organisation)
            self.tokens[role] = self.token(role.replace("_", "-"))
        act = self.api(
            "drafter", "post", "/acts",
            json={"title": "Probe rules", "act_type": "rules", "language": "en",
                  "text": SAMPLE_TEXT},
        ).json()  # fmt: skip
        due = (date.today() + timedelta(days=30)).isoformat()
        rounds = self.api(
            "secretary", "post", f"/acts/{act['id']}/rounds",
            json={"stage": "domestic", "reviewers": ["domestic-expert"], "due": due},
        ).json()  # fmt: skip
        self.api("drafter", "post", f"/acts/{act['id']}/transitions",
                 json={"action": "submit_domestic_review", "reason": ""})  # fmt: skip
        comment = self.api(
            "domestic_expert", "post", f"/acts/{act['id']}/comments",
            json={"version": 1, "eid": "art_1__para_1", "body": "Which preferences?"},
        ).json()  # fmt: skip
        meeting = self.api("secretary", "post", "/meetings",
                           json={"date": due, "title": "Probe meeting"}).json()  # fmt: skip
        self.ids = {
            "act_id": act["id"], "number": 1, "round_id": rounds["id"],
            "comment_id": comment["id"], "meeting_id": meeting["id"], "item_id": 1,
            "eid": "art_1", "username": "domestic-expert", "act_number": act["number"],
        }  # fmt: skip

    # -- bookkeeping ----------------------------------------------------------------------

    def report(self, name: str, cases: int, problems: Counter) -> None:
        self.results.append((name, cases, problems))
        found = ", ".join(f"{what}: {count}" for what, count in problems.items()) or "none"
        print(f"{name:<52} {cases:>6} cases   problems: {found}", flush=True)

    @staticmethod
    def judge(response: requests.Response, problems: Counter, *, api: bool) -> None:
        if response.status_code >= 500:
            problems[f"{response.status_code}"] += 1
        json_answer = response.headers.get("Content-Type", "").startswith("application/json")
        if api and response.status_code >= 400 and not json_answer:
            problems["non-JSON error"] += 1

    def operations(self) -> list[tuple[str, str, dict]]:
        document = http().get(f"{self.url}/api/v1/openapi.json", timeout=30).json()
        self.document = document
        return [
            (method.upper(), path, operation)
            for path, operations in document["paths"].items()
            for method, operation in operations.items()
        ]

    def fill(self, path: str, override: dict[str, str] | None = None) -> str:
        values = {**{k: str(v) for k, v in self.ids.items()}, **(override or {})}
        return re.sub(r"{(\w+)}", lambda m: values.get(m.group(1), "1"), path)

    def schema(self, operation: dict) -> dict:
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if not body:
            return {}
        schema = body.get("schema", {})
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[1]
            schema = self.document["components"]["schemas"][name]
        return schema

    # -- the probes -------------------------------------------------------------------------

    def role_by_route(self) -> None:
        problems, cases = Counter(), 0
        anonymous_open = 0
        for method, path, operation in self.operations():
            for role in [None, *ROLES]:
                if (method, path) == ("DELETE", "/auth/token"):
                    continue  # would revoke the probe's own tokens
                kwargs = {"json": {}} if self.schema(operation) else {}
                response = self.api(role, method.lower(), self.fill(path), **kwargs)
                cases += 1
                self.judge(response, problems, api=True)
                public = operation.get("security") == []
                if role is None and not public and response.status_code != 401:
                    anonymous_open += 1
        if anonymous_open:
            problems["anonymous not 401"] = anonymous_open
        self.report("role x API operation (7 roles incl. anonymous)", cases, problems)

        problems, cases = Counter(), 0
        for role in [None, *ROLES]:
            browser = self.sign_in(role.replace("_", "-")) if role else TolerantSession()
            for page in PAGES:
                path = page.format(**self.ids)
                response = browser.get(f"{self.url}{path}", allow_redirects=False, timeout=60)
                cases += 1
                self.judge(response, problems, api=False)
        self.report("role x page (7 roles incl. anonymous)", cases, problems)

    def control_characters(self) -> None:
        problems, cases = Counter(), 0
        for method, path, operation in self.operations():
            for parameter in operation.get("parameters", []):
                if "name" not in parameter:
                    continue
                for value in CONTROL_VALUES:
                    for role in [None, "secretary", "drafter"]:
                        if parameter["in"] == "query":
                            target = f"{self.fill(path)}?{parameter['name']}={quote(value)}"
                        else:
                            target = self.fill(path, {parameter["name"]: quote(value)})
                        kwargs = {"json": {}} if self.schema(operation) else {}
                        response = self.api(role, method.lower(), target, **kwargs)
                        cases += 1
                        self.judge(response, problems, api=True)
                        field = parameter["name"] if parameter["in"] == "query" else "path"
                        fields = (
                            response.json().get("error", {}).get("fields", {})
                            if response.headers.get("Content-Type", "").startswith(
                                "application/json"
                            )
                            else {}
                        )
                        if response.status_code != 400 or field not in fields:
                            problems["not a 400 naming the field"] += 1
            for name, spec in self.schema(operation).get("properties", {}).items():
                if spec.get("type") not in ("string", None) and "anyOf" not in spec:
                    continue
                for value in ["x\u0000y", "\ud800"]:
                    for role in [None, "secretary", "drafter", "domestic_expert"]:
                        body = f'{{"{name}": {_json_string(value)}}}'
                        response = self.api(
                            role, method.lower(), self.fill(path), data=body.encode(),
                            headers={"Content-Type": "application/json"},
                        )  # fmt: skip
                        cases += 1
                        self.judge(response, problems, api=True)
                        if response.status_code != 400:
                            problems["not a 400"] += 1
        for page in ["/register/ALA%00", "/acts?q=%00", "/search?q=a%00b", "/login?next=%00"]:
            response = http().get(f"{self.url}{page}", timeout=30)
            cases += 1
            self.judge(response, problems, api=False)
            if response.status_code != 400:
                problems["page not a 400"] += 1
        self.report("control characters: query, path, JSON strings", cases, problems)

    def nested_and_oversized(self) -> None:
        problems, cases = Counter(), 0
        posts = [(m, p) for m, p, op in self.operations() if m in ("POST", "PATCH")]
        for method, path in posts:
            for depth in (33, 100_000):
                body = b"[" * depth + b"]" * depth
                for role in [None, "secretary"]:
                    response = self.api(
                        role, method.lower(), self.fill(path), data=body,
                        headers={"Content-Type": "application/json"},
                    )  # fmt: skip
                    cases += 1
                    self.judge(response, problems, api=True)
                    if response.status_code not in (400, 415):
                        problems["nested not refused"] += 1
        for length in (5_000, 9_000, 20_000):
            status, headers, _ = self.raw(
                f"GET /api/v1/acts?q={'a' * length} HTTP/1.1\r\nHost: x\r\n"
                "Connection: close\r\n\r\n"
            )
            cases += 1
            if status >= 500 or not headers.get("Content-Type", "").startswith("application/json"):
                problems["long URL not JSON"] += 1
        for extra in (
            "X-Big: " + "b" * 9_000 + "\r\n",
            "".join(f"X-{n}: v\r\n" for n in range(150)),
        ):
            status, headers, _ = self.raw(
                f"GET /api/v1/me HTTP/1.1\r\nHost: x\r\n{extra}Connection: close\r\n\r\n"
            )
            cases += 1
            if status >= 500 or not headers.get("Content-Type", "").startswith("application/json"):
                problems["big header not JSON"] += 1
        self.report("nested JSON, long URLs, big headers", cases, problems)

    def far_dates(self) -> None:
        problems, cases = Counter(), 0
        act = self.api(
            "drafter", "post", "/acts",
            json={"title": "Far", "act_type": "rules", "language": "en", "text": SAMPLE_TEXT},
        ).json()  # fmt: skip
        for due in ("9999-12-30", "2099-01-01", "1900-01-01"):
            response = self.api(
                "secretary", "post", f"/acts/{act['id']}/rounds",
                json={"stage": "domestic", "reviewers": ["domestic-expert"], "due": due},
            )  # fmt: skip
            cases += 1
            if response.status_code != 400:
                problems["far due accepted"] += 1
        for day in ("9999-12-31", "2099-01-01"):
            response = self.api("secretary", "post", "/meetings", json={"date": day, "title": "F"})
            cases += 1
            if response.status_code != 400:
                problems["far meeting accepted"] += 1
        slowest = 0.0
        for role in ROLES:
            started = time.perf_counter()
            response = self.api(role, "get", "/deadlines")
            slowest = max(slowest, time.perf_counter() - started)
            cases += 1
            self.judge(response, problems, api=True)
            me = self.api(role, "get", "/me").json()
            feed = http().get(me["calendar_url"], timeout=30)
            cases += 1
            self.judge(feed, problems, api=False)
        self.report(f"far dates; slowest deadlines answer {slowest * 1000:.0f} ms", cases, problems)

    def redirects(self) -> None:
        problems, cases = Counter(), 0
        for target in HOSTILE_NEXT:
            browser = TolerantSession()
            page = browser.get(f"{self.url}/login", timeout=30)
            response = browser.post(
                f"{self.url}/login",
                params={"next": target},
                data={"username": "drafter", "password": PASSWORD, "csrf_token": _csrf(page.text)},
                allow_redirects=False,
                timeout=30,
            )
            cases += 1
            location = response.headers.get("Location", "")
            if response.status_code == 302 and not _same_site(location):
                problems["off-site redirect after sign-in"] += 1
            page = browser.get(f"{self.url}/profile", timeout=30)
            response = browser.post(
                f"{self.url}/profile/language",
                data={"locale": "en", "next": target, "csrf_token": _csrf(page.text)},
                allow_redirects=False,
                timeout=30,
            )
            cases += 1
            if response.status_code == 302 and not _same_site(response.headers["Location"]):
                problems["off-site redirect after language"] += 1
        self.report("open redirects (login, language)", cases, problems)

    def sessions_and_tokens(self) -> None:
        problems, cases = Counter(), 0
        browser = self.sign_in("committee-member")
        captured = browser.cookies.get("session")
        page = browser.get(f"{self.url}/acts", timeout=30)
        browser.post(f"{self.url}/logout", data={"csrf_token": _csrf(page.text)}, timeout=30)
        for _ in range(6):
            replay = http().get(
                f"{self.url}/acts", cookies={"session": captured}, allow_redirects=False, timeout=30
            )
            cases += 1
            if replay.status_code == 200:
                problems["cookie alive after sign-out"] += 1
        old = self.token("admin")
        other = self.sign_in("admin")
        page = self.sign_in("admin")
        profile = page.get(f"{self.url}/profile", timeout=30)
        changed = page.post(
            f"{self.url}/profile",
            data={"current_password": PASSWORD, "new_password": PASSWORD + "!",
                  "csrf_token": _csrf(profile.text)},
            allow_redirects=False, timeout=30,
        )  # fmt: skip
        cases += 1
        if changed.status_code != 302:
            problems[f"password change answered {changed.status_code}"] += 1
        for _ in range(6):
            cases += 2
            me = http().get(
                f"{self.url}/api/v1/me", headers={"Authorization": f"Bearer {old}"}, timeout=30
            )
            if me.status_code != 401:
                problems["token alive after password change"] += 1
            if other.get(f"{self.url}/acts", allow_redirects=False, timeout=30).status_code == 200:
                problems["other session alive after password change"] += 1
        token = self.token("drafter")
        cases += 1
        revoked = http().delete(
            f"{self.url}/api/v1/auth/token",
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        if revoked.status_code != 204:
            problems["DELETE token not 204"] += 1
        for _ in range(6):
            cases += 1
            me = http().get(
                f"{self.url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=30
            )
            if me.status_code != 401:
                problems["token alive after DELETE"] += 1
        self.report("sessions and tokens after sign-out, password change, DELETE", cases, problems)

    # -- helpers ---------------------------------------------------------------------------

    def sign_in(self, username: str, password: str = PASSWORD) -> requests.Session:
        browser = TolerantSession()
        page = browser.get(f"{self.url}/login", timeout=30)
        browser.post(
            f"{self.url}/login",
            data={"username": username, "password": password, "csrf_token": _csrf(page.text)},
            timeout=30,
        )
        return browser

    def raw(self, request: str) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(self.url)
        with socket.create_connection((parts.hostname, parts.port), timeout=30) as connection:
            connection.sendall(request.encode("latin-1"))
            data = b""
            while chunk := connection.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        return int(lines[0].split()[1]), headers, body


def rate_limit(server: LiveServer, limit: int) -> None:
    statuses = []
    for _ in range(3 * limit):
        response = requests.post(
            f"{server.url}/api/v1/auth/token",
            json={"username": "nobody", "password": "wrong password"},
            headers={"Connection": "close"},
            timeout=30,
        )
        statuses.append(response.status_code)
    passed = statuses.index(429) if 429 in statuses else len(statuses)
    problems = Counter()
    if passed != limit:
        problems[f"{passed} attempts before the first 429, limit {limit}"] += 1
    print(
        f"{'login limit across 3 workers: ' + str(passed) + ' passed of ' + str(limit):<52} "
        f"{len(statuses):>6} cases   problems: " + (", ".join(problems) or "none"),
        flush=True,
    )


def _json_string(value: str) -> str:
    """A JSON string literal, lone surrogates escaped as JSON allows."""
    return (
        '"'
        + "".join(
            f"\\u{ord(ch):04x}" if ord(ch) < 32 or 0xD800 <= ord(ch) <= 0xDFFF else ch
            for ch in value
        )
        + '"'
    )


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'name="csrf-token" content="([^"]+)"', html
    )
    return match.group(1) if match else ""


def _same_site(location: str) -> bool:
    parts = urlsplit(location.replace("\\", "/"))
    return not parts.scheme and not parts.netloc and location.startswith("/")


def main() -> None:
    import os

    postgres = os.environ.get("TEST_DATABASE_URL") or None
    with tempfile.TemporaryDirectory() as folder:
        production = {"ALATAU_CONFIG": "production", "ALATAU_SECURE_COOKIES": "false"}
        server = LiveServer(
            Path(folder) / "probe",
            postgres,
            login_rate_limit="10000 per minute",
            extra_env=production,
        )
        limited = LiveServer(
            Path(folder) / "limited",
            postgres,
            login_rate_limit="10 per minute",
            extra_env=production,
        )
        try:
            limited.start()
            print(f"database: {'PostgreSQL' if postgres else 'SQLite'}; gunicorn -w 3; production")
            rate_limit(limited, 10)
            limited.stop()
            server.start()
            probe = Probe(server)
            probe.set_up()
            probe.role_by_route()
            probe.control_characters()
            probe.nested_and_oversized()
            probe.far_dates()
            probe.redirects()
            probe.sessions_and_tokens()
            total = sum(cases for _, cases, _ in probe.results)
            failed = sum(sum(problems.values()) for _, _, problems in probe.results)
            print(f"{'total':<52} {total:>6} cases   problems: {failed}")
            errors = [line for line in server.log_text().splitlines() if "Traceback" in line]
            print(f"tracebacks in the server log: {len(errors)}")
        finally:
            server.stop()
            limited.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
