"""BibTeX files read into plain, line-numbered entries, and the few LaTeX helpers they need.

bibtexparser (v2) splits the file into blocks; everything it leaves unsaid is
settled here, because a provenance checker must point at the exact place of a
problem and must never trust an entry it could only half read:

- every entry and field has its 1-based line and column, computed from its
  offset in the text (bibtexparser counts lines itself, and loses count after
  a line ending in ``\\``; see :class:`_Splitter`);
- each field value is evaluated as BibTeX does: ``{...}``, ``"..."``, numbers
  and ``@string`` macros joined by ``#``, with one level of enclosing removed.
  bibtexparser itself leaves concatenations untouched and silently glues a
  field onto the previous one when the comma between them is missing; the
  evaluation below turns that into a problem instead;
- a malformed block is a :class:`BibProblem`, never an exception, and the
  well-formed entries around it are still returned. Repeated fields and keys
  are resolved the way biber resolves them: the last value of a repeated
  field is kept, and of a repeated key (in one file or across the files of
  one bibliography) the first entry.
"""

from __future__ import annotations

import functools
import logging
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bibtexparser.exceptions import BlockAbortedException
from bibtexparser.library import Library
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
    String,
)
from bibtexparser.splitter import Splitter
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
# biber predefines the month macros as the months' numbers.
_VALUE_MARK = re.compile(r'\\[\s\S]|[{}"]')
_MONTH_MACROS = {
    name: str(number) for number, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)
}
_DOUBLE_BACKSLASH = re.compile(r"\\\\")
_LATEX = LatexNodes2Text()

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


class _Splitter(Splitter):
    """bibtexparser 2.1's splitter with two upstream bugs fixed and block offsets recorded.

    - A mark after an even run of backslashes is not escaped
      (sciunto-org/python-bibtexparser PR #598, open): upstream's look-behind
      ``(?<!\\)`` takes the newline after a ``\\\\`` line break for escaped,
      so every later line number drifts, and a ``}`` after ``\\\\`` is lost.
      Each ``\\\\`` pair is masked by two characters that are no mark, of the
      same length, so offsets stay exact; :func:`_unmask` restores them.
    - A type that merely starts with ``comment`` (jurabib's ``@commented``) is an entry.
    - Inside a ``"..."`` value, braces still nest and a ``"`` within them is
      text (issue #487 asks this for ``{"}``; BibTeX and biber allow any
      braced group): ``"{Ein Handbuch f{\\"u}r zeitgem{"a}{\\ss} Schaffende}"``.
    """

    def __init__(self, text: str, mask: str):
        super().__init__(_DOUBLE_BACKSLASH.sub(mask + mask, text))
        #: id of each entry block -> offset of its ``@`` in the (unprefixed) text.
        self.offsets: dict[int, int] = {}

    def _handle_explicit_comment(self, m):
        # Upstream takes any type starting with "comment" for @comment: jurabib's @commented too.
        if m.group(0)[1:].strip().lower() != "comment":
            return self._handle_entry(m, m.group(0).lower())
        return super()._handle_explicit_comment(m)

    def _handle_entry(self, m, m_val):
        block = super()._handle_entry(m, m_val)
        # The splitter prefixes the text with a newline.
        self.offsets[id(block)] = m.start() - 1
        if isinstance(block, DuplicateFieldKeyBlock):
            self.offsets[id(block.ignore_error_block)] = m.start() - 1
        return block

    def _move_to_comma_or_closing_delimiter(
        self, currently_quote_escaped: bool = False, num_open_curls: int = 0
    ) -> int:
        in_quotes = currently_quote_escaped
        depth = num_open_curls
        while True:
            mark = self._next_mark(accept_eof=False)
            assert mark is not None  # without accept_eof, the end of the text raises instead
            char = mark.group(0)
            if char == "{":
                depth += 1
            elif char == "}" and depth > 0:
                depth -= 1
            elif char == '"' and depth == 0:
                in_quotes = not in_quotes
            elif char in (",", self._closing_delimiter) and depth == 0 and not in_quotes:
                self._unaccepted_mark = mark  # type: ignore[assignment]  # declared None upstream
                return mark.start()
            elif char.startswith("@") and self._is_at_line_start(mark.start()):
                self._unaccepted_mark = mark  # type: ignore[assignment]  # declared None upstream
                looking_for = '`"`' if in_quotes else "`}`" if depth else f"`,` or `{self._closing_delimiter}`"
                raise BlockAbortedException(
                    abort_reason=f"Unexpected block start: `{char}`. "
                    f"Was still looking for field-value closing {looking_for} ",
                    end_index=mark.start() - 1,
                )


class _Positions:
    """1-based line and column of offsets in one text."""

    def __init__(self, text: str):
        self._starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


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


