"""BibTeX reading: exact 1-based lines, values as written, and every malformed block reported."""

from __future__ import annotations

import gc
import multiprocessing
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibliography.bibtex import (
    DUPLICATE_FIELD,
    DUPLICATE_KEY,
    BibliographyError,
    BibProblem,
    merge_files,
    parse_bibtex,
    read_bibtex,
    read_part,
    split_names,
    strip_latex,
)
from bibliography.bibtex_parallel import read_in_parts
from bibliography.bibtex_splitter import mask_for
from bibliography.bibtex_values import BadValue, evaluate
from bibliography.collection import no_cycle_collection

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

MULTI = (
    """\
% a comment before the entries

@Book{Smith2001,
  Title = {A Long Title
           over Two Lines},
  year = 2001,
  publisher = "{ACME} Press",
}

"""
    + CST_ENTRY
)


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
    assert fields == {"publisher": "ACME Press", "month": "1", "note": "ACME"}


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
def test_malformed_block_is_a_problem_at_its_line_and_good_entries_survive(bad: str, line: int, fragment: str) -> None:
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
    assert [(p.kind, p.key, p.line, p.column) for p in result.problems] == [(DUPLICATE_KEY, "k", 3, 1)]
    assert "keeps the first entry, at line 1" in result.problems[0].message


def test_duplicate_field_is_reported_and_the_last_value_kept_as_biber_does() -> None:
    text = "@book{k,\n  title = {First},\n  TITLE = {Second},\n}\n"
    result = parse_bibtex(text, "refs.bib")
    assert result.entries[0].fields == {"title": "Second"}
    assert result.entries[0].field_lines == {"title": 3}
    assert [(p.kind, p.line, p.column) for p in result.problems] == [(DUPLICATE_FIELD, 3, 3)]
    assert "duplicate field 'title'" in result.problems[0].message


def test_garbage_never_raises() -> None:
    for text in ["", "@", "@{", "}}}{{{", "@article{k, title = {A} # }", '@string{x = "a}', "@misc(k"]:
        assert isinstance(parse_bibtex(text, "x.bib").problems, tuple)


def test_split_names_on_and_outside_braces() -> None:
    assert split_names("Jin, Emily and {Barnes and Noble}  AND\n Doe, J.") == [
        "Jin, Emily",
        "{Barnes and Noble}",
        "Doe, J.",
    ]
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
        (
            "{Office of the   Central\n National Security Commission}",
            "Office of the Central National Security Commission",
        ),
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


# --- bibtexparser's splitter, mended (see bibliography.bibtex_splitter.Splitter) ---


def test_a_line_ending_in_a_double_backslash_does_not_shift_later_lines() -> None:
    # bibtexparser PR #598: the newline after `\\` was taken for escaped.
    text = "@book{a,\n  note = {one\\\\\n two\\\\\n three},\n  year = 2000,\n}\n\n@book{b,\n  title = {B},\n}\n"
    result = parse_bibtex(text, "refs.bib")
    assert result.problems == ()
    a, b = result.entries
    assert a.fields["note"] == "one\\\\\n two\\\\\n three"
    assert (a.field_lines["year"], b.line, b.field_lines["title"]) == (5, 8, 9)


def test_a_double_backslash_before_a_closing_brace_closes_the_value() -> None:
    result = parse_bibtex("@misc{k, title = {C:\\\\}, year = {2024}}\n", "refs.bib")
    assert result.problems == ()
    assert result.entries[0].fields == {"title": "C:\\\\", "year": "2024"}


def test_a_quote_inside_braces_inside_a_quoted_value_is_text() -> None:
    # bibtexparser issue #487, in the general form biber accepts.
    text = (
        '@book{q,\n  title = "{Ein Handbuch f{\\"u}r zeitgem{"a}{\\ss} Schaffende}",\n'
        '  note = "{... der "optionalen" Kapitel ...}",\n  year = 2001,\n}\n'
    )
    result = parse_bibtex(text, "refs.bib")
    assert result.problems == ()
    fields = result.entries[0].fields
    assert fields["title"] == '{Ein Handbuch f{\\"u}r zeitgem{"a}{\\ss} Schaffende}'
    assert fields["note"] == '{... der "optionalen" Kapitel ...}'
    assert result.entries[0].field_lines["year"] == 4


def test_every_entry_and_field_has_its_column() -> None:
    text = "  @book{k,\n    title = {T},  year = 2000,\n}\n"
    entry = parse_bibtex(text, "refs.bib").entries[0]
    assert (entry.line, entry.column) == (1, 3)
    assert entry.field_columns == {"title": 5, "year": 19}
    lines = text.splitlines()
    for name, line in entry.field_lines.items():
        assert lines[line - 1][entry.field_columns[name] - 1 :].lower().startswith(name)


@pytest.mark.parametrize("text", ["", "   \n", "% only a comment\n", "@comment{nothing here}\n"])
def test_a_file_without_entries_is_empty_not_an_error(text: str) -> None:
    assert parse_bibtex(text, "refs.bib") == parse_bibtex("", "refs.bib")
    assert parse_bibtex(text, "refs.bib").entries == ()


def test_the_same_key_in_two_files_keeps_the_first_file_s_entry() -> None:
    first = parse_bibtex("@book{k, title={First}}\n", "a.bib")
    second = parse_bibtex("@book{j, title={J}}\n@book{k, title={Second}}\n", "b.bib")
    entries, problems = merge_files([first, second])
    assert {key: entry.fields["title"] for key, entry in entries.items()} == {"k": "First", "j": "J"}
    assert [(p.kind, p.path, p.line, p.key) for p in problems] == [(DUPLICATE_KEY, "b.bib", 2, "k")]
    assert "a.bib:1" in problems[0].message


