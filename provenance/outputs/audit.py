"""An audit of a project: every quotation (clean ones too) with its evidence and findings.

`lint` answers "what is wrong"; an editor reviewing a manuscript also needs to
see what is right, and where each quotation really comes from. The audit is
built from a detailed lint's result: its inputs, and what each quotation
resolved to as lint recorded it on the quotation's row, so a 10,000-quotation
project is neither read nor matched twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from provenance.check.lint import LintResult, StoredMatch
from provenance.check.resolve import Located, PartCheck, Resolution
from provenance.check.rules.pages import with_right_pages
from provenance.domain.findings import FINDING_ORDER, Finding
from provenance.domain.locators import Locator, corrected_locator
from provenance.inputs.manuscripts.model import Citation, Quotation
from provenance.inputs.project import EntryRecord, ManuscriptRecord, ProjectInputs, SourceRecord
from provenance.inputs.structure import format_path
from provenance.outputs.trace import Link, chain
from provenance.text.matching import Match, MatchKind, split_by_script

#: Characters of source text shown either side of a matched passage.
CONTEXT = 100


@dataclass(frozen=True)
class Passage:
    """Where a quotation sits in its source, with some text around it for context."""

    source_path: str
    line: int
    end_line: int
    text: str
    before: str
    after: str
    division: str
    match: str
    score: float


@dataclass(frozen=True)
class QuotationAudit:
    """One quotation as an editor checks it: quote, source passage, chain, findings, fix."""

    manuscript: str
    line: int
    column: int
    text: str
    #: The span of ``text`` compared with the passage: a bilingual quote's part in the source's language.
    compared: tuple[int, int]
    citation: str | None
    passage: Passage | None
    chain: tuple[Link, ...]
    findings: tuple[Finding, ...]
    corrected_citation: str | None


@dataclass(frozen=True)
class Audit:
    """The whole project: quotation records, the findings no quotation owns, the entries they name."""

    result: LintResult
    quotations: tuple[QuotationAudit, ...]
    other_findings: tuple[Finding, ...]
    manuscripts: tuple[str, ...]
    sources: dict[str, SourceRecord]
    entries: dict[str, EntryRecord]

    @property
    def bibliography_paths(self) -> frozenset[str]:
        return frozenset(e.path for e in self.entries.values())


def build_audit(result: LintResult) -> Audit:
    """Every quotation of a detailed lint *result* with its evidence, and the findings no quotation owns.

    The result's findings are shown as they are: a lint's findings after its policy
    (selection, suppressions, baseline).
    """
    project, matches, root = result.inputs, result.matches, result.root
    if project is None or matches is None or root is None:
        raise ValueError("the audit needs a detailed lint: Project.lint(detailed=True)")
    by_store_id = {s.store_id: s for s in project.sources.values() if s.store_id is not None}
    owners = _FindingOwners(project, result.findings)
    quotations = []
    for manuscript in project.manuscripts:
        text = _read(root / manuscript.path)
        for quotation in manuscript.extract.quotations:
            located = _located(matches.get((manuscript.path, quotation.start.offset)), by_store_id)
            quotations.append(
                _quotation_audit(project, manuscript, text, quotation, located, owners.of(manuscript.path, quotation))
            )
    return Audit(
        result=result,
        quotations=tuple(quotations),
        other_findings=tuple(owners.unowned()),
        manuscripts=tuple(m.path for m in project.manuscripts),
        sources=project.sources,
        entries=project.entries,
    )


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _located(row: StoredMatch | None, by_store_id: dict[int, SourceRecord]) -> Located | None:
    """What lint recorded for the quotation, as the resolver's Located (None: not found)."""
    if (
        row is None
        or row.source_id not in by_store_id
        or row.match_kind in (None, MatchKind.NOT_FOUND.value)
        or row.source_start is None
        or row.source_end is None
    ):
        return None
    match = Match(
        kind=MatchKind(row.match_kind), source_start=row.source_start, source_end=row.source_end, score=row.score or 0.0
    )
    return Located(by_store_id[row.source_id], match)


def _quotation_audit(
    project: ProjectInputs,
    manuscript: ManuscriptRecord,
    text: str,
    quotation: Quotation,
    located: Located | None,
    findings: list[Finding],
) -> QuotationAudit:
    citation = _citation(project, quotation, located)
    resolution = _resolution(project, manuscript, quotation, citation, located)
    part = resolution.parts[0].part if resolution.parts else None
    return QuotationAudit(
        manuscript=manuscript.path,
        line=quotation.start.line,
        column=quotation.start.column,
        text=quotation.text,
        compared=(part.start, part.end) if part else (0, len(quotation.text)),
        citation=_as_written(text, citation),
        passage=_passage(located),
        chain=tuple(chain(resolution, project)),
        findings=tuple(findings),
        corrected_citation=_corrected(citation, located),
    )


