"""provision references

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-02 07:50:00

The references found in each version's text, stored per version and language, and every
provision each one names (one row per provision of a list or range), so that "what refers to
this provision" is a query. Versions are immutable, so the references of every version saved
before this migration are computed here, once, from the stored provision trees.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'provision_references',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('source_eid', sa.String(length=255), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('target_eid', sa.String(length=255), nullable=True),
        sa.Column('targets', sa.JSON(), nullable=False),
        sa.Column('external', sa.Text(), nullable=True),
        sa.Column('external_iri', sa.String(length=255), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "status IN ('resolved', 'broken', 'external')",
            name=op.f('ck_provision_references_reference_status'),
        ),
        sa.ForeignKeyConstraint(
            ['version_id'], ['versions.id'],
            name=op.f('fk_provision_references_version_id_versions'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_provision_references')),
        sa.UniqueConstraint(
            'version_id', 'language', 'position',
            name=op.f('uq_provision_references_version_id_language_position'),
        ),
    )
    op.create_index(
        op.f('ix_provision_references_version_id'), 'provision_references', ['version_id'],
        unique=False,
    )
    op.create_table(
        'reference_targets',
        sa.Column('reference_id', sa.Integer(), nullable=False),
        sa.Column('target_eid', sa.String(length=255), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['reference_id'], ['provision_references.id'],
            name=op.f('fk_reference_targets_reference_id_provision_references'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['version_id'], ['versions.id'],
            name=op.f('fk_reference_targets_version_id_versions'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('reference_id', 'target_eid', name=op.f('pk_reference_targets')),
    )
    op.create_index(
        'ix_reference_targets_version_target', 'reference_targets', ['version_id', 'target_eid'],
        unique=False,
    )
    with op.batch_alter_table('versions') as batch_op:
        batch_op.add_column(sa.Column('renumbered', sa.JSON(), nullable=True))
    _compute_existing()


def _compute_existing():
    """The references of every version already saved, in its act's language."""
    from alatau_legal.acts.text import Kind, Provision, assign_eids
    from alatau_legal.acts.text.references import external_iri, references_of

    bind = op.get_bind()
    versions = bind.execute(sa.text(
        'SELECT versions.id, versions.top_provisions, acts.language FROM versions '
        'JOIN acts ON acts.id = versions.act_id ORDER BY versions.id'
    )).all()
    if not versions:
        return
    nodes = {
        row.hash: row
        for row in bind.execute(sa.text(
            'SELECT hash, kind, num, heading, text, children FROM provision_nodes'
        ))
    }
    references = sa.table(
        'provision_references', sa.column('id', sa.Integer), sa.column('version_id', sa.Integer),
        sa.column('language', sa.String), sa.column('position', sa.Integer),
        sa.column('source_eid', sa.String), sa.column('text', sa.Text),
        sa.column('target_eid', sa.String), sa.column('targets', sa.JSON),
        sa.column('external', sa.Text), sa.column('external_iri', sa.String),
        sa.column('status', sa.String),
    )
    targets = sa.table(
        'reference_targets', sa.column('reference_id', sa.Integer),
        sa.column('target_eid', sa.String), sa.column('version_id', sa.Integer),
    )

    def build(key):
        row = nodes[key]
        children = row.children if isinstance(row.children, list) else __import__('json').loads(row.children)
        return Provision(Kind(row.kind), row.num, row.heading or '', row.text or '',
                         [build(child) for child in children])

    next_id = (bind.execute(sa.text('SELECT MAX(id) FROM provision_references')).scalar() or 0) + 1
    for version_id, top, language in versions:
        top = top if isinstance(top, list) else __import__('json').loads(top)
        tree = [build(key) for key in top]
        assign_eids(tree)
        language = getattr(language, 'value', language)
        reference_rows, target_rows = [], []
        for position, resolved in enumerate(references_of(tree, language)):
            reference = resolved.reference
            reference_rows.append({
                'id': next_id, 'version_id': version_id, 'language': language,
                'position': position, 'source_eid': resolved.source,
                'text': reference.text[:4000], 'target_eid': resolved.target,
                'targets': [eid for eid in resolved.targets if eid] if reference.internal else [],
                'external': reference.external,
                'external_iri': external_iri(reference.external) if reference.external else None,
                'status': resolved.status,
            })
            target_rows += [
                {'reference_id': next_id, 'target_eid': eid, 'version_id': version_id}
                for eid in dict.fromkeys(resolved.covered)
            ]
            next_id += 1
        if reference_rows:
            op.bulk_insert(references, reference_rows)
        if target_rows:
            op.bulk_insert(targets, target_rows)
    if bind.dialect.name == 'postgresql':
        bind.execute(sa.text(
            "SELECT setval(pg_get_serial_sequence('provision_references', 'id'), "
            "(SELECT MAX(id) FROM provision_references))"
        ))


def downgrade():
    with op.batch_alter_table('versions') as batch_op:
        batch_op.drop_column('renumbered')
    op.drop_index('ix_reference_targets_version_target', table_name='reference_targets')
    op.drop_table('reference_targets')
    op.drop_index(op.f('ix_provision_references_version_id'), table_name='provision_references')
    op.drop_table('provision_references')