def _mask_for(text: str) -> str:
    """A private-use character the text does not hold, to stand for one backslash of a pair."""
    return next(chr(code) for code in range(0xE000, 0xF8FF) if chr(code) not in text)


def parse_bibtex(text: str, path: str) -> BibFile:
    """Parse BibTeX text; malformed blocks become problems, never exceptions."""
    text = text.removeprefix("\ufeff")
    mask = _mask_for(text) if "\\\\" in text else "\ue000"
    splitter = _Splitter(text, mask)
    library: Library = splitter.split()
    positions = _Positions(text)
    unmask = (lambda value: value.replace(mask + mask, "\\\\")) if "\\\\" in text else (lambda value: value)
    macros: dict[str, str] = {}
    entries: dict[str, BibEntry] = {}
    problems: list[BibProblem] = []

    def problem(message: str, line: int, kind: str = UNREADABLE, column: int = 1, key: str | None = None) -> None:
        problems.append(BibProblem(message, path, line, kind, column, key))

    for block in library.blocks:
        if isinstance(block, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)) and block.ignore_error_block:
            # Duplicates are found below, case-insensitively for field names.
            block = block.ignore_error_block
        if isinstance(block, ParsingFailedBlock):
            message, line = _describe_failure(block, unmask)
            problem(message, line)
        elif isinstance(block, String):
            try:
                macros[block.key.lower()] = _evaluate(unmask(block.value), macros)
            except _BadValue as error:
                problem(f"cannot parse @string '{block.key}': {error.message}", (block.start_line or 0) + 1)
        elif isinstance(block, Entry):
            offset = splitter.offsets.get(id(block))
            entry = _entry(block, macros, path, problem, text, positions, offset, unmask)
            if entry is None:
                continue
            first = entries.get(entry.key)
            if first is not None:
                problem(
                    f"duplicate key '{entry.key}': biber keeps the first entry, at line {first.line}, "
                    "and skips this one",
                    entry.line,
                    DUPLICATE_KEY,
                    entry.column,
                    entry.key,
                )
            else:
                entries[entry.key] = entry
    problems.sort(key=lambda p: (p.line, p.column))
    return BibFile(path, tuple(entries.values()), tuple(problems))


def merge_files(files: Iterable[BibFile]) -> tuple[dict[str, BibEntry], list[BibProblem]]:
    """The entries of several files as biber reads them together: a key defined again is skipped."""
    entries: dict[str, BibEntry] = {}
    problems: list[BibProblem] = []
    for bib in files:
        problems.extend(bib.problems)
        for entry in bib.entries:
            first = entries.get(entry.key)
            if first is None:
                entries[entry.key] = entry
            else:
                problems.append(
                    BibProblem(
                        f"duplicate key '{entry.key}': biber keeps the first entry, in {first.path}:{first.line}, "
                        "and skips this one",
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
    text: str,
    positions: _Positions,
    offset: int | None,
    unmask: Callable[[str], str],
) -> BibEntry | None:
    """Build one entry, or report why it cannot be trusted and return None."""
    line, column = positions.at(offset) if offset is not None else ((block.start_line or 0) + 1, 1)
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
        if found < 0 or offset is None:
            field_line, field_column = (item.start_line or 0) + 1, 1
        else:
            cursor = found + len(item.key)
            field_line, field_column = positions.at(offset + found)
            value_at = raw.find(item.value, cursor)
            if value_at >= 0:
                cursor = value_at + len(item.value)
        if not _BARE_WORD.fullmatch(name):
            problem(
                f"cannot parse entry '{key}': invalid field name '{' '.join(item.key.split())}'",
                field_line,
                column=field_column,
                key=key,
            )
            broken = True
            continue
        try:
            value = _evaluate(unmask(item.value), macros)
        except _BadValue as error:
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


def _describe_failure(block: ParsingFailedBlock, unmask: Callable[[str], str]) -> tuple[str, int]:
    """Turn bibtexparser's abort reason into a message a writer can act on, and its line."""
    raw = unmask(block.raw or "")
    line = (block.start_line or 0) + 1
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

    The month macros biber predefines (``jan`` … ``dec``) are the months'
    numbers; any other undefined macro is empty, as biber (and BibTeX) read it.
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
    if opener in '{"':
        depth = 0
        # Jump from one delimiter to the next; a backslash escapes the character after it.
        for mark in _VALUE_MARK.finditer(raw, start + 1):
            char = mark.group()
            index = mark.start()
            if char[0] == "\\":
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
    if name.isdigit():
        return name, word.end()
    return macros.get(name.lower(), _MONTH_MACROS.get(name.lower(), "")), word.end()


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
