"""What every command shares: exit statuses, the error console, progress bars, config loading."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from provenance.errors import InputError, ProvenanceError
from provenance.inputs.config import load_config

EXIT_FINDINGS = 1
EXIT_INPUT = 2

err_console = Console(stderr=True, highlight=False)


class LazyGroup(click.Group):
    """A command group whose commands named in *lazy* (name → "module:attribute") are imported
    only when one runs or help lists them (click's lazy loading recipe)."""

    def __init__(self, *args, lazy: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, context: click.Context) -> list[str]:
        return sorted([*super().list_commands(context), *self.lazy])

    def get_command(self, context: click.Context, name: str) -> click.Command | None:
        if name not in self.lazy:
            return super().get_command(context, name)
        module, attribute = self.lazy[name].split(":")
        return getattr(importlib.import_module(module), attribute)


def report_error(error: ProvenanceError) -> None:
    """``error: path:line: message`` on stderr, for an error of the inputs, the config or the store."""
    # Text, not markup: messages quote user input, which may hold "[...]".
    err_console.print(Text.assemble(("error", "bold red"), f": {error}"), soft_wrap=True)


def report_internal_error(error: Exception) -> None:
    """One line for an error the tool did not expect: what it was doing, and a request for a report.

    The input is read from the failing frames (the innermost one that holds a
    manuscript, source or entry), so that any stage can fail and still be named.
    """
    where = _input_being_processed(error.__traceback__)
    doing = f" while processing {where}" if where else ""
    what = (str(error).strip().splitlines() or [""])[0]  # one line: a database error quotes its SQL below
    err_console.print(
        Text.assemble(
            ("internal error", "bold red"),
            f"{doing}: {type(error).__name__}: {what}. This is a bug in provenance; please report it "
            f"with the output of `provenance --debug ...` (or PROVENANCE_DEBUG=1).",
        ),
        soft_wrap=True,
    )


def _input_being_processed(traceback) -> str | None:
    frames = []
    while traceback is not None:
        frames.append(traceback.tb_frame)
        traceback = traceback.tb_next
    for frame in reversed(frames):
        for value in frame.f_locals.values():
            for candidate in value if isinstance(value, tuple) else (value,):
                path = _loaded(candidate, "path")
                if isinstance(path, (str, Path)) and str(path):
                    line = _loaded(_loaded(frame.f_locals.get("quotation"), "start"), "line")
                    return f"{path}:{line}" if isinstance(line, int) else str(path)
    return None


def _loaded(value, name: str):
    """An attribute already held by *value*, read without running any code (a store row loads nothing)."""
    try:
        return vars(value).get(name)
    except TypeError:  # no __dict__: a value of a built-in type, or one with slots
        return None


def config_of(context: click.Context):
    return load_config(context.obj.get("config_path"))


def write_output(path: Path, text: str) -> None:
    """Write a command's output file; a folder that does not exist is an input error, not a traceback."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror}", path=str(path)) from None


@contextmanager
def progress_bar(description: str, enabled: bool = True) -> Iterator[Callable[[str, int, int], None] | None]:
    """A transient progress bar on stderr, only on a terminal: yields ``advance(stage, done, total)``, else None."""
    if not (enabled and err_console.is_terminal):
        yield None
        return
    # Imported on a terminal only: 50 ms of start-up (measured) that every other command would pay.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=None)

        def advance(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total or None)

        yield advance
