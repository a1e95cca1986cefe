"""Exports to biblatex, BibTeX and CSL-JSON, and imports back, lose none of what the checker relies on."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibliography.bibtex import BibEntry, BibliographyError, parse_bibtex, read_bibtex
from bibliography.export import TRANSLATION_TYPES, to_biblatex, to_bibtex, to_csl_json
from bibliography.importing import from_biblatex, from_csl_json, read_library

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "cst-technological-security" / "refs.bib"


def _entry(key: str, entry_type: str, **fields: str) -> BibEntry:
    return BibEntry(key, entry_type, fields, "test.bib", 1, {})


def _reimport(text: str) -> dict[str, tuple[str, dict[str, str]]]:
    bib = parse_bibtex(text, "export.bib")
    assert bib.problems == ()
    return {entry.key: (entry.entry_type, entry.fields) for entry in from_biblatex(bib.entries)}


def _as_written(entries) -> dict[str, tuple[str, dict[str, str]]]:
    return {entry.key: (entry.entry_type, entry.fields) for entry in entries}


# --- biblatex ---------------------------------------------------------------


def test_example_round_trips_through_biblatex():
    entries = read_library(EXAMPLE)
    assert _reimport(to_biblatex(entries)) == _as_written(entries)


def test_example_fields_survive_verbatim_where_the_data_model_allows_them():
    entries = read_bibtex(EXAMPLE).entries
    exported = {entry.key: entry.fields for entry in parse_bibtex(to_biblatex(entries), "x.bib").entries}
    book = exported["ncsc-2022-study-outline"]
    assert book == entries[1].fields
    online = exported["cst-tech-security"]
    for name in ("date", "origdate", "origtitle", "related", "relatedtype", "urldate", "file"):
        assert online[name] == entries[0].fields[name]
    assert online["date"] == "2025-01"
    assert online["author"] == "{Office of the Central National Security Commission}"


def test_translator_on_online_becomes_an_editor_with_the_translator_role():
    text = to_biblatex([_entry("a", "online", title="T", translator="Jin, Emily", origlanguage="chinese")])
    fields = parse_bibtex(text, "x.bib").entries[0].fields
    assert fields["editor"] == "Jin, Emily"
    assert fields["editortype"] == "translator"
    assert "translator" not in fields and "origlanguage" not in fields
    assert fields["addendum"].endswith("Original language: chinese.")


def test_translator_stays_when_the_editor_is_taken_or_the_type_has_one():
    own_editor = _entry("a", "online", editor="Doe, Jane", translator="Jin, Emily")
    book = _entry("b", "book", translator="Jin, Emily", origlanguage="chinese")
    exported = {e.key: e.fields for e in parse_bibtex(to_biblatex([own_editor, book]), "x.bib").entries}
    assert exported["a"] == own_editor.fields
    assert exported["b"] == book.fields


def test_biblatex_layout_is_braced_aligned_and_canonically_ordered():
    entry = _entry("k", "book", zeta="z", date="2025", title="T", author="A, B", abstract="x")
    lines = to_biblatex([entry]).splitlines()
    assert lines[0] == "@book{k,"
    names = [line.split("=")[0].strip() for line in lines[1:-1]]
    assert names == ["author", "title", "date", "abstract", "zeta"]
    assert len({line.index("=") for line in lines[1:-1]}) == 1
    assert all(line.rstrip(",").endswith("}") for line in lines[1:-1])


_NAMES = st.from_regex(r"[a-z]{1,12}", fullmatch=True).filter(
    lambda name: name not in ("translator", "origlanguage", "editor", "editortype", "addendum")
)
_CHUNK = st.lists(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="{}\\")
    | st.sampled_from(["中文", "é", "\\&", "\\'e", "\n", "@", "%", '"']),
    max_size=8,
).map("".join)


_BLOCK_START_LINE = re.compile(r"\n\s*@\w*[ \t]*[{(]")


@st.composite
def _value(draw, depth: int = 0) -> str:
    """A value as parse_bibtex yields one: braces balanced, no backslash before a brace,
    and no line that opens a new block (bibtexparser would split the entry there)."""
    pieces = draw(
        st.lists(
            _CHUNK if depth >= 2 else st.one_of(_CHUNK, _value(depth + 1).map(lambda inner: "{" + inner + "}")),
            max_size=4,
        )
    )
    value = "".join(pieces)
    return value if depth or not _BLOCK_START_LINE.search(value) else value.replace("@", "at")


@st.composite
def _entries(draw) -> list[BibEntry]:
    keys = draw(
        st.lists(st.from_regex(r"[A-Za-z][A-Za-z0-9:_-]{0,10}", fullmatch=True), min_size=1, max_size=4, unique=True)
    )
    entries = []
    for key in keys:
        entry_type = draw(st.sampled_from(["online", "book", "article", "misc", "report", "thesis"]))
        fields = draw(st.dictionaries(_NAMES, _value(), max_size=6))
        if draw(st.booleans()):
            fields["translator"] = "Jin, Emily and {Office of Translation}"
        if draw(st.booleans()):
            fields["origlanguage"] = "chinese"
        entries.append(_entry(key, entry_type, **fields))
    return entries


@settings(max_examples=200, deadline=None)
@given(_entries())
def test_any_entries_round_trip_through_biblatex(entries):
    assert _reimport(to_biblatex(entries)) == _as_written(entries)


@settings(max_examples=100, deadline=None)
@given(_entries())
def test_raw_biblatex_is_verbatim_on_types_with_a_translator(entries):
    kept = [entry for entry in entries if entry.entry_type in TRANSLATION_TYPES]
    parsed = parse_bibtex(to_biblatex(kept), "x.bib")
    assert [(e.key, e.fields) for e in parsed.entries] == [(e.key, e.fields) for e in kept]


def test_a_line_opening_a_block_inside_a_value_is_joined_to_the_line_before():
    entry = _entry("a", "misc", note="See\n  @book{x} and more")
    (parsed,) = parse_bibtex(to_biblatex([entry]), "x.bib").entries
    assert parsed.fields == {"note": "See @book{x} and more"}


def test_biblatex_export_passes_bibers_data_model_validation(tmp_path: Path):
    biber = shutil.which("biber")
    if biber is None:
        pytest.skip("biber is not installed: cannot validate the export against biber's data model")
    exported = tmp_path / "refs.bib"
    exported.write_text(to_biblatex(read_library(EXAMPLE)), encoding="utf-8")
    # Not --quiet: it silences warnings on the terminal and in the .blg alike.
    run = subprocess.run(
        [biber, "--tool", "--validate-datamodel", exported.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    log = (tmp_path / "refs.bib.blg").read_text(encoding="utf-8")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Datamodel validation complete" in log
    complaints = [line for line in (run.stdout + run.stderr + log).splitlines() if re.search(r"\b(WARN|ERROR)\b", line)]
    assert complaints == []


# --- classic BibTeX ---------------------------------------------------------


def _bibtex(entry: BibEntry) -> tuple[str, dict[str, str]]:
    parsed = parse_bibtex(to_bibtex([entry]), "x.bib")
    assert parsed.problems == ()
    return parsed.entries[0].entry_type, parsed.entries[0].fields


def test_bibtex_online_becomes_misc_with_url_and_access_date():
    entry = read_bibtex(EXAMPLE).entries[0]
    entry_type, fields = _bibtex(entry)
    assert entry_type == "misc"
    assert fields["howpublished"] == "\\url{" + entry.fields["url"] + "}"
    # `month = jan` is written as the macro, which biber (and the reader) read as month 1.
    assert fields["year"] == "2025" and fields["month"] == "1"
    assert "date" not in fields and "url" not in fields and "urldate" not in fields
    assert "translator" not in fields and "origtitle" not in fields and "origdate" not in fields
    assert fields["note"] == (
        "Translated by Emily Jin. Original title: 总体国家安全观学习纲要. "
        "Originally published 2022-04-14. Accessed 2025-02-20."
    )
    assert fields["related"] == "ncsc-2022-study-outline"


def test_bibtex_month_is_a_bare_macro():
    assert "  month        = jan,\n" in to_bibtex([read_bibtex(EXAMPLE).entries[0]])


def test_bibtex_translator_note_appends_to_an_existing_note():
    _, fields = _bibtex(_entry("a", "book", note="First edition", translator="Jin, Emily and Doe, J."))
    assert fields["note"] == "First edition. Translated by Emily Jin and J. Doe."


def test_bibtex_renames_location_and_journaltitle():
    entry_type, fields = _bibtex(_entry("a", "article", journaltitle="J", location="Beijing", date="2022"))
    assert entry_type == "article"
    assert fields == {"journal": "J", "address": "Beijing", "year": "2022"}


def test_bibtex_year_only_and_uncertain_dates():
    assert _bibtex(_entry("a", "book", date="2022"))[1] == {"year": "2022"}
    _, fields = _bibtex(_entry("a", "book", date="2004-06-11?"))
    assert fields == {"year": "2004", "month": "6", "note": "Date 2004-06-11?"}  # `month = jun`, read as 6


def test_bibtex_types_it_lacks_are_mapped():
    assert _bibtex(_entry("a", "report", institution="I"))[0] == "techreport"
    assert _bibtex(_entry("a", "thesis", type="mathesis", institution="U")) == ("mastersthesis", {"school": "U"})
    assert _bibtex(_entry("a", "dataset"))[0] == "misc"


# --- CSL-JSON ---------------------------------------------------------------


def test_csl_example_items():
    online, book = to_csl_json(read_bibtex(EXAMPLE).entries)[:2]
    assert online["type"] == "webpage"
    assert online["author"] == [{"literal": "Office of the Central National Security Commission"}]
    assert online["translator"] == [{"family": "Jin", "given": "Emily"}]
    assert online["issued"] == {"date-parts": [[2025, 1]]}
    assert online["accessed"] == {"date-parts": [[2025, 2, 20]]}
    assert online["original-date"] == {"date-parts": [[2022, 4, 14]]}
    assert online["original-title"] == "总体国家安全观学习纲要"
    assert online["language"] == "en"
    assert online["URL"].startswith("https://www.strategictranslation.org/")
    assert book["type"] == "book"
    assert book["author"] == [{"literal": "中央国家安全委员会办公室"}]
    assert book["language"] == "zh"
    assert book["publisher"] == "学习出版社" and book["publisher-place"] == "北京"


@pytest.mark.parametrize(
    ("fields", "issued"),
    [
        ({"date": "2025"}, {"date-parts": [[2025]]}),
        ({"date": "2025-01"}, {"date-parts": [[2025, 1]]}),
        ({"year": "2025", "month": "jan"}, {"date-parts": [[2025, 1]]}),
        ({"date": "2022-04-14/2022-05"}, {"date-parts": [[2022, 4, 14], [2022, 5]]}),
        ({"date": "2004~"}, {"date-parts": [[2004]], "circa": True}),
        ({"date": "2022/.."}, {"date-parts": [[2022]], "raw": "2022/.."}),
        ({"date": "spring 2022"}, {"raw": "spring 2022"}),
    ],
)
def test_csl_dates_keep_their_precision(fields, issued):
    assert to_csl_json([_entry("a", "book", **fields)])[0]["issued"] == issued


def test_csl_names_text_and_types():
    entry = _entry(
        "a",
        "incollection",
        author="van Gogh, Jr., Vincent and Plato",
        editor="Jane Doe",
        title="A \\& B: {DNA} \\emph{now}",
        booktitle="Coll",
        pages="3--10",
        doi="10.1/x~y",
    )
    item = to_csl_json([entry])[0]
    assert item["type"] == "chapter"
    assert item["author"] == [
        {"family": "Gogh", "non-dropping-particle": "van", "suffix": "Jr.", "given": "Vincent"},
        {"family": "Plato"},
    ]
    assert item["editor"] == [{"family": "Doe", "given": "Jane"}]
    assert item["title"] == "A & B: DNA now"
    assert item["container-title"] == "Coll"
    assert item["page"] == "3-10"
    assert item["DOI"] == "10.1/x~y"


def test_csl_round_trip_of_the_example():
    entries = read_bibtex(EXAMPLE).entries
    items = to_csl_json(entries)
    assert to_csl_json(from_csl_json(items, "x.json")) == items


# strip_latex collapses white space and LaTeX has no plain "^", so CSL text
# round-trips when it has neither.
_PLAIN = (
    st.lists(
        st.characters(blacklist_categories=("Cs", "Cc", "Z"), blacklist_characters="^")
        | st.sampled_from(["中文", " ", "&", "%", "{", "}", "\\", "~", "$", "#", "_"]),
        min_size=1,
        max_size=12,
    )
    .map(lambda chars: " ".join("".join(chars).split()))
    .filter(bool)
)
_DATE = st.lists(st.integers(1, 12), max_size=1).flatmap(lambda month: st.just({"date-parts": [[2020, *month]]}))
# split_names counts an escaped brace as a group, so names hold no literal braces.
_NAME_TEXT = _PLAIN.filter(lambda text: not set("{},") & set(text))
_PERSON = st.fixed_dictionaries(
    {
        "family": _NAME_TEXT.filter(lambda text: " " not in text and not text[0].islower()),
        "given": _NAME_TEXT,
    }
)
_NAME = st.one_of(_PERSON, st.fixed_dictionaries({"literal": _NAME_TEXT}))


@st.composite
def _csl_items(draw) -> list[dict]:
    items = []
    for number in range(draw(st.integers(1, 3))):
        item = {
            "id": f"item{number}",
            "type": draw(st.sampled_from(["book", "webpage", "article-journal", "chapter", "report", "thesis"])),
        }
        item.update(
            draw(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "title": _PLAIN,
                        "original-title": _PLAIN,
                        "publisher": _PLAIN,
                        "note": _PLAIN,
                        "author": st.lists(_NAME, min_size=1, max_size=3),
                        "translator": st.lists(_NAME, min_size=1, max_size=2),
                        "issued": _DATE,
                        "accessed": _DATE,
                        "original-date": _DATE,
                        "URL": st.just("https://example.org/a~b%20c"),
                        "language": st.sampled_from(["en", "zh"]),
                    },
                )
            )
        )
        items.append(item)
    return items


@settings(max_examples=200, deadline=None)
@given(_csl_items())
def test_csl_round_trips_through_entries_and_biblatex(items):
    entries = from_csl_json(items, "x.json")
    assert to_csl_json(entries) == items
    reread = from_biblatex(parse_bibtex(to_biblatex(entries), "x.bib").entries)
    assert to_csl_json(reread) == to_csl_json(entries)


def test_csl_import_maps_names_dates_and_language():
    (entry,) = from_csl_json(
        [
            {
                "id": "cst",
                "type": "webpage",
                "title": "Safeguard 50% & more",
                "author": [{"literal": "Office of the Central National Security Commission"}],
                "translator": [{"family": "Jin", "given": "Emily"}],
                "issued": {"date-parts": [[2025, 1]]},
                "original-date": {"date-parts": [["2022", "4", "14"]]},
                "language": "en",
                "publisher": "Center for Strategic Translation",
            }
        ],
        "refs.json",
        lines=[3],
    )
    assert entry.key == "cst" and entry.entry_type == "online" and entry.line == 3
    assert entry.fields == {
        "author": "{Office of the Central National Security Commission}",
        "translator": "Jin, Emily",
        "title": "Safeguard 50\\% \\& more",
        "organization": "Center for Strategic Translation",
        "date": "2025-01",
        "origdate": "2022-04-14",
        "langid": "english",
    }


def test_read_library_reads_csl_json_with_item_lines(tmp_path: Path):
    path = tmp_path / "refs.json"
    path.write_text(
        json.dumps(to_csl_json(read_bibtex(EXAMPLE).entries), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    first, second = read_library(path)[:2]
    text_lines = path.read_text(encoding="utf-8").splitlines()
    assert text_lines[first.line - 1].strip() == "{"
    assert '"ncsc-2022-study-outline"' in text_lines[second.line]
    assert first.fields["translator"] == "Jin, Emily"
    assert second.fields["date"] == "2022-04-14"


@pytest.mark.parametrize(
    ("name", "text", "message", "line"),
    [
        ("refs.json", '[\n  {"id": "a",}\n]', "invalid JSON", 2),
        ("refs.json", '{"id": "a"}', "array of items", 1),
        ("refs.json", '[{"id": "a"},\n {"id": "a"}]', "duplicate id 'a'", 2),
        ("refs.json", '[{"type": "book"}]', "has no id", 1),
        ("refs.yaml", "- id: a", "unsupported bibliography format '.yaml'", None),
        ("refs.bib", "@book{a,\n title = {T}\n", "missing closing brace", 1),
    ],
)
def test_read_library_errors_name_the_file_and_line(tmp_path: Path, name, text, message, line):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BibliographyError) as raised:
        read_library(path)
    assert message in raised.value.message
    assert raised.value.path == str(path)
    assert raised.value.line == line


# --- round trips through lint and over real bibliographies -------------------


def test_an_exported_translation_still_traces_to_its_translator_and_original_language(tmp_path: Path):
    from tests.helpers import copy_example, run

    project = copy_example(tmp_path)
    refs = project / "refs.bib"
    online = next(
        entry
        for entry in read_library(refs)
        if entry.entry_type == "online" and "translator" in entry.fields and "origlanguage" in entry.fields
    )
    exported = to_biblatex(read_library(refs))
    assert "editortype" in exported and "origlanguage" not in exported.split(online.key, 1)[1].split("\n}")[0]
    refs.write_text(exported, encoding="utf-8")
    result = run(project, "trace", "manuscripts/essay.md:4")
    assert result.exit_code == 0, result.output
    assert "translator: Jin, Emily" in result.output
    assert f"from: {online.fields['origlanguage']}" in result.output


def _corpus_entries() -> list[BibEntry]:
    from benchmarks.bib_corpus import sample_files

    return [
        entry
        for path in sample_files()
        if path.name in ("biblatex-examples.bib", "xampl.bib", "type.bib")
        for entry in read_bibtex(path).entries
    ]


REAL_ENTRIES = _corpus_entries()


@pytest.mark.skipif(not REAL_ENTRIES, reason="no TeX Live bibliographies (install texlive-bibtex-extra)")
@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(REAL_ENTRIES or [None]), min_size=1, max_size=8, unique_by=lambda entry: entry.key))
def test_real_entries_round_trip_import_export_import(entries):
    imported = from_biblatex(entries)
    assert _reimport(to_biblatex(imported)) == _as_written(imported)


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
@pytest.mark.skipif(not REAL_ENTRIES, reason="no TeX Live bibliographies (install texlive-bibtex-extra)")
def test_the_export_of_a_real_file_gives_biber_nothing_new_to_complain_about(tmp_path: Path):
    from benchmarks.bib_corpus import run_biber, sample_files

    def complaints(path: Path) -> set[str]:
        report = run_biber(path, tmp_path)
        # Keys and messages only: the file name and the order differ.
        return {re.sub(r" \([^)]*\.bib\)", "", line).replace(str(path), "") for line in report.warnings + report.errors}

    for original in (p for p in sample_files() if p.name in ("biblatex-examples.bib", "xampl.bib")):
        exported = tmp_path / f"exported-{original.name}"
        exported.write_text(to_biblatex(read_library(original)), encoding="utf-8")
        assert complaints(exported) <= complaints(original), original.name
