"""Where every act stands against its plan, drawn: a Gantt-like chart in SVG, made on the server.

One row per act (the secretary's chart and the register's) or per stage (an act's own chart).
Each stage shows its planned period as a light bar above and its actual period as a solid bar
below; a stage that is still open after its planned end is marked overdue from that end to
today; a vertical line marks today. The stages' dates are `act_timeline`'s, the same the
tables show, never computed again here.

The SVG is built as an element tree, so every text in it — act numbers, titles, stage names in
the reader's language — is escaped by the serialiser. It exports as PNG or PDF through CairoSVG
(which needs the system's libcairo2; `make setup` installs it).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_date, gettext, lazy_gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ..accounts.models import User
from ..accounts.permissions import can_see_all_deadlines
from ..acts.models import Act, ActStatus, Sector
from ..errors import AppError, Forbidden
from ..extensions import db
from ..http import query_choice
from ..i18n import long_date
from ..review.models import ReviewRound
from .deadlines import StagePeriod, act_timeline, act_timelines
from .models import AgendaItem

FORMATS = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}
STAGES = ("domestic", "international", "committee")
STAGE_LABELS = {
    "domestic": lazy_gettext("Domestic expert review"),
    "international": lazy_gettext("International expert review"),
    "committee": lazy_gettext("Operational Committee"),
}
# Stage colours (AA contrast against white for the solid bars' edges) and the overdue red.
COLOURS = {"domestic": "#2f62b0", "international": "#6b4fa0", "committee": "#2e8b4a"}
OVERDUE = "#c33a3a"
TEXT, MUTED, GRID = "#1b1f24", "#545d6a", "#d3d9e1"
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"

WIDTH = 1000
AXIS = 44  # height of the month axis above the rows
ROW = 36
LEGEND = 58
MAX_ROWS = 300  # a chart taller than this is not read; the filters narrow it


class ExportUnavailable(AppError):
    status = 503
    code = "unavailable"


# ---------------------------------------------------------------------------------------------
# What is drawn


@dataclass(frozen=True)
class Row:
    """One line of the chart: a label (an act's number or a stage's name), its tooltip, an
    optional link, and the stage periods drawn on it."""

    label: str
    tooltip: str
    href: str | None
    periods: tuple[StagePeriod, ...]


def is_overdue(period: StagePeriod, today: date) -> bool:
    """Still open after its planned end."""
    return (
        period.actual_end is None and period.planned_end is not None and period.planned_end < today
    )


@dataclass(frozen=True)
class TimelineFilters:
    """The chart's filters: the acts' sector and their stage (the act's state)."""

    sector: Sector | None = None
    stage: ActStatus | None = None

    @classmethod
    def read(cls) -> TimelineFilters:
        """The filters of the request's query string, each checked (400 names the field)."""
        sector = query_choice("sector", (sector.value for sector in Sector))
        stage = query_choice(
            "stage", (status.value for status in ActStatus if status is not ActStatus.WITHDRAWN)
        )
        return cls(Sector(sector) if sector else None, ActStatus(stage) if stage else None)

    def as_args(self) -> dict[str, str]:
        values = {"sector": self.sector, "stage": self.stage}
        return {name: value.value for name, value in values.items() if value is not None}


def acts_rows(
    acts: Iterable[Act],
    *,
    language: str,
    link: Callable[[Act], str] | None = None,
    with_people: bool = False,
    known: dict[int, list[StagePeriod]] | None = None,
) -> list[Row]:
    """One row per act that has a stage planned or done, in the order given.

    `with_people` adds the lead drafter to the tooltip (internal charts only; the register's
    chart names nobody). `known`: timelines this request already read (see `act_timelines`)."""
    acts = list(acts)
    timelines = act_timelines((act.id for act in acts), known)  # two queries, not two per act
    rows = []
    for act in acts:
        periods = tuple(timelines[act.id])
        if not periods:
            continue
        tooltip = f"{act.number} — {act.title_in(language)}"
        if with_people:
            tooltip += " — " + gettext("Lead drafter: %(name)s", name=act.lead_drafter.display_name)
        rows.append(Row(act.number, tooltip, link(act) if link else None, periods))
        if len(rows) == MAX_ROWS:
            break
    return rows


def stage_rows(act: Act, rounds: list | None = None) -> list[Row]:
    """An act's own chart: one row per stage period, in order (`rounds`: see act_timeline)."""
    return [
        Row(str(STAGE_LABELS.get(period.stage, period.stage)), "", None, (period,))
        for period in act_timeline(act, rounds)
    ]


def all_acts_rows(
    actor: User,
    filters: TimelineFilters,
    *,
    language: str,
    link,
    known: dict[int, list[StagePeriod]] | None = None,
) -> list[Row]:
    """The secretary's chart: every act not withdrawn that has a stage planned or done (a
    review round or an agenda item), by number, filtered. Only those acts are read: the
    others would draw no row, and there are thousands of them."""
    if not can_see_all_deadlines(actor):
        raise Forbidden(_l("Only the committee secretary follows every act's timeline."))
    has_round = select(ReviewRound.id).where(ReviewRound.act_id == Act.id).exists()
    on_agenda = (
        select(AgendaItem.id)
        .where(AgendaItem.act_id == Act.id, AgendaItem.removed_at.is_(None))
        .exists()
    )
    statement = (
        select(Act)
        .where(Act.status != ActStatus.WITHDRAWN, or_(has_round, on_agenda))
        .order_by(Act.number)
    )
    if filters.sector is not None:
        statement = statement.where(Act.sector == filters.sector)
    if filters.stage is not None:
        statement = statement.where(Act.status == filters.stage)
    return acts_rows(
        db.session.scalars(statement), language=language, link=link, with_people=True, known=known
    )


# ---------------------------------------------------------------------------------------------
# Drawing


def _dates(rows: list[Row]) -> list[date]:
    found = []
    for row in rows:
        for p in row.periods:
            found += [
                d for d in (p.planned_start, p.planned_end, p.actual_start, p.actual_end) if d
            ]
    return found


def _months(start: date, end: date) -> list[date]:
    month = date(start.year, start.month, 1)
    months = []
    while month <= end:
        if month >= start:
            months.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return months


def _period_text(period: StagePeriod, today: date) -> str:
    def span(first: date | None, last: date | None, open_end: str) -> str:
        if first is None and last is None:
            return "—"
        left = long_date(first) if first else "…"
        right = long_date(last) if last else open_end
        return left if first == last else f"{left} – {right}"

    parts = [
        str(STAGE_LABELS.get(period.stage, period.stage)),
        gettext("planned: %(dates)s", dates=span(period.planned_start, period.planned_end, "…")),
        gettext(
            "actual: %(dates)s",
            dates=span(period.actual_start, period.actual_end, gettext("ongoing"))
            if period.actual_start
            else gettext("not started"),
        ),
    ]
    if is_overdue(period, today):
        parts.append(gettext("overdue"))
    return "; ".join(parts)


def render_svg(rows: list[Row], *, today: date, title: str, id_prefix: str = "timeline") -> str:
    """The chart as an SVG document (a string), labels in the request's language."""
    label_width = min(260, max(110, 14 + 7 * max((len(row.label) for row in rows), default=8)))
    left, right = label_width, WIDTH - 16
    dates = [*_dates(rows), today]
    start, end = min(dates) - timedelta(days=4), max(dates) + timedelta(days=6)
    if (end - start).days < 42:  # at least six weeks, so that a short plan is not a smear
        end = start + timedelta(days=42)
    span = (end - start).days

    def x(day: date) -> float:
        return round(left + (day - start).days / span * (right - left), 1)

    height = AXIS + ROW * max(len(rows), 1) + LEGEND
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": str(WIDTH),
            "height": str(height),
            # A picture, unless its rows link to the acts: an image's content is presentational,
            # so links inside one would be hidden from assistive technology (nested-interactive).
            "role": "group" if any(row.href for row in rows) else "img",
            "aria-labelledby": f"{id_prefix}-title {id_prefix}-desc",
            "class": "timeline-svg",
            "font-family": FONT,
            "font-size": "12",
        },
    )
    ET.SubElement(svg, "title", id=f"{id_prefix}-title").text = title
    overdue_count = sum(is_overdue(p, today) for row in rows for p in row.periods)
    ET.SubElement(svg, "desc", id=f"{id_prefix}-desc").text = gettext(
        "%(rows)s rows from %(start)s to %(end)s; today is %(today)s; %(overdue)s stage(s) "
        "overdue. The same dates are listed in the table of stages.",
        rows=len(rows),
        start=long_date(start),
        end=long_date(end),
        today=long_date(today),
        overdue=overdue_count,
    )
    defs = ET.SubElement(svg, "defs")
    hatch = ET.SubElement(
        defs,
        "pattern",
        id=f"{id_prefix}-hatch",
        width="6",
        height="6",
        patternUnits="userSpaceOnUse",
        patternTransform="rotate(45)",
    )
    ET.SubElement(hatch, "rect", width="6", height="6", fill="#fbe7e7")
    ET.SubElement(hatch, "rect", width="3", height="6", fill=OVERDUE)
    ET.SubElement(svg, "rect", width=str(WIDTH), height=str(height), fill="#ffffff")

    # The month axis and its grid.
    months = _months(start, end)
    step = 1 if len(months) <= 12 else 3 if len(months) <= 36 else 12
    axis = ET.SubElement(svg, "g", {"class": "timeline-axis"})
    for n, month in enumerate(months):
        ET.SubElement(
            axis,
            "line",
            x1=str(x(month)),
            x2=str(x(month)),
            y1=str(AXIS - 8),
            y2=str(AXIS + ROW * len(rows)),
            stroke=GRID,
        )
        if n % step == 0 and x(month) < right - 40:
            ET.SubElement(
                axis, "text", x=str(x(month) + 3), y=str(AXIS - 14), fill=MUTED
            ).text = format_date(month, "LLL y")

    # The rows.
    for n, row in enumerate(rows):
        top = AXIS + n * ROW
        group = ET.SubElement(svg, "g", {"class": "timeline-row"})
        if n % 2:
            ET.SubElement(
                group, "rect", x="0", y=str(top), width=str(WIDTH), height=str(ROW), fill="#f5f6f8"
            )
        label_parent = group
        if row.href:
            label_parent = ET.SubElement(group, "a", href=row.href)
        label = ET.SubElement(label_parent, "text", x="8", y=str(top + ROW / 2 + 4), fill=TEXT)
        label.text = row.label
        if row.tooltip:
            ET.SubElement(label, "title").text = row.tooltip
        for period in row.periods:
            _draw_period(group, period, top, x, today, id_prefix)

    # Today.
    line_x = str(x(today))
    ET.SubElement(
        svg,
        "line",
        {
            "class": "timeline-today",
            "x1": line_x,
            "x2": line_x,
            "y1": str(AXIS - 6),
            "y2": str(AXIS + ROW * len(rows)),
            "stroke": OVERDUE,
            "stroke-width": "2",
            "stroke-dasharray": "4 3",
        },
    )
    today_label = ET.SubElement(
        svg, "text", {"x": line_x, "y": str(AXIS - 26), "fill": OVERDUE, "text-anchor": "middle"}
    )
    today_label.text = gettext("Today")

    _legend(svg, AXIS + ROW * max(len(rows), 1) + 20, id_prefix)
    return ET.tostring(svg, encoding="unicode")


