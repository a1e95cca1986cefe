"""drop the passage text index

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

Quotations are now looked for in every source at once by an Aho–Corasick
automaton over the sources' normalised text, so nothing queries the trigram
index on ``passages.normalized`` (SQLite FTS5 with its triggers, PostgreSQL
pg_trgm). Keeping it cost every ingest an index write per paragraph. Going
down, the index is made again and filled from the stored passages. The SQL
repeats 0001's on purpose: a revision never imports another, so each stays
as it ran.
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS passages_ad")
        op.execute("DROP TRIGGER IF EXISTS passages_ai")
        op.execute("DROP TABLE IF EXISTS passage_index")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_passages_normalized_trgm")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE passage_index USING fts5("
            "normalized, content='passages', content_rowid='id', tokenize='trigram')"
        )
        op.execute(
            "CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN "
            "INSERT INTO passage_index(rowid, normalized) VALUES (new.id, new.normalized); END"
        )
        op.execute(
            "CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN "
            "INSERT INTO passage_index(passage_index, rowid, normalized) "
            "VALUES ('delete', old.id, old.normalized); END"
        )
        op.execute("INSERT INTO passage_index(passage_index) VALUES ('rebuild')")
    elif dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_passages_normalized_trgm ON passages USING gin (normalized gin_trgm_ops)")
