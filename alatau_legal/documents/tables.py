"""Documents for the secretary: a round's table of comments and dispositions, in the act's
language, and a meeting's minutes, in the meeting's language."""

from __future__ import annotations

from collections.abc import Mapping

from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Mm

from ..acts.models import Version
from ..acts.text.eids import FlatProvision
from ..acts.text.labels import label_for_eid
from ..committee.models import Meeting
from ..review.models import ReviewRound
from ..review.services import CommentView
from . import styles
from .comparison import full_width_row, header_table, landscape
from .official import Layout, add_footer_line, document_language
from .runs import add_runs
from .wording import long_date, quote, term

# № | Структурный элемент | Организация | Замечание | Решение | Обоснование (mm, landscape A4)
COMMENTS_WIDTHS_MM = (10, 40, 42, 85, 30, 50)


def _organisation(user) -> str:
    """Who commented, as a table of dispositions names them: the organisation, then the
    person."""
    if user.organisation:
        return f"{user.organisation.name}\n{user.display_name}"
    return user.display_name


def _provision(eid: str, provisions: Mapping[str, FlatProvision], language: str) -> str:
    try:
        return label_for_eid(eid, provisions, language)
    except ValueError:  # an anchor that names no provision: say nothing rather than an eId
        return ""


def comments_table(
    review_round: ReviewRound,
    comments: list[CommentView],
    provisions: Mapping[str, FlatProvision] | None = None,
    *,
    version: Version | None = None,
    language: str | None = None,
    layout: Layout | None = None,
) -> Document:
    act = review_round.act
    language = document_language(act, language)
    provisions = provisions or {}
    document = styles.new_document()
    landscape(document, layout)
    version_number = review_round.version_number
    styles.add_paragraph(document, styles.ACT_TITLE, term("comments_title", language))
    title = quote(act.title_in(language), language)
    stage = term(f"round_{review_round.stage.value}", language, version=version_number or "—")
    styles.add_paragraph(document, styles.TITLE_BLOCK, styles.xml_safe(title))
    styles.add_paragraph(document, styles.TITLE_BLOCK, f"({stage})")
    styles.add_paragraph(document, styles.TABLE_TEXT)
    table = header_table(
        document,
        (
            term("col_number", language),
            term("col_provision", language),
            term("col_organisation", language),
            term("col_comment", language),
            term("col_disposition", language),
            term("col_reason", language),
        ),
        COMMENTS_WIDTHS_MM,
    )
    for number, view in enumerate(comments, start=1):
        comment = view.comment
        index, provision, who, body, disposition, reason = styles.fast_row(
            table, 6, styles.TABLE_TEXT
        )
        add_runs(index, f"{number}.")
        add_runs(provision, _provision(comment.eid, provisions, language))
        if view.outdated:
            add_runs(provision, "\n" + term("outdated", language), italic=True)
        add_runs(who, _organisation(comment.author))
        if comment.quote:
            add_runs(body, quote(comment.quote, language) + "\n", italic=True)
        add_runs(body, comment.body.strip())
        for reply in comment.replies:
            heading = term(
                "reply_by", language, who=reply.author.display_name,
                date=long_date(reply.created_at.date(), language),
            )  # fmt: skip
            add_runs(body, f"\n{heading}: ", italic=True)
            add_runs(body, reply.body.strip())
        if comment.disposition is not None:
            add_runs(disposition, term(f"disposition_{comment.disposition.value}", language))
        else:
            add_runs(disposition, term("no_disposition", language), italic=True)
        add_runs(reason, (comment.disposition_reason or "").strip())
    if not comments:
        full_width_row(table, term("no_comments", language))
    if version is not None:
        add_footer_line(document, act, version, language)
    return document


def meeting_language(meeting: Meeting) -> str:
    """The language the meeting's minutes are written in."""
    language = getattr(meeting, "language", None)
    return str(getattr(language, "value", language) or "ru")


def _signature(document: Document, role: str, name: str = "") -> None:
    paragraph = styles.add_paragraph(document, styles.SIGNATURE)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(110), WD_TAB_ALIGNMENT.LEFT)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(170), WD_TAB_ALIGNMENT.RIGHT)
    add_runs(paragraph, styles.xml_safe(f"{role}\t_______________\t{name}"))


def minutes(meeting: Meeting, *, layout: Layout | None = None) -> Document:
    """The minutes: date, place, attendance, agenda, each item's decision with the vote, and
    the signature lines, in the meeting's language."""
    language = meeting_language(meeting)
    document = styles.new_document()
    styles.set_margins(document, (layout or Layout()).margins_mm)
    styles.add_paragraph(document, styles.TITLE_BLOCK, term("minutes_title", language))
    styles.add_paragraph(document, styles.ACT_TITLE, term("minutes_subtitle", language))
    details = [long_date(meeting.date, language)]
    if meeting.start_time:
        details.append(f"{term('time', language)}: {meeting.start_time.strftime('%H:%M')}")
    if meeting.place:
        details.append(f"{term('place', language)}: {meeting.place}")
    for line in details:
        styles.add_paragraph(document, styles.PART, styles.xml_safe(line))
    if meeting.title:
        styles.add_paragraph(document, styles.PART, styles.xml_safe(meeting.title))

    styles.add_paragraph(document, styles.HEADINGS[2], f"{term('present', language)}:")
    if meeting.attendees:
        for user in meeting.attendees:
            styles.add_paragraph(document, styles.PART, styles.xml_safe(user.display_name))
    else:
        styles.add_paragraph(document, styles.PART, term("nobody_recorded", language))

    styles.add_paragraph(document, styles.HEADINGS[1], term("agenda", language))
    if not meeting.items:
        styles.add_paragraph(document, styles.PART, term("empty_agenda", language))
    for item in meeting.items:
        act = item.act
        line = term(
            "agenda_item", language, title=quote(act.title_in(language), language),
            number=act.number, version=item.version_number,
        )  # fmt: skip
        styles.add_paragraph(document, styles.PART, styles.xml_safe(f"{item.position}. {line}"))
    for item in meeting.items:
        act = item.act
        styles.add_paragraph(
            document, styles.HEADINGS[2],
            styles.xml_safe(f"{item.position}. {quote(act.title_in(language), language)}"),
        )  # fmt: skip
        if item.removed is not None:
            if item.moved_to is not None:
                what = term("removal_moved", language,
                            date=long_date(item.moved_to.meeting.date, language))  # fmt: skip
            else:
                what = term(f"removal_{item.removed.value}", language)
            styles.add_paragraph(document, styles.PART, styles.xml_safe(what))
            if item.removal_reason:
                styles.add_paragraph(
                    document, styles.PART,
                    styles.xml_safe(term("removal_reason", language, reason=item.removal_reason)),
                )  # fmt: skip
            continue
        if item.decision is None:
            styles.add_paragraph(document, styles.PART, term("no_decision", language))
            continue
        decided = styles.add_paragraph(document, styles.PART)
        add_runs(decided, f"{term('decided', language)}: ", bold=True)
        add_runs(decided, term(f"decision_{item.decision.value}", language))
        styles.add_paragraph(
            document, styles.PART,
            term("votes", language, for_=item.votes_for, against=item.votes_against,
                 abstain=item.votes_abstain),
        )  # fmt: skip
        if item.notes:
            styles.add_paragraph(document, styles.PART, styles.xml_safe(item.notes))
    _signature(document, term("chair", language))
    _signature(document, term("secretary", language), meeting.created_by.display_name)
    return document
