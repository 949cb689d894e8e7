"""Exports in every language of an act: the official draft per language, the parallel kk/ru
layout (provision beside provision, each column in its language), one AKN expression per
language with the same eIds."""

from __future__ import annotations

import io

import pytest
from docx import Document
from lxml import etree

from alatau_legal.acts import languages as act_languages
from alatau_legal.acts import services as acts
from alatau_legal.extensions import db
from tests.support.builders import SAMPLE_TEXT_KK, SAMPLE_TEXT_RU, api_token, make_act, make_user

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


@pytest.fixture
def act(app):
    drafter = make_user("drafter")
    act = make_act(drafter, text=SAMPLE_TEXT_RU, language="ru", title="Правила о преференциях")
    act_languages.set_languages(drafter, act, ["ru", "kk", "en"])
    acts.save_version(
        drafter, act.id, base_version=1, text=SAMPLE_TEXT_KK, note="kk", language="kk",
        max_chars=2_000_000,
    )  # fmt: skip
    db.session.commit()
    return act


@pytest.fixture
def headers(client, act):
    return api_token(client, "drafter")


def _docx(response) -> Document:
    assert response.status_code == 200, response.text
    return Document(io.BytesIO(response.data))


def test_the_official_draft_in_each_language(client, act, headers):
    base = f"/api/v1/acts/{act.id}/versions/2/export.docx"
    kazakh = client.get(f"{base}?language=kk", headers=headers)
    assert "_v2_kk_draft.docx" in kazakh.headers["Content-Disposition"]
    document = _docx(kazakh)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "3-бап. Өтініш" in text and "Статья" not in text
    assert document.sections[0].header.paragraphs[0].text == "ЖОБА"
    assert document.core_properties.language == "kk-KZ"
    russian = _docx(client.get(base, headers=headers))
    assert "Статья 3. Заявление" in "\n".join(p.text for p in russian.paragraphs)
    assert russian.sections[0].header.paragraphs[0].text == "ПРОЕКТ"
    # English is one of the act's languages but not written yet; German is not one of them.
    unwritten = client.get(f"{base}?language=en", headers=headers)
    assert unwritten.status_code == 409 and unwritten.json["error"]["code"] == "not_written"
    assert client.get(f"{base}?language=de", headers=headers).status_code == 400


def test_the_parallel_layout_kazakh_beside_russian(client, act, headers):
    base = f"/api/v1/acts/{act.id}/versions/2/export.docx"
    response = client.get(f"{base}?languages=kk,ru", headers=headers)
    assert "_v2_kk-ru_draft.docx" in response.headers["Content-Disposition"]
    document = _docx(response)
    assert document.sections[0].header.paragraphs[0].text == "ЖОБА / ПРОЕКТ"
    (table,) = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert all(len(row) == 2 for row in rows)
    assert "Правила о преференциях" in rows[0][1]
    # Provision beside provision: each row holds the same provision in both languages.
    assert ["3-бап. Өтініш", "Статья 3. Заявление"] in rows
    row = next(r for r in rows if r[1].startswith("2. Уполномоченный орган принимает"))
    assert row[0].startswith("2. Уәкілетті орган он жұмыс күні")
    assert len(rows) == 1 + 12
    # Each column says which language it is written in.
    langs = {
        element.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
        for element in table.rows[5]
        .cells[0]
        ._tc.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang")
    }
    assert langs == {"kk-KZ"}


@pytest.mark.parametrize(
    "query",
    ["languages=kk", "languages=kk,kk", "languages=kk,de", "languages=kk,ru&language=kk",
     "languages=kk,ru&comments=1"],
)  # fmt: skip
def test_bad_parallel_requests_are_a_400(client, act, headers, query):
    response = client.get(f"/api/v1/acts/{act.id}/versions/2/export.docx?{query}", headers=headers)
    assert response.status_code == 400, response.text
    assert "languages" in response.json["error"]["fields"]


def test_a_parallel_layout_with_an_unwritten_language_is_a_409(client, act, headers):
    response = client.get(
        f"/api/v1/acts/{act.id}/versions/2/export.docx?languages=ru,en", headers=headers
    )
    assert response.status_code == 409


