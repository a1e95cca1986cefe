"""Candidate retrieval from the database's own text index.

Passages (paragraphs of sources, normalised) are indexed for substring search:
SQLite FTS5 with the trigram tokenizer, PostgreSQL pg_trgm. Given a few short
pieces of a quotation, the index names the passages worth aligning against, so
that finding a quotation in an unknown source never scans every source.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from provenance.model import Passage

MIN_NEEDLE = 3  # the trigram index cannot answer anything shorter


def candidate_passages(session: Session, needles: Sequence[str], limit: int = 5) -> list[Passage]:
    """Passages containing any of *needles*, the ones containing most of them first."""
    needles = [n for n in dict.fromkeys(needles) if len(n) >= MIN_NEEDLE]
    if not needles:
        return []
    if session.get_bind().dialect.name == "sqlite":
        ids = _sqlite_ids(session, needles)
    else:
        ids = _like_ids(session, needles)
    if not ids:
        return []
    passages = session.scalars(sa.select(Passage).where(Passage.id.in_(ids))).all()
    hits = Counter({p.id: sum(n in p.normalized for n in needles) for p in passages})
    ranked = sorted(passages, key=lambda p: (-hits[p.id], p.source_id, p.start))
    return [p for p in ranked if hits[p.id]][:limit]


def _sqlite_ids(session: Session, needles: list[str]) -> list[int]:
    query = " OR ".join('"' + n.replace('"', '""') + '"' for n in needles)
    rows = session.execute(
        sa.text("SELECT rowid FROM passage_index WHERE passage_index MATCH :q ORDER BY rank LIMIT 200"),
        {"q": query})
    return [row[0] for row in rows]


def _like_ids(session: Session, needles: list[str]) -> list[int]:
    def pattern(needle: str) -> str:
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"%{escaped}%"

    condition = sa.or_(*(Passage.normalized.like(pattern(n), escape="\\") for n in needles))
    return list(session.scalars(sa.select(Passage.id).where(condition).limit(200)))
