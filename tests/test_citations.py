"""Formatted citations: pandoc's citeproc on the project's CSL-JSON, styles, locales, and agreement with pandoc."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bibliography.bibtex import read_bibtex
from bibliography.csl import Citation, CslError, format_bibliography, format_citation, render, style_path
from bibliography.csl_json import corrections, csl_items
from tests.helpers import copy_example, run

DATA = Path(__file__).resolve().parent / "data"
CORPUS = json.loads((DATA / "csl-corpus.json").read_text(encoding="utf-8"))
TRANSLATIONS = read_bibtex(DATA / "csl-translations.bib").entries
FOUR_STYLES = ("chicago-notes-bibliography", "chicago-author-date", "apa", "modern-language-association")


def _plain(text: str) -> str:
    """pandoc ties a locator to its label with a no-break space; compare words only."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def translations() -> list[dict]:
    return csl_items(TRANSLATIONS)


def test_style_names_aliases_and_paths_find_csl_files(tmp_path):
    assert style_path("chicago-note-bibliography").name == "chicago-notes-bibliography.csl"
    assert style_path("mla").name == "modern-language-association.csl"
    assert style_path(str(style_path("apa"))) == style_path("apa")
    assert style_path("harvard-cite-them-right").is_file()  # any name of the CSL repository
    with pytest.raises(CslError, match="unknown style"):
        style_path("no-such-style")
    with pytest.raises(CslError, match="no CSL style file"):
        style_path(str(tmp_path / "missing.csl"))


@pytest.mark.parametrize("locator,expected", [
    ("chap. 7, sec. III", "(Cheng 2020, chap. 7, sec. III)"),
    ("pp. 33, 35", "(Cheng 2020, 33, 35)"),
    (None, "(Cheng 2020)"),
])
def test_locators_are_read_as_pandoc_reads_a_manuscript(locator, expected):
    assert _plain(format_citation(CORPUS, "article-basic", locator, "chicago-author-date")) == expected


def test_one_run_gives_every_citation_and_the_bibliography_in_style_order(translations):
    citations = [Citation("tolstoy-war-peace", "p. 4"), Citation("bolano-2666"), Citation("liu-three-body")]
    rendered = render(translations, citations, "apa")
    assert [_plain(c) for c in rendered.citations] == [
        "(Tolstoy, 1869/2007, p. 4)", "(Bolaño, 2004/2008)", "(Liu, 2014)"]
    assert rendered.keys == sorted(rendered.keys, key=lambda key: next(
        item["author"][0].get("family", "") for item in translations if item["id"] == key))
    assert len(rendered.bibliography) == len(translations)  # every item given is listed


def test_translation_gains_its_linked_original(translations):
    note = format_citation(translations, "liu-dark-forest", "p. 12", "chicago-notes-bibliography")
    assert "trans. Joel Martinsen" in note
    assert "originally published as 三体II：黑暗森林 [The Three-Body Problem II: The Dark Forest] (重庆出版社, 2008)" in note
    by_key = {entry.key: entry for entry in TRANSLATIONS}
    assert corrections(by_key["liu-dark-forest"], by_key) == ["translation-of"]
    assert corrections(by_key["liu-three-body"], by_key) == []


def test_publisher_names_with_and_stay_whole_where_pandoc_splits_them(translations):
    from bibliography.csl import render_file

    entry = format_bibliography(translations, ["bolano-2666"], "chicago-notes-bibliography")[0]
    assert "New York: Farrar, Straus and Giroux, 2008." in entry
    pandoc_itself = render_file(DATA / "csl-translations.bib", [Citation("bolano-2666")], "chicago-notes-bibliography")
    assert "Farrar, Straus; Giroux" in pandoc_itself.bibliography[0]


def test_cjk_title_prints_its_translation_in_brackets_and_short_title_alone(translations):
    entry = format_bibliography(translations, ["nbs-yearbook-2020"], "apa")[0]
    assert "中国统计年鉴2020 [China Statistical Yearbook 2020]" in entry
    assert _plain(format_citation(translations, "liu-santi", "p. 3", "mla")) == "(刘慈欣, 三体 3)"


def test_locale_follows_the_language_given(translations):
    english = format_bibliography(translations, ["tokarczuk-flights"], "chicago-notes-bibliography")[0]
    german = render(translations, [Citation("tokarczuk-flights")], "chicago-notes-bibliography", "de-DE")
    assert "Translated by Jennifer Croft" in english
    assert "Translated by" not in german.bibliography[0] and "Jennifer Croft" in german.bibliography[0]


