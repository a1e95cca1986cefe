"""Reading manuscripts: which syntax a file is written in, and what it quotes and cites."""

from __future__ import annotations

from pathlib import PurePath

from provenance.manuscripts.latex import extract_latex
from provenance.manuscripts.markdown import extract_markdown
from provenance.manuscripts.model import ManuscriptExtract

_LATEX_SUFFIXES = {".tex", ".ltx"}


def syntax_for(path: str) -> str:
    """"latex" for LaTeX sources, else "markdown"."""
    return "latex" if PurePath(path).suffix.lower() in _LATEX_SUFFIXES else "markdown"


def extract(text: str, syntax: str) -> ManuscriptExtract:
    """The quotations, citations and division references of a manuscript in *syntax*."""
    return extract_latex(text) if syntax == "latex" else extract_markdown(text)
