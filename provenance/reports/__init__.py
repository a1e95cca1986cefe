"""Output formats for lint results: one module per format, each a ``render`` function.

Modules are imported when their format is used, so a lint that prints text
does not pay for loading the others.
"""

from __future__ import annotations

from importlib import import_module

#: Format name → module (under provenance.reports) holding its ``render(result, console)``.
MODULES = {"text": "text_report", "json": "json_report", "sarif": "sarif_report", "github": "github_report",
           "junit": "junit_report", "html": "html_report"}


def render(output_format: str, result, console) -> None:
    import_module(f"provenance.reports.{MODULES[output_format]}").render(result, console)
