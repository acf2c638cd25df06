"""questions of the unanswered queue staff attached to a FAQ row (issue 25, staff teach the bot)

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-10 10:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('question_resolutions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('faq_id', sa.String(length=64), nullable=False),
    sa.Column('teaching', sa.String(length=80), nullable=False),
    sa.Column('resolved_by', sa.String(length=64), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kind', 'item_id', name='uq_question_resolutions_item')
    )
    with op.batch_alter_table('question_resolutions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_resolutions_teaching'), ['teaching'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('question_resolutions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_resolutions_teaching'))
    op.drop_table('question_resolutions')
