"""meetings: start time and place; agenda items: moved or taken off, with the reason

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 07:00:00

An undecided agenda item of an act that has already left committee review (approved,
withdrawn or returned without a decision, as the old transitions route allowed) is taken off
its agenda, so the act can be put on a meeting again and nothing offers a decision on it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0009'
branch_labels = None
depends_on = None

REMOVAL = sa.Enum(
    'moved', 'taken_off', 'act_withdrawn', 'act_returned', name='agenda_removal',
    native_enum=False, create_constraint=True, length=32,
)


def upgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('start_time', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('place', sa.String(length=300), server_default='', nullable=False))

    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removed', REMOVAL, nullable=True))
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('removed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('removal_reason', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('moved_to_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_agenda_items_removed_by_id_users'), 'users', ['removed_by_id'], ['id'], ondelete='RESTRICT')
        batch_op.create_foreign_key(batch_op.f('fk_agenda_items_moved_to_id_agenda_items'), 'agenda_items', ['moved_to_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(op.f('ck_agenda_items_decided_or_removed'), 'decision IS NULL OR removed_at IS NULL')
        batch_op.drop_constraint('uq_agenda_items_meeting_act', type_='unique')
        batch_op.drop_index('uq_agenda_items_pending_act')

    # Items left waiting for an act that is no longer in committee review.
    op.execute(
        "UPDATE agenda_items SET removed = CASE (SELECT status FROM acts WHERE acts.id = agenda_items.act_id)"
        " WHEN 'drafting' THEN 'act_returned' WHEN 'withdrawn' THEN 'act_withdrawn' ELSE 'taken_off' END,"
        " removed_at = CURRENT_TIMESTAMP,"
        " removal_reason = 'The act left committee review without a decision of this meeting.'"
        " WHERE decision IS NULL AND act_id IN (SELECT id FROM acts WHERE status <> 'committee_review')"
    )

    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index('uq_agenda_items_meeting_act', ['meeting_id', 'act_id'], unique=True, sqlite_where=sa.text('removed_at IS NULL'), postgresql_where=sa.text('removed_at IS NULL'))
        batch_op.create_index('uq_agenda_items_pending_act', ['act_id'], unique=True, sqlite_where=sa.text('decision IS NULL AND removed_at IS NULL'), postgresql_where=sa.text('decision IS NULL AND removed_at IS NULL'))


def downgrade():
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index('uq_agenda_items_pending_act')
        batch_op.drop_index('uq_agenda_items_meeting_act')
    # Items that left an agenda are history the old schema cannot hold.
    op.execute("DELETE FROM agenda_items WHERE removed_at IS NOT NULL")
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index('uq_agenda_items_pending_act', ['act_id'], unique=True, sqlite_where=sa.text('decision IS NULL'), postgresql_where=sa.text('decision IS NULL'))
        batch_op.create_unique_constraint('uq_agenda_items_meeting_act', ['meeting_id', 'act_id'])
        batch_op.drop_constraint(op.f('ck_agenda_items_decided_or_removed'), type_='check')
        # The enum's own check names the column; SQLite's copy of the table must lose it first.
        batch_op.drop_constraint(op.f('ck_agenda_items_agenda_removal'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_agenda_items_moved_to_id_agenda_items'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_agenda_items_removed_by_id_users'), type_='foreignkey')
        batch_op.drop_column('moved_to_id')
        batch_op.drop_column('removal_reason')
        batch_op.drop_column('removed_by_id')
        batch_op.drop_column('removed_at')
        batch_op.drop_column('removed')

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_column('place')
        batch_op.drop_column('start_time')
