"""Checking the search index against the database: every provision of every version of an act,
in every language of its text, found exactly once (no document missing, none twice)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from alatau_legal.acts.models import Act, Version
from alatau_legal.search.documents import OPEN, language_tops, version_wordings


def index_problems(searcher, session: Session, act_ids: list[int] | None = None) -> list[str]:
    """What differs between the index and the database, one line per problem (empty: none)."""
    problems: list[str] = []
    statement = select(Act.id, Act.current_version)
    if act_ids is not None:
        statement = statement.where(Act.id.in_(act_ids))
    documents_by_act: dict[str, list[dict]] = {}
    for fields in searcher.all_stored_fields():
        if fields.get("kind") == "provision":
            documents_by_act.setdefault(fields["act_id"], []).append(fields)
    for act_id, current in session.execute(statement).all():
        documents = documents_by_act.get(str(act_id), [])
        for version in session.scalars(select(Version).where(Version.act_id == act_id)):
            expected = Counter(
                (language, eid, wording.digest)
                for language, top in language_tops(session, version).items()
                for eid, wording in version_wordings(session, top).items()
            )
            found = Counter(
                (fields["language"], fields["eid"], fields["digest"])
                for fields in documents
                if fields["first"]
                <= version.number
                <= (current if fields["last"] == OPEN else fields["last"])
            )
            if found != expected:
                missing = expected - found
                extra = found - expected
                problems.append(
                    f"act {act_id} v{version.number}: missing {sorted(missing)[:3]}, "
                    f"extra or twice {sorted(extra)[:3]}"
                )
    return problems
