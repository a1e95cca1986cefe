"""The ``provenance`` command: a thin click shell over the library API.

Each command turns its options into one library call and maps the library's
errors to one message. Exit status: 0 clean, 1 findings at or above the
failing severity, 2 usage, config or input error (never a traceback).
"""

from __future__ import annotations

import sys
from functools import wraps
from pathlib import Path

import click
from rich.console import Console

from provenance import __version__
from provenance.config import load_config
from provenance.errors import ProvenanceError

EXIT_FINDINGS = 1
EXIT_INPUT = 2

err_console = Console(stderr=True, highlight=False)


def reports_errors(command):
    """Turn a ProvenanceError into ``path:line: message`` on stderr and exit 2."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ProvenanceError as error:
            err_console.print(f"[bold red]error[/]: {error}", markup=True, soft_wrap=True)
            sys.exit(EXIT_INPUT)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="provenance")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Config file (default: provenance.toml or pyproject.toml found upward).")
@click.pass_context
def main(context: click.Context, config_path: Path | None) -> None:
    """Tie every quotation to where it really comes from, and lint manuscripts for it.

    \b
    Example:
      provenance lint --format json
    """
    context.obj = {"config_path": config_path}


def _config(context: click.Context):
    return load_config(context.obj.get("config_path"))


@main.group()
def db() -> None:
    """Inspect or upgrade the store (it also upgrades itself on first use).

    \b
    Example:
      provenance db upgrade
    """


@db.command("upgrade")
@click.pass_context
@reports_errors
def db_upgrade(context: click.Context) -> None:
    """Bring the database to the newest schema.

    \b
    Example:
      PROVENANCE_DATABASE_URL=postgresql+psycopg://localhost/refs provenance db upgrade
    """
    from provenance.store import current_revision, open_store

    store = open_store(_config(context).database_url)
    click.echo(f"database at revision {current_revision(store)}")
    store.close()


@db.command("current")
@click.pass_context
@reports_errors
def db_current(context: click.Context) -> None:
    """Print the database's schema revision and the newest one this version knows.

    \b
    Example:
      provenance db current
    """
    from provenance.store import current_revision, head_revision, open_store

    store = open_store(_config(context).database_url, migrate=False)
    current = current_revision(store) or "none (empty database)"
    click.echo(f"current: {current}\nhead:    {head_revision()}")
    store.close()


@main.command("rules")
def rules_command() -> None:
    """List every rule: code, name, default severity and summary.

    \b
    Example:
      provenance rules
    """
    from provenance.reports.rules import print_rule_table

    print_rule_table(Console(highlight=False))


@main.command("rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Print the documentation of one rule (by code or name).

    \b
    Example:
      provenance rule Q002
    """
    from provenance.reports.rules import print_rule_doc
    from provenance.rules import find_rule

    found = find_rule(code)
    if found is None:
        err_console.print(f"[bold red]error[/]: no rule {code!r}; `provenance rules` lists them")
        sys.exit(EXIT_INPUT)
    print_rule_doc(found, Console(highlight=False))


if __name__ == "__main__":  # pragma: no cover
    main()
