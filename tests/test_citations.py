"""Formatted citations: styles, locators, the corrected citation of a quotation, and pandoc agreement."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bibliography.csl import CslError, csl_locator, format_bibliography, format_citation, style_path
from tests.helpers import copy_example, run

DATA = Path(__file__).resolve().parent / "data"
CORPUS = json.loads((DATA / "csl-corpus.json").read_text(encoding="utf-8"))
FOUR_STYLES = ("chicago-notes-bibliography", "chicago-author-date", "apa", "modern-language-association")


def test_style_names_aliases_and_paths_find_csl_files(tmp_path):
    assert style_path("chicago-note-bibliography").name == "chicago-notes-bibliography.csl"
    assert style_path("mla").name == "modern-language-association.csl"
    assert style_path(str(style_path("apa"))) == style_path("apa")
    with pytest.raises(CslError, match="unknown style"):
        style_path("no-such-style")
    with pytest.raises(CslError, match="no CSL style file"):
        style_path(str(tmp_path / "missing.csl"))


@pytest.mark.parametrize("written,label,value,suffix", [
    ("chap. 7, sec. III", "chapter", "7", ", sec. III"),
    ("pp. 33, 35", "page", "33, 35", ""),
    ("p. 4", "page", "4", ""),
    ("art. 5", "article-locator", "5", ""),
    ("passim", None, None, ", passim"),
    (None, None, None, ""),
])
def test_locators_split_as_pandoc_reads_them(written, label, value, suffix):
    found = csl_locator(written)
    assert (found.label, found.value, found.suffix) == (label, value, suffix)


def test_translation_note_names_translator_dates_and_original_title():
    note = format_citation(CORPUS, "cst-tech-security", "chap. 7, sec. III", "chicago-notes-bibliography")
    assert note.startswith("Office of the Central National Security Commission, “Safeguard Technological Security,”")
    assert "trans. Emily Jin" in note and "January 2025" in note
    assert "originally published as 总体国家安全观学习纲要 [The Total National Security Paradigm: A Study Outline] " \
           "(April 14, 2022), 7," in note
    assert note.endswith(", sec. III.")


@pytest.mark.parametrize("style,expected", [
    ("apa", "(Office of the Central National Security Commission, 2022/2025, 7, sec. III)"),
    ("chicago-author-date", "(Office of the Central National Security Commission [2022] 2025, 7, sec. III)"),
    ("mla", "(Office of the Central National Security Commission, ch. 7, sec. III)"),
])
def test_in_text_styles_give_author_date_and_locator(style, expected):
    assert format_citation(CORPUS, "cst-tech-security", "chap. 7, sec. III", style) == expected


def test_partial_undated_and_accessed_dates_render_at_their_precision():
    entries = {key: format_bibliography(CORPUS, [key], "chicago-notes-bibliography")[0]
               for key in ("article-partial-date", "undated-book", "webpage-undated")}
    assert "(2025)" in entries["article-partial-date"]
    assert "n.d." in entries["undated-book"]
    assert "Accessed February 21, 2025." in entries["webpage-undated"]
    assert format_citation(CORPUS, "partial-date-report", "p. 8", "apa") == "(RAND Corporation, 2025, p. 8)"


def test_bibliography_is_sorted_by_the_style():
    keys = ["lu-xun-stories", "article-basic", "tolstoy-war-peace"]
    entries = format_bibliography(CORPUS, keys, "apa")
    assert [entry.split(",")[0] for entry in entries] == ["Cheng", "Lu", "Tolstoy"]


def test_output_formats_mark_up_titles():
    html = format_bibliography(CORPUS, ["lu-xun-stories"], "apa", "html")[0]
    markdown = format_bibliography(CORPUS, ["lu-xun-stories"], "apa", "markdown")[0]
    assert "<i>Diary of a Madman and Other Stories</i>" in html
    assert "*Diary of a Madman and Other Stories*" in markdown


def test_unknown_key_is_an_error():
    with pytest.raises(CslError, match="unknown key: nobody"):
        format_citation(CORPUS, "nobody", None, "apa")


def test_cite_quote_cites_the_chapter_the_passage_is_in(tmp_path):
    project = copy_example(tmp_path)
    result = run(project, "cite", "--quote", "manuscripts/essay.md:4", "--style", "chicago-note-bibliography")
    assert result.exit_code == 0, result.output
    note, entry = result.output.strip().split("\n\n")
    assert "chap. 6" not in note and ", 7, " in note and note.endswith(", sec. III.")
    assert entry.startswith("Office of the Central National Security Commission. “Safeguard Technological Security.”")
    assert "Translated by Emily Jin" in entry


def test_cite_key_with_locator_and_bibliography_of_a_manuscript(tmp_path):
    project = copy_example(tmp_path)
    cited = run(project, "cite", "cst-tech-security", "--locator", "chap. 7, sec. III", "--style", "apa")
    assert cited.exit_code == 0
    assert cited.output.startswith("(Office of the Central National Security Commission, 2022/2025, 7, sec. III)")
    bibliography = run(project, "bibliography", "manuscripts/essay.md", "--style", "mla", "--format", "markdown")
    assert bibliography.exit_code == 0
    assert bibliography.output.count("\n\n") == 0 and "*Safeguard Technological Security*" in bibliography.output


def test_cite_usage_errors(tmp_path):
    project = copy_example(tmp_path)
    assert run(project, "cite").exit_code == 2
    assert run(project, "cite", "cst-tech-security", "--quote", "manuscripts/essay.md:4").exit_code == 2
    unknown = run(project, "cite", "nobody")
    assert unknown.exit_code == 2 and "unknown key: nobody" in unknown.output
    assert run(project, "cite", "cst-tech-security", "--style", "no-such-style").exit_code == 2


def test_corpus_covers_the_promised_cases():
    types = {item["type"] for item in CORPUS}
    assert len(CORPUS) >= 50
    assert {"book", "chapter", "article-journal", "webpage"} <= types
    assert sum("translator" in item for item in CORPUS) >= 8
    assert sum(any("literal" in name for name in item.get("author", [])) for item in CORPUS) >= 8
    assert sum("issued" not in item for item in CORPUS) >= 3
    assert sum(len(item.get("issued", {}).get("date-parts", [[0, 0, 0]])[0]) == 2 for item in CORPUS) >= 5


@pytest.fixture(scope="module")
def pandoc_comparisons():
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed: the CSL agreement needs pandoc --citeproc")
    from benchmarks.csl_agreement import STYLES, compare_style, load_corpus

    assert STYLES == FOUR_STYLES
    items, locators = load_corpus()
    return {style: compare_style(style, items, locators) for style in STYLES}


def test_divergence_file_lists_every_divergence_with_a_reason(pandoc_comparisons):
    from benchmarks.csl_agreement import REASONS, REPORT, report

    reasons = json.loads(REASONS.read_text(encoding="utf-8"))
    assert REPORT.read_text(encoding="utf-8") == report(pandoc_comparisons, reasons)
    assert "UNEXPLAINED" not in REPORT.read_text(encoding="utf-8")


@pytest.mark.parametrize("style", FOUR_STYLES)
def test_agreement_with_pandoc_reaches_95_percent(pandoc_comparisons, style):
    from benchmarks.csl_agreement import agreement

    assert len(pandoc_comparisons[style]) == 2 * len(CORPUS)
    assert agreement(pandoc_comparisons[style]) >= 0.95