def _citation(project: ProjectInputs, quotation: Quotation, located: Located | None) -> Citation | None:
    """The citation whose source holds the passage, else the first (as the resolver chooses)."""
    if not quotation.citations:
        return None
    if located is not None:
        for citation in quotation.citations:
            if any(s.path == located.source.path for s in project.sources_of(citation.key)):
                return citation
    return quotation.citations[0]


def _resolution(
    project: ProjectInputs,
    manuscript: ManuscriptRecord,
    quotation: Quotation,
    citation: Citation | None,
    located: Located | None,
) -> Resolution:
    """The stored outcome as a Resolution, so the provenance chain is told as `trace` tells it."""
    parts = split_by_script(quotation.text)
    language = located.source.language if located else None
    part = next((p for p in parts if p.language == language), parts[0] if parts else None)
    checks = (PartCheck(part=part, cited=located, elsewhere=None, repeated=()),) if part else ()
    entry = project.entries.get(citation.key) if citation else None
    return Resolution(manuscript=manuscript, quotation=quotation, citation=citation, entry=entry, parts=checks)


def _as_written(text: str, citation: Citation | None) -> str | None:
    if citation is None:
        return None
    written = text[citation.start.offset : citation.end].strip()
    if written.startswith(("[", "@", "\\")):
        return written
    # A binding from front matter (`cites: key`) has no group in the text.
    return f"@{citation.key}" + (f", {citation.locator.raw}" if citation.locator else "")


def _passage(located: Located | None) -> Passage | None:
    if located is None:
        return None
    source, match = located.source, located.match
    return Passage(
        source_path=source.path,
        line=located.line,
        end_line=located.end_line,
        text=source.text[match.source_start : match.source_end],
        before=_context_before(source.text, match.source_start),
        after=_context_after(source.text, match.source_end),
        division=format_path(located.division_path),
        match=match.kind.value,
        score=match.score,
    )


def _context_before(text: str, start: int) -> str:
    """Up to CONTEXT characters before *start*, beginning at a word (a space-less script cuts anywhere)."""
    window = text[max(start - CONTEXT, 0) : start]
    if start > CONTEXT and " " in window:
        window = window[window.index(" ") + 1 :]
    return window


def _context_after(text: str, end: int) -> str:
    """Up to CONTEXT characters after *end*, ending at a word."""
    window = text[end : end + CONTEXT]
    if end + CONTEXT < len(text) and " " in window:
        window = window[: window.rindex(" ")]
    return window


def _corrected(citation: Citation | None, located: Located | None) -> str | None:
    """The citation naming the divisions that really hold the passage (pages and the like kept)."""
    if citation is None or located is None or not located.division_path:
        return None
    locator = with_right_pages(citation.locator or Locator(parts=(), raw=""), located)
    corrected = corrected_locator(locator, located.division_path)
    return f"[@{citation.key}, {corrected}]" if corrected else f"[@{citation.key}]"


class _FindingOwners:
    """Assigns each manuscript finding to the quotation (or its citation) it points into."""

    def __init__(self, project: ProjectInputs, findings: list[Finding]):
        self._lines = {m.path: m.lines for m in project.manuscripts}
        self._pending: dict[str, list[tuple[int, Finding]]] = {}
        self._unowned: list[Finding] = []
        for finding in findings:
            lines = self._lines.get(finding.path)
            if lines is None or not 0 < finding.line <= len(lines.starts):
                self._unowned.append(finding)
            else:
                offset = lines.starts[finding.line - 1] + finding.column - 1
                self._pending.setdefault(finding.path, []).append((offset, finding))

    def of(self, path: str, quotation: Quotation) -> list[Finding]:
        spans = [(quotation.start.offset, quotation.end)]
        spans += [(c.start.offset, c.end) for c in quotation.citations]
        pending = self._pending.get(path, [])
        owned = [(offset, f) for offset, f in pending if any(start <= offset < end for start, end in spans)]
        if owned:
            taken = {id(f) for _, f in owned}
            self._pending[path] = [(o, f) for o, f in pending if id(f) not in taken]
        return [f for _, f in owned]

    def unowned(self) -> list[Finding]:
        left = [f for pending in self._pending.values() for _, f in pending]
        return sorted(self._unowned + left, key=FINDING_ORDER)
