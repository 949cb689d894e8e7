"""search outbox

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 05:09:11.389033

The outbox starts with a row for every version and comment already saved, in the order they
were made, so an index built by `flask search sync` from an empty folder holds them all.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('act_id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['act_id'], ['acts.id'], name=op.f('fk_search_outbox_act_id_acts'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_outbox'))
    )
    op.execute(
        "INSERT INTO search_outbox (kind, act_id, ref, created_at) "
        "SELECT kind, act_id, ref, created_at FROM ("
        " SELECT 'version' AS kind, act_id, number AS ref, created_at, 0 AS tie, id FROM versions"
        " UNION ALL"
        " SELECT 'comment', act_id, id, created_at, 1, id FROM review_comments"
        ") AS saved ORDER BY created_at, tie, id"
    )


def downgrade():
    op.drop_table('search_outbox')
