"""The public register: the approved text in each authentic language, with a language switch
and downloads in that language."""

from __future__ import annotations

import io

from docx import Document

from alatau_legal.acts import languages as act_languages
from alatau_legal.acts import services as acts
from alatau_legal.acts.models import ActStatus
from alatau_legal.extensions import db
from alatau_legal.review.workflow import Action
from tests.support.builders import SAMPLE_TEXT_RU
from tests.support.workflow_states import Cast, approve_at_a_meeting, drive, move


def _approved_in_two_languages():
    cast = Cast.create()
    act = drive(cast, ActStatus.DRAFTING, ready_for=Action.SUBMIT_TO_COMMITTEE)
    act_languages.set_languages(cast.drafter, act, ["en", "ru"])
    acts.save_version(
        cast.drafter, act.id, base_version=act.current_version, text=SAMPLE_TEXT_RU,
        language="ru", note="Russian text", max_chars=2_000_000,
    )  # fmt: skip
    db.session.commit()
    move(cast, act, Action.SUBMIT_TO_COMMITTEE)
    approve_at_a_meeting(cast, act)
    return act


def test_the_register_shows_the_approved_text_in_each_language(app, client):
    act = _approved_in_two_languages()
    english = client.get(f"/register/{act.number}").get_data(as_text=True)
    assert ">Application</span>" in english
    assert 'class="language-switch"' in english and "Русский" in english
    russian = client.get(f"/register/{act.number}?language=ru").get_data(as_text=True)
    assert ">Заявление</span>" in russian and ">Application</span>" not in russian
    assert 'lang="ru"' in russian
    assert f"/register/{act.number}/text.docx?language=ru" in russian
    # Kazakh is not one of the act's languages.
    assert client.get(f"/register/{act.number}?language=kk").status_code == 400


def test_the_register_downloads_in_a_language(app, client):
    act = _approved_in_two_languages()
    response = client.get(f"/register/{act.number}/text.docx?language=ru")
    assert response.status_code == 200
    assert "_ru_final.docx" in response.headers["Content-Disposition"]
    document = Document(io.BytesIO(response.data))
    assert "Статья 3. Заявление" in "\n".join(p.text for p in document.paragraphs)
    akn = client.get(f"/register/{act.number}/text.akn.xml?language=ru")
    assert akn.status_code == 200 and b'language="rus"' in akn.data


def test_a_draft_is_not_published_in_any_language(app, client):
    cast = Cast.create()
    act = drive(cast, ActStatus.DRAFTING)
    act_languages.set_languages(cast.drafter, act, ["en", "ru"])
    db.session.commit()
    assert client.get(f"/register/{act.number}/text.docx?language=ru").status_code == 404
