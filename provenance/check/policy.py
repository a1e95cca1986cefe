"""What a lint reports and fails on: rule selection, severities, suppressions, baseline.

Rules always run in full (their findings are cached in the store); the policy
is applied afterwards, so changing `select` or a baseline never forces a
re-check. Order: selection and per-file ignores, severity overrides, inline
suppressions (with unused ones reported as S001), then the baseline.
"""

from __future__ import annotations

import fnmatch
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from provenance.check.rules import RULES, Scope
from provenance.check.suppressions import MARKER, Suppression, find_suppressions
from provenance.domain.findings import FINDING_ORDER, Finding, Severity
from provenance.errors import ConfigError
from provenance.inputs.config import Config
from provenance.inputs.project import ProjectInputs
from provenance.text.files import decode_text, may_contain, read_bytes


@dataclass(frozen=True)
class Policy:
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fail_on: str = "error"

    @classmethod
    def from_config(
        cls, config: Config, *, select: tuple[str, ...] = (), ignore: tuple[str, ...] = (), fail_on: str | None = None
    ) -> Policy:
        """The config's policy, with command-line `--select` replacing and `--ignore` extending it."""
        named = {
            "`select`": config.select or (),
            "`extend-select`": config.extend_select,
            "`ignore`": config.ignore,
            "`severity`": tuple(config.severity),
            "`per-file-ignores`": tuple(c for codes in config.per_file_ignores.values() for c in codes),
        }
        _refuse_unknown_codes(named, str(config.path or config.root))
        _refuse_unknown_codes({"--select": select, "--ignore": ignore}, None)
        return cls(
            select=select or config.select,
            extend_select=config.extend_select,
            ignore=(*config.ignore, *ignore),
            severity=config.severity,
            per_file_ignores=config.per_file_ignores,
            fail_on=fail_on or config.fail_on,
        )

    def selects(self, code: str, path: str | None = None) -> bool:
        chosen = self.select is None or _matches(code, (*self.select, *self.extend_select))
        ignored = _matches(code, self.ignore) or (
            path is not None
            and any(
                fnmatch.fnmatch(path, pattern) and _matches(code, codes)
                for pattern, codes in self.per_file_ignores.items()
            )
        )
        return chosen and not ignored

    def fails(self, findings: list[Finding]) -> bool:
        threshold = Severity(self.fail_on).rank
        return any(f.severity.rank >= threshold for f in findings)


def _refuse_unknown_codes(named: dict[str, tuple[str, ...]], path: str | None) -> None:
    """A code or prefix that names no rule is a typo that would silently select or ignore nothing."""
    for where, patterns in named.items():
        unknown = [p for p in patterns if not any(code.startswith(p.upper()) for code in RULES)]
        if unknown:
            raise ConfigError(
                f"{where} names no rule: {', '.join(map(repr, unknown))} (`provenance rules` lists them)", path=path
            )


def _matches(code: str, patterns) -> bool:
    return any(code.startswith(pattern.upper()) for pattern in patterns)


@dataclass(frozen=True)
class Outcome:
    findings: list[Finding]
    suppressed: int = 0
    baselined: int = 0


def apply_policy(
    findings: list[Finding],
    policy: Policy,
    config: Config,
    inputs: Callable[[], ProjectInputs],
    baseline: Counter | None = None,
) -> Outcome:
    """*inputs* is called only if a manuscript holds a suppression comment."""
    # Suppressions first: one whose rule is deselected still silences a finding, so it is not unused.
    kept, suppressed = _suppress(findings, policy, config, inputs)
    # Findings share a few codes and paths: decide each pair once (a bibliography may give 100,000).
    selected: dict[tuple[str, str], bool] = {}
    for finding in kept:
        if (finding.code, finding.path) not in selected:
            selected[finding.code, finding.path] = policy.selects(finding.code, finding.path)
    kept = [_with_severity(f, policy) for f in kept if selected[f.code, f.path]]
    baselined = 0
    if baseline:
        remaining = Counter(baseline)
        fresh = []
        for finding in kept:
            if remaining[finding.fingerprint] > 0:
                remaining[finding.fingerprint] -= 1
                baselined += 1
            else:
                fresh.append(finding)
        kept = fresh
    return Outcome(sorted(kept, key=FINDING_ORDER), suppressed, baselined)


def _with_severity(finding: Finding, policy: Policy) -> Finding:
    level = policy.severity.get(finding.code)
    return replace(finding, severity=Severity(level)) if level else finding


def _suppress(
    findings: list[Finding], policy: Policy, config: Config, load_inputs: Callable[[], ProjectInputs]
) -> tuple[list[Finding], int]:
    """The findings no suppression comment covers, with S001 for each unused one; and how many were covered."""
    texts = _texts_with_suppressions(config)
    if not texts:
        return findings, 0
    project = load_inputs()
    suppressions: list[Suppression] = []
    for manuscript in project.manuscripts:
        if manuscript.path in texts:
            suppressions += find_suppressions(manuscript, texts[manuscript.path])
    if not suppressions:
        return findings, 0
    used: set[tuple[int, str]] = set()
    kept = []
    for finding in findings:
        covering = next((i for i, s in enumerate(suppressions) if _covers(s, finding)), None)
        if covering is None:
            kept.append(finding)
        else:
            used.add((covering, finding.code))
    return kept + _unused(suppressions, used, project), len(findings) - len(kept)


def _unused(suppressions: list[Suppression], used: set[tuple[int, str]], project: ProjectInputs) -> list[Finding]:
    """S001 for each suppression comment (or code of one) that silenced nothing."""
    unused = [(s, tuple(c for c in s.codes if (i, c) not in used)) for i, s in enumerate(suppressions)]
    rule = RULES["S001"]
    return [f for s, codes in unused if codes for f in rule.run(Scope.SUPPRESSION, (s, codes), project)]


def _texts_with_suppressions(config: Config) -> dict[str, str]:
    """Manuscript path → text, for the manuscripts holding a suppression comment (read before any parsing)."""
    texts = {}
    for path in config.manuscript_files():
        shown = config.relative(path)
        data = read_bytes(path, shown_as=shown)
        if not may_contain(data, MARKER):  # most manuscripts: not decoded for nothing
            continue
        text = decode_text(data, shown_as=shown)
        if MARKER in text:
            texts[shown] = text
    return texts


def _covers(suppression: Suppression, finding: Finding) -> bool:
    lines = suppression.covers
    return (
        suppression.path == finding.path
        and lines is not None
        and lines[0] <= finding.line <= lines[1]
        and finding.code in suppression.codes
    )
