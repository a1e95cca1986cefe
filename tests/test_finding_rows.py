"""The findings of unchanged manuscripts, read back in a forked process while the changed one is checked."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from provenance.check import finding_rows
from tests.helpers import another_thread, copy_example, lint_json, own_store

ESSAY = "manuscripts/essay.md"


@pytest.fixture
def read_here(monkeypatch) -> list[int]:
    """How many findings this process read back, call by call: a forked process's reads are not seen."""
    counts: list[int] = []
    real = finding_rows.load_scoped

    def recorded(session):
        found = real(session)
        counts.append(len(found))
        return found

    monkeypatch.setattr(finding_rows, "load_scoped", recorded)
    return counts


def corrected(project: Path, database_url: str, read_here: list[int]) -> tuple[dict, dict]:
    """The project's report, then its report once the essay cites the right chapter (its L001 gone).

    *read_here* is left with what the second lint read back in this process.
    """
    _status, before = lint_json(project, database_url)
    read_here.clear()
    essay = project / ESSAY
    essay.write_text(essay.read_text(encoding="utf-8").replace("chap. 6", "chap. 7"), encoding="utf-8")
    _status, after = lint_json(project, database_url)
    return before, after


@pytest.fixture
def read_in_one_process(tmp_path: Path, database_url: str, read_here: list[int]) -> tuple[dict, dict]:
    before, after = corrected(copy_example(tmp_path / "here"), database_url, read_here)
    assert len(read_here) == 1  # the unchanged manuscripts' findings, read back here
    return before, after


def test_kept_findings_read_in_a_process_of_their_own_are_the_same(
    tmp_path: Path, database_url: str, read_in_one_process, read_here: list[int], monkeypatch
) -> None:
    before, after = read_in_one_process
    monkeypatch.setattr(finding_rows, "MIN_FORKED", 1)
    assert corrected(copy_example(tmp_path / "forked"), database_url, read_here) == (before, after)
    assert read_here == []  # read by the forked process
    # That process read the store as committed, the essay's old L001 among it: it is not reported.
    l001 = [f for f in before["findings"] if f["code"] == "L001"]
    assert [f["path"] for f in l001] == [ESSAY] and not any(f["code"] == "L001" for f in after["findings"])
    assert any(f["path"] == "manuscripts/thread.md" for f in after["findings"])  # kept findings are there


def test_kept_findings_whose_process_dies_are_read_here(
    tmp_path: Path, database_url: str, read_in_one_process, read_here: list[int], monkeypatch
) -> None:
    monkeypatch.setattr(finding_rows, "MIN_FORKED", 1)
    monkeypatch.setattr(finding_rows, "_load_apart", lambda url: os._exit(1))
    assert corrected(copy_example(tmp_path / "died"), database_url, read_here) == read_in_one_process
    assert len(read_here) == 1


def test_kept_findings_beside_another_thread_are_read_here(
    tmp_path: Path, database_url: str, read_in_one_process, read_here: list[int], monkeypatch
) -> None:
    monkeypatch.setattr(finding_rows, "MIN_FORKED", 1)
    with another_thread():
        assert corrected(copy_example(tmp_path / "thread"), database_url, read_here) == read_in_one_process
    assert len(read_here) == 1


def test_a_lint_that_checks_everything_ends_the_reading_it_started(
    tmp_path: Path, database_url: str, read_here: list[int], monkeypatch
) -> None:
    """The reading starts before the lint knows what changed; when a source changed, nothing is kept."""
    project = copy_example(tmp_path / "source")
    monkeypatch.setattr(finding_rows, "MIN_FORKED", 1)
    lint_json(project, database_url)
    source = next((project / "sources").iterdir())
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    read_here.clear()
    monkeypatch.setattr(finding_rows, "_load_apart", lambda url: time.sleep(60) or [])  # a long reading
    started = time.monotonic()
    status, report = lint_json(project, database_url)
    assert read_here == [] and multiprocessing.active_children() == []  # the reading process is gone
    assert time.monotonic() - started < 30  # ended, not waited for
    fresh = copy_example(tmp_path / "fresh")
    (fresh / "sources" / source.name).write_bytes(source.read_bytes())
    assert (status, report) == lint_json(fresh, own_store(fresh))
