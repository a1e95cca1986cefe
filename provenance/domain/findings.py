"""Findings: what a rule reports, as located data.

A finding always points at a real place (path, 1-based line and column) and,
for quotations, carries its evidence: what the source has, what the manuscript
has, and where in the source that is.
"""

from __future__ import annotations

import hashlib
import json
import operator
from dataclasses import dataclass, field
from enum import StrEnum
from json.encoder import encode_basestring_ascii
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True)
class Evidence:
    """What the rule saw: the expected text, the found text, and where the source has it."""

    expected: str | None = None
    found: str | None = None
    source_path: str | None = None
    source_line: int | None = None
    source_end_line: int | None = None
    division: str | None = None
    diff: tuple[dict[str, Any], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        # Field by field rather than dataclasses.asdict, whose deep copies dominate large reports.
        data: dict[str, Any] = {
            name: getattr(self, name) for name in _EVIDENCE_SCALARS if getattr(self, name) is not None
        }
        if self.diff:
            data["diff"] = list(self.diff)
        data.update(self.extra)
        return data


_EVIDENCE_SCALARS = ("expected", "found", "source_path", "source_line", "source_end_line", "division")

#: How evidence is written as JSON, in the store and in the JSON report alike: stored evidence is
#: then copied into the report as it stands.
encode_json = json.JSONEncoder(ensure_ascii=False).encode


class StoredEvidence:
    """Evidence as the store holds it, JSON text, decoded only when something reads it.

    A lint that re-checks one manuscript reads back the findings of every other; most are
    only counted and written out again, and decoding their evidence cost more than all the rest
    of reading them.
    """

    __slots__ = ("text", "_decoded")

    def __init__(self, text: str) -> None:
        self.text = text
        self._decoded: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        if self._decoded is None:
            self._decoded = json.loads(self.text)
        return dict(self._decoded)  # a copy, as Evidence.as_dict gives: the caller may change it

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Evidence, StoredEvidence)):
            return self.as_dict() == other.as_dict()
        return NotImplemented

    def __repr__(self) -> str:
        return f"StoredEvidence({self.text!r})"


@dataclass(frozen=True)
class Fix:
    """A replacement that would correct the finding: text at [start, end) of path."""

    path: str
    start: int
    end: int
    replacement: str
    description: str

    def as_dict(self) -> dict[str, Any]:
        # Field by field, as Evidence.as_dict: dataclasses.asdict's deep copies cost ten times as much.
        return {
            "path": self.path,
            "start": self.start,
            "end": self.end,
            "replacement": self.replacement,
            "description": self.description,
        }


@dataclass(frozen=True)
class Finding:
    """What a rule reports at one place. Findings sort by FINDING_ORDER (path, line, column, code, message)."""

    code: str
    severity: Severity
    path: str
    line: int
    column: int
    message: str
    citation_key: str | None = None
    evidence: Evidence | StoredEvidence | None = None
    fix: Fix | None = None

    @property
    def fingerprint(self) -> str:
        """Stable identity of the finding that ignores where it stands in the file."""
        # json.dumps of [code, path, citation key, message], written out with the encoder's own string
        # function: a report of 20,000 findings computes as many, and json.dumps took twice the time.
        identity = ", ".join(
            map(encode_basestring_ascii, (self.code, self.path, self.citation_key or "", self.message))
        )
        return hashlib.sha256(f"[{identity}]".encode()).hexdigest()[:16]

    def as_dict(self) -> dict[str, Any]:
        data = self.located()
        if self.evidence is not None:
            data["evidence"] = self.evidence.as_dict()
        if self.fix is not None:
            data["fix"] = self.fix.as_dict()
        data["fingerprint"] = self.fingerprint
        return data

    def located(self) -> dict[str, Any]:
        """The fields as_dict starts with: what was found where, without evidence, fix or fingerprint."""
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }
        if self.citation_key is not None:
            data["citation_key"] = self.citation_key
        return data


#: How findings are ordered in every output: a C-level key, as a lint may sort 100,000 findings twice.
FINDING_ORDER = operator.attrgetter("path", "line", "column", "code", "message")
