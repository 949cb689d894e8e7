"""The real application in a subprocess, as production runs it: gunicorn, several workers.

`LiveServer.start()` prepares a database (a fresh SQLite file in a temporary instance folder,
or, when `TEST_DATABASE_URL` names a PostgreSQL server, a database of its own on that server),
migrates it with `flask db upgrade`, creates users with `flask users create`, then starts
`gunicorn -w 3` on a free port of 127.0.0.1 and waits until it answers. `stop()` sends SIGTERM,
then SIGKILL, and drops the PostgreSQL database.

Every step goes through the command line an operator uses (README, API.md): no in-process
`create_app`, so the server sees exactly the environment it is given.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.support.postgres import create_database, drop_database

PROJECT_DIR = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0  # seconds for gunicorn to bind and answer (a busy machine, xdist workers)
STOP_TIMEOUT = 10.0  # seconds between SIGTERM and SIGKILL
COMMAND_TIMEOUT = 180.0  # seconds for one `flask` command (a busy machine, xdist workers)
LISTENING_RE = re.compile(r"Listening at: http://(?P<host>[\d.]+):(?P<port>\d+)")


# `flask --app app ARGS` for each command read as JSON from standard input, in one process: the
# app of `app.py` (as `flask --app app` loads it) and Click's runner, which gives each command
# its own standard input and stops at the first that fails, with its output.
_RUN_COMMANDS = """
import json, sys
from app import app
runner = app.test_cli_runner()
for command in json.load(sys.stdin):
    result = runner.invoke(args=command["args"], input=command["input"])
    print(result.output)
    if result.exit_code != 0:
        print(f"flask {' '.join(command['args'])} exited with {result.exit_code}", result.exception)
        sys.exit(1)
"""


class LiveServerError(RuntimeError):
    """The server or one of its set-up commands did not do what it should."""


@dataclass
class LiveServer:
    """One gunicorn serving the app from `PROJECT_DIR`, with its own instance folder."""

    instance_dir: Path
    postgres_server_url: str | None = None  # TEST_DATABASE_URL; None for SQLite
    workers: int = 3
    login_rate_limit: str = "1000 per minute"
    extra_env: dict[str, str] = field(default_factory=dict)  # e.g. ALATAU_CONFIG=production
    database_url: str = ""
    url: str = ""
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(36))  # 48 chars
    _postgres_database: str | None = None
    _process: subprocess.Popen | None = None
    _log_path: Path | None = None

    # -- the environment and the commands --------------------------------------------------

    @property
    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("ALATAU_", "MAIL_")) and key not in ("DATABASE_URL",)
        }
        env.update(
            ALATAU_CONFIG="testing",
            ALATAU_INSTANCE_DIR=str(self.instance_dir),
            DATABASE_URL=self.database_url,
            SECRET_KEY=self.secret_key,
            ALATAU_LOGIN_RATE_LIMIT=self.login_rate_limit,
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        return env

    @property
    def dialect(self) -> str:
        return "postgresql" if self.postgres_server_url else "sqlite"

    def flask(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
        """Run `flask --app app ARGS` against this server's database; fail with its output."""
        command = [sys.executable, "-m", "flask", "--app", "app", *args]
        result = subprocess.run(
            command,
            cwd=PROJECT_DIR,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
        if result.returncode != 0:
            raise LiveServerError(
                f"`flask {' '.join(args)}` exited with {result.returncode}:\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result

    def create_user(
        self, username: str, role: str, password: str, organisation: str | None = None
    ) -> None:
        """`flask users create`, the password on standard input."""
        args = ["users", "create", username, "--role", role]
        if organisation:
            args += ["--organisation", organisation]
        self.flask(*args, stdin=password + "\n")

    def create_users(self, *users: tuple[str, str, str] | tuple[str, str, str, str]) -> None:
        """`flask users create` for each (username, role, password[, organisation]), the
        password on standard input, all in one process: the same command with the same
        environment, through Click, without starting Python and importing the app for each
        user (3-5 s of CPU each, and the browser tests make about thirty people per run)."""
        commands = []
        for username, role, password, *organisation in users:
            args = ["users", "create", username, "--role", role]
            if organisation and organisation[0]:
                args += ["--organisation", organisation[0]]
            commands.append({"args": args, "input": password + "\n"})
        result = subprocess.run(
            [sys.executable, "-c", _RUN_COMMANDS],
            cwd=PROJECT_DIR,
            env=self.env,
            input=json.dumps(commands),
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
        if result.returncode != 0:
            raise LiveServerError(
                f"`flask users create` of {[user[0] for user in users]} failed:\n"
                f"{result.stdout}\n{result.stderr}"
            )

    # -- life cycle --------------------------------------------------------------------------

    def prepare_database(self) -> None:
        """A fresh database, migrated with `flask db upgrade`."""
        self.instance_dir.mkdir(parents=True, exist_ok=True)
        if self.postgres_server_url:
            # One database per server: parallel runs, xdist workers and several servers in one
            # run (the session's and a module's own) never share or drop each other's.
            self._postgres_database, self.database_url = create_database(
                self.postgres_server_url, "e2e"
            )
        else:
            self.database_url = f"sqlite:///{self.instance_dir / 'alatau.sqlite3'}"
        self.flask("db", "upgrade")

    def start(self) -> None:
        """Start gunicorn on a free port and wait (bounded) until it answers."""
        if not self.database_url:
            self.prepare_database()
        self._log_path = self.instance_dir / "gunicorn.log"
        log = self._log_path.open("w")
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(self.workers),
            # Port 0: the kernel picks a free port when gunicorn binds, so there is no window
            # in which another process could take it; gunicorn logs the port it got.
            "--bind",
            "127.0.0.1:0",
            "--graceful-timeout",
            "5",
            "--timeout",
            "60",
            "app:app",
        ]
        try:
            self._process = subprocess.Popen(
                command,
                cwd=PROJECT_DIR,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # SIGTERM reaches gunicorn, not pytest's group
            )
        finally:
            log.close()
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        last_error = "no answer yet"
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise LiveServerError(
                    f"gunicorn exited with {self._process.returncode} while starting:\n"
                    f"{self.log_text()}"
                )
            if not self.url:
                match = LISTENING_RE.search(self.log_text())
                if match:
                    self.url = f"http://{match['host']}:{match['port']}"
            if self.url:
                # A route that needs neither a template nor the database: without a token
                # the API answers 401 as soon as a worker has loaded the app.
                try:
                    response = requests.get(f"{self.url}/api/v1/me", timeout=2)
                except requests.RequestException as error:
                    last_error = repr(error)
                else:
                    if response.status_code == 401:
                        return
                    raise LiveServerError(
                        f"GET /api/v1/me answered {response.status_code}, not 401:\n"
                        f"{response.text[:2000]}\n{self.log_text()}"
                    )
            time.sleep(0.1)
        raise LiveServerError(
            f"gunicorn did not answer within {START_TIMEOUT:.0f} s ({last_error}); its log:\n"
            f"{self.log_text()}"
        )

    def log_text(self) -> str:
        """What gunicorn and the app wrote to stdout and stderr so far."""
        if self._log_path is None or not self._log_path.exists():
            return ""
        return self._log_path.read_text(errors="replace")

    def stop(self) -> None:
        """SIGTERM gunicorn (it stops its workers), SIGKILL the group if it hangs."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=STOP_TIMEOUT)
        if self._postgres_database:
            drop_database(self.postgres_server_url, self._postgres_database)
            self._postgres_database = None