def test_macros_read_as_biber_reads_them() -> None:
    text = (
        "@string{known = {MIT}}\n@string{dec = {Christmas}}\n"
        '@thesis{t, school = inst-mit, institution = known, month = sep, note = "10~" # jan # dec, year = 1986}\n'
    )
    (entry,) = parse_bibtex(text, "refs.bib").entries
    # Undefined: empty; a month: its number; a month redefined by @string: the definition.
    assert entry.fields == {"school": "", "institution": "MIT", "month": "9", "note": "10~1Christmas", "year": "1986"}


def test_a_type_that_starts_with_comment_is_an_entry_and_comment_is_not() -> None:
    text = "@COMMENTED{erm,\n  title = {Handkommentar},\n}\n@comment{ignored, title = {x}}\n"
    result = parse_bibtex(text, "refs.bib")
    assert [(e.key, e.entry_type, e.line) for e in result.entries] == [("erm", "commented", 1)]
    assert result.problems == ()


# A part of a file read apart from the rest must read as it does within it.
PARTED = r"""@string{acme = "{ACME} Press"}
@book{first, title = {One}, publisher = acme, year = 2001}
@book{second, title = {Two}, note = {a macro in a value: @string{fake = "Fake"} is text}, year = 2002}
@book{third, title = {Three}, publisher = fake # " and " # acme, year = 2003}
@string{later = "Later"}
@book{first, title = {One again}, publisher = later, year = 2004}
@book{open, title = {Never closed},
@book{fourth, title = {Four}, series = later, pages = {1--2\\}, year = 2005}
"""


@pytest.mark.parametrize("parts", [2, 3, 4, 100])
def test_a_text_read_in_parts_gives_what_it_gives_read_whole(parts: int) -> None:
    closed = PARTED.replace("@book{open, title = {Never closed},\n", "")
    assert read_in_parts(closed, "refs.bib", mask_for(closed), read_part, parts) is not None  # read in parts
    whole = parse_bibtex(PARTED, "refs.bib", parts=1)
    # What each part cannot know alone is all there: macros from an earlier
    # part, a @string that is only text, an entry left open, a key repeated.
    assert whole.entries[0].fields["publisher"] == "{ACME} Press"
    assert whole.entries[2].fields["publisher"] == " and {ACME} Press"  # an undefined macro is empty
    assert [p.kind for p in whole.problems] == [DUPLICATE_KEY, "unreadable"]
    assert whole.entries[-1].fields["series"] == "Later"
    for text in (PARTED, PARTED.replace("@book{open, title = {Never closed},\n", "")):
        whole = parse_bibtex(text, "refs.bib", parts=1)
        read = parse_bibtex(text, "refs.bib", parts=parts)
        assert (read.entries, read.problems) == (whole.entries, whole.problems)


def test_a_text_read_in_parts_while_another_thread_runs_starts_fresh_readers() -> None:
    # Forking while a thread (a progress bar) holds a lock can hang the child: fresh interpreters then.
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        read = read_in_parts(PARTED, "refs.bib", mask_for(PARTED), read_part, 2)
    finally:
        stop.set()
        thread.join()
    assert read is not None
    assert [e.key for part in read for e in part.entries] == [
        e.key for e in read_part(PARTED, "refs.bib", mask_for(PARTED)).entries
    ]


def test_a_line_ending_in_one_backslash_does_not_shift_the_lines_after_it() -> None:
    # bibtexparser does not count the newline after a single backslash; the lines here come from offsets.
    text = "@misc{a, note = {x \\\n y}}\n@string{s = }\n@book{b, title}\n"
    assert [(p.line, p.message) for p in parse_bibtex(text, "refs.bib").problems] == [
        (3, "cannot parse @string 's': empty value"),
        (4, "cannot parse entry 'b': field 'title' has no '='"),
    ]


def _keys_read_in_parts(text: str) -> list[str]:
    return [entry.key for entry in parse_bibtex(text, "refs.bib", parts=3).entries]


def test_a_text_read_in_parts_by_a_pool_worker_is_read_whole_there() -> None:
    # A pool's (daemonic) worker may not start readers of its own.
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        keys = pool.apply(_keys_read_in_parts, (PARTED,))
    assert keys == [entry.key for entry in parse_bibtex(PARTED, "refs.bib", parts=1).entries]


def test_reading_runs_no_cycle_collection_and_leaves_the_collector_as_it_was() -> None:
    text = "".join(f"@book{{b{n}, title = {{Title {n}}}, author = {{Au, Thor}}, year = 2001}}\n" for n in range(5000))
    passes: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            passes.append(info["generation"])

    gc.callbacks.append(count)
    try:
        assert gc.isenabled()
        parsed = parse_bibtex(text, "refs.bib")
        assert gc.isenabled()
        gc.disable()
        parse_bibtex(text, "refs.bib")
        assert not gc.isenabled()  # paused by the caller: still paused
    finally:
        gc.enable()
        gc.callbacks.remove(count)
    assert len(parsed.entries) == 5000
    # A hundred thousand new objects: the collector would otherwise have run a hundred times, not
    # once as it resumes.
    assert len(passes) <= 2


@given(raw=st.text(alphabet='{}"\\# ab1=', max_size=12))
def test_a_value_reads_the_same_whether_or_not_it_takes_the_short_way(raw: str) -> None:
    # A leading space never takes the short way for one plain {...} or "..." value.
    def read(value: str) -> str | None:
        try:
            return evaluate(value, {"a": "A"})
        except BadValue:
            return None

    assert read(raw) == read(" " + raw)


def test_a_pause_that_freezes_leaves_what_it_made_out_of_later_passes() -> None:
    gc.unfreeze()
    try:
        with no_cycle_collection(freeze=True):
            made = [[index] for index in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(made)
    finally:
        gc.unfreeze()
