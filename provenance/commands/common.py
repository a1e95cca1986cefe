"""What every command shares: exit statuses, the error console, config loading."""

from __future__ import annotations

import sys
from functools import wraps
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from provenance.config import load_config
from provenance.errors import InputError, ProvenanceError

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
            # Text, not markup: messages quote user input, which may hold "[...]".
            err_console.print(Text.assemble(("error", "bold red"), f": {error}"), soft_wrap=True)
            sys.exit(EXIT_INPUT)

    return wrapper


def config_of(context: click.Context):
    return load_config(context.obj.get("config_path"))


def write_output(path: Path, text: str) -> None:
    """Write a command's output file; a folder that does not exist is an input error, not a traceback."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror}", path=str(path)) from None
