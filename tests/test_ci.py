"""The lint in CI: machine formats, rule selection, suppressions, baseline and fixes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from tests.helpers import copy_example, lint_json, position_of, run

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def test_sarif_validates_against_the_official_schema(example: Path):
    result = run(example, "lint", "--format", "sarif")
    assert result.exit_code == 1
    sarif = json.loads(result.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    run_ = sarif["runs"][0]
    rules = {rule["id"]: rule for rule in run_["tool"]["driver"]["rules"]}
    assert "## What it does" in rules["L001"]["help"]["markdown"]
    l001 = next(r for r in run_["results"] if r["ruleId"] == "L001")
    region = l001["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == position_of(
        example / "manuscripts/essay.md", "[@cst-tech-security, chap. 6]"
    )
    assert run_["tool"]["driver"]["rules"][l001["ruleIndex"]]["id"] == "L001"


def test_sarif_fingerprints_survive_lines_added_above(example: Path):
    def fingerprints() -> set[str]:
        sarif = json.loads(run(example, "lint", "--format", "sarif").stdout)
        return {r["partialFingerprints"]["provenanceFingerprint/v1"] for r in sarif["runs"][0]["results"]}

    before = fingerprints()
    essay = example / "manuscripts" / "essay.md"
    essay.write_text("An added first paragraph.\n\n" + essay.read_text(encoding="utf-8"), encoding="utf-8")
    assert fingerprints() == before


def test_github_annotations(example: Path):
    result = run(example, "lint", "--format", "github")
    line, column = position_of(example / "manuscripts/essay.md", "[@cst-tech-security, chap. 6]")
    assert f"::error file=manuscripts/essay.md,line={line},col={column},title=L001::cites chapter 6" in result.stdout
    assert all(row.startswith(("::error ", "::warning ", "::notice ")) for row in result.stdout.splitlines())


def test_junit_has_a_case_per_quotation_and_entry(example: Path):
    result = run(example, "lint", "--format", "junit")
    root = ET.fromstring(result.stdout.split("\n", 1)[1] if result.stdout.startswith("<?xml") else result.stdout)
    cases = {case.get("name"): case for case in root.iter("testcase")}
    _status, report = lint_json(example)
    assert sum(1 for name in cases if name.endswith(" quotation")) == report["summary"]["quotations"]
    assert sum(1 for name in cases if name.startswith("@")) == report["summary"]["entries"]
    essay_line = position_of(example / "manuscripts/essay.md", "Science and technology")[0]
    failing = cases[f"manuscripts/essay.md:{essay_line} quotation"]
    assert [f.get("type") for f in failing.iter("failure")] == ["L001"]
    quiet = cases[
        f"manuscripts/essay.md:{position_of(example / 'manuscripts/essay.md', 'our innovation')[0]} quotation"
    ]
    assert list(quiet.iter("failure")) == []


def _junit(example: Path, *args: str) -> ET.Element:
    out = run(example, "lint", "--format", "junit", *args).stdout
    return ET.fromstring(out.split("\n", 1)[1] if out.startswith("<?xml") else out)


def test_junit_fails_only_what_the_exit_status_counts(example: Path):
    _status, report = lint_json(example)
    by_severity = report["summary"]["by_severity"]
    assert by_severity["warning"] and by_severity["error"]
    root = _junit(example)
    failing_cases = [case for case in root.iter("testcase") if case.find("failure") is not None]
    codes = {line.split(" ")[2] for case in failing_cases for line in case.find("failure").text.splitlines()}
    assert codes <= {f["code"] for f in report["findings"] if f["severity"] == "error"}
    assert all(len(case.findall("failure")) <= 1 for case in root.iter("testcase"))
    warned = [case for case in root.iter("testcase") if case.find("system-out") is not None]
    assert warned and all(
        "[warning]" in case.find("system-out").text or "[info]" in case.find("system-out").text for case in warned
    )
    assert int(root.get("failures")) == len(failing_cases)
    # With --fail-on warning the warnings fail too.
    stricter = _junit(example, "--fail-on", "warning")
    assert int(stricter.get("failures")) > int(root.get("failures"))


def test_junit_cases_are_in_line_order(example: Path):
    root = _junit(example)
    for suite in root.iter("testsuite"):
        lines = [
            int(case.get("name").split(" ")[0].rsplit(":", 1)[1])
            for case in suite.iter("testcase")
            if not case.get("name").startswith("@")
        ]
        assert lines == sorted(lines)


def test_select_ignore_severity_and_fail_on(example: Path):
    status, report = lint_json(example, None, "--select", "L")
    assert {f["code"][0] for f in report["findings"]} == {"L"} and status == 1
    status, report = lint_json(example, None, "--select", "D001,Q005")
    assert {f["code"] for f in report["findings"]} == {"D001", "Q005"} and status == 0  # warnings only
    status, _report = lint_json(example, None, "--select", "D001,Q005", "--fail-on", "warning")
    assert status == 1
    config = example / "provenance.toml"
    config.write_text(
        config.read_text() + 'ignore = ["T005", "B"]\nseverity = { Q005 = "error" }\n'
        '[per-file-ignores]\n"sources/*" = ["D001"]\n'
    )
    _status, report = lint_json(example)
    codes = {f["code"] for f in report["findings"]}
    assert not codes & {"T005", "B002", "B004", "D001"} and "L004" in codes
    assert next(f for f in report["findings"] if f["code"] == "Q005")["severity"] == "error"


def test_inline_suppression_and_unused_suppression(example: Path):
    essay = example / "manuscripts" / "essay.md"
    text = essay.read_text(encoding="utf-8")
    essay.write_text(
        text.replace(
            "sentences on the subject:",
            "sentences on the subject:\n<!-- provenance: ignore[L001] quoted as the handbook prints it -->",
        )
        + "\n<!-- provenance: ignore[Q002] -->\n“our innovation capabilities began at a very weak "
        "starting point” [@cst-tech-security, chap. 7, sec. III].\n",
        encoding="utf-8",
    )
    _status, report = lint_json(example)
    essay_findings = [f for f in report["findings"] if f["path"] == "manuscripts/essay.md"]
    assert [f["code"] for f in essay_findings] == ["S001"]
    assert essay_findings[0]["line"] == position_of(essay, "<!-- provenance: ignore[Q002]")[0]
    assert report["summary"]["suppressed"] == 1


def test_baseline_keeps_old_findings_quiet_and_catches_new_ones(example: Path):
    baseline = example / "baseline.json"
    assert run(example, "baseline", "--output", str(baseline)).exit_code == 0
    essay = example / "manuscripts" / "essay.md"
    essay.write_text(
        "# Preface\n\nTwo new paragraphs above the old findings.\n\n" + essay.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    status, report = lint_json(example, None, "--baseline", str(baseline))
    assert (status, report["findings"]) == (0, [])
    assert report["summary"]["baselined"] > 5
    text = run(example, "lint", "--baseline", str(baseline)).stdout
    assert f"no findings ({report['summary']['baselined']} baselined)." in text
    essay.write_text(
        essay.read_text(encoding="utf-8") + "\n“Science and technology are the basis of national "
        "strength and prosperity” [@cst-tech-security, chap. 7, sec. III].\n",
        encoding="utf-8",
    )
    status, report = lint_json(example, None, "--baseline", str(baseline))
    assert status == 1 and [f["code"] for f in report["findings"]] == ["Q002"]


def test_fix_rewrites_the_locator_and_the_next_lint_is_clean_there(example: Path):
    essay = example / "manuscripts" / "essay.md"
    before = essay.read_text(encoding="utf-8")
    diff = run(example, "lint", "--diff")
    assert diff.exit_code == 1
    assert '-progress" [@cst-tech-security, chap. 6].' in diff.stdout
    assert '+progress" [@cst-tech-security, chap. 7, sec. III].' in diff.stdout
    assert essay.read_text(encoding="utf-8") == before
    run(example, "lint", "--fix")
    assert essay.read_text(encoding="utf-8") == before.replace("chap. 6]", "chap. 7, sec. III]")
    _status, report = lint_json(example)
    assert not [f for f in report["findings"] if f["path"] == "manuscripts/essay.md"]


def test_fix_corrects_a_key_that_differs_only_by_case(example: Path):
    essay = example / "manuscripts" / "essay.md"
    essay.write_text(
        essay.read_text(encoding="utf-8") + "\nAgain: “our innovation capabilities began at a very "
        "weak starting point” [@CST-Tech-Security, chap. 7, sec. III].\n",
        encoding="utf-8",
    )
    run(example, "lint", "--fix")
    assert "[@cst-tech-security, chap. 7, sec. III]." in essay.read_text(encoding="utf-8").split("Again:")[1]
    _status, report = lint_json(example)
    assert "B005" not in {f["code"] for f in report["findings"]}


SOURCE = """Chapter 7: Adhere to the Coordinated Advancement of Security

