"""compact provision nodes: a node's wording apart from its children, hashes as 16 raw bytes

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 17:00:00

Before: `provision_nodes(hash, kind, num, heading, text, children)`, the hash as 32 hexadecimal
characters and the children as a JSON list of them, so an article whose paragraph changed was
stored again with its heading and text, and every hash took 33-35 bytes.

After: `provision_wordings(hash, kind, num, heading, text)`, one row per distinct wording, and
`provision_nodes(hash, wording, children)`, the children as their 16-byte hashes one after
another; every hash is 16 bytes (PostgreSQL `uuid`, SQLite a blob). A node's hash is the same
value as before (BLAKE2b-128 of `[kind, num, heading, text, children]`), so the versions'
top-level hashes, the audit chain's text roots and everything that names a node stay valid;
only its storage changes. A wording's hash is BLAKE2b-128 of `[kind, num, heading, text]`.

Both directions copy every node in batches (keyset order by hash) and check nothing away: the
downgrade rebuilds the old rows from a node and its wording, the same values.
"""

from __future__ import annotations

import hashlib
import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

BATCH = 500
KINDS = ("section", "chapter", "article", "paragraph", "subparagraph", "part", "annex",
         "preamble", "note", "list", "wrap_up", "conclusions", "subchapter")  # fmt: skip
KINDS_CHECK = "kind IN (" + ", ".join(f"'{kind}'" for kind in KINDS) + ")"


def _hash_type(dialect: str):
    return postgresql.UUID(as_uuid=False) if dialect == "postgresql" else sa.LargeBinary(16)


def _to_db(key: str, dialect: str):
    """A hexadecimal hash as the new column stores it."""
    if dialect == "postgresql":
        return key  # psycopg casts the 32 hexadecimal characters to uuid
    return bytes.fromhex(key)


def _from_db(value) -> str:
    """A hash of the new columns as 32 hexadecimal characters."""
    if isinstance(value, str):  # PostgreSQL uuid read as text: with hyphens
        return value.replace("-", "")
    return bytes(value).hex()


def _children_to_db(children: list[str]) -> bytes:
    return b"".join(bytes.fromhex(key) for key in children)


def _children_from_db(value) -> list[str]:
    raw = bytes(value)
    return [raw[start : start + 16].hex() for start in range(0, len(raw), 16)]


def _wording_hash(kind: str, num: str | None, heading: str, text: str) -> str:
    canonical = json.dumps([kind, num, heading, text], ensure_ascii=False)
    return hashlib.blake2b(canonical.encode(), digest_size=16).hexdigest()


def _old_nodes(name: str) -> sa.Table:
    """provision_nodes as 0001-0012 made it (under `name`)."""
    return sa.Table(
        name,
        sa.MetaData(),
        sa.Column("hash", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("num", sa.String(length=32), nullable=True),
        sa.Column("heading", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("children", sa.JSON(), nullable=False),
        sa.CheckConstraint(KINDS_CHECK, name="ck_provision_nodes_kind"),
        sa.PrimaryKeyConstraint("hash", name="pk_provision_nodes"),
    )


def _new_tables(dialect: str) -> tuple[sa.Table, sa.Table]:
    metadata = sa.MetaData()
    wordings = sa.Table(
        "provision_wordings",
        metadata,
        sa.Column("hash", _hash_type(dialect), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("num", sa.String(length=32), nullable=True),
        sa.Column("heading", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint(KINDS_CHECK, name="ck_provision_wordings_kind"),
        sa.PrimaryKeyConstraint("hash", name="pk_provision_wordings"),
    )
    nodes = sa.Table(
        "provision_nodes",
        metadata,
        sa.Column("hash", _hash_type(dialect), nullable=False),
        sa.Column("wording", _hash_type(dialect), nullable=False),
        sa.Column("children", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["wording"],
            ["provision_wordings.hash"],
            name="fk_provision_nodes_wording_provision_wordings",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("hash", name="pk_provision_nodes"),
    )
    return wordings, nodes


def _set_aside(table: str, pk: str) -> None:
    """Rename `table` to `<table>_old` (and its primary key, which PostgreSQL names schema-wide)."""
    op.rename_table(table, f"{table}_old")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f'ALTER TABLE "{table}_old" RENAME CONSTRAINT "{pk}" TO "{pk}_old"')


def _batches(bind, table: sa.Table, columns):
    """The rows of `table` in batches, in order of its hash (keyset pagination)."""
    last = None
    while True:
        query = sa.select(*columns).order_by(table.c.hash).limit(BATCH)
        if last is not None:
            query = query.where(table.c.hash > last)
        rows = bind.execute(query).all()
        if not rows:
            return
        yield rows
        last = rows[-1].hash


def upgrade():
    bind = op.get_bind()
    dialect = bind.dialect.name
    _set_aside("provision_nodes", "pk_provision_nodes")
    old = _old_nodes("provision_nodes_old")
    wordings, nodes = _new_tables(dialect)
    wordings.create(bind)
    nodes.create(bind)
    seen: set[str] = set()  # wordings written (a few hundred thousand hashes at most)
    for rows in _batches(bind, old, list(old.c)):
        wording_rows, node_rows = [], []
        for row in rows:
            children = row.children if isinstance(row.children, list) else json.loads(row.children)
            wording = _wording_hash(row.kind, row.num, row.heading, row.text)
            if wording not in seen:
                seen.add(wording)
                wording_rows.append({
                    "hash": _to_db(wording, dialect), "kind": row.kind, "num": row.num,
                    "heading": row.heading, "text": row.text,
                })  # fmt: skip
            node_rows.append({
                "hash": _to_db(row.hash, dialect), "wording": _to_db(wording, dialect),
                "children": _children_to_db(children),
            })  # fmt: skip
        if wording_rows:
            bind.execute(wordings.insert(), wording_rows)
        bind.execute(nodes.insert(), node_rows)
    op.drop_table("provision_nodes_old")


def downgrade():
    bind = op.get_bind()
    dialect = bind.dialect.name
    _set_aside("provision_nodes", "pk_provision_nodes")
    wordings, _ = _new_tables(dialect)
    nodes = sa.Table(
        "provision_nodes_old",
        sa.MetaData(),
        sa.Column("hash", _hash_type(dialect)),
        sa.Column("wording", _hash_type(dialect)),
        sa.Column("children", sa.LargeBinary()),
    )
    old = _old_nodes("provision_nodes")
    old.create(bind)
    joined = nodes.join(wordings, wordings.c.hash == nodes.c.wording)
    columns = [nodes.c.hash, nodes.c.children, wordings.c.kind, wordings.c.num,
               wordings.c.heading, wordings.c.text]  # fmt: skip
    last = None
    while True:
        query = sa.select(*columns).select_from(joined).order_by(nodes.c.hash).limit(BATCH)
        if last is not None:
            query = query.where(nodes.c.hash > last)
        rows = bind.execute(query).all()
        if not rows:
            break
        bind.execute(old.insert(), [
            {"hash": _from_db(row.hash), "kind": row.kind, "num": row.num,
             "heading": row.heading, "text": row.text,
             "children": _children_from_db(row.children)}
            for row in rows
        ])  # fmt: skip
        last = rows[-1].hash
    op.drop_table("provision_nodes_old")
    op.drop_table("provision_wordings")
