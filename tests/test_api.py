"""The library API: one project opened once, one ingest per command, results that outputs only consume."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

import provenance.api
from provenance.api import Policy, Project
from provenance.inputs.config import load_config
from provenance.inputs.ingest import ingest
from provenance.inputs.manuscripts import extract, syntax_for
from provenance.store.model import InputFile
from tests.helpers import copy_example, run


@pytest.fixture
def ingests(monkeypatch) -> list[str]:
    """Every ingest started (by the config file it read), whichever module holds the function."""
    calls: list[str] = []
    depth = [0]

    def counted(store, config, *args, **kwargs):
        if depth[0] == 0:  # ingest without a session calls itself once inside its own transaction
            calls.append(str(config.path))
        depth[0] += 1
        try:
            return ingest(store, config, *args, **kwargs)
        finally:
            depth[0] -= 1

    holders = [
        module
        for module in list(sys.modules.values())
        if module is not None and module.__name__.startswith("provenance") and getattr(module, "ingest", None) is ingest
    ]
    assert provenance.api in holders
    for module in holders:
        monkeypatch.setattr(module, "ingest", counted)
    return calls


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_report_ingests_once(tmp_path: Path, ingests: list[str], warm: bool) -> None:
    example = copy_example(tmp_path)
    if warm:
        assert run(example, "lint").exit_code == 1
        ingests.clear()
    result = run(example, "report", "--output", str(tmp_path / "audit.html"))
    assert result.exit_code == 0, result.output
    assert "quotations" in result.output
    assert len(ingests) == 1


@pytest.mark.parametrize("output_format", ["html", "junit"])
def test_lint_of_every_quotation_ingests_once(tmp_path: Path, ingests: list[str], output_format: str) -> None:
    example = copy_example(tmp_path)
    result = run(example, "lint", "--format", output_format)
    assert result.exit_code == 1
    assert len(ingests) == 1


def test_warm_lint_reads_stored_findings_without_ingesting(tmp_path: Path, ingests: list[str]) -> None:
    example = copy_example(tmp_path)
    cold = run(example, "lint", "--format", "json")
    assert len(ingests) == 1
    warm = run(example, "lint", "--format", "json")
    assert len(ingests) == 1
    assert json.loads(warm.stdout)["findings"] == json.loads(cold.stdout)["findings"]


def test_lint_result_carries_what_outputs_consume(tmp_path: Path) -> None:
    example = copy_example(tmp_path)
    with Project.open(load_config(example / "provenance.toml")) as project:
        result = project.lint(detailed=True)
        audit = project.audit()
    assert result.inputs is not None and result.matches is not None
    assert result.root == example
    quotations = sum(len(m.extract.quotations) for m in result.inputs.manuscripts)
    assert quotations == result.counts["quotations"] == len(audit.quotations)
    # Every quotation's recorded match is in the result, keyed as the audit looks it up.
    assert {(m.path, q.start.offset) for m in result.inputs.manuscripts for q in m.extract.quotations} == set(
        result.matches
    )
    assert [f.fingerprint for f in audit.result.findings] == [f.fingerprint for f in result.findings]


def test_policy_selects_from_the_same_run(tmp_path: Path) -> None:
    example = copy_example(tmp_path)
    with Project.open(load_config(example / "provenance.toml")) as project:
        everything = project.lint()
        codes = sorted({f.code for f in everything.findings})
        only = project.lint(Policy(select=(codes[0],)))
    assert only.findings and {f.code for f in only.findings} == {codes[0]}
    assert only.reused


def test_trace_and_citation_share_one_ingest(tmp_path: Path, ingests: list[str]) -> None:
    example = copy_example(tmp_path)
    essay = (example / "manuscripts" / "essay.md").read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(essay, 1) if "[@cst-tech-security, chap. 7" in text)
    with Project.open(load_config(example / "provenance.toml")) as project:
        chains = project.trace("manuscripts/essay.md", line)
        citation = project.cite_quote("manuscripts/essay.md", line)
    assert [link.step for link in chains[0]][:2] == ["quotation", "passage"]
    assert "III" in citation.citation
    assert len(ingests) == 1


def test_an_input_error_leaves_no_new_store(tmp_path: Path) -> None:
    example = copy_example(tmp_path)
    (example / "provenance.toml").write_text(
        (example / "provenance.toml").read_text(encoding="utf-8") + '\nsources = ["missing/*.md"]\n', encoding="utf-8"
    )
    result = run(example, "lint")
    assert result.exit_code == 2
    assert not (example / ".provenance" / "provenance.sqlite3").exists()


def test_one_changed_manuscript_leaves_the_others_quotations_unread(tmp_path: Path) -> None:
    # A book of many chapters: editing one must not read every other chapter's quotations back
    # from the store. They are read, all at once, only when an output asks for them.
    example = copy_example(tmp_path)
    config = load_config(example / "provenance.toml")
    with Project.open(config) as project:
        cold = project.lint()
    essay = example / "manuscripts" / "essay.md"
    essay.write_text(essay.read_text(encoding="utf-8") + "\nAdded: “a sentence no source has, quoted”.\n", "utf-8")
    with Project.open(config) as project:
        changed = project.lint()
        assert changed.inputs is not None
        records = {m.path: m for m in changed.inputs.manuscripts}
        others = [m for path, m in records.items() if path != "manuscripts/essay.md"]
        assert others and all("extract" not in vars(m) for m in others)
        assert changed.counts["quotations"] == cold.counts["quotations"] + 1
        assert changed.counts["citations"] == cold.counts["citations"]
        # Asked for after the run's transaction ended, they come back as a fresh parse reads them.
        for record in others:
            text = (example / record.path).read_text(encoding="utf-8")
            assert record.extract == extract(text, syntax_for(record.path))


def test_a_stored_extract_replaced_since_is_parsed_again(tmp_path: Path) -> None:
    # Another run may replace a manuscript's rows between this run's ingest and an output's
    # question; the extract then comes from the bytes this run read, not from the new rows.
    example = copy_example(tmp_path)
    config = load_config(example / "provenance.toml")
    with Project.open(config) as project:
        project.lint()
    with Project.open(config) as project:
        inputs = project.inputs()
        record = inputs.manuscripts[0]
        with project.store.transaction() as session:
            session.execute(sa.delete(InputFile).where(InputFile.path == record.path))
        text = (example / record.path).read_text(encoding="utf-8")
        assert record.extract == extract(text, syntax_for(record.path))
        assert record.extract.quotations


def test_a_detailed_lint_reads_every_quotation_before_the_store_closes(tmp_path: Path) -> None:
    # JUnit and the HTML report are written after the project is closed: whatever they show
    # must be in memory by then, and a lazy read after the close is a bug, said as such.
    example = copy_example(tmp_path)
    config = load_config(example / "provenance.toml")
    with Project.open(config) as project:
        project.lint()
    essay = example / "manuscripts" / "essay.md"
    essay.write_text(essay.read_text(encoding="utf-8") + "\nAdded: “a sentence no source has, quoted”.\n", "utf-8")
    with Project.open(config) as project:
        detailed = project.lint(detailed=True)
    assert detailed.inputs is not None
    assert all("extract" in vars(m) for m in detailed.inputs.manuscripts)
    assert sum(len(m.extract.quotations) for m in detailed.inputs.manuscripts) == detailed.counts["quotations"]
    essay.write_text(essay.read_text(encoding="utf-8") + "\nAgain: “another sentence no source has”.\n", "utf-8")
    with Project.open(config) as project:
        plain = project.lint()
    assert plain.inputs is not None
    unread = next(m for m in plain.inputs.manuscripts if m.path != "manuscripts/essay.md")
    with pytest.raises(RuntimeError, match="after the store was closed"):
        unread.extract  # read for its effect
