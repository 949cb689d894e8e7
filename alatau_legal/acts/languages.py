"""The languages of an act's text: one text per authentic language in every version, aligned
provision by provision under the same eIds.

The drafting language's text is the version's own (`Version.top_provisions`); every language
also has a `VersionLanguageText` row from the first version saved with languages on. Saving one
language makes a new version in which the others are carried over unchanged: their row points
(`saved_in`) at the version whose row holds their map of last changes, so a carried language
costs one small row, its nodes and its map being shared.

Alignment against the drafting language is then a comparison of maps read in one query:
  missing   an eId of the drafting language that the translation does not have;
  extra     an eId of the translation that the drafting language does not have;
  outdated  an eId whose drafting wording changed in a later version than its translation.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from threading import Lock

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from ..accounts.models import Language, Role, User
from ..audit import chain
from ..errors import Conflict, Forbidden, Invalid
from ..extensions import db
from ..i18n import N_, lazy_lower
from ..timeutil import utcnow
from .models import Act, ActStatus, Version, VersionLanguageText
from .storage import load_tree, store_tree
from .text import FlatProvision, Provision, flatten

CODES = tuple(member.value for member in Language)
# The order languages are offered in when the act does not say: the state language first.
PREFERRED_ORDER = ("kk", "ru", "en")
# The name of a text's language inside a message (English, marked for the catalogues).
NAMES = {"kk": N_("Kazakh"), "ru": N_("Russian"), "en": N_("English")}


def language_of(act: Act, value: str | None, field_name: str = "language") -> str:
    """The language asked for, which must be one of the act's (default: its drafting one)."""
    if value is None or value == "":
        return act.language.value
    if value not in act.languages:
        raise Invalid(
            _l(
                "Act %(number)s is written in %(languages)s; %(value)s is not one of its "
                "languages.",
                number=act.number,
                languages=", ".join(act.languages),
                value=repr(value),
            ),
            {field_name: f"One of: {', '.join(act.languages)}."},
        )
    return value


def languages_of(act: Act, value: str | None, field_name: str = "languages") -> list[str]:
    """A comma-separated list of the act's languages (each once), as `?languages=kk,ru`."""
    codes = [code.strip() for code in (value or "").split(",") if code.strip()]
    if not codes:
        raise Invalid(_l("Name the languages, e.g. kk,ru."), {field_name: "Required."})
    for code in codes:
        language_of(act, code, field_name)
    if len(set(codes)) != len(codes):
        raise Invalid(_l("Name each language once."), {field_name: "Repeated language."})
    return codes


# ---------------------------------------------------------------------------------------------
# Setting the languages


def can_set_languages(user: User, act: Act) -> bool:
    """The act's lead drafter or the committee secretary."""
    return user.role is Role.SECRETARY or (
        user.role is Role.DRAFTER and act.lead_drafter_id == user.id
    )


def set_languages(
    actor: User, act: Act, languages: list[str], *, now: datetime | None = None
) -> Act:
    """Set the act's authentic languages (drafting language first) and record the change."""
    if not can_set_languages(actor, act):
        raise Forbidden(
            _l(
                "Only the drafter of %(number)s or the committee secretary sets its languages.",
                number=act.number,
            )
        )
    if act.status is not ActStatus.DRAFTING:
        raise Conflict(
            _l(
                "Act %(number)s is in %(status)s; its languages can be changed only while it "
                "is being drafted.",
                number=act.number,
                status=lazy_lower(act.status.ui_label),
            ),
            code="not_drafting",
        )
    if not isinstance(languages, list) or not 1 <= len(languages) <= len(CODES):
        raise Invalid(
            _l("Give one to three languages, the drafting language first."),
            {"languages": "One to three of kk, ru, en."},
        )
    unknown = [code for code in languages if code not in CODES]
    if unknown:
        raise Invalid(
            _l(
                "Unknown language %(value)s; the languages are kk, ru and en.",
                value=repr(unknown[0]),
            ),
            {"languages": "One to three of kk, ru, en."},
        )
    if len(set(languages)) != len(languages):
        raise Invalid(_l("Name each language once."), {"languages": "Repeated language."})
    if languages[0] != act.language.value:
        raise Invalid(
            _l(
                "The drafting language of %(number)s (%(language)s) comes first.",
                number=act.number,
                language=act.language.value,
            ),
            {"languages": f"Start with {act.language.value}."},
        )
    before = act.languages
    if languages == before:
        return act
    now = now or utcnow()
    act.language_codes = ",".join(languages)
    act.updated_at = now
    db.session.flush()
    _store_drafting_map(act)
    chain.record("act.languages_set", actor=actor, act=act, now=now, old=before, new=languages)
    return act


