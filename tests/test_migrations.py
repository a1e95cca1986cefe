"""Every migration carries real rows up to the head and back down, on SQLite and PostgreSQL.

The revisions come from the migration scripts themselves, so a new revision is
tested here as soon as it exists. At each revision on the way up every table
gets one more row (values of each column's type, foreign keys pointing at the row
just given to the parent table); every row must survive each step up and each step down.
"""

from __future__ import annotations

import datetime

import pytest
import sqlalchemy as sa

from provenance.store.database import TEXT_INDEX_OBJECTS, alembic_config, downgrade, open_store, upgrade


def _revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


def _tables(connection) -> list[sa.Table]:
    metadata = sa.MetaData()
    metadata.reflect(connection)
    return [
        table
        for table in metadata.sorted_tables
        if table.name != "alembic_version" and not table.name.startswith(TEXT_INDEX_OBJECTS)
    ]


def _value(column: sa.Column, tag: str, connection):
    foreign = next(iter(column.foreign_keys), None)
    if foreign is not None:
        target = foreign.column
        return connection.execute(sa.select(sa.func.max(target))).scalar()  # this round's parent row
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return True
    if isinstance(kind, sa.Integer):
        return 7
    if isinstance(kind, (sa.Float, sa.Numeric)):
        return 0.5
    if isinstance(kind, sa.DateTime):
        return datetime.datetime(2026, 1, 2, 3, 4, 5)
    if isinstance(kind, sa.LargeBinary):
        return f"{tag} — bytes".encode()
    if isinstance(kind, sa.JSON):
        return {"rows": [tag]}
    if isinstance(kind, sa.String) and kind.length:
        return tag[: kind.length]
    return f"{tag} — text 中文"


def _insert_a_row_everywhere(connection, revision: str) -> None:
    for table in _tables(connection):
        next_id = (connection.execute(sa.select(sa.func.max(table.c.id))).scalar() or 0) + 1
        row = {
            column.name: _value(column, f"r{revision}-{next_id}", connection)
            for column in table.columns
            if column.name != "id"
        }
        connection.execute(table.insert().values(id=next_id, **row))


def _counts(connection) -> dict[str, int]:
    return {
        table.name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar()
        for table in _tables(connection)
    }


def test_every_revision_upgrades_with_rows_to_head_and_back(database_url):
    revisions = _revisions()
    assert revisions, "no migration scripts found"
    store = open_store(database_url, migrate=False)
    try:
        counts_at: dict[str, dict[str, int]] = {}
        for revision in revisions:
            upgrade(store, revision)
            with store.engine.begin() as connection:
                before = _counts(connection)
                _insert_a_row_everywhere(connection, revision)
                counts_at[revision] = _counts(connection)
            # Rows made at earlier revisions are all still there, and this revision's were added.
            assert all(before.get(name, 0) + 1 == count for name, count in counts_at[revision].items())
            assert all(count >= 1 for count in counts_at[revision].values())
        for index in range(len(revisions) - 1, 0, -1):
            downgrade(store, revisions[index - 1])
            with store.engine.connect() as connection:
                after = _counts(connection)
            expected = counts_at[revisions[-1]]
            # Each table that survives the step down keeps every row; one a later revision
            # dropped comes back empty.
            assert after and all(expected.get(name, 0) == count for name, count in after.items()), (
                revisions[index],
                after,
                expected,
            )
        downgrade(store, "base")
        with store.engine.connect() as connection:
            assert _tables(connection) == []
    finally:
        store.close()


def _work_rows(connection) -> dict[str, dict]:
    works = sa.Table("works", sa.MetaData(), autoload_with=connection)
    return {row.key: dict(row._mapping) for row in connection.execute(sa.select(works))}


def test_works_keep_their_fields_through_0005_and_get_their_copies_back_going_down(database_url):
    """0005 drops the copies of fields in `works` and the never-written tables of agents and translations."""
    store = open_store(database_url, migrate=False)
    try:
        upgrade(store, "0004")
        fields = {"title": "Safeguard Technological Security", "origtitle": "总体国家安全观学习纲要"}
        fields |= {"langid": "english", "date": "2025-01", "translator": "Jin, Emily"}
        with store.engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO input_files (id, path, kind, content_hash, ingested_at) VALUES (1, 'refs.bib', "
                    "'bibliography', 'abc', :at)"
                ),
                {"at": datetime.datetime(2026, 1, 2)},
            )
            works = sa.Table("works", sa.MetaData(), autoload_with=connection)
            connection.execute(
                works.insert(),
                [
                    {
                        "key": "cst",
                        "entry_type": "online",
                        "fields": fields,
                        "field_lines": {"title": 3},
                        "bibliography_id": 1,
                        "line": 2,
                        "title": "Safeguard Technological Security",
                        "original_title": fields["origtitle"],
                        "language": "english",
                        "issued": "2025-01",
                    },
                    {
                        "key": "bare",
                        "entry_type": "misc",
                        "fields": {"year": "2022"},
                        "field_lines": {},
                        "bibliography_id": 1,
                        "line": 9,
                        **dict.fromkeys(("title", "original_title", "language", "issued")),
                    },
                ],
            )
        upgrade(store, "0005")
        with store.engine.connect() as connection:
            names = set(sa.inspect(connection).get_table_names())
            assert not names & {"agents", "contributions", "translations"}
            rows = _work_rows(connection)
        assert set(rows["cst"]) == {
            "id",
            "key",
            "entry_type",
            "fields",
            "field_lines",
            "source_path",
            "bibliography_id",
            "line",
        }
        assert rows["cst"]["fields"] == fields and rows["cst"]["field_lines"] == {"title": 3}
        downgrade(store, "0004")
        with store.engine.connect() as connection:
            assert {"agents", "contributions", "translations"} <= set(sa.inspect(connection).get_table_names())
            rows = _work_rows(connection)
        assert rows["cst"]["fields"] == fields
        assert (rows["cst"]["title"], rows["cst"]["original_title"]) == (fields["title"], fields["origtitle"])
        assert (rows["cst"]["language"], rows["cst"]["issued"]) == ("english", "2025-01")
        assert (rows["bare"]["title"], rows["bare"]["issued"]) == (None, "2022")
    finally:
        store.close()


def test_the_revisions_run_in_one_line_from_base_to_head():
    revisions = _revisions()
    from provenance.store.database import head_revision

    assert revisions[-1] == head_revision()
    assert len(set(revisions)) == len(revisions)


@pytest.mark.parametrize("revision", _revisions())
def test_each_revision_downgrades_and_upgrades_again(database_url, revision):
    store = open_store(database_url)
    try:
        downgrade(store, revision)
        upgrade(store)
        with store.engine.connect() as connection:
            assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == _revisions()[-1]
    finally:
        store.close()
