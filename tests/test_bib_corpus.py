"""The reader and B003 against biber on real bibliographies (TeX Live's, see benchmarks/bib_corpus.py).

The suite runs a documented sample (``benchmarks.bib_corpus.SAMPLE``); the
whole corpus is ``python benchmarks/bib_differential.py``.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.bib_corpus import biber_available, sample_files
from benchmarks.bib_differential import compare
from bibliography.bibtex import BibEntry, parse_bibtex
from provenance.check.duplicate_entries import DuplicatePair, background, find_twins
from tests.helpers import another_thread

SAMPLE = sample_files()
needs_corpus = pytest.mark.skipif(
    not SAMPLE, reason="no TeX Live bibliographies (install texlive-bibtex-extra or set PROVENANCE_BIB_CORPUS)"
)
needs_biber = pytest.mark.skipif(not biber_available(), reason="biber is not installed")


@needs_corpus
@needs_biber
@pytest.mark.parametrize("path", SAMPLE, ids=lambda path: path.name)
def test_every_entry_biber_reads_is_read_on_its_line_and_judged_as_biber_judges_it(path: Path, tmp_path: Path):
    result = compare(path, tmp_path)
    assert result.refused == ""
    assert result.biber_entries > 0
    assert result.lost == [] and result.extra == []
    assert result.line_mismatches == []
    assert (result.b003_only_ours, result.b003_only_biber) == ([], [])


@needs_corpus
@pytest.mark.parametrize("path", SAMPLE, ids=lambda path: path.name)
def test_a_file_read_in_parts_reads_as_it_does_whole(path: Path):
    text = path.read_text(encoding="utf-8", errors="replace")
    whole = parse_bibtex(text, path.name, parts=1)
    assert whole.entries
    for parts in (2, 5, 1000):
        read = parse_bibtex(text, path.name, parts=parts)
        assert (read.entries, read.problems) == (whole.entries, whole.problems)
        assert [(e.column, e.field_columns) for e in read.entries] == [
            (e.column, e.field_columns) for e in whole.entries
        ]


def _sample_entries() -> list[BibEntry]:
    """The sample's entries, each file's text repeated so that copies are there to be found."""
    entries: list[BibEntry] = []
    for path in SAMPLE:
        entries += parse_bibtex(path.read_text(encoding="utf-8"), path.name).entries
    return entries + [replace(entry, key=f"{entry.key}-again") for entry in entries[::7]]


def _keys(pairs: list[DuplicatePair]) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return [(pair.first.key, pair.second.key, pair.reason, pair.differing) for pair in pairs]


@needs_corpus
def test_the_twin_search_in_a_process_of_its_own_finds_what_it_finds_here(monkeypatch) -> None:
    entries = _sample_entries()
    here = find_twins(entries)
    monkeypatch.setattr(background, "MIN_ENTRIES", 1)
    wait = background.search_twins(entries)
    found = wait()
    assert _keys(found) == _keys(here) and len(here) > 50
    # The parent's own entries come back, not copies of them.
    mine = {id(entry) for entry in entries}
    assert all(id(pair.first) in mine and id(pair.second) in mine for pair in found)


@needs_corpus
def test_a_twin_search_whose_process_dies_is_done_here(monkeypatch) -> None:
    entries = _sample_entries()
    monkeypatch.setattr(background, "MIN_ENTRIES", 1)
    monkeypatch.setattr(background, "_search", lambda entries: os._exit(3))
    assert _keys(background.search_twins(entries)()) == _keys(find_twins(entries))


@needs_corpus
def test_a_twin_search_beside_another_thread_is_not_forked(monkeypatch) -> None:
    entries = _sample_entries()
    monkeypatch.setattr(background, "MIN_ENTRIES", 1)
    monkeypatch.setattr(background, "_search", lambda entries: os._exit(3))  # fails if forked
    started: list[bool] = []
    real = find_twins
    monkeypatch.setattr(background, "find_twins", lambda entries: started.append(True) or real(entries))
    with another_thread():
        wait = background.search_twins(entries)
    assert started == []  # nothing done until asked
    assert _keys(wait()) == _keys(real(entries)) and started == [True]
