"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""

from __future__ import annotations

from provenance.outputs.reports.printable import printable

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def line(finding) -> str:
    properties = (
        f"file={_escape_property(finding.path)},line={finding.line},col={finding.column},"
        f"title={_escape_property(finding.code)}"
    )
    return f"::{COMMANDS[finding.severity.value]} {properties}::{_escape_data(finding.message)}"


def render(result, console) -> None:
    for finding in result.findings:
        console.file.write(line(finding) + "\n")
