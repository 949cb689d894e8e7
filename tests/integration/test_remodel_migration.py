"""Migration 0005: versions stored by the earlier parser are remodelled, comments follow.

The legacy version is written as the earlier parser stored such a text: a Russian footnote
glued to a sub-paragraph, a second list with `_dup2` eIds, the signature as a part of the act.
Comments are made on those eIds through the review service; after the migration they stand on
the provisions that now hold the same words, current, and the version reads word for word.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import select

from alatau_legal.acts import services as acts
from alatau_legal.acts import storage
from alatau_legal.acts.models import Version
from alatau_legal.acts.text import Kind, Provision, render
from alatau_legal.extensions import db
from alatau_legal.review import services as review
from alatau_legal.review.workflow import Action
from alatau_legal.search.models import SearchOutbox
from tests.support.builders import make_act
from tests.support.workflow_states import Cast, move, plan

MIGRATIONS = Path(__file__).parents[2] / "migrations" / "versions"


def _migration(name: str):
    spec = importlib.util.spec_from_file_location(f"migration_{name[:4]}", MIGRATIONS / name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _upgrade() -> None:
    """Run the migration's upgrade on the session's connection, as Alembic would: on the
    nodes' layout of its time (0013 changed it), so 0013 is downgraded around it."""
    compact = _migration("0013_compact_provision_nodes.py")
    with Operations.context(MigrationContext.configure(db.session.connection())):
        compact.downgrade()
        _migration("0005_remodel_stored_texts.py").upgrade()
        compact.upgrade()
    db.session.commit()
    db.session.expire_all()


def _legacy_tree() -> list[Provision]:
    """What the parser before 0005 made of a law's text."""
    return [
        Provision(Kind.ARTICLE, "5", heading="Права", children=[
            Provision(Kind.PARAGRAPH, "2", text="Лица вправе:", children=[
                Provision(Kind.SUBPARAGRAPH, "1", text="обращаться;"),
                Provision(Kind.SUBPARAGRAPH, "2",
                          text="получать ответ.\nСноска. Статья 5 с изменением."),
                Provision(Kind.SUBPARAGRAPH, "1", text="обжаловать;"),
                Provision(Kind.SUBPARAGRAPH, "2", text="отзывать."),
            ]),
        ]),
        Provision(Kind.PART, text="Президент Республики Казахстан\nК. ТОКАЕВ"),
    ]  # fmt: skip


def _words(text: str) -> list[str]:
    return text.replace("Сноска.", "").split()


def test_legacy_versions_are_remodelled_and_comments_follow(app):
    cast = Cast.create()
    act = make_act(cast.drafter, language="ru", title="Закон", text="Статья 5. Права\n1. Текст.")
    plan(cast, act, "domestic")
    move(cast, act, Action.SUBMIT_DOMESTIC_REVIEW)
    version = db.session.scalars(select(Version).where(Version.act_id == act.id)).one()
    legacy = _legacy_tree()
    version.top_provisions = storage.store_tree(legacy)
    version.provision_count = sum(1 for top in legacy for _ in top.walk())
    db.session.commit()
    on_dup = review.add_comment(
        cast.domestic, act.id, version=1, eid="art_5__para_2__subpara_1_dup2", body="Срок?"
    )
    on_signature = review.add_comment(cast.domestic, act.id, version=1, eid="part_1", body="Дата?")
    on_glued = review.add_comment(
        cast.domestic, act.id, version=1, eid="art_5__para_2__subpara_2", body="Ответ?"
    )
    db.session.commit()
    before = render(acts.get_version(cast.drafter, act, 1).provisions, "ru")

    _upgrade()
    storage.node_cache.clear()

    shown = acts.get_version(cast.drafter, act, 1)
    rows = [(row.eid, row.kind.value) for row in shown.flat]
    assert rows == [
        ("art_5", "article"),
        ("art_5__para_2", "paragraph"),
        ("art_5__para_2__subpara_1", "subparagraph"),
        ("art_5__para_2__subpara_2", "subparagraph"),
        ("art_5__para_2__list_2", "list"),
        ("art_5__para_2__list_2__subpara_1", "subparagraph"),
        ("art_5__para_2__list_2__subpara_2", "subparagraph"),
        ("art_5__note_1", "note"),
        ("conclusions", "conclusions"),
    ]
    # Every word stays; the footnote glued inside the list now follows the point as a note.
    assert Counter(_words(render(shown.provisions, "ru"))) == Counter(_words(before))
    eids = {c.comment.id: c.comment.eid for c in review.list_comments(cast.drafter, act)}
    assert eids == {
        on_dup.id: "art_5__para_2__list_2__subpara_1",
        on_signature.id: "conclusions",
        on_glued.id: "art_5__para_2__subpara_2",
    }
    assert not any(view.outdated for view in review.list_comments(cast.drafter, act))
    queued = db.session.scalars(
        select(SearchOutbox).where(SearchOutbox.act_id == act.id, SearchOutbox.kind == "version")
    ).all()
    assert [row.ref for row in queued][-1] == 1


def test_versions_the_current_parser_reads_alike_are_left_alone(app):
    cast = Cast.create()
    act = make_act(cast.drafter)
    version = db.session.scalars(select(Version).where(Version.act_id == act.id)).one()
    top = list(version.top_provisions)
    db.session.commit()
    _upgrade()
    assert db.session.get(Version, version.id).top_provisions == top
