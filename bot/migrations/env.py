"""Alembic environment: the URL comes from the caller (bot.storage.migrate)."""
from alembic import context
from sqlalchemy import create_engine

import bot.complaints.models  # noqa: F401  (registers the tables)
import bot.feedback  # noqa: F401
import bot.unanswered  # noqa: F401
import bot.complaints.phone_vault  # noqa: F401
import bot.handoff.models  # noqa: F401
import bot.notify.models  # noqa: F401
import bot.complaints.attachments  # noqa: F401
import bot.complaints.api_keys  # noqa: F401
from bot.storage import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
