"""Shared fixtures: a real SQLite file always, a real PostgreSQL database when given.

PostgreSQL tests run when ``PROVENANCE_TEST_POSTGRES_URL`` points at a server
(any database on it; each test session creates and drops its own database).
With ``PROVENANCE_TEST_BACKEND=postgresql`` as well, every test's CLI runs use a
fresh PostgreSQL database as their default store, so the whole suite runs on it.
Without a server they are skipped with a reason, and the run's summary says so in
one line; with ``PROVENANCE_REQUIRE_POSTGRES=1`` (CI) a missing server fails.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import settings

from tests.helpers import DEFAULT_STORE_ENV

POSTGRES_ENV = "PROVENANCE_TEST_POSTGRES_URL"
REQUIRE_ENV = "PROVENANCE_REQUIRE_POSTGRES"
BACKEND_ENV = "PROVENANCE_TEST_BACKEND"
_postgres_ran: list[str] = []

# CI runs the property tests on a fixed sequence of examples (a red build must be
# reproducible) and without per-example deadlines (CI machines are shared).
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get(REQUIRE_ENV) == "1":
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        message = f"PostgreSQL not tested: set {POSTGRES_ENV}"
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture(scope="session")
def postgres_database(postgres_server_url: str):
    """A fresh database on the server, dropped at the end of the session."""
    name = f"provenance_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"PostgreSQL at {postgres_server_url} unreachable: {error}")
        pytest.skip(f"PostgreSQL at {postgres_server_url} unreachable")
    url = sa.engine.make_url(postgres_server_url).set(database=name)
    yield url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(
            sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"), {"name": name}
        )
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path: Path) -> str:
    """Each test that takes this runs once on a SQLite file and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    base = request.getfixturevalue("postgres_database")
    _postgres_ran.append(request.node.nodeid)
    _reset_postgres(base)
    return base


@pytest.fixture(autouse=True)
def default_store(request, monkeypatch) -> None:
    """With PROVENANCE_TEST_BACKEND=postgresql, every CLI run defaults to a fresh PostgreSQL store."""
    if os.environ.get(BACKEND_ENV) != "postgresql":
        return
    url = request.getfixturevalue("postgres_database")
    _reset_postgres(url)
    _postgres_ran.append(request.node.nodeid)
    monkeypatch.setenv(DEFAULT_STORE_ENV, url)


def _reset_postgres(url: str) -> None:
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def pytest_terminal_summary(terminalreporter) -> None:
    if _postgres_ran:
        backend = "the default store of every CLI run" if os.environ.get(BACKEND_ENV) == "postgresql" else "a store"
        terminalreporter.write_line(f"PostgreSQL: {len(set(_postgres_ran))} tests used a real server as {backend}")
    else:
        terminalreporter.write_line(f"PostgreSQL: NOT TESTED (set {POSTGRES_ENV} to a server URL)")