def test_repeated_author_and_year_suffixes_come_from_citeproc(translations):
    entries = format_bibliography(translations, ["liu-santi", "liu-dark-forest-original"], "apa")
    assert [entry.split(" [")[0][:10] for entry in entries] == ["刘慈欣. (2008a", "刘慈欣. (2008b"]
    assert format_bibliography(translations, ["bolano-2666", "bolano-savage-detectives"], "mla")[1].startswith("———.")


def test_output_formats_mark_up_titles(translations):
    html = format_bibliography(translations, ["tokarczuk-flights"], "apa", "html")[0]
    markdown = format_bibliography(translations, ["tokarczuk-flights"], "apa", "markdown")[0]
    assert "<em>Flights</em>" in html
    assert "*Flights*" in markdown


def test_unknown_key_is_an_error():
    with pytest.raises(CslError, match="unknown key: nobody"):
        format_citation(CORPUS, "nobody", None, "apa")


def test_cite_quote_cites_the_chapter_the_passage_is_in(tmp_path):
    project = copy_example(tmp_path)
    result = run(project, "cite", "--quote", "manuscripts/essay.md:4", "--style", "chicago-note-bibliography")
    assert result.exit_code == 0, result.output
    note, entry = result.output.strip().split("\n\n")
    assert "chap. 6" not in note and "chap. 7," in note and _plain(note).endswith(", sec. III.")
    assert entry.startswith("Office of the Central National Security Commission. “Safeguard Technological Security.")
    assert "Translated by Emily Jin" in entry


def test_cite_key_with_locator_and_bibliography_of_a_manuscript(tmp_path):
    project = copy_example(tmp_path)
    cited = run(project, "cite", "cst-tech-security", "--locator", "chap. 7, sec. III", "--style", "apa")
    assert cited.exit_code == 0
    assert _plain(cited.output).startswith(
        "(Office of the Central National Security Commission, 2022/2025, Chapter 7, sec. III)")
    bibliography = run(project, "bibliography", "manuscripts/essay.md", "--style", "mla", "--format", "markdown")
    assert bibliography.exit_code == 0
    assert bibliography.output.count("\n\n") == 0 and "*Safeguard Technological Security." in bibliography.output


def test_bibliography_takes_the_locale_of_the_manuscripts_lang(tmp_path):
    project = copy_example(tmp_path)
    essay = project / "manuscripts" / "essay.md"
    english = run(project, "bibliography", "manuscripts/essay.md").output
    essay.write_text("---\nlang: de-DE\n---\n" + essay.read_text(encoding="utf-8"), encoding="utf-8")
    german = run(project, "bibliography", "manuscripts/essay.md")
    assert german.exit_code == 0, german.output
    assert "Translated by" in english and "Translated by" not in german.output
    assert run(project, "bibliography", "manuscripts/essay.md", "--lang", "en-US").output == english


def test_cite_usage_errors(tmp_path):
    project = copy_example(tmp_path)
    assert run(project, "cite").exit_code == 2
    assert run(project, "cite", "cst-tech-security", "--quote", "manuscripts/essay.md:4").exit_code == 2
    unknown = run(project, "cite", "nobody")
    assert unknown.exit_code == 2 and "unknown key: nobody" in unknown.output
    assert run(project, "cite", "cst-tech-security", "--style", "no-such-style").exit_code == 2


SAMPLE_FILE = "biblatex/biblatex/biblatex-examples.bib"


@pytest.fixture(scope="module")
def agreement_sample():
    from benchmarks.csl_agreement import DEFAULT_TEXMF_BIB, TRANSLATIONS, compare_file

    real = DEFAULT_TEXMF_BIB / SAMPLE_FILE
    if not real.is_file():
        pytest.skip(f"{real} is missing: install texlive-bibtex-extra (or set PROVENANCE_TEXMF_BIB)")
    return [*compare_file(real, SAMPLE_FILE, 40), *compare_file(TRANSLATIONS, TRANSLATIONS.name, None)]


@pytest.mark.parametrize("style", FOUR_STYLES)
@pytest.mark.parametrize("kind", ["citation", "bibliography"])
def test_agreement_with_pandoc_reading_the_same_bib_reaches_98_percent(agreement_sample, style, kind):
    from benchmarks.csl_agreement import STYLES, agreement

    assert STYLES == FOUR_STYLES
    chosen = [c for c in agreement_sample if c.style == style and c.kind == kind]
    assert len(chosen) == 40 + len(TRANSLATIONS)
    assert agreement(chosen) >= 0.98


def test_every_divergence_in_the_sample_is_explained(agreement_sample):
    from benchmarks.csl_agreement import REASONS, reason

    reasons = json.loads(REASONS.read_text(encoding="utf-8"))
    unexplained = [(c.style, c.key, c.kind) for c in agreement_sample
                   if not c.agrees and reason(c, reasons) == "UNEXPLAINED"]
    assert unexplained == []
