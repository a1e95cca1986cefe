"""The ``provenance`` command: a thin click shell over the library API.

Each command turns its options into one library call; the command group turns
every error of the library (the :mod:`provenance.errors` tree) into one
message, and any other exception into a request for a bug report. Exit status: 0 clean, 1 findings at or above the
failing severity, 2 usage, config or input error (never a traceback).

Some imports wait for the command that needs them, as their start-up cost would
fall on every lint: the commands kept in `provenance.cli.commands` (loaded by
name, 90 ms measured), the rule documentation's Markdown renderer (90-170 ms)
and rich's progress bar (`commands.common.progress_bar`), shown only on a
terminal (50 ms).
"""

from __future__ import annotations

import glob
import io
import sys
from dataclasses import replace
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from bibliography.collection import no_cycle_collection
from provenance import __version__
from provenance.api import LintResult, Policy, Project
from provenance.check.baseline import read_baseline, write_baseline
from provenance.check.rules import find_rule
from provenance.cli.commands import COMMANDS
from provenance.cli.commands.common import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    LazyGroup,
    err_console,
    progress_bar,
    report_error,
    report_internal_error,
    write_output,
)
from provenance.cli.commands.common import config_of as _config
from provenance.errors import ProvenanceError
from provenance.outputs.fixes import apply_fixes, plan_fixes
from provenance.outputs.reports import DETAILED
from provenance.outputs.reports import MODULES as FORMATS
from provenance.outputs.reports import render as render_report
from provenance.store.database import current_revision, head_revision, open_store


class _Provenance(LazyGroup):
    """The command group, where every error of every command ends: each exits 2 (never 1, which means
    findings) without a traceback. A :class:`ProvenanceError` is the user's to fix and says where; any
    other exception is a bug, and says so."""

    def invoke(self, context: click.Context):
        try:
            return super().invoke(context)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except ProvenanceError as error:
            report_error(error)
            sys.exit(EXIT_INPUT)
        except Exception as error:
            if context.params.get("debug"):
                raise
            report_internal_error(error)
            sys.exit(EXIT_INPUT)


@click.group(cls=_Provenance, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="provenance")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file (default: provenance.toml or pyproject.toml found upward).",
)
@click.option(
    "--debug",
    is_flag=True,
    envvar="PROVENANCE_DEBUG",
    help="Show the traceback of an internal error (also PROVENANCE_DEBUG=1).",
)
@click.pass_context
def main(context: click.Context, config_path: Path | None, debug: bool) -> None:
    """Tie every quotation to where it really comes from, and lint manuscripts for it.

    \b
    Example:
      provenance lint --format json
    """
    context.obj = {"config_path": config_path}


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(code.strip().upper() for value in values for code in value.split(",") if code.strip())


@main.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of standard output.",
)
@click.option("--select", multiple=True, help="Only these rules (codes or prefixes, comma-separated).")
@click.option("--ignore", multiple=True, help="Not these rules (added to the config's `ignore`).")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    help="Least severity that exits 1 (default: the config's `fail-on`, else error).",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Report only findings not recorded in this baseline file.",
)
@click.option("--fix", is_flag=True, help="Apply the fixes of fixable findings, then lint again.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; change nothing.")
@click.pass_context
def lint_command(
    context: click.Context,
    paths: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    baseline: Path | None,
    fix: bool,
    diff: bool,
) -> None:
    """Check quotations, citations, sources and entries; exit 1 on errors.

    PATHS limit the run to these manuscripts (default: the config's `manuscripts`).

    \b
    Example:
      provenance lint chapter-3.md --format sarif --output provenance.sarif
    """
    config = _config(context)
    if paths:
        # Paths named on the command line are files, not patterns: "[draft]" is part of the name.
        config = replace(config, manuscripts=tuple(glob.escape(config.relative(p.resolve())) for p in paths))
    policy = Policy.from_config(config, select=_codes(select), ignore=_codes(ignore), fail_on=fail_on)
    known = read_baseline(baseline) if baseline else None

    # A lint is a short process whose objects live until it ends: see no_cycle_collection.
    with no_cycle_collection(freeze=True):
        with Project.open(config) as project:

            def run() -> LintResult:
                with progress_bar("reading inputs", enabled=output_format == "text" and output is None) as progress:
                    return project.lint(policy, baseline=known, progress=progress, detailed=output_format in DETAILED)

            result = run()
            if fix or diff:
                plans = plan_fixes(result.findings, config.root)
                if diff:
                    click.echo("".join(plan.diff() for plan in plans), nl=False)
                    sys.exit(EXIT_FINDINGS if plans else 0)
                apply_fixes(plans, config.root)
                fixed = sum(len(plan.applied) for plan in plans)
                err_console.print(f"fixed {fixed} finding(s) in {len(plans)} file(s)")
                result = run()
            # Made while the store closes (see Store.closing_meanwhile), and written once it is
            # closed: an output file that cannot be written is an input error, which keeps the store.
            with project.store.closing_meanwhile():
                report = _render(result, output_format, output is not None)
    if output is not None:
        write_output(output, report)
    if policy.fails(result.findings):
        sys.exit(EXIT_FINDINGS)


