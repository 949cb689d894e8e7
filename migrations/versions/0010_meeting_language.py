"""meeting language: the language a meeting's minutes are written in

Revision ID: 0010
Revises: 0004
Create Date: 2026-12-01 10:00:00.000000

Existing meetings get Russian, the language the committee's minutes were kept in.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0005'
branch_labels = None
depends_on = None

LANGUAGE = sa.Enum(
    'en', 'ru', 'kk', name='meeting_language', native_enum=False, create_constraint=True,
    length=32,
)


def upgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('language', LANGUAGE, nullable=False, server_default='ru')
        )


def downgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_meetings_meeting_language'), type_='check')
        batch_op.drop_column('language')
