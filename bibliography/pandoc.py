"""The pandoc binary this tool formats citations with, and its failures as one error.

pypandoc-binary installs a pinned pandoc with the package, so every user gets
the same citeproc whatever pandoc their system has; ``PYPANDOC_PANDOC`` names
another binary (pypandoc takes the newest of the ones it finds otherwise).
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from functools import lru_cache

import pypandoc

from bibliography.errors import PandocError


@lru_cache(maxsize=1)
def pandoc_binary() -> str:
    try:
        return pypandoc.get_pandoc_path()
    except OSError as error:
        raise PandocError("pandoc not found: install pypandoc-binary or set PYPANDOC_PANDOC") from error


def run_pandoc(arguments: Sequence[str], text: str) -> str:
    """pandoc's standard output for ``text`` on standard input; its message on failure."""
    try:
        result = subprocess.run(
            [pandoc_binary(), *arguments], input=text, capture_output=True, text=True, encoding="utf-8", check=False
        )
    except OSError as error:
        raise PandocError(f"cannot run pandoc: {error}") from error
    if result.returncode != 0:
        message = result.stderr.strip().splitlines()
        raise PandocError(f"pandoc failed: {message[-1] if message else f'exit {result.returncode}'}")
    return result.stdout
