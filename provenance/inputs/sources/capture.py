"""The capture store: the raw bytes of every source as it was read, kept by sha256.

A capture is ``.provenance/captures/<sha256>.<ext>`` with a ``<sha256>.json``
beside it (where the bytes came from, when, how the text was extracted).
Captures are content-addressed, so the same bytes are stored once and a changed
source adds a capture without touching the old one.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from provenance.errors import InputError

CAPTURES = Path(".provenance") / "captures"


@dataclass(frozen=True)
class Capture:
    """One capture: the bytes' hash and what is known of where they came from."""

    sha256: str
    suffix: str  # ".pdf", ".html", ".txt" …
    accessed: str  # ISO 8601 date and time (UTC) the bytes were read
    url: str | None = None  # the URL asked for, when fetched
    final_url: str | None = None  # where redirects ended
    redirects: tuple[str, ...] = ()  # every URL passed through, in order
    original_path: str | None = None
    media_type: str | None = None
    extractor: str | None = None  # "pypdf 5.1.0", "trafilatura 2.0.0"
    size: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def file_name(self) -> str:
        return f"{self.sha256}{self.suffix}"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["redirects"] = list(self.redirects)
        return data


class CaptureStore:
    """The captures folder of one project."""

    def __init__(self, root: Path) -> None:
        self.folder = root / CAPTURES

    def path_of(self, capture: Capture) -> Path:
        return self.folder / capture.file_name

    def has(self, capture: Capture) -> bool:
        return self.path_of(capture).is_file()

    def keep(self, capture: Capture, data: bytes) -> bool:
        """Store *data* and its metadata unless already stored; whether anything was written."""
        if self.has(capture):
            return False
        self.folder.mkdir(parents=True, exist_ok=True)
        metadata = json.dumps(capture.as_dict(), ensure_ascii=False, indent=2) + "\n"
        # Metadata first: a capture file never exists without what says where it came from.
        write_atomically(self.folder / f"{capture.sha256}.json", metadata.encode("utf-8"))
        write_atomically(self.path_of(capture), data)
        return True


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary sibling, then rename: a reader sees the old file or the new, never half."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a source file is not
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror}", path=str(path)) from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
