"""sources keep their normalised text

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

A source's normalised text and the map from it back to the original
(``sources.normalized``, ``sources.offset_runs``) are stored with the source,
in the transaction that stores it, so a lint whose sources did not change
reads them back instead of normalising every source again. Sources stored
before this revision have neither: every input is read again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("normalized", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("offset_runs", sa.LargeBinary(), nullable=False, server_default=sa.text("''")))
    op.execute(sa.text("UPDATE input_files SET content_hash = ''"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # A recreated table would take the sources' divisions and passages with it (their
        # foreign keys cascade): SQLite drops the columns in place.
        op.execute(sa.text("ALTER TABLE sources DROP COLUMN offset_runs"))
        op.execute(sa.text("ALTER TABLE sources DROP COLUMN normalized"))
    else:
        with op.batch_alter_table("sources", schema=None) as batch_op:
            batch_op.drop_column("offset_runs")
            batch_op.drop_column("normalized")
