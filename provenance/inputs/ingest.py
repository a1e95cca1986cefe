"""Bringing the project's files into the store, incrementally.

Every input is read and hashed; a file whose hash the store already holds is
not parsed again, its data comes back from the store (see
:mod:`provenance.inputs.input_files`). Each kind of input has its module:
:mod:`~provenance.inputs.bibliographies`, :mod:`~provenance.inputs.source_texts`,
:mod:`~provenance.inputs.manuscript_files`. All writes of one ingest happen in
one transaction: a failure leaves the store as it was.
"""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa
from sqlalchemy.orm import Session

from provenance.errors import ConfigError, InputError
from provenance.inputs.bibliographies import ingest_bibliographies, ingest_zotero_library
from provenance.inputs.config import Config
from provenance.inputs.file_stats import FileStats
from provenance.inputs.fingerprint import ENTRY_SOURCE, OUTSIDE, fingerprint_of
from provenance.inputs.input_files import InputText, Progress, read_input, reusable_inputs
from provenance.inputs.manuscript_files import ingest_manuscripts, start_extracts
from provenance.inputs.project import EntryRecord, OutsidePath, ProjectInputs
from provenance.inputs.source_texts import ingest_sources
from provenance.store.database import Store
from provenance.store.model import InputFile


def ingest(
    store: Store, config: Config, progress: Progress | None = None, *, session: Session | None = None
) -> ProjectInputs:
    """Sync the store with the files the config names and return the project.

    Given *session*, the writes join that transaction instead of committing on their own.
    """
    if session is None:
        with store.transaction() as own:
            return ingest(store, config, progress, session=own)
    note = progress or (lambda _message: None)
    stats = FileStats.load(session)
    bibliographies = [read_input(config, path, "bibliography", stats) for path in config.bibliography_files()]
    manuscripts = [read_input(config, path, "manuscript", stats) for path in config.manuscript_files()]
    known = reusable_inputs(session)
    extracts = start_extracts(manuscripts, known)  # made while the sources are read
    entries, bibliography_problems = ingest_bibliographies(session, bibliographies, known, note)
    outside = [_configured_outside(config, escape) for escape in config.escapes()]
    entries = {key: _located(config, entry, outside) for key, entry in entries.items()}
    library = ingest_zotero_library(session, config, entries, known)
    configured_sources = list(dict.fromkeys(config.relative(path) for path in config.source_files()))
    sources_read = [_read_source(config, path, entries, stats) for path in _source_paths(configured_sources, entries)]
    _refuse_double_roles(config, [*bibliographies, *sources_read, *manuscripts])
    sources = ingest_sources(session, sources_read, known, note)
    for entry in entries.values():
        if entry.source_path in sources:
            sources[entry.source_path].entry_keys.append(entry.key)
    records = ingest_manuscripts(store, session, manuscripts, known, note, extracts())
    # Manuscripts first: a lint compares the inputs with the stored ones in this order and stops at
    # the first that changed, and manuscripts change the most often, sources the least and are the
    # most to read (100 MB of them took 0.15 s to hash before an edited manuscript was reached).
    read = [*manuscripts, *bibliographies, *library, *sources_read]
    removed = set(known) - {item.path for item in read}
    if removed:
        session.execute(sa.delete(InputFile).where(InputFile.path.in_(removed)))
    stats.save(session, ((item.path, item.stat, item.digest) for item in read))
    inputs = _fingerprinted(config, read, configured_sources)
    return ProjectInputs(
        entries=entries,
        sources=sources,
        manuscripts=records,
        fingerprint=fingerprint_of(inputs),
        inputs=inputs,
        outside=outside,
        bibliography_problems=tuple(bibliography_problems),
    )


def _source_paths(configured: list[str], entries: dict[str, EntryRecord]) -> list[str]:
    """The configured sources, in the config's order, then those only an entry's `file` names."""
    paths = dict.fromkeys(configured)
    for entry in entries.values():
        if entry.source_path:
            paths.setdefault(entry.source_path, None)
    return list(paths)


def _fingerprinted(
    config: Config, read: list[InputText], configured_sources: list[str]
) -> tuple[tuple[str, str, str], ...]:
    """(kind, path, digest) of every input, as the fingerprint covers them."""
    configured = set(configured_sources)
    # A source only an entry's `file` names is told apart, so that a warm lint can tell
    # it from a source the config stopped naming.
    inputs = tuple(
        (
            ENTRY_SOURCE if item.kind == "source" and item.path not in configured else item.kind,
            item.path,
            item.digest,
        )
        for item in read
    )
    # Configured paths that lead outside count as inputs: a warm lint must notice one appear or go.
    return inputs + tuple((OUTSIDE, escape.shown, str(escape.target)) for escape in config.escapes())


def _configured_outside(config: Config, escape) -> OutsidePath:
    shown = config.relative(config.path) if config.path else str(config.root)
    text = config.path.read_text(encoding="utf-8") if config.path else ""
    at = max(text.find(f'"{escape.pattern}"'), text.find(f"'{escape.pattern}'"))
    return OutsidePath(
        path=shown,
        line=text.count("\n", 0, at) + 1 if at >= 0 else 1,
        message=f"`{escape.key}` entry {escape.pattern!r} matches {escape.shown}, which resolves "
        f"to {escape.target}, outside the project: not read",
    )


def _located(config: Config, entry: EntryRecord, outside: list[OutsidePath]) -> EntryRecord:
    """*entry* with its `file` path as the config's folder sees it, or none if it leads outside the project.

    ``sources/../sources/x.md``, an absolute path inside the project and a symlink all name
    the file by the same path the config's `sources` give it, so the entry links to that source.
    """
    if not entry.source_path:
        return entry
    named = config.root / entry.source_path  # an absolute path replaces the root
    if config.contains(named):
        return replace(entry, source_path=config.relative(named.resolve()))
    outside.append(
        OutsidePath(
            path=entry.path,
            line=entry.field_line("file"),
            message=f"entry {entry.key!r}: `file` names {entry.source_path[:200]!r}, "
            "which resolves outside the project: not read",
        )
    )
    return replace(entry, source_path=None)


def _refuse_double_roles(config: Config, items: list[InputText]) -> None:
    """A file is a bibliography, a source or a manuscript: checked against itself, a quotation proves nothing."""
    roles: dict[str, str] = {}
    for item in items:
        if roles.setdefault(item.path, item.kind) != item.kind:
            raise ConfigError(
                f"{item.path} is both a {roles[item.path]} and a {item.kind}; a file can only be one of them",
                path=str(config.path or config.root),
            )


def _read_source(config: Config, path: str, entries: dict[str, EntryRecord], stats: FileStats) -> InputText:
    absolute = config.root / path
    try:
        problem = (
            None
            if absolute.is_file()
            else ("a folder, not a text file" if absolute.is_dir() else "which does not exist")
        )
    except OSError as error:  # a name too long for the file system
        problem = f"which cannot be opened ({error.strerror})"
    citing = next((e for e in entries.values() if e.source_path == path), None) if problem else None
    if citing is not None:
        raise InputError(
            f"entry {citing.key!r}: `file` names {path[:200]!r}, {problem}",
            path=citing.path,
            line=citing.field_line("file"),
        )
    return read_input(config, absolute, "source", stats)
