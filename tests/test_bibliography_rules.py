"""T and B rules on the example's bibliographies and on small synthetic ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import copy_example, lint_json, position_of


@pytest.fixture(scope="module")
def example_report(tmp_path_factory) -> tuple[Path, dict]:
    project = copy_example(tmp_path_factory.mktemp("example"))
    return project, lint_json(project)[1]


def findings(report: dict, code: str, path: str | None = None) -> list[dict]:
    return [f for f in report["findings"] if f["code"] == code and (path is None or f["path"] == path)]


def test_t005_finds_exactly_the_glossary_lists_romanization_slips(example_report):
    project, report = example_report
    glossary = project / "glossary-sources.bib"
    found = sorted((f["path"], f["line"], f["evidence"]["found"]) for f in findings(report, "T005"))
    assert found == sorted(
        [
            ("glossary-sources.bib", position_of(glossary, "Chuangxing")[0], "xing"),
            ("glossary-sources.bib", position_of(glossary, "Gonghianzhan")[0], "hian"),
            ("glossary-sources.bib", position_of(glossary, "Guojian Hesin")[0], "Guo"),
            ("glossary-sources.bib", position_of(glossary, "Guojian Hesin")[0], "sin"),
            ("glossary-sources.bib", position_of(glossary, "Guojian Hesin")[0], "Xing"),
            ("glossary-sources.bib", position_of(glossary, "Guojian Hesin")[0], "xin"),
            ("refs.bib", position_of(project / "refs.bib", "Zongti Guojia")[0], "Guan"),
        ]
    )
    hian = next(f for f in findings(report, "T005") if f["evidence"]["found"] == "hian")
    assert hian["evidence"]["expected"] == "jian" and "坚" in hian["message"]


def test_b004_reports_the_undated_source_only(example_report):
    project, report = example_report
    b004 = findings(report, "B004")
    assert [(f["path"], f["line"]) for f in b004] == [
        ("glossary-sources.bib", position_of(project / "glossary-sources.bib", "date         = {May 3}")[0])
    ]
    assert "no year" in b004[0]["message"]


def test_b002_shows_both_versions_of_the_glossary_entry(example_report):
    project, report = example_report
    b002 = findings(report, "B002")
    glossary = project / "sources" / "cst-glossary-key-core-technologies.md"
    page = project / "sources" / "cst-safeguard-technological-security.md"
    assert [(f["path"], f["line"], f["evidence"]["source_line"]) for f in b002] == [
        (
            "sources/cst-glossary-key-core-technologies.md",
            position_of(glossary, "While many")[0],
            position_of(page, "While many")[0],
        ),
        (
            "sources/cst-glossary-key-core-technologies.md",
            position_of(glossary, "In other words")[0],
            position_of(page, "In other words")[0],
        ),
    ]
    changes = {(d["quote"], d["source"]) for f in b002 for d in f["evidence"]["diff"]}
    assert ("has", "had") in changes and ("meant", ", the theory went, means") in changes
    assert ("", "to") in changes and ("that", "") in changes


def test_b002_says_what_the_passage_drops_adds_and_changes_in_the_words_around_it(example_report):
    _project, report = example_report
    first, second = findings(report, "B002")
    assert first["message"].endswith(
        "with different wording: it has ‘has’ for ‘had’; has ‘meant’ for ‘, the theory went, means’"
    )
    assert second["message"].endswith("with different wording: it drops ‘to’; adds ‘that’")
    # Two changes three words apart read as one passage: the words between them are told once.
    dropped, added = second["evidence"]["diff"]
    assert (dropped["before"], dropped["source"], dropped["after"]) == (
        "…investment is being channeled ",
        "to",
        " technologies ",
    )
    assert (added["before"], added["quote"], added["after"]) == ("", "that", " where Chinese firms have…")
    # Far apart, each change has its own words, cut between words.
    had, means = first["evidence"]["diff"]
    assert had["after"] == " more to do with…" and means["before"] == "…Dependence on foreign technology "


def test_b001_names_the_fields_the_cite_this_article_record_gets_wrong(example_report):
    project, report = example_report
    b001 = findings(report, "B001")
    assert [(f["path"], f["citation_key"]) for f in b001] == [("refs.bib", "cst-cite-this-article")]
    differing = set(b001[0]["evidence"]["differing_fields"])
    assert {"author", "titleaddon", "origtitle"} <= differing


def test_correct_entries_draw_no_t_or_b_findings(example_report):
    _project, report = example_report
    quiet = {
        "cst-tech-security",
        "ncsc-2022-study-outline",
        "campbell-2013",
        "state-council-2012",
        "state-council-2016",
    }
    noisy = {
        (f["code"], f["citation_key"])
        for f in report["findings"]
        if f["code"][0] in "TB" and f.get("citation_key") in quiet
    }
    assert noisy == set()


def _project(tmp_path: Path, bib: str) -> Path:
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    (tmp_path / "paper.md").write_text("Nothing quoted here.\n", encoding="utf-8")
    (tmp_path / "provenance.toml").write_text('bibliography = ["refs.bib"]\nmanuscripts = ["paper.md"]\n')
    return tmp_path


TRANSLATIONS = """
@book{orig, author = {Lu, Xun}, title = {呐喊}, date = {1923}}
@book{no-translator, author = {Lu, Xun}, title = {Call to Arms}, origlanguage = {chinese},
  related = {orig}, relatedtype = {translationof}, date = {1981}}
