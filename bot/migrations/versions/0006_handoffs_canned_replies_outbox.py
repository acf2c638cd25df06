"""the staff inbox (handoffs, their messages, canned replies), the notification outbox and opt-outs,
where a complaint's resident agreed to be told

Revision ID: 0006
Revises: 0007 (written as 0005 → 0006; photos-24 reached main first with 0007 on 0005, so this one follows it: one head)
Create Date: 2026-12-07 01:40:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('handoffs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('conversation_id', sa.String(length=160), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('topic', sa.String(length=64), nullable=False),
    sa.Column('department', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('visible_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('staff_name', sa.String(length=64), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.create_index('ix_handoffs_conversation_state', ['conversation_id', 'state'], unique=False)
        batch_op.create_index('ix_handoffs_queue', ['department', 'state', 'requested_at'], unique=False)
    op.create_table('handoff_messages',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('handoff_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('author', sa.String(length=16), nullable=False),
    sa.Column('staff_name', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['handoff_id'], ['handoffs.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('handoff_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoff_messages_handoff_id'), ['handoff_id'], unique=False)
    op.create_table('canned_replies',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('department', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('message_id', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('recipient', sa.String(length=160), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('message_id')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_due', ['sent_at', 'next_attempt_at'], unique=False)
        batch_op.create_index('ix_outbox_recipient', ['channel', 'recipient'], unique=False)
    op.create_table('notification_optouts',
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('recipient', sa.String(length=160), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('channel', 'recipient')
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notify_to', sa.String(length=160), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_column('notify_to')
    op.drop_table('notification_optouts')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_recipient')
        batch_op.drop_index('ix_outbox_due')
    op.drop_table('outbox')
    op.drop_table('canned_replies')
    with op.batch_alter_table('handoff_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoff_messages_handoff_id'))
    op.drop_table('handoff_messages')
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.drop_index('ix_handoffs_queue')
        batch_op.drop_index('ix_handoffs_conversation_state')
    op.drop_table('handoffs')
