"""phone references

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 11:34:43.858039
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('phone_expected',
    sa.Column('sender_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sender_hash')
    )
    op.create_table('phone_references',
    sa.Column('ref', sa.String(length=32), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('ref')
    )
    with op.batch_alter_table('phone_references', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phone_references_created_at'), ['created_at'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('phone_references', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phone_references_created_at'))

    op.drop_table('phone_references')
    op.drop_table('phone_expected')

