"""Alembic environment: runs on the connection `data_access.migrate` hands over."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import data_access.models  # noqa: F401  (registers every table on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from data_access.db import engine_for

        url = config.get_main_option("sqlalchemy.url") or ""
        with engine_for(url).begin() as new_connection:
            _run(new_connection)
        return
    _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("streetdash migrations run online only: use `streetdash migrate`")
run_migrations_online()
