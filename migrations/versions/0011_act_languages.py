"""act languages: the authentic languages of an act, a text per language per version

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-02 07:30:00.000000

Every existing act gets its drafting language as its only authentic language; existing
versions keep their text where it is (`versions.top_provisions`, the drafting language's
text), so every version stays readable without rewriting a row. Comments get the language of
the text they were made on (null: the drafting language).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('acts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('languages', sa.String(length=16), nullable=True))
    op.execute("UPDATE acts SET languages = language")
    with op.batch_alter_table('acts', schema=None) as batch_op:
        batch_op.alter_column('languages', existing_type=sa.String(length=16), nullable=False)
        batch_op.create_check_constraint(
            'drafting_language_first', "languages LIKE language || '%'"
        )

    op.create_table(
        'version_texts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('top_provisions', sa.JSON(), nullable=False),
        sa.Column('provision_count', sa.Integer(), nullable=False),
        sa.Column('last_changed', sa.JSON(), nullable=True),
        sa.Column('saved_in', sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "language IN ('en', 'ru', 'kk')", name=op.f('ck_version_texts_language')
        ),
        sa.ForeignKeyConstraint(
            ['version_id'], ['versions.id'], name=op.f('fk_version_texts_version_id_versions'),
            ondelete='RESTRICT',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_version_texts')),
        sa.UniqueConstraint(
            'version_id', 'language', name=op.f('uq_version_texts_version_id_language')
        ),
    )
    with op.batch_alter_table('version_texts', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_version_texts_version_id'), ['version_id'], unique=False
        )

    with op.batch_alter_table('review_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=2), nullable=True))


def downgrade():
    with op.batch_alter_table('review_comments', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('version_texts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_version_texts_version_id'))
    op.drop_table('version_texts')
    with op.batch_alter_table('acts', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_acts_drafting_language_first'), type_='check')
        batch_op.drop_column('languages')
