"""The example project: `provenance lint` makes the real findings of the seed case.

The example is built from excerpts of the Center for Strategic Translation's
page "Safeguard Technological Security" (Chapter 7, Section III of The Total
National Security Paradigm: A Study Outline, tr. Emily Jin) and Emily Jin's
thread of Feb 17 about it. Every expected finding is located by searching the
files for the text it concerns, never by a hard-coded line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import sqlalchemy as sa

import provenance.check.lint
import provenance.inputs.fingerprint
from provenance.store.database import open_store
from provenance.store.model import Finding as FindingRow
from tests.helpers import copy_example, lint_json, position_of, run, store_url

SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "provenance" / "schemas" / "lint.schema.json").read_text()
)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def codes_at(findings: list[dict], path: str) -> dict[int, set[str]]:
    lines: dict[int, set[str]] = {}
    for finding in findings:
        if finding["path"] == path:
            lines.setdefault(finding["line"], set()).add(finding["code"])
    return lines


def test_example_lint_reports_the_seed_defects_and_exits_1(example: Path, database_url: str):
    status, report = lint_json(example, database_url)
    assert status == 1
    jsonschema.validate(report, SCHEMA)
    findings = report["findings"]
    page = "sources/cst-safeguard-technological-security.md"
    thread = "manuscripts/thread.md"
    essay = "manuscripts/essay.md"
    page_file, thread_file, essay_file = (example / p for p in (page, thread, essay))

    # D001: the page holds its translation three times; the 2nd and 3rd copies are flagged.
    d001 = sorted(f["line"] for f in findings if f["code"] == "D001")
    intro = "This is translation is an excerpt"
    assert d001 == [position_of(page_file, intro, 2)[0], position_of(page_file, intro, 3)[0]]

    # L004: the page's own "Cite This Article" block names Chapter Six.
    l004 = [f for f in findings if f["code"] == "L004" and f["path"] == page]
    assert [f["line"] for f in l004] == [
        position_of(page_file, "Office of the Central National Security Commission and Central Propaganda")[0]
    ]
    assert "chapter 6" in l004[0]["message"] and "chapter 7" in l004[0]["message"].lower()
    # … and so does the bibliography record copied from that block.
    l004_bib = [f for f in findings if f["code"] == "L004" and f["path"] == "refs.bib"]
    assert [f["line"] for f in l004_bib] == [position_of(example / "refs.bib", "title        = {Chapter Six")[0]]

    # L002: the thread calls Section III "Safeguard Technological Security" a chapter.
    l002 = [f for f in findings if f["code"] == "L002" and f["path"] == thread]
    assert [(f["line"], f["column"]) for f in l002] == [position_of(thread_file, 'the chapter "Safeguard')]
    assert "Section III" in l002[0]["message"] or "section III" in l002[0]["message"]

    # Q004: quote 1's Chinese repeats a sentence; the finding points at the repeat.
    q004 = [f for f in findings if f["code"] == "Q004"]
    assert [(f["line"], f["column"]) for f in q004] == [position_of(thread_file, "谁牵住了科技创新", 2)]

    # Q005: quote 5's Chinese ends with a sentence its English lacks.
    q005 = [f for f in findings if f["code"] == "Q005"]
    assert [(f["line"], f["column"]) for f in q005] == [position_of(thread_file, "科技创新活动不断突破")]

    # L001: the essay cites chap. 6 for a chapter-7 passage, with the corrected locator.
    l001 = [f for f in findings if f["code"] == "L001"]
    assert [(f["path"], f["line"]) for f in l001] == [
        (essay, position_of(essay_file, "[@cst-tech-security, chap. 6]")[0])
    ]
    assert l001[0]["evidence"]["suggested_locator"] == "chap. 7, sec. III"
    assert l001[0]["fix"]["replacement"] == "chap. 7, sec. III"
    assert essay_file.read_text()[l001[0]["fix"]["start"] : l001[0]["fix"]["end"]] == "chap. 6"

    # The right quotations draw nothing: thread quote 1's English ('tiller' in
    # single quotes where the page has "tiller", a doubled space), quotes 2 and 8
    # (8 adds a final period), and the essay's correctly cited quotation.
    quiet = {
        position_of(thread_file, '"Techno-scientific innovation')[0],
        position_of(thread_file, '"At the same time, it must be recognized')[0],
        position_of(thread_file, '"Our socialist system')[0],
    }
    assert not quiet & set(codes_at(findings, thread))
    assert position_of(essay_file, "our innovation capabilities")[0] not in codes_at(findings, essay)


def test_every_quotation_finding_points_at_the_quoted_text(example: Path):
    _status, report = lint_json(example)
    for finding in report["findings"]:
        if finding["code"].startswith("Q"):
            line = (example / finding["path"]).read_text().split("\n")[finding["line"] - 1]
            assert finding["column"] <= len(line)
            assert finding["evidence"], finding


@pytest.mark.parametrize("changed", [None, "manuscripts/essay.md"], ids=["nothing-changed", "one-changed"])
def test_findings_read_back_from_the_store_are_reported_byte_for_byte(
    example: Path, database_url: str, changed: str | None
):
    """A lint that reads findings back (all, or all but a changed manuscript's) writes the report the
    lint that made them wrote, byte for byte: the stored evidence is copied in as the text it is."""
    first = run(example, "lint", "--format", "json", database_url=database_url).stdout
    if changed:
        (example / changed).write_text((example / changed).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    second = run(example, "lint", "--format", "json", database_url=database_url).stdout
    assert second == first
    # Evidence in Chinese, written as it is and not as \\u escapes, among what was read back.
    thread = [line for line in first.splitlines() if '"path": "manuscripts/thread.md"' in line]
    assert any(re.search(r'"evidence": \{.*[\u4e00-\u9fff]', line) for line in thread)


def test_text_output_shows_location_code_and_fix(example: Path):
    result = run(example, "lint")
    assert result.exit_code == 1
    essay_line = position_of(example / "manuscripts/essay.md", "[@cst-tech-security, chap. 6]")
    assert f"manuscripts/essay.md:{essay_line[0]}:{essay_line[1]}: L001" in result.stdout
    assert "chap. 7, sec. III" in result.stdout


def test_new_code_checks_everything_again(example: Path, monkeypatch):
    """Findings stored by other code are not reused: a new rule must see unchanged inputs too."""
    first = lint_json(example)[1]["findings"]
    for module in (provenance.check.lint, provenance.inputs.fingerprint):
        monkeypatch.setattr(module, "code_signature", lambda: "another version")
    store = open_store(store_url(example))
    with store.transaction() as session:  # as if an older version had found nothing
        session.execute(sa.delete(FindingRow))
    store.close()
    assert lint_json(example)[1]["findings"] == first


def test_a_source_dropped_from_the_config_is_not_reused(example: Path):
    assert any(f["code"] == "B002" for f in lint_json(example)[1]["findings"])
    config = example / "provenance.toml"
    config.write_text(
        config.read_text().replace(
            'sources = ["sources"]', 'sources = ["sources/cst-safeguard-technological-security.md"]'
        )
    )
    report = lint_json(example)[1]
    assert not any(f["code"] == "B002" for f in report["findings"]) and report["summary"]["sources"] == 1
