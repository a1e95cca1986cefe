"""The citation a source text suggests for itself ("Cite This Article").

Publishers print a ready-made citation under a heading such as "Cite This
Article", "How to cite" or "Suggested citation". Copied into bibliographies, it
spreads whatever it says; when it names a division (“Chapter Six: …”), that
division can be checked against the text's own headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from provenance.domain.numbers import CJK_NUMERAL_CHARS, parse_number

_HEADING = re.compile(
    r"^[ \t#]*(?:cite this (?:article|page|chapter|work)|how to cite(?: this [a-z]+)?|"
    r"suggested citation|recommended citation)[ \t:.]*$",
    re.IGNORECASE | re.MULTILINE,
)
_MENTION = re.compile(
    r"\b(?P<kind>part|book|chapter|section|article)[ \t]+(?P<label>\d+|[IVXLCDM]+\b|[A-Za-z]+(?:-[a-z]+)?)"
    r"(?:[ \t]*[:.\-–—][ \t]*(?P<title>[^\"“”.]+))?",
    re.IGNORECASE,
)
_CHINESE_MENTION = re.compile(rf"第(?P<label>[\d{CJK_NUMERAL_CHARS}]+)(?P<kind>[编章节条])")
_CHINESE_KINDS = {"编": "part", "章": "chapter", "节": "section", "条": "article"}


@dataclass(frozen=True)
class SuggestedCitation:
    text: str
    start: int
    line: int
    division_kind: str | None
    division_number: int | None
    division_title: str | None


def parse_division_mention(text: str) -> tuple[str, int, str | None] | None:
    """The first division *text* names, as (kind, number, title): “Chapter Six: Uphold …” → chapter 6."""
    for match in _MENTION.finditer(text):
        number = parse_number(match["label"])
        if number is not None:
            title = match["title"].strip() if match["title"] else None
            return match["kind"].lower(), number, title or None
    chinese = _CHINESE_MENTION.search(text)
    if chinese:
        number = parse_number(chinese["label"])
        return (_CHINESE_KINDS[chinese["kind"]], number, None) if number is not None else None
    return None


def find_suggested_citations(text: str) -> list[SuggestedCitation]:
    """Each suggested citation in *text*: the first paragraph after a "Cite This Article" heading."""
    found = []
    for heading in _HEADING.finditer(text):
        start = heading.end()
        while start < len(text) and text[start].isspace():
            start += 1
        end = text.find("\n\n", start)
        end = len(text) if end == -1 else end
        citation = text[start:end].strip()
        if not citation:
            continue
        mention = parse_division_mention(citation) or (None, None, None)
        found.append(
            SuggestedCitation(
                text=citation,
                start=start,
                line=text.count("\n", 0, start) + 1,
                division_kind=mention[0],
                division_number=mention[1],
                division_title=mention[2],
            )
        )
    return found
