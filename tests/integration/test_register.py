"""The public register as an anonymous visitor sees it: what is shown for acts in each state,
and that nothing internal is (draft text, comments, opinions, reviewers' and drafters' names)."""

from __future__ import annotations

import io
import re

import defusedxml.ElementTree as ET
import pytest
from docx import Document

from alatau_legal.acts.models import ActStatus
from alatau_legal.extensions import db
from alatau_legal.review import services as review
from alatau_legal.review.models import RoundStatus
from alatau_legal.review.workflow import Action, round_in
from tests.support.builders import SAMPLE_TEXT, make_act
from tests.support.workflow_states import Cast, drive, move, plan

ATOM = "{http://www.w3.org/2005/Atom}"
SECRET_COMMENT = "Confidential remark zebrafinch"
SECRET_REASON = "Internal reason kestrel"


def draft_text(word: str) -> str:
    """The sample text with a word of its own, to tell whose text a page shows."""
    return SAMPLE_TEXT.replace("in writing", f"in writing ({word})")


@pytest.fixture
def world(app):
    cast = Cast.create()
    acts_by_state = {
        "unsubmitted": make_act(cast.drafter, draft_text("unsubmittedword"), title="Unsubmitted"),
        "withdrawn": drive(cast, ActStatus.WITHDRAWN),
        "domestic_review": make_act(cast.drafter, draft_text("domesticword"), title="In review"),
        "international_review": drive(cast, ActStatus.INTERNATIONAL_REVIEW),
        "committee_review": drive(cast, ActStatus.COMMITTEE_REVIEW),
        "approved": drive(cast, ActStatus.APPROVED),
    }
    under_review = acts_by_state["domestic_review"]
    plan(cast, under_review, "domestic")
    move(cast, under_review, Action.SUBMIT_DOMESTIC_REVIEW)
    review.add_comment(
        cast.domestic, under_review.id,
        version=round_in(under_review, RoundStatus.OPEN).version_number,
        eid="art_1__para_1", body=SECRET_COMMENT,
    )  # fmt: skip
    db.session.commit()
    # Returned for revision after review: still on the register, in drafting.
    returned = drive(cast, ActStatus.DRAFTING, ready_for=Action.SUBMIT_INTERNATIONAL_REVIEW)
    acts_by_state["returned"] = returned
    return {"cast": cast, "acts": acts_by_state}


LISTED = {"domestic_review", "international_review", "committee_review", "approved", "returned"}


def test_the_register_lists_submitted_acts_and_never_unsubmitted_or_withdrawn_ones(client, world):
    page = client.get("/register")
    assert page.status_code == 200
    for name, act in world["acts"].items():
        assert (f'href="/register/{act.number}"' in page.text) == (name in LISTED), name
    assert "Sign out" not in page.text  # nobody is signed in


@pytest.mark.parametrize("state", sorted(LISTED))
def test_an_act_page_shows_where_it_stands_and_nothing_internal(client, world, state):
    act = world["acts"][state]
    page = client.get(f"/register/{act.number}")
    assert page.status_code == 200
    text = page.text
    assert act.number in text and act.title in text
    assert f"status-{act.status.value}" in text
    cast = world["cast"]
    for user in cast.users.values():
        assert user.full_name not in text and f">{user.username}<" not in text
    for secret in (SECRET_COMMENT, "Fine as it is.", "Recorded by the test", "domesticword"):
        assert secret not in text
    # Links into the internal pages would leak structure and lead to a sign-in: none.
    assert "/acts/" not in text and "/rounds/" not in text
    if state == "approved":
        assert "Approved text" in text
        assert "These Rules govern investment preferences" in text
        assert f'href="/register/{act.number}/text.docx"' in text
    else:
        assert "These Rules govern investment preferences" not in text
        assert "text.docx" not in text


def test_the_stages_and_the_next_meeting_are_shown(client, world):
    act = world["acts"]["international_review"]
    text = client.get(f"/register/{act.number}").text
    assert "Domestic expert review" in text and "International expert review" in text
    assert "ongoing" in text


def test_approved_text_downloads_and_nothing_else(client, world):
    approved = world["acts"]["approved"]
    docx = client.get(f"/register/{approved.number}/text.docx")
    assert docx.status_code == 200
    assert docx.headers["Content-Disposition"].endswith('_final.docx"')
    body = "\n".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs)
    assert "These Rules govern investment preferences" in body
    akn = client.get(f"/register/{approved.number}/text.akn.xml")
    assert akn.status_code == 200 and b"akomaNtoso" in akn.data
    for name in ("domestic_review", "committee_review", "returned", "unsubmitted", "withdrawn"):
        number = world["acts"][name].number
        assert client.get(f"/register/{number}/text.docx").status_code == 404, name
        assert client.get(f"/register/{number}/text.akn.xml").status_code == 404, name


