"""A Word file imported as the text of one language of an existing act: a new version, the
other languages carried over, and the provisions that do not align reported."""

from __future__ import annotations

import io

import docx
import pytest

from alatau_legal.acts import languages as act_languages
from alatau_legal.acts import services as acts
from alatau_legal.extensions import db
from tests.support.builders import SAMPLE_TEXT_KK, SAMPLE_TEXT_RU, api_token, make_act, make_user


def word_file(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def act(app):
    drafter = make_user("drafter")
    act = make_act(drafter, text=SAMPLE_TEXT_RU, language="ru", title="Правила о преференциях")
    act_languages.set_languages(drafter, act, ["ru", "kk"])
    db.session.commit()
    return act


def upload(client, headers, act_id, data: bytes, **fields):
    form = {"language": "kk", **fields, "file": (io.BytesIO(data), "kk.docx")}
    return client.post(
        f"/api/v1/acts/{act_id}/import", data=form, headers=headers,
        content_type="multipart/form-data",
    )  # fmt: skip


def test_a_word_file_becomes_the_kazakh_text(client, act):
    headers = api_token(client, "drafter")
    response = upload(client, headers, act.id, word_file(SAMPLE_TEXT_KK))
    assert response.status_code == 201, response.text
    body = response.json
    assert body["number"] == 2 and body["language"] == "kk"
    assert body["missing"] == [] and body["extra"] == [] and body["outdated"] == []
    assert body["aligned"] == 12
    db.session.expire_all()
    drafter = act.lead_drafter
    assert "3-бап. Өтініш" in acts.current_version(drafter, act, "kk").text
    assert acts.current_version(drafter, act).text == acts.get_version(drafter, act, 1).text


def test_the_import_reports_what_does_not_align(client, act):
    headers = api_token(client, "drafter")
    partial = SAMPLE_TEXT_KK.replace(
        "2. Уәкілетті орган он жұмыс күні ішінде шешім қабылдайды.", "4-бап. Артық\nМәтін."
    )
    body = upload(client, headers, act.id, word_file(partial)).json
    assert body["missing"] == ["art_3__para_2"]
    assert body["extra"] == ["art_4", "art_4__part_1"]


@pytest.mark.parametrize(
    "fields, data, status, field",
    [
        ({"language": "en"}, None, 400, "language"),
        ({"base_version": "x"}, None, 400, "base_version"),
        ({}, b"not a word file", 415, None),
    ],
)
def test_bad_imports_save_nothing(client, act, fields, data, status, field):
    headers = api_token(client, "drafter")
    response = upload(client, headers, act.id, data or word_file(SAMPLE_TEXT_KK), **fields)
    assert response.status_code == status, response.text
    if field:
        assert field in response.json["error"]["fields"]
    db.session.expire_all()
    assert acts.get_act(act.lead_drafter, act.id).current_version == 1


def test_only_a_drafter_imports_and_only_as_multipart(client, act):
    make_user("committee_member")
    member = api_token(client, "committee-member")
    assert upload(client, member, act.id, word_file(SAMPLE_TEXT_KK)).status_code == 403
    headers = api_token(client, "drafter")
    response = client.post(f"/api/v1/acts/{act.id}/import", json={}, headers=headers)
    assert response.status_code == 415