@book{no-date, author = {Lu, Xun}, title = {Call to Arms}, translator = {Yang, Xianyi},
  related = {orig}, relatedtype = {translationof}}
@book{no-original, author = {Lu, Xun}, title = {Call to Arms}, translator = {Lyell, William}, date = {1990}}
@book{dangling, author = {Lu, Xun}, title = {Call to Arms}, translator = {Lovell, Julia}, date = {2009},
  related = {missing-key}, relatedtype = {translationof}}
@book{too-early, author = {Lu, Xun}, title = {Call to Arms}, translator = {Yang, Xianyi}, date = {1922-05},
  related = {orig}, relatedtype = {translationof}}
@book{fine, author = {Lu, Xun}, title = {Call to Arms}, translator = {Yang, Xianyi}, date = {1923},
  origdate = {1923}, related = {orig}, relatedtype = {translationof}}
"""


def test_translation_rules_each_catch_their_case(tmp_path: Path):
    _status, report = lint_json(_project(tmp_path, TRANSLATIONS))
    by_code = {}
    for finding in report["findings"]:
        if finding["code"].startswith("T"):
            by_code.setdefault(finding["code"], []).append(finding["citation_key"])
    assert by_code == {
        "T001": ["no-translator"],
        "T002": ["no-date"],
        "T003": ["no-original", "dangling"],
        "T004": ["too-early"],
    }
    bib = tmp_path / "refs.bib"
    t004 = next(f for f in report["findings"] if f["code"] == "T004")
    assert t004["line"] == position_of(bib, "date = {1922-05}")[0]
    assert "1922-05" in t004["message"] and "1923" in t004["message"]


def test_translation_rules_read_every_way_biblatex_says_translation(tmp_path: Path):
    bib = """
@book{orig, author = {Lu, Xun}, title = {呐喊}, year = {1923}}
@book{editors-translate, author = {Lu, Xun}, title = {Call to Arms}, editor = {Yang, Xianyi},
  editortype = {translator}, date = {1922}, related = {orig}, relatedtype = {translationof}}
@book{links-nothing, author = {Lu, Xun}, title = {Call to Arms}, translator = {Lyell, William}, date = {1990},
  relatedtype = {translationof}}
