"""works are their entries' fields

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

The domain's works, agents and translations are built from an entry's fields
each time the entry is read (provenance.domain.works), so the store keeps the
fields only. Nothing ever wrote the ``agents``, ``contributions`` and
``translations`` tables, nor read the copies of fields in ``works`` (``title``,
``original_title``, ``language``, ``issued``): they are dropped. Going down,
the tables come back empty, as they always were, and the columns are filled
from each work's fields as the code before this revision filled them. The
tables' definitions repeat 0001's on purpose: a revision never imports
another, so each stays as it ran.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: The columns of ``works`` that copied a field, and the fields each was copied from (first given wins).
COPIED_FIELDS = {
    "title": ("title",),
    "original_title": ("origtitle",),
    "language": ("langid", "language"),
    "issued": ("date", "year"),
}
#: The columns' lengths (String(32)), which a copy going down must fit.
LENGTHS = {"language": 32, "issued": 32}


def upgrade() -> None:
    op.drop_table("translations")
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contributions_work_id"))
    op.drop_table("contributions")
    op.drop_table("agents")
    if op.get_bind().dialect.name == "sqlite":
        # In place (SQLite 3.35+), as 0004 does: no copy of the table.
        for column in COPIED_FIELDS:
            op.execute(sa.text(f"ALTER TABLE works DROP COLUMN {column}"))
    else:
        with op.batch_alter_table("works", schema=None) as batch_op:
            for column in COPIED_FIELDS:
                batch_op.drop_column(column)


def downgrade() -> None:
    with op.batch_alter_table("works", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("original_title", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("language", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("issued", sa.String(length=32), nullable=True))
    _copy_fields_into_columns()
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


def _copy_fields_into_columns() -> None:
    """Each work's copied columns, filled from its fields (in Python: JSON paths differ per database)."""
    works = sa.table(
        "works",
        sa.column("id", sa.Integer()),
        sa.column("fields", sa.JSON()),
        *(sa.column(column, sa.Text()) for column in COPIED_FIELDS),
    )
    connection = op.get_bind()
    rows = [
        {"work_id": work_id, **_copies(fields)}
        for work_id, fields in connection.execute(sa.select(works.c.id, works.c.fields))
        if isinstance(fields, dict)
    ]
    if rows:
        connection.execute(
            works.update()
            .where(works.c.id == sa.bindparam("work_id"))
            .values({column: sa.bindparam(column) for column in COPIED_FIELDS}),
            rows,
        )


def _copies(fields: dict) -> dict[str, str | None]:
    return {
        column: next((str(fields[name])[: LENGTHS.get(column)] for name in names if fields.get(name)), None)
        for column, names in COPIED_FIELDS.items()
    }
