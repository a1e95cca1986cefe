"""BibTeX files read into plain, line-numbered entries, and the few LaTeX helpers they need.

bibtexparser (v2) splits the file into blocks; everything it leaves unsaid is
settled here, because a provenance checker must point at the exact place of a
problem and must never trust an entry it could only half read:

- every entry, field and malformed block has its 1-based line (and column),
  computed from its offset in the text (bibtexparser counts lines itself, and
  loses count after a line ending in a backslash; see
  :mod:`bibliography.bibtex_splitter`);
- each field value is evaluated as BibTeX does: ``{...}``, ``"..."``, numbers
  and ``@string`` macros joined by ``#``, with one level of enclosing removed.
  bibtexparser itself leaves concatenations untouched and silently glues a
  field onto the previous one when the comma between them is missing; the
  evaluation (:mod:`bibliography.bibtex_values`) turns that into a problem instead;
- a malformed block is a :class:`BibProblem`, never an exception, and the
  well-formed entries around it are still returned. Repeated fields and keys
  are resolved the way biber resolves them: the last value of a repeated
  field is kept, and of a repeated key (in one file or across the files of
  one bibliography) the first entry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bibtexparser.library import Library
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ImplicitComment,
    ParsingFailedBlock,
    String,
)

from bibliography.bibtex_parallel import read_in_parts
from bibliography.bibtex_splitter import Positions, Splitter, describe_failure, mask_for
from bibliography.bibtex_values import BARE_WORD, BadValue, evaluate, split_names, strip_latex
from bibliography.collection import no_cycle_collection
from bibliography.errors import BibliographyError

__all__ = [
    "DUPLICATE_FIELD",
    "DUPLICATE_KEY",
    "UNREADABLE",
    "BibEntry",
    "BibFile",
    "BibProblem",
    "BibliographyError",
    "merge_files",
    "parse_bibtex",
    "read_bibtex",
    "split_names",
    "strip_latex",
]

# bibtexparser logs every malformed block with 0-based lines; the problems
# returned here say the same with the right lines, so keep its log quiet
# unless the application configures logging itself.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

#: Kinds of :class:`BibProblem`, each reported under a rule code of its own.
UNREADABLE = "unreadable"
DUPLICATE_KEY = "duplicate-key"
DUPLICATE_FIELD = "duplicate-field"


@dataclass(frozen=True)
class BibEntry:
    """One entry as written: values keep inner braces and LaTeX, so callers decide how to render.

    ``column`` and ``field_columns`` are 1-based; entries that did not come
    from a .bib file (CSL-JSON, the store) may lack them.
    """

    key: str
    entry_type: str
    fields: dict[str, str]
    path: str
    line: int
    field_lines: dict[str, int]
    column: int = 1
    field_columns: dict[str, int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class BibProblem:
    """Something in the file that biber would reject or resolve silently.

    ``kind`` is :data:`UNREADABLE`, :data:`DUPLICATE_KEY` or
    :data:`DUPLICATE_FIELD`; ``key`` the entry concerned, when known.
    """

    message: str
    path: str
    line: int
    kind: str = UNREADABLE
    column: int = 1
    key: str | None = None


@dataclass(frozen=True)
class BibFile:
    """One file's usable entries and everything wrong with it, so one run can report all of it."""

    path: str
    entries: tuple[BibEntry, ...]
    problems: tuple[BibProblem, ...]


@dataclass
class Part:
    """One part of a file, read: its entries (a repeated key's too), problems and macros.

    ``ended`` says whether the part's text ended outside any block.
    """

    entries: list[BibEntry]
    problems: list[BibProblem]
    macros: dict[str, str]
    ended: bool


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


def parse_bibtex(text: str, path: str, parts: int | None = None) -> BibFile:
    """Parse BibTeX text; malformed blocks become problems, never exceptions.

    A large text is read in *parts* at once, one a processor (see
    :mod:`bibliography.bibtex_parallel`); the result is the same as read whole.
    """
    text = text.removeprefix("\ufeff")
    mask = mask_for(text) if "\\\\" in text else "\ue000"
    with no_cycle_collection():  # the parts read elsewhere come back as many objects too
        read = read_in_parts(text, path, mask, read_part, parts)
        if read is None:
            read = [read_part(text, path, mask)]
    entries, problems = _first_of_each_key((part.problems, part.entries) for part in read)
    problems.sort(key=lambda p: (p.line, p.column))
    return BibFile(path, tuple(entries.values()), tuple(problems))


def read_part(text: str, path: str, mask: str, line: int = 1, macros: dict[str, str] | None = None) -> Part:
    """Read one part of a file: *text* starts a line, line *line*, after the ``@string`` *macros*.

    Every entry is kept, a repeated key too: which copy wins is decided once
    all the parts are read.
    """
    with no_cycle_collection():
        return _read_part(text, path, mask, line, macros)


