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
    console.file.write(json.dumps(document(result), ensure_ascii=False, indent=2) + "\n")
