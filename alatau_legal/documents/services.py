"""What a user may export, gathered and written: each function returns a `File`.

The act, version, round or meeting is read through the services that decide visibility (an
object this user may not see is a 404, as everywhere); the comments are those they may see.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..accounts.models import User
from ..acts import languages as act_languages
from ..acts import services as acts
from ..acts.models import Act
from ..committee import services as committee
from ..errors import Conflict, Invalid
from ..review import services as review
from . import akn, commented, comparison, official, parallel, tables
from .styles import to_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XML = "application/akn+xml"


@dataclass(frozen=True)
class File:
    name: str
    mimetype: str
    data: bytes


def _layout() -> official.Layout:
    """The settings' page margins and issuing bodies, read once per document."""
    return official.Layout.from_config(current_app.config)


def _name(act: Act, *parts: str, ext: str = "docx") -> str:
    """File names that say what the file is: ALA-2026-014_v7_draft.docx."""
    return "_".join((act.number, *parts)) + f".{ext}"


def official_draft(
    actor: User,
    act_id: int,
    number: int,
    *,
    with_comments: bool = False,
    language: str | None = None,
    languages: str | None = None,
) -> File:
    """The version as an official draft in one language (default: the drafting language), or
    in several side by side (`languages`: "kk,ru", the columns in that order)."""
    act = acts.get_act(actor, act_id)
    if languages:
        if language or with_comments:
            raise Invalid(
                _l("The parallel layout takes `languages` alone, without `language` or comments."),
                {"languages": "Alone."},
            )
        return parallel_draft(actor, act, number, act_languages.languages_of(act, languages))
    shown = acts.get_version(actor, act, number, language)
    _written(act, shown)
    if with_comments:
        threads = review.comments_by_provision(actor, act, number)
        document = commented.commented_draft(
            act, shown.version, shown.provisions, threads, layout=_layout()
        )
        return File(_name(act, f"v{number}", "comments"), DOCX, to_bytes(document))
    kind = "final" if act.status.value == "approved" else "draft"
    document = official.official_draft(
        act, shown.version, shown.provisions, language=shown.language, layout=_layout()
    )
    return File(_name(act, f"v{number}", *_in(act, shown.language), kind), DOCX, to_bytes(document))


def _in(act: Act, language: str) -> tuple[str, ...]:
    """The language in a file's name, where it is not the drafting language."""
    return () if language == act.language.value else (language,)


def _written(act: Act, shown) -> None:
    """A language not written yet has nothing to export: a 409 that says so."""
    if not shown.provisions:
        raise Conflict(
            _l(
                "Version %(number)s of %(act)s has no text in %(language)s yet.",
                number=shown.version.number,
                act=act.number,
                language=shown.language,
            ),
            code="not_written",
        )


def parallel_draft(actor: User, act: Act, number: int, languages: list[str]) -> File:
    """The official draft with the languages in columns, provision beside provision."""
    if len(languages) < 2:
        raise Invalid(
            _l("The parallel layout needs two or three languages, e.g. kk,ru."),
            {"languages": "Two or three."},
        )
    texts = [acts.get_version(actor, act, number, language) for language in languages]
    for shown in texts:
        _written(act, shown)
    document = parallel.parallel_draft(
        act,
        texts[0].version,
        [shown.provisions for shown in texts],
        act_languages.side_by_side(act, texts),
        layout=_layout(),
    )
    kind = "final" if act.status.value == "approved" else "draft"
    name = _name(act, f"v{number}", "-".join(languages), kind)
    return File(name, DOCX, to_bytes(document))


def comparison_docx(
    actor: User,
    act_id: int,
    old_number: int,
    new_number: int,
    *,
    tracked: bool = False,
    language: str | None = None,
) -> File:
    """The comparison table (or Word's tracked changes) of two versions in one language's text
    (default: the drafting language), every word of the document in that language."""
    act = acts.get_act(actor, act_id)
    if old_number == new_number:
        raise Invalid(
            _l(
                "Choose two different versions to compare; both are version %(old_number)s.",
                old_number=old_number,
            ),
            {"to": "Another version than 'from'."},
        )
    old, new, changes = acts.compare_versions(actor, act, old_number, new_number, language)
    _written(act, old)
    _written(act, new)
    language = new.language
    pair = (f"v{old_number}-v{new_number}", *_in(act, language))
    if tracked:
        document = comparison.tracked_changes(
            act, old.version, new.version, old.provisions, new.provisions,
            language=language, layout=_layout(),
        )  # fmt: skip
        return File(_name(act, *pair, "tracked"), DOCX, to_bytes(document))
    low, high = sorted((old_number, new_number))
    justification = comparison.justification_by_eid(
        review.list_comments(actor, act, as_of=act.current_version), low, high
    )
    document = comparison.comparison_table(
        act, old.version, new.version, changes, justification,
        old_flat=old.flat, new_flat=new.flat, language=language, layout=_layout(),
    )  # fmt: skip
    return File(_name(act, *pair, "comparison"), DOCX, to_bytes(document))


def round_comments(actor: User, round_id: int) -> File:
    review_round = review.get_round(actor, round_id)
    act = review_round.act
    comments = review.list_comments(actor, act, round_id=review_round.id)
    provisions, version = {}, None
    if review_round.version_number:
        shown = acts.get_version(actor, act, review_round.version_number)
        provisions = {row.eid: row for row in shown.flat}
        version = shown.version
    document = tables.comments_table(
        review_round, comments, provisions, version=version, layout=_layout()
    )
    stage = review_round.stage.value
    return File(_name(act, f"round{review_round.id}", stage, "comments"), DOCX, to_bytes(document))


def meeting_minutes(actor: User, meeting_id: int) -> File:
    meeting = committee.get_meeting(actor, meeting_id)
    name = f"OC-{meeting.date.isoformat()}_meeting{meeting.id}_minutes.docx"
    return File(name, DOCX, to_bytes(tables.minutes(meeting, layout=_layout())))


def approved_text_file(act: Act, kind: str, language: str | None = None) -> File:
    """The approved text for the public register, as official DOCX or Akoma Ntoso XML.

    No user is involved, so the rule is here: only an approved act's text is public."""
    from ..register.services import approved_text

    shown = approved_text(act, language)  # 404 for an act not approved
    number = shown.version.number
    in_language = _in(act, shown.language)
    if kind == "akn":
        data = akn.to_xml(act, shown.version, shown.provisions, language=shown.language)
        return File(_name(act, f"v{number}", *in_language, "akn", ext="xml"), XML, data)
    document = official.official_draft(
        act, shown.version, shown.provisions, language=shown.language, layout=_layout()
    )
    return File(_name(act, f"v{number}", *in_language, "final"), DOCX, to_bytes(document))


def akoma_ntoso(actor: User, act_id: int, number: int, language: str | None = None) -> File:
    """The version's Akoma Ntoso expression in one language (default: the drafting one); every
    language's expression has the same eIds."""
    act = acts.get_act(actor, act_id)
    shown = acts.get_version(actor, act, number, language)
    _written(act, shown)
    data = akn.to_xml(act, shown.version, shown.provisions, language=shown.language)
    return File(_name(act, f"v{number}", *_in(act, shown.language), "akn", ext="xml"), XML, data)
