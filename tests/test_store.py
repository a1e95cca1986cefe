"""The store migrates itself, and the migrated schema is exactly the models."""

from __future__ import annotations

import bisect
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import given
from hypothesis import strategies as st

from provenance.errors import StoreError
from provenance.store.database import current_revision, head_revision, include_object, open_store
from provenance.store.model import Base
from provenance.text.matching import OffsetMap, normalize
from tests.helpers import copy_example, lint_json, run, store_url


def test_first_use_upgrades_to_head(database_url):
    store = open_store(database_url)
    assert current_revision(store) == head_revision() == "0005"
    store.close()


def test_migrated_schema_matches_the_models(database_url):
    store = open_store(database_url)
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        assert compare_metadata(context, Base.metadata) == []
    store.close()


def test_unreachable_database_is_a_clear_store_error():
    with pytest.raises(StoreError) as raised:
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert "cannot connect" in str(raised.value)


def test_the_head_revision_constant_is_alembics_head():
    from provenance.store.database import HEAD_REVISION, head_revision

    assert HEAD_REVISION == head_revision()


def test_inputs_stored_by_other_code_are_read_again(tmp_path: Path):
    """A new version may read more from the same bytes: what an older reader stored is not reused."""
    project = copy_example(tmp_path)
    _status, first = lint_json(project)
    engine = sa.create_engine(store_url(project))
    with engine.begin() as connection:
        # As an older reader that found no quotations would have left the store.
        connection.execute(sa.text("DELETE FROM quotations"))
        connection.execute(
            sa.text(
                "UPDATE store_state SET value = 'older code' WHERE name IN ('ingest-code', 'lint-code', 'lint-fingerprint')"
            )
        )
    engine.dispose()
    _status, again = lint_json(project)
    assert again["summary"]["quotations"] == first["summary"]["quotations"] > 0
    assert [f["code"] for f in again["findings"]] == [f["code"] for f in first["findings"]]


@given(st.text("ab é\u0301ﬁ\u200b  \n\t-—“”'\"。，世界\u1100\u1161ｆ１", max_size=40))
def test_a_stored_offset_map_reads_back_as_the_map_it_was(original):
    """What revision 0004 keeps per source: the runs give back every offset, and positions by value."""
    offsets = normalize(original).offsets
    stored = OffsetMap.from_bytes(offsets.to_bytes())
    assert list(stored) == list(offsets)
    assert len(stored) == len(offsets)
    values = list(offsets)
    assert [stored.index_of(value) for value in range(-1, len(original) + 2)] == [
        bisect.bisect_left(values, value) for value in range(-1, len(original) + 2)
    ]


def test_a_lint_closes_its_store_while_it_writes_the_report_and_leaves_no_log_behind(tmp_path: Path):
    project = copy_example(tmp_path)
    database = project / ".provenance" / "own.sqlite3"
    result = run(
        project,
        "lint",
        "--format",
        "json",
        "--output",
        str(project / "lint.json"),
        database_url=f"sqlite:///{database}",
    )
    assert result.exit_code == 1, result.output
    written = json.loads((project / "lint.json").read_text(encoding="utf-8"))
    assert written["summary"]["findings"] > 0
    # Closed before the command ended: SQLite copied its write-ahead log into the database and removed it.
    assert database.exists() and not database.with_name(database.name + "-wal").exists()


def test_an_error_closing_the_store_reaches_the_caller_once_the_block_ran(tmp_path: Path, monkeypatch):
    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    ran = []

    def failing() -> None:
        raise StoreError("cannot close", path="store")

    monkeypatch.setattr(store.engine, "dispose", failing)
    with pytest.raises(StoreError, match="cannot close"):
        with store.closing_meanwhile():
            ran.append(True)
    assert ran == [True] and store.closed
