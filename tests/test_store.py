"""The store migrates itself, and the migrated schema is exactly the models."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from provenance.errors import StoreError
from provenance.model import Base
from provenance.search import candidate_passages
from provenance.store import current_revision, head_revision, include_object, open_store


def test_first_use_upgrades_to_head(database_url):
    store = open_store(database_url)
    assert current_revision(store) == head_revision() == "0002"
    store.close()


def test_migrated_schema_matches_the_models(database_url):
    store = open_store(database_url)
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        assert compare_metadata(context, Base.metadata) == []
    store.close()


def test_passage_text_index_answers_substring_queries(database_url):
    store = open_store(database_url)
    with store.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO input_files (id, path, kind, content_hash, ingested_at) "
            "VALUES (1, 's.md', 'source', 'h', CURRENT_TIMESTAMP)"))
        connection.execute(sa.text(
            "INSERT INTO sources (id, input_file_id, path, text, content_hash) VALUES (1, 1, 's.md', 't', 'h')"))
        connection.execute(sa.text(
            "INSERT INTO passages (source_id, start, \"end\", line, normalized) VALUES "
            "(1, 0, 10, 1, 'innovation is the soul of national progress'), "
            "(1, 11, 20, 3, '科技创新成为国际战略博弈的主要战场')"))
    with store.sessions() as session:
        assert [p.line for p in candidate_passages(session, ["soul of national"])] == [1]
        assert [p.line for p in candidate_passages(session, ["国际战略博弈"])] == [3]
        assert candidate_passages(session, ["not in any passage"]) == []
    store.close()


def test_unreachable_database_is_a_clear_store_error():
    with pytest.raises(StoreError) as raised:
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert "cannot connect" in str(raised.value)


def test_the_head_revision_constant_is_alembics_head():
    from provenance.store import HEAD_REVISION, head_revision

    assert HEAD_REVISION == head_revision()
