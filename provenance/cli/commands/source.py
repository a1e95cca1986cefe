"""`provenance source add`: register a web page, PDF or text file as a source text."""

from __future__ import annotations

import click

from provenance.cli.commands.common import config_of
from provenance.inputs.sources.add import add_source
from provenance.inputs.sources.fetch import MAX_BYTES, TIMEOUT_SECONDS


@click.group("source")
def source_group() -> None:
    """Capture sources: web pages, PDFs with their pages, text files.

    \b
    Example:
      provenance source add https://example.org/report.pdf --key report-2024
    """


@source_group.command("add")
@click.argument("target")
@click.option("--key", help="Name of the source text (sources/KEY.md); default: from the file or URL name.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=MAX_BYTES,
    show_default=True,
    help="Refuse a file or download larger than this.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=TIMEOUT_SECONDS,
    show_default=True,
    help="Seconds to wait for a server.",
)
@click.pass_context
def source_add(context: click.Context, target: str, key: str | None, max_bytes: int, timeout: float) -> None:
    """Capture TARGET (a path or an http(s) URL) and write its text as a source.

    The raw bytes are kept under .provenance/captures/ with their sha256; the
    text goes to the sources folder with front matter recording the URL or
    path, access date, hash and extractor (and a PDF's page labels and
    outline). Adding the same bytes again writes nothing.

    \b
    Example:
      provenance source add manual.pdf --key libtasn1-manual
    """

    added = add_source(config_of(context), target, key=key, max_bytes=max_bytes, timeout=timeout)
    pages = f", {added.pages} page(s)" if added.pages else ""
    if added.written:
        click.echo(f"captured {target} as {added.path} (sha256 {added.capture.sha256[:12]}{pages})")
        click.echo(f"link it from its entry with: file = {{{added.path}}}")
    else:
        click.echo(f"unchanged: {added.path} already holds sha256 {added.capture.sha256[:12]}; nothing written")
