"""Human-readable lint output: ``path:line:col: CODE message`` with the evidence below.

For altered quotations the evidence is a word-level (or, in Chinese,
character-level) diff: what the source has in red, what the quotation has in
green, each change in the words around it. Text from manuscripts and sources
is printed as data, never as markup.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from provenance.outputs.reports.printable import printable

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render(result, console: Console) -> None:
    for finding in result.findings:
        console.print(_headline(finding), soft_wrap=True)
        evidence = finding.evidence.as_dict() if finding.evidence else {}
        for line in _evidence_lines(evidence):
            console.print(line, soft_wrap=True)
    console.print(_summary(result), soft_wrap=True)


def _headline(finding) -> Text:
    line = Text()
    line.append(f"{finding.path}:{finding.line}:{finding.column}: ", style="bold")
    line.append(finding.code, style=SEVERITY_STYLES[finding.severity.value])
    line.append(f" [{finding.severity.value}] ")
    line.append(printable(finding.message))
    return line


def _evidence_lines(evidence: dict) -> list[Text]:
    lines = []
    if evidence.get("source_path"):
        where = evidence["source_path"]
        if evidence.get("source_line"):
            where += f":{evidence['source_line']}"
        if evidence.get("division"):
            where += f" ({evidence['division']})"
        lines.append(Text("    source: ", style="dim") + Text(printable(where)))
    if evidence.get("diff"):
        lines.append(Text("    diff:   ", style="dim") + _diff_text(evidence["diff"]))
    for omitted in evidence.get("omitted", ()):
        lines.append(Text("    cut:    ", style="dim") + Text(printable(f"[-{omitted}-]"), style="red"))
    if evidence.get("suggested_locator"):
        lines.append(Text("    fix:    ", style="dim") + Text(printable(evidence["suggested_locator"]), style="green"))
    return lines


def _diff_text(diff: list[dict]) -> Text:
    """The changes in the words around them: ``…being channeled [-to-] technologies {+that+} where…``."""
    text = Text()
    for index, change in enumerate(diff[:6]):
        if index and change["before"]:
            text.append("  ")  # a new passage of the text; an empty `before` continues the last one
        text.append(printable(change["before"]), style="dim")
        if change.get("source"):
            text.append(printable(f"[-{change['source']}-]"), style="red")
        if change.get("quote"):
            text.append(printable(f"{{+{change['quote']}+}}"), style="green")
        text.append(printable(change["after"]), style="dim")
    if len(diff) > 6:
        text.append(f"  (+{len(diff) - 6} more)")
    return text


def _summary(result) -> Text:
    summary = result.summary()
    counts = summary["by_severity"]
    text = Text(
        f"\nChecked {_count(summary['quotations'], 'quotation')} and "
        f"{_count(summary['citations'], 'citation')} in {_count(summary['manuscripts'], 'manuscript')} "
        f"against {_count(summary['sources'], 'source')} and {_count(summary['entries'], 'entry', 'entries')}: "
    )
    if not result.findings:
        text.append("no findings", style="green")
    else:
        text.append(
            f"{_count(counts['error'], 'error')}, {_count(counts['warning'], 'warning')}, {counts['info']} info",
            style="bold",
        )
    # Say what the policy set aside, so "no findings" under a baseline is not read as a clean project.
    set_aside = [f"{summary[key]} {key}" for key in ("baselined", "suppressed") if summary[key]]
    return text.append(f" ({', '.join(set_aside)})." if set_aside else ".")


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"