def test_one_akn_expression_per_language_with_the_same_eids(client, act, headers):
    base = f"/api/v1/acts/{act.id}/versions/2/export.akn.xml"
    expressions = {}
    for language in ("ru", "kk"):
        response = client.get(f"{base}?language={language}", headers=headers)
        assert response.status_code == 200, response.text
        expressions[language] = etree.fromstring(response.data)
    ru, kk = expressions["ru"], expressions["kk"]
    assert kk.find(f".//{AKN}FRBRlanguage").get("language") == "kaz"
    assert ru.find(f".//{AKN}FRBRlanguage").get("language") == "rus"
    assert "/kaz@" in kk.find(f".//{AKN}FRBRExpression/{AKN}FRBRuri").get("value")
    assert ru.find(f".//{AKN}FRBRWork/{AKN}FRBRuri").get("value") == kk.find(
        f".//{AKN}FRBRWork/{AKN}FRBRuri"
    ).get("value")

    def eids(root):
        return [element.get("eId") for element in root.iter() if element.get("eId")]

    assert eids(ru) == eids(kk) and "art_3__para_2" in eids(kk)
    assert "Уәкілетті орган" in etree.tostring(kk, encoding="unicode")
    assert client.get(f"{base}?language=en", headers=headers).status_code == 409


def test_the_comparison_table_and_tracked_changes_in_a_translation(client, act, headers):
    drafter = act.lead_drafter
    acts.save_version(
        drafter, act.id, base_version=2, language="kk", note="kk 3",
        text=SAMPLE_TEXT_KK.replace("он жұмыс күні", "бес жұмыс күні"), max_chars=2_000_000,
    )  # fmt: skip
    db.session.commit()
    base = f"/api/v1/acts/{act.id}/compare.docx?from=2&to=3"
    response = client.get(f"{base}&language=kk", headers=headers)
    assert "_v2-v3_kk_comparison.docx" in response.headers["Content-Disposition"]
    table = _docx(response).tables[0]
    header = [cell.text for cell in table.rows[0].cells]
    assert header[3] == "Ұсынылып отырған редакция" and "2-нұсқаның редакциясы" in header
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert len(rows) == 1  # the one Kazakh provision changed; the Russian text did not change
    assert "он жұмыс күні" in rows[0][2] and "бес жұмыс күні" in rows[0][3]
    assert rows[0][1] == "3-баптың 2-тармағы"
    # The drafting language's table for the same versions: nothing changed there.
    russian = _docx(client.get(base, headers=headers)).tables[0]
    assert russian.rows[1].cells[0].text == "Редакция версий совпадает."
    tracked = client.get(f"{base}&language=kk&tracked=1", headers=headers)
    text = "\n".join(p.text for p in _docx(tracked).paragraphs)
    assert "3-бап. Өтініш" in text and "Статья" not in text
    # Version 1 has no Kazakh text: nothing to compare in Kazakh.
    unwritten = client.get(
        f"/api/v1/acts/{act.id}/compare.docx?from=1&to=3&language=kk", headers=headers
    )
    assert unwritten.status_code == 409 and unwritten.json["error"]["code"] == "not_written"
    assert client.get(f"{base}&language=de", headers=headers).status_code == 400


def test_the_parallel_layout_never_breaks_a_line_inside_justified_text(client, act, headers):
    drafter = act.lead_drafter
    first = "1. Инвестор обращается в уполномоченный орган в письменной форме."
    second = "Заявление подается на казахском или русском языке."
    acts.save_version(
        drafter, act.id, base_version=2, language="ru", note="ru 3", max_chars=2_000_000,
        text=SAMPLE_TEXT_RU.replace(first, f"{first}\n{second}"),
    )  # fmt: skip
    db.session.commit()
    response = client.get(
        f"/api/v1/acts/{act.id}/versions/3/export.docx?languages=kk,ru", headers=headers
    )
    document = _docx(response)
    xml = document.element.xml
    assert "<w:br" not in xml
    cells = [row.cells[1] for row in document.tables[0].rows]
    cell = next(c for c in cells if second in c.text)
    assert [p.text for p in cell.paragraphs] == [first, second]
