"""Importing a Word draft through the API: the act comes in as structure, or nothing is saved."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from sqlalchemy import func, select

from alatau_legal.accounts.models import Role
from alatau_legal.acts.models import Act, Version
from alatau_legal.extensions import db
from tests.support.builders import api_token, make_user


def word_file(lines: list[str]) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


GOOD_LINES = [
    "Глава 1. Общие положения",
    "Статья 1. Предмет",
    "1. Настоящие Правила регулируют регистрацию участников.",
    "2. Регистратор ведёт реестр в электронной форме.",
    "Статья 2. Сроки",
    "Регистратор вносит запись в течение трёх рабочих дней.",
]


def upload(client, headers, data: bytes, filename="draft.docx", **fields):
    form = {"title": "Правила ведения реестра", "act_type": "rules", "language": "ru"}
    form.update(fields)
    form["file"] = (io.BytesIO(data), filename)
    return client.post(
        "/api/v1/acts/import", data=form, headers=headers, content_type="multipart/form-data"
    )


@pytest.fixture
def headers(client, app):
    make_user(Role.DRAFTER, "dana")
    return api_token(client, "dana")


def test_import_recognises_the_structure(client, headers):
    response = upload(client, headers, word_file(GOOD_LINES))
    assert response.status_code == 201, response.json
    act = response.json
    version = client.get(f"/api/v1/acts/{act['id']}/versions/1", headers=headers).json
    assert [p["eid"] for p in version["provisions"]] == [
        "chp_1",
        "art_1",
        "art_1__para_1",
        "art_1__para_2",
        "art_2",
        "art_2__part_1",
    ]
    assert version["provisions"][3]["text"] == "Регистратор ведёт реестр в электронной форме."


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (80 * 2**20))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (b"", 415),
        (b"Just some text, not Word.", 415),
        (b"%PDF-1.7\n%...", 415),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, 415),
        (word_file(GOOD_LINES)[:400], 400),
        (zip_bomb(), 413),
    ],
    ids=["empty", "text", "pdf", "ole-doc", "truncated", "zip-bomb"],
)
def test_bad_files_are_refused_and_nothing_is_saved(client, headers, data, status):
    response = upload(client, headers, data)
    assert response.status_code == status
    assert response.json["error"]["message"]
    assert db.session.scalar(select(func.count()).select_from(Act)) == 0
    assert db.session.scalar(select(func.count()).select_from(Version)) == 0


def test_file_over_the_request_limit_is_413(client, headers, app):
    app.config["MAX_CONTENT_LENGTH"] = 10_000  # an empty .docx is ~36 kB
    response = upload(client, headers, word_file(GOOD_LINES))
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"


def test_missing_file_or_metadata(client, headers):
    no_file = client.post(
        "/api/v1/acts/import",
        data={"title": "T"},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert no_file.status_code == 400
    bad_type = upload(client, headers, word_file(GOOD_LINES), act_type="novel")
    assert bad_type.status_code == 400
    assert "act_type" in bad_type.json["error"]["fields"]
    as_json = client.post("/api/v1/acts/import", json={"title": "T"}, headers=headers)
    assert as_json.status_code == 415
    assert db.session.scalar(select(func.count()).select_from(Act)) == 0


def test_a_real_draft_layout_imports_with_notes_conclusions_and_its_tracked_changes_named(
    client, headers
):
    """A draft law as real drafts come: footnote, proviso inside a point, signature, a change
    left tracked. The API answers the act with every issue; nothing is glued."""
    document = docx.Document()
    for line in [
        "Статья 1. Закупки",
        "Сноска. Статья 1 с изменением, внесенным Законом РК от 01.01.2024.",
        "1. Заказчик обязан:",
        "1) утвердить план;",
        "Настоящее положение не распространяется на малые закупки.",
        "2) опубликовать план.",
        "Президент Республики Казахстан",
        "К. ТОКАЕВ",
    ]:
        document.add_paragraph(line)
    inserted = document.add_paragraph()._p
    inserted.append(
        docx.oxml.parse_xml(
            '<w:ins xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r><w:t>Астана, Акорда</w:t>'
            "</w:r></w:ins>"
        )
    )
    buffer = io.BytesIO()
    document.save(buffer)
    response = upload(client, headers, buffer.getvalue())
    assert response.status_code == 201, response.json
    issues = response.json["issues"]
    assert issues[0]["line"] == 0 and "1 tracked change" in issues[0]["message"]
    version = client.get(f"/api/v1/acts/{response.json['id']}/versions/1", headers=headers).json
    assert [(p["eid"], p["kind"]) for p in version["provisions"]] == [
        ("art_1", "article"),
        ("art_1__note_1", "note"),
        ("art_1__para_1", "paragraph"),
        ("art_1__para_1__subpara_1", "subparagraph"),
        ("art_1__para_1__subpara_2", "subparagraph"),
        ("conclusions", "conclusions"),
    ]
    assert (
        version["provisions"][-1]["text"]
        == "Президент Республики Казахстан\nК. ТОКАЕВ\nАстана, Акорда"
    )
