"""Citation locators: the ``chap. 6, sec. III`` in ``[@key, chap. 6, sec. III]``.

A locator is how a citation points inside its source, so the checker reads it
into labelled, numbered parts (CSL locator terms, integer numbers) that can be
compared with the divisions where a quotation was actually found.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from provenance.domain.divisions import Division
from provenance.domain.numbers import CJK_NUMERAL_CHARS, bounded, parse_number, roman_to_int

#: Locator labels as written (lower case) → the CSL locator term they stand for.
LABELS: dict[str, str] = {
    "chap.": "chapter",
    "ch.": "chapter",
    "chapter": "chapter",
    "chapters": "chapter",
    "sec.": "section",
    "secs.": "section",
    "section": "section",
    "sections": "section",
    "§": "section",
    "§§": "section",
    "art.": "article",
    "arts.": "article",
    "article": "article",
    "articles": "article",
    "p.": "page",
    "pp.": "page",
    "page": "page",
    "pages": "page",
    "para.": "paragraph",
    "paras.": "paragraph",
    "paragraph": "paragraph",
    "¶": "paragraph",
    "pt.": "part",
    "part": "part",
    "parts": "part",
    "bk.": "book",
    "book": "book",
    "books": "book",
    "vol.": "volume",
    "vols.": "volume",
    "volume": "volume",
    "volumes": "volume",
    "l.": "line",
    "ll.": "line",
    "line": "line",
    "lines": "line",
    "n.": "note",
    "nn.": "note",
    "note": "note",
    "notes": "note",
    "fig.": "figure",
    "figure": "figure",
    "col.": "column",
    "column": "column",
    "v.": "verse",
    "vv.": "verse",
    "verse": "verse",
    "verses": "verse",
}

#: Division suffixes of Chinese ordinals (第七章) → CSL locator term.
CHINESE_LABELS: dict[str, str] = {
    "章": "chapter",
    "节": "section",
    "条": "article",
    "部分": "part",
    "篇": "part",
    "编": "part",
    "款": "paragraph",
}

_LABEL_ALTERNATIVES = "|".join(re.escape(label) for label in sorted(LABELS, key=len, reverse=True))
# A label ends with a dot, a symbol, or a word boundary; "p.33" and "§3" need no space,
# and LaTeX's "p.~33" a tie.
_LABEL = re.compile(rf"(?P<label>{_LABEL_ALTERNATIVES})(?:(?<=[.§¶])|\b)[\s~]*", re.IGNORECASE)
_CHINESE_PIECE = re.compile(
    rf"第\s*([0-9{CJK_NUMERAL_CHARS}]+)\s*({'|'.join(sorted(CHINESE_LABELS, key=len, reverse=True))})"
)
_CHINESE = re.compile(rf"(?:{_CHINESE_PIECE.pattern}\s*)+")
# One number as locators write it: 33, 4.2, 33a, III, iv, seven, 七.
_TOKEN = re.compile(rf"\d+(?:[.:]\d+)*[a-z]?\b|[A-Za-z]+\b|[{CJK_NUMERAL_CHARS}]+")
_RANGE_JOIN = re.compile(r"\s*(?:[-–—]+|to\b)\s*")
_SEPARATOR = re.compile(r"\s*[,;]\s*")
_ATTEMPT = re.compile(r"[^\s,;{}\[\]]+")


@dataclass(frozen=True)
class LocatorPart:
    """One piece of a locator: ``sec. III`` → label "section", value "III", number 3."""

    label: str | None
    value: str
    number: int | None
    raw: str


@dataclass(frozen=True)
class Locator:
    """All the pieces of a locator, and the locator as written."""

    parts: tuple[LocatorPart, ...]
    raw: str

    @property
    def first(self) -> LocatorPart:
        return self.parts[0]


def _number_token(text: str, start: int, labelled: bool) -> int | None:
    """End of the number at *text[start:]*, or None if none starts there.

    Words count as numbers only after a label ("chapter seven"); bare, only
    Roman numerals do, so that a suffix like "one of many" is not a page.
    """
    match = _TOKEN.match(text, start)
    if not match:
        return None
    token = match.group()
    if token[0].isalpha() and token.isascii():
        if (parse_number(token) if labelled else roman_to_int(token)) is None:
            return None
    return match.end()


def _value_end(text: str, start: int, labelled: bool) -> int | None:
    """End of a value (a number or a range of them) starting at *start*, or None."""
    end = _number_token(text, start, labelled)
    if end is None:
        return None
    join = _RANGE_JOIN.match(text, end)
    if join and join.end() > end:
        second = _number_token(text, join.end(), labelled)
        if second is not None:
            return second
    return end


def _first_number(value: str) -> int | None:
    end = _number_token(value, 0, labelled=True)
    if end is None:
        return None
    token = value[:end]
    number = parse_number(token)
    if number is None and token[0].isdigit():
        digits = re.match(r"\d+", token)
        number = bounded(int(digits.group())) if digits else None
    return number


def _read_piece(piece: str, inherited: str | None) -> list[LocatorPart]:
    """The parts one comma-separated piece denotes (several for 第七章第三节)."""
    if _CHINESE.fullmatch(piece):
        return [
            LocatorPart(CHINESE_LABELS[m.group(2)], m.group(1), parse_number(m.group(1)), m.group())
            for m in _CHINESE_PIECE.finditer(piece)
        ]
    label_match = _LABEL.match(piece)
    if label_match:
        value = piece[label_match.end() :].strip()
        if value:
            return [LocatorPart(LABELS[label_match.group("label").lower()], value, _first_number(value), piece)]
    elif _value_end(piece, 0, labelled=False) == len(piece):
        # A bare number continues the previous label ("pp. 33, 35"), else is a page.
        return [LocatorPart(inherited or "page", piece, _first_number(piece), piece)]
    return [LocatorPart(None, piece, None, piece)]


@functools.lru_cache(maxsize=8192)  # manuscripts repeat their locators; a Locator is immutable
def parse_locator(text: str) -> Locator | None:
    """Read a locator; pieces it cannot read keep their text with no label or number."""
    raw = text.strip()
    if not raw:
        return None
    parts: list[LocatorPart] = []
    for piece in _SEPARATOR.split(raw):
        if piece:
            parts.extend(_read_piece(piece, parts[-1].label if parts else None))
    return Locator(tuple(parts), raw) if parts else None


def format_locator(locator: Locator | None) -> str:
    """A locator written back out, one piece after another."""
    return ", ".join(part.raw for part in locator.parts) if locator else ""


def _piece_end(text: str, start: int) -> int | None:
    """End of a locator piece (label and value, or a bare value) at *start*, or None."""
    chinese = _CHINESE.match(text, start)
    if chinese:
        return chinese.end() - (len(chinese.group()) - len(chinese.group().rstrip()))
    label = _LABEL.match(text, start)
    end = _value_end(text, label.end() if label else start, labelled=label is not None)
    if end is None and label:
        # "chap. -1", "chap. ☃", "art. 1e999": a label and an attempt at a number, kept as a
        # locator so that its unreadable number is reported rather than read as prose.
        attempt = _ATTEMPT.match(text, label.end())
        if attempt and not attempt.group().isalpha():
            return attempt.end()
    return end


def leading_locator_span(text: str) -> tuple[int, int] | None:
    """Span of the locator that opens a citation's suffix, as pandoc reads it.

    *text* is what follows the key (``, chap. 7, sec. III and passim``): an
    optional comma, then locator pieces separated by commas; the first piece
    that is not a locator begins the suffix. A braced locator (``{pp. iv, vi}``)
    is taken whole.
    """
    opening = re.match(r"\s*,?\s*", text)
    assert opening is not None  # the pattern matches the empty string, so it always matches
    position = opening.end()
    if text.startswith("{", position):
        close = text.find("}", position)
        return (position + 1, close) if close > position + 1 else None
    end = _piece_end(text, position)
    if end is None:
        return None
    start = position
    while True:
        separator = re.compile(r"\s*,\s*").match(text, end)
        following = _piece_end(text, separator.end()) if separator else None
        if following is None:
            return start, end
        end = following


def split_suffix(text: str) -> tuple[tuple[int, int] | None, str | None]:
    """What follows a cited key, split into the locator's span and the rest (the suffix)."""
    span = leading_locator_span(text)
    rest = text[span[1] :] if span else text
    if span and text[span[1] : span[1] + 1] == "}":
        rest = rest[1:]
    suffix = rest.strip().lstrip(",").strip()
    return span, suffix or None


#: Locator terms that name a division a source's headings can show.
DIVISION_LABELS = {"part", "book", "chapter", "section", "article", "paragraph"}
SHORT_LABELS = {
    "part": "pt.",
    "book": "bk.",
    "chapter": "chap.",
    "section": "sec.",
    "subsection": "sec.",
    "article": "art.",
    "paragraph": "para.",
}


def corrected_locator(locator: Locator, path: tuple[Division, ...]) -> str:
    """The locator rewritten to name the divisions of *path*, keeping pages and the like."""
    pieces = [f"{SHORT_LABELS.get(d.kind, d.kind)} {d.label}" for d in path if d.kind in SHORT_LABELS]
    pieces += [p.raw for p in locator.parts if p.label not in DIVISION_LABELS]
    return ", ".join(pieces)