def _store_drafting_map(act: Act) -> None:
    """Give the latest version, if it was saved before languages existed, the drafting
    language's row (derived data: its map of last changes), so that the act page reads the
    alignment from one query instead of walking the history on every view."""
    version = db.session.scalar(
        select(Version).where(Version.act_id == act.id, Version.number == act.current_version)
    )
    if version is None or act.language.value in text_rows(version):
        return
    db.session.add(
        VersionLanguageText(
            version_id=version.id,
            language=act.language.value,
            top_provisions=version.top_provisions,
            provision_count=version.provision_count,
            last_changed=_drafting_history_map(act, version.number),
            saved_in=version.number,
        )
    )
    db.session.flush()


# ---------------------------------------------------------------------------------------------
# Reading a language's text


def text_rows(version: Version) -> dict[str, VersionLanguageText]:
    """The version's text rows by language (empty for a version saved before languages)."""
    return {
        row.language: row
        for row in db.session.scalars(
            select(VersionLanguageText).where(VersionLanguageText.version_id == version.id)
        )
    }


def top_hashes(act: Act, version: Version, language: str) -> list[str]:
    """The top-level node hashes of the version's text in `language` ([] if not written)."""
    if language == act.language.value:
        return list(version.top_provisions)
    row = db.session.scalar(
        select(VersionLanguageText).where(
            VersionLanguageText.version_id == version.id, VersionLanguageText.language == language
        )
    )
    return list(row.top_provisions) if row is not None else []


def written_languages(version: Version) -> set[str]:
    """The languages in which the version has a text."""
    return set(
        db.session.scalars(
            select(VersionLanguageText.language).where(VersionLanguageText.version_id == version.id)
        )
    )


def last_changed_maps(act: Act, version: Version) -> dict[str, dict[str, int]]:
    """For each language written in the version: eId → version of its last change there.

    One query: each row of the version joined to the row that holds its map.
    """
    own = aliased(VersionLanguageText)
    source = aliased(VersionLanguageText)
    source_version = aliased(Version)
    rows = db.session.execute(
        select(own.language, source.last_changed)
        .select_from(own)
        .join(
            source_version,
            and_(source_version.act_id == act.id, source_version.number == own.saved_in),
        )
        .join(
            source,
            and_(source.version_id == source_version.id, source.language == own.language),
        )
        .where(own.version_id == version.id)
    )
    maps = {language: mapping for language, mapping in rows}
    if act.language.value not in maps:
        maps[act.language.value] = _drafting_history_map(act, version.number)
    return maps


def _versions_upto(act: Act, number: int) -> list[Version]:
    return list(
        db.session.scalars(
            select(Version)
            .where(Version.act_id == act.id, Version.number <= number)
            .order_by(Version.number)
        )
    )


def _drafting_history_map(act: Act, number: int) -> dict[str, int]:
    """The drafting language's map for a version saved before languages existed, worked out
    from the versions up to it (once: the next save stores it)."""
    mapping: dict[str, int] = {}
    previous: dict[str, tuple] = {}
    previous_top: list[str] | None = None
    for version in _versions_upto(act, number):
        if version.top_provisions == previous_top:
            continue  # an identical tree: nothing changed
        previous_top = version.top_provisions
        flat = flatten(load_tree(version.top_provisions))
        mapping = next_map(mapping, previous, flat, version.number)
        previous = {p.eid: p.content for p in flat}
    return mapping


