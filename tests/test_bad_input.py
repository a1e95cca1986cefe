"""Bad input: one clear message with file and line, exit 2, and nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.helpers import copy_example, lint_json, position_of, run, store_url


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def store_rows(project: Path) -> list[tuple]:
    engine = sa.create_engine(store_url(project))
    with engine.connect() as connection:
        rows = sorted(tuple(row) for row in connection.execute(sa.text("SELECT path, content_hash FROM input_files")))
    engine.dispose()
    return rows


def assert_input_error(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output


def test_unbalanced_braces_are_b006_and_the_rest_is_still_linted(example: Path):
    _status, clean = lint_json(example)
    bib = example / "refs.bib"
    bib.write_text(bib.read_text() + "\n@book{broken,\n  title = {Unclosed,\n  date = {2020},\n")
    status, report = lint_json(example)
    assert status == 1
    (b006,) = [f for f in report["findings"] if f["code"] == "B006"]
    assert (b006["path"], b006["line"]) == ("refs.bib", position_of(bib, "@book{broken")[0])
    assert "missing closing brace" in b006["message"]
    others = sorted((f["code"], f["path"], f["line"]) for f in report["findings"] if f["code"] != "B006")
    assert others == sorted((f["code"], f["path"], f["line"]) for f in clean["findings"])


def test_duplicate_keys_are_b007_naming_both_places(example: Path):
    bib = example / "refs.bib"
    first = position_of(bib, "@book{ncsc-2022-study-outline")[0]
    bib.write_text(bib.read_text() + "\n@book{ncsc-2022-study-outline,\n  title = {Again},\n}\n")
    status, report = lint_json(example)
    second = position_of(bib, "@book{ncsc-2022-study-outline", 2)[0]
    assert status == 1
    (b007,) = [f for f in report["findings"] if f["code"] == "B007"]
    assert (b007["line"], b007["citation_key"]) == (second, "ncsc-2022-study-outline")
    assert f"at line {first}" in b007["message"]


def test_binary_source_is_refused(example: Path):
    (example / "sources" / "scan.md").write_bytes(b"Chapter 1\n\x00\x01\x02")
    assert_input_error(run(example, "lint"), "sources/scan.md:2:", "binary")


def test_undecodable_manuscript_names_the_line(example: Path):
    (example / "manuscripts" / "latin1.md").write_bytes(b'Title\n\nCaf\xe9 "quoted words here" [@x]\n')
    assert_input_error(run(example, "lint"), "manuscripts/latin1.md:3:", "not valid UTF-8")


def test_missing_bibliography_named_in_config(example: Path):
    (example / "refs.bib").unlink()
    assert_input_error(run(example, "lint"), "`bibliography` entry 'refs.bib' matches no file")


def test_file_field_pointing_nowhere(example: Path):
    bib = example / "refs.bib"
    bib.write_text(bib.read_text().replace("sources/cst-safeguard-technological-security.md", "sources/gone.md"))
    line = position_of(bib, "file         = {sources/gone.md}")[0]
    assert_input_error(run(example, "lint"), f"refs.bib:{line}:", "sources/gone.md")


def test_empty_manuscript(example: Path):
    (example / "manuscripts" / "empty.md").write_text("\n\n")
    assert_input_error(run(example, "lint"), "manuscripts/empty.md:1:", "empty manuscript")


def test_unknown_key_is_a_finding_not_an_input_error(example: Path):
    essay = example / "manuscripts" / "essay.md"
    essay.write_text(essay.read_text() + "\nAs “the handbook says in so many words” [@cst-tech-securty, p. 3].\n")
    status, report = lint_json(example)
    b005 = [f for f in report["findings"] if f["code"] == "B005"]
    assert status == 1
    line, column = position_of(essay, "@cst-tech-securty")
    assert [(f["line"], f["column"]) for f in b005] == [(line, column)]
    assert "did you mean @cst-tech-security" in b005[0]["message"]


def test_hostile_text_is_printed_as_text(example: Path):
    essay = example / "manuscripts" / "essay.md"
    essay.write_text(
        essay.read_text() + "\n“[bold red]not markup[/] and <script>alert(1)</script>” [@cst-tech-security, p. 1].\n"
    )
    result = run(example, "lint")
    assert "“[bold red]not markup[/] and <script>alert(1)</script>” is not in" in result.output


def test_file_field_naming_a_folder(example: Path):
    bib = example / "refs.bib"
    bib.write_text(bib.read_text().replace("{sources/cst-safeguard-technological-security.md}", "{sources}", 1))
    line = position_of(bib, "file         = {sources}")[0]
    assert_input_error(run(example, "lint"), f"refs.bib:{line}:", "a folder, not a text file")
