"""`provenance export` and `provenance import`: bibliographies out of and into the store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.text import Text

from bibliography.bibtex import BibEntry
from bibliography.export import to_biblatex, to_bibtex, to_csl_json
from provenance.api import Project
from provenance.cli.commands.common import EXIT_FINDINGS, LazyGroup, config_of, err_console, write_output
from provenance.outputs.library import cited_keys, select_entries


# The PROV export's RDF library loads only when that export runs.
@click.group("export", cls=LazyGroup, lazy={"prov": "provenance.cli.commands.prov:export_prov"})
def export_group() -> None:
    """Write entries as biblatex, BibTeX or CSL-JSON.

    \b
    Example:
      provenance export bibtex --manuscript paper.md > paper.bib
    """


def _export_options(command):
    command = click.option("--manuscript", help="Export the keys this manuscript cites.")(command)
    command = click.option(
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file instead of standard output.",
    )(command)
    return click.argument("keys", nargs=-1)(command)


def _entries_to_export(context: click.Context, keys: tuple[str, ...], manuscript: str | None) -> list[BibEntry]:
    config = config_of(context)
    with Project.open(config) as project:
        entries = project.entries()
    if manuscript:
        keys = (*keys, *cited_keys(config, manuscript))
    return select_entries(entries, keys) if keys else entries


def _write_text(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        write_output(output, text)


@export_group.command("bibtex")
@click.option(
    "--dialect",
    type=click.Choice(["biblatex", "bibtex"]),
    default="biblatex",
    show_default=True,
    help="biblatex keeps every field; bibtex maps to what classic BibTeX styles read.",
)
@_export_options
@click.pass_context
def export_bibtex(context: click.Context, keys, manuscript, output, dialect: str) -> None:
    """Export entries (all, the KEYS given, or those a manuscript cites) as biblatex or BibTeX.

    \b
    Example:
      provenance export bibtex --dialect bibtex cst-tech-security
    """
    entries = _entries_to_export(context, keys, manuscript)
    _write_text((to_biblatex if dialect == "biblatex" else to_bibtex)(entries), output)


@export_group.command("csl-json")
@_export_options
@click.pass_context
def export_csl_json(context: click.Context, keys, manuscript, output) -> None:
    """Export entries as CSL-JSON (for pandoc, Zotero and citeproc processors).

    \b
    Example:
      provenance export csl-json --manuscript paper.md --output paper.json
    """
    entries = _entries_to_export(context, keys, manuscript)
    _write_text(json.dumps(to_csl_json(entries), ensure_ascii=False, indent=2) + "\n", output)


@click.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def import_command(context: click.Context, path: Path) -> None:
    """Bring a .bib or CSL-JSON library into the store (for export; lint reads the configured files).

    Entries that cannot be parsed are reported with their line and left out;
    the others are stored in one transaction. Exit 1 when some were left out.

    \b
    Example:
      provenance import zotero-export.json
    """
    with Project.open(config_of(context)) as project:
        result = project.import_library(path)
    for problem in result.problems:
        err_console.print(Text(f"{problem.path}:{problem.line}: {problem.message}"), soft_wrap=True)
    click.echo(
        f"imported {len(result.imported)} entries ({len(result.replaced)} replaced earlier imports)"
        + (f"; {len(result.problems)} left out" if result.problems else "")
    )
    if result.problems:
        sys.exit(EXIT_FINDINGS)
