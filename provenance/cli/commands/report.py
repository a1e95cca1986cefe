"""`provenance report`: the audit of every quotation as one HTML file for an editor."""

from __future__ import annotations

from pathlib import Path

import click

from provenance.api import Project
from provenance.cli.commands.common import config_of, write_output
from provenance.outputs.reports.html_report import render_html


@click.command("report")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("provenance-report.html"),
    show_default=True,
    help="Where to write the HTML file.",
)
@click.option("--title", default="Provenance audit", show_default=True, help="The report's heading.")
@click.pass_context
def report_command(context: click.Context, output: Path, title: str) -> None:
    """Write a self-contained HTML audit: every quotation beside its source, with findings and fixes.

    The file needs no network: open it in any browser, filter by rule,
    severity, manuscript or status, and search. The exit status does not
    depend on the findings; `provenance lint` is the check for CI.

    \b
    Example:
      provenance report --output audit.html
    """
    # The config's policy (selection, severities, suppressions) applies here as in `lint`.
    with Project.open(config_of(context)) as project:
        audit = project.audit()
    write_output(output, render_html(audit, title))
    click.echo(f"wrote {output} ({len(audit.quotations)} quotations, {len(audit.result.findings)} findings)")
