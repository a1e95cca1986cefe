"""Reading input text files: UTF-8 or a clear error naming the line.

Every input (bibliography, source, manuscript) goes through here, so a binary
file or a broken encoding is reported the same way everywhere.
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

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


#: Byte-order marks of the Unicode encodings other than UTF-8 (UTF-32 first: its LE mark starts like UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def may_contain(data: bytes, needle: str) -> bool:
    """Whether text decoded from *data* may hold *needle* (no line break in it); False only when it surely does not.

    UTF-8 bytes hold a string's UTF-8 bytes wherever the text holds the string, so most
    files can be ruled out without being decoded; text in another encoding cannot.
    """
    return needle.encode("utf-8") in data or any(data.startswith(bom) for bom, _name in _BOMS)


def decode_text(data: bytes, *, shown_as: str) -> str:
    """UTF-8 text (or UTF-16/32 with a byte-order mark) with a BOM dropped and line endings made ``\\n``."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8-sig")
    if encoding == "utf-8-sig" and b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        if _looks_like_utf16(data):
            raise InputError("UTF-16 text without a byte-order mark; save it as UTF-8", path=shown_as)
        raise InputError("binary file (NUL byte), expected UTF-8 text", path=shown_as, line=line)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        if encoding != "utf-8-sig":
            raise InputError(
                f"not valid {encoding.upper()} (it starts with that encoding's byte-order mark)", path=shown_as
            ) from None
        raise InputError(
            f"not valid UTF-8: byte 0x{data[error.start]:02x} at column {column}", path=shown_as, line=line
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError("binary file (NUL character), expected text", path=shown_as, line=line)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_utf16(data: bytes) -> bool:
    """Mostly ASCII text in UTF-16: every other byte of the start is NUL."""
    sample = data[:2000]
    return len(sample) >= 4 and (
        sample[1::2].count(0) > 0.9 * len(sample[1::2]) or sample[0::2].count(0) > 0.9 * len(sample[0::2])
    )


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
