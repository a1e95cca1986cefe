"""The ``provenance-lint/1`` JSON document (a public contract: see DESIGN.md)."""

from __future__ import annotations

import json

SCHEMA_ID = "provenance-lint/1"


def document(result) -> dict:
    return {
        "schema": SCHEMA_ID,
        "findings": [finding.as_dict() for finding in result.findings],
        "summary": result.summary(),
    }


def render(result, console) -> None:
    # One finding per line: readable and diffable, and written by json's C encoder
    # (an `indent` switches to the pure-Python one, several times slower on large reports).
    data = document(result)
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one a finding
    findings = ",\n    ".join(encode(finding) for finding in data["findings"])
    console.file.write(
        f'{{\n  "schema": {json.dumps(SCHEMA_ID)},\n  "findings": [\n    {findings}\n  ],\n'
        if findings
        else f'{{\n  "schema": {json.dumps(SCHEMA_ID)},\n  "findings": [],\n'
    )
    console.file.write(f'  "summary": {json.dumps(data["summary"], ensure_ascii=False)}\n}}\n')
