"""What a user may export, gathered and written: each function returns a `File`.

The act, version, round or meeting is read through the services that decide visibility (an
object this user may not see is a 404, as everywhere); the comments are those they may see.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..accounts.models import User
from ..acts import services as acts
from ..acts.models import Act
from ..committee import services as committee
from ..errors import Invalid
from ..review import services as review
from . import akn, commented, comparison, official, tables
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


def official_draft(actor: User, act_id: int, number: int, *, with_comments: bool = False) -> File:
    act = acts.get_act(actor, act_id)
    shown = acts.get_version(actor, act, number)
    if with_comments:
        threads = review.comments_by_provision(actor, act, number)
        document = commented.commented_draft(
            act, shown.version, shown.provisions, threads, layout=_layout()
        )
        return File(_name(act, f"v{number}", "comments"), DOCX, to_bytes(document))
    kind = "final" if act.status.value == "approved" else "draft"
    document = official.official_draft(act, shown.version, shown.provisions, layout=_layout())
    return File(_name(act, f"v{number}", kind), DOCX, to_bytes(document))


def comparison_docx(
    actor: User, act_id: int, old_number: int, new_number: int, *, tracked: bool = False
) -> File:
    act = acts.get_act(actor, act_id)
    if old_number == new_number:
        raise Invalid(
            _l(
                "Choose two different versions to compare; both are version %(old_number)s.",
                old_number=old_number,
            ),
            {"to": "Another version than 'from'."},
        )
    old, new, changes = acts.compare_versions(actor, act, old_number, new_number)
    if tracked:
        document = comparison.tracked_changes(
            act, old.version, new.version, old.provisions, new.provisions, layout=_layout()
        )
        return File(_name(act, f"v{old_number}-v{new_number}", "tracked"), DOCX, to_bytes(document))
    low, high = sorted((old_number, new_number))
    justification = comparison.justification_by_eid(
        review.list_comments(actor, act, as_of=act.current_version), low, high
    )
    document = comparison.comparison_table(
        act, old.version, new.version, changes, justification,
        old_flat=old.flat, new_flat=new.flat, layout=_layout(),
    )  # fmt: skip
    return File(_name(act, f"v{old_number}-v{new_number}", "comparison"), DOCX, to_bytes(document))


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


def approved_text_file(act: Act, kind: str) -> File:
    """The approved text for the public register, as official DOCX or Akoma Ntoso XML.

    No user is involved, so the rule is here: only an approved act's text is public."""
    from ..register.services import approved_text

    shown = approved_text(act)  # 404 for an act not approved
    number = shown.version.number
    if kind == "akn":
        data = akn.to_xml(act, shown.version, shown.provisions)
        return File(_name(act, f"v{number}", "akn", ext="xml"), XML, data)
    document = official.official_draft(act, shown.version, shown.provisions, layout=_layout())
    return File(_name(act, f"v{number}", "final"), DOCX, to_bytes(document))


def akoma_ntoso(actor: User, act_id: int, number: int) -> File:
    act = acts.get_act(actor, act_id)
    shown = acts.get_version(actor, act, number)
    data = akn.to_xml(act, shown.version, shown.provisions)
    return File(_name(act, f"v{number}", "akn", ext="xml"), XML, data)
