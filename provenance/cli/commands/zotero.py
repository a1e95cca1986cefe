"""`provenance zotero pull` and `provenance zotero push`: a Zotero library in and sure corrections out."""

from __future__ import annotations

import sys
import time

import click
from rich.text import Text

from bibliography.zotero import Library
from provenance.api import Project
from provenance.cli.commands.common import EXIT_FINDINGS, config_of, err_console, progress_bar
from provenance.inputs.config import Config
from provenance.inputs.zotero import client_for
from provenance.outputs.zotero_push import apply, plan

#: The progress bar's label while items arrive.
PULLING = "pulling items"


@click.group("zotero")
def zotero_group() -> None:
    """Pull a Zotero library into the store; push sure corrections back to it.

    The API key comes from PROVENANCE_ZOTERO_API_KEY or, when the keyring
    package is installed, the OS keyring (service "provenance-zotero", user
    "api-key"); it is never stored or printed.

    \b
    Example:
      provenance zotero pull --library group:4711
    """


def _connection_options(command):
    command = click.option(
        "--endpoint", metavar="URL", help="Any server speaking the Zotero Web API v3 (env: PROVENANCE_ZOTERO_ENDPOINT)."
    )(command)
    command = click.option(
        "--local", is_flag=True, help="Use the Zotero desktop's local API (port 23119) instead of the web API."
    )(command)
    return click.option(
        "--library", metavar="user:ID|group:ID", help="The library (default: the config's `zotero.library`)."
    )(command)


def _target(context: click.Context, library: str | None) -> tuple[Config, Library]:
    """The config, and the library named on the command line or else in the config."""
    config = config_of(context)
    name = library or (config.zotero.library if config.zotero else None)
    if not name:
        raise click.UsageError("name a library: --library group:ID, or `zotero = { library = ... }` in the config")
    try:
        return config, Library.parse(name)
    except ValueError as error:
        raise click.UsageError(str(error)) from None


@zotero_group.command("pull")
@_connection_options
@click.option("--collection", metavar="KEY", help="Only this collection (default: the config's).")
@click.pass_context
def pull_command(
    context: click.Context, library: str | None, collection: str | None, local: bool, endpoint: str | None
) -> None:
    """Bring a Zotero library's items, notes and indexed full text into the store.

    The first pull reads everything; later pulls ask only for what changed
    since the library version of the last one, and drop deleted items.

    \b
    Example:
      provenance zotero pull --library group:4711 --collection ABCD1234
    """
    config, target = _target(context, library)
    if collection is None and config.zotero is not None and config.zotero.library == str(target):
        collection = config.zotero.collection
    started = time.perf_counter()
    with (
        Project.open(config) as project,
        client_for(target, endpoint=endpoint, local=local) as client,
        progress_bar(PULLING) as advance,
    ):
        progress = (lambda done, total: advance(PULLING, done, total)) if advance else None
        result = project.zotero_pull(client, target, collection=collection, progress=progress)
    elapsed = time.perf_counter() - started
    since = f"changes since version {result.since}" if result.since is not None else "everything"
    click.echo(
        f"pulled {len(result.updated)} items, {result.fulltexts} full texts, {len(result.deleted)} deleted "
        f"({since}) from {target}; now at version {result.version} in {elapsed:.2f} s"
    )
    for renamed in result.renamed:
        err_console.print(Text(f"citation key taken, item stored as: {renamed}"), soft_wrap=True)


@zotero_group.command("push")
@_connection_options
@click.option(
    "--dry-run/--apply",
    "dry_run",
    default=True,
    show_default=True,
    help="Print the exact change per item (the default), or write it.",
)
@click.pass_context
def push_command(context: click.Context, library: str | None, local: bool, endpoint: str | None, dry_run: bool) -> None:
    """Write back the corrections the tool is sure of; nothing is ever deleted.

    A translator a linked record of the same text names, the original date
    and title a linked original gives (as Extra lines where the item type has
    no field for them), a `provenance:CODE` tag per finding, and a child note
    listing the findings. Each write names the version it was computed from;
    when someone changed the item meanwhile it is read again and merged, so
    their change survives.

    \b
    Example:
      provenance zotero push            # show the diff per item
      provenance zotero push --apply    # write it
    """
    config, target = _target(context, library)
    with Project.open(config) as project:
        wanted = project.zotero_corrections(target)
    with client_for(target, endpoint=endpoint, local=local) as client:
        changes = plan(client, wanted)
        for change in changes:
            click.echo(f"{change.item_key} @{change.citation_key} (version {change.version})")
            for line in change.diff:
                click.echo(f"  {line}")
        if dry_run:
            click.echo(f"{len(changes)} item(s) would change; run with --apply to write")
            return
        result = apply(client, wanted, changes)
    click.echo(
        f"updated {len(result.written)} item(s), added {len(result.notes)} note(s)"
        + (f", merged {len(set(result.merged))} changed meanwhile" if result.merged else "")
    )
    for failure in result.failed:
        err_console.print(Text(f"not written: {failure}"), soft_wrap=True)
    if result.failed:
        sys.exit(EXIT_FINDINGS)