def _read_part(text: str, path: str, mask: str, line: int, macros: dict[str, str] | None) -> Part:
    splitter = Splitter(text, mask)
    library: Library = splitter.split()
    positions = Positions(text, line)
    unmask = (lambda value: value.replace(mask + mask, "\\\\")) if "\\\\" in text else (lambda value: value)
    macros = dict(macros or {})
    entries: list[BibEntry] = []
    problems: list[BibProblem] = []

    def problem(message: str, line: int, kind: str = UNREADABLE, column: int = 1, key: str | None = None) -> None:
        problems.append(BibProblem(message, path, line, kind, column, key))

    starts = iter(splitter.starts)
    for block in library.blocks:
        if isinstance(block, ImplicitComment):
            continue
        offset = next(starts)
        if isinstance(block, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)) and block.ignore_error_block:
            # Duplicates are found below, case-insensitively for field names.
            block = block.ignore_error_block
        if isinstance(block, ParsingFailedBlock):
            problem(*describe_failure(block, unmask, positions.at(offset)[0]))
        elif isinstance(block, String):
            try:
                macros[block.key.lower()] = evaluate(unmask(block.value), macros)
            except BadValue as error:
                problem(f"cannot parse @string '{block.key}': {error.message}", positions.at(offset)[0])
        elif isinstance(block, Entry):
            entry = _entry(block, macros, path, problem, positions, offset, unmask)
            if entry is not None:
                entries.append(entry)
    ended = not library.blocks or not _unfinished(library.blocks[-1])
    return Part(entries, problems, macros, ended)


def _unfinished(block: object) -> bool:
    """Whether the splitter was still inside this block when the text ended."""
    return isinstance(block, ParsingFailedBlock) and "end of file" in getattr(block.error, "abort_reason", "")


def merge_files(files: Iterable[BibFile]) -> tuple[dict[str, BibEntry], list[BibProblem]]:
    """The entries of several files as biber reads them together: a key defined again is skipped."""
    return _first_of_each_key((bib.problems, bib.entries) for bib in files)


def _first_of_each_key(
    groups: Iterable[tuple[Iterable[BibProblem], Iterable[BibEntry]]],
) -> tuple[dict[str, BibEntry], list[BibProblem]]:
    """The entries of (problems, entries) groups by key, the first of a repeated key kept as biber
    keeps it; and the groups' problems, with one for each entry skipped."""
    entries: dict[str, BibEntry] = {}
    problems: list[BibProblem] = []
    for found, read in groups:
        problems.extend(found)
        for entry in read:
            first = entries.get(entry.key)
            if first is None:
                entries[entry.key] = entry
                continue
            where = f"at line {first.line}" if first.path == entry.path else f"in {first.path}:{first.line}"
            problems.append(
                BibProblem(
                    f"duplicate key '{entry.key}': biber keeps the first entry, {where}, and skips this one",
                    entry.path,
                    entry.line,
                    DUPLICATE_KEY,
                    entry.column,
                    entry.key,
                )
            )
    return entries, problems


def _entry(
    block: Entry,
    macros: dict[str, str],
    path: str,
    problem: Callable[..., None],
    positions: Positions,
    offset: int,
    unmask: Callable[[str], str],
) -> BibEntry | None:
    """Build one entry, or report why it cannot be trusted and return None."""
    line, column = positions.at(offset)
    key = unmask(block.key)
    if not key:
        problem(f"cannot parse @{block.entry_type} entry: missing key", line, column=column)
        return None
    fields: dict[str, str] = {}
    field_lines: dict[str, int] = {}
    field_columns: dict[str, int] = {}
    broken = False
    # Fields follow each other in the raw text: each name is found after the previous value.
    raw = block.raw or ""
    cursor = raw.find(",") + 1
    for item in block.fields:
        name = item.key.lower()
        found = raw.find(item.key, cursor)
        if found < 0:  # not seen yet: the name is cut from the same raw text
            field_line, field_column = line, column
        else:
            cursor = found + len(item.key)
            field_line, field_column = positions.at(offset + found)
            value_at = raw.find(item.value, cursor)
            if value_at >= 0:
                cursor = value_at + len(item.value)
        if not BARE_WORD.fullmatch(name):
            problem(
                f"cannot parse entry '{key}': invalid field name '{' '.join(item.key.split())}'",
                field_line,
                column=field_column,
                key=key,
            )
            broken = True
            continue
        try:
            value = evaluate(unmask(item.value), macros)
        except BadValue as error:
            at = field_line + item.value[: error.offset].count("\n")
            problem(f"cannot parse entry '{key}': {error.message} (field '{name}')", at, key=key)
            broken = True
            continue
        if name in fields:
            problem(
                f"duplicate field '{name}' in entry '{key}': biber keeps this later value and "
                f"drops the one at line {field_lines[name]}",
                field_line,
                DUPLICATE_FIELD,
                field_column,
                key,
            )
        fields[name] = value
        field_lines[name] = field_line
        field_columns[name] = field_column
    if broken:
        return None
    return BibEntry(key, block.entry_type.lower(), fields, path, line, field_lines, column, field_columns)
