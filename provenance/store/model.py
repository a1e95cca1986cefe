"""The store's tables, in the words of the domain (see DESIGN.md).

Typed SQLAlchemy 2.0 declarative models. Offsets are character offsets into the
text they belong to (a source's text, a manuscript's text), lines are 1-based.
Partial dates are kept as ISO strings at their true precision (``2025-01``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

# Stable constraint names, so that migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class InputFile(Base):
    """A file the project reads, with the hash that decides whether to read it again."""

    __tablename__ = "input_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(1024), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # bibliography | source | manuscript
    content_hash: Mapped[str] = mapped_column(String(64))
    ingested_at: Mapped[datetime] = mapped_column(default=_now)


class Work(Base):
    """A bibliography entry as read, kept so that an unchanged file is not parsed again.

    Its fields are the facts; the domain's work, agents and translation are built from
    them whenever the entry is read back (:mod:`provenance.domain.works`).
    """

    __tablename__ = "works"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(256), unique=True)
    entry_type: Mapped[str] = mapped_column(String(32))
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    field_lines: Mapped[dict[str, Any]] = mapped_column(default=dict)
    source_path: Mapped[str | None] = mapped_column(String(1024))
    bibliography_id: Mapped[int | None] = mapped_column(ForeignKey("input_files.id", ondelete="CASCADE"))
    line: Mapped[int | None]


class Source(Base):
    """A text the tool holds: its file, its text and hash, and the work it carries."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    input_file_id: Mapped[int] = mapped_column(ForeignKey("input_files.id", ondelete="CASCADE"), unique=True)
    path: Mapped[str] = mapped_column(String(1024))
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(16))
    #: The text as the matcher compares it, and the runs mapping it back (matching.OffsetMap):
    #: kept so that a lint whose sources did not change never normalises them again.
    normalized: Mapped[str] = mapped_column(Text)
    offset_runs: Mapped[bytes] = mapped_column(LargeBinary)
    divisions: Mapped[list[Division]] = relationship(
        back_populates="source", cascade="all, delete-orphan", order_by="Division.start"
    )
    passages: Mapped[list[Passage]] = relationship(
        back_populates="source", cascade="all, delete-orphan", order_by="Passage.start"
    )


class Division(Base):
    """A node of a source's structure (Chapter 7 › Section III) and the span it covers."""

    __tablename__ = "divisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[int | None]
    label: Mapped[str] = mapped_column(String(64))
    # Untitled divisions (``Article 1``, ``第一条``) are common; their full name is kind and label.
    title: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int]
    end: Mapped[int]
    line: Mapped[int]
    depth: Mapped[int]
    source: Mapped[Source] = relationship(back_populates="divisions")


class Passage(Base):
    """A paragraph-sized span of a source: the unit the text index finds."""

    __tablename__ = "passages"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    start: Mapped[int]
    end: Mapped[int]
    line: Mapped[int]
    normalized: Mapped[str] = mapped_column(Text)
    source: Mapped[Source] = relationship(back_populates="passages")


class Manuscript(Base):
    """A citing document."""

    __tablename__ = "manuscripts"
    id: Mapped[int] = mapped_column(primary_key=True)
    input_file_id: Mapped[int] = mapped_column(ForeignKey("input_files.id", ondelete="CASCADE"), unique=True)
    path: Mapped[str] = mapped_column(String(1024))
    syntax: Mapped[str] = mapped_column(String(16))
    # Prose that names a division ("the chapter “…”"), as read by provenance.inputs.manuscripts.
    division_references: Mapped[list[Any]] = mapped_column(default=list)
    # Markup opened and never closed (an unclosed comment): line, column, message.
    markup_problems: Mapped[list[Any]] = mapped_column(default=list)
    # Offsets where each line starts, so findings get line/column without re-reading the file.
    line_starts: Mapped[list[Any]] = mapped_column(default=list)
    citations: Mapped[list[Citation]] = relationship(cascade="all, delete-orphan", order_by="Citation.ordinal")
    quotations: Mapped[list[Quotation]] = relationship(cascade="all, delete-orphan", order_by="Quotation.start")


class Citation(Base):
    """A citation in a manuscript: key and locator, where it stands."""

    __tablename__ = "citations"
    id: Mapped[int] = mapped_column(primary_key=True)
    manuscript_id: Mapped[int] = mapped_column(ForeignKey("manuscripts.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int]
    key: Mapped[str] = mapped_column(String(256), index=True)
    locator: Mapped[str | None] = mapped_column(String(256))
    locator_start: Mapped[int | None]
    locator_end: Mapped[int | None]
    key_start: Mapped[int]
    prefix: Mapped[str] = mapped_column(String(256), default="")
    suffix: Mapped[str] = mapped_column(String(256), default="")
    start: Mapped[int]
    end: Mapped[int]
    line: Mapped[int]
    column: Mapped[int]


class Quotation(Base):
    """Quoted text in a manuscript, the citation it carries and what it resolved to."""

    __tablename__ = "quotations"
    id: Mapped[int] = mapped_column(primary_key=True)
    manuscript_id: Mapped[int] = mapped_column(ForeignKey("manuscripts.id", ondelete="CASCADE"), index=True)
    # Positions of the quotation's citations in the manuscript's list of citations.
    citation_ordinals: Mapped[list[Any]] = mapped_column(default=list)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int]
    end: Mapped[int]
    line: Mapped[int]
    column: Mapped[int]
    block: Mapped[bool] = mapped_column(default=False)
    text_offsets: Mapped[list[Any] | None] = mapped_column(JSON)
    # What the quotation resolved to (filled by lint; NULL until then).
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    match_kind: Mapped[str | None] = mapped_column(String(16))
    source_start: Mapped[int | None]
    source_end: Mapped[int | None]
    score: Mapped[float | None]


class Finding(Base):
    """A reported problem: rule code, place, message, evidence, and a fix if known.

    ``scope`` names what the finding was computed from (``manuscript:<path>``,
    ``source:<path>``, ``bibliography``) so that a lint recomputes only what
    changed.
    """

    __tablename__ = "findings"
    __table_args__ = (Index("ix_findings_scope", "scope"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(1100))
    code: Mapped[str] = mapped_column(String(8))
    severity: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(1024))
    line: Mapped[int] = mapped_column(Integer)
    column: Mapped[int] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text)
    citation_key: Mapped[str | None] = mapped_column(String(256))
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    fix: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class StoreState(Base):
    """Key/value facts about the store itself (the fingerprint of the last lint)."""

    __tablename__ = "store_state"
    __table_args__ = (UniqueConstraint("name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(Text)

    @classmethod
    def read(cls, session: Session, names: Iterable[str]) -> dict[str, str]:
        """The values held under *names* (a name with none is left out)."""
        rows = session.execute(sa.select(cls.name, cls.value).where(cls.name.in_(list(names))))
        return {name: value for name, value in rows}

    @classmethod
    def write(cls, session: Session, values: dict[str, str]) -> None:
        """Hold each value under its name, in *session*'s transaction."""
        rows = {row.name: row for row in session.scalars(sa.select(cls).where(cls.name.in_(list(values))))}
        for name, value in values.items():
            if name in rows:
                rows[name].value = value
            else:
                session.add(cls(name=name, value=value))
