"""Odd inputs and the project's boundary: each gives a finding or one clear exit-2 line, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import copy_example, lint_json, position_of, run

PASSWORD_FILE = Path("/etc/passwd")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def assert_exit_2(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output, result.output


def set_file_field(bib: Path, value: str) -> int:
    """Point the first entry's `file` at *value*; return the field's line."""
    text = bib.read_text(encoding="utf-8")
    start = text.index("file")
    end = text.index("}", start)
    bib.write_text(text[:start] + f"file = {{{value}" + text[end:], encoding="utf-8")
    return position_of(bib, f"file = {{{value}")[0]


def findings(report: dict) -> list[tuple]:
    return [(f["code"], f["path"], f["line"], f["message"]) for f in report["findings"]]


def store_holds(project: Path, secret: bytes) -> bool:
    return any(secret in path.read_bytes() for path in (project / ".provenance").glob("*") if path.is_file())


# The project as a boundary --------------------------------------------------------------


@pytest.mark.skipif(not PASSWORD_FILE.is_file(), reason="needs a system file outside the project")
def test_a_file_field_leading_outside_is_b009_and_never_read(example: Path):
    line = set_file_field(example / "refs.bib", "../" * 12 + "etc/passwd")
    status, report = lint_json(example)
    outside = [f for f in report["findings"] if f["code"] == "B009"]
    assert [(f["path"], f["line"]) for f in outside] == [("refs.bib", line)]
    first_line = PASSWORD_FILE.read_bytes().splitlines()[0]
    assert first_line not in str(report).encode()
    assert not store_holds(example, first_line)
    assert status == 1


@pytest.mark.skipif(not PASSWORD_FILE.is_file(), reason="needs a system file outside the project")
def test_a_symlinked_source_leading_outside_is_b009_and_never_read(example: Path):
    (example / "sources" / "notes.md").symlink_to(PASSWORD_FILE)
    _status, report = lint_json(example)
    outside = [f for f in report["findings"] if f["code"] == "B009"]
    assert len(outside) == 1 and "sources/notes.md" in outside[0]["message"]
    assert outside[0]["path"] == "provenance.toml"
    assert not store_holds(example, PASSWORD_FILE.read_bytes().splitlines()[0])
    # Warm: the escape is remembered, and it goes when the symlink goes.
    assert findings(lint_json(example)[1]) == findings(report)
    (example / "sources" / "notes.md").unlink()
    assert not [f for f in lint_json(example)[1]["findings"] if f["code"] == "B009"]


def test_extra_roots_let_a_named_outside_folder_in(tmp_path: Path, example: Path):
    inside = sorted(f["code"] for f in lint_json(example)[1]["findings"])
    shared = tmp_path / "shared"
    shared.mkdir()
    source = next((example / "sources").glob("*.md"))
    source.rename(shared / source.name)
    (example / "sources" / source.name).symlink_to(shared / source.name)
    _status, refused = lint_json(example)
    assert "B009" in [f["code"] for f in refused["findings"]]  # the config's and each entry's path
    config = example / "provenance.toml"
    config.write_text(config.read_text() + 'extra-roots = ["../shared"]\n')
    _status, allowed = lint_json(example)
    assert "B009" not in [f["code"] for f in allowed["findings"]]
    assert sorted(f["code"] for f in allowed["findings"]) == inside


@pytest.mark.parametrize("form", ["unnormalised", "absolute"])
def test_unnormalised_and_absolute_paths_inside_link_like_the_plain_one(example: Path, form: str):
    bib = example / "refs.bib"
    plain = findings(lint_json(example)[1])
    text = bib.read_text(encoding="utf-8")
    name = "sources/cst-safeguard-technological-security.md"
    assert f"{{{name}}}" in text
    other = f"sources/../{name}" if form == "unnormalised" else str(example / name)
    bib.write_text(text.replace(f"{{{name}}}", f"{{{other}}}"), encoding="utf-8")
    assert findings(lint_json(example)[1]) == plain
    assert "Q006" not in [code for code, *_ in plain]


# Odd inputs ------------------------------------------------------------------------------


def test_a_file_that_is_both_source_and_manuscript_is_a_config_error(example: Path):
    config = example / "provenance.toml"
    config.write_text(
        config.read_text().replace('sources = ["sources"]', 'sources = ["sources", "manuscripts/essay.md"]')
    )
    assert_exit_2(run(example, "lint"), "manuscripts/essay.md is both a source and a manuscript")


def test_a_corrupt_store_file_is_a_store_error(example: Path):
    store = example / ".provenance" / "provenance.sqlite3"
    store.parent.mkdir()
    store.write_bytes(os.urandom(8192))
    assert_exit_2(run(example, "lint", database_url=f"sqlite:///{store}"), "file is not a database")


def test_a_truncated_store_file_is_a_store_error(example: Path):
    store = example / ".provenance" / "provenance.sqlite3"
    url = f"sqlite:///{store}"
    assert run(example, "lint", database_url=url).exit_code == 1
    store.write_bytes(store.read_bytes()[:8192])
    for companion in store.parent.glob("*-wal"):
        companion.unlink()
    assert_exit_2(run(example, "lint", database_url=url), "malformed")


@pytest.mark.parametrize(
    ("where", "message"),
    [("under a file", "the store's folder is a file"), ("a folder", "unable to open database file")],
)
def test_an_unwritable_store_path_is_a_store_error(example: Path, where: str, message: str):
    path = example / "provenance.toml" / "store.sqlite3" if where == "under a file" else example / "sources"
    assert_exit_2(run(example, "lint", database_url=f"sqlite:///{path}"), message)


def test_a_300_character_file_name_is_named_not_a_traceback(example: Path):
    name = "a" * 300 + ".md"
    line = set_file_field(example / "refs.bib", f"sources/{name}")
    assert_exit_2(run(example, "lint"), f"refs.bib:{line}:", "File name too long")
    config = example / "provenance.toml"
    config.write_text(config.read_text().replace('"manuscripts/*.md"', f'"manuscripts/{name}"'))
    assert_exit_2(run(example, "lint"), "`manuscripts` entry", "File name too long")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_utf16_or_utf32_file_with_a_bom_is_read(example: Path, encoding: str):
    _status, before = lint_json(example)
    essay = example / "manuscripts" / "essay.md"
    text = essay.read_text(encoding="utf-8")
    essay.write_bytes(("\ufeff" if encoding == "utf-16-be" else "").encode(encoding) + text.encode(encoding))
    assert findings(lint_json(example)[1]) == findings(before)


def test_utf16_without_a_bom_is_called_utf16(example: Path):
    essay = example / "manuscripts" / "essay.md"
    essay.write_bytes(essay.read_text(encoding="utf-8").encode("utf-16-le"))
    assert_exit_2(run(example, "lint"), "manuscripts/essay.md", "UTF-16 text without a byte-order mark")


@pytest.mark.parametrize(
    "setting",
    [
        'select = ["ZZZ999"]',
        'ignore = ["Q001", "X9"]',
        'severity = { Q099 = "info" }',
        '[per-file-ignores]\n"*.md" = ["QQ"]',
    ],
)
def test_unknown_codes_in_the_config_are_a_config_error(example: Path, setting: str):
    config = example / "provenance.toml"
    config.write_text(config.read_text() + setting + "\n")
    assert_exit_2(run(example, "lint"), "provenance.toml", "names no rule")


def test_unknown_codes_on_the_command_line_are_an_error(example: Path):
    assert_exit_2(run(example, "lint", "--select", "Q,ZZZ999"), "--select names no rule: 'ZZZ999'")
    assert run(example, "lint", "--select", "Q,L001").exit_code in (0, 1)


def test_lint_with_no_config_exits_2(tmp_path: Path, monkeypatch):
    from click.testing import CliRunner

    from provenance.cli.main import main

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lint"], catch_exceptions=False)
    assert_exit_2(result, f"no provenance.toml or [tool.provenance] found from {tmp_path}")
    assert list(tmp_path.iterdir()) == []


def test_an_input_error_leaves_no_store_behind(example: Path):
    (example / "manuscripts" / "essay.md").write_text("   \n")
    result = run(example, "lint", database_url=f"sqlite:///{example / '.provenance' / 'provenance.sqlite3'}")
    assert_exit_2(result, "empty manuscript")
    assert not (example / ".provenance").exists()


def test_an_input_error_keeps_an_existing_store(example: Path):
    url = f"sqlite:///{example / '.provenance' / 'provenance.sqlite3'}"
    assert run(example, "lint", database_url=url).exit_code == 1
    (example / "manuscripts" / "essay.md").write_text("   \n")
    assert_exit_2(run(example, "lint", database_url=url), "empty manuscript")
    assert (example / ".provenance" / "provenance.sqlite3").is_file()
