"""The rule registry: one small documented unit per rule code.

Codes are a public contract (DESIGN.md): once published, a code keeps its
meaning forever; a retired rule stays in the table, marked retired. A rule is
a function over one kind of subject (a quotation, a source, an entry …) that
yields :class:`Problem` values; the registry stamps them with the rule's code
and severity.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from provenance.domain.findings import Evidence, Finding, Fix, Severity


class Scope:
    """What a rule looks at. Each scope is checked by its own loop in provenance.check.lint."""

    QUOTATION = "quotation"
    CITATION = "citation"
    MANUSCRIPT = "manuscript"  # a manuscript's own markup
    DIVISION_REFERENCE = "division-reference"
    SOURCE = "source"
    ENTRY = "entry"
    PROJECT = "project"  # rules that compare entries or sources with each other
    SUPPRESSION = "suppression"  # inline suppressions, checked after the rules ran


@dataclass(frozen=True)
class Problem:
    """What a rule found, before the registry gives it a code and severity."""

    message: str
    path: str
    line: int
    column: int = 1
    citation_key: str | None = None
    evidence: Evidence | None = None
    fix: Fix | None = None


Check = Callable[..., Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    """A rule: its public code and name, default severity, doc, and a check per scope."""

    code: str
    name: str
    severity: Severity
    doc: str
    checks: dict[str, Check]

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0]

    def run(self, scope: str, subject, context, severity: Severity | None = None) -> Iterable[Finding]:
        for problem in self.checks[scope](subject, context):
            yield Finding(
                code=self.code,
                severity=severity or self.severity,
                path=problem.path,
                line=problem.line,
                column=problem.column,
                message=problem.message,
                citation_key=problem.citation_key,
                evidence=problem.evidence,
                fix=problem.fix,
            )


RULES: dict[str, Rule] = {}

#: Rule code → what starts the rule's long work before any rule runs (see :func:`prepares`).
PREPARATIONS: dict[str, Callable[..., Callable[[], object]]] = {}


def rule(code: str, name: str, severity: Severity, scope: str):
    """Register the decorated check function as rule *code*; its docstring is the rule's doc."""

    def register(check: Check) -> Check:
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        doc = inspect.cleandoc(check.__doc__ or "")
        if not doc:
            raise ValueError(f"rule {code} has no documentation")
        RULES[code] = Rule(code=code, name=name, severity=severity, doc=doc, checks={scope: check})
        return check

    return register


def also_checks(code: str, scope: str):
    """Add a check of another scope to rule *code* (one finding kind, several subjects)."""

    def register(check: Check) -> Check:
        RULES[code].checks[scope] = check
        return check

    return register


def rules_for(scope: str, selected: Iterable[str] | None = None) -> list[Rule]:
    wanted = set(selected) if selected is not None else None
    return [
        r
        for r in sorted(RULES.values(), key=lambda r: r.code)
        if scope in r.checks and (wanted is None or r.code in wanted)
    ]


def find_rule(code_or_name: str) -> Rule | None:
    needle = code_or_name.strip()
    for candidate in RULES.values():
        if needle.upper() == candidate.code or needle.lower() == candidate.name:
            return candidate
    return None


def prepares(code: str):
    """Register the decorated function to start rule *code*'s long work before any rule runs.

    It is given the project's inputs and returns a function that gives the
    work's result; the lint stores that function in the inputs' ``prepared``
    under *code* before it runs the rules, so that work started in another
    process runs beside theirs. The rule's check takes it from there, and
    does the work itself where nothing was prepared (a rule run alone).
    """

    def register(start: Callable[..., Callable[[], object]]) -> Callable[..., Callable[[], object]]:
        if code not in RULES:
            raise ValueError(f"no rule {code} to prepare")
        PREPARATIONS[code] = start
        return start

    return register
