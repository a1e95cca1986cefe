"""Reading manuscripts: which syntax a file is written in, and what it quotes and cites."""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath

from provenance.inputs.manuscripts.latex import extract_latex
from provenance.inputs.manuscripts.markdown import extract_markdown, front_matter
from provenance.inputs.manuscripts.model import ManuscriptExtract

_LATEX_SUFFIXES = {".tex", ".ltx"}


def syntax_for(path: str) -> str:
    """ "latex" for LaTeX sources, else "markdown"."""
    return "latex" if PurePath(path).suffix.lower() in _LATEX_SUFFIXES else "markdown"


def extract(text: str, syntax: str) -> ManuscriptExtract:
    """The quotations, citations and division references of a manuscript in *syntax*."""
    return extract_latex(text) if syntax == "latex" else extract_markdown(text)


_LATEX_DATE = re.compile(r"\\date\{(?P<date>[^{}]*)\}")


def document_date(text: str, syntax: str) -> str | None:
    """The date a manuscript gives itself: `date:` in Markdown front matter, `\\date{}` in LaTeX."""
    if syntax == "latex":
        match = _LATEX_DATE.search(text)
        return match["date"].strip() or None if match else None
    fields, _ = front_matter(text)
    value = fields.get("date") if fields else None
    if isinstance(value, date):  # YAML reads an unquoted 2025-01-02 as a date
        return value.isoformat()
    return str(value).strip() or None if isinstance(value, str | int) else None
