"""Migration 0013: a node's wording apart from its children, hashes as 16 raw bytes.

Versions saved with the layout before it (`provision_nodes(hash, kind, num, heading, text,
children)`, hex hashes, JSON children) read word for word and eId for eId after the upgrade,
and the downgrade gives back exactly those rows. Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import func, select

from alatau_legal.acts import languages as act_languages
from alatau_legal.acts import services as acts
from alatau_legal.acts import storage
from alatau_legal.acts.compare import compare
from alatau_legal.acts.models import ProvisionNode, ProvisionWording, Version
from alatau_legal.acts.text import Kind, Provision, render
from alatau_legal.extensions import db
from tests.support.builders import SAMPLE_TEXT, SAMPLE_TEXT_RU, make_act, make_user

MIGRATION = Path(__file__).parents[2] / "migrations/versions/0013_compact_provision_nodes.py"

OLD_NODES = sa.table(
    "provision_nodes",
    sa.column("hash", sa.String),
    sa.column("kind", sa.String),
    sa.column("num", sa.String),
    sa.column("heading", sa.Text),
    sa.column("text", sa.Text),
    sa.column("children", sa.JSON),
)


def _migration():
    spec = importlib.util.spec_from_file_location("migration_0013", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(step: str) -> None:
    """The migration's upgrade or downgrade on the session's connection, as Alembic runs it."""
    with Operations.context(MigrationContext.configure(db.session.connection())):
        getattr(_migration(), step)()
    db.session.commit()
    db.session.expire_all()
    storage.clear_caches()


def _old_rows() -> dict[str, tuple]:
    rows = db.session.execute(select(OLD_NODES)).all()
    return {
        row.hash: (
            row.kind, row.num, row.heading, row.text,
            row.children if isinstance(row.children, list) else json.loads(row.children),
        )
        for row in rows
    }  # fmt: skip


def _snapshot(drafter, act) -> dict:
    """Every version of the act in every language: its rows (eId, kind, content) and text."""
    db.session.refresh(act)
    seen = {}
    for number in range(1, act.current_version + 1):
        for language in act.languages:
            shown = acts.get_version(drafter, act, number, language)
            if shown.provisions:
                seen[number, language] = (
                    [(row.eid, row.kind.value, row.content) for row in shown.flat],
                    render(shown.provisions, language),
                )
    return seen


def _edit(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


def test_versions_read_identically_after_the_migration_both_ways(app):
    drafter = make_user("drafter", "compact-drafter")
    act = make_act(drafter)
    act_languages.set_languages(drafter, act, ["en", "ru"])
    db.session.commit()
    acts.save_version(
        drafter, act.id, base_version=1, text=SAMPLE_TEXT_RU, note="ru", max_chars=10**6,
        language="ru",
    )  # fmt: skip
    # A sub-paragraph changed: its paragraph, article and chapter are new nodes, same wording.
    second = _edit(SAMPLE_TEXT, "invests in", "has invested in")
    acts.save_version(drafter, act.id, base_version=2, text=second, note="e", max_chars=10**6)
    third = _edit(second, "in writing", "in writing or online")
    acts.save_version(drafter, act.id, base_version=3, text=third, note="e", max_chars=10**6)
    db.session.commit()
    before = _snapshot(drafter, act)
    assert len(before) == 7  # en in versions 1-4, ru in versions 2-4
    nodes = db.session.scalar(select(func.count()).select_from(ProvisionNode))
    wordings = db.session.scalar(select(func.count()).select_from(ProvisionWording))
    assert wordings < nodes  # the changed sub-paragraph's ancestors share their wordings
    changes = [
        (c.eid, c.change, c.diff) for c in compare(_flat(drafter, act, 2), _flat(drafter, act, 4))
    ]
    assert [eid for eid, _, _ in changes] == ["art_2__subpara_1", "art_3__para_1"]

    _run("downgrade")
    old = _old_rows()
    assert len(old) == nodes
    for key, (kind, num, heading, text, children) in old.items():
        # Each row as the code before 0013 wrote it: hex hash of its content, hex children.
        assert key == storage.node_hash(kind, num, heading, text, children)
        assert all(len(child) == 32 and child in old for child in children)
    # A version the code before 0013 writes: nodes in the old layout, some of them new.
    legacy = [
        Provision(Kind.ARTICLE, "9", heading="Transitional provisions", children=[
            Provision(Kind.PARAGRAPH, "1", text="These Rules apply from 1 January 2027."),
        ]),
    ]  # fmt: skip
    legacy_rows: dict[str, storage.StoredNode] = {}
    legacy_top = storage.hash_tree(legacy, legacy_rows)
    db.session.execute(
        OLD_NODES.insert(),
        [
            {"hash": key, "kind": node.kind, "num": node.num, "heading": node.heading,
             "text": node.text, "children": list(node.children)}
            for key, node in legacy_rows.items()
        ],
    )  # fmt: skip
    db.session.commit()

    _run("upgrade")
    assert db.session.scalar(select(func.count()).select_from(ProvisionNode)) == nodes + 2
    assert db.session.scalar(select(func.count()).select_from(ProvisionWording)) == wordings + 2
    assert _snapshot(drafter, act) == before
    again = compare(_flat(drafter, act, 2), _flat(drafter, act, 4))
    assert [(c.eid, c.change, c.diff) for c in again] == changes
    loaded = storage.load_tree(legacy_top)
    assert render(loaded, "en") == render(legacy, "en")
    assert [p.eid for p in loaded[0].walk()] == ["art_9", "art_9__para_1"]
    # Storing the same tree again finds every node: nothing is written twice.
    assert storage.store_tree(legacy) == legacy_top
    assert db.session.scalar(select(func.count()).select_from(ProvisionNode)) == nodes + 2

    # The next save after the upgrade reads on from the migrated versions.
    fourth = _edit(third, "ten business days", "five business days")
    acts.save_version(drafter, act.id, base_version=4, text=fourth, note="e", max_chars=10**6)
    db.session.commit()
    assert [row.eid for row in compare(_flat(drafter, act, 4), _flat(drafter, act, 5))] == [
        "art_3__para_2"
    ]
    top = db.session.scalar(select(Version.top_provisions).where(Version.act_id == act.id))
    assert all(len(key) == 32 for key in top)  # versions keep naming nodes by the same hashes

    # Down again: the rows the code before 0013 reads, the new version's nodes among them.
    after = _snapshot(drafter, act)
    assert len(after) == 9 and all(after[key] == before[key] for key in before)
    _run("downgrade")
    old = _old_rows()
    for key, (kind, num, heading, text, children) in old.items():
        assert key == storage.node_hash(kind, num, heading, text, children)
    _run("upgrade")
    assert _snapshot(drafter, act) == after


def _flat(drafter, act, number: int):
    return acts.get_version(drafter, act, number).flat