def _draw_period(group, period: StagePeriod, top: int, x, today: date, id_prefix: str) -> None:
    colour = COLOURS.get(period.stage, MUTED)
    stage = ET.SubElement(group, "g", {"class": f"timeline-stage stage-{period.stage}"})
    ET.SubElement(stage, "title").text = _period_text(period, today)
    if period.planned_end is not None:
        if period.planned_start is not None and period.planned_start < period.planned_end:
            ET.SubElement(
                stage,
                "rect",
                {
                    "class": "planned",
                    "x": str(x(period.planned_start)),
                    "y": str(top + 6),
                    "width": str(max(x(period.planned_end) - x(period.planned_start), 2)),
                    "height": "9",
                    "fill": colour,
                    "fill-opacity": "0.25",
                    "stroke": colour,
                    "rx": "2",
                },
            )
        else:  # a planned date without a planned start: a milestone (a meeting, a due date)
            cx, cy = x(period.planned_end), top + 10.5
            ET.SubElement(
                stage,
                "path",
                {
                    "class": "planned milestone",
                    "fill": colour,
                    "fill-opacity": "0.25",
                    "stroke": colour,
                    "d": f"M {cx} {cy - 5} L {cx + 5} {cy} L {cx} {cy + 5} L {cx - 5} {cy} Z",
                },
            )
    if period.actual_start is not None:
        finish = period.actual_end or today
        ET.SubElement(
            stage,
            "rect",
            {
                "class": "actual" if period.actual_end else "actual ongoing",
                "x": str(x(period.actual_start)),
                "y": str(top + 18),
                "width": str(max(x(finish) - x(period.actual_start), 3)),
                "height": "11",
                "fill": colour,
                "rx": "2",
            },
        )
    if is_overdue(period, today):
        ET.SubElement(
            stage,
            "rect",
            {
                "class": "overdue",
                "x": str(x(period.planned_end)),
                "y": str(top + 17),
                "width": str(max(x(today) - x(period.planned_end), 3)),
                "height": "13",
                "fill": f"url(#{id_prefix}-hatch)",
                "stroke": OVERDUE,
            },
        )


