"""Reading input text files: UTF-8 or a clear error naming the line.

Every input (bibliography, source, manuscript) goes through here, so a binary
file or a broken encoding is reported the same way everywhere.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Iterator

from provenance.errors import InputError


def read_bytes(path: Path, *, shown_as: str | None = None) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", path=shown_as or str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path=shown_as or str(path)) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path=shown_as or str(path)) from None


def decode_text(data: bytes, *, shown_as: str) -> str:
    """UTF-8 text with a BOM dropped and line endings made ``\\n``."""
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise InputError("binary file (NUL byte), expected UTF-8 text", path=shown_as, line=line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError(f"not valid UTF-8: byte 0x{data[error.start]:02x} at column {column}",
                         path=shown_as, line=line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the blank-line separated paragraphs of *text*, without surrounding space."""
    start = 0
    for gap in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = gap.start() if gap else len(text)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end
        if gap:
            start = gap.end()
