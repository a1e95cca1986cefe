"""`provenance import` and `provenance export`: libraries in and standard files out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bibliography.bibtex import parse_bibtex
from tests.helpers import copy_example, position_of, run


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


LIBRARY = """@book{good-one,
  author = {Lu, Xun},
  title = {Call to Arms},
  date = {1923},
}

@book{broken,
  title = {Unclosed,
  date = {2020},

@article{good-two,
  author = {Naughton, Barry},
  title = {The Trajectory of China's Industrial Policies},
  journaltitle = {UC Institute on Global Conflict and Cooperation},
  date = {2023-06},
}
"""


def test_import_keeps_the_valid_entries_and_names_the_broken_one(example: Path, tmp_path: Path):
    library = tmp_path / "library.bib"
    library.write_text(LIBRARY, encoding="utf-8")
    result = run(example, "import", str(library))
    assert result.exit_code == 1, result.output
    assert f"library.bib:{position_of(library, '@book{broken')[0]}:" in result.output
    assert "imported 2 entries" in result.output
    exported = run(example, "export", "bibtex", "good-one", "good-two")
    assert exported.exit_code == 0
    parsed = parse_bibtex(exported.stdout, "out.bib")
    assert [e.key for e in parsed.entries] == ["good-one", "good-two"] and not parsed.problems
    assert parsed.entries[1].fields["date"] == "2023-06"


def test_import_refuses_keys_of_the_configured_bibliography(example: Path, tmp_path: Path):
    library = tmp_path / "clash.bib"
    library.write_text("@book{cst-tech-security, title = {Other}, date = {2020}}\n", encoding="utf-8")
    result = run(example, "import", str(library))
    assert result.exit_code == 2 and "cst-tech-security" in result.output


def test_export_of_a_manuscripts_keys_round_trips_through_import(example: Path, tmp_path: Path):
    exported = run(example, "export", "bibtex", "--manuscript", "manuscripts/essay.md")
    assert exported.exit_code == 0
    entries = parse_bibtex(exported.stdout, "out.bib").entries
    assert [e.key for e in entries] == ["cst-tech-security"]
    other = tmp_path / "other"
    other.mkdir()
    (other / "provenance.toml").write_text("")
    (other / "in.bib").write_text(exported.stdout, encoding="utf-8")
    assert run(other, "import", str(other / "in.bib")).exit_code == 0
    again = run(other, "export", "bibtex")
    assert again.stdout == exported.stdout


def test_csl_json_export_keeps_date_precision_and_translator(example: Path):
    result = run(example, "export", "csl-json", "cst-tech-security")
    (item,) = json.loads(result.stdout)
    assert item["issued"] == {"date-parts": [[2025, 1]]}
    assert item["translator"] == [{"family": "Jin", "given": "Emily"}]
    assert item["original-date"] == {"date-parts": [[2022, 4, 14]]}


def test_unknown_export_key_is_an_input_error(example: Path):
    result = run(example, "export", "csl-json", "no-such-key")
    assert result.exit_code == 2 and "no-such-key" in result.output
