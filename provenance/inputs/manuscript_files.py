"""Manuscripts into the store and back: their citations, quotations and line index."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import sqlalchemy as sa
from sqlalchemy.orm import Session

from provenance.errors import InputError
from provenance.forked import start_forked
from provenance.inputs.input_files import InputText, Progress, replace_input, unchanged
from provenance.inputs.manuscripts import extract, syntax_for
from provenance.inputs.manuscripts.model import LineIndex, ManuscriptExtract
from provenance.inputs.manuscripts.storage import extract_counts, extract_to_rows, load_extracts
from provenance.inputs.project import ManuscriptRecord
from provenance.store.database import Store
from provenance.store.model import InputFile, Manuscript

#: Characters of changed manuscripts from which their extraction is worth a process of its own
#: (a fork costs tens of milliseconds; extraction reads about a megabyte in half a second).
MIN_FORKED = 1_000_000


def start_extracts(files: list[InputText], known: dict[str, InputFile]) -> Callable[[], dict[str, ManuscriptExtract]]:
    """Start extracting the changed manuscripts in a forked process; the function returned gives them by path.

    Extraction needs nothing but a manuscript's text, so it runs while the sources are read.
    """
    changed = [item for item in files if unchanged(item, known) is None and item.text.strip()]
    here = partial(_extracts, changed)
    if sum(len(item.text) for item in changed) < MIN_FORKED:
        return here
    return start_forked(here, lambda sent: sent, here)


def _extracts(files: list[InputText]) -> dict[str, ManuscriptExtract]:
    return {item.path: extract(item.text, syntax_for(item.path)) for item in files}


def ingest_manuscripts(
    store: Store,
    session: Session,
    files: list[InputText],
    known: dict[str, InputFile],
    note: Progress,
    extracted: dict[str, ManuscriptExtract] | None = None,
) -> list[ManuscriptRecord]:
    """Store the manuscripts that changed and return every manuscript's record.

    *extracted* holds extracts made already (:func:`start_extracts`); the others are made here.
    """
    kept = {item.path: row for item in files if (row := unchanged(item, known)) is not None}
    stored = (
        {
            m.input_file_id: m
            for m in session.scalars(
                sa.select(Manuscript).where(Manuscript.input_file_id.in_([row.id for row in kept.values()]))
            )
        }
        if kept
        else {}
    )
    counts = extract_counts(session, [m.id for m in stored.values()]) if stored else {}
    extracts = StoredExtracts(store, session, [item for item in files if item.path in kept])
    records = []
    for item in files:
        syntax = syntax_for(item.path)
        if item.path in kept:
            manuscript = stored[kept[item.path].id]
            lines = LineIndex.from_starts(manuscript.line_starts)
            read_back = partial(extracts.get, item.path)
            records.append(
                ManuscriptRecord(item.path, syntax, lines, counts[manuscript.id], _text_of(item), stored=read_back)
            )
            continue
        note(f"reading {item.path}")
        text = item.text
        if not text.strip():
            raise InputError("empty manuscript: nothing to check", path=item.path, line=1)
        found = (extracted or {}).get(item.path) or extract(text, syntax)
        lines = LineIndex(text)
        manuscript = Manuscript(
            input_file_id=replace_input(session, item, known).id,
            path=item.path,
            syntax=syntax,
            line_starts=lines.starts,
        )
        extract_to_rows(session, manuscript, found)
        counts_now = (len(found.quotations), len(found.citations))
        records.append(ManuscriptRecord(item.path, syntax, lines, counts_now, _text_of(item), parsed=found))
    return records


class StoredExtracts:
    """The extracts of the manuscripts the store holds unchanged, all read back the first time one is asked for.

    They are read in the ingest's transaction while it lasts (a lint checking
    everything again), else in a session of their own, since an output may ask
    after that transaction has ended (the audit, JUnit, a suppression comment).
    A manuscript whose stored rows no longer hold the bytes this run read
    (another run has replaced them since) is parsed again from those bytes.
    """

    def __init__(self, store: Store, session: Session, items: list[InputText]):
        self._store = store
        self._session = session
        self._items = {item.path: item for item in items}
        self._extracts: dict[str, ManuscriptExtract] | None = None

    def get(self, path: str) -> ManuscriptExtract:
        if self._extracts is None:
            if self._store.closed:  # a disposed engine would quietly open a new pool (an empty one in memory)
                raise RuntimeError(f"{path}: its quotations were asked for after the store was closed")
            if self._session.in_transaction():
                self._extracts = self._read(self._session)
            else:
                with self._store.reading() as session:
                    self._extracts = self._read(session)
        return self._extracts[path]

    def _read(self, session: Session) -> dict[str, ManuscriptExtract]:
        rows = session.execute(
            sa.select(Manuscript, InputFile.content_hash)
            .join(InputFile, Manuscript.input_file_id == InputFile.id)
            .where(InputFile.path.in_(list(self._items)))
        ).all()
        current = [m for m, digest in rows if digest == self._items[m.path].digest]
        loaded = load_extracts(session, current)
        extracts = {m.path: loaded[m.id] for m in current}
        for path, item in self._items.items():
            if path not in extracts:
                extracts[path] = extract(item.text, syntax_for(path))
        return extracts


def _text_of(item: InputText) -> Callable[[], str]:
    """A reader of *item*'s text, bound here: a lambda written in the loop would see the last item."""
    return lambda: item.text
