"""The act page says which part of the text is the act's own body: an approving decision above
an annexed act, the act it approves, its other annexes and an explanatory note are labelled
where they start, in the reader's language; a text that is all body gets no label."""

from __future__ import annotations

import re

import pytest

from alatau_legal.accounts.models import Language, Role
from alatau_legal.acts import services as acts
from alatau_legal.extensions import db
from tests.support.builders import csrf_token, login, make_user

DECISION = """\
В соответствии с Законом Республики Казахстан РЕШИЛ:

1. Утвердить прилагаемые Правила ведения реестра инвесторов.

2. Настоящее решение вводится в действие со дня подписания.

Аким города Алатау А. Серіков

Приложение 1 к решению акима города Алатау от 2 июня 2026 года № 14

Глава 1. Общие положения

1. Настоящие Правила определяют порядок ведения реестра.

Приложение 2 к Правилам ведения реестра инвесторов

Форма заявления.
"""

EXPLAINED = """\
Пояснительная записка к проекту Закона Республики Казахстан «О реестре»
Проект разработан в целях ведения реестра.

ЗАКОН РЕСПУБЛИКИ КАЗАХСТАН

Статья 1. Предмет

Настоящий Закон регулирует ведение реестра.
"""

LABELS = {
    "en": {
        "approving_decision": "Approving decision",
        "approved_act": "The act approved by the decision",
        "annex": "Annex",
        "explanatory_note": "Explanatory note",
        "body": "The act",
    },
    "ru": {
        "approving_decision": "Утверждающее решение",
        "approved_act": "Акт, утверждаемый решением",
        "annex": "Приложение",
        "explanatory_note": "Пояснительная записка",
        "body": "Акт",
    },
}
# A part label and the id of the provision right after it.
PART = re.compile(
    r'<p class="text-part text-part-(?P<part>\w+)" lang="(?P<lang>\w+)">\s*<strong>(?P<label>[^<]+)'
    r'</strong>.*?</p>\s*<(?:section|div) class="provision[^"]*" id="(?P<eid>[\w-]+)"',
    re.DOTALL,
)


def _act(text: str, drafter=None) -> str:
    if drafter is None:
        drafter = make_user(Role.DRAFTER, "dana")
        drafter.locale = Language.EN
    act, _ = acts.create_act(
        drafter, title="Реестр", act_type="decree", language="ru", text=text, max_chars=10**6
    )
    db.session.commit()
    return act.number


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_decision_its_act_and_an_annex_are_labelled_in_the_readers_language(
    client, app, language
):
    number = _act(DECISION)
    login(client, "dana")
    page = client.get(f"/acts/{number}?ui_lang={language}")
    assert page.status_code == 200
    found = [(m["part"], m["lang"], m["label"], m["eid"]) for m in PART.finditer(page.text)]
    words = LABELS[language]
    assert found == [
        ("approving_decision", language, words["approving_decision"], "preamble"),
        ("approved_act", language, words["approved_act"], "annex_1"),
        ("annex", language, words["annex"], "annex_1__annex_2"),
    ]
    # The act text stays in its own language; the labels are the interface's.
    assert 'lang="ru"' in page.text


@pytest.mark.parametrize("language", ["en", "ru"])
def test_an_explanatory_note_and_the_act_after_it_are_labelled(client, app, language):
    number = _act(EXPLAINED)
    login(client, "dana")
    page = client.get(f"/acts/{number}?ui_lang={language}")
    found = [(m["part"], m["label"], m["eid"]) for m in PART.finditer(page.text)]
    words = LABELS[language]
    assert [part for part, _, _ in found] == ["explanatory_note", "body"]
    assert found[0] == ("explanatory_note", words["explanatory_note"], "note_1")
    assert found[1][1] == words["body"]


def test_labels_only_where_the_text_holds_more_than_the_body(client, app):
    drafter = make_user(Role.DRAFTER, "dana")
    drafter.locale = Language.EN
    annexed = _act("Статья 1. Предмет\n\n1. Текст.\n\nПриложение 1 к Закону\n\nФорма.", drafter)
    plain = _act("Статья 1. Предмет\n\n1. Текст.", drafter)
    login(client, "dana")
    page = client.get(f"/acts/{annexed}")
    assert [(m["part"], m["eid"]) for m in PART.finditer(page.text)] == [
        ("body", "art_1"),
        ("annex", "annex_1"),
    ]
    assert "text-part" not in client.get(f"/acts/{plain}").text


def test_the_editors_outline_marks_where_each_part_starts(client, app):
    drafter = make_user(Role.DRAFTER, "dana")
    drafter.locale = Language.RU
    db.session.commit()
    login(client, "dana")
    token = csrf_token(client.get("/acts/new").text)
    answer = client.post("/acts/preview", data={"text": DECISION, "csrf_token": token})
    assert answer.status_code == 200, answer.text
    outline = answer.json["outline"]
    parts = [(entry["part"], entry["label"]) for entry in outline if entry["kind"] == "part"]
    assert parts == [
        ("approving_decision", "Утверждающее решение"),
        ("approved_act", "Акт, утверждаемый решением"),
        ("annex", "Приложение"),
    ]
    kinds = [entry["kind"] for entry in outline]
    assert kinds == ["part", "preamble", "part", "annex", "chapter", "part", "annex"]
