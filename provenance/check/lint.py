"""The lint pipeline: ingest → resolve → rules → findings, cached in the store.

Findings are stored with the scope they were computed from. A lint whose
inputs all hash as before reads its findings back without parsing anything; a
changed manuscript is re-checked alone, its quotations that did not change found
where the last lint found them (:mod:`provenance.check.stored_resolutions`); a
changed source or bibliography re-checks everything, since any quotation may
resolve differently.

A run's inputs, findings and the record of which inputs they were computed from
(``lint-inputs``) are written in one transaction, and what changed is judged
against that record: a run killed at any point leaves the previous complete
state, never new inputs beside old findings.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from provenance.check import stored_resolutions
from provenance.check.finding_rows import Scoped, load, save, start_loading_scoped
from provenance.check.resolve import PartCheck, Resolution, Resolver
from provenance.check.rules import PREPARATIONS, Scope, rules_for
from provenance.domain.findings import FINDING_ORDER, Finding, Severity
from provenance.errors import InputError
from provenance.forked import Pending
from provenance.inputs.config import Config
from provenance.inputs.file_stats import FileStats
from provenance.inputs.fingerprint import ENTRY_SOURCE, OUTSIDE, code_signature, fingerprint_of
from provenance.inputs.input_files import read_input
from provenance.inputs.project import ManuscriptRecord, ProjectInputs
from provenance.store.model import Finding as FindingRow
from provenance.store.model import Manuscript, StoreState
from provenance.store.model import Quotation as QuotationRow

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
    state = StoreState.read(session, [FINGERPRINT, INPUTS, COUNTS])
    if len(state) < 3:
        return None
    inputs = [tuple(item) for item in json.loads(state[INPUTS])]
    if fingerprint_of(inputs) != state[FINGERPRINT] or not _inputs_unchanged(config, inputs, FileStats.load(session)):
        return None
    return LintResult(findings=load(session), counts=json.loads(state[COUNTS]), reused=True)


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


def _inputs_unchanged(config: Config, inputs: list[tuple], stats: FileStats) -> bool:
    """The config names the same files, and each still has the content it had (or the stat it had then)."""
    configured = {("bibliography", config.relative(p)) for p in config.bibliography_files()}
    configured |= {("manuscript", config.relative(p)) for p in config.manuscript_files()}
    configured |= {("source", config.relative(p)) for p in config.source_files()}
    outside = {(OUTSIDE, escape.shown, str(escape.target)) for escape in config.escapes()}
    configured |= {(kind, path) for kind, path, _target in outside}
    stored = {(kind, path) for kind, path, _digest in inputs}
    # Beyond the config's files, only sources entries name in `file` (their bibliographies are unchanged).
    if configured != {(kind, path) for kind, path in stored if kind != ENTRY_SOURCE}:
        return False
    # A path leading outside is never read: only where it leads matters.
    return all(
        (kind, path, digest) in outside if kind == OUTSIDE else _file_unchanged(config, kind, path, digest, stats)
        for kind, path, digest in inputs
    )


def _file_unchanged(config: Config, kind: str, path: str, digest: str, stats: FileStats) -> bool:
    try:  # hashed as ingest would, or vouched for by its stat
        return read_input(config, config.root / path, kind, stats).digest == digest
    except InputError:
        return False


def check(
    session: Session,
    project: ProjectInputs,
    progress: Progress | None = None,
    stored: Pending[list[Scoped]] | None = None,
) -> LintResult:
    """Run the rules where the inputs changed since the stored findings were made; store the findings.

    The work joins *session*'s transaction, so that it lands with the ingest that read the inputs.
    *stored*: the stored findings being read meanwhile, started in that transaction
    (:func:`~provenance.check.finding_rows.start_loading_scoped`), if any.
    """
    counts = {
        "manuscripts": len(project.manuscripts),
        "quotations": sum(m.counts[0] for m in project.manuscripts),
        "citations": sum(m.counts[1] for m in project.manuscripts),
        "sources": len(project.sources),
        "entries": len(project.entries),
    }
    state = StoreState.read(session, [FINGERPRINT, INPUTS, CODE])
    if state.get(FINGERPRINT) == project.fingerprint:
        if stored is not None:
            stored.cancel()
        return LintResult(findings=load(session), counts=counts, reused=True, inputs=project)
    manuscripts, cleared = _clear_stale(session, state, project)
    everything = cleared is None
    kept = _keeping(session, stored, cleared)
    if everything:
        project.prepared = {code: start(project) for code, start in PREPARATIONS.items()}
        stored_resolutions.clear(session)
    fresh = _check_manuscripts(session, project, manuscripts, progress, reuse=not everything)
    if everything:
        fresh += [(PROJECT_SCOPE, f) for f in _run(Scope.SOURCE, project.sources.values(), project)]
        fresh += [(PROJECT_SCOPE, f) for f in _run(Scope.ENTRY, project.entries.values(), project)]
        fresh += [(PROJECT_SCOPE, f) for f in _run(Scope.PROJECT, [project], project)]
    saved = save(session, fresh)
    StoreState.write(
        session,
        {
            FINGERPRINT: project.fingerprint,
            INPUTS: json.dumps(project.inputs),
            COUNTS: json.dumps(counts),
            CODE: code_signature(),
        },
    )
    # Kept findings first, then this run's: the order of their rows, as a later run will read them.
    return LintResult(findings=sorted(kept() + saved, key=FINDING_ORDER), counts=counts, inputs=project)


def _clear_stale(
    session: Session, state: dict[str, str], project: ProjectInputs
) -> tuple[list[ManuscriptRecord], set[str] | None]:
    """Delete the findings the changed inputs invalidate; the manuscripts to check, and the scopes
    cleared (None when all is to be checked again)."""
    changed = _changed_since(state, project)
    # New code (another version, another rule) may find other things anywhere: check it all.
    if (
        changed is None
        or state.get(CODE) != code_signature()
        or any(not _is_manuscript(project, path) for path in changed)
    ):
        session.execute(sa.delete(FindingRow))
        return project.manuscripts, None
    manuscripts = [m for m in project.manuscripts if m.path in changed]
    scopes = {f"manuscript:{path}" for path in changed}
    session.execute(sa.delete(FindingRow).where(FindingRow.scope.in_(scopes)))
    return manuscripts, scopes


def _keeping(
    session: Session, stored: Pending[list[Scoped]] | None, cleared: set[str] | None
) -> Callable[[], list[Finding]]:
    """The stored findings of what did not change, read meanwhile, as committed before this run
    (none when everything is checked again)."""
    if cleared is None:
        if stored is not None:
            stored.cancel()
        return list
    loading = stored if stored is not None else start_loading_scoped(session)
    return lambda: [finding for scope, finding in loading() if scope not in cleared]


def _check_manuscripts(
    session: Session,
    project: ProjectInputs,
    manuscripts: list[ManuscriptRecord],
    progress: Progress | None,
    *,
    reuse: bool,
) -> list[tuple[str, Finding]]:
    """Resolve every quotation of *manuscripts* and run the manuscript-scoped rules; record the resolutions."""
    fresh: list[tuple[str, Finding]] = []
    for manuscript, resolutions in _resolved(session, project, manuscripts, progress, reuse=reuse):
        extract = manuscript.extract
        findings = [
            *_run(Scope.QUOTATION, resolutions, project),
            *_run(Scope.CITATION, [(manuscript, c) for c in extract.citations], project),
            *_run(Scope.MANUSCRIPT, [manuscript], project),
            *_run(Scope.DIVISION_REFERENCE, [(manuscript, r) for r in extract.division_references], project),
        ]
        fresh += [(f"manuscript:{manuscript.path}", f) for f in findings]
        _record_resolutions(session, manuscript.path, resolutions)
    return fresh


def _resolved(
    session: Session,
    project: ProjectInputs,
    manuscripts: list[ManuscriptRecord],
    progress: Progress | None,
    *,
    reuse: bool,
) -> Iterator[tuple[ManuscriptRecord, list[Resolution]]]:
    """Each manuscript with its quotations resolved, kept in the store for the next lint.

    With *reuse* (only manuscripts changed since the last lint), a quotation the last lint
    resolved in the same manuscript, with the same words and citations, is not looked for again.
    """
    resolver = Resolver(project)
    keys = {m.path: [stored_resolutions.quotation_key(q) for q in m.extract.quotations] for m in manuscripts}
    known = {m.path: _known(session, m, keys[m.path], project) if reuse else {} for m in manuscripts}
    resolver.prepare(
        (m, q) for m in manuscripts for q, key in zip(m.extract.quotations, keys[m.path]) if key not in known[m.path]
    )
    total = sum(len(m.extract.quotations) for m in manuscripts)
    done = 0
    for manuscript in manuscripts:
        resolutions = []
        for quotation, key in zip(manuscript.extract.quotations, keys[manuscript.path]):
            checks = known[manuscript.path].get(key)
            resolutions.append(
                resolver.resolve(manuscript, quotation)
                if checks is None
                else resolver.resolution(manuscript, quotation, checks)
            )
            done += 1
            if progress and done % 50 == 0:
                progress("checking quotations", done, total)
        stored_resolutions.save(session, manuscript.path, keys[manuscript.path], resolutions)
        yield manuscript, resolutions
    if progress:
        progress("checking quotations", total, total)


def _known(
    session: Session, manuscript: ManuscriptRecord, keys: list[str], project: ProjectInputs
) -> dict[str, tuple[PartCheck, ...]]:
    """What the last lint resolved the quotations of *manuscript* to, for those it has the same keys for."""
    stored = stored_resolutions.load(session, manuscript.path)
    known = {}
    for key in set(keys) & stored.keys():
        checks = stored_resolutions.decoded(stored[key], project.sources)
        if checks is not None:
            known[key] = checks
    return known


def _changed_since(state: dict[str, str], project: ProjectInputs) -> set[str] | None:
    """Paths whose (kind, content) differ from the inputs the stored findings were made from; None if unknown."""
    if INPUTS not in state or FINGERPRINT not in state:
        return None
    before = {tuple(item) for item in json.loads(state[INPUTS])}
    now = set(project.inputs)
    return {path for _kind, path, _digest in before ^ now}


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
