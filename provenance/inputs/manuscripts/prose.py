"""Divisions named in the prose: "chapter 6", the chapter "Title", "the seventh chapter", 第七章.

An author who writes "I translated the chapter 'Safeguard Technological
Security'" makes a claim about the source as checkable as a locator; these
references are found here so that they can be compared with the source's
divisions.
"""

from __future__ import annotations

import bisect
import re

from provenance.domain.locators import CHINESE_LABELS
from provenance.domain.numbers import CJK_NUMERAL_CHARS, parse_number, roman_to_int, words_to_int
from provenance.inputs.manuscripts.model import Citation, DivisionReference, LineIndex
from provenance.text.paragraphs import Paragraphs

_KINDS = {
    "chapter": "chapter",
    "chap.": "chapter",
    "section": "section",
    "sec.": "section",
    "§": "section",
    "part": "part",
    "pt.": "part",
    "article": "article",
    "art.": "article",
    "book": "book",
    "bk.": "book",
    "volume": "volume",
    "vol.": "volume",
}
# A book or volume named by title is usually a whole work, not one of its divisions.
_TITLED_KINDS = {"chapter", "section", "part", "article"}

_KIND = "|".join(re.escape(kind) for kind in sorted(_KINDS, key=len, reverse=True))
_TITLE = r'"[^"\n]{1,200}"|“[^”\n]{1,200}”|«[^»\n]{1,200}»|《[^》\n]{1,100}》|「[^」\n]{1,100}」'
_ENGLISH = re.compile(
    rf"(?:\b(?P<the>the)\s+(?:(?P<ordinal>[a-z0-9]+(?:st|nd|rd|th))\s+)?)?"
    rf"(?<![\w.])(?P<kind>{_KIND})(?:(?<=[.§])|(?!\w))"
    rf"(?:\s*(?P<number>\d+|[a-z]+(?:-[a-z]+)?)\b)?"
    rf"(?:[,:]?\s+(?:(?:titled|entitled|called|named)\s+)?(?P<title>{_TITLE}))?",
    re.IGNORECASE,
)
_CHINESE_KIND = "|".join(sorted(CHINESE_LABELS, key=len, reverse=True))
_CHINESE = re.compile(rf"第\s*(?P<number>[0-9{CJK_NUMERAL_CHARS}]+)\s*(?P<kind>{_CHINESE_KIND})")

_Found = tuple[int, int, str, int | None, str | None]  # start, end, kind, number, title


def _number(token: str | None) -> int | None:
    """A division number as prose writes it; lower-case words are not read as Roman numerals
    ("mix", "did") unless they are made only of i, v and x."""
    if not token:
        return None
    if token.isdigit() or token.isupper():
        return parse_number(token)
    if re.fullmatch(r"[ivx]+", token):
        return roman_to_int(token)
    return words_to_int(token)


def _from_english(match: re.Match) -> _Found | None:
    """The reference an English match makes, or None when it names no number or title.

    A lone "I" is a number only after a capitalised kind: "Part I", not "the part I played".
    """
    kind = _KINDS[match.group("kind").lower()]
    ordinal = parse_number(match.group("ordinal")) if match.group("ordinal") else None
    token = match.group("number")
    number = ordinal if ordinal is not None else _number(token)
    if ordinal is None and token == "I" and match.group("kind").islower():
        number = None
    title = match.group("title")[1:-1].strip() if match.group("title") and kind in _TITLED_KINDS else None
    if number is None and title is None:
        return None
    start = (
        match.start()
        if match.group("the") and (ordinal is not None or not match.group("ordinal"))
        else match.start("kind")
    )
    end = match.end() if title else match.end("kind") if ordinal is not None else match.end("number")
    return start, end, kind, number, title


def division_references(
    text: str,
    quoted: list[tuple[int, int]],
    groups: list[tuple[Citation, ...]],
    fallback_key: str | None,
    paragraphs: Paragraphs,
    lines: LineIndex,
) -> tuple[DivisionReference, ...]:
    """References in *text* (code, comments and citations already blanked), outside the *quoted* spans.

    Each is tied to the first citation of its paragraph, else to *fallback_key*.
    """
    first_key: dict[int, str] = {}
    for group in groups:
        first_key.setdefault(paragraphs.index(group[0].start.offset), group[0].key)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(quoted):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    merged_starts = [start for start, _ in merged]

    def inside_quotation(offset: int) -> bool:
        index = bisect.bisect_right(merged_starts, offset) - 1
        return index >= 0 and offset < merged[index][1]

    found = [reference for reference in map(_from_english, _ENGLISH.finditer(text)) if reference]
    for match in _CHINESE.finditer(text):
        found.append(
            (match.start(), match.end(), CHINESE_LABELS[match.group("kind")], parse_number(match.group("number")), None)
        )
    return tuple(
        DivisionReference(
            kind, number, title, lines.position(start), end, first_key.get(paragraphs.index(start), fallback_key)
        )
        for start, end, kind, number, title in sorted(found)
        if not inside_quotation(start)
    )
