"""JUnit XML: one test case per quotation and per entry checked, failing when it has findings.

CI systems that chart tests (GitLab, Jenkins, Azure) then show which
quotations broke. Findings on sources and suppressions get a test case per file.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from xml.etree import ElementTree as ET

from provenance.lint import load_project
from provenance.reports.printable import printable


def _cases(result) -> dict[tuple[str, str], list]:
    """(suite, case name) → findings, for every subject checked, findings or not."""
    cases: dict[tuple[str, str], list] = {}
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    project = result.project or (load_project(result.config) if result.config else None)
    if project is not None:
        for manuscript in project.manuscripts:
            for quotation in manuscript.extract.quotations:
                name = f"{manuscript.path}:{quotation.start.line} quotation"
                spans[manuscript.path].append((*manuscript.lines_of(quotation), name))
                cases[(manuscript.path, name)] = []
        for entry in project.entries.values():
            cases[(entry.path, f"@{entry.key}")] = []
    starts = {path: [first for first, _last, _name in sorted(found)] for path, found in spans.items()}
    for path in spans:
        spans[path].sort()
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


def document(result) -> ET.Element:
    suites: dict[str, list[tuple[str, list]]] = defaultdict(list)
    for (suite, name), findings in sorted(_cases(result).items()):
        suites[suite].append((name, findings))
    root = ET.Element("testsuites", name="provenance")
    for suite_name, cases in suites.items():
        failures = sum(1 for _name, findings in cases if findings)
        suite = ET.SubElement(root, "testsuite", name=suite_name, tests=str(len(cases)), failures=str(failures))
        for name, findings in cases:
            case = ET.SubElement(suite, "testcase", classname=suite_name, name=name)
            for finding in findings:
                message = printable(finding.message)
                failure = ET.SubElement(case, "failure", type=finding.code, message=f"{finding.code} {message}")
                failure.text = f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {message}"
    root.set("tests", str(sum(int(s.get("tests")) for s in root)))
    root.set("failures", str(sum(int(s.get("failures")) for s in root)))
    return root


def render(result, console) -> None:
    console.file.write(ET.tostring(document(result), encoding="unicode", xml_declaration=True) + "\n")
