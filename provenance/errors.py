"""The exceptions provenance raises, as one tree (under ``bibliography.errors.LocatedError``, the formats' root too).

    ProvenanceError             anything the tool reports to a user and stops on
    ├── ConfigError             no config, a bad key, a glob that matches nothing required
    ├── InputError              a file that cannot be used: missing, binary, undecodable,
    │   │                       a bibliography to import that cannot be read, a style pandoc refuses
    │   └── InputProblems       several such problems at once (a malformed .bib file)
    ├── StoreError              the database cannot be opened or migrated
    └── ZoteroError             the Zotero server refused or failed a request, or pyzotero is missing

Every error carries a ``path`` and, where known, a ``line``, so the CLI can print
one ``path:line: message`` and exit 2 without a traceback. Problems that are a
matter of provenance (a bad quote, an unknown key) are never exceptions: they
are findings.

Foreign errors are translated where provenance makes the call that raises
them, and nowhere else: the formats' ``bibliography.errors.FormatError`` in
:mod:`provenance.outputs.library` and :mod:`provenance.outputs.cite` (a
``DateError`` in a rule is a finding), SQLAlchemy's in
:mod:`provenance.store.database`, pyzotero's and its HTTP client's in
:func:`provenance.inputs.zotero.client_for`, which wraps every request (pushes too),
httpx's in :mod:`provenance.inputs.sources.fetch`, pypdf's in
:mod:`provenance.inputs.sources.pdf`, the file system's in
:mod:`provenance.text.files`. An exception outside this tree that reaches the
CLI is a bug: it says so in one line and exits 2.
"""

from __future__ import annotations

from bibliography.errors import LocatedError


class ProvenanceError(LocatedError):
    """Base of every error the CLI turns into a message and exit status 2."""


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


class ZoteroError(ProvenanceError):
    """The Zotero server refused or failed a request (the API key never appears in the message)."""
