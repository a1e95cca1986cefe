"""Opening the store: engine, sessions, and migrations the tool runs itself.

A new or old database is brought to the newest schema on first use with
Alembic, configured in code and run on the tool's own connection, so that an
installed ``provenance`` needs no ``alembic.ini`` on disk.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

import migrations
from provenance.errors import StoreError

MIGRATIONS_DIR = Path(migrations.__file__).parent

#: Text-index objects the first revision makes by raw SQL, not from the models.
TEXT_INDEX_OBJECTS = ("passage_index", "ix_passages_normalized_trgm")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic filter: leave the text index out of schema comparisons."""
    return not (name or "").startswith(TEXT_INDEX_OBJECTS)


@dataclass
class Store:
    """An opened, migrated database."""

    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: everything in it lands, or nothing does."""
        with self.sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


#: The newest migration's revision. Kept here so that opening an up-to-date store
#: needs no Alembic import; a test checks it against Alembic's own head.
HEAD_REVISION = "0002"


def open_store(url: str, *, migrate: bool = True) -> Store:
    """Connect to *url* and, unless told otherwise, upgrade it to the newest schema."""
    engine = _create_engine(url)
    store = Store(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
    if migrate and current_revision(store) != HEAD_REVISION:
        upgrade(store)
    return store


def head_revision() -> str:
    """The head as Alembic reads it from the migration scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(store: Store) -> str | None:
    try:
        with store.engine.connect() as connection:
            if not sa.inspect(connection).has_table("alembic_version"):
                return None
            return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError as error:
        raise StoreError(f"cannot read the database: {_reason(error)}",
                         path=_safe_url(store.engine.url)) from None


def upgrade(store: Store, revision: str = "head") -> None:
    from alembic import command

    config = _alembic_config()
    try:
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except SQLAlchemyError as error:
        raise StoreError(f"cannot migrate the database: {_reason(error)}",
                         path=_safe_url(store.engine.url)) from None


def _alembic_config():
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _create_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"not a database URL: {url!r}") from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = sa.create_engine(parsed)
    except (NoSuchModuleError, ImportError) as error:
        raise StoreError(f"no driver for {parsed.drivername}: {error}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        with engine.connect():
            pass
    except OperationalError as error:
        raise StoreError(f"cannot connect: {_reason(error)}", path=_safe_url(parsed)) from None
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _safe_url(url) -> str:
    return make_url(str(url)).render_as_string(hide_password=True) if not isinstance(url, str) else url


def _reason(error: SQLAlchemyError) -> str:
    return str(getattr(error, "orig", None) or error).strip().splitlines()[0]
