"""`provenance trace FILE:LINE`: the chain from a quotation to the original work, readable in a terminal."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from provenance.cli.main import main
from tests.helpers import DEFAULT_STORE_ENV, copy_example, position_of


def _trace(project: Path, location: str, columns: int) -> str:
    env = {"PROVENANCE_DATABASE_URL": os.environ.get(DEFAULT_STORE_ENV, ""), "COLUMNS": str(columns)}
    result = CliRunner().invoke(
        main, ["--config", str(project / "provenance.toml"), "trace", location], env=env, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_trace_prints_the_chain_to_the_original_work(tmp_path: Path):
    project = copy_example(tmp_path)
    line, _column = position_of(project / "manuscripts/essay.md", "Science and technology")
    chain = _trace(project, f"manuscripts/essay.md:{line}", 120)
    steps = [row.split("── ", 1)[1] for row in chain.splitlines() if "── " in row and ":" not in row.split("── ", 1)[1]]
    assert steps == ["quotation", "passage", "source", "division", "translation", "original work"]
    assert "path: Chapter 7 › Section III" in chain
    assert "translator: Jin, Emily" in chain


def test_trace_never_folds_a_url_or_path_mid_word(tmp_path: Path):
    project = copy_example(tmp_path)
    line, _column = position_of(project / "manuscripts/essay.md", "Science and technology")
    url = "https://www.strategictranslation.org/articles/safeguard-technological-security"
    chain = _trace(project, f"manuscripts/essay.md:{line}", 50)
    assert any(row.rstrip().endswith(f"url: {url}") for row in chain.splitlines())
    assert any(
        row.rstrip().endswith("file: sources/cst-safeguard-technological-security.md") for row in chain.splitlines()
    )


def test_trace_names_editors_of_editortype_translator_as_the_translators(tmp_path: Path):
    project = copy_example(tmp_path)
    refs = project / "refs.bib"
    text = refs.read_text(encoding="utf-8")
    # biber's way on types without a translator field: the same translation, said otherwise.
    said_otherwise = text.replace(
        "  translator   = {Jin, Emily},\n  date         = {2025-01},",
        "  editor       = {Jin, Emily},\n  editortype   = {translator},\n  date         = {2025-01},",
        1,
    )
    assert said_otherwise != text
    refs.write_text(said_otherwise, encoding="utf-8")
    line, _column = position_of(project / "manuscripts/essay.md", "Science and technology")
    chain = _trace(project, f"manuscripts/essay.md:{line}", 120)
    translation = chain.split("translation", 1)[1].split("original work", 1)[0]
    assert "translator: Jin, Emily" in translation and "translated: 2025-01" in translation
    assert "date: 2022-04-14" in chain.split("original work", 1)[1]
