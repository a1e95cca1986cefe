"""Printing the rule table (`provenance rules`) and one rule's doc (`provenance rule CODE`)."""

from __future__ import annotations

from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table

from provenance.check.rules import RULES, Rule


def print_rule_table(console: Console) -> None:
    table = Table("code", "name", "severity", "what it finds", box=None, header_style="bold")
    for rule in sorted(RULES.values(), key=lambda r: r.code):
        table.add_row(rule.code, rule.name, rule.severity.value, rule.summary)
    console.print(table)


def print_rule_doc(rule: Rule, console: Console) -> None:
    console.print(f"[bold]{rule.code} {rule.name}[/] (default severity: {rule.severity.value})")
    console.print(Markdown(rule.doc))
