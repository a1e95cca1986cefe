"""The labelled corpus of real texts: per-rule recall and precision of `provenance lint`.

tests/corpus/make_corpus.py made every quotation from a real sentence by a
known operation and wrote the finding each must get to expected.json. Here
each corpus project is linted as a user would (the CLI, a fresh store) and its
manuscript findings are matched to the expected ones by (path, line, code).
"""

from __future__ import annotations

import functools
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import run

CORPUS = Path(__file__).resolve().parent / "corpus"
RULES = ["Q001", "Q002", "Q003", "Q004", "Q005", "Q006", "Q007", "L001", "L002", "L003"]
MIN_RECALL = 0.95
MIN_PRECISION = 0.98


@functools.cache
def _expected() -> list[dict]:
    return json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory) -> dict:
    """Lint every corpus project in a copy (no store left in the repository)."""
    findings, statuses = [], {}
    for project in sorted({row["project"] for row in _expected()}):
        target = tmp_path_factory.mktemp("corpus") / project
        shutil.copytree(CORPUS / project, target, ignore=shutil.ignore_patterns(".provenance"))
        result = run(target, "lint", "--format", "json")
        statuses[project] = (result.exit_code, result.stderr)
        findings += [dict(f, project=project) for f in json.loads(result.stdout)["findings"]]
    return {"findings": findings, "statuses": statuses}


def _table(corpus_run: dict) -> dict[str, dict]:
    """Per rule: expected, reported, hits, recall, precision."""
    expected = _expected()
    manuscripts = {(row["project"], row["path"]) for row in expected}
    wanted = Counter((r["project"], r["path"], r["line"], r["code"]) for r in expected if r["code"])
    got = Counter(
        (f["project"], f["path"], _quotation_line(f), f["code"])
        for f in corpus_run["findings"]
        if (f["project"], f["path"]) in manuscripts and f["code"] in RULES
    )
    table = {}
    for code in RULES:
        relevant = sum(n for k, n in wanted.items() if k[3] == code)
        reported = sum(n for k, n in got.items() if k[3] == code)
        hits = sum(min(n, got[k]) for k, n in wanted.items() if k[3] == code)
        table[code] = {
            "expected": relevant,
            "reported": reported,
            "hits": hits,
            "recall": hits / relevant if relevant else 1.0,
            "precision": hits / reported if reported else 1.0,
        }
    return table


def _quotation_line(finding: dict) -> int:
    """The first line of the labelled quotation a finding points into (a Q005 names the sentence's own line)."""
    for row in _expected():
        if (row["project"], row["path"]) == (finding["project"], finding["path"]) and row["line"] <= finding[
            "line"
        ] <= row["line"] + row["quote"].count("\n"):
            return row["line"]
    return finding["line"]


def _print_table(table: dict[str, dict]) -> None:
    print("\nrule   expected  reported  hits  recall  precision")
    for code, row in table.items():
        print(
            f"{code}   {row['expected']:8}  {row['reported']:8}  {row['hits']:4}  {row['recall']:6.2f}  "
            f"{row['precision']:9.2f}"
        )
    hits = sum(r["hits"] for r in table.values())
    reported = sum(r["reported"] for r in table.values())
    print(
        f"all    {sum(r['expected'] for r in table.values()):8}  {reported:8}  {hits:4}  "
        f"{hits / sum(r['expected'] for r in table.values()):6.2f}  {hits / reported if reported else 1:9.2f}"
    )


def test_the_corpus_is_large_enough_and_covers_every_rule():
    expected = _expected()
    codes = Counter(row["code"] for row in expected)
    assert len(expected) >= 200
    assert all(codes[code] >= 6 for code in RULES)
    assert codes[None] >= sum(codes[code] for code in RULES)  # as many clean controls as positives
    assert {Path(row["path"]).suffix for row in expected} == {".md", ".tex"}


def test_every_corpus_project_lints_without_a_traceback(corpus_run):
    for project, (status, stderr) in corpus_run["statuses"].items():
        assert status in (0, 1), (project, stderr)
        assert "Traceback" not in stderr


def test_no_finding_on_a_clean_control(corpus_run):
    clean = {(r["project"], r["path"], r["line"]): r["operation"] for r in _expected() if r["code"] is None}
    on_clean = [
        (clean[key], f["code"], f["message"])
        for f in corpus_run["findings"]
        if (key := (f["project"], f["path"], _quotation_line(f))) in clean
    ]
    for operation, code, message in on_clean:
        print(f"on a clean control ({operation}): {code} {message}")
    assert on_clean == []


def test_overall_precision(corpus_run):
    table = _table(corpus_run)
    _print_table(table)
    hits = sum(r["hits"] for r in table.values())
    reported = sum(r["reported"] for r in table.values())
    assert hits / reported >= MIN_PRECISION


@pytest.mark.parametrize("code", RULES)
def test_recall_per_rule(corpus_run, code: str):
    row = _table(corpus_run)[code]
    assert row["recall"] >= MIN_RECALL, row
