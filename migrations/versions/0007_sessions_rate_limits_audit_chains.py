"""server-side sessions, rate-limit counters, audit chains per act and signed checkpoints

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-02 07:00:00

- `user_sessions`: each sign-in is a row the server can end; `users.session_generation`,
  which could only end all of a user's sessions at once, goes.
- `rate_limits`: the login limiter's counters, shared by every worker.
- The audit's one global chain becomes one chain per act (and a system chain for entries of
  no act), so that appending never serialises unrelated acts. The existing entries are
  verified under the old rule first (the upgrade stops, changing nothing, if the chain is
  already broken: re-chaining must not launder tampering), then re-linked chain by chain
  under the new rule, in their original order. `audit_head` gives way to `audit_chains`;
  `audit_checkpoints` holds the signed checkpoints. `seq` becomes an ordinary autoincrement.
"""
import hashlib
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0010'
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def _canonical_hash(fields: dict) -> str:
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _aware(value) -> datetime:
    if isinstance(value, str):  # SQLite without type processing
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _details(value):
    return json.loads(value) if isinstance(value, str) else value


def _old_entries(connection):
    return connection.execute(sa.text(
        "SELECT seq, created_at, actor_id, act_id, round_id, action, details, prev_hash, hash "
        "FROM audit_entries ORDER BY seq"
    )).all()


def _verify_old_chain(connection) -> None:
    """Before anything changes: the old global chain must hold, or nothing is migrated."""
    prev = GENESIS
    for expected, row in enumerate(_old_entries(connection), start=1):
        created_at = _aware(row.created_at)
        old = _canonical_hash({
            "seq": row.seq, "created_at": created_at.isoformat(timespec="microseconds"),
            "actor_id": row.actor_id, "act_id": row.act_id, "round_id": row.round_id,
            "action": row.action, "details": _details(row.details), "prev_hash": row.prev_hash,
        })
        if row.seq != expected or row.prev_hash != prev or old != row.hash:
            raise RuntimeError(
                f"The audit chain is broken at entry {expected} (run `flask audit verify` on "
                "the previous release); it is not re-chained, so that tampering is not hidden."
            )
        prev = row.hash


def _rechain_audit(connection) -> dict[int, tuple[int, str]]:
    """Link each entry, in its original order, into its act's chain."""
    heads: dict[int, tuple[int, str]] = {}
    for row in _old_entries(connection):
        chain = row.act_id if row.act_id is not None else 0
        last_seq, last_hash = heads.get(chain, (0, GENESIS))
        created_at = _aware(row.created_at)
        digest = _canonical_hash({
            "chain": chain, "chain_seq": last_seq + 1,
            "created_at": created_at.isoformat(timespec="microseconds"),
            "actor_id": row.actor_id, "act_id": row.act_id, "round_id": row.round_id,
            "action": row.action, "details": _details(row.details), "prev_hash": last_hash,
        })
        connection.execute(
            sa.text(
                "UPDATE audit_entries SET chain = :chain, chain_seq = :chain_seq, "
                "prev_hash = :prev_hash, hash = :hash WHERE seq = :seq"
            ),
            {"chain": chain, "chain_seq": last_seq + 1, "prev_hash": last_hash, "hash": digest,
             "seq": row.seq},
        )
        heads[chain] = (last_seq + 1, digest)
    return heads


