"""ticket codes and status-lookup failures

Every complaint gets the code residents add to its number (2026-000123-K7MQ); complaints filed
before this revision get one too (staff can read it out to the resident). Failed status lookups
are counted per complaint, and the lookup is locked for a while after too many.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 22:00:00
"""
from alembic import op
import sqlalchemy as sa

from bot.complaints.tickets import new_code

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ticket_code', sa.String(length=8), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('lookup_failures', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('lookup_locked_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('last_failed_lookup_at', sa.DateTime(timezone=True), nullable=True))
    connection = op.get_bind()
    complaints = sa.table('complaints', sa.column('id', sa.Integer), sa.column('ticket', sa.String),
                          sa.column('ticket_code', sa.String))
    for row_id, ticket in connection.execute(sa.select(complaints.c.id, complaints.c.ticket)).all():
        connection.execute(complaints.update().where(complaints.c.id == row_id).values(ticket_code=new_code(ticket)))


def downgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_column('last_failed_lookup_at')
        batch_op.drop_column('lookup_locked_until')
        batch_op.drop_column('lookup_failures')
        batch_op.drop_column('ticket_code')
