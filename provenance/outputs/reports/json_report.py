"""The ``provenance-lint/1`` JSON document (a public contract: see DESIGN.md)."""

from __future__ import annotations

import json
from json.encoder import encode_basestring

from provenance.domain.findings import Finding, StoredEvidence, encode_json

SCHEMA_ID = "provenance-lint/1"


def render(result, console) -> None:
    # One finding per line: readable and diffable, and written by json's C encoder
    # (an `indent` switches to the pure-Python one, several times slower on large reports).
    findings = ",\n    ".join(map(encoded, result.findings))
    console.file.write(
        f'{{\n  "schema": {json.dumps(SCHEMA_ID)},\n  "findings": [\n    {findings}\n  ],\n'
        if findings
        else f'{{\n  "schema": {json.dumps(SCHEMA_ID)},\n  "findings": [],\n'
    )
    console.file.write(f'  "summary": {json.dumps(result.summary(), ensure_ascii=False)}\n}}\n')


def encoded(finding: Finding) -> str:
    """*finding* as one line of JSON, the object its ``as_dict`` gives.

    Evidence read back from the store is copied in as the JSON text it is stored as, the
    encoding this report uses: it is neither decoded nor encoded again.
    """
    if not isinstance(finding.evidence, StoredEvidence):
        return encode_json(finding.as_dict())
    fix = f', "fix": {encode_json(finding.fix.as_dict())}' if finding.fix else ""
    return f'{_located(finding)}, "evidence": {finding.evidence.text}{fix}, "fingerprint": "{finding.fingerprint}"}}'


def _located(finding: Finding) -> str:
    """``encode_json(finding.located())`` without its closing brace, written out field by field:
    making and encoding the dict took two and a half times as long, for every finding read back."""
    key = "" if finding.citation_key is None else f', "citation_key": {encode_basestring(finding.citation_key)}'
    return (
        f'{{"code": {encode_basestring(finding.code)}, "severity": "{finding.severity.value}", '
        f'"path": {encode_basestring(finding.path)}, "line": {finding.line!r}, "column": {finding.column!r}, '
        f'"message": {encode_basestring(finding.message)}{key}'
    )
