"""untitled divisions and unclosed markup

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

A division may have a number and no title (``Article 1``, a line that is only
``Chapter 3``, ``第一条``): ``divisions.title`` becomes nullable, and every
input is read again by the readers that know such headings. A manuscript
keeps the markup it opens and never closes (``manuscripts.markup_problems``,
for rule M001). Going down,
an untitled division gets an empty title, which is what 0001 can hold.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("divisions", schema=None) as batch_op:
        batch_op.alter_column("title", existing_type=sa.Text(), nullable=True)
    with op.batch_alter_table("manuscripts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("markup_problems", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    # Sources and manuscripts read before this revision were parsed by older readers
    # (untitled headings dropped, unclosed comments hiding text): read every input again.
    op.execute(sa.text("UPDATE input_files SET content_hash = ''"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # A recreated table would take the manuscripts' quotations and citations with it (their
        # foreign keys cascade): SQLite drops the column in place.
        op.execute(sa.text("ALTER TABLE manuscripts DROP COLUMN markup_problems"))
    else:
        with op.batch_alter_table("manuscripts", schema=None) as batch_op:
            batch_op.drop_column("markup_problems")
    op.execute(sa.text("UPDATE divisions SET title = '' WHERE title IS NULL"))
    with op.batch_alter_table("divisions", schema=None) as batch_op:
        batch_op.alter_column("title", existing_type=sa.Text(), nullable=False)