def _rechain_globally(connection) -> None:
    """The way back: verify each act's chain, then link every entry into one chain again."""
    rows = connection.execute(sa.text(
        "SELECT seq, chain, chain_seq, created_at, actor_id, act_id, round_id, action, details, "
        "prev_hash, hash FROM audit_entries ORDER BY chain, chain_seq"
    )).all()
    heads: dict[int, tuple[int, str]] = {}
    for row in rows:
        last_seq, last_hash = heads.get(row.chain, (0, GENESIS))
        digest = _canonical_hash({
            "chain": row.chain, "chain_seq": row.chain_seq,
            "created_at": _aware(row.created_at).isoformat(timespec="microseconds"),
            "actor_id": row.actor_id, "act_id": row.act_id, "round_id": row.round_id,
            "action": row.action, "details": _details(row.details), "prev_hash": row.prev_hash,
        })
        if row.chain_seq != last_seq + 1 or row.prev_hash != last_hash or digest != row.hash:
            raise RuntimeError(
                f"The audit chain {row.chain} is broken at its entry {last_seq + 1}; it is not "
                "re-chained, so that tampering is not hidden."
            )
        heads[row.chain] = (row.chain_seq, row.hash)
    prev = GENESIS
    for expected, row in enumerate(sorted(rows, key=lambda r: r.seq), start=1):
        digest = _canonical_hash({
            "seq": expected, "created_at": _aware(row.created_at).isoformat(timespec="microseconds"),
            "actor_id": row.actor_id, "act_id": row.act_id, "round_id": row.round_id,
            "action": row.action, "details": _details(row.details), "prev_hash": prev,
        })
        connection.execute(
            sa.text("UPDATE audit_entries SET seq = :new, prev_hash = :prev, hash = :hash "
                    "WHERE seq = :seq"),
            {"new": expected, "prev": prev, "hash": digest, "seq": row.seq},
        )
        prev = digest
    connection.execute(
        sa.text("INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, :seq, :hash)"),
        {"seq": len(rows), "hash": prev},
    )


def upgrade():
    connection = op.get_bind()
    is_postgres = connection.dialect.name == "postgresql"
    _verify_old_chain(connection)  # first: SQLite does not roll DDL back

    op.create_table('user_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_user_sessions_key_hash'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)
    # Not a batch (SQLite would copy `users` and drop the original, which every foreign key
    # in the database refers to); SQLite 3.35+ drops a plain column in place.
    op.execute("ALTER TABLE users DROP COLUMN session_generation")

    op.create_table('rate_limits',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_limits'))
    )

    op.create_table('audit_chains',
    sa.Column('chain', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.Column('checkpointed_seq', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('chain', name=op.f('pk_audit_chains'))
    )
    op.create_table('audit_checkpoints',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('entries', sa.Integer(), nullable=False),
    sa.Column('heads', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('signature', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_checkpoints'))
    )

    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chain', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('chain_seq', sa.Integer(), nullable=True))
    heads = _rechain_audit(connection)
    for chain, (last_seq, last_hash) in heads.items():
        connection.execute(
            sa.text(
                "INSERT INTO audit_chains (chain, last_seq, last_hash, checkpointed_seq) "
                "VALUES (:chain, :last_seq, :last_hash, 0)"
            ),
            {"chain": chain, "last_seq": last_seq, "last_hash": last_hash},
        )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.alter_column('chain', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('chain_seq', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint('uq_audit_entries_chain_seq', ['chain', 'chain_seq'])
        batch_op.create_check_constraint(
            op.f('ck_audit_entries_chain_of_act'), 'chain = coalesce(act_id, 0)'
        )
        batch_op.create_check_constraint(
            op.f('ck_audit_entries_chain_seq_positive'), 'chain_seq >= 1'
        )
    if is_postgres:
        # What SERIAL would have made: entries now take their seq from a sequence, so that
        # writers to different chains never wait for one another.
        op.execute("CREATE SEQUENCE audit_entries_seq_seq OWNED BY audit_entries.seq")
        op.execute(
            "ALTER TABLE audit_entries ALTER COLUMN seq SET DEFAULT nextval('audit_entries_seq_seq')"
        )
        op.execute(
            "SELECT setval('audit_entries_seq_seq', COALESCE(MAX(seq), 0) + 1, false) "
            "FROM audit_entries"
        )
    # (On SQLite, `seq INTEGER ... PRIMARY KEY` is the rowid: it numbers new rows by itself.)
    op.drop_table('audit_head')


def downgrade():
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_entries ALTER COLUMN seq DROP DEFAULT")
        op.execute("DROP SEQUENCE IF EXISTS audit_entries_seq_seq")
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    _rechain_globally(connection)
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_audit_entries_chain_seq_positive'), type_='check')
        batch_op.drop_constraint(op.f('ck_audit_entries_chain_of_act'), type_='check')
        batch_op.drop_constraint('uq_audit_entries_chain_seq', type_='unique')
        batch_op.drop_column('chain_seq')
        batch_op.drop_column('chain')
    op.drop_table('audit_checkpoints')
    op.drop_table('audit_chains')
    op.drop_table('rate_limits')
    op.add_column(
        'users', sa.Column('session_generation', sa.Integer(), server_default='1', nullable=False)
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))
    op.drop_table('user_sessions')
