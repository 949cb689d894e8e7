"""Tables for the secretary: a round's comments and dispositions, and a meeting's minutes."""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from ..committee.models import Meeting
from ..review.models import ReviewRound
from ..review.services import CommentView
from . import styles
from .comparison import _landscape
from .runs import add_runs


def _table(document: Document, titles: tuple[str, ...]):
    table = document.add_table(rows=1, cols=len(titles))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, titles, strict=True):
        cell.paragraphs[0].style = styles.TABLE_TEXT
        cell.paragraphs[0].add_run(title).bold = True
    return table


def _row(table, values: list[str]):
    cells = table.add_row().cells
    for cell, value in zip(cells, values, strict=True):
        cell.paragraphs[0].style = styles.TABLE_TEXT
        add_runs(cell.paragraphs[0], value)
    return cells


def comments_table(review_round: ReviewRound, comments: list[CommentView]) -> Document:
    act = review_round.act
    document = styles.new_document()
    _landscape(document)
    document.add_paragraph(f"{act.number} · {act.act_type.label}", style=styles.TITLE_BLOCK)
    document.add_paragraph(styles.xml_safe(act.title), style=styles.ACT_TITLE)
    version = review_round.version_number
    document.add_paragraph(
        f"Comments and dispositions: {review_round.stage.label.lower()} review round"
        + (f", version {version}" if version else ""),
        style=styles.HEADINGS[1],
    )
    table = _table(document, ("No.", "Provision", "Comment", "Replies", "Disposition", "Reason"))
    for number, view in enumerate(comments, start=1):
        comment = view.comment
        who = comment.author.display_name
        if comment.author.organisation:
            who += f", {comment.author.organisation.name}"
        text = f"{who}:\n" + (f"“{comment.quote}”\n" if comment.quote else "") + comment.body
        replies = "\n".join(f"{r.author.display_name}: {r.body}" for r in comment.replies)
        _row(table, [
            str(number), comment.eid + (" (outdated)" if view.outdated else ""), text,
            replies or "—", comment.disposition.label if comment.disposition else "No answer yet",
            comment.disposition_reason or "—",
        ])  # fmt: skip
    if not comments:
        cells = table.add_row().cells
        cells[0].merge(cells[-1]).paragraphs[0].add_run("No comments were made in this round.")
    return document


def minutes(meeting: Meeting) -> Document:
    document = styles.new_document()
    heading = document.add_paragraph(style=styles.ACT_TITLE)
    heading.add_run("Minutes of the meeting of the Operational Committee of Alatau City")
    document.add_paragraph(styles.xml_safe(meeting.title), style=styles.TITLE_BLOCK)
    document.add_paragraph(f"Date: {meeting.date.isoformat()}", style=styles.TITLE_BLOCK)
    if meeting.start_time:
        document.add_paragraph(
            f"Time: {meeting.start_time.strftime('%H:%M')}", style=styles.TITLE_BLOCK
        )
    if meeting.place:
        document.add_paragraph(styles.xml_safe(f"Place: {meeting.place}"), style=styles.TITLE_BLOCK)
    document.add_paragraph("Attendance", style=styles.HEADINGS[1])
    if meeting.attendees:
        for user in meeting.attendees:
            document.add_paragraph(styles.xml_safe(user.display_name), style="List Bullet")
    else:
        document.add_paragraph("Attendance was not recorded.")
    document.add_paragraph("Agenda and decisions", style=styles.HEADINGS[1])
    if not meeting.items:
        document.add_paragraph("No act was on the agenda.")
    for item in meeting.items:
        act = item.act
        document.add_paragraph(
            styles.xml_safe(f"{item.position}. {act.number} — {act.title} (version "
                            f"{item.version_number})"),
            style=styles.HEADINGS[2],
        )  # fmt: skip
        if item.removed is not None:
            where = (
                f" to the meeting of {item.moved_to.meeting.date.isoformat()}"
                if item.moved_to
                else ""
            )
            document.add_paragraph(
                styles.xml_safe(f"{item.removed.label}{where}. Reason: {item.removal_reason}")
            )
            continue
        if item.decision is None:
            document.add_paragraph("No decision recorded.")
            continue
        document.add_paragraph(
            f"Decision: {item.decision.label}. Votes — for: {item.votes_for}, against: "
            f"{item.votes_against}, abstained: {item.votes_abstain}."
        )
        if item.notes:
            document.add_paragraph(styles.xml_safe(f"Notes: {item.notes}"))
    document.add_paragraph("Signatures", style=styles.HEADINGS[1])
    for role in ("Chair of the Operational Committee", "Secretary of the Operational Committee"):
        signature = document.add_paragraph(f"{role}: ______________________   Date: ___________")
        signature.alignment = WD_ALIGN_PARAGRAPH.LEFT
    return document
