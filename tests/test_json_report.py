"""The JSON report writes a finding read back from the store as the finding it was made from."""

from __future__ import annotations

import hashlib
import json

from hypothesis import given
from hypothesis import strategies as st

from provenance.domain.findings import Evidence, Finding, Fix, Severity, StoredEvidence, encode_json
from provenance.outputs.reports.json_report import encoded

# Any text: control characters, quotes, backslashes, CJK, astral and lone surrogates.
TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)

FINDINGS = st.builds(
    Finding,
    code=st.sampled_from(["Q001", "Q002", "L001", "B003"]),
    severity=st.sampled_from(list(Severity)),
    path=TEXT,
    line=st.integers(min_value=1, max_value=10**12),
    column=st.integers(min_value=1, max_value=10**6),
    message=TEXT,
    citation_key=st.none() | TEXT,
    evidence=st.builds(
        Evidence, expected=st.none() | TEXT, found=st.none() | TEXT, source_line=st.none() | st.integers()
    ),
    fix=st.none()
    | st.builds(Fix, path=TEXT, start=st.integers(0, 99), end=st.integers(0, 99), replacement=TEXT, description=TEXT),
)


@given(FINDINGS)
def test_a_stored_finding_is_written_as_the_finding_it_was(finding: Finding) -> None:
    stored = Finding(
        finding.code,
        finding.severity,
        finding.path,
        finding.line,
        finding.column,
        finding.message,
        finding.citation_key,
        StoredEvidence(encode_json(finding.evidence.as_dict())),
        finding.fix,
    )
    assert encoded(stored) == encoded(finding) == encode_json(finding.as_dict())
    assert json.loads(encoded(stored)) == json.loads(encode_json(finding.as_dict()))


@given(FINDINGS)
def test_the_fingerprint_is_the_one_baselines_recorded(finding: Finding) -> None:
    # The formula baseline files and SARIF reports were written with: they must keep matching.
    identity = [finding.code, finding.path, finding.citation_key or "", finding.message]
    assert finding.fingerprint == hashlib.sha256(json.dumps(identity).encode()).hexdigest()[:16]
