"""SARIF 2.1.0: the format code-review tools (GitHub code scanning …) show inline.

One reportingDescriptor per rule, with its documentation as help text; one
result per finding, located by region; `partialFingerprints` carry the
finding's line-independent fingerprint so reviews do not re-raise old findings.
"""

from __future__ import annotations

import json
from pathlib import Path

from provenance import __version__
from provenance.check.rules import RULES
from provenance.inputs.manuscripts.model import LineIndex
from provenance.text.files import decode_text, read_bytes

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
HELP_URI = "https://pypi.org/project/provenance/#rules"


def document(result) -> dict:
    regions = _FixRegions(result.root)
    codes = sorted(RULES)
    index = {code: position for position, code in enumerate(codes)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "provenance",
                        "version": __version__,
                        "informationUri": HELP_URI,
                        "rules": [_descriptor(RULES[code]) for code in codes],
                    }
                },
                "results": [_result(finding, index, regions) for finding in result.findings],
            }
        ],
    }


def _descriptor(rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "helpUri": f"{HELP_URI}-{rule.code.lower()}",
        "defaultConfiguration": {"level": LEVELS[rule.severity.value]},
    }


class _FixRegions:
    """Fix spans as line/column regions: the tool's offsets count the text without a BOM and with
    LF line ends, which a file on disk may not have, while lines and columns mean the same in both."""

    def __init__(self, root: Path | None):
        self.root = root
        self.lines: dict[str, LineIndex] = {}

    def region(self, fix) -> dict:
        if self.root is None:
            return {"charOffset": fix.start, "charLength": fix.end - fix.start}
        if fix.path not in self.lines:
            text = decode_text(read_bytes(self.root / fix.path, shown_as=fix.path), shown_as=fix.path)
            self.lines[fix.path] = LineIndex(text)
        start, end = self.lines[fix.path].position(fix.start), self.lines[fix.path].position(fix.end)
        return {"startLine": start.line, "startColumn": start.column, "endLine": end.line, "endColumn": end.column}


def _result(finding, index: dict[str, int], regions: _FixRegions) -> dict:
    result = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": LEVELS[finding.severity.value],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": finding.path},
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                }
            }
        ],
        "partialFingerprints": {"provenanceFingerprint/v1": finding.fingerprint},
    }
    if finding.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": finding.fix.description},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": finding.fix.path},
                        "replacements": [
                            {
                                "deletedRegion": regions.region(finding.fix),
                                "insertedContent": {"text": finding.fix.replacement},
                            }
                        ],
                    }
                ],
            }
        ]
    return result


def render(result, console) -> None:
    console.file.write(json.dumps(document(result), ensure_ascii=False, indent=2) + "\n")
