"""The act registry and its versions: create, read, save (with merge), restore, compare, blame.

Functions take the acting user and plain values, raise the errors of `errors.py`, flush, and
never commit: the request or CLI command commits once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy import inspect as sa_inspect

from ..accounts.models import Language, User
from ..accounts.permissions import (
    can_create_act,
    can_edit_act,
    can_view_act,
    visible_acts_clause,
)
from ..audit import chain
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..extensions import db, dialect_insert
from ..http import request_memo
from ..i18n import N_, lazy_lower
from ..search import outbox as search_outbox
from ..timeutil import date_in_window, utcnow
from . import compare as compare_module
from . import languages as act_languages
from . import references
from .languages import LanguageText
from .models import Act, ActNumberSequence, ActStatus, ActType, Sector, Version, VersionLanguageText
from .storage import load_version, store_tree
from .text import FlatProvision, ParseIssue, Provision, flatten, parse, render
from .text import references as text_references
from .text.labels import label_for_eid

# Notes the system writes on a version: stored in English, shown in the reader's language
# (ui.version_note); a drafter's own note is shown as written.
FIRST_DRAFT = N_("First draft")
LOADED_NOTE = N_("Loaded from the sample acts")
IMPORTED_NOTE = N_("Imported from a Word file")
SYSTEM_NOTES = frozenset({FIRST_DRAFT, LOADED_NOTE, IMPORTED_NOTE})
RESTORED_NOTE = re.compile(r"Restored the text of version (\d+)")

MAX_TITLE = 500
MAX_NOTE = 1000
NUMBER_RE = re.compile(r"^(?P<prefix>[A-Z]+)-(?P<year>\d{4})-(?P<seq>\d{3,6})$")


@dataclass
class Page:
    """One page of a list, as API.md's `{"items", "total"}`."""

    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass
class VersionText:
    """A version with its provision tree, canonical text and parse report."""

    version: Version
    provisions: list[Provision]
    language: str
    issues: list[ParseIssue] = field(default_factory=list)
    rows: tuple[FlatProvision, ...] | None = None  # the flat rows, when already made

    @property
    def flat(self) -> list[FlatProvision]:
        if self.rows is None:
            self.rows = tuple(flatten(self.provisions))
        return list(self.rows)

    @property
    def text(self) -> str:
        return render(self.provisions, self.language)


@dataclass
class SaveResult:
    version: Version
    merged: bool
    issues: list[ParseIssue]
    language: str = ""
    references: references.SaveReport = field(default_factory=references.SaveReport)


# ---------------------------------------------------------------------------------------------
# Reading


def get_act(actor: User, act_id: int, *, for_update: bool = False) -> Act:
    """The act, if this user may see it (else NotFound, as if it did not exist)."""
    if for_update:
        # Refresh an act the request loaded before waiting for the lock: a concurrent save
        # may have moved its current version on meanwhile.
        statement = select(Act).where(Act.id == act_id)
        statement = statement.with_for_update(of=Act).execution_options(populate_existing=True)
        act = db.session.scalar(statement)
    else:
        # An act this request has read already (a round page reads it by number, then the
        # round's) is not read again: a query would return the same object.
        act = db.session.get(Act, act_id)
    if act is None or not can_view_act(actor, act):
        raise NotFound(_l("There is no act with id %(act_id)s.", act_id=act_id))
    return act


def get_act_by_number(actor: User, number: str) -> Act:
    """The act with this registry number, if this user may see it."""
    act = db.session.scalar(select(Act).where(Act.number == number.strip().upper()))
    if act is None or not can_view_act(actor, act):
        raise NotFound(_l("There is no act numbered %(number)s.", number=number))
    return act


