"""Opening the store: engine, sessions, and migrations the tool runs itself.

A new or old database is brought to the newest schema on first use with
Alembic, configured in code and run on the tool's own connection, so that an
installed ``provenance`` needs no ``alembic.ini`` on disk.

Several lints may share one store, and any of them may be killed at any moment.
So every writing transaction takes the store's write lock when it begins
(SQLite: ``BEGIN IMMEDIATE`` in WAL mode, waiting up to a busy timeout;
PostgreSQL: a transaction-level advisory lock), and a migration is one such
transaction: the schema and its version land together, once, or not at all.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

import migrations
from provenance.domain.findings import encode_json
from provenance.errors import StoreError

MIGRATIONS_DIR = Path(migrations.__file__).parent

#: Text-index objects revision 0001 made by raw SQL, not from the models (0003 drops them).
TEXT_INDEX_OBJECTS = ("passage_index", "ix_passages_normalized_trgm")

#: How long a writer waits for another to finish (a cold lint of a large project takes a while).
BUSY_TIMEOUT_SECONDS = 600
#: The PostgreSQL advisory lock key of the store's write lock (any constant shared by all writers).
WRITE_LOCK_KEY = 0x70726F76  # "prov"
#: Execution option marking a connection whose transactions write.
WRITES = "provenance_writes"


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic filter: leave the text index out of schema comparisons."""
    return not (name or "").startswith(TEXT_INDEX_OBJECTS)


@dataclass
class Store:
    """An opened, migrated database."""

    engine: Engine
    #: Sessions for reading: they take no lock, so readers never wait for a writer.
    sessions: sessionmaker[Session]
    writing: sessionmaker[Session]
    closed: bool = False

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work holding the write lock: everything in it lands, or nothing does."""
        with _unit(self.writing, "write", self.engine) as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A consistent snapshot to read from, without the write lock."""
        with _unit(self.sessions, "read", self.engine) as session:
            yield session

    def close(self) -> None:
        self.closed = True
        self.engine.dispose()

    @contextmanager
    def closing_meanwhile(self) -> Iterator[None]:
        """Close the store while the block runs: the block must not use it.

        Closing a SQLite store that was written copies its write-ahead log into the
        database file and waits for the disk to have it: a tenth of a second after a
        lint re-checked one manuscript of a large book, which writing its report can
        use. The block ends with the store closed, or with the error closing it raised.
        """
        failed: list[BaseException] = []

        def close() -> None:
            try:
                self.close()
            except BaseException as error:  # raised again below, in the thread that asked
                failed.append(error)

        closing = threading.Thread(target=close, name="store-close")
        closing.start()
        try:
            yield
        finally:
            closing.join()
        if failed:
            raise failed[0]


@contextmanager
def _unit(sessions: sessionmaker[Session], verb: str, engine: Engine) -> Iterator[Session]:
    """A transaction whose database errors (a corrupt page, a full disk) are one StoreError line, not a traceback."""
    try:
        with sessions.begin() as session:
            yield session
    except DBAPIError as error:
        raise StoreError(f"cannot {verb} the database: {_reason(error)}", path=_safe_url(engine.url)) from None


#: The newest migration's revision. Kept here so that opening an up-to-date store
#: needs no Alembic import; a test checks it against Alembic's own head.
HEAD_REVISION = "0005"


def open_store(url: str, *, migrate: bool = True) -> Store:
    """Connect to *url* and, unless told otherwise, upgrade it to the newest schema."""
    engine = _create_engine(url)
    store = Store(
        engine=engine,
        sessions=sessionmaker(engine, expire_on_commit=False),
        writing=sessionmaker(engine.execution_options(**{WRITES: True}), expire_on_commit=False),
    )
    if migrate and current_revision(store) != HEAD_REVISION:
        upgrade(store)
    return store