Section III. Safeguard Technological Security

Science and technology are the foundation of national strength and prosperity, and innovation is the soul of national progress.
"""


def _hook_project(repo: Path) -> None:
    (repo / "sources").mkdir(parents=True)
    (repo / "sources" / "page.md").write_text(SOURCE, encoding="utf-8")
    (repo / "refs.bib").write_text(
        "@online{page, author = {{Office of the Central National Security Commission}},\n"
        "  title = {Safeguard Technological Security}, date = {2025-01},\n"
        "  url = {https://example.org/page}, file = {sources/page.md}}\n",
        encoding="utf-8",
    )
    (repo / "essay.md").write_text(
        "“Science and technology are the foundation of national strength and prosperity” [@page, chap. 6].\n",
        encoding="utf-8",
    )
    (repo / "provenance.toml").write_text(
        'bibliography = ["refs.bib"]\nsources = ["sources"]\nmanuscripts = ["*.md"]\n'
    )
    (repo / ".gitignore").write_text(".provenance/\n")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed for the pre-commit hook test")
def test_pre_commit_hook_fails_on_a_bad_quote_and_passes_after_fix(tmp_path: Path):
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(pre_commit).exists():
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    if not (ROOT / ".git").exists():
        pytest.skip("the project is not a git checkout, which `pre-commit try-repo` needs")
    repo = tmp_path / "repo"
    _hook_project(repo)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "start"], cwd=repo, check=True)
    env = {
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
        "HOME": str(tmp_path),
    }

    def hook() -> subprocess.CompletedProcess:
        return subprocess.run(
            [pre_commit, "try-repo", str(ROOT), "provenance-lint", "--all-files"],
            cwd=repo,
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
            check=False,
        )

    failing = hook()
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "L001" in failing.stdout
    fixed = subprocess.run(
        [sys.executable, "-m", "provenance.cli.main", "lint", "--fix"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "[@page, chap. 7, sec. III]" in (repo / "essay.md").read_text(encoding="utf-8")
    passing = hook()
    assert passing.returncode == 0, passing.stdout + passing.stderr


def test_html_format_is_the_audit_page_with_the_lints_findings(example: Path):
    page = example / "audit.html"
    assert run(example, "lint", "--format", "html", "--output", str(page)).exit_code == 1
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '"L001"' in html and '"Q004"' in html
    run(example, "lint", "--format", "html", "--output", str(page), "--select", "Q")
    html = page.read_text(encoding="utf-8")
    assert '"Q004"' in html and '"L001"' not in html


def test_suppression_of_a_deselected_rule_is_not_unused(example: Path):
    essay = example / "manuscripts" / "essay.md"
    essay.write_text(
        essay.read_text(encoding="utf-8").replace(
            "sentences on the subject:", "sentences on the subject:\n<!-- provenance: ignore[L001] as printed -->"
        ),
        encoding="utf-8",
    )
    _status, report = lint_json(example, None, "--ignore", "L001")
    assert "S001" not in {f["code"] for f in report["findings"]}


def test_malformed_baselines_are_input_errors(example: Path):
    baseline = example / "baseline.json"
    for findings in ("null", "[1]", "[{}]", '{"a": 1}', '[{"fingerprint": [1]}]'):
        baseline.write_text(f'{{"schema": "provenance-baseline/1", "findings": {findings}}}')
        result = run(example, "lint", "--baseline", str(baseline))
        assert result.exit_code == 2 and "fingerprint" in result.output, findings


def test_control_characters_are_shown_not_obeyed(example: Path):
    essay = example / "manuscripts" / "essay.md"
    essay.write_text(
        essay.read_text(encoding="utf-8") + '\n"Science \x1b[31mtechnology are never the foundation '
        'of anything at all" [@cst-tech-security, chap. 7].\n',
        encoding="utf-8",
    )
    text = run(example, "lint").output
    assert "\x1b" not in text and "\\x1b[31m" in text
    junit = run(example, "lint", "--format", "junit").stdout
    ET.fromstring(junit.split("\n", 1)[1] if junit.startswith("<?xml") else junit)


def test_fix_keeps_a_bom_and_crlf_line_ends(example: Path):
    essay = example / "manuscripts" / "essay.md"
    essay.write_bytes(b"\xef\xbb\xbf" + essay.read_bytes().replace(b"\n", b"\r\n"))
    run(example, "lint", "--fix")
    data = essay.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\n" not in data.replace(b"\r\n", b"")
    assert b"[@cst-tech-security, chap. 7, sec. III]." in data


def test_output_into_a_missing_folder_is_an_input_error(example: Path):
    result = run(example, "lint", "--format", "json", "--output", str(example / "missing" / "out.json"))
    assert result.exit_code == 2 and "cannot write" in result.output


def test_sarif_fix_region_is_by_line_and_column(example: Path):
    essay = example / "manuscripts" / "essay.md"
    essay.write_bytes(essay.read_bytes().replace(b"\n", b"\r\n"))
    sarif = json.loads(run(example, "lint", "--format", "sarif").stdout)
    l001 = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "L001")
    region = l001["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
    line, column = position_of(essay, "chap. 6")
    assert region == {"startLine": line, "startColumn": column, "endLine": line, "endColumn": column + len("chap. 6")}
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