def _legend(svg, top: float, id_prefix: str) -> None:
    legend = ET.SubElement(svg, "g", {"class": "timeline-legend"})
    cursor = 8.0

    def item(draw, text: str) -> None:
        nonlocal cursor
        draw(cursor)
        ET.SubElement(legend, "text", x=str(cursor + 22), y=str(top + 10), fill=TEXT).text = text
        cursor += 22 + 7.6 * len(text) + 18  # DejaVu Sans at 12 px, Cyrillic included

    for stage in STAGES:
        colour = COLOURS[stage]
        item(
            lambda at, c=colour: ET.SubElement(
                legend, "rect", x=str(at), y=str(top), width="16", height="12", fill=c, rx="2"
            ),
            str(STAGE_LABELS[stage]),
        )
    top += 22
    cursor = 8.0
    item(
        lambda at: ET.SubElement(
            legend,
            "rect",
            {
                "x": str(at),
                "y": str(top + 3),
                "width": "16",
                "height": "7",
                "fill": MUTED,
                "fill-opacity": "0.25",
                "stroke": MUTED,
            },
        ),
        gettext("Planned dates"),
    )
    item(
        lambda at: ET.SubElement(
            legend, "rect", x=str(at), y=str(top + 1), width="16", height="11", fill=MUTED
        ),
        gettext("Actual dates"),
    )
    item(
        lambda at: ET.SubElement(
            legend,
            "rect",
            {
                "x": str(at),
                "y": str(top),
                "width": "16",
                "height": "12",
                "fill": f"url(#{id_prefix}-hatch)",
                "stroke": OVERDUE,
            },
        ),
        gettext("Overdue"),
    )
    item(
        lambda at: ET.SubElement(
            legend,
            "line",
            {
                "x1": str(at + 8),
                "x2": str(at + 8),
                "y1": str(top - 2),
                "y2": str(top + 14),
                "stroke": OVERDUE,
                "stroke-width": "2",
                "stroke-dasharray": "4 3",
            },
        ),
        gettext("Today"),
    )


# ---------------------------------------------------------------------------------------------
# Export


def export(svg: str, fmt: str) -> bytes:
    """The chart as `fmt` (svg, png or pdf) for the committee's papers."""
    if fmt == "svg":
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg).encode()
    try:
        import cairosvg
    except OSError as error:  # CairoSVG is installed, the system's libcairo2 is not
        raise ExportUnavailable(
            _l(
                "PNG and PDF need the system's cairo library (libcairo2), which is not installed "
                "on this server; download the SVG instead."
            )
        ) from error
    if fmt == "png":
        return cairosvg.svg2png(bytestring=svg.encode(), output_width=WIDTH * 2)
    return cairosvg.svg2pdf(bytestring=svg.encode())
