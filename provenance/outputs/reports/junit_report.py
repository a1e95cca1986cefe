"""JUnit XML: one test case per quotation and per entry checked, failing when it has findings
at or above the severity that fails the run (the same ones the exit status counts).

CI systems that chart tests (GitLab, Jenkins, Azure) then show which
quotations broke. Findings on sources and suppressions get a test case per file.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from xml.etree import ElementTree as ET

from rich.console import Console

from provenance.check.lint import LintResult
from provenance.domain.findings import Finding, Severity
from provenance.outputs.reports.printable import printable


def _cases(result: LintResult) -> dict[tuple[str, str], list[Finding]]:
    """(suite, case name) → findings, for every subject checked, findings or not (a detailed lint's)."""
    cases: dict[tuple[str, str], list[Finding]] = {}
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    project = result.inputs
    if project is not None:
        for manuscript in project.manuscripts:
            for quotation in manuscript.extract.quotations:
                name = f"{manuscript.path}:{quotation.start.line} quotation"
                spans[manuscript.path].append((*manuscript.lines_of(quotation), name))
                cases[(manuscript.path, name)] = []
        for entry in project.entries.values():
            cases[(entry.path, f"@{entry.key}")] = []
    starts = {path: [first for first, _last, _name in sorted(found)] for path, found in spans.items()}
    for found in spans.values():
        found.sort()
    for finding in result.findings:
        key = None
        # Quotations do not overlap: the one starting last at or before the line is the only candidate.
        at = bisect.bisect_right(starts.get(finding.path, []), finding.line) - 1
        if at >= 0:
            first, last, name = spans[finding.path][at]
            if first <= finding.line <= last:
                key = (finding.path, name)
        if key is None and finding.citation_key and (finding.path, f"@{finding.citation_key}") in cases:
            key = (finding.path, f"@{finding.citation_key}")
        if key is None:
            key = (finding.path, f"{finding.path}:{finding.line}")
        cases.setdefault(key, []).append(finding)
    return cases


def document(result: LintResult) -> ET.Element:
    threshold = Severity(result.fail_on).rank
    suites: dict[str, list[tuple[str, list]]] = defaultdict(list)
    for (suite, name), findings in sorted(_cases(result).items(), key=_reading_order):
        suites[suite].append((name, findings))
    root = ET.Element("testsuites", name="provenance")
    total_failures = 0
    for suite_name, cases in suites.items():
        element = ET.SubElement(root, "testsuite", name=suite_name, tests=str(len(cases)))
        failures = 0
        for name, findings in cases:
            case = ET.SubElement(element, "testcase", classname=suite_name, name=name)
            failing = [f for f in findings if f.severity.rank >= threshold]
            passing = [f for f in findings if f.severity.rank < threshold]
            if failing:
                # One <failure> per case: several make most CI viewers drop all but the first.
                failures += 1
                headline = (
                    _line(failing[0])
                    if len(failing) == 1
                    else f"{len(failing)} findings: " + ", ".join(f.code for f in failing)
                )
                failure = ET.SubElement(case, "failure", type=failing[0].code, message=headline)
                failure.text = "\n".join(_located(f) for f in failing)
            if passing:
                # Below the failing severity: shown with the case, as the exit status does not count them.
                ET.SubElement(case, "system-out").text = "\n".join(_located(f) for f in passing)
        element.set("failures", str(failures))
        total_failures += failures
    root.set("tests", str(sum(len(cases) for cases in suites.values())))
    root.set("failures", str(total_failures))
    return root


def _line(finding) -> str:
    return f"{finding.code} {printable(finding.message)}"


def _located(finding) -> str:
    return f"{finding.path}:{finding.line}:{finding.column}: [{finding.severity.value}] {_line(finding)}"


def _reading_order(item) -> tuple:
    """Cases in file order: ``thread.md:9`` before ``thread.md:31``, entries by key after."""
    (suite, name), _findings = item
    place = _PLACE.match(name)
    return (suite, 0, int(place.group(1)), name) if place else (suite, 1, 0, name)


_PLACE = re.compile(r"^.*:(\d+)(?: |$)")


def render(result: LintResult, console: Console) -> None:
    console.file.write(ET.tostring(document(result), encoding="unicode", xml_declaration=True) + "\n")
