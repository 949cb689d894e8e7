"""People never read an eId: every page of the review, with comments, replies, answers, a
moved provision, notifications and search hits, names provisions as a lawyer does, in the
reader's language. eIds stay in URLs, HTML ids and attributes, which this test ignores."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from alatau_legal.accounts.models import Language
from alatau_legal.acts import services as acts
from alatau_legal.extensions import db
from alatau_legal.review import services as review
from alatau_legal.review.models import RoundStatus
from alatau_legal.review.workflow import Action, round_in
from tests.support.builders import SAMPLE_TEXT, csrf_token, login
from tests.support.workflow_states import Cast, move, plan

# art_1, art_1__para_2, chp_2__art_3__para_2__subpara_2 ...
EID = re.compile(r"\b(?:sec|chp|art|para|subpara|part|annex|note|preamble)_\w+")


class VisibleText(HTMLParser):
    """The text a person reads: element content and the attributes read out or shown."""

    SHOWN_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "value")
    HIDDEN = ("script", "style", "template")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") == "hidden":
            return
        if tag == "option":
            return  # an option's value is not shown; its text is
        for name in self.SHOWN_ATTRIBUTES:
            if attributes.get(name):
                self.parts.append(attributes[name])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.fixture
def commented(app, client):
    """An act in domestic review with comments on a paragraph and a sub-paragraph, a reply,
    an answer, and a second version that moves a provision."""
    cast = Cast.create()
    act = acts.create_act(
        cast.drafter, title="Rules", act_type="rules", language="en", text=SAMPLE_TEXT,
        max_chars=10**6,
    )[0]  # fmt: skip
    db.session.commit()
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    open_round = round_in(act, RoundStatus.OPEN)
    first = review.add_comment(
        cast.domestic, act.id, version=1, eid="art_3__para_2", body="Ten days is short.",
        quote="ten business days",
    )  # fmt: skip
    second = review.add_comment(
        cast.domestic, act.id, version=1, eid="art_2__subpara_2", body="Define the benefit."
    )
    review.reply(cast.drafter, first.id, "We will consider it.")
    review.dispose(cast.drafter, second.id, disposition="accepted", reason="Done.")
    db.session.commit()
    move(cast, act, Action.RETURN_TO_DRAFTING)
    acts.save_version(
        cast.drafter, act.id, base_version=1, max_chars=10**6, note="Revised",
        text=SAMPLE_TEXT.replace("within ten business days", "within twenty business days"),
    )  # fmt: skip
    db.session.commit()
    return cast, act, open_round, first


PAGES = [
    "/acts/{number}",
    "/acts/{number}/v/1",
    "/acts/{number}/history",
    "/acts/{number}/compare?from=1&to=2",
    "/acts/{number}/provisions/art_3__para_2",
    "/acts/{number}/events",
    "/acts/{number}/rounds/{round}",
    "/acts/{number}/rounds/{round}/comments",
    "/acts/{number}/rounds/{round}/comments?eid=art_3__para_2",
    "/acts/{number}/occurrences?q=business+days",
    "/search?q=business",
    "/search?q=short&kind=comment",
    "/my-work",
    "/notifications",
    "/deadlines",
]


@pytest.mark.parametrize("language", [Language.EN, Language.RU, Language.KK])
@pytest.mark.parametrize("who", ["drafter", "domestic-expert", "secretary"])
def test_no_eid_is_shown_on_any_page(client, commented, who, language):
    cast, act, open_round, _ = commented
    user = next(u for u in cast.users.values() if u.username == who)
    user.locale = language
    db.session.commit()
    login(client, who)
    seen = {}
    for page in PAGES:
        response = client.get(page.format(number=act.number, round=open_round.id))
        assert response.status_code == 200, page
        found = EID.findall(visible(response.text))
        if found:
            seen[page] = found
    assert seen == {}


def test_flash_messages_and_notifications_name_the_provision(client, commented):
    cast, act, _, first = commented
    cast.drafter.locale = Language.RU
    db.session.commit()
    login(client, "drafter")
    page = client.get(f"/acts/{act.number}/v/1").text
    answered = client.post(
        f"/acts/{act.number}/comments/{first.id}/disposition",
        data={"disposition": "noted", "reason": "Kept", "csrf_token": csrf_token(page)},
        follow_redirects=True,
    )
    text = visible(answered.text)
    assert EID.findall(text) == []
    assert "пункт 2 статьи 3" in text.lower()
    # The expert was told in their own language (English here), the provision named.
    note = (
        [n.message for n in cast.domestic.notifications]
        if hasattr(cast.domestic, "notifications")
        else []
    )
    from alatau_legal.notifications.models import Notification

    messages = [
        n.message for n in db.session.query(Notification).filter_by(user_id=cast.domestic.id)
    ] + note
    assert any("Article 3(2)" in message for message in messages), messages
    drafter_messages = [
        n.message for n in db.session.query(Notification).filter_by(user_id=cast.drafter.id)
    ]
    assert drafter_messages and not any(EID.search(m) for m in drafter_messages + messages)