def next_map(
    old_map: dict[str, int],
    old_content: dict[str, tuple],
    new_flat: list[FlatProvision],
    number: int,
    confirmed: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """The map of last changes after saving `new_flat` as version `number`."""
    return {
        row.eid: (
            old_map[row.eid]
            if row.eid not in confirmed
            and row.eid in old_map
            and old_content.get(row.eid) == row.content
            else number
        )
        for row in new_flat
    }


@dataclass
class LanguageText:
    """What a save writes for one language: its tree, and eIds confirmed as still right."""

    provisions: list[Provision]
    confirmed: frozenset[str] = frozenset()
    # The language's text in the version saved before, when the caller has it already.
    previous: list[FlatProvision] | None = None


def write_texts(
    act: Act,
    version: Version,
    previous: Version | None,
    saved: dict[str, LanguageText],
) -> None:
    """The text rows of a new version: the languages saved, and the others carried over."""
    old_rows = text_rows(previous) if previous is not None else {}
    old_maps = last_changed_maps(act, previous) if previous is not None else {}
    drafting = act.language.value
    for language, text in saved.items():
        flat = flatten(text.provisions)
        if previous is not None and language in old_maps:
            old_flat = text.previous
            if old_flat is None:
                old_flat = flatten(load_tree(top_hashes(act, previous, language)))
            old_content = {p.eid: p.content for p in old_flat}
            mapping = next_map(
                old_maps[language], old_content, flat, version.number, text.confirmed
            )
        else:
            mapping = {row.eid: version.number for row in flat}
        top = version.top_provisions if language == drafting else store_tree(text.provisions)
        db.session.add(
            VersionLanguageText(
                version_id=version.id,
                language=language,
                top_provisions=top,
                provision_count=len(flat),
                last_changed=mapping,
                saved_in=version.number,
            )
        )
    for language, row in old_rows.items():
        if language not in saved:
            db.session.add(
                VersionLanguageText(
                    version_id=version.id,
                    language=language,
                    top_provisions=row.top_provisions,
                    provision_count=row.provision_count,
                    last_changed=None,
                    saved_in=row.saved_in,
                )
            )
    if drafting not in saved and drafting not in old_rows and previous is not None:
        # The first save with languages on: the drafting language's map is stored now.
        db.session.add(
            VersionLanguageText(
                version_id=version.id,
                language=drafting,
                top_provisions=version.top_provisions,
                provision_count=version.provision_count,
                last_changed=old_maps[drafting],
                saved_in=version.number,
            )
        )
    db.session.flush()


# ---------------------------------------------------------------------------------------------
# Alignment


@dataclass
class LanguageAlignment:
    """How one language's text of a version stands against the drafting language's."""

    language: str
    drafting: bool
    written: bool
    aligned: int
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)
    # For each outdated eId: the version whose drafting wording the translation follows.
    translated_from: dict[str, int] = field(default_factory=dict)
    total: int = 0  # provisions of the drafting language

    @property
    def complete(self) -> bool:
        return not (self.missing or self.extra or self.outdated)

    @property
    def percent(self) -> int:
        """The share of the drafting language's provisions aligned, rounded down."""
        return 100 if not self.total else (100 * self.aligned) // self.total

    def status(self, eid: str) -> str | None:
        """`missing`, `outdated` or `extra` for this eId, None when aligned."""
        for name in ("missing", "outdated", "extra"):
            if eid in self._sets[name]:
                return name
        return None

    def __post_init__(self) -> None:
        self._sets = {
            "missing": set(self.missing),
            "outdated": set(self.outdated),
            "extra": set(self.extra),
        }


@dataclass
class Alignment:
    """The alignment of every authentic language of one version of an act."""

    version: int
    drafting_language: str
    languages: dict[str, LanguageAlignment]

    @property
    def complete(self) -> bool:
        return all(entry.complete for entry in self.languages.values())

    @property
    def translations(self) -> list[LanguageAlignment]:
        return [entry for entry in self.languages.values() if not entry.drafting]

    def marks(self, eid: str) -> list[tuple[str, str]]:
        """(language, status) for each translation in which this eId is not aligned."""
        return [
            (entry.language, status)
            for entry in self.translations
            if (status := entry.status(eid)) is not None
        ]


