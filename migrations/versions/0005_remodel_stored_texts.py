"""remodel stored texts: footnotes, conclusions, lists and wrap-ups

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 07:20:00

Versions saved before the text model knew Russian footnotes, signature blocks, a point's
wrap-up and its second list keep the structure they were read with (a footnote glued to a
sub-paragraph, `_dup2` eIds, the signature as a part). Each stored tree is read again from its
own canonical text (`acts/text/remodel.py`): the wording stays word for word, the new nodes are
added to the content-addressed store (old nodes stay, nothing is deleted), the version points at
the new tree, and every comment on an eId that moved follows it (its anchor digest is taken
again from the provision that now holds its words). Changed versions are queued for the search
index. The only schema change: the kinds a provision node may have (`ck_provision_nodes_kind`)
gain `list`, `wrap_up` and `conclusions`.

Downgrade leaves the data as it is: the remodelled trees use kinds (`list`, `wrap_up`,
`conclusions`) that code before 0005 cannot read, so going back below 0005 needs the backup
taken before upgrading.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from alatau_legal.acts.storage import node_hash
from alatau_legal.acts.text import Kind, Provision, assign_eids, flatten
from alatau_legal.acts.text.remodel import remodel

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BATCH = 500
OLD_KINDS = ("section", "chapter", "article", "paragraph", "subparagraph", "part", "annex",
             "preamble", "note")  # fmt: skip
NEW_KINDS = (*OLD_KINDS, "list", "wrap_up", "conclusions")


def _kinds_check(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")"


def _nodes_table(kinds: tuple[str, ...]) -> sa.Table:
    """provision_nodes as 0001 made it, with the kinds check given (SQLite copies it)."""
    return sa.Table(
        "provision_nodes",
        sa.MetaData(),
        sa.Column("hash", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("num", sa.String(length=32), nullable=True),
        sa.Column("heading", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("children", sa.JSON(), nullable=False),
        sa.CheckConstraint(_kinds_check(kinds), name="ck_provision_nodes_kind"),
        sa.PrimaryKeyConstraint("hash", name="pk_provision_nodes"),
    )


def _allow_kinds(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    with op.batch_alter_table("provision_nodes", copy_from=_nodes_table(old)) as batch:
        batch.drop_constraint(op.f("ck_provision_nodes_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_provision_nodes_kind"), _kinds_check(new))


acts = sa.table("acts", sa.column("id", sa.Integer), sa.column("language", sa.String))
versions = sa.table(
    "versions",
    sa.column("id", sa.Integer),
    sa.column("act_id", sa.Integer),
    sa.column("number", sa.Integer),
    sa.column("top_provisions", sa.JSON),
    sa.column("provision_count", sa.Integer),
)
nodes = sa.table(
    "provision_nodes",
    sa.column("hash", sa.String),
    sa.column("kind", sa.String),
    sa.column("num", sa.String),
    sa.column("heading", sa.Text),
    sa.column("text", sa.Text),
    sa.column("children", sa.JSON),
)
comments = sa.table(
    "review_comments",
    sa.column("id", sa.Integer),
    sa.column("act_id", sa.Integer),
    sa.column("version_number", sa.Integer),
    sa.column("eid", sa.String),
    sa.column("anchor_hash", sa.String),
)
outbox = sa.table(
    "search_outbox",
    sa.column("kind", sa.String),
    sa.column("act_id", sa.Integer),
    sa.column("ref", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def _load(bind, top: list[str]) -> list[Provision]:
    stored: dict[str, sa.Row] = {}
    level = list(dict.fromkeys(top))
    while level:
        for start in range(0, len(level), BATCH):
            chunk = level[start : start + BATCH]
            for row in bind.execute(sa.select(nodes).where(nodes.c.hash.in_(chunk))):
                stored[row.hash] = row
        level = list(
            dict.fromkeys(c for key in level for c in stored[key].children if c not in stored)
        )

    def build(key: str) -> Provision:
        row = stored[key]
        return Provision(
            Kind(row.kind), row.num, row.heading, row.text, [build(c) for c in row.children]
        )

    tree = [build(key) for key in top]
    assign_eids(tree)
    return tree


def _store(bind, tree: list[Provision]) -> list[str]:
    """Insert the nodes of `tree` that are not stored yet; return its top-level hashes."""
    rows: dict[str, dict] = {}

    def visit(provision: Provision) -> str:
        children = [visit(child) for child in provision.children]
        key = node_hash(provision.kind.value, provision.num, provision.heading, provision.text,
                        children)  # fmt: skip
        rows[key] = {
            "hash": key, "kind": provision.kind.value, "num": provision.num,
            "heading": provision.heading, "text": provision.text, "children": children,
        }  # fmt: skip
        return key

    top = [visit(provision) for provision in tree]
    keys = list(rows)
    existing: set[str] = set()
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        existing.update(bind.scalars(sa.select(nodes.c.hash).where(nodes.c.hash.in_(chunk))))
    missing = [rows[key] for key in keys if key not in existing]
    if missing:
        bind.execute(nodes.insert(), missing)
    return top


def _digest(row) -> str:
    """The anchor digest of review/services.py: the provision's wording."""
    return hashlib.sha256(json.dumps(row.content, ensure_ascii=False).encode()).hexdigest()


def upgrade():
    _allow_kinds(OLD_KINDS, NEW_KINDS)
    bind = op.get_bind()
    now = datetime.now(UTC)
    for act_id, language in bind.execute(sa.select(acts.c.id, acts.c.language)).all():
        rows = bind.execute(
            sa.select(versions.c.id, versions.c.number, versions.c.top_provisions)
            .where(versions.c.act_id == act_id)
            .order_by(versions.c.number)
        ).all()
        for version_id, number, top in rows:
            stored = _load(bind, list(top))
            tree, moved = remodel(stored, str(language))
            flat = flatten(tree)
            if [(r.eid, r.content) for r in flat] == [(r.eid, r.content) for r in flatten(stored)]:
                continue  # the current parser reads this version as it is stored
            bind.execute(
                versions.update()
                .where(versions.c.id == version_id)
                .values(top_provisions=_store(bind, tree), provision_count=len(flat))
            )
            by_eid = {row.eid: row for row in flat}
            for comment_id, eid in bind.execute(
                sa.select(comments.c.id, comments.c.eid).where(
                    comments.c.act_id == act_id, comments.c.version_number == number
                )
            ).all():
                target = by_eid.get(moved.get(eid, eid))
                if target is not None:
                    bind.execute(
                        comments.update()
                        .where(comments.c.id == comment_id)
                        .values(eid=target.eid, anchor_hash=_digest(target))
                    )
            bind.execute(
                outbox.insert().values(kind="version", act_id=act_id, ref=number, created_at=now)
            )


def downgrade():
    # The data stays remodelled (see above); the check can only narrow when no node needs it.
    bind = op.get_bind()
    in_use = bind.scalar(
        sa.select(sa.func.count()).select_from(nodes).where(nodes.c.kind.not_in(OLD_KINDS))
    )
    if not in_use:
        _allow_kinds(NEW_KINDS, OLD_KINDS)
