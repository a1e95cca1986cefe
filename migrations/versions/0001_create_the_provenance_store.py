"""create the provenance store

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Besides the tables of provenance.store.model, it creates the passage text index:
SQLite FTS5 with the trigram tokenizer, kept in step with `passages` by
triggers, or a pg_trgm GIN index on PostgreSQL. Both answer substring
queries, which is what candidate retrieval for quotations asks.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=512), nullable=False),
        sa.Column("original_name", sa.String(length=512), nullable=True),
        sa.Column("is_organisation", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agents")),
        sa.UniqueConstraint("name", name=op.f("uq_agents_name")),
    )
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=1100), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("path", sa.String(length=1024), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("column", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("citation_key", sa.String(length=256), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=True),
        sa.Column("fix", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
    )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.create_index("ix_findings_scope", ["scope"], unique=False)

    op.create_table(
        "input_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=1024), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_input_files")),
        sa.UniqueConstraint("path", name=op.f("uq_input_files_path")),
    )
    op.create_table(
        "store_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_state")),
        sa.UniqueConstraint("name", name=op.f("uq_store_state_name")),
    )
    op.create_table(
        "manuscripts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("input_file_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=1024), nullable=False),
        sa.Column("syntax", sa.String(length=16), nullable=False),
        sa.Column("division_references", sa.JSON(), nullable=False),
        sa.Column("line_starts", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["input_file_id"],
            ["input_files.id"],
            name=op.f("fk_manuscripts_input_file_id_input_files"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manuscripts")),
        sa.UniqueConstraint("input_file_id", name=op.f("uq_manuscripts_input_file_id")),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("input_file_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=1024), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["input_file_id"], ["input_files.id"], name=op.f("fk_sources_input_file_id_input_files"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("input_file_id", name=op.f("uq_sources_input_file_id")),
    )
    op.create_table(
        "works",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=256), nullable=False),
        sa.Column("entry_type", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("original_title", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=32), nullable=True),
        sa.Column("issued", sa.String(length=32), nullable=True),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("field_lines", sa.JSON(), nullable=False),
        sa.Column("source_path", sa.String(length=1024), nullable=True),
        sa.Column("bibliography_id", sa.Integer(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["bibliography_id"],
            ["input_files.id"],
            name=op.f("fk_works_bibliography_id_input_files"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_works")),
        sa.UniqueConstraint("key", name=op.f("uq_works_key")),
    )
    op.create_table(
        "citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("manuscript_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=256), nullable=False),
        sa.Column("locator", sa.String(length=256), nullable=True),
        sa.Column("locator_start", sa.Integer(), nullable=True),
        sa.Column("locator_end", sa.Integer(), nullable=True),
        sa.Column("key_start", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=256), nullable=False),
        sa.Column("suffix", sa.String(length=256), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("column", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["manuscript_id"],
            ["manuscripts.id"],
            name=op.f("fk_citations_manuscript_id_manuscripts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citations")),
    )
    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citations_key"), ["key"], unique=False)
        batch_op.create_index(batch_op.f("ix_citations_manuscript_id"), ["manuscript_id"], unique=False)

    op.create_table(
        "contributions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("work_id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], name=op.f("fk_contributions_agent_id_agents")),
        sa.ForeignKeyConstraint(
            ["work_id"], ["works.id"], name=op.f("fk_contributions_work_id_works"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contributions")),
    )
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contributions_work_id"), ["work_id"], unique=False)

    op.create_table(
        "divisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_divisions_source_id_sources"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_divisions")),
    )
    with op.batch_alter_table("divisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_divisions_source_id"), ["source_id"], unique=False)

    op.create_table(
        "passages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("normalized", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_passages_source_id_sources"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passages")),
    )
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_passages_source_id"), ["source_id"], unique=False)

    op.create_table(
        "quotations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("manuscript_id", sa.Integer(), nullable=False),
        sa.Column("citation_ordinals", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("column", sa.Integer(), nullable=False),
        sa.Column("block", sa.Boolean(), nullable=False),
        sa.Column("text_offsets", sa.JSON(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("match_kind", sa.String(length=16), nullable=True),
        sa.Column("source_start", sa.Integer(), nullable=True),
        sa.Column("source_end", sa.Integer(), nullable=True),
        sa.Column("score", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["manuscript_id"],
            ["manuscripts.id"],
            name=op.f("fk_quotations_manuscript_id_manuscripts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_quotations_source_id_sources"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotations")),
    )
    with op.batch_alter_table("quotations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quotations_manuscript_id"), ["manuscript_id"], unique=False)

    op.create_table(
        "translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("work_id", sa.Integer(), nullable=False),
        sa.Column("original_work_id", sa.Integer(), nullable=True),
        sa.Column("original_key", sa.String(length=256), nullable=True),
        sa.Column("original_title", sa.Text(), nullable=True),
        sa.Column("original_language", sa.String(length=32), nullable=True),
        sa.Column("original_date", sa.String(length=32), nullable=True),
        sa.Column("translated", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["original_work_id"], ["works.id"], name=op.f("fk_translations_original_work_id_works"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["work_id"], ["works.id"], name=op.f("fk_translations_work_id_works"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translations")),
        sa.UniqueConstraint("work_id", name=op.f("uq_translations_work_id")),
    )

    create_passage_index()


def downgrade() -> None:
    drop_passage_index()
    op.drop_table("translations")
    with op.batch_alter_table("quotations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quotations_manuscript_id"))

    op.drop_table("quotations")
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_passages_source_id"))

    op.drop_table("passages")
    with op.batch_alter_table("divisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_divisions_source_id"))

    op.drop_table("divisions")
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contributions_work_id"))

    op.drop_table("contributions")
    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citations_manuscript_id"))
        batch_op.drop_index(batch_op.f("ix_citations_key"))

    op.drop_table("citations")
    op.drop_table("works")
    op.drop_table("sources")
    op.drop_table("manuscripts")
    op.drop_table("store_state")
    op.drop_table("input_files")
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index("ix_findings_scope")

    op.drop_table("findings")
    op.drop_table("agents")


def create_passage_index() -> None:
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
    elif dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_passages_normalized_trgm ON passages USING gin (normalized gin_trgm_ops)")


def drop_passage_index() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS passages_ad")
        op.execute("DROP TRIGGER IF EXISTS passages_ai")
        op.execute("DROP TABLE IF EXISTS passage_index")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_passages_normalized_trgm")
