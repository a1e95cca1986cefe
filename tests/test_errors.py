"""One error tree: every exception the code defines descends from its package's base, both bases
grow from one root, and each package's docstring draws every class in it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
from pathlib import Path

import pytest

import bibliography.errors
import provenance.errors
from bibliography.dates import DateError, parse_date
from bibliography.errors import BibliographyError, FormatError, LocatedError
from provenance.errors import ProvenanceError
from tests.helpers import copy_example, run

BASES = {"provenance": ProvenanceError, "bibliography": LocatedError}
TREES = {ProvenanceError: provenance.errors, LocatedError: bibliography.errors}


def test_the_two_packages_errors_grow_from_one_root() -> None:
    assert issubclass(ProvenanceError, LocatedError) and issubclass(FormatError, LocatedError)
    assert not issubclass(ProvenanceError, FormatError)  # the formats' errors are translated, not passed on


def defined_exceptions(package: str) -> list[type[BaseException]]:
    """Every exception class defined (not merely imported) in a module of *package*."""
    root = importlib.import_module(package)
    modules = [
        root,
        *(importlib.import_module(info.name) for info in pkgutil.walk_packages(root.__path__, f"{package}.")),
    ]
    return [
        value
        for module in modules
        for value in vars(module).values()
        if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == module.__name__
    ]


def strays(package: str, base: type[BaseException]) -> list[str]:
    """The exception classes of *package* outside the tree of *base*."""
    return [
        f"{error.__module__}.{error.__qualname__}"
        for error in defined_exceptions(package)
        if not issubclass(error, base)
    ]


@pytest.mark.parametrize("package", sorted(BASES))
def test_every_exception_a_package_defines_belongs_to_its_tree(package: str) -> None:
    assert strays(package, BASES[package]) == []


def test_the_walk_finds_the_errors_of_every_layer() -> None:
    names = {error.__name__ for package in BASES for error in defined_exceptions(package)}
    assert {"ZoteroError", "StoreError", "InputProblems", "DateError", "CslError", "PandocError", "BadValue"} <= names


def test_a_stray_exception_is_found(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "stray_errors"
    (package / "inner").mkdir(parents=True)
    (package / "__init__.py").write_text("class Base(Exception):\n    pass\n")
    (package / "inner" / "__init__.py").write_text("")
    (package / "inner" / "reading.py").write_text(
        "from stray_errors import Base\n\nclass Kept(Base):\n    pass\n\nclass Stray(ValueError):\n    pass\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        base = importlib.import_module("stray_errors").Base
        assert strays("stray_errors", base) == ["stray_errors.inner.reading.Stray"]
    finally:
        for name in [name for name in sys.modules if name.startswith("stray_errors")]:
            del sys.modules[name]


@pytest.mark.parametrize("base", list(TREES), ids=lambda base: base.__name__)
def test_each_tree_is_drawn_whole_in_its_docstring(base: type[BaseException]) -> None:
    package = base.__module__.split(".")[0]
    drawn = TREES[base].__doc__ or ""
    missing = [error.__name__ for error in defined_exceptions(package) if f" {error.__name__} " not in drawn]
    assert missing == []


def test_a_format_error_says_where_when_it_knows() -> None:
    assert str(BibliographyError("not valid UTF-8", path="refs.bib", line=3)) == "refs.bib:3: not valid UTF-8"
    assert (
        str(BibliographyError("bibliography file not found", path="refs.bib"))
        == "refs.bib: bibliography file not found"
    )
    with pytest.raises(DateError) as raised:
        parse_date("2025-13")
    assert str(raised.value) == "month 13 is not a month (01-12)"
    assert isinstance(raised.value, ValueError)  # a bad value, as callers of a parser expect


def test_a_format_error_reaches_the_user_as_one_located_line_and_exit_2(tmp_path: Path) -> None:
    example = copy_example(tmp_path)
    library = tmp_path / "library.json"
    library.write_text('[\n  {"id": "a", "type": "book"},\n  {"type": "book"}\n]\n', encoding="utf-8")
    result = run(example, "import", str(library))
    assert result.exit_code == 2
    assert f"error: {library}:3: CSL item 2 has no id" in " ".join(result.output.split())
    assert "Traceback" not in result.output and "internal error" not in result.output
