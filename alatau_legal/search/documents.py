"""What the index holds, built from the database.

A provision's wording that stays the same across versions is one document, not one per
version: the document carries the run of versions it stands in (`first`..`last`), so "which
versions contain this" is answered from the index alone. A run still standing in the act's
latest version is open (`latest` = "1", `last` = OPEN). When a version changes or removes a
wording, its open document is closed at the version before; the new wording starts a run.
A comment is one document on the version and provision it was made on.

Each language of an act's text has runs of its own: a document says which `language` its text
is in, so a hit names it and the search filters by it.

Every function here is idempotent, so replaying an outbox row the index already holds (after a
rebuild, or after a crash between the index commit and nothing else) changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from ..acts.models import Act, Version, VersionLanguageText
from ..acts.storage import load_version
from ..review.models import Comment, ReviewRound
from .analysis import pair_analyzer, text_analyzer, word_analyzer

OPEN = 2**31 - 1  # `last` of a run that reaches the act's latest version
CURSOR_KEY = "__cursor__"


def build_schema() -> Schema:
    return Schema(
        key=ID(unique=True, stored=True),
        kind=ID(stored=True),  # provision | comment | meta
        act_id=ID(stored=True),
        eid=ID(stored=True),
        language=ID(stored=True),  # the language of the text (of the text commented on)
        digest=ID(stored=True),
        first=NUMERIC(int, bits=32, stored=True, signed=False),
        last=NUMERIC(int, bits=32, stored=True, signed=False),
        latest=ID(stored=True),
        round_id=ID(stored=True),
        stage=ID(stored=True),
        comment_id=STORED,
        heading=STORED,
        body=TEXT(analyzer=text_analyzer(), stored=True, phrase=True),
        pairs=TEXT(analyzer=pair_analyzer(), phrase=True),  # the body's word pairs
        words=TEXT(analyzer=word_analyzer(), phrase=False),  # the body unstemmed, for prefixes
        cursor=STORED,
    )


@dataclass(frozen=True, slots=True)
class Wording:
    """One provision of a version as the index sees it."""

    eid: str
    digest: str
    heading: str
    body: str


def version_wordings(session: Session, top_hashes: list[str]) -> dict[str, Wording]:
    """The provisions of a version by eId."""
    wordings = {}
    for row in load_version(top_hashes, session).flat:
        digest = hashlib.blake2b(
            json.dumps(row.content, ensure_ascii=False).encode(), digest_size=12
        ).hexdigest()
        body = "\n".join(part for part in (row.heading, row.text) if part)
        wordings[row.eid] = Wording(row.eid, digest, row.heading, body)
    return wordings


def provision_document(
    act_id: int, language: str, wording: Wording, first: int, last: int = OPEN
) -> dict:
    return {
        "key": f"p/{act_id}/{language}/{wording.eid}/{wording.digest}/{first}",
        "kind": "provision",
        "act_id": str(act_id),
        "language": language,
        "eid": wording.eid,
        "digest": wording.digest,
        "first": first,
        "last": last,
        "latest": "1" if last == OPEN else "0",
        "heading": wording.heading,
        "body": wording.body,
        "pairs": wording.body,
        "words": wording.body,
    }


def comment_document(comment: Comment, stage: str, act_language: str) -> dict:
    body = comment.body if not comment.quote else f"{comment.body}\n{comment.quote}"
    return {
        "key": f"c/{comment.id}",
        "kind": "comment",
        "act_id": str(comment.act_id),
        "language": comment.language or act_language,
        "eid": comment.eid,
        "first": comment.version_number,
        "last": comment.version_number,
        "latest": "0",
        "round_id": str(comment.round_id),
        "stage": stage,
        "comment_id": comment.id,
        "heading": "",
        "body": body,
        "pairs": body,
        "words": body,
    }


def cursor_document(cursor: int) -> dict:
    return {"key": CURSOR_KEY, "kind": "meta", "cursor": cursor}


def _version(session: Session, act_id: int, number: int) -> Version | None:
    return session.scalar(select(Version).where(Version.act_id == act_id, Version.number == number))


def language_tops(session: Session, version: Version | None) -> dict[str, list[str]]:
    """The top hashes of the version's text in each language it is written in."""
    if version is None:
        return {}
    drafting = session.scalar(select(Act.language).where(Act.id == version.act_id)).value
    tops = {
        language: top
        for language, top in session.execute(
            select(VersionLanguageText.language, VersionLanguageText.top_provisions).where(
                VersionLanguageText.version_id == version.id
            )
        )
    }
    tops[drafting] = version.top_provisions  # the drafting language's text is the version's
    return tops


