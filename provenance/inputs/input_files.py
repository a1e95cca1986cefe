"""The project's input files as read from disk, and whether the store holds them already.

A file whose hash the store holds, read by the same code, is not parsed again:
its data comes back from the store. A file whose stat is the one recorded with
its hash is not even read (:mod:`provenance.inputs.file_stats`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from provenance.inputs.config import Config
from provenance.inputs.file_stats import FileStats, Stat, stat_of
from provenance.inputs.fingerprint import code_signature
from provenance.store.model import InputFile, StoreState
from provenance.text.files import content_hash, decode_text, read_bytes

Progress = Callable[[str], None]
#: StoreState name of the code that read the stored inputs.
READER_CODE = "ingest-code"


@dataclass(frozen=True)
class InputText:
    """One input file: its project-relative path, its bytes' hash and, when read, its bytes."""

    path: str
    absolute: Path
    kind: str
    digest: str
    #: None when the file was not read: its stat was the one recorded with its hash (see file_stats).
    data: bytes | None
    #: The file's stat just before it was read (or vouched for), None if it has none (a Zotero library).
    stat: Stat | None = None

    @cached_property
    def text(self) -> str:
        # Decoded once: ingest asks for a manuscript's text several times (to extract it, date it, store it).
        data = self.data if self.data is not None else read_bytes(self.absolute, shown_as=self.path)
        return decode_text(data, shown_as=self.path)


def read_input(config: Config, absolute: Path, kind: str, stats: FileStats) -> InputText:
    """The input at *absolute*, hashed; not even read when *stats* vouch for its hash."""
    shown = config.relative(absolute)
    stat = stat_of(absolute)  # before the read: a write during it must look like a change next time
    digest = stats.digest(shown, stat)
    if digest is not None:
        return InputText(path=shown, absolute=absolute, kind=kind, digest=digest, data=None, stat=stat)
    data = read_bytes(absolute, shown_as=shown)
    return InputText(path=shown, absolute=absolute, kind=kind, digest=content_hash(data), data=data, stat=stat)


def reusable_inputs(session: Session) -> dict[str, InputFile]:
    """The stored inputs by path; none counts as unchanged when other code read them.

    Another version of the readers may take other things from the same bytes (a
    new heading shape, a new form of quotation), so what it stored is read again.
    """
    known = {row.path: row for row in session.scalars(sa.select(InputFile))}
    signature = code_signature()
    if StoreState.read(session, [READER_CODE]).get(READER_CODE) != signature:
        for row in known.values():
            row.content_hash = ""
        StoreState.write(session, {READER_CODE: signature})
    return known


def unchanged(item: InputText, known: dict[str, InputFile]) -> InputFile | None:
    """The stored row of *item* when the store holds these very bytes."""
    row = known.get(item.path)
    return row if row is not None and row.content_hash == item.digest else None


def replace_input(session: Session, item: InputText, known: dict[str, InputFile]) -> InputFile:
    """A fresh InputFile row for *item*, dropping whatever the old one carried."""
    old = known.get(item.path)
    if old is not None:
        session.delete(old)
        session.flush()
    row = InputFile(path=item.path, kind=item.kind, content_hash=item.digest)
    session.add(row)
    session.flush()
    return row
