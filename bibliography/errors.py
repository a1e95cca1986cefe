"""The exceptions the formats raise, as one tree, and the root every error of the project grows from.

    LocatedError            any error about a place: ``path:line: message``
    └── FormatError             a file, value or style in one of the formats that cannot be used
        ├── BibliographyError   a bibliography file that cannot be read at all: missing, not UTF-8, not CSL-JSON
        ├── DateError           a date that is not a biblatex (EDTF) date; also a ValueError (bibliography.dates)
        ├── CslError            a CSL style that cannot be found or read, a key that is not among the items
        ├── PandocError         pandoc is missing or refused its input
        └── BadValue            a BibTeX field value that is no expression (bibliography.bibtex_values);
                                it never leaves the parser, which reports it as a problem of its entry

Every error carries the ``path`` and ``line`` it is about where they are
known. A malformed entry in a readable .bib file is no exception: it is a
:class:`~bibliography.bibtex.BibProblem`, and the entries around it are still
read. Whoever calls the formats translates these errors into its own at that
call (``provenance`` into its ``ProvenanceError`` tree).
"""

from __future__ import annotations


class LocatedError(Exception):
    """An error about a place: ``path:line: message``, or the message alone.

    The root of both trees, the formats' (:class:`FormatError`) and provenance's
    (``provenance.errors.ProvenanceError``), which sits above the formats and so
    can build on them where they cannot build on it.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class FormatError(LocatedError):
    """Base of every error the formats raise."""


class BibliographyError(FormatError):
    """The file cannot be read as a bibliography at all, so there is nothing to parse."""

    def __init__(self, message: str, *, path: str, line: int | None = None):
        super().__init__(message, path=path, line=line)


class CslError(FormatError):
    """A style that cannot be found or read, or a key that is not among the items."""


class PandocError(FormatError):
    """pandoc is missing or refused its input (a style it cannot read, a broken bibliography)."""
