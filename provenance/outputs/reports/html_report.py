"""The audit as one self-contained HTML file an editor opens in a browser.

No network and no external asset: styles, script and charts are inline. The
summary and its SVG charts are rendered here from Jinja2 templates
(templates/), every value escaped by autoescape; the quotation cards are built
in the browser from a JSON block, so a report of 10,000 quotations stays small
and opens fast. That block is Jinja2's HTML-safe JSON (``<``, ``>``, ``&``
and ``'`` as ``\\u`` escapes), so no source text can close it, and the page's
Content Security Policy lets only the report's own script run.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, Template
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from bibliography.bibtex import strip_latex
from provenance import __version__
from provenance.check.rules import RULES
from provenance.domain.findings import Finding, Severity
from provenance.inputs.project import EntryRecord
from provenance.outputs.audit import Audit, QuotationAudit, build_audit
from provenance.outputs.trace import Link
from provenance.text.snippets import cut

SEVERITY_COLOURS = {"error": "#b42318", "warning": "#d99a00", "info": "#175cd3"}
#: Lines of source text shown as the context of a finding in a source.
EXCERPT_LINES = 4
EXCERPT_CHARS = 600


_TEMPLATES = Environment(
    loader=PackageLoader("provenance.outputs.reports"), autoescape=True, trim_blocks=True, lstrip_blocks=True
)


def render_html(audit: Audit, title: str = "Provenance audit") -> str:
    """The report page for *audit*."""
    script = resources.files("provenance.outputs.reports").joinpath("report.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    subtitle = (
        f"{len(audit.quotations)} quotations in {len(audit.manuscripts)} manuscripts · "
        f"generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    return _TEMPLATES.get_template("report.html").render(
        script_hash=f"sha256-{digest}",
        version=__version__,
        title=title,
        subtitle=subtitle,
        data=script_json(payload(audit)),
        # The report's own script, inserted as written: the page's policy allows exactly its hash.
        script=Markup(script),
        **summary(audit),
    )


def script_json(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no character can end the element.
    ASCII only, so the line separators U+2028/2029 are escaped too."""
    return htmlsafe_json_dumps(data, separators=(",", ":"))


# ---- the data the page's script renders ----


def payload(audit: Audit) -> dict[str, Any]:
    manuscripts = {path: index for index, path in enumerate(audit.manuscripts)}
    links: dict[str, int] = {}
    quotations = [_quotation(q, manuscripts, links) for q in audit.quotations]
    codes = {f.code for f in audit.result.findings}
    return {
        "rules": {
            code: {"name": RULES[code].name, "severity": RULES[code].severity.value, "doc": RULES[code].doc}
            for code in sorted(codes)
            if code in RULES
        },
        "manuscripts": list(audit.manuscripts),
        "links": [json.loads(key) for key in links],
        "quotations": quotations,
        "others": _others(audit),
    }


def _finding(finding: Finding) -> dict[str, Any]:
    data = finding.as_dict()
    data.pop("fingerprint", None)
    return data


def _quotation(quotation: QuotationAudit, manuscripts: dict[str, int], links: dict[str, int]) -> dict[str, Any]:
    passage = quotation.passage
    return {
        "m": manuscripts[quotation.manuscript],
        "l": quotation.line,
        "c": quotation.column,
        "t": quotation.text,
        "cmp": list(quotation.compared),
        "ci": quotation.citation,
        "cc": quotation.corrected_citation,
        "p": None
        if passage is None
        else {
            "s": passage.source_path,
            "l": passage.line,
            "e": passage.end_line,
            "t": passage.text,
            "b": passage.before,
            "a": passage.after,
            "d": passage.division,
            "k": passage.match,
        },
        # The chain's first link restates the card's header (place, text, citation): left out.
        "ch": [_intern(link, links) for link in quotation.chain if link.step != "quotation"],
        "f": [_finding(f) for f in quotation.findings],
    }


def _intern(link: Link, links: dict[str, int]) -> int:
    """Index of *link* in the shared table: a source's chain is stored once, not per quotation."""
    key = json.dumps([link.step, [list(fact) for fact in link.facts]], ensure_ascii=False)
    return links.setdefault(key, len(links))


def _others(audit: Audit) -> list[dict[str, Any]]:
    """Cards for the findings no quotation owns: one per entry in the bibliography (an entry with
    five findings is shown once, with the five, and beside it each entry they compare it with),
    one per finding elsewhere."""
    cards: list[dict[str, Any]] = []
    by_entry: dict[str | tuple[str, int], dict[str, Any]] = {}
    for finding in audit.other_findings:
        if finding.path not in audit.bibliography_paths:
            cards.append(
                {"section": "other", "fs": [_finding(finding)], "entries": [], "excerpt": _excerpt(finding, audit)}
            )
            continue
        entries = _entries_of(finding, audit.entries)
        key = entries[0].key if entries else (finding.path, finding.line)
        if key not in by_entry:
            by_entry[key] = {"section": "bibliography", "fs": [], "entries": [], "excerpt": None}
            cards.append(by_entry[key])
        card = by_entry[key]
        card["fs"].append(_finding(finding))
        shown = {entry["key"] for entry in card["entries"]}
        card["entries"] += [_entry(e) for e in entries if e.key not in shown]
    return cards


