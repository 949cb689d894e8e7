"""The message catalogues: Russian complete, Kazakh for the essentials, the .pot up to date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alatau_legal.acts.models import ActStatus
from alatau_legal.ui import NAVIGATION
from tests.support.catalogues import POT, po_path, read_catalogue

PROJECT = Path(__file__).resolve().parents[2]


def _ids(catalogue) -> set:
    return {message.id for message in catalogue if message.id}


def _untranslated(catalogue) -> list[str]:
    missing = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def test_every_msgid_has_a_russian_translation():
    catalogue = read_catalogue(po_path("ru"), "ru")
    missing = _untranslated(catalogue)
    assert not missing, f"msgids without a Russian translation: {missing}"


def test_no_fuzzy_entries():
    for language in ("ru", "kk"):
        catalogue = read_catalogue(po_path(language), language)
        fuzzy = [message.id for message in catalogue if message.id and message.fuzzy]
        assert not fuzzy, f"fuzzy entries in {language}: {fuzzy}"


def test_every_msgid_of_the_template_is_in_the_catalogues():
    template = _ids(read_catalogue(POT))
    for language in ("en", "ru", "kk"):
        missing = template - _ids(read_catalogue(po_path(language), language))
        assert not missing, f"msgids of messages.pot missing from {language}: {sorted(missing)}"


def test_placeholders_of_translations_match():
    # babel's checkers: a translation must keep every %(name)s of its msgid.
    for language in ("ru", "kk"):
        catalogue = read_catalogue(po_path(language), language)
        problems = [(message.id, errors) for message, errors in catalogue.check() if errors]
        assert not problems, f"{language}: {problems}"


def test_kazakh_covers_the_navigation_and_the_statuses():
    catalogue = read_catalogue(po_path("kk"), "kk")
    # Outside a request the labels are the English msgids.
    needed = [str(label) for _endpoint, label, _roles in NAVIGATION]
    needed += [status.label for status in ActStatus]
    needed += ["Sign in", "Sign out", "Interface language", "Username", "Password"]
    missing = [msgid for msgid in needed if not (catalogue.get(msgid) and catalogue[msgid].string)]
    assert not missing, f"Kazakh translations missing: {missing}"


def test_the_template_is_up_to_date_with_the_sources(tmp_path):
    """A string newly marked for translation fails here until the catalogues are updated."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "lazy_gettext",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=PROJECT,
        check=True,
        capture_output=True,
    )
    extracted = _ids(read_catalogue(fresh))
    committed = _ids(read_catalogue(POT))
    assert extracted - committed == set(), (
        "strings marked for translation but missing from messages.pot (run `make catalogues-update`"
        f" and translate them): {sorted(map(str, extracted - committed))}"
    )
    stale = sorted(map(str, committed - extracted))
    assert not stale, f"messages.pot has strings no source marks any more: {stale}"
