"""The languages of an act on its pages: the language switch, the alignment bars and markers,
the languages side by side, the translation page and the languages form."""

from __future__ import annotations

import html
import re

import pytest

from alatau_legal.acts import languages as act_languages
from alatau_legal.acts import services as acts
from alatau_legal.extensions import db
from tests.support.builders import (
    SAMPLE_TEXT_KK,
    SAMPLE_TEXT_RU,
    csrf_token,
    login,
    make_act,
    make_user,
)
from tests.support.pages import speaking

CHANGED_RU = SAMPLE_TEXT_RU.replace("десяти рабочих дней", "пяти рабочих дней")


@pytest.fixture
def act(app):
    drafter = make_user("drafter")
    act = make_act(drafter, text=SAMPLE_TEXT_RU, language="ru", title="Правила о преференциях")
    act_languages.set_languages(drafter, act, ["ru", "kk"])
    acts.save_version(
        drafter, act.id, base_version=1, text=SAMPLE_TEXT_KK, note="kk", language="kk",
        max_chars=2_000_000,
    )  # fmt: skip
    acts.save_version(
        drafter, act.id, base_version=2, text=CHANGED_RU, note="ru", max_chars=2_000_000
    )
    db.session.commit()
    return act


def _visible(html: str) -> str:
    """The text a reader sees: no tags, no attributes."""
    return re.sub(r"<[^>]+>", " ", html)


def test_the_act_page_shows_the_bar_and_marks_the_outdated_provision(client, act):
    login(client, "drafter")
    page = client.get(f"/acts/{act.number}").get_data(as_text=True)
    assert 'class="align-bar"' in page and 'data-language="kk"' in page
    assert "11 of 12 provisions aligned" in page
    mark = re.search(
        r'<a class="align-mark align-outdated"[^>]*data-language="kk"[^>]*href="([^"]+)"', page
    )
    assert mark and mark.group(1).endswith("/translate/kk#work-art_3__para_2")
    panel = page.split('class="languages-panel"')[1].split("</section>")[0]
    assert "art_" not in _visible(panel)


def test_the_act_page_in_another_language_and_side_by_side(client, act):
    login(client, "drafter")
    kazakh = client.get(f"/acts/{act.number}?language=kk").get_data(as_text=True)
    assert "Уәкілетті орган он жұмыс күні" in kazakh
    assert 'lang="kk"' in kazakh and "Статья 3" not in kazakh
    both = client.get(f"/acts/{act.number}?languages=ru,kk").get_data(as_text=True)
    assert 'class="parallel parallel-cols-2"' in both
    assert both.count('class="parallel-row') == 12
    assert "пяти рабочих дней" in both and "он жұмыс күні" in both
    assert client.get(f"/acts/{act.number}?language=en").status_code == 400
    assert client.get(f"/acts/{act.number}?languages=ru,ru").status_code == 400


def test_side_by_side_highlights_a_structure_difference(client, act):
    drafter = act.lead_drafter
    acts.save_version(
        drafter, act.id, base_version=3, language="kk", note="extra", max_chars=2_000_000,
        text=SAMPLE_TEXT_KK + "\n4-бап. Қосымша\nАртық бап.\n",
    )  # fmt: skip
    db.session.commit()
    login(client, "drafter")
    both = client.get(f"/acts/{act.number}?languages=ru,kk").get_data(as_text=True)
    assert 'parallel-differs" id="art_4"' in both
    assert "не в этом языке" in both or "not in this language" in both


