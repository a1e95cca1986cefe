"""BibTeX files read into plain, line-numbered entries, and the few LaTeX helpers they need.

bibtexparser (v2) splits the file into blocks; everything it leaves unsaid is
settled here, because a provenance checker must point at the exact line of a
problem and must never trust an entry it could only half read:

- every line is 1-based (bibtexparser counts from 0);
- each field value is evaluated as BibTeX does: ``{...}``, ``"..."``, numbers
  and ``@string`` macros joined by ``#``, with one level of enclosing removed.
  bibtexparser itself leaves concatenations untouched and silently glues a
  field onto the previous one when the comma between them is missing; the
  evaluation below turns that into a problem instead;
- a malformed block is a :class:`BibProblem`, never an exception, and the
  well-formed entries around it are still returned. An entry with a broken
  field value is dropped; with a repeated field the first value is kept, and
  a repeated key keeps the first entry, the way BibTeX resolves both.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import bibtexparser
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
    String,
)
from pylatexenc.latex2text import LatexNodes2Text

# bibtexparser logs every malformed block with 0-based lines; the problems
# returned here say the same with the right lines, so keep its log quiet
# unless the application configures logging itself.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_BLOCK_HEAD = re.compile(r"@\s*(\w*)\s*[{(]\s*([^\s,={}()\"#%]*)")
# Characters a BibTeX macro name or bare number may hold.
_BARE_WORD = re.compile(r"[^\s\"#%'(),={}]+")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
_LATEX = LatexNodes2Text()


@dataclass(frozen=True)
class BibEntry:
    """One entry as written: values keep inner braces and LaTeX, so callers decide how to render."""

    key: str
    entry_type: str
    fields: dict[str, str]
    path: str
    line: int
    field_lines: dict[str, int]


@dataclass(frozen=True)
class BibProblem:
    """Something in the file that BibTeX would reject or resolve silently."""

    message: str
    path: str
    line: int


@dataclass(frozen=True)
class BibFile:
    """One file's usable entries and everything wrong with it, so one run can report all of it."""

    path: str
    entries: tuple[BibEntry, ...]
    problems: tuple[BibProblem, ...]


class BibliographyError(Exception):
    """The file cannot be read as text at all, so there is nothing to parse."""

    def __init__(self, message: str, *, path: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class _BadValue(Exception):
    """A field value that is not a valid BibTeX expression; ``offset`` is where it goes wrong."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.message = message
        self.offset = offset


def read_bibtex(path: Path) -> BibFile:
    """Read and parse one file; UTF-8 only, because a wrong guess would corrupt every quotation."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BibliographyError("bibliography file not found", path=str(path)) from None
    except OSError as error:
        raise BibliographyError(f"cannot read bibliography file: {error.strerror}", path=str(path)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BibliographyError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
            path=str(path),
            line=line,
        ) from None
    return parse_bibtex(text, str(path))


def parse_bibtex(text: str, path: str) -> BibFile:
    """Parse BibTeX text; malformed blocks become problems, never exceptions."""
    library = bibtexparser.parse_string(text.removeprefix("\ufeff"), parse_stack=[])
    macros: dict[str, str] = {}
    entries: dict[str, BibEntry] = {}
    problems: list[BibProblem] = []

    def problem(message: str, line: int) -> None:
        problems.append(BibProblem(message, path, line))

    for block in library.blocks:
        if isinstance(block, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)):
            # Duplicates are found below, case-insensitively for field names.
            block = block.ignore_error_block
        if isinstance(block, ParsingFailedBlock):
            problem(*_describe_failure(block))
        elif isinstance(block, String):
            try:
                macros[block.key.lower()] = _evaluate(block.value, macros)
            except _BadValue as error:
                problem(f"cannot parse @string '{block.key}': {error.message}", block.start_line + 1)
        elif isinstance(block, Entry):
            entry = _entry(block, macros, path, problem)
            if entry is None:
                continue
            first = entries.get(entry.key)
            if first is not None:
                problem(f"duplicate key '{entry.key}' (first defined at line {first.line})", entry.line)
            else:
                entries[entry.key] = entry
    problems.sort(key=lambda p: p.line)
    return BibFile(path, tuple(entries.values()), tuple(problems))


def _entry(block: Entry, macros: dict[str, str], path: str,
           problem: Callable[[str, int], None]) -> BibEntry | None:
    """Build one entry, or report why it cannot be trusted and return None."""
    line = block.start_line + 1
    if not block.key:
        problem(f"cannot parse @{block.entry_type} entry: missing key", line)
        return None
    fields: dict[str, str] = {}
    field_lines: dict[str, int] = {}
    broken = False
    for field in block.fields:
        name = field.key.lower()
        field_line = field.start_line + 1
        if not _BARE_WORD.fullmatch(name):
            # The name ends on the line of its `=`; point at where it starts.
            at = field_line - field.key.count("\n")
            problem(f"cannot parse entry '{block.key}': invalid field name '{' '.join(field.key.split())}'", at)
            broken = True
            continue
        try:
            value = _evaluate(field.value, macros)
        except _BadValue as error:
            at = field_line + field.value[: error.offset].count("\n")
            problem(f"cannot parse entry '{block.key}': {error.message} (field '{name}')", at)
            broken = True
            continue
        if name in fields:
            problem(f"duplicate field '{name}' in entry '{block.key}' "
                    f"(first defined at line {field_lines[name]})", field_line)
            continue
        fields[name] = value
        field_lines[name] = field_line
    if broken:
        return None
    return BibEntry(block.key, block.entry_type.lower(), fields, path, line, field_lines)


