"""The timeline: every act's stages drawn against their plan (server-made SVG), on the deadlines
page (the secretary's), on each act page and on the public register, exported as SVG, PNG, PDF."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from defusedxml import ElementTree as ET

from alatau_legal.acts.models import ActStatus
from alatau_legal.extensions import db
from alatau_legal.review.models import RoundStatus
from alatau_legal.review.workflow import Action, round_in
from alatau_legal.timeutil import utcnow
from tests.support.builders import login, make_act
from tests.support.workflow_states import Cast, drive, move, plan

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE_TITLE = 'Rules <script>alert("x")</script> & "quotes"'


@pytest.fixture
def acts(app):
    """Three acts: one overdue in domestic review, one planned only, one in international review."""
    cast = Cast.create()
    overdue = make_act(cast.drafter, title=HOSTILE_TITLE, sector="tax")
    plan(cast, overdue, "domestic")
    move(cast, overdue, Action.SUBMIT_DOMESTIC_REVIEW)
    # Opened six weeks ago: the stage's planned end (ten business days) is long past.
    round_in(overdue, RoundStatus.OPEN).opened_at = utcnow() - timedelta(days=42)
    db.session.commit()
    planned = make_act(cast.drafter, sector="investment")
    plan(cast, planned, "domestic")
    international = drive(cast, ActStatus.INTERNATIONAL_REVIEW)
    return cast, {"overdue": overdue, "planned": planned, "international": international}


def _svg(html: str, index: int = 0):
    """The n-th inline SVG of a page, parsed as XML (it must be well-formed)."""
    found = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(found) > index, "no chart on the page"
    return ET.fromstring(found[index])


def _rows(svg) -> dict:
    rows = {}
    for row in svg.iter(f"{SVG}g"):
        if row.get("class") == "timeline-row":
            label = next(row.iter(f"{SVG}text"))
            rows[label.text] = row
    return rows


def _shapes(row, kind: str) -> list:
    return [
        shape
        for shape in row.iter()
        if shape.tag in (f"{SVG}rect", f"{SVG}path") and kind in (shape.get("class") or "").split()
    ]


def test_the_secretarys_chart_has_every_acts_stages_planned_actual_today_and_overdue(client, acts):
    cast, made = acts
    login(client, cast.secretary.username)
    page = client.get("/deadlines")
    assert page.status_code == 200
    svg = _svg(page.text)
    rows = _rows(svg)
    numbers = {key: act.number for key, act in made.items()}
    assert set(rows) == set(numbers.values())
    overdue, planned, international = (rows[numbers[key]] for key in made)
    # Planned (light) and actual (solid) bars; a planned round not yet opened is a milestone.
    assert _shapes(overdue, "planned") and _shapes(overdue, "actual")
    assert _shapes(planned, "milestone") and not _shapes(planned, "actual")
    assert len(_shapes(international, "planned")) == 2  # domestic, then international
    assert len(_shapes(international, "actual")) == 2
    # Overdue: only the stage still open after its planned end.
    assert _shapes(overdue, "overdue")
    assert not _shapes(planned, "overdue") and not _shapes(international, "overdue")
    assert [line for line in svg.iter(f"{SVG}line") if line.get("class") == "timeline-today"]
    tooltips = " ".join(title.text for title in overdue.iter(f"{SVG}title"))
    assert "overdue" in tooltips
    # Each act's label links to its page.
    links = [a.get("href") for a in svg.iter(f"{SVG}a")]
    assert f"/acts/{numbers['overdue']}" in links


def test_every_text_in_the_chart_is_escaped(client, acts):
    cast, _made = acts
    login(client, cast.secretary.username)
    page = client.get("/deadlines")
    assert "<script>alert" not in page.text
    svg = _svg(page.text)  # parses: nothing in a title broke the XML
    titles = [title.text or "" for title in svg.iter(f"{SVG}title")]
    assert any(HOSTILE_TITLE in title for title in titles)


def test_the_chart_filters_by_sector_and_stage(client, acts):
    cast, made = acts
    login(client, cast.secretary.username)
    by_sector = _rows(_svg(client.get("/deadlines?sector=tax").text))
    assert set(by_sector) == {made["overdue"].number}
    by_stage = _rows(_svg(client.get("/deadlines?stage=international_review").text))
    assert set(by_stage) == {made["international"].number}
    exported = client.get("/deadlines/timeline.svg?sector=investment")
    assert set(_rows(ET.fromstring(exported.data))) == {made["planned"].number}
    refused = client.get("/deadlines/timeline.svg?stage=nowhere")
    assert refused.status_code == 400
    assert "stage" in refused.text
    empty = client.get("/deadlines?sector=courts")
    assert "No act matching these filters" in empty.text


def test_the_chart_exports_as_svg_png_and_pdf(client, acts):
    cast, _made = acts
    login(client, cast.secretary.username)
    svg = client.get("/deadlines/timeline.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    ET.fromstring(svg.data)
    png = client.get("/deadlines/timeline.png")
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert png.data.startswith(b"\x89PNG\r\n\x1a\n")
    pdf = client.get("/deadlines/timeline.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    assert "attachment" in pdf.headers["Content-Disposition"]


def test_only_the_secretary_sees_every_acts_timeline(client, acts):
    cast, _made = acts
    login(client, cast.drafter.username)
    assert "<svg " not in client.get("/deadlines").text.split("<main", 1)[1]
    assert client.get("/deadlines/timeline.svg").status_code == 403


def test_the_act_page_draws_its_own_stages(app, client, acts):
    cast, made = acts
    act = made["international"]
    login(client, cast.drafter.username)
    page = client.get(f"/acts/{act.number}")
    rows = _rows(_svg(page.text, index=_chart_index(page.text)))
    assert list(rows) == ["Domestic expert review", "International expert review"]
    pdf = client.get(f"/acts/{act.number}/timeline.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    # An expert not invited to the act does not learn it exists.
    expert = app.test_client()
    login(expert, cast.international.username)
    assert expert.get(f"/acts/{made['planned'].number}/timeline.svg").status_code == 404


def _chart_index(html: str) -> int:
    """The act page may carry other SVG icons: the chart is the one with the timeline class."""
    found = re.findall(r"<svg .*?</svg>", html, re.S)
    return next(n for n, svg in enumerate(found) if 'class="timeline-svg"' in svg)


def test_the_register_draws_the_listed_acts_without_names(client, acts):
    cast, made = acts
    page = client.get("/register")
    svg_text = re.search(r'<svg [^>]*class="timeline-svg".*?</svg>', page.text, re.S).group(0)
    rows = _rows(ET.fromstring(svg_text))
    # The act never submitted is internal work: not on the register, not on its chart.
    assert set(rows) == {made["overdue"].number, made["international"].number}
    for user in cast.users.values():
        assert user.display_name not in svg_text
        assert user.username not in svg_text
    links = [a.get("href") for a in ET.fromstring(svg_text).iter(f"{SVG}a")]
    assert f"/register/{made['overdue'].number}" in links
    exported = client.get("/register/timeline.svg?sector=tax")
    assert set(_rows(ET.fromstring(exported.data))) == {made["overdue"].number}
    assert client.get("/register/timeline.png").data.startswith(b"\x89PNG")
    show = client.get(f"/register/{made['international'].number}")
    assert 'class="timeline-svg"' in show.text
    assert client.get(f"/register/{made['planned'].number}/timeline.svg").status_code == 404


def test_the_chart_speaks_the_readers_language(client, acts):
    _cast, made = acts
    page = client.get(f"/register/{made['international'].number}?ui_lang=ru")
    svg = _svg(page.text, index=_chart_index(page.text))
    texts = {text.text for text in svg.iter(f"{SVG}text")}
    assert {"Сегодня", "Плановые сроки", "Фактические сроки", "Просрочено"} <= texts
    assert list(_rows(svg)) == ["Внутренняя экспертиза", "Международная экспертиза"]
