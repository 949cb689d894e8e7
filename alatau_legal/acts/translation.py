"""The translator's work on one language of an act: what is behind the drafting language,
with the drafting wording the translation follows and the wording it must follow now, and
saving new wording provision by provision.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from flask_babel import lazy_gettext as _l

from ..accounts.models import User
from ..errors import Invalid
from . import compare as compare_module
from . import languages as act_languages
from . import services
from .models import Act
from .text import FlatProvision, label_for_eid, render

MAX_PROVISION_CHARS = 100_000


@dataclass
class WorkItem:
    """One provision of a translation that is not aligned with the drafting language."""

    eid: str
    status: str  # missing / outdated / extra
    drafting_now: FlatProvision | None  # the drafting language's wording in this version
    drafting_then: FlatProvision | None  # ... when the translation last changed (outdated)
    then_version: int | None
    diff: list[tuple[str, str]] | None  # word diff from `drafting_then` to `drafting_now`
    translation: FlatProvision | None  # the translation's wording now

    @property
    def editable(self) -> bool:
        """Outdated provisions are edited here, one by one; the structure (missing, extra)
        is changed in the full text of the language."""
        return self.status == "outdated"


@dataclass
class TranslationWork:
    act: Act
    language: str
    version: int
    alignment: act_languages.LanguageAlignment
    items: list[WorkItem]
    drafting: dict[str, FlatProvision]
    translation: dict[str, FlatProvision]

    def label(self, eid: str, language: str) -> str:
        """The provision as a lawyer names it in `language` (never its eId)."""
        provisions = self.drafting if eid in self.drafting else self.translation
        try:
            return label_for_eid(eid, provisions, language, act_type=self.act.act_type.value)
        except ValueError:
            return eid


def _wording(row: FlatProvision | None) -> str:
    if row is None:
        return ""
    return "\n".join(part for part in (row.heading, row.text) if part)


def translation_work(actor: User, act: Act, language: str) -> TranslationWork:
    """The provisions of `language` that are missing, outdated or extra in the latest version,
    in document order, with what the translator needs beside each."""
    language = act_languages.language_of(act, language)
    if language == act.language.value:
        raise Invalid(
            _l(
                "%(language)s is the drafting language of %(number)s: the other languages are "
                "translated from it.",
                language=language,
                number=act.number,
            ),
            {"language": "A translation, not the drafting language."},
        )
    result = services.alignment(actor, act)
    entry = result.languages[language]
    drafting = {row.eid: row for row in services.current_version(actor, act).flat}
    translation = {row.eid: row for row in services.current_version(actor, act, language).flat}
    then_texts: dict[int, dict[str, FlatProvision]] = {}
    for number in sorted(set(entry.translated_from.values())):
        then_texts[number] = {row.eid: row for row in services.get_version(actor, act, number).flat}
    items: list[WorkItem] = []
    for eid in drafting:
        status = entry.status(eid)
        if status is None:
            continue
        then_number = entry.translated_from.get(eid)
        then = then_texts[then_number].get(eid) if then_number else None
        items.append(
            WorkItem(
                eid=eid,
                status=status,
                drafting_now=drafting[eid],
                drafting_then=then,
                then_version=then_number,
                diff=(
                    compare_module.word_diff(_wording(then), _wording(drafting[eid]))
                    if status == "outdated"
                    else None
                ),
                translation=translation.get(eid),
            )
        )
    items.extend(
        WorkItem(eid, "extra", None, None, None, None, translation[eid]) for eid in entry.extra
    )
    return TranslationWork(act, language, act.current_version, entry, items, drafting, translation)


def save_provisions(
    actor: User,
    act_id: int,
    language: str,
    *,
    base_version: int,
    wordings: dict[str, tuple[str, str]],
    confirmed: list[str],
    note: str,
    max_chars: int,
    now: datetime | None = None,
) -> services.SaveResult:
    """Save new wording (heading, text) of some provisions of a translation, and confirm
    others as still right, as one new version of that language."""
    act = services.get_act(actor, act_id)
    language = act_languages.language_of(act, language)
    shown = services.get_version(actor, act, base_version, language)
    rows = []
    known = {row.eid for row in shown.flat}
    unknown = [eid for eid in [*wordings, *confirmed] if eid not in known]
    if unknown:
        raise Invalid(
            _l(
                "The %(language)s text of version %(number)s has no provision %(eid)s.",
                language=language,
                number=base_version,
                eid=repr(unknown[0]),
            ),
            {"eid": "Not in this text."},
        )
    for row in shown.flat:
        if row.eid in wordings:
            heading, text = wordings[row.eid]
            heading = " ".join((heading or "").split())
            text = "\n".join(line.strip() for line in (text or "").strip().splitlines())
            if len(heading) + len(text) > MAX_PROVISION_CHARS:
                raise Invalid(_l("The wording is too long."), {row.eid: "Too long."})
            if not text and not heading and row.kind.value not in ("chapter", "section"):
                raise Invalid(
                    _l(
                        "Give the provision its wording; to remove a provision, edit the full "
                        "text of the language."
                    ),
                    {row.eid: "Required."},
                )
            row = replace(row, heading=heading, text=text)
        rows.append(row)
    tree = compare_module.build_tree(rows)
    return services.save_version(
        actor,
        act_id,
        base_version=base_version,
        text=render(tree, language),
        note=note,
        language=language,
        confirmed=confirmed,
        max_chars=max_chars,
        now=now,
    )
