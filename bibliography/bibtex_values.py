"""BibTeX field values evaluated as BibTeX does, and the two readings every caller needs: names and plain text.

A raw value is ``{...}``, ``"..."``, a number or an ``@string`` macro, joined
by ``#``; evaluating it removes one level of enclosing from each piece.
bibtexparser leaves concatenations untouched and silently glues a field onto
the previous one when the comma between them is missing; :func:`evaluate`
raises :class:`BadValue` for that instead, so the entry is reported, not
trusted.
"""

from __future__ import annotations

import functools
import re

from pylatexenc.latex2text import LatexNodes2Text

from bibliography.errors import FormatError

# Characters a BibTeX macro name or bare number may hold.
BARE_WORD = re.compile(r"[^\s\"#%'(),={}]+")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
_VALUE_MARK = re.compile(r'\\[\s\S]|[{}"]')
_INNER_MARK = re.compile(r'[{}"\\]')
_CLOSERS = {"{": "}", '"': '"'}
# biber predefines the month macros as the months' numbers.
_MONTH_MACROS = {
    name: str(number) for number, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)
}
_LATEX = LatexNodes2Text()


class BadValue(FormatError):
    """A field value that is not a valid BibTeX expression; ``offset`` is where it goes wrong.

    Never leaves the parser: it becomes a problem of the entry.
    """

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


def evaluate(raw: str, macros: dict[str, str]) -> str:
    """Evaluate a raw value: pieces joined by ``#``, one level of ``{}`` or ``""`` removed from each.

    The month macros biber predefines (``jan`` … ``dec``) are the months'
    numbers; any other undefined macro is empty, as biber (and BibTeX) read it.
    """
    closer = _CLOSERS.get(raw[:1])
    if closer and len(raw) > 1 and raw[-1] == closer and not _INNER_MARK.search(raw, 1, len(raw) - 1):
        return raw[1:-1]  # most values: one {...} or "..." with nothing inside to match or escape
    parts: list[str] = []
    position = _skip_space(raw, 0)
    if position == len(raw):
        raise BadValue("empty value", position)
    while True:
        piece, position = _piece(raw, position, macros)
        parts.append(piece)
        position = _skip_space(raw, position)
        if position == len(raw):
            return "".join(parts)
        if raw[position] != "#":
            if "=" in raw[position:]:
                raise BadValue("missing comma before the next field", position)
            raise BadValue(f"unexpected text {raw[position:].split()[0]!r}", position)
        position = _skip_space(raw, position + 1)
        if position == len(raw):
            raise BadValue("nothing after '#'", position)


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
                    raise BadValue("unbalanced '}'", index)
                depth -= 1
            elif char == '"' and opener == '"' and depth == 0:
                return raw[start + 1 : index], index + 1
        raise BadValue("missing closing brace" if opener == "{" else "missing closing quote", start)
    word = BARE_WORD.match(raw, start)
    if word is None:
        raise BadValue(f"unexpected {opener!r}", start)
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