class AlignmentCache:
    """A bounded least-recently-used cache of alignments.

    A version never changes once saved, and neither do its text rows, so the alignment of a
    version for a given list of authentic languages is always the same: the key is the version
    (its id with its time of saving, so that a row id reused after a rolled-back save never
    finds another version's entry) and the act's languages.
    """

    def __init__(self, max_entries: int = 2_000) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple, Alignment] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple) -> Alignment | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: tuple, value: Alignment) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


alignment_cache = AlignmentCache()


def alignment(act: Act, version: Version) -> Alignment:
    """The alignment of the version's authentic languages against its drafting language
    (computed once per version and list of languages: versions are immutable)."""
    key = (act.id, act.number, version.id, version.created_at, tuple(act.languages))
    found = alignment_cache.get(key)
    if found is None:
        found = _alignment(act, version)
        alignment_cache.put(key, found)
    return found


def _alignment(act: Act, version: Version) -> Alignment:
    drafting = act.language.value
    if not act.translations:  # one language: aligned with itself, nothing to read
        count = version.provision_count
        only = LanguageAlignment(drafting, True, True, count, total=count)
        return Alignment(version.number, drafting, {drafting: only})
    maps = last_changed_maps(act, version)
    base = maps[drafting]
    result: dict[str, LanguageAlignment] = {
        drafting: LanguageAlignment(drafting, True, True, len(base), total=len(base))
    }
    for language in act.translations:
        theirs = maps.get(language)
        if theirs is None:
            result[language] = LanguageAlignment(
                language, False, False, 0, missing=list(base), total=len(base)
            )
            continue
        missing, outdated, translated_from = [], [], {}
        for eid, changed in base.items():
            own = theirs.get(eid)
            if own is None:
                missing.append(eid)
            elif changed > own:
                outdated.append(eid)
                translated_from[eid] = own
        extra = [eid for eid in theirs if eid not in base]
        result[language] = LanguageAlignment(
            language,
            False,
            True,
            len(base) - len(missing) - len(outdated),
            missing=missing,
            extra=extra,
            outdated=outdated,
            translated_from=translated_from,
            total=len(base),
        )
    return Alignment(version.number, drafting, result)


def ordered(languages: list[str] | tuple[str, ...]) -> list[str]:
    """Languages in the order the product shows them: kk, ru, en."""
    return sorted(languages, key=PREFERRED_ORDER.index)


# ---------------------------------------------------------------------------------------------
# Side by side


@dataclass
class ParallelRow:
    """One provision in each language shown (None where a language lacks it)."""

    eid: str
    depth: int
    cells: list[FlatProvision | None]

    @property
    def differs(self) -> bool:
        """The languages disagree on the structure here: one lacks the provision, or gives
        it another kind or number."""
        present = [cell for cell in self.cells if cell is not None]
        return len(present) != len(self.cells) or len({(c.kind, c.num) for c in present}) > 1


@dataclass
class SideBySide:
    languages: list[str]
    rows: list[ParallelRow]

    @property
    def differences(self) -> int:
        return sum(1 for row in self.rows if row.differs)


def side_by_side(act: Act, texts: list) -> SideBySide:
    """The texts (services.VersionText, one per language) provision beside provision by eId,
    in the order of the first text, a provision only another has placed after the one it
    follows there."""
    flats = [{row.eid: row for row in text.flat} for text in texts]
    order: list[str] = [row.eid for row in texts[0].flat]
    placed = set(order)
    for text in texts[1:]:
        previous = None
        for row in text.flat:
            if row.eid not in placed:
                at = order.index(previous) + 1 if previous in placed else len(order)
                order.insert(at, row.eid)
                placed.add(row.eid)
            previous = row.eid
    rows = []
    for eid in order:
        cells = [flat.get(eid) for flat in flats]
        depth = next(cell.depth for cell in cells if cell is not None)
        rows.append(ParallelRow(eid, depth, cells))
    return SideBySide([text.language for text in texts], rows)