def _entries_of(finding: Finding, entries: dict[str, EntryRecord]) -> list[EntryRecord]:
    """The entry a finding is about, beside the one it is compared with (its twin or its original)."""
    entry = entries.get(finding.citation_key or "")
    if entry is None:
        entry = next((e for e in entries.values() if e.path == finding.path and e.line == finding.line), None)
    if entry is None:
        return []
    evidence = finding.evidence.as_dict() if finding.evidence else {}
    other_key = evidence.get("duplicate_of")
    if other_key is None and entry.translation is not None:
        other_key = entry.translation.original_key
    other = entries.get(other_key or "")
    return [entry, other] if other is not None and other is not entry else [entry]


def _entry(entry: EntryRecord) -> dict[str, Any]:
    # Shown as a reader sees them: braces and TeX commands decoded ("{People's Daily}" → People's Daily).
    return {
        "key": entry.key,
        "type": entry.entry_type,
        "path": entry.path,
        "line": entry.line,
        "fields": {
            name: value if name in VERBATIM_FIELDS else strip_latex(value) for name, value in entry.fields.items()
        },
    }


#: Fields biblatex reads verbatim: a `~` or `%` in a URL is not TeX.
VERBATIM_FIELDS = frozenset({"url", "doi", "file", "eprint", "pdf", "verba", "verbb", "verbc"})


def _excerpt(finding: Finding, audit: Audit) -> str | None:
    evidence = finding.evidence.as_dict() if finding.evidence else {}
    source = audit.sources.get(evidence.get("source_path") or "")
    line = evidence.get("source_line")
    if source is None or not line:
        return None
    lines = source.text.splitlines()[line - 1 : line - 1 + EXCERPT_LINES]
    return cut("\n".join(lines).strip(), EXCERPT_CHARS)


# ---- the summary, rendered by templates/summary.html ----


def summary(audit: Audit) -> dict[str, Any]:
    """The summary template's values: count tiles, the two bar charts and the table of rules."""
    findings = audit.result.findings
    severities = Counter(f.severity.value for f in findings)
    with_findings = sum(1 for q in audit.quotations if q.findings)
    counts = audit.result.counts
    stats = [
        ("", len(audit.quotations), "quotations checked"),
        ("ok", len(audit.quotations) - with_findings, "clean quotations"),
        ("error", severities.get("error", 0), "errors"),
        ("warning", severities.get("warning", 0), "warnings"),
        ("", severities.get("info", 0), "info"),
        ("", counts.get("sources", 0), "sources"),
        ("", counts.get("entries", 0), "bibliography entries"),
        ("", len(audit.manuscripts), "manuscripts"),
    ]
    by_rule = Counter(f.code for f in findings)
    rule_bars = [
        (code, count, SEVERITY_COLOURS[_severity_of(code, findings)]) for code, count in sorted(by_rule.items())
    ]
    by_manuscript = Counter(f.path for f in findings if f.path in set(audit.manuscripts))
    manuscript_bars = [(path, by_manuscript.get(path, 0), "#1f5f99") for path in audit.manuscripts]
    return {
        "stats": stats,
        "rule_chart": chart(rule_bars),
        "manuscript_chart": chart(manuscript_bars),
        "severities": [s.value for s in Severity],
        "rule_rows": _rule_rows(findings),
    }


def _severity_of(code: str, findings: list[Finding]) -> str:
    return max((f.severity for f in findings if f.code == code), key=lambda s: s.rank, default=Severity.INFO).value


def chart(bars: list[tuple[str, int, str]], width: int = 520) -> dict[str, Any]:
    """The geometry of a horizontal bar chart: one labelled bar per (label, count, colour)."""
    row, label_width, count_width = 24, 190, 48
    top = max((count for _, count, _ in bars), default=0) or 1
    scale = (width - label_width - count_width) / top
    return {
        "width": width,
        "height": row * len(bars) + 4,
        "label_width": label_width,
        "scale": scale,
        "bars": [
            {
                "label": label,
                "shown": label if len(label) <= 28 else "…" + label[-27:],
                "count": count,
                "colour": colour,
                "y": index * row + 2,
                "length": max(count * scale, 1 if count else 0),
            }
            for index, (label, count, colour) in enumerate(bars)
        ],
    }


def bar_chart(bars: list[tuple[str, int, str]], width: int = 520) -> str:
    """The bar chart of *bars* as inline SVG."""
    template: Template = _TEMPLATES.get_template("bar_chart.svg")
    return str(template.module.bar_chart(chart(bars, width)))  # type: ignore[attr-defined]


def _rule_rows(findings: list[Finding]) -> list[dict[str, Any]]:
    table: dict[str, Counter] = {}
    for finding in findings:
        table.setdefault(finding.code, Counter())[finding.severity.value] += 1
    return [
        {
            "code": code,
            "severity": _severity_of(code, findings),
            "name": RULES[code].name if code in RULES else "",
            "counts": [counts.get(s.value, 0) for s in Severity],
        }
        for code, counts in sorted(table.items())
    ]


def render(result, console) -> None:
    """`lint --format html`: the audit page of the linted project, with the lint's findings."""
    console.file.write(render_html(build_audit(result)))
