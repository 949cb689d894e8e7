"""Reading pages as a person does, signed in with a chosen interface language."""

from __future__ import annotations

import html
import re

from flask import current_app

from alatau_legal.accounts.models import Language, User
from alatau_legal.extensions import db
from tests.support.builders import login


def words_of(page: str) -> str:
    """What a person reads: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def speaking(user: User, language: str):
    """A browser signed in as `user`, whose stored interface language is `language`."""
    user.locale = Language(language)
    db.session.commit()
    client = current_app.test_client()
    assert login(client, user.username).status_code == 302
    return client
