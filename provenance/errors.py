"""The exceptions provenance raises, as one tree.

    ProvenanceError             anything the tool reports to a user and stops on
    ├── ConfigError             no config, a bad key, a glob that matches nothing required
    ├── InputError              a file that cannot be used: missing, binary, undecodable
    │   └── InputProblems       several such problems at once (a malformed .bib file)
    └── StoreError              the database cannot be opened or migrated

Every error carries a ``path`` and, where known, a ``line``, so the CLI can print
one ``path:line: message`` and exit 2 without a traceback. Problems that are a
matter of provenance (a bad quote, an unknown key) are never exceptions: they
are findings.
"""

from __future__ import annotations


class ProvenanceError(Exception):
    """Base of every error the CLI turns into a message and exit status 2."""

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


class ConfigError(ProvenanceError):
    """The configuration is missing or wrong."""


class InputError(ProvenanceError):
    """A named input file cannot be read as what it claims to be."""


class InputProblems(InputError):
    """Every problem found in the inputs, reported together so one run shows them all."""

    def __init__(self, problems: list[InputError]):
        super().__init__(f"{len(problems)} input problem(s)")
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


class StoreError(ProvenanceError):
    """The database cannot be reached, created or migrated."""
