"""Inline suppressions: a comment that silences named rules on the next quotation.

Markdown: ``<!-- provenance: ignore[Q002] the translator's wording is quoted on purpose -->``
LaTeX:    ``% provenance: ignore[Q002, L001] reason``

A suppression covers the quotation that follows it, from the quotation's first
line to the end of its citation, so a locator finding on the citation's line is
covered too. One that silences nothing is reported (S001), so stale
suppressions do not pile up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from provenance.inputs.project import ManuscriptRecord

#: Every suppression comment holds this; a manuscript without it is not parsed for them.
MARKER = "provenance:"
_MARKDOWN = re.compile(r"<!--\s*provenance:\s*ignore\[(?P<codes>[^\]]*)\](?P<reason>.*?)-->", re.DOTALL)
_LATEX = re.compile(r"(?m)^[ \t]*%+[ \t]*provenance:\s*ignore\[(?P<codes>[^\]]*)\](?P<reason>[^\n]*)")


@dataclass(frozen=True)
class Suppression:
    path: str
    line: int
    column: int
    codes: tuple[str, ...]
    reason: str
    #: Lines of the quotation (and its citation) it covers; None when no quotation follows.
    covers: tuple[int, int] | None


def find_suppressions(manuscript: ManuscriptRecord, text: str) -> list[Suppression]:
    pattern = _LATEX if manuscript.syntax == "latex" else _MARKDOWN
    quotations = sorted(manuscript.extract.quotations, key=lambda q: q.start.offset)
    found = []
    for match in pattern.finditer(text):
        codes = tuple(code.strip().upper() for code in match["codes"].split(",") if code.strip())
        following = next((q for q in quotations if q.start.offset >= match.end()), None)
        covers = manuscript.lines_of(following) if following is not None else None
        position = manuscript.lines.position(match.start())
        found.append(
            Suppression(
                path=manuscript.path,
                line=position.line,
                column=position.column,
                codes=codes,
                reason=match["reason"].strip(),
                covers=covers,
            )
        )
    return found