class Batch:
    """The documents one writer will write, readable before they are written.

    A Whoosh writer's own additions are invisible to its searcher until it commits, but a run
    opened by version n may be closed by version n + 1 in the same batch; so documents are
    gathered here by key (the last state of each wins) and written once, by `write`.
    """

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        self.documents: dict[str, dict] = {}
        self._by_wording: dict[tuple[str, str, str, str], set[str]] = {}

    def put(self, document: dict) -> None:
        self.documents[document["key"]] = document
        if document["kind"] == "provision":
            wording = (
                document["act_id"], document["language"], document["eid"], document["digest"]
            )  # fmt: skip
            self._by_wording.setdefault(wording, set()).add(document["key"])

    def has(self, key: str) -> bool:
        return key in self.documents or self.searcher.document_number(key=key) is not None

    def open_runs(self, act_id: int, language: str, eid: str, digest: str) -> list[dict]:
        """The open documents of one wording (normally one, none once it is closed)."""
        runs = {
            fields["key"]: fields
            for fields in self.searcher.documents(
                act_id=str(act_id), language=language, eid=eid, digest=digest, latest="1"
            )
        }
        for key in self._by_wording.get((str(act_id), language, eid, digest), ()):
            runs[key] = self.documents[key]
        return [fields for fields in runs.values() if fields["latest"] == "1"]

    def write(self, writer) -> None:
        for document in self.documents.values():
            writer.update_document(**document)
        self.documents.clear()
        self._by_wording.clear()


def apply_version(batch: Batch, session: Session, act_id: int, number: int) -> None:
    """Bring the index from version `number - 1` of the act to version `number`."""
    version = _version(session, act_id, number)
    if version is None:
        return  # the transaction that queued it was rolled back after all: nothing to apply
    previous = _version(session, act_id, number - 1) if number > 1 else None
    new_tops, old_tops = language_tops(session, version), language_tops(session, previous)
    for language in sorted(set(new_tops) | set(old_tops)):
        if new_tops.get(language) == old_tops.get(language):
            continue  # carried over unchanged
        _apply_language(
            batch,
            act_id,
            language,
            number,
            version_wordings(session, new_tops.get(language, [])),
            version_wordings(session, old_tops.get(language, [])),
        )


def _apply_language(
    batch: Batch,
    act_id: int,
    language: str,
    number: int,
    new: dict[str, Wording],
    old: dict[str, Wording],
) -> None:
    for eid, wording in old.items():
        kept = new.get(eid)
        if kept is not None and kept.digest == wording.digest:
            continue
        # Close the run of the changed or removed wording (a replay finds it closed already).
        for fields in batch.open_runs(act_id, language, eid, wording.digest):
            if fields["first"] < number:
                # Made again from its stored fields: `pairs` is indexed, not stored.
                closed = Wording(eid, wording.digest, fields["heading"], fields["body"])
                batch.put(provision_document(act_id, language, closed, fields["first"], number - 1))
    for eid, wording in new.items():
        was = old.get(eid)
        if was is not None and was.digest == wording.digest:
            continue
        document = provision_document(act_id, language, wording, number)
        if not batch.has(document["key"]):
            batch.put(document)


def apply_comment(batch: Batch, session: Session, comment_id: int) -> None:
    row = session.execute(
        select(Comment, ReviewRound.stage, Act.language)
        .join(ReviewRound, ReviewRound.id == Comment.round_id)
        .join(Act, Act.id == Comment.act_id)
        .where(Comment.id == comment_id)
    ).first()
    if row is not None:
        batch.put(comment_document(row.Comment, row.stage.value, row.language.value))


def act_documents(session: Session, act_id: int):
    """Every provision document of an act, from all its versions, in every language (for a
    rebuild)."""
    # (language, eid) -> (wording, first version)
    runs: dict[tuple[str, str], tuple[Wording, int]] = {}
    versions = session.scalars(
        select(Version).where(Version.act_id == act_id).order_by(Version.number)
    )
    previous_tops: dict[str, list[str]] = {}
    for version in versions:
        number = version.number
        tops = language_tops(session, version)
        for language in sorted(set(tops) | set(previous_tops)):
            if tops.get(language) == previous_tops.get(language):
                continue
            wordings = version_wordings(session, tops.get(language, []))
            for (run_language, eid), (wording, first) in list(runs.items()):
                if run_language != language:
                    continue
                now = wordings.get(eid)
                if now is None or now.digest != wording.digest:
                    yield provision_document(act_id, language, wording, first, number - 1)
                    del runs[(language, eid)]
            for eid, wording in wordings.items():
                if (language, eid) not in runs:
                    runs[(language, eid)] = (wording, number)
        previous_tops = tops
    for (language, _eid), (wording, first) in runs.items():
        yield provision_document(act_id, language, wording, first)


def comment_documents(session: Session):
    rows = session.execute(
        select(Comment, ReviewRound.stage, Act.language)
        .join(ReviewRound, ReviewRound.id == Comment.round_id)
        .join(Act, Act.id == Comment.act_id)
        .order_by(Comment.id)
    )
    for row in rows:
        yield comment_document(row.Comment, row.stage.value, row.language.value)