def _render(result: LintResult, output_format: str, to_file: bool) -> str:
    """The report as the text of a file, or written to the terminal (then "")."""
    if not to_file:
        render_report(output_format, result, Console(highlight=False, soft_wrap=True))
        return ""
    buffer = io.StringIO()  # rendered first, so a failure leaves no half-written file
    render_report(
        output_format, result, Console(file=buffer, highlight=False, soft_wrap=True, force_terminal=False, width=10_000)
    )
    return buffer.getvalue()


@main.command("baseline")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default="provenance-baseline.json",
    show_default=True,
    help="Where to write the baseline.",
)
@click.pass_context
def baseline_command(context: click.Context, output: Path) -> None:
    """Record the current findings, so `lint --baseline FILE` reports only new ones.

    \b
    Example:
      provenance baseline && provenance lint --baseline provenance-baseline.json
    """
    with Project.open(_config(context)) as project:
        result = project.lint()
    write_baseline(output, result.findings)
    click.echo(f"recorded {len(result.findings)} finding(s) in {output}")


@main.command("trace")
@click.argument("location")
@click.pass_context
def trace_command(context: click.Context, location: str) -> None:
    """Print the provenance chain of the quotation at FILE:LINE.

    \b
    Example:
      provenance trace manuscript.md:12
    """
    path, _, line = location.rpartition(":")
    if not path or not line.isdigit():
        raise click.UsageError("LOCATION must be FILE:LINE, e.g. manuscript.md:12")
    console = Console(highlight=False)
    # A URL, path or hash folded mid-word cannot be copied or clicked: the chain is drawn wide enough
    # for the longest such value (the terminal folds that one line), and prose wraps at that width.
    width = console.width
    trees = []
    with Project.open(_config(context)) as project:
        chains = project.trace(path, int(line))
    for links in chains:
        tree = node = Tree("[bold]provenance chain[/]")
        for depth, link in enumerate(links, start=2):
            node = node.add(f"[bold]{link.step}[/]")
            for label, value in link.facts:
                node.add(Text.assemble((f"{label}: ", "dim"), value))
                if " " not in value.strip():
                    width = max(width, 4 * depth + len(label) + 2 + len(value))
        trees.append(tree)
    console = Console(highlight=False, width=width)
    for tree in trees:
        console.print(tree)


@main.group()
def db() -> None:
    """Inspect or upgrade the store (it also upgrades itself on first use).

    \b
    Example:
      provenance db upgrade
    """


@db.command("upgrade")
@click.pass_context
def db_upgrade(context: click.Context) -> None:
    """Bring the database to the newest schema.

    \b
    Example:
      PROVENANCE_DATABASE_URL=postgresql+psycopg://localhost/refs provenance db upgrade
    """
    store = open_store(_config(context).database_url)
    click.echo(f"database at revision {current_revision(store)}")
    store.close()


@db.command("current")
@click.pass_context
def db_current(context: click.Context) -> None:
    """Print the database's schema revision and the newest one this version knows.

    \b
    Example:
      provenance db current
    """
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
    from provenance.outputs.reports.rules import print_rule_table  # start-up cost: see the module docstring

    print_rule_table(Console(highlight=False))


@main.command("rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Print the documentation of one rule (by code or name).

    \b
    Example:
      provenance rule Q002
    """
    from provenance.outputs.reports.rules import print_rule_doc  # start-up cost: see the module docstring

    found = find_rule(code)
    if found is None:
        err_console.print(Text.assemble(("error", "bold red"), f": no rule {code!r}; `provenance rules` lists them"))
        sys.exit(EXIT_INPUT)
    print_rule_doc(found, Console(highlight=False))


if __name__ == "__main__":  # pragma: no cover
    main()