"""
    _status, report = lint_json(_project(tmp_path, bib))
    found = sorted((f["code"], f["citation_key"]) for f in report["findings"] if f["code"].startswith("T"))
    # Editors who translate are translators (no T001); a linked original dated by its year alone
    # still dates it (T004); `relatedtype` without `related` identifies no original (T003).
    assert found == [("T003", "links-nothing"), ("T004", "editors-translate")]


@pytest.mark.parametrize(
    "value,reason",
    [("2025-13", "month 13"), ("2025-02-30", "no day 30"), ("25-01", "four digits"), ("May 3", "no year")],
)
def test_b004_explains_each_malformed_date(tmp_path: Path, value: str, reason: str):
    bib = f"@book{{b, author = {{A, B}}, title = {{T}}, date = {{{value}}}}}\n"
    _status, report = lint_json(_project(tmp_path, bib))
    (b004,) = [f for f in report["findings"] if f["code"] == "B004"]
    assert reason in b004["message"]


def test_b003_uses_the_data_model_and_its_alternatives(tmp_path: Path):
    bib = (
        "@online{page, title = {Safeguard Technological Security}, date = {2025-01}}\n"
        "@misc{fine, editor = {E, F}, title = {T}, year = {2020}}\n"
        "@booklet{nobody, title = {T}, year = {2020}}\n"
        "@phdthesis{thesis, author = {A, B}, title = {T}, school = {U}, institution = {U}, year = {2001}}\n"
    )
    _status, report = lint_json(_project(tmp_path, bib))
    b003 = sorted((f["citation_key"], f["message"]) for f in report["findings"] if f["code"] == "B003")
    assert [key for key, _ in b003] == ["nobody", "page"]
    assert "`author` or `editor`" in b003[0][1] and "`url` or `doi` or `eprint`" in b003[1][1]


def test_b003_reads_bibtex_names_and_crossref_parents_as_biber_does(tmp_path: Path):
    bib = (
        "@article{a, author = {A, B}, title = {T}, journal = {J}, year = 2001}\n"
        "@phdthesis{t, author = {A, B}, title = {T}, school = {U}, year = 2001}\n"
        "@techreport{r, author = {A, B}, title = {T}, year = 2001}\n"
        "@book{whole, author = {E, F}, title = {The Book}, year = 2001}\n"
        "@inbook{part, author = {A, B}, title = {Chapter}, crossref = {whole}}\n"
        "@inbook{orphan, author = {A, B}, title = {Chapter}, crossref = {Whole}}\n"
    )
    _status, report = lint_json(_project(tmp_path, bib))
    b003 = sorted((f["citation_key"], f["evidence"]["expected"]) for f in report["findings"] if f["code"] == "B003")
    # A report must say who issued it; a crossref key is matched exactly, as biber does.
    assert b003 == [("orphan", "booktitle"), ("orphan", "date or year"), ("r", "institution")]


def test_placeholders_are_one_finding_not_one_per_field(tmp_path: Path):
    bib = "@book{p, author = {????}, title = {T}, year = {19??}, pages = {??--??}}\n"
    _status, report = lint_json(_project(tmp_path, bib))
    found = [(f["code"], f["line"]) for f in report["findings"] if f["code"] in ("B003", "B004")]
    assert found == [("B003", 1)]
    (finding,) = [f for f in report["findings"] if f["code"] == "B003"]
    assert finding["evidence"]["placeholders"] == ["author", "year", "pages"]


def test_bad_entries_are_findings_and_the_rest_is_linted(tmp_path: Path):
    bib = (
        "@book{ok, author = {A, B}, title = {T}, year = 2001}\n"
        "@book{broken, title = {Unclosed, year = 2001\n\n"
        "@book{twice, author = {A, B},\n  title = {First},\n  title = {Second}, date = {May 3}}\n"
        "@book{ok, author = {C, D}, title = {Other}, year = 2002}\n"
    )
    status, report = lint_json(_project(tmp_path, bib))
    assert status == 1
    found = sorted(
        (f["code"], f["line"], f["column"], f.get("citation_key"))
        for f in report["findings"]
        if f["code"] in ("B004", "B006", "B007", "B008")
    )
    assert found == [("B004", 6, 1, "twice"), ("B006", 2, 1, None), ("B007", 7, 1, "ok"), ("B008", 6, 3, "twice")]
    b007 = next(f for f in report["findings"] if f["code"] == "B007")
    assert "keeps the first entry, at line 1" in b007["message"]


@pytest.mark.parametrize("text", ["", "% comments only\n", "@comment{nothing}\n"])
def test_a_bibliography_without_entries_lints_without_a_traceback(tmp_path: Path, text: str):
    status, report = lint_json(_project(tmp_path, text))
    assert status == 0
    assert report["summary"]["entries"] == 0


def test_the_same_key_in_two_files_is_b007_in_the_second(tmp_path: Path):
    project = _project(tmp_path, "@book{k, author = {A, B}, title = {First}, year = 2001}\n")
    (project / "more.bib").write_text(
        "@book{j, author = {A, B}, title = {J}, year = 2001}\n"
        "@book{k, author = {A, B}, title = {Second}, year = 2001}\n"
    )
    (project / "provenance.toml").write_text('bibliography = ["refs.bib", "more.bib"]\nmanuscripts = ["paper.md"]\n')
    status, report = lint_json(project)
    assert status == 1
    (b007,) = [f for f in report["findings"] if f["code"] == "B007"]
    assert (b007["path"], b007["line"], b007["citation_key"]) == ("more.bib", 2, "k")
    assert "refs.bib:1" in b007["message"]


def test_t004_reports_a_manuscript_dated_before_the_translation_it_quotes(tmp_path: Path):
    project = _project(tmp_path, TRANSLATIONS)
    (project / "paper.md").write_text(
        "---\ndate: 1980-06\n---\n\nSee [@no-translator, p. 3] and [@fine] and [@no-translator, p. 4].\n",
        encoding="utf-8",
    )
    _status, report = lint_json(project)
    t004 = [f for f in report["findings"] if f["code"] == "T004" and f["path"] == "paper.md"]
    assert [(f["citation_key"], f["line"], f["column"]) for f in t004] == [
        ("no-translator", *position_of(project / "paper.md", "[@no-translator, p. 3]"))
    ]
    assert "1980-06" in t004[0]["message"] and "1981" in t004[0]["message"]
