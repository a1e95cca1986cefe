"""Baselines: adopt the lint on a manuscript that already has findings.

`provenance baseline` records the current findings' fingerprints; `lint
--baseline FILE` then reports only findings not in it. A fingerprint is the
rule, the file, the cited key and the message, never the line, so edits above
an old finding do not make it new. Fingerprints are counted, so a second copy
of an old mistake is still reported.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from provenance.domain.findings import Finding
from provenance.errors import InputError

SCHEMA_ID = "provenance-baseline/1"


def write_baseline(path: Path, findings: list[Finding]) -> None:
    document = {
        "schema": SCHEMA_ID,
        "findings": [
            {"fingerprint": f.fingerprint, "code": f.code, "path": f.path, "message": f.message} for f in findings
        ],
    }
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        temporary.replace(path)
    except OSError as error:
        raise InputError(f"cannot write the baseline: {error.strerror}", path=str(path)) from None


def read_baseline(path: Path) -> Counter:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("baseline file not found", path=str(path)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", None)
        raise InputError(f"not a baseline file: {error}", path=str(path), line=line) from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA_ID:
        raise InputError(f"not a {SCHEMA_ID} file", path=str(path))
    items = document.get("findings", [])
    if not isinstance(items, list) or not all(
        isinstance(item, dict) and isinstance(item.get("fingerprint"), str) for item in items
    ):
        raise InputError("`findings` must be a list of objects with a string `fingerprint`", path=str(path))
    return Counter(item["fingerprint"] for item in items)
