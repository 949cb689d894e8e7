"""provision kinds: a code's "параграф" (`subchapter`)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 14:00:00

The text model reads "Параграф 1." / "1-параграф." inside a chapter as a heading of its own,
kind `subchapter` (Akoma Ntoso `subchapter`, eId `chp_2__subchp_1`). The only change: the
kinds a provision node may have (`ck_provision_nodes_kind`) gain `subchapter`. Stored versions
are not re-read: a version saved before keeps such a line as a part of its chapter (it stays
readable as it was), and the next save reads it as a subchapter; articles keep their eIds.

Downgrade restores the check and fails if a stored node is a subchapter (code before this
revision cannot read one).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

OLD_KINDS = ("section", "chapter", "article", "paragraph", "subparagraph", "part", "annex",
             "preamble", "note", "list", "wrap_up", "conclusions")  # fmt: skip
NEW_KINDS = (*OLD_KINDS, "subchapter")


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


def upgrade():
    _allow_kinds(OLD_KINDS, NEW_KINDS)


def downgrade():
    _allow_kinds(NEW_KINDS, OLD_KINDS)
