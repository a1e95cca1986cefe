"""Small helpers the tests share: running the CLI, finding where text stands in a file."""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner, Result

from provenance.cli.main import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cst-technological-security"


def copy_example(tmp_path: Path) -> Path:
    target = tmp_path / "example"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".provenance"))
    return target


#: Set by conftest when the whole suite runs with PostgreSQL as the default store.
DEFAULT_STORE_ENV = "PROVENANCE_TEST_DEFAULT_STORE"


def store_url(project: Path) -> str:
    """The store a CLI run on *project* uses: the suite's default, else the SQLite file."""
    return os.environ.get(DEFAULT_STORE_ENV) or f"sqlite:///{project / '.provenance' / 'provenance.sqlite3'}"


def own_store(project: Path) -> str:
    """A SQLite store of the project's own, even where the suite's default store is shared: a lint
    there reads nothing another lint stored, so it checks everything."""
    return f"sqlite:///{project / '.provenance' / 'own.sqlite3'}"


def run(project: Path, *args: str, database_url: str | None = None) -> Result:
    env = {"PROVENANCE_DATABASE_URL": database_url or os.environ.get(DEFAULT_STORE_ENV, "")}
    return CliRunner().invoke(
        main, ["--config", str(project / "provenance.toml"), *args], env=env, catch_exceptions=False
    )


def lint_json(project: Path, database_url: str | None = None, *args: str) -> tuple[int, dict]:
    result = run(project, "lint", "--format", "json", *args, database_url=database_url)
    return result.exit_code, json.loads(result.stdout)


def lint_example_alone(folder: Path) -> tuple[int, dict]:
    """The example copied into *folder* and linted in a store of its own (see :func:`own_store`)."""
    project = copy_example(folder)
    return lint_json(project, own_store(project))


def position_of(path: Path, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the *occurrence*-th appearance of *needle* in the file."""
    text = path.read_text(encoding="utf-8")
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


@contextmanager
def another_thread() -> Iterator[None]:
    """A second thread, waiting, while the block runs: where two run, no process may be forked."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
