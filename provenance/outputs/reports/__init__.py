"""Output formats for lint results: one module per format, each a ``render`` function.

Modules are imported when their format is used, so a lint that prints text
does not pay for loading the others.
"""

from __future__ import annotations

from importlib import import_module

from rich.console import Console

from provenance.check.lint import LintResult

#: Format name → module (under provenance.outputs.reports) holding its ``render(result, console)``.
MODULES = {
    "text": "text_report",
    "json": "json_report",
    "sarif": "sarif_report",
    "github": "github_report",
    "junit": "junit_report",
    "html": "html_report",
}
#: Formats that show every quotation, clean ones too: they need a detailed lint (``Project.lint(detailed=True)``).
DETAILED = frozenset({"junit", "html"})


def render(output_format: str, result: LintResult, console: Console) -> None:
    import_module(f"provenance.outputs.reports.{MODULES[output_format]}").render(result, console)
