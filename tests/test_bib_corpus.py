"""The reader and B003 against biber on real bibliographies (TeX Live's, see benchmarks/bib_corpus.py).

The suite runs a documented sample (``benchmarks.bib_corpus.SAMPLE``); the
whole corpus is ``python benchmarks/bib_differential.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bib_corpus import biber_available, sample_files
from benchmarks.bib_differential import compare
from bibliography.bibtex import parse_bibtex

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
