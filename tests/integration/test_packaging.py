"""`pip install .` builds a wheel that installs and runs away from the checkout.

The wheel is built as pip builds it (an isolated build with setup.py's step that carries the
templates, migrations, sample acts and compiled catalogues into the package), installed into
an empty folder, and run from another working directory with the checkout off the path: the
database migrates, pages render in English and Russian, static files and the audit command
work, and gunicorn's settings module is found.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The folder the wheel was installed into (`pip install --target`)."""
    wheels = tmp_path_factory.mktemp("wheels")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), "."],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert build.returncode == 0, f"pip wheel failed:\n{build.stdout}\n{build.stderr}"
    (wheel,) = wheels.glob("alatau_legal-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "alatau_legal/templates/base.html",
        "alatau_legal/migrations/env.py",
        "alatau_legal/migrations/versions/0001_accounts_acts_versions_provision_nodes.py",
        "alatau_legal/translations/ru/LC_MESSAGES/messages.mo",
        "alatau_legal/translations/kk/LC_MESSAGES/messages.mo",
        "alatau_legal/static/css/app.css",
        "alatau_legal/documents/template.docx",
        "alatau_legal/config.py",
        "alatau_legal/gunicorn_conf.py",
    ):
        assert needed in names, f"{needed} is not in the wheel"
    assert not any(name.startswith(("tests/", "config.py", "app.py")) for name in names)
    target = tmp_path_factory.mktemp("site")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target",
         str(target), str(wheel)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    return target


def _run(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ALATAU_", "DATABASE_URL", "SECRET_KEY", "PYTHON"))
    }
    env.update(PYTHONPATH=str(installed), ALATAU_INSTANCE_DIR=str(cwd / "instance"))
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip


def test_the_installed_wheel_migrates_serves_and_verifies(installed, tmp_path):
    upgrade = _run(installed, tmp_path, "-m", "flask", "--app", "alatau_legal", "db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    probe = _run(
        installed,
        tmp_path,
        "-c",
        "import alatau_legal, sys\n"
        "assert alatau_legal.__file__.startswith(sys.argv[1]), alatau_legal.__file__\n"
        "app = alatau_legal.create_app()\n"
        "client = app.test_client()\n"
        "page = client.get('/login')\n"
        "russian = client.get('/login?ui_lang=ru')\n"
        "css = client.get('/static/css/app.css')\n"
        "print(page.status_code, 'Sign in' in page.text, russian.status_code,\n"
        "      'Вход' in russian.text, css.status_code, app.config['INSTANCE_DIR'])\n",
        str(installed),
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.split() == ["200", "True", "200", "True", "200", str(tmp_path / "instance")]
    verify = _run(installed, tmp_path, "-m", "flask", "--app", "alatau_legal", "audit", "verify")
    assert verify.returncode == 0, verify.stderr
    assert "Audit chains intact: 0 entries in 0 chains." in verify.stdout
    settings = _run(
        installed, tmp_path, "-c",
        "import alatau_legal.gunicorn_conf as c; print(c.limit_request_line)",
    )  # fmt: skip
    assert settings.stdout.strip() == "8190", settings.stderr