def _describe_failure(block: ParsingFailedBlock) -> tuple[str, int]:
    """Turn bibtexparser's abort reason into a message a writer can act on, and its line."""
    raw = block.raw or ""
    line = block.start_line + 1
    head = _BLOCK_HEAD.match(raw)
    kind, key = (head.group(1).lower(), head.group(2)) if head else ("", "")
    reason = getattr(block.error, "abort_reason", str(block.error))
    if kind in ("string", "preamble", "comment"):
        what = f"@{kind}"
    elif "Expected comma after entry key" in reason:
        return f"cannot parse @{kind} entry: missing key (or missing comma after it)", line
    else:
        what = f"entry '{key}'" if key else f"@{kind} entry"

    if 'closing `"`' in reason:
        return f"cannot parse {what}: missing closing quote", line
    if "end of file" in reason or "block start" in reason or "found `@" in reason:
        return f"cannot parse {what}: missing closing brace", line
    if "Expected a `=`" in reason:
        # The abort stops at the offending mark, so the field name is what
        # follows the last comma of the raw text, less a closing delimiter.
        offset = raw.rfind(",") + 1
        offset += len(raw[offset:]) - len(raw[offset:].lstrip())
        name = raw[offset:].rstrip("})").strip()
        at = line + raw[:offset].count("\n")
        if name and not re.search(r"\s", name):
            return f"cannot parse {what}: field '{name}' has no '='", at
        return f"cannot parse {what}: expected 'name = value'", at
    return f"cannot parse {what}: {reason.strip()}", line + raw.count("\n")


def _evaluate(raw: str, macros: dict[str, str]) -> str:
    """Evaluate a raw value: pieces joined by ``#``, one level of ``{}`` or ``""`` removed from each.

    Unknown macros (e.g. ``jan`` without a definition) stay as their name,
    as bibtexparser leaves them.
    """
    parts: list[str] = []
    position = _skip_space(raw, 0)
    if position == len(raw):
        raise _BadValue("empty value", position)
    while True:
        piece, position = _piece(raw, position, macros)
        parts.append(piece)
        position = _skip_space(raw, position)
        if position == len(raw):
            return "".join(parts)
        if raw[position] != "#":
            if "=" in raw[position:]:
                raise _BadValue("missing comma before the next field", position)
            raise _BadValue(f"unexpected text {raw[position:].split()[0]!r}", position)
        position = _skip_space(raw, position + 1)
        if position == len(raw):
            raise _BadValue("nothing after '#'", position)


def _piece(raw: str, start: int, macros: dict[str, str]) -> tuple[str, int]:
    """One ``{...}``, ``"..."`` or bare word starting at ``start``; its value and the end offset."""
    opener = raw[start]
    if opener in "{\"":
        depth = 0
        for index in range(start + 1, len(raw)):
            char = raw[index]
            if raw[index - 1] == "\\" and char in "{}\"":
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                if depth == 0:
                    if opener == "{":
                        return raw[start + 1 : index], index + 1
                    raise _BadValue("unbalanced '}'", index)
                depth -= 1
            elif char == '"' and opener == '"' and depth == 0:
                return raw[start + 1 : index], index + 1
        raise _BadValue("missing closing brace" if opener == "{" else "missing closing quote", start)
    word = _BARE_WORD.match(raw, start)
    if word is None:
        raise _BadValue(f"unexpected {opener!r}", start)
    name = word.group(0)
    return macros.get(name.lower(), name), word.end()


def _skip_space(raw: str, position: int) -> int:
    while position < len(raw) and raw[position].isspace():
        position += 1
    return position


def split_names(value: str) -> list[str]:
    """Split a name list on ``and`` outside braces, so ``{Barnes and Noble}`` stays one name."""
    names: list[str] = []
    depth = 0
    start = 0
    index = 0
    while index < len(value):
        char = value[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and char.isspace():
            separator = _AND.match(value, index)
            if separator:
                names.append(value[start:index])
                start = index = separator.end()
                continue
        index += 1
    names.append(value[start:])
    return [name.strip() for name in names if name.strip()]


@functools.lru_cache(maxsize=8192)  # an entry's fields are decoded once per quotation citing it
def strip_latex(value: str) -> str:
    """Plain text for display and matching: LaTeX decoded, protective braces gone, spaces collapsed.

    A bare ``%`` in a BibTeX value is a literal percent sign, not a LaTeX
    comment, so it is escaped first lest the rest of the value vanish.
    """
    text = _LATEX.latex_to_text(_UNESCAPED_PERCENT.sub(r"\\%", value))
    return " ".join(text.split())
