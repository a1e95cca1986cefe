"""Knowing that an input has not changed without reading it, as git's index does.

A lint hashes every input to learn what changed; with 100 MB of sources, that was a
tenth of a lint where one manuscript changed. The store keeps each file's hash beside
the file's size, modification and change times, inode and device as they were just
before the bytes hashed were read. A file whose stat is still exactly that holds the
same bytes: a write changes the change time, even one that puts the modification
time back.

One case escapes the stat: a second write within the file system's clock tick of the
first, after the stat was taken, leaves every field as it was. So a file modified less
than ``RACY_NANOSECONDS`` before the run started is not vouched for: it is read and
hashed again next time, until its stat is old enough to trust.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from provenance.store.model import StoreState

#: StoreState name of the recorded stats: {project-relative path: [stat, hash]}.
STATE = "file-stats"
#: How long after its last write a file's stat is trusted: coarse clocks (FAT's is 2 s) included.
RACY_NANOSECONDS = 2_000_000_000

#: size, modification and change times (ns), inode, device.
Stat = tuple[int, int, int, int, int]


def stat_of(path: Path) -> Stat | None:
    try:
        st = path.stat()
    except (OSError, ValueError):  # gone, unreadable, a name the system refuses
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


@dataclass
class FileStats:
    """The stats recorded with each input's hash by the last run that read it."""

    known: dict[str, tuple[Stat, str]] = field(default_factory=dict)
    #: When this run started (before any stat): what was modified since is too recent to vouch for.
    started: int = field(default_factory=time.time_ns)

    @classmethod
    def load(cls, session: Session) -> FileStats:
        value = StoreState.read(session, [STATE]).get(STATE)
        try:
            data = json.loads(value) if value else {}
            known = {path: (tuple(stat), digest) for path, (stat, digest) in data.items()}
        except (ValueError, TypeError, AttributeError):  # not what this module writes: trust nothing
            known = {}
        return cls(known)

    def digest(self, path: str, stat: Stat | None) -> str | None:
        """The hash of the bytes of *path* if its stat is the one recorded with that hash."""
        known = self.known.get(path)
        return known[1] if known is not None and stat is not None and known[0] == stat else None

    def save(self, session: Session, read: Iterable[tuple[str, Stat | None, str]]) -> None:
        """Record each (path, stat just before it was read, hash) read; the write joins *session*'s transaction."""
        recorded = {
            path: [stat, digest]
            for path, stat, digest in read
            if stat is not None and stat[1] < self.started - RACY_NANOSECONDS
        }
        StoreState.write(session, {STATE: json.dumps(recorded, separators=(",", ":"))})
