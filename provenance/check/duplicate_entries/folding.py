"""Field values as words to compare: LaTeX reduced to text, then case, accents and punctuation folded away.

Two records of one work differ in form far more often than in content: one
writes ``M{\\"u}ller``, the other "Müller" or "Muller"; one "Strategy: A
History", the other "strategy -- a history". Every comparison reads values
through :func:`plain` and :func:`fold`, so that such differences vanish.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "þ": "th",
        "ð": "d",
    }
)
# LaTeX's accent commands as Unicode combining marks, and its letter commands as letters.
_ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "c": "\u0327",
    "v": "\u030c",
    "u": "\u0306",
    "H": "\u030b",
    "k": "\u0328",
}
_ACCENT = re.compile(r"\\(?P<accent>[\"'`^~=.]|[cvuHk](?![A-Za-z]))\s*\{?\s*(?P<letter>\\?[A-Za-z])\}?")
_LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "i",
    "j": "j",
}
_FORMATTING = frozenset(
    {
        "emph",
        "textit",
        "textbf",
        "textsl",
        "textsc",
        "texttt",
        "textrm",
        "textsf",
        "it",
        "bf",
        "sl",
        "sc",
        "tt",
        "rm",
        "sf",
        "em",
        "mbox",
        "hbox",
        "url",
        "relax",
        "protect",
        "noopsort",
        "booktitle",
        "pkg",
        "acro",
        "slash",
        "Dash",
        "bgroup",
        "egroup",
        "ensuremath",
        "mathrm",
    }
)
_COMMAND = re.compile(r"\\(?:(?P<name>[A-Za-z]+)\s*|(?P<symbol>[^A-Za-z]))")


@lru_cache(maxsize=65536)
def plain(value: str) -> str:
    """A value as words to compare, LaTeX reduced to text.

    Not a LaTeX renderer (a full decoder costs a millisecond a value, too slow
    for a bibliography of 50,000 entries): accents become combining marks
    (``{\\"u}`` is "ü"), a letter macro its letter (``\\ss`` "ß"), a
    formatting command vanishes (``\\emph``), any other command stays as its
    name (``{\\TeX}`` is "TeX", where a renderer would drop the word).
    """
    if "\\" in value or "$" in value:
        value = _ACCENT.sub(lambda m: m["letter"] + _ACCENTS[m["accent"]], value)
        value = _COMMAND.sub(_command_text, value)
        value = unicodedata.normalize("NFC", value.replace("$", ""))
    return " ".join(value.replace("{", "").replace("}", "").replace("~", " ").split())


def _command_text(match: re.Match) -> str:
    name = match["name"]
    if name is None:
        # An escaped character (\\& is "&"); a discretionary hyphen or an italic correction is none.
        return "" if match["symbol"] in "-/" else match["symbol"]
    if name in _LETTERS:
        return _LETTERS[name]
    # A space where the command was: words on either side stay apart.
    return " " if name in _FORMATTING else f" {name} "


class _Separators(dict):
    """``str.translate`` table: every character that is not a letter or digit becomes a space.

    Filled as characters are met; the same as replacing ``[\\W_]`` (a regular
    expression's non-word characters and the underscore), and faster.
    """

    def __missing__(self, code: int) -> int:
        kept = code if chr(code).isalnum() else 32
        self[code] = kept
        return kept


class _AccentsAndSeparators(_Separators):
    """Also drops combining marks: an accent decomposed from its letter."""

    def __missing__(self, code: int) -> int | None:  # type: ignore[override]
        if unicodedata.combining(chr(code)):
            self[code] = None
            return None
        return super().__missing__(code)


_SEPARATORS = _Separators()
_ACCENTS_AND_SEPARATORS = _AccentsAndSeparators()


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, accents and punctuation gone, one space between words."""
    if text.isascii():
        return " ".join(text.lower().translate(_SEPARATORS).split())
    bare = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED)).translate(_ACCENTS_AND_SEPARATORS)
    return " ".join(bare.casefold().translate(_SEPARATORS).split())


def folded(value: str) -> str:
    """A field's value as folded words: :func:`plain`, then :func:`fold`."""
    return fold(plain(value)) if value else ""
