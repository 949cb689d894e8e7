"""The register's changes as an Atom or RSS feed (feedgen), so investors can follow them."""

from __future__ import annotations

from feedgen.feed import FeedGenerator
from flask import url_for
from flask_babel import format_date, lazy_gettext
from flask_babel import gettext as _

from ..i18n import current_language
from .services import Change

TITLES = {
    "domestic_review": lazy_gettext("is under domestic expert review"),
    "international_review": lazy_gettext("is under international expert review"),
    "committee_review": lazy_gettext("is before the Operational Committee"),
    "approved": lazy_gettext("was approved by the Operational Committee"),
    "drafting": lazy_gettext("was returned to its drafters for revision"),
}


def build(changes: list[Change], *, kind: str, self_url: str) -> bytes:
    """The feed document (`kind`: atom or rss)."""
    language = current_language()
    feed = FeedGenerator()
    register_url = url_for("register.index", _external=True)
    feed.id(register_url)
    feed.title(_("Alatau City: register of regulatory acts"))
    feed.subtitle(_("Where each draft act of Alatau City stands, and the approved texts."))
    feed.link(href=register_url, rel="alternate")
    feed.link(href=self_url, rel="self")
    feed.language(language)
    feed.author({"name": "Alatau City Authority"})
    if changes:
        feed.updated(changes[0].when)
    for change in reversed(changes):  # feedgen lists the last added first
        act = change.act
        link = url_for("register.show", number=act.number, _external=True)
        entry = feed.add_entry()
        entry.id(f"{link}#change-{change.id}")
        title = act.title_in(language)
        entry.title(f"{act.number} {TITLES[change.stage.value]}: {title}")
        entry.link(href=link)
        entry.published(change.when)
        entry.updated(change.when)
        entry.summary(
            f"{act.number} ({act.act_type.ui_label}, {act.sector.ui_label}) "
            f"{TITLES[change.stage.value]}: {format_date(change.when, 'long')}."
        )
    return feed.atom_str(pretty=True) if kind == "atom" else feed.rss_str(pretty=True)
