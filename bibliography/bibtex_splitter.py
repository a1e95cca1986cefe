"""bibtexparser's splitter, mended: a file's blocks with the offset of each entry, and why a block failed.

bibtexparser (v2) splits a file into blocks and counts lines itself; it loses
count after a line ending in ``\\`` and misreads a few things biber accepts
(see :class:`Splitter`). Offsets are kept exact here so that every entry and
field can be given its true line and column (:class:`Positions`), and a block
the splitter gives up on is described in words a writer can act on
(:func:`describe_failure`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from bibtexparser import splitter as upstream
from bibtexparser.exceptions import BlockAbortedException
from bibtexparser.model import ParsingFailedBlock

_BLOCK_HEAD = re.compile(r"@\s*(\w*)\s*[{(]\s*([^\s,={}()\"#%]*)")
_DOUBLE_BACKSLASH = re.compile(r"\\\\")


class Splitter(upstream.Splitter):
    """bibtexparser 2.1's splitter with two upstream bugs fixed and block offsets recorded.

    - A mark after an even run of backslashes is not escaped
      (sciunto-org/python-bibtexparser PR #598, open): upstream's look-behind
      ``(?<!\\)`` takes the newline after a ``\\\\`` line break for escaped,
      so every later line number drifts, and a ``}`` after ``\\\\`` is lost.
      Each ``\\\\`` pair is masked by two characters that are no mark, of the
      same length, so offsets stay exact; the caller restores them.
    - A type that merely starts with ``comment`` (jurabib's ``@commented``) is an entry.
    - Inside a ``"..."`` value, braces still nest and a ``"`` within them is
      text (issue #487 asks this for ``{"}``; BibTeX and biber allow any
      braced group): ``"{Ein Handbuch f{\\"u}r zeitgem{"a}{\\ss} Schaffende}"``.
    """

    def __init__(self, text: str, mask: str):
        super().__init__(_DOUBLE_BACKSLASH.sub(mask + mask, text))
        #: Offset of each block's ``@`` in the (unprefixed) text, in the order of the library's
        #: blocks less its implicit comments. Lines are counted from these: upstream's own count
        #: also skips the newline after a single ``\`` at the end of a line.
        self.starts: list[int] = []

    def _handle_explicit_comment(self, m):
        # Upstream takes any type starting with "comment" for @comment: jurabib's @commented too.
        if m.group(0)[1:].strip().lower() != "comment":
            return self._handle_entry(m, m.group(0).lower())
        return super()._handle_explicit_comment(m)

    def _open_block(self, m):
        # Every block but an implicit comment is opened here; the splitter prefixes the text with a newline.
        self.starts.append(m.start() - 1)
        super()._open_block(m)

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


def mask_for(text: str) -> str:
    """A private-use character the text does not hold, to stand for one backslash of a pair."""
    return next(chr(code) for code in range(0xE000, 0xF8FF) if chr(code) not in text)


class Positions:
    """1-based line and column of offsets in one text, whose first line is line *first*."""

    def __init__(self, text: str, first: int = 1):
        self._starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self._before = first - 1

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return self._before + line, offset - self._starts[line - 1] + 1


def describe_failure(block: ParsingFailedBlock, unmask: Callable[[str], str], line: int) -> tuple[str, int]:
    """Turn bibtexparser's abort reason into a message a writer can act on, and its line (the block's is *line*)."""
    raw = unmask(block.raw or "")
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
