"""How findings tell a changed wording: what the quotation drops, adds or has instead, in its words."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import copy_example, lint_json, run

ALTERED = (
    "As the handbook puts it, “Science and technology are the basis of national strength and prosperity, "
    "and innovation is the soul of progress” [@cst-tech-security, chap. 7, sec. III].\n"
)


def _altered_project(tmp_path: Path) -> Path:
    project = copy_example(tmp_path)
    (project / "manuscripts" / "altered.md").write_text(ALTERED, encoding="utf-8")
    return project


def test_q002_names_each_change_and_gives_the_words_around_it(tmp_path: Path):
    _status, report = lint_json(_altered_project(tmp_path))
    [q002] = [f for f in report["findings"] if f["code"] == "Q002"]
    assert q002["message"] == (
        "quotation differs from sources/cst-safeguard-technological-security.md: "
        "it has ‘basis’ for ‘foundation’; drops ‘national’"
    )
    basis, national = q002["evidence"]["diff"]
    assert (basis["before"], basis["quote"], basis["source"]) == ("…and technology are the ", "basis", "foundation")
    assert basis["after"] == " of national strength and…"
    assert (national["before"], national["source"], national["after"]) == ("…is the soul of ", "national", " progress")


def test_the_text_report_prints_the_changes_in_their_words(tmp_path: Path):
    result = run(_altered_project(tmp_path), "lint", "--select", "Q002")
    assert result.exit_code == 1
    assert (
        "    diff:   …and technology are the [-foundation-]{+basis+} of national strength and…"
        "  …is the soul of [-national-] progress\n"
    ) in result.output