def test_the_translator_brings_the_provision_up_to_date(client, act):
    login(client, "drafter")
    page = client.get(f"/acts/{act.number}/translate/kk").get_data(as_text=True)
    assert 'id="work-art_3__para_2"' in page
    assert "<del>десяти</del>" in page and "<ins>пяти</ins>" in page
    assert "paragraph 2 of Article 3" in page or "Article 3(2)" in page
    assert "art_3__para_2" not in _visible(page)
    response = client.post(
        f"/acts/{act.number}/translate/kk",
        data={
            "csrf_token": csrf_token(page),
            "base_version": "3",
            "text-art_3__para_2": "Уәкілетті орган бес жұмыс күні ішінде шешім қабылдайды.",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "is up to date" in response.get_data(as_text=True)
    db.session.expire_all()
    result = acts.alignment(act.lead_drafter, acts.get_act(act.lead_drafter, act.id))
    assert result.complete and result.version == 4
    kk = acts.current_version(act.lead_drafter, act, "kk")
    assert "бес жұмыс күні" in kk.text and "3-бап. Өтініш" in kk.text


def test_the_translator_confirms_a_provision_as_it_stands(client, act):
    login(client, "drafter")
    page = client.get(f"/acts/{act.number}/translate/kk").get_data(as_text=True)
    response = client.post(
        f"/acts/{act.number}/translate/kk",
        data={"csrf_token": csrf_token(page), "base_version": "3", "confirm": "art_3__para_2",
              "text-art_3__para_2": "2. ignored"[3:] and
              "Уәкілетті орган он жұмыс күні ішінде шешім қабылдайды."},
        follow_redirects=True,
    )  # fmt: skip
    assert response.status_code == 200
    db.session.expire_all()
    assert acts.alignment(act.lead_drafter, acts.get_act(act.lead_drafter, act.id)).complete


def test_the_drafting_language_has_no_translation_page(client, act):
    login(client, "drafter")
    assert client.get(f"/acts/{act.number}/translate/ru").status_code == 400
    assert client.get(f"/acts/{act.number}/translate/en").status_code == 400


def test_the_languages_form(client, act):
    login(client, "drafter")
    page = client.get(f"/acts/{act.number}").get_data(as_text=True)
    response = client.post(
        f"/acts/{act.number}/languages",
        data={"csrf_token": csrf_token(page), "languages": ["en", "kk"]},
        follow_redirects=True,
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert acts.get_act(act.lead_drafter, act.id).languages == ["ru", "kk", "en"]
    # A committee member reads the act but may not change its languages.
    make_user("committee_member")
    client.post("/logout", data={"csrf_token": csrf_token(page)})
    login(client, "committee-member")
    page = client.get(f"/acts/{act.number}").get_data(as_text=True)
    assert "/languages" not in page.split('class="languages-panel"')[1].split("</section>")[0]
    refused = client.post(
        f"/acts/{act.number}/languages",
        data={"csrf_token": csrf_token(page), "languages": ["kk"]},
    )
    assert refused.status_code in (302, 403)  # refused with a message, nothing changed
    db.session.expire_all()
    assert acts.get_act(act.lead_drafter, act.id).languages == ["ru", "kk", "en"]


def test_the_translation_page_imports_a_word_file(client, act):
    import io

    import docx

    document = docx.Document()
    for line in SAMPLE_TEXT_KK.replace("он жұмыс күні", "бес жұмыс күні").splitlines():
        if line.strip():
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    login(client, "drafter")
    page = client.get(f"/acts/{act.number}/translate/kk").get_data(as_text=True)
    response = client.post(
        f"/acts/{act.number}/translate/kk/import",
        data={"csrf_token": csrf_token(page), "file": (io.BytesIO(buffer.getvalue()), "kk.docx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    text = response.get_data(as_text=True)
    assert "saved as version 4: 12 of 12 provisions aligned" in text
    db.session.expire_all()
    assert acts.alignment(act.lead_drafter, acts.get_act(act.lead_drafter, act.id)).complete


def test_the_timeline_records_the_languages(client, act):
    login(client, "drafter")
    page = client.get(f"/acts/{act.number}/events").get_data(as_text=True)
    assert "Authentic languages set" in page
    row = page.split("Authentic languages set")[1].split("</tr>")[0]
    assert "Russian, Kazakh" in row


def test_provision_history_and_compare_in_a_language(client, act):
    login(client, "drafter")
    history = client.get(f"/acts/{act.number}/provisions/art_3__para_2?language=kk")
    text = history.get_data(as_text=True)
    assert history.status_code == 200 and 'lang="kk"' in text and "он жұмыс күні" in text
    assert f"/acts/{act.number}/provisions/art_3__para_2" in text  # the switch back to Russian
    compared = client.get(f"/acts/{act.number}/compare?from=1&to=2&language=kk")
    assert compared.status_code == 200
    assert "он жұмыс күні" in compared.get_data(as_text=True)
    assert client.get(f"/acts/{act.number}/compare?from=1&to=2&language=en").status_code == 400


def test_the_markers_speak_each_readers_language_request_after_request(client, act):
    """The marker's word is translated on each request, not once for the first reader."""
    from tests.support.catalogues import compile_catalogues

    compile_catalogues()
    login(client, "drafter")
    marker = re.compile(r'<a class="align-mark align-outdated"[^>]*>(.*?)</a>', re.S)
    words = {}
    for language in ("en", "kk", "ru"):
        page = client.get(f"/acts/{act.number}?ui_lang={language}").get_data(as_text=True)
        words[language] = re.sub(r"<[^>]+>", " ", marker.search(page).group(1)).split()[-1]
    assert words == {"en": "outdated", "kk": "ескірген", "ru": words["ru"]}
    assert words["ru"] not in ("outdated", "ескірген")


@pytest.mark.parametrize(
    ("language", "named"),
    [("ru", "Текст (пункт 2 статьи 3)"), ("kk", "Мәтін (3-баптың 2-тармағы)")],
)
def test_a_refused_translation_field_is_named_by_its_provision(act, language, named):
    """A control character in a provision's wording: the 400 page names the provision as a
    lawyer does (never its eId) and gives the wording back."""
    client = speaking(act.lead_drafter, language)
    page = client.get(f"/acts/{act.number}/translate/kk").get_data(as_text=True)
    typed = "Уәкілетті орган бес\u0007 жұмыс күні ішінде шешім қабылдайды."
    response = client.post(
        f"/acts/{act.number}/translate/kk",
        data={"csrf_token": csrf_token(page), "base_version": "3", "text-art_3__para_2": typed},
    )
    assert response.status_code == 400
    text = html.unescape(_visible(response.get_data(as_text=True)))
    assert named in text
    assert "art_3" not in text and "Wording" not in text
    assert typed.replace("\u0007", "") in text
