"""The message catalogues: Russian and Kazakh complete, the .pot up to date, and no interface
text in a template left unmarked for translation."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_msgid_has_a_translation(language):
    catalogue = read_catalogue(po_path(language), language)
    missing = _untranslated(catalogue)
    assert not missing, f"msgids without a translation in {language}: {missing}"


# Text a template may show as it is, in every language: names, and act text in the samples of
# the format help (<code> elements, marked with their language).
PROPER_NAMES = {"Alatau Legal", "Akoma Ntoso XML"}
# The API reference shows the OpenAPI document, which is in English like the API itself.
ENGLISH_ONLY = {"api/docs.html"}
_TRANS = re.compile(r"{%-?\s*trans\b.*?{%-?\s*endtrans\s*-?%}", re.S)
_JINJA = re.compile(r"{#.*?#}|{%.*?%}|{{.*?}}", re.S)
_UNSPOKEN = re.compile(r"<(script|style|code)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>", re.S)
_ATTRIBUTE = re.compile(
    r'\b(title|alt|placeholder|aria-label|aria-description|data-confirm)="([^"{]*[^\W\d_][^"{]*)"'
)
_LETTER = re.compile(r"[^\W\d_]")


def _unmarked(source: str) -> list[str]:
    """Words of a template outside `_()`, `{% trans %}` and every other Jinja expression."""
    text = _JINJA.sub(" ", _TRANS.sub(" ", source))
    found = [f'{name}="{value}"' for name, value in _ATTRIBUTE.findall(text)]
    text = _TAG.sub("\n", _UNSPOKEN.sub(" ", text))
    for line in text.splitlines():
        line = line.replace("&nbsp;", " ").strip(" ·—–-:")
        if _LETTER.search(line) and line not in PROPER_NAMES:
            found.append(line)
    return found


def test_the_scanner_finds_unmarked_text():
    assert _unmarked("<p>{{ _('Marked') }}</p><p>Not marked</p>") == ["Not marked"]
    assert _unmarked('<a title="Open it" href="{{ url }}">{% trans %}Go{% endtrans %}</a>') == [
        'title="Open it"'
    ]
    assert _unmarked("<p>{{ act.number }} · <code>Статья 1.</code> Alatau Legal</p>") == []


def test_every_template_text_is_marked_for_translation():
    templates = PROJECT / "templates"
    unmarked = {
        str(path.relative_to(templates)): found
        for path in sorted(templates.rglob("*.html"))
        if str(path.relative_to(templates)) not in ENGLISH_ONLY
        and (found := _unmarked(path.read_text()))
    }
    assert not unmarked, f"template text not marked for translation (wrap it in _()): {unmarked}"


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
            # The same keywords as `make catalogues-update`: services mark messages with `_l`
            # (lazy_gettext) and `_ln` (lazy_ngettext).
            *("-k", "lazy_gettext", "-k", "_l", "-k", "lazy_ngettext:1,2", "-k", "_ln:1,2"),
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
