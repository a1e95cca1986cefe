"""Quotations resolved half in a forked process: the same findings, or resolved here when no process can be."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from provenance.check import resolve
from provenance.check.resolve import Resolver
from tests.helpers import another_thread, lint_example_alone


@pytest.fixture
def drafted_here(monkeypatch) -> list[int]:
    """How many quotations this process drafted, call by call: a forked process's drafts are not seen."""
    counts: list[int] = []
    real = Resolver._drafts

    def recorded(self, quotations):
        counts.append(len(quotations))
        return real(self, quotations)

    monkeypatch.setattr(Resolver, "_drafts", recorded)
    return counts


@pytest.fixture
def alone(tmp_path: Path, drafted_here) -> tuple[dict, int]:
    """The example's lint with every quotation resolved here, and how many quotations that was."""
    _status, report = lint_example_alone(tmp_path / "here")
    total = sum(drafted_here)
    drafted_here.clear()
    return report, total


def test_quotations_resolved_half_in_a_process_of_their_own_give_the_same_findings(
    tmp_path: Path, alone, drafted_here, monkeypatch
) -> None:
    report, total = alone
    monkeypatch.setattr(resolve, "MIN_FORKED", 2)
    _status, split = lint_example_alone(tmp_path / "forked")
    assert total >= 6
    assert sum(drafted_here) == total - total // 2  # the later half was drafted by the forked process
    assert split["findings"] == report["findings"]
    assert {f["code"] for f in report["findings"]} >= {"L001", "L002", "Q004", "Q005"}  # findings of resolutions


def test_quotations_whose_process_dies_are_resolved_here(tmp_path: Path, alone, drafted_here, monkeypatch) -> None:
    report, total = alone
    monkeypatch.setattr(resolve, "MIN_FORKED", 2)
    monkeypatch.setattr(Resolver, "_sent_drafts", lambda self, quotations: os._exit(1))
    _status, after_death = lint_example_alone(tmp_path / "died")
    assert sum(drafted_here) == total
    assert after_death["findings"] == report["findings"]


def test_quotations_beside_another_thread_are_resolved_here(tmp_path: Path, alone, drafted_here, monkeypatch) -> None:
    report, total = alone
    monkeypatch.setattr(resolve, "MIN_FORKED", 2)
    with another_thread():
        _status, beside = lint_example_alone(tmp_path / "thread")
    assert sum(drafted_here) == total
    assert beside["findings"] == report["findings"]
