"""Migration 0006 on SQLite and PostgreSQL: it creates what the models declare (nothing left for
autogenerate to find), goes down and up again, and leaves one head."""
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from bot.storage import MIGRATIONS, Base, migrate

import bot.complaints.api_keys  # noqa: F401  (every model on the metadata, as env.py has them)
import bot.complaints.attachments  # noqa: F401
import bot.complaints.phone_vault  # noqa: F401
import bot.feedback  # noqa: F401
import bot.handoff.models  # noqa: F401
import bot.notify.models  # noqa: F401
import bot.unanswered  # noqa: F401


def config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def test_one_head_and_the_models_match_after_upgrade_down_and_up(database_url):
    assert len(ScriptDirectory.from_config(config(database_url)).get_heads()) == 1
    migrate(database_url)
    engine = create_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    ours = [d for d in differences if any(name in str(d) for name in
                                          ("handoff", "canned", "outbox", "optout", "notify_to"))]
    assert ours == []
    command.downgrade(config(database_url), "0007")
    assert "handoffs" not in inspect(engine).get_table_names()
    command.upgrade(config(database_url), "head")
    assert {"handoffs", "handoff_messages", "canned_replies", "outbox", "notification_optouts"} <= set(
        inspect(engine).get_table_names())
    engine.dispose()
