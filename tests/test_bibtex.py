"""BibTeX reading: exact 1-based lines, values as written, and every malformed block reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibliography.bibtex import (
    BibliographyError,
    BibProblem,
    parse_bibtex,
    read_bibtex,
    split_names,
    strip_latex,
)

# From the project's example bibliography.
CST_ENTRY = """\
@online{cst-tech-security,
  author       = {{Office of the Central National Security Commission}},
  title        = {Safeguard Technological Security},
  translator   = {Jin, Emily},
  date         = {2025-01},
  origdate     = {2022-04-14},
  origtitle    = {总体国家安全观学习纲要},
  file         = {sources/cst-safeguard-technological-security.md},
}
"""

MULTI = """\
% a comment before the entries

@Book{Smith2001,
  Title = {A Long Title
           over Two Lines},
  year = 2001,
  publisher = "{ACME} Press",
}

""" + CST_ENTRY


def _by_key(text: str) -> dict:
    return {entry.key: entry for entry in parse_bibtex(text, "refs.bib").entries}


def _lines(problems: tuple[BibProblem, ...]) -> list[int]:
    return [problem.line for problem in problems]


def test_entry_and_field_lines_are_one_based_in_a_multi_entry_file() -> None:
    result = parse_bibtex(MULTI, "refs.bib")
    assert result.problems == ()
    smith, cst = result.entries
    assert (smith.line, cst.line) == (3, 10)
    assert smith.field_lines == {"title": 4, "year": 6, "publisher": 7}
    assert cst.field_lines["author"] == 11
    assert cst.field_lines["file"] == 17
    assert smith.path == cst.path == "refs.bib"


def test_type_and_field_names_are_lowercased() -> None:
    smith = _by_key(MULTI)["Smith2001"]
    assert smith.entry_type == "book"
    assert set(smith.fields) == {"title", "year", "publisher"}


def test_one_level_of_enclosing_is_removed_and_inner_braces_kept() -> None:
    entries = _by_key(MULTI)
    cst = entries["cst-tech-security"]
    assert cst.entry_type == "online"
    assert cst.fields["author"] == "{Office of the Central National Security Commission}"
    assert cst.fields["translator"] == "Jin, Emily"
    assert cst.fields["origtitle"] == "总体国家安全观学习纲要"
    smith = entries["Smith2001"]
    assert smith.fields["title"] == "A Long Title\n           over Two Lines"
    assert smith.fields["year"] == "2001"
    assert smith.fields["publisher"] == "{ACME} Press"


def test_string_macros_and_concatenations_are_expanded() -> None:
    text = '@string{Pub = "ACME"}\n@book{k, publisher = pub # { } # "Press", month = jan, note = Pub}\n'
    fields = _by_key(text)["k"].fields
    assert fields == {"publisher": "ACME Press", "month": "jan", "note": "ACME"}


GOOD_BEFORE = "@article{before,\n  title = {Before},\n}\n\n"
GOOD_AFTER = "\n@article{after,\n  title = {After},\n}\n"


@pytest.mark.parametrize(
    ("bad", "line", "fragment"),
    [
        # The closing brace of the last entry is missing.
        ("@article{bad,\n  title = {B},\n", 5, "entry 'bad': missing closing brace"),
        # A field without a comma after it.
        ("@article{bad,\n  title = {B}\n  year = {2020},\n}\n", 7, "missing comma"),
        # An entry without a key.
        ("@article{\n  title = {B},\n}\n", 5, "missing key"),
        # A field without `=`.
        ("@article{bad,\n  title = {B},\n  year {2020},\n}\n", 7, "field 'year' has no '='"),
        # A quoted value that is never closed.
        ('@article{bad,\n  title = "B,\n}\n', 5, "missing closing quote"),
        # A field name that is not one.
        ("@article{bad,\n  % note\n  title = {B},\n}\n", 6, "invalid field name"),
        # A trailing name without `=` before the closing brace.
        ("@article{bad,\n  title = {B},\n  keywords\n}\n", 7, "field 'keywords' has no '='"),
    ],
)
def test_malformed_block_is_a_problem_at_its_line_and_good_entries_survive(
        bad: str, line: int, fragment: str) -> None:
    after = GOOD_AFTER if "closing brace" not in fragment else ""
    result = parse_bibtex(GOOD_BEFORE + bad + after, "refs.bib")
    assert [problem.line for problem in result.problems] == [line]
    assert fragment in result.problems[0].message
    assert result.problems[0].path == "refs.bib"
    keys = [entry.key for entry in result.entries]
    assert keys == (["before", "after"] if after else ["before"])
    assert "bad" not in keys


def test_unclosed_entry_in_the_middle_keeps_the_next_entry() -> None:
    text = GOOD_BEFORE + "@article{bad,\n  title = {B},\n" + GOOD_AFTER
    result = parse_bibtex(text, "refs.bib")
    assert [entry.key for entry in result.entries] == ["before", "after"]
    assert _lines(result.problems) == [5]
    assert "missing closing brace" in result.problems[0].message
    assert result.entries[1].line == 8


def test_duplicate_key_keeps_the_first_entry() -> None:
    text = "@book{k, title={First}}\n\n@article{k,\n title={Second}}\n"
    result = parse_bibtex(text, "refs.bib")
    assert [(entry.key, entry.fields["title"]) for entry in result.entries] == [("k", "First")]
    assert [(p.message, p.line) for p in result.problems] == [
        ("duplicate key 'k' (first defined at line 1)", 3)]


def test_duplicate_field_is_reported_and_the_first_value_kept() -> None:
    text = "@book{k,\n  title = {First},\n  TITLE = {Second},\n}\n"
    result = parse_bibtex(text, "refs.bib")
    assert result.entries[0].fields == {"title": "First"}
    assert result.entries[0].field_lines == {"title": 2}
    assert _lines(result.problems) == [3]
    assert "duplicate field 'title'" in result.problems[0].message


def test_garbage_never_raises() -> None:
    for text in ["", "@", "@{", "}}}{{{", "@article{k, title = {A} # }", '@string{x = "a}', "@misc(k"]:
        assert isinstance(parse_bibtex(text, "x.bib").problems, tuple)


def test_split_names_on_and_outside_braces() -> None:
    assert split_names("Jin, Emily and {Barnes and Noble}  AND\n Doe, J.") == [
        "Jin, Emily", "{Barnes and Noble}", "Doe, J."]
    assert split_names("Alexander Anderson and Sandy Andrews") == ["Alexander Anderson", "Sandy Andrews"]
    assert split_names("") == []
    assert split_names("   ") == []


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        ('M{\\"o}bius and Erd\\H{o}s', "Möbius and Erdős"),
        ("Caf\\'e {\\c c}a", "Café ça"),
        ("R\\&D: 50\\% of \\$5 in a\\_b", "R&D: 50% of $5 in a_b"),
        ("50% off", "50% off"),
        ("1990--1999 --- so~far", "1990–1999 — so far"),
        ("{Office of the   Central\n National Security Commission}",
         "Office of the Central National Security Commission"),
        ("总体国家安全观学习纲要 {\\emph{Über}}", "总体国家安全观学习纲要 Über"),
    ],
)
def test_strip_latex(latex: str, plain: str) -> None:
    assert strip_latex(latex) == plain


def test_read_bibtex_handles_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(b"\xef\xbb\xbf" + CST_ENTRY.encode("utf-8"))
    result = read_bibtex(path)
    assert result.problems == ()
    assert result.entries[0].key == "cst-tech-security"
    assert result.entries[0].line == 1
    assert result.path == str(path)


def test_read_bibtex_rejects_latin1_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes("@book{k,\n  title = {A},\n  author = {Müller},\n}\n".encode("latin-1"))
    with pytest.raises(BibliographyError) as caught:
        read_bibtex(path)
    assert caught.value.line == 3
    assert caught.value.path == str(path)
    assert "UTF-8" in str(caught.value)


def test_read_bibtex_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BibliographyError) as caught:
        read_bibtex(tmp_path / "absent.bib")
    assert caught.value.line is None
    assert "not found" in str(caught.value)
