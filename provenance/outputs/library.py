"""The library: bringing bibliographies into the store and taking entries out as files.

`store_library` stores the entries of a .bib or CSL-JSON file as works of the
store's library (works not tied to a configured bibliography file). Export
reads the configured bibliographies and that library together. Lint reads only
the configured files; the library is for collecting references to export.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bibliography.bibtex import BibEntry, BibProblem, read_bibtex
from bibliography.errors import BibliographyError
from bibliography.importing import from_biblatex, read_library
from provenance.errors import InputError
from provenance.inputs.config import Config
from provenance.inputs.manuscripts import extract, syntax_for
from provenance.inputs.project import ProjectInputs
from provenance.inputs.zotero import bibliographic_fields
from provenance.store.model import Work
from provenance.text.files import decode_text, read_bytes


@dataclass(frozen=True)
class ImportResult:
    imported: list[str]
    replaced: list[str]
    problems: list[BibProblem]


def read_entries(path: Path) -> tuple[list[BibEntry], list[BibProblem]]:
    """Usable entries of a .bib or CSL-JSON file and, for .bib, the entries that are not."""
    try:
        if path.suffix.lower() == ".bib":
            parsed = read_bibtex(path)
            return from_biblatex(parsed.entries), list(parsed.problems)
        return read_library(path), []
    except BibliographyError as error:
        raise InputError(error.message, path=error.path, line=error.line) from error


def store_library(session: Session, path: Path, entries: list[BibEntry]) -> list[str]:
    """Store *entries* (read from *path*) as the library's works; the keys of earlier imports replaced.

    The configured bibliographies must be ingested first: their keys are refused.
    """
    wanted = {entry.key for entry in entries}
    # Every key, then a set test: an IN list of 50,000 keys exceeds SQLite's bound-parameter limit.
    existing = {
        key: file_id for key, file_id in session.execute(sa.select(Work.key, Work.bibliography_id)) if key in wanted
    }
    configured = [key for key, file_id in existing.items() if file_id is not None]
    if configured:
        raise InputError(
            f"{len(configured)} key(s) already defined by a configured bibliography: "
            f"{', '.join(sorted(configured)[:5])}",
            path=str(path),
        )
    replaced = sorted(existing)
    for chunk in range(0, len(replaced), 1000):
        session.execute(sa.delete(Work).where(Work.key.in_(replaced[chunk : chunk + 1000])))
    if entries:
        session.execute(sa.insert(Work), [_work_row(entry) for entry in entries])
    return replaced


def _work_row(entry: BibEntry) -> dict:
    fields = entry.fields
    return {
        "key": entry.key,
        "entry_type": entry.entry_type,
        "fields": dict(fields),
        "field_lines": dict(entry.field_lines),
        "source_path": None,
        "bibliography_id": None,
        "line": entry.line,
    }


def library_entries(session: Session, inputs: ProjectInputs) -> list[BibEntry]:
    """Every entry: the configured bibliographies' first (in file order), then the imported library."""
    imported = session.scalars(sa.select(Work).where(Work.bibliography_id.is_(None)).order_by(Work.id)).all()
    # Zotero items the config names are already entries; others export without their bookkeeping.
    library = [
        BibEntry(
            key=w.key,
            entry_type=w.entry_type,
            fields=bibliographic_fields(w.fields),
            path="(library)",
            line=w.line or 0,
            field_lines=dict(w.field_lines),
        )
        for w in imported
        if w.key not in inputs.entries
    ]
    return [*inputs.entries.values(), *library]


def select_entries(entries: list[BibEntry], keys: Iterable[str]) -> list[BibEntry]:
    """The entries of *keys*, in that order; an unknown key is an input error."""
    by_key = {entry.key: entry for entry in entries}
    wanted = list(dict.fromkeys(keys))
    unknown = [key for key in wanted if key not in by_key]
    if unknown:
        raise InputError(f"unknown key(s): {', '.join(unknown)}")
    return [by_key[key] for key in wanted]


def cited_keys(config: Config, manuscript: str) -> list[str]:
    """Keys a manuscript cites, in order of first citation."""
    path = config.root / manuscript if not Path(manuscript).is_absolute() else Path(manuscript)
    text = decode_text(read_bytes(path, shown_as=manuscript), shown_as=manuscript)
    found = extract(text, syntax_for(manuscript))
    return list(dict.fromkeys(citation.key for citation in found.citations))
