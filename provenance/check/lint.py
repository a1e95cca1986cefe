"""The lint pipeline: ingest → resolve → rules → findings, cached in the store.

Findings are stored with the scope they were computed from. A lint whose
inputs all hash as before reads its findings back without parsing anything; a
changed manuscript is re-checked alone; a changed source or bibliography
re-checks everything, since any quotation may resolve differently.

A run's inputs, findings and the record of which inputs they were computed from
(``lint-inputs``) are written in one transaction, and what changed is judged
against that record: a run killed at any point leaves the previous complete
state, never new inputs beside old findings.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from provenance.check.resolve import Resolution, Resolver
from provenance.check.rules import PREPARATIONS, Scope, rules_for
from provenance.domain.findings import FINDING_ORDER, Evidence, Finding, Fix, Severity
from provenance.errors import InputError
from provenance.inputs.config import Config
from provenance.inputs.fingerprint import ENTRY_SOURCE, OUTSIDE, code_signature, fingerprint_of
from provenance.inputs.project import ManuscriptRecord, ProjectInputs
from provenance.store.model import Finding as FindingRow
from provenance.store.model import Manuscript, StoreState
from provenance.store.model import Quotation as QuotationRow
from provenance.text.files import content_hash, read_bytes

PROJECT_SCOPE = "project"
FINGERPRINT = "lint-fingerprint"
INPUTS = "lint-inputs"
COUNTS = "lint-counts"
CODE = "lint-code"

#: progress(stage, done, total): called as work advances, for a progress bar.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class StoredMatch:
    """What lint recorded a quotation resolved to (its row in the store), for the audit."""

    source_id: int | None
    match_kind: str | None
    source_start: int | None
    source_end: int | None
    score: float | None


@dataclass(frozen=True)
class LintResult:
    findings: list[Finding]
    counts: dict[str, int] = field(default_factory=dict)
    reused: bool = False
    #: The inputs the run read; None when nothing changed and the stored findings were read back unparsed.
    inputs: ProjectInputs | None = None
    #: (manuscript path, quotation start) → what the quotation resolved to, for a lint asked for detail.
    matches: dict[tuple[str, int], StoredMatch] | None = None
    #: The project's folder, against which findings' paths are relative.
    root: Path | None = None
    suppressed: int = 0
    baselined: int = 0
    #: The least severity that fails the run, so reports mark as failures what the exit status counts.
    fail_on: str = "error"

    def summary(self) -> dict:
        by_severity = Counter(f.severity.value for f in self.findings)
        return {
            **self.counts,
            "findings": len(self.findings),
            "by_severity": {s.value: by_severity.get(s.value, 0) for s in Severity},
            "by_code": dict(sorted(Counter(f.code for f in self.findings).items())),
            "suppressed": self.suppressed,
            "baselined": self.baselined,
        }


def stored_findings(session: Session, config: Config) -> LintResult | None:
    """The stored findings, if every input hashes as when they were made (nothing is parsed)."""
    rows = session.execute(
        sa.select(StoreState.name, StoreState.value).where(StoreState.name.in_([FINGERPRINT, INPUTS, COUNTS]))
    ).all()
    state = {name: value for name, value in rows}
    if len(state) < 3:
        return None
    inputs = [tuple(item) for item in json.loads(state[INPUTS])]
    if not _inputs_unchanged(config, inputs) or fingerprint_of(inputs) != state[FINGERPRINT]:
        return None
    return LintResult(findings=_load(session), counts=json.loads(state[COUNTS]), reused=True)


def stored_matches(session: Session) -> dict[tuple[str, int], StoredMatch]:
    """What every quotation resolved to, as the last check recorded it (so the audit matches nothing again)."""
    rows = session.execute(
        sa.select(
            Manuscript.path,
            QuotationRow.start,
            QuotationRow.source_id,
            QuotationRow.match_kind,
            QuotationRow.source_start,
            QuotationRow.source_end,
            QuotationRow.score,
        ).join(Manuscript, QuotationRow.manuscript_id == Manuscript.id)
    ).all()
    return {
        (row.path, row.start): StoredMatch(row.source_id, row.match_kind, row.source_start, row.source_end, row.score)
        for row in rows
    }


def _inputs_unchanged(config: Config, inputs: list[tuple]) -> bool:
    """The config names the same files, and each still has the content it had."""
    configured = {("bibliography", config.relative(p)) for p in config.bibliography_files()}
    configured |= {("manuscript", config.relative(p)) for p in config.manuscript_files()}
    configured |= {("source", config.relative(p)) for p in config.source_files()}
    outside = {(OUTSIDE, escape.shown, str(escape.target)) for escape in config.escapes()}
    configured |= {(kind, path) for kind, path, _target in outside}
    stored = {(kind, path) for kind, path, _digest in inputs}
    # Beyond the config's files, only sources entries name in `file` (their bibliographies are unchanged).
    if configured != {(kind, path) for kind, path in stored if kind != ENTRY_SOURCE}:
        return False
    for kind, path, digest in inputs:
        if kind == OUTSIDE:  # never read: only where it leads matters
            if (kind, path, digest) not in outside:
                return False
            continue
        try:
            if content_hash(read_bytes(config.root / path, shown_as=path)) != digest:
                return False
        except InputError:
            return False
    return True


def check(session: Session, project: ProjectInputs, progress: Progress | None = None) -> LintResult:
    """Run the rules where the inputs changed since the stored findings were made; store the findings.

    The work joins *session*'s transaction, so that it lands with the ingest that read the inputs.
    """
    counts = {
        "manuscripts": len(project.manuscripts),
        "quotations": sum(m.counts[0] for m in project.manuscripts),
        "citations": sum(m.counts[1] for m in project.manuscripts),
        "sources": len(project.sources),
        "entries": len(project.entries),
    }
    state = {
        name: value
        for name, value in session.execute(
            sa.select(StoreState.name, StoreState.value).where(StoreState.name.in_([FINGERPRINT, INPUTS, CODE]))
        )
    }
    if state.get(FINGERPRINT) == project.fingerprint:
        return LintResult(findings=_load(session), counts=counts, reused=True, inputs=project)
    manuscripts, everything = _clear_stale(session, state, project)
    if everything:
        project.prepared = {code: start(project) for code, start in PREPARATIONS.items()}
    fresh = _check_manuscripts(session, project, manuscripts, progress)
    if everything:
        fresh += [(PROJECT_SCOPE, f) for f in _run(Scope.SOURCE, project.sources.values(), project)]
        fresh += [(PROJECT_SCOPE, f) for f in _run(Scope.ENTRY, project.entries.values(), project)]
        fresh += [(PROJECT_SCOPE, f) for f in _run(Scope.PROJECT, [project], project)]
    saved = _save(session, fresh)
    _save_state(
        session,
        {
            FINGERPRINT: project.fingerprint,
            INPUTS: json.dumps(project.inputs),
            COUNTS: json.dumps(counts),
            CODE: code_signature(),
        },
    )
    # Checked all again, the run's own findings are the whole set: no need to read them back.
    findings = sorted(saved, key=FINDING_ORDER) if everything else _load(session)
    return LintResult(findings=findings, counts=counts, inputs=project)


def _clear_stale(
    session: Session, state: dict[str, str], project: ProjectInputs
) -> tuple[list[ManuscriptRecord], bool]:
    """Delete the findings the changed inputs invalidate; the manuscripts to check, and whether all is to be."""
    changed = _changed_since(state, project)
    # New code (another version, another rule) may find other things anywhere: check it all.
    everything = (
        changed is None
        or state.get(CODE) != code_signature()
        or any(not _is_manuscript(project, path) for path in changed)
    )
    changed = changed or set()
    manuscripts = [m for m in project.manuscripts if everything or m.path in changed]
    if everything:
        session.execute(sa.delete(FindingRow))
    else:
        scopes = [f"manuscript:{m.path}" for m in manuscripts] + [f"manuscript:{path}" for path in changed]
        session.execute(sa.delete(FindingRow).where(FindingRow.scope.in_(scopes)))
    return manuscripts, everything


def _check_manuscripts(
    session: Session, project: ProjectInputs, manuscripts: list[ManuscriptRecord], progress: Progress | None
) -> list[tuple[str, Finding]]:
    """Resolve every quotation of *manuscripts* and run the manuscript-scoped rules; record the resolutions."""
    resolver = Resolver(project)
    resolver.prepare((m, q) for m in manuscripts for q in m.extract.quotations)
    fresh: list[tuple[str, Finding]] = []
    total = sum(len(m.extract.quotations) for m in manuscripts)
    done = 0
    for manuscript in manuscripts:
        scope = f"manuscript:{manuscript.path}"
        resolutions = []
        for quotation in manuscript.extract.quotations:
            resolutions.append(resolver.resolve(manuscript, quotation))
            done += 1
            if progress and done % 50 == 0:
                progress("checking quotations", done, total)
        extract = manuscript.extract
        findings = [
            *_run(Scope.QUOTATION, resolutions, project),
            *_run(Scope.CITATION, [(manuscript, c) for c in extract.citations], project),
            *_run(Scope.MANUSCRIPT, [manuscript], project),
            *_run(Scope.DIVISION_REFERENCE, [(manuscript, r) for r in extract.division_references], project),
        ]
        fresh += [(scope, f) for f in findings]
        _record_resolutions(session, manuscript.path, resolutions)
    if progress:
        progress("checking quotations", total, total)
    return fresh


def _changed_since(state: dict[str, str], project: ProjectInputs) -> set[str] | None:
    """Paths whose (kind, content) differ from the inputs the stored findings were made from; None if unknown."""
    if INPUTS not in state or FINGERPRINT not in state:
        return None
    before = {tuple(item) for item in json.loads(state[INPUTS])}
    now = set(project.inputs)
    return {path for _kind, path, _digest in before ^ now}


def _save_state(session: Session, values: dict[str, str]) -> None:
    rows = {row.name: row for row in session.scalars(sa.select(StoreState).where(StoreState.name.in_(values)))}
    for name, value in values.items():
        if name in rows:
            rows[name].value = value
        else:
            session.add(StoreState(name=name, value=value))


def _is_manuscript(project: ProjectInputs, path: str) -> bool:
    return any(m.path == path for m in project.manuscripts)


def _run(scope: str, subjects: Iterable, project: ProjectInputs) -> list[Finding]:
    rules = rules_for(scope)
    return [finding for subject in subjects for rule in rules for finding in rule.run(scope, subject, project)]


def _record_resolutions(session: Session, path: str, resolutions: list[Resolution]) -> None:
    """Write what each quotation resolved to onto its row (for `trace` and reports)."""
    table = cast(sa.Table, QuotationRow.__table__)
    manuscript_id = session.scalar(sa.select(Manuscript.id).where(Manuscript.path == path))
    # Rows are found by their key: the table is indexed by manuscript, not by place in it.
    ids = dict(
        session.execute(sa.select(table.c.start, table.c.id).where(table.c.manuscript_id == manuscript_id)).all()
    )
    rows = [
        {
            "m_id": ids[r.quotation.start.offset],
            "m_source_id": r.primary.source.store_id if r.primary else None,
            "m_kind": (r.primary.match.kind.value if r.primary else "not-found"),
            "m_source_start": r.primary.match.source_start if r.primary else None,
            "m_source_end": r.primary.match.source_end if r.primary else None,
            "m_score": r.primary.match.score if r.primary else None,
        }
        for r in resolutions
        if r.quotation.start.offset in ids
    ]
    if rows:
        # The Core table, not the entity: an executemany UPDATE by primary key.
        session.execute(
            sa.update(table)
            .where(table.c.id == sa.bindparam("m_id"))
            .values(
                source_id=sa.bindparam("m_source_id"),
                match_kind=sa.bindparam("m_kind"),
                source_start=sa.bindparam("m_source_start"),
                source_end=sa.bindparam("m_source_end"),
                score=sa.bindparam("m_score"),
            ),
            rows,
        )


def _save(session: Session, findings: list[tuple[str, Finding]]) -> list[Finding]:
    """Store *findings* (scope, finding); return them as a later run will read them back (see _stored)."""
    rows = []
    saved = []
    for scope, f in findings:
        evidence = f.evidence.as_dict() if f.evidence else None
        rows.append(
            {
                "scope": scope,
                "code": f.code,
                "severity": f.severity.value,
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "message": f.message,
                "citation_key": f.citation_key,
                "evidence": evidence,
                "fix": f.fix.as_dict() if f.fix else None,
            }
        )
        # What _stored makes of the row, built from the finding: it already holds the severity and fix.
        saved.append(
            Finding(
                f.code,
                f.severity,
                f.path,
                f.line,
                f.column,
                f.message,
                f.citation_key,
                Evidence(extra=evidence) if evidence else None,
                f.fix,
            )
        )
    # The Core table, not the entity: one executemany, no unit-of-work bookkeeping per finding.
    if rows:
        session.execute(sa.insert(cast(sa.Table, FindingRow.__table__)), rows)
    return saved


def _stored(row) -> Finding:
    """A finding as its stored row holds it: the evidence one mapping, as every output reads it."""
    return Finding(
        code=row["code"],
        severity=Severity(row["severity"]),
        path=row["path"],
        line=row["line"],
        column=row["column"],
        message=row["message"],
        citation_key=row["citation_key"],
        evidence=Evidence(extra=row["evidence"]) if row["evidence"] else None,
        fix=Fix(**row["fix"]) if row["fix"] else None,
    )


def _load(session: Session) -> list[Finding]:
    # Plain rows, not ORM objects: a bibliography of 50,000 entries may carry 100,000 findings.
    table = FindingRow.__table__
    rows = session.execute(
        sa.select(
            table.c.code,
            table.c.severity,
            table.c.path,
            table.c.line,
            table.c.column,
            table.c.message,
            table.c.citation_key,
            table.c.evidence,
            table.c.fix,
        ).order_by(table.c.id)  # insertion order, so that findings equal in FINDING_ORDER keep the run's order
    )
    return sorted((_stored(row._mapping) for row in rows), key=FINDING_ORDER)
