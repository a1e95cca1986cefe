"""Fuzzing the readers through the whole `lint` command, in-process, on one store that lives on.

Hypothesis writes odd config TOML, source texts, manuscripts and .bib files
(built from the syntax each reader knows, mixed with arbitrary text) into a copy
of the example project; every lint must end in exit 0, 1 or 2 with an
``error:`` line, never an exception. ``PROVENANCE_TEST_FUZZ_EXAMPLES`` sets
how many inputs each reader gets (a long run: hundreds).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance.cli.main import main
from tests.helpers import EXAMPLE

EXAMPLES = int(os.environ.get("PROVENANCE_TEST_FUZZ_EXAMPLES", "8"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


def pieces(*fragments: str) -> st.SearchStrategy[str]:
    """Text assembled from a reader's own syntax and arbitrary characters."""
    return st.lists(st.one_of(st.sampled_from(fragments), st.text(max_size=12)), max_size=40).map("".join)


COMMON = ("\n", "\n\n", " ", "“", "”", '"', "…", "...", "[…]", "中文", "第七章", "\x00", "\ufeff", "\r\n", "\\")
SOURCE = pieces(
    *COMMON,
    "# ",
    "## Chapter ",
    "Chapter 7",
    "Section III. ",
    "Article 5a",
    "第一条",
    "三、",
    "Part Two",
    "=====\n",
    "-----\n",
    "<!--",
    "-->",
)
MANUSCRIPT = pieces(
    *COMMON,
    "[@cst-tech-security, chap. 7]",
    "[@cst-tech-security]",
    "@missing",
    "[@x, p. ",
    "> ",
    "\\cite[chap.~7]{cst-tech-security}",
    "\\textcquote{",
    "}",
    "---\ncites: x\n---\n",
    "chap. -1",
    "art. 1e999",
    "<!--",
    "[^1]",
    "[^1]: ",
    "\\begin{quote}",
    "\\end{quote}",
)
BIBLIOGRAPHY = pieces(
    *COMMON,
    "@book{",
    "@article{k,",
    "@string{s = {x}}",
    "@comment{",
    "key,",
    "title = {",
    "}",
    "{",
    ",\n",
    "date = {2020-13}",
    "file = {",
    "sources/",
    "../",
    "/etc/passwd",
    "author = {A and B}",
    "translator = {",
    "origdate = {",
    "% comment\n",
    "#",
    "=",
)
TOML_VALUES = st.one_of(
    st.sampled_from(
        [
            '["Q"]',
            '"x"',
            "3",
            "[]",
            "{}",
            '["**/*"]',
            '["../.."]',
            '"error"',
            '["ZZZ999"]',
            '{ Q001 = "info" }',
            '"sqlite:///x"',
            "true",
            "[[1]]",
        ]
    ),
    st.text(max_size=15),
)
TOML_KEYS = st.one_of(
    st.sampled_from(
        [
            "bibliography",
            "sources",
            "manuscripts",
            "select",
            "ignore",
            "extend-select",
            "severity",
            "per-file-ignores",
            "fail-on",
            "zotero",
            "extra-roots",
            "database",
        ]
    ),
    st.text(max_size=10),
)
CONFIG = st.lists(st.tuples(TOML_KEYS, TOML_VALUES), max_size=4).map(
    lambda pairs: "".join(f"{key} = {value}\n" for key, value in pairs)
)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("fuzz") / "example"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".provenance"))
    return target


def lint_survives(project: Path, path: str, content: str | bytes) -> None:
    file = project / path
    original = file.read_bytes()
    file.write_bytes(content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content)
    try:
        result = CliRunner().invoke(
            main,
            ["--config", str(project / "provenance.toml"), "lint", "--format", "json"],
            env={"PROVENANCE_DATABASE_URL": ""},
        )
    finally:
        file.write_bytes(original)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        assert "error" in result.output and "Traceback" not in result.output


@FUZZ
@given(text=CONFIG)
def test_config_toml(project, text):
    base = (EXAMPLE / "provenance.toml").read_text(encoding="utf-8")
    lint_survives(project, "provenance.toml", base + text)


@FUZZ
@given(text=SOURCE)
def test_source_text(project, text):
    lint_survives(project, "sources/cst-safeguard-technological-security.md", text)


@FUZZ
@given(text=MANUSCRIPT)
def test_manuscript_text(project, text):
    lint_survives(project, "manuscripts/essay.md", text)


@FUZZ
@given(text=BIBLIOGRAPHY)
def test_bibliography_text(project, text):
    lint_survives(project, "refs.bib", text)


@FUZZ
@given(data=st.binary(max_size=300))
def test_any_bytes_as_a_manuscript(project, data):
    lint_survives(project, "manuscripts/thread.md", data)
