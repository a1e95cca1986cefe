"""Alembic environment: runs on the connection provenance.store.database hands over.

The tool builds its Alembic Config in code and shares its own connection
(Alembic cookbook: "Sharing a Connection with a Series of Migration Commands").
Run from the command line (``alembic -c migrations/alembic.ini upgrade head``)
it connects to ``PROVENANCE_DATABASE_URL`` instead.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from provenance.store.database import include_object
from provenance.store.model import Base

config = context.config


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = os.environ.get("PROVENANCE_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
    with engine.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