def new_sqlite_store(url: str) -> list[Path] | None:
    """For a SQLite file that does not exist yet: what opening it will create (file, then new folders)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(parsed.database).absolute()
    if path.exists():
        return None
    return [path, *(folder for folder in path.parents if not folder.exists())]


def remove_sqlite_store(created: list[Path]) -> None:
    """Undo new_sqlite_store's creation: the file, its WAL companions, the folders made for it (if empty)."""
    path, *folders = created
    # Best effort: the error that stopped the run is the one to report, not a failed cleanup.
    for companion in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with suppress(OSError):
            companion.unlink(missing_ok=True)
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:  # not empty: something else lives there now
            break


def head_revision() -> str:
    """The head as Alembic reads it from the migration scripts."""
    from alembic.script import ScriptDirectory  # on use: Alembic costs about 190 ms of start-up

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None  # the migrations ship with the package
    return head


def current_revision(store: Store) -> str | None:
    try:
        with store.engine.connect() as connection:
            if not sa.inspect(connection).has_table("alembic_version"):
                return None
            return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError as error:
        raise StoreError(f"cannot read the database: {_reason(error)}", path=_safe_url(store.engine.url)) from None


def upgrade(store: Store, revision: str = "head") -> None:
    """Migrate under the write lock: a second process waits, then finds nothing left to do."""
    _migrate(store, "upgrade", revision)


def downgrade(store: Store, revision: str) -> None:
    _migrate(store, "downgrade", revision)


def _migrate(store: Store, direction: str, revision: str) -> None:
    from alembic import command  # on use: a warm run never migrates (see head_revision)

    config = alembic_config()
    try:
        with store.engine.execution_options(**{WRITES: True}).begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, direction)(config, revision)
    except SQLAlchemyError as error:
        raise StoreError(f"cannot migrate the database: {_reason(error)}", path=_safe_url(store.engine.url)) from None


def alembic_config():
    from alembic.config import Config as AlembicConfig  # on use (see head_revision)

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _create_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"not a database URL: {url!r}") from None
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite and parsed.database not in (None, "", ":memory:"):
        folder = Path(parsed.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise StoreError("the store's folder is a file", path=str(folder)) from None
        except OSError as error:
            raise StoreError(f"cannot create the store's folder: {error.strerror}", path=str(folder)) from None
    try:
        engine = sa.create_engine(
            parsed,
            # JSON columns hold text as the JSON report writes it, so that a report can copy stored evidence.
            json_serializer=encode_json,
            **({"connect_args": {"timeout": BUSY_TIMEOUT_SECONDS}} if sqlite else {}),
        )
    except (NoSuchModuleError, ImportError) as error:
        raise StoreError(f"no driver for {parsed.drivername}: {error}") from None
    if sqlite:
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "begin", _postgresql_begin)
    try:
        with engine.connect():
            pass
    except DBAPIError as error:
        raise StoreError(f"cannot connect: {_reason(error)}", path=_safe_url(parsed)) from None
    return engine


def _sqlite_connect(dbapi_connection, _record) -> None:
    # The driver's own transaction handling is off (it would run DDL outside any
    # transaction); _sqlite_begin emits BEGIN itself (SQLAlchemy's pysqlite recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    _retry_while_locked(lambda: cursor.execute("PRAGMA journal_mode = WAL"))
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _retry_while_locked(statement: Callable[[], object]) -> None:
    """Run *statement*, retrying while SQLite says the database is locked, up to the busy timeout.

    Switching a new file to WAL needs it to itself for a moment, and when
    another lint holds a lock then (creating or first writing the same new
    store) SQLite answers "database is locked" at once, without waiting out
    the busy timeout it applies to transactions.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    pause = 0.01
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as error:
            if ("locked" not in str(error) and "busy" not in str(error)) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def _sqlite_begin(connection) -> None:
    # A writer takes the lock up front: a reader that later tried to write would
    # fail at once with "database is locked" instead of waiting its turn.
    connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get(WRITES) else "BEGIN")


def _postgresql_begin(connection) -> None:
    if connection.get_execution_options().get(WRITES):
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


def _safe_url(url) -> str:
    return make_url(str(url)).render_as_string(hide_password=True) if not isinstance(url, str) else url


def _reason(error: SQLAlchemyError) -> str:
    return str(getattr(error, "orig", None) or error).strip().splitlines()[0]
