"""`provenance export prov`: the provenance graph as W3C PROV."""

from __future__ import annotations

from pathlib import Path

import click

from provenance.api import Project
from provenance.cli.commands.common import config_of, write_output
from provenance.outputs.prov_export import FORMATS
from provenance.outputs.prov_export import export_prov as render


@click.command("prov")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATS)),
    default="json",
    show_default=True,
    help="PROV-JSON, PROV-XML, PROV-N or Turtle (PROV-O).",
)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of standard output."
)
@click.pass_context
def export_prov(context: click.Context, output_format: str, output: Path | None) -> None:
    """Export quotations, passages, sources, divisions, works and agents as a PROV graph.

    Quotations are `wasQuotedFrom` their passages, translations `wasDerivedFrom`
    their originals, works `wasAttributedTo` their authors, translators and
    publishers with a `prov:role`; each capture is an activity; findings are
    attached to what they concern. Runs the lint first (its cache is reused).

    \b
    Example:
      provenance export prov --format ttl --output provenance.ttl
    """
    with Project.open(config_of(context)) as project:
        text = render(project.audit(), output_format)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        write_output(output, text)