def list_acts(
    actor: User,
    *,
    status: str | None = None,
    act_type: str | None = None,
    sector: str | None = None,
    q: str | None = None,
    page: int = 1,
    per_page: int = 25,
) -> Page:
    """The acts this user may see, filtered, newest first."""
    statement = select(Act).where(visible_acts_clause(actor))
    if status:
        statement = statement.where(Act.status == _choice(ActStatus, status, "status"))
    if act_type:
        statement = statement.where(Act.act_type == _choice(ActType, act_type, "act_type"))
    if sector:
        statement = statement.where(Act.sector == _choice(Sector, sector, "sector"))
    if q and q.strip():
        pattern = f"%{_escape_like(q.strip().lower())}%"
        statement = statement.where(
            or_(
                *(
                    func.lower(column).like(pattern, escape="\\")
                    for column in (Act.number, Act.title_en, Act.title_ru, Act.title_kk)
                )
            )
        )
    return newest_first(statement, page, per_page)


def newest_first(statement, page: int, per_page: int) -> Page:
    """One page of the acts a statement selects, the most recently changed first."""
    total = db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    items = list(
        db.session.scalars(
            statement.order_by(Act.updated_at.desc(), Act.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return Page(items=items, total=total, page=page, per_page=per_page)


def list_versions(actor: User, act: Act) -> list[Version]:
    """Every version of the act, newest first."""
    if not can_view_act(actor, act):
        raise NotFound(_l("There is no act with id %(id)s.", id=act.id))
    return list(
        db.session.scalars(
            select(Version).where(Version.act_id == act.id).order_by(Version.number.desc())
        )
    )


def get_version(actor: User, act: Act, number: int, language: str | None = None) -> VersionText:
    """One version of the act with its provisions in `language` (default: the drafting one;
    none while that language is not written yet)."""
    if not can_view_act(actor, act):
        raise NotFound(_l("There is no act with id %(id)s.", id=act.id))
    version = _version_row(act, number)
    if version is None:
        raise _no_such_version(act, number)
    language = act_languages.language_of(act, language)
    top = (
        version.top_provisions
        if language == act.language.value
        else act_languages.top_hashes(act, version, language)
    )
    loaded = load_version(top)
    return VersionText(version, loaded.provisions, language, rows=loaded.flat)


def _no_such_version(act: Act, number: int) -> NotFound:
    return NotFound(
        _l(
            "Act %(number)s has no version %(number2)s; its versions are 1 to %(current_version)s.",
            number=act.number,
            number2=number,
            current_version=act.current_version,
        )
    )


def version_row(act: Act, number: int) -> Version:
    """The stored version of an act by number (the caller has checked visibility)."""
    version = _version_row(act, number)
    if version is None:
        raise _no_such_version(act, number)
    return version


def alignment(actor: User, act: Act, number: int | None = None) -> act_languages.Alignment:
    """How each authentic language's text of a version (default: the latest) stands against
    the drafting language."""
    if not can_view_act(actor, act):
        raise NotFound(_l("There is no act with id %(id)s.", id=act.id))
    number = act.current_version if number is None else number
    if not 1 <= number <= act.current_version:
        raise _no_such_version(act, number)
    return act_languages.alignment(act, version_row(act, number))


def _version_row(act: Act, number: int) -> Version | None:
    """The row of one version. A version never changes once saved, so a page that reads the
    same version twice (its text, then its comments' anchors) reads the row once per request;
    a row this request's rolled-back transaction had added is not kept (no longer persistent).

    In a request, the act's renumbering versions come in the same statement (the first time):
    a page that shows a version follows its comments through them (`renumberings`)."""
    memo = request_memo("versions")
    key = (act.id, number)
    if memo is None:
        return db.session.scalar(
            select(Version).where(Version.act_id == act.id, Version.number == number)
        )
    version = memo.get(key)
    if version is not None and sa_inspect(version).persistent:
        return version
    statement = select(Version).where(Version.act_id == act.id)
    known = _known_renumberings(act)
    if known is None:
        statement = statement.where(
            or_(Version.number == number, Version.renumbered.is_not(None))
        ).order_by(Version.number)
        rows = list(db.session.scalars(statement))
        renumbering = request_memo("renumberings")
        renumbering[act.id] = (
            act.current_version,
            [(row.number, row.renumbered) for row in rows if row.renumbered],
        )
    else:
        rows = list(db.session.scalars(statement.where(Version.number == number)))
    for row in rows:
        memo[(act.id, row.number)] = row
    return memo.get(key) if any(row.number == number for row in rows) else None


def _known_renumberings(act: Act) -> list[tuple[int, dict[str, str]]] | None:
    """The act's renumbering versions as this request read them, while the act has no newer
    version than it had then (None: not read, or a version was added since)."""
    memo = request_memo("renumberings")
    if memo is None or act.id not in memo:
        return None
    as_of, found = memo[act.id]
    return found if as_of == act.current_version else None


def current_version(actor: User, act: Act, language: str | None = None) -> VersionText:
    """The act's latest version."""
    return get_version(actor, act, act.current_version, language)


# ---------------------------------------------------------------------------------------------
# Creating and saving


def _choice(enum_cls, value, field_name: str):
    try:
        return enum_cls(value)
    except ValueError:
        choices = ", ".join(member.value for member in enum_cls)
        raise Invalid(
            _l(
                "%(field_name)s must be one of: %(choices)s.",
                field_name=field_name.replace("_", " ").capitalize(),
                choices=choices,
            ),
            {field_name: f"One of: {choices}."},
        ) from None


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _clean_title(title: str | None, field_name: str, required: bool) -> str | None:
    title = " ".join((title or "").split())
    if not title:
        if required:
            raise Invalid(_l("The act needs a title."), {field_name: "Required."})
        return None
    if len(title) > MAX_TITLE:
        raise Invalid(
            _l("A title is at most %(MAX_TITLE)s characters.", MAX_TITLE=MAX_TITLE),
            {field_name: f"At most {MAX_TITLE}."},
        )
    return title


def parse_act_text(text: str, max_chars: int) -> tuple[list[Provision], list[ParseIssue]]:
    """Parse a drafter's text, refusing an empty or oversized one."""
    if text is None or not str(text).strip():
        raise Invalid(
            _l("The act has no text yet: write or paste at least one provision."),
            {"text": "Required."},
        )
    if len(text) > max_chars:
        raise Invalid(
            _l(
                "The text is %(length)s characters; the limit is %(max_chars)s.",
                length=f"{len(text):,}",
                max_chars=f"{max_chars:,}",
            ),
            {"text": "Too long."},
        )
    if "\x00" in text:
        raise Invalid(
            _l("The text contains a NUL character; paste it again as plain text."),
            {"text": "Invalid character."},
        )
    parsed = parse(text)
    if not parsed.provisions:
        raise Invalid(_l("The text has no provisions."), {"text": "Required."})
    return parsed.provisions, parsed.issues


def _locked_sequence(year: int) -> ActNumberSequence:
    """The year's number sequence, created if new, under a row lock until the commit."""
    statement = dialect_insert(ActNumberSequence).values(year=year, last_number=0)
    db.session.execute(statement.on_conflict_do_nothing(index_elements=["year"]))
    return db.session.scalar(
        select(ActNumberSequence)
        .where(ActNumberSequence.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def _next_number(year: int, prefix: str) -> str:
    """The next free registry number of the year."""
    sequence = _locked_sequence(year)
    sequence.last_number += 1
    return f"{prefix}-{year}-{sequence.last_number:03d}"


def _reserve_number(number: str) -> str:
    """Use a given registry number (sample acts); keep the year's sequence past it."""
    match = NUMBER_RE.match(number.strip().upper())
    if not match:
        raise Invalid(
            _l("A registry number reads like ALA-2026-014, not %(number)s.", number=repr(number)),
            {"number": "Format."},
        )
    number = match.group(0)
    if db.session.scalar(select(Act.id).where(Act.number == number)) is not None:
        raise Conflict(
            _l("Act %(number)s exists already.", number=number), fields={"number": "Taken."}
        )
    sequence = _locked_sequence(int(match["year"]))
    sequence.last_number = max(sequence.last_number, int(match["seq"]))
    return number


def create_act(
    actor: User,
    *,
    title: str,
    act_type: str,
    language: str,
    text: str,
    max_chars: int,
    sector: str | None = None,
    legal_basis: str = "",
    other_titles: dict[str, str] | None = None,
    note: str = "",
    number: str | None = None,
    deadline=None,
    now: datetime | None = None,
) -> tuple[Act, list[ParseIssue]]:
    """Register a new act in drafting with its text as version 1."""
    if not can_create_act(actor):
        raise Forbidden(_l("Only a legal drafter can create acts."))
    fields: dict[str, str] = {}
    lang = _choice(Language, language, "language")
    kind = _choice(ActType, act_type, "act_type")
    act_sector = _choice(Sector, sector or Sector.OTHER.value, "sector")
    own_title = _clean_title(title, "title", required=True)
    titles = {lang.value: own_title}
    for other_lang, other_title in (other_titles or {}).items():
        if other_lang not in {member.value for member in Language}:
            fields[f"title_{other_lang}"] = "Unknown language."
            continue
        if other_lang != lang.value:
            titles[other_lang] = _clean_title(other_title, f"title_{other_lang}", required=False)
    if fields:
        raise Invalid(_l("Some titles are in an unknown language."), fields)
    legal_basis = " ".join((legal_basis or "").split())
    if len(legal_basis) > 500:
        raise Invalid(
            _l("The legal basis is at most 500 characters."), {"legal_basis": "Too long."}
        )
    provisions, issues = parse_act_text(text, max_chars)
    now = now or utcnow()
    if deadline is not None:
        date_in_window(deadline, "deadline", today=now.date())
    act = Act(
        number=_reserve_number(number) if number else _next_number(now.year, "ALA"),
        act_type=kind,
        sector=act_sector,
        legal_basis=legal_basis,
        language=lang,
        title_en=titles.get("en"),
        title_ru=titles.get("ru"),
        title_kk=titles.get("kk"),
        status=ActStatus.DRAFTING,
        lead_drafter=actor,
        current_version=1,
        deadline=deadline,
        created_at=now,
        updated_at=now,
        language_codes=lang.value,
    )
    db.session.add(act)
    db.session.flush()
    chain.record("act.created", actor=actor, act=act, now=now, number=act.number)
    _add_version(
        act,
        actor,
        {lang.value: LanguageText(provisions)},
        number=1,
        note=note or FIRST_DRAFT,
        now=now,
    )
    return act, issues


def _clean_note(note: str | None) -> str:
    note = " ".join((note or "").split())
    if len(note) > MAX_NOTE:
        raise Invalid(
            _l("A version note is at most %(MAX_NOTE)s characters.", MAX_NOTE=MAX_NOTE),
            {"note": "Too long."},
        )
    return note


def _add_version(
    act: Act,
    author: User,
    saved: dict[str, LanguageText],
    *,
    number: int,
    note: str,
    now: datetime,
    base_version: int | None = None,
    merged: bool = False,
    restored_from: int | None = None,
) -> Version:
    """A new version with the texts `saved` (by language); other languages carried over."""
    previous = (
        db.session.scalar(
            select(Version).where(Version.act_id == act.id, Version.number == act.current_version)
        )
        if number > 1
        else None
    )
    drafting = saved.get(act.language.value)
    if drafting is not None:
        top = store_tree(drafting.provisions)
        count = sum(1 for provision in drafting.provisions for _ in provision.walk())
    else:  # a translation saved: the drafting language's text is carried over
        top, count = list(previous.top_provisions), previous.provision_count
    version = Version(
        act_id=act.id,
        number=number,
        author=author,
        created_at=now,
        note=_clean_note(note),
        base_version=base_version,
        merged=merged,
        restored_from=restored_from,
        top_provisions=top,
        provision_count=count,
    )
    db.session.add(version)
    act.current_version = number
    act.updated_at = now
    db.session.flush()
    act_languages.write_texts(act, version, previous, saved)
    rows = act_languages.text_rows(version)
    text_roots = {
        language: hashlib.sha256("".join(row.top_provisions).encode()).hexdigest()
        for language, row in rows.items()
    }
    # The references of every language text of the version: found in the texts saved,
    # copied for the texts carried over unchanged.
    for language in act_languages.ordered(sorted(set(rows) | {act.language.value})):
        if language in saved:
            references.store(version, saved[language].provisions, language)
        elif previous is not None:
            references.carry(previous, version, language)
    chain.record(
        "version.saved",
        actor=author,
        act=act,
        now=now,
        version=number,
        base_version=base_version,
        merged=merged,
        restored_from=restored_from,
        # The version's Merkle root: the audit covers the text itself, not only the event.
        text_root=hashlib.sha256("".join(version.top_provisions).encode()).hexdigest(),
        languages=sorted(saved),
        text_roots=text_roots,
    )
    search_outbox.version_saved(act.id, number)
    return version


def _check_editable(actor: User, act: Act) -> None:
    if not can_edit_act(actor, act):
        if act.status is not ActStatus.DRAFTING:
            raise Conflict(
                _l(
                    "Act %(number)s is in %(status)s; its text can be edited only while it is "
                    "being drafted.",
                    number=act.number,
                    status=lazy_lower(act.status.ui_label),
                ),
                code="not_drafting",
            )
        raise Forbidden(_l("Only a legal drafter can edit the text of an act."))


def _named(eid: str) -> str:
    """A provision in a service's (English) message, as a lawyer names it."""
    try:
        return label_for_eid(eid, None, "en")
    except ValueError:
        return eid


def save_version(
    actor: User,
    act_id: int,
    *,
    base_version: int,
    text: str,
    note: str,
    max_chars: int,
    language: str | None = None,
    confirmed: list[str] | None = None,
    now: datetime | None = None,
) -> SaveResult:
    """Save a new version of one language's text made from `base_version`; merge if that
    text moved on since then. The other languages are carried over unchanged.

    Edits to different provisions merge into a new version; edits to the same provision since
    the base are refused with a conflict that names them, and nothing is saved. `confirmed`
    names provisions of a translation that the translator checked against the drafting
    language's new wording and left as they are: they count as translated in this version.
    """
    act = get_act(actor, act_id, for_update=True)  # serialises concurrent saves of one act
    _check_editable(actor, act)
    language = act_languages.language_of(act, language)
    if not isinstance(base_version, int) or not 1 <= base_version <= act.current_version:
        raise Invalid(
            _l(
                "The base version must be one of this act's versions, 1 to %(current_version)s.",
                current_version=act.current_version,
            ),
            {"base_version": f"1 to {act.current_version}."},
        )
    ours, issues = parse_act_text(text, max_chars)
    current = current_version(actor, act, language)
    base = (
        get_version(actor, act, base_version, language)
        if base_version != act.current_version
        else current
    )
    # Only a change of this language's text since the base needs a merge.
    merged = base.version.number != current.version.number and base.flat != current.flat
    if merged:
        result = compare_module.merge(base.flat, current.flat, flatten(ours))
        if result.conflicts:
            raise Conflict(
                _l(
                    "Someone saved changes to the same provisions since version %(base_version)s: "
                    "%(names)s. Compare both texts and save again from the latest version.",
                    base_version=base_version,
                    names=", ".join(_named(c.eid) for c in result.conflicts),
                ),
                conflicts=[c.eid for c in result.conflicts],
                current_version=act.current_version,
                details=[conflict_detail(c) for c in result.conflicts],
            )
        ours = result.provisions
    checked = _confirmed(act, language, confirmed, ours)
    if flatten(ours) == current.flat and not checked:
        raise Invalid(
            _l(
                "Nothing changed since version %(current_version)s; no new version was made.",
                current_version=act.current_version,
            ),
            {"text": "No changes."},
        )
    version = _add_version(
        act,
        actor,
        {language: LanguageText(ours, checked, previous=current.flat)},
        number=act.current_version + 1,
        note=note,
        now=now or utcnow(),
        base_version=base_version,
        merged=merged,
    )
    return SaveResult(
        version=version,
        merged=merged,
        issues=issues,
        language=language,
        references=reference_report(act, current, version, ours, language),
    )


def _confirmed(
    act: Act, language: str, confirmed: list[str] | None, ours: list[Provision]
) -> frozenset[str]:
    """The eIds a translator confirms, each a provision of the text saved; never of the
    drafting language, whose changes are what translations follow."""
    if not confirmed:
        return frozenset()
    if language == act.language.value:
        raise Invalid(
            _l("Only a translation's provisions are confirmed against the drafting language."),
            {"confirmed": "Not for the drafting language."},
        )
    present = {row.eid for row in flatten(ours)}
    unknown = [eid for eid in confirmed if eid not in present]
    if unknown:
        raise Invalid(
            _l("The text saved has no provision %(eid)s to confirm.", eid=repr(unknown[0])),
            {"confirmed": "Not in the text saved."},
        )
    return frozenset(confirmed)


def reference_report(
    act: Act,
    before: VersionText,
    version: Version,
    provisions: list[Provision],
    language: str | None = None,
) -> references.SaveReport:
    """The references a new version's text in `language` (default: the drafting language)
    broke or left pointing elsewhere, against `before` (the same language's text)."""
    language = language or act.language.value
    return references.save_report(
        before.provisions,
        [references.Seen.stored(row) for row in references.of_version(before.version, language)],
        provisions,
        [references.Seen.stored(row) for row in references.of_version(version, language)],
    )


def conflict_detail(conflict) -> dict:
    """Both sides of a conflicting provision, for the drafter to reconcile."""

    def wording(flat: FlatProvision | None) -> str | None:
        if flat is None:
            return None
        return " ".join(part for part in (flat.heading, flat.text) if part)

    return {
        "eid": conflict.eid,
        "base": wording(conflict.base),
        "theirs": wording(conflict.theirs),
        "ours": wording(conflict.ours),
    }


def restore_version(
    actor: User, act_id: int, number: int, *, note: str = "", now: datetime | None = None
) -> Version:
    """Make the text of an old version the newest version (nothing is overwritten)."""
    act = get_act(actor, act_id, for_update=True)
    _check_editable(actor, act)
    old = get_version(actor, act, number)
    if number == act.current_version:
        raise Invalid(
            _l("Version %(number)s is already the latest version.", number=number),
            {"version": "Latest."},
        )
    # Every language the old version was written in comes back with it.
    saved = {act.language.value: LanguageText(old.provisions)}
    for language, row in act_languages.text_rows(old.version).items():
        if language != act.language.value:
            saved[language] = LanguageText(load_version(row.top_provisions).provisions)
    return _add_version(
        act,
        actor,
        saved,
        number=act.current_version + 1,
        note=note or f"Restored the text of version {number}",
        now=now or utcnow(),
        base_version=act.current_version,
        restored_from=number,
    )


# ---------------------------------------------------------------------------------------------
# Comparing and history


def compare_versions(
    actor: User, act: Act, old_number: int, new_number: int, language: str | None = None
):
    """The provision-level and word-level changes from one version to another, in one
    language's text."""
    old = get_version(actor, act, old_number, language)
    new = get_version(actor, act, new_number, language)
    return old, new, compare_module.compare(_renumbered_as(act, old, new), new.flat)


def renumberings_between(act: Act, old_number: int, new_number: int) -> list[int]:
    """The renumbering versions after `old_number` up to `new_number`."""
    return [n for n, _ in renumberings(act, new_number) if n > old_number]


def _renumbered_as(act: Act, old: VersionText, new: VersionText) -> list[FlatProvision]:
    """The old version's rows under the eIds and numbers a renumbering since gave them, so a
    comparison shows what changed in wording, not every provision that got a new number."""
    rows = old.flat
    if old.version.number >= new.version.number:
        return rows
    mapping: dict[str, str] = {}
    for number, renames in renumberings(act, new.version.number):
        if number <= old.version.number:
            continue
        mapping = {
            eid: renames.get(mapping.get(eid, eid), mapping.get(eid, eid))
            for eid in {row.eid for row in rows}
        }
    if not mapping or all(old_eid == new_eid for old_eid, new_eid in mapping.items()):
        return rows
    new_num = {row.eid: row.num for row in new.flat}
    renamed = []
    for row in rows:
        eid = mapping.get(row.eid, row.eid)
        renamed.append(
            FlatProvision(
                eid=eid,
                kind=row.kind,
                num=new_num.get(eid, row.num) if eid != row.eid else row.num,
                heading=row.heading,
                text=row.text,
                parent=mapping.get(row.parent, row.parent) if row.parent else None,
                depth=row.depth,
            )
        )
    return renamed


@dataclass
class HistoryEntry:
    version: Version
    change: str  # added / changed / removed
    provision: FlatProvision | None
    comment_ids: list[int] = field(default_factory=list)


def provision_history(
    actor: User, act: Act, eid: str, language: str | None = None
) -> list[HistoryEntry]:
    """The versions in which one provision appeared, changed or was removed in one language's
    text, oldest first."""
    language = act_languages.language_of(act, language)
    versions = list(reversed(list_versions(actor, act)))
    tops = _tops_by_version(act, versions, language)
    entries: list[HistoryEntry] = []
    previous: FlatProvision | None = None
    previous_top: list[str] | None = None
    seen_anywhere = False
    for version in versions:
        top = tops.get(version.id, [])
        if top == previous_top:
            continue  # an identical tree: nothing changed for any provision
        previous_top = top
        found = next((row for row in load_version(top).flat if row.eid == eid), None)
        if found is not None and previous is None:
            entries.append(HistoryEntry(version, "added", found))
        elif found is not None and previous is not None and found.content != previous.content:
            entries.append(HistoryEntry(version, "changed", found))
        elif found is None and previous is not None:
            entries.append(HistoryEntry(version, "removed", None))
        seen_anywhere = seen_anywhere or found is not None
        previous = found
    if not seen_anywhere:
        raise NotFound(
            _l(
                "Act %(number)s has no provision %(eid)s in any version.",
                number=act.number,
                eid=repr(eid),
            )
        )
    _link_answered_comments(actor, act, eid, entries)
    return entries


def _tops_by_version(act: Act, versions: list[Version], language: str) -> dict[int, list[str]]:
    """The top hashes of each version's text in one language, in one query."""
    if language == act.language.value:
        return {version.id: version.top_provisions for version in versions}
    return dict(
        db.session.execute(
            select(VersionLanguageText.version_id, VersionLanguageText.top_provisions).where(
                VersionLanguageText.version_id.in_([version.id for version in versions]),
                VersionLanguageText.language == language,
            )
        ).all()
    )


def _link_answered_comments(actor: User, act: Act, eid: str, entries: list[HistoryEntry]) -> None:
    """A change or removal answers the comments made on the wording it replaced."""
    from ..review.services import anchor_digest, answered_comment_ids

    by_anchor = answered_comment_ids(actor, act, eid)
    if not by_anchor:
        return
    previous: FlatProvision | None = None
    for entry in entries:
        if entry.change in ("changed", "removed") and previous is not None:
            entry.comment_ids = by_anchor.get(anchor_digest(previous), [])
        previous = entry.provision


# ---------------------------------------------------------------------------------------------
# References


def version_references(actor: User, act: Act, number: int, language: str | None = None):
    """The references in one version's text in one of the act's languages, in document
    order (none for a language not written in that version)."""
    language = act_languages.language_of(act, language)
    shown = get_version(actor, act, number)
    return references.of_version(shown.version, language)


def provision_referrers(
    actor: User, act: Act, eid: str, number: int | None = None, language: str | None = None
):
    """The references in a version's text (default: the latest, in the drafting language)
    that name this provision."""
    language = act_languages.language_of(act, language)
    shown = get_version(actor, act, number or act.current_version, language)
    if not any(row.eid == eid for row in shown.flat):
        raise NotFound(
            _l(
                "Version %(number)s of act %(number2)s has no %(eid)s.",
                number=shown.version.number,
                number2=act.number,
                eid=repr(eid),
            )
        )
    return references.referring_to(shown.version, eid, language)


@dataclass
class RenumberResult:
    version: Version
    renumbered: dict[str, str]
    rewritten: int


def renumber_act(
    actor: User, act_id: int, *, base_version: int, note: str = "", now: datetime | None = None
) -> RenumberResult:
    """Number articles, paragraphs and sub-paragraphs in sequence again as a new version,
    with every internal reference rewritten to the new numbers."""
    act = get_act(actor, act_id, for_update=True)
    _check_editable(actor, act)
    if not 1 <= base_version <= act.current_version:
        raise Invalid(
            _l(
                "The base version must be one of this act's versions, 1 to %(current_version)s.",
                current_version=act.current_version,
            ),
            {"base_version": f"1 to {act.current_version}."},
        )
    if base_version != act.current_version:
        raise Conflict(
            _l(
                "Version %(base_version)s is not the latest version of act %(number)s "
                "(%(current_version)s); renumber the latest text.",
                base_version=base_version,
                number=act.number,
                current_version=act.current_version,
            ),
            code="stale_base",
            current_version=act.current_version,
        )
    current = current_version(actor, act)
    result = text_references.renumber(current.provisions, act.language.value)
    if not result.eids and not result.rewritten:
        raise Invalid(
            _l(
                "Version %(current_version)s is already numbered in sequence; nothing to renumber.",
                current_version=act.current_version,
            ),
            {"base_version": "Already in sequence."},
        )
    # Every translation is renumbered with the drafting language, so the texts stay aligned
    # provision by provision and each one's references name the new numbers.
    saved = {act.language.value: LanguageText(result.provisions, previous=current.flat)}
    for language in act_languages.written_languages(current.version) - {act.language.value}:
        translation = get_version(actor, act, act.current_version, language)
        renumbered = text_references.renumber(translation.provisions, language)
        if renumbered.eids or renumbered.rewritten:
            saved[language] = LanguageText(renumbered.provisions, previous=translation.flat)
    version = _add_version(
        act,
        actor,
        saved,
        number=act.current_version + 1,
        note=note or f"Renumbered version {act.current_version}",
        now=now or utcnow(),
        base_version=act.current_version,
    )
    version.renumbered = result.eids
    return RenumberResult(version, result.eids, result.rewritten)


def renumberings(act: Act, upto: int) -> list[tuple[int, dict[str, str]]]:
    """The act's renumbering versions up to `upto`, oldest first, each with what every eId of
    the version before it became: how to follow a provision through them."""
    known = _known_renumberings(act)
    if known is not None:
        return [(number, renames) for number, renames in known if number <= upto]
    return [
        (number, renames)
        for number, renames in db.session.execute(
            select(Version.number, Version.renumbered)
            .where(
                Version.act_id == act.id,
                Version.number <= upto,
                Version.renumbered.is_not(None),
            )
            .order_by(Version.number)
        )
        if renames
    ]


def broken_references(act: Act) -> list[str]:
    """The act's latest text's references that name no provision, each named as a lawyer
    would: where it stands and how it is written."""
    version = _version_row(act, act.current_version)
    if version is None:
        return []
    language = act.language.value
    rows = references.broken(version, language)
    if not rows:
        return []
    names = references.provision_names(
        load_version(version.top_provisions).flat, language, {row.source_eid for row in rows}
    )
    return [references.named(names, row.source_eid, row.text) for row in rows]


def page_references(actor: User, act: Act, shown: VersionText) -> references.PageReferences:
    """A version's references laid out for its page: links, tooltips, referrers."""
    if not can_view_act(actor, act):
        raise NotFound(_l("There is no act with id %(id)s.", id=act.id))
    return references.for_page(shown.version, shown.provisions, shown.language)


def compare_references(act: Act, old: VersionText, new: VersionText) -> tuple[list[str], list[str]]:
    """The references the later of two versions broke or left pointing elsewhere, described
    as a lawyer would (for the compare view)."""
    report = reference_report(act, old, new.version, new.provisions, new.language)
    return references.describe_affected(report, new.provisions, new.language)