def test_unknown_and_unlisted_acts_are_404(client, world):
    for number in ("ALA-2099-999", "nonsense", world["acts"]["unsubmitted"].number,
                   world["acts"]["withdrawn"].number):  # fmt: skip
        response = client.get(f"/register/{number}")
        assert response.status_code == 404, number
        assert "Traceback" not in response.text


def test_filters_and_bad_filters(client, world):
    approved = world["acts"]["approved"]
    page = client.get("/register?stage=approved")
    assert f'href="/register/{approved.number}"' in page.text
    assert world["acts"]["international_review"].number not in page.text
    assert client.get("/register?sector=investment&act_type=rules").status_code == 200
    for bad in ("stage=withdrawn", "stage=nonsense", "sector=moon", "act_type=poem", "page=0"):
        response = client.get(f"/register?{bad}")
        assert response.status_code == 400, bad


def test_the_register_search_finds_approved_texts_only(client, world):
    page = client.get("/register?q=investment")
    assert page.status_code == 200
    approved = world["acts"]["approved"]
    assert f'href="/register/{approved.number}#' in page.text
    for name in LISTED - {"approved"}:
        assert f'href="/register/{world["acts"][name].number}#' not in page.text
    # A comment's words are not in any approved text.
    assert "No approved text contains" in client.get("/register?q=zebrafinch").text
    assert client.get("/register?q=%2A").status_code == 400


def test_the_feed_follows_stage_changes_without_reasons_or_names(client, world):
    atom = client.get("/register/feed.atom")
    assert atom.status_code == 200
    assert atom.mimetype == "application/atom+xml"
    root = ET.fromstring(atom.data)
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    approved = world["acts"]["approved"]
    assert any(t.startswith(f"{approved.number} was approved") for t in titles)
    assert not any(world["acts"]["unsubmitted"].number in t for t in titles)
    assert not any(world["acts"]["withdrawn"].number in t for t in titles)
    assert b"Recorded by the test" not in atom.data  # the reasons of transitions stay inside
    for user in world["cast"].users.values():
        assert user.full_name.encode() not in atom.data

    rss = client.get("/register/feed.rss?sector=other&limit=2")
    assert rss.status_code == 200 and rss.mimetype == "application/rss+xml"
    items = ET.fromstring(rss.data).findall("./channel/item")
    assert 1 <= len(items) <= 2
    for bad in ("limit=0", "limit=201", "limit=many", "sector=moon", "stage=withdrawn"):
        assert client.get(f"/register/feed.atom?{bad}").status_code == 400, bad
    assert client.get("/register/feed.json").status_code == 404


def test_the_register_in_russian_and_kazakh(client, world):
    for lang in ("ru", "kk"):
        page = client.get(f"/register?ui_lang={lang}")
        assert page.status_code == 200
        assert f'<html lang="{lang}">' in page.text
    assert client.get("/register?ui_lang=xx").status_code == 200


@pytest.mark.parametrize(("language", "sector_header"), [("ru", "Сфера"), ("kk", "Сала")])
def test_the_register_names_sectors_and_stages_in_the_readers_language(
    client, world, language, sector_header
):
    from flask_babel import force_locale

    listed = [world["acts"][state] for state in sorted(LISTED)]
    with force_locale(language):
        sectors = {str(act.sector.ui_label) for act in listed}
        english = {act.sector.label for act in listed}
        assert sectors.isdisjoint(english)  # the catalogue has every sector
    page = client.get(f"/register?ui_lang={language}").text
    cells = set(re.findall(rf'<td data-label="{sector_header}">([^<]+)</td>', page))
    assert cells == sectors
    shown = client.get(f"/register/{listed[0].number}?ui_lang={language}").text
    with force_locale(language):
        assert f"<dd>{listed[0].sector.ui_label}</dd>" in shown
    assert not any(f"<dd>{name}</dd>" in shown for name in english)


def test_a_title_in_the_readers_language_is_shown(client, world):
    cast = world["cast"]
    act = make_act(cast.drafter, title="Rules on visas", other_titles={"ru": "Правила о визах"})
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    assert "Правила о визах" in client.get(f"/register/{act.number}?ui_lang=ru").text
    assert "Rules on visas" in client.get(f"/register/{act.number}?ui_lang=en").text


def test_the_feeds_stage_filter_keeps_changes_into_that_stage(client, world):
    root = ET.fromstring(client.get("/register/feed.atom?stage=approved").data)
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert titles and all(" was approved " in title for title in titles)
