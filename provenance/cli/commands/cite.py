"""`provenance cite` and `provenance bibliography`: formatted citations in a CSL style."""

from __future__ import annotations

import click

from bibliography.csl import DEFAULT_STYLE, OUTPUT_FORMATS, OutputFormat
from provenance.api import Project
from provenance.cli.commands.common import config_of


def _style_options(command):
    command = click.option(
        "--style",
        default=DEFAULT_STYLE,
        show_default=True,
        help="chicago-notes-bibliography, chicago-author-date, apa, mla, any "
        "name of the CSL style repository, or a path to a .csl file.",
    )(command)
    command = click.option(
        "--lang",
        metavar="TAG",
        help="Locale of the output (en-US, de-DE, zh-CN …); default: the manuscript's `lang` front matter, else en-US.",
    )(command)
    return click.option(
        "--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="text", show_default=True, help="Output format."
    )(command)


@click.command("cite")
@click.argument("key", required=False)
@click.option("--locator", help='Where in the work, as a manuscript writes it: "chap. 7, sec. III", "p. 33".')
@click.option(
    "--quote",
    "quote",
    metavar="FILE:LINE",
    help="Cite the quotation at FILE:LINE at the division its passage is really in.",
)
@_style_options
@click.pass_context
def cite_command(
    context: click.Context,
    key: str | None,
    locator: str | None,
    quote: str | None,
    style: str,
    lang: str | None,
    fmt: OutputFormat,
) -> None:
    """Print the note or in-text citation of KEY (or of a quotation) and its bibliography entry.

    With --quote, the work and locator come from the quotation's resolved
    passage: a `chap. 6` citation of a chapter-7 passage is printed as
    chapter 7, section III.

    \b
    Example:
      provenance cite cst-tech-security --locator "chap. 7, sec. III" --style apa
      provenance cite --quote manuscripts/essay.md:4 --style chicago-note-bibliography
    """
    if quote is not None and key is None:
        if locator is not None:
            raise click.UsageError("--locator comes from the quotation with --quote")
        path, _, line = quote.rpartition(":")
        if not path or not line.isdigit():
            raise click.UsageError("--quote must be FILE:LINE, e.g. manuscript.md:12")
        with Project.open(config_of(context)) as project:
            result = project.cite_quote(path, int(line), style, fmt, lang)
    elif key is not None and quote is None:
        with Project.open(config_of(context)) as project:
            result = project.cite_key(key, locator, style, fmt, lang)
    else:
        raise click.UsageError("give either KEY or --quote FILE:LINE")
    click.echo(result.citation)
    click.echo()
    click.echo(result.entry)


@click.command("bibliography")
@click.argument("manuscript")
@_style_options
@click.pass_context
def bibliography_command(
    context: click.Context, manuscript: str, style: str, lang: str | None, fmt: OutputFormat
) -> None:
    """Print the bibliography of every work MANUSCRIPT cites, sorted as the style sorts it.

    \b
    Example:
      provenance bibliography manuscripts/essay.md --style mla --format markdown
    """
    with Project.open(config_of(context)) as project:
        bibliography = project.bibliography(manuscript, style, fmt, lang)
    click.echo("\n\n".join(bibliography))
