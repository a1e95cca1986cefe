"""An input whose stat is the one recorded with its hash is not read again (provenance.inputs.file_stats)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import provenance.inputs.input_files
from provenance.inputs.file_stats import RACY_NANOSECONDS, STATE, FileStats, stat_of
from provenance.store.database import open_store
from provenance.store.model import StoreState
from provenance.text.files import read_bytes
from tests.helpers import copy_example, lint_json

HOUR = 3600 * 10**9


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example with every file last written an hour ago, so that its stats can be trusted at once."""
    project = copy_example(tmp_path)
    an_hour_ago = time.time_ns() - HOUR
    for path in project.rglob("*"):
        os.utime(path, ns=(an_hour_ago, an_hour_ago))
    return project


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The files the lint reads to hash or parse them (by name)."""
    seen: list[str] = []

    def reading(path: Path, **kwargs) -> bytes:
        seen.append(path.name)
        return read_bytes(path, **kwargs)

    # The warm check reads through read_input too: one place sees every read.
    monkeypatch.setattr(provenance.inputs.input_files, "read_bytes", reading)
    return seen


def test_only_the_changed_manuscript_is_read(example: Path, reads: list[str], database_url: str, tmp_path: Path):
    lint_json(example, database_url)
    assert "essay.md" in reads and "refs.bib" in reads  # the first lint reads everything
    essay = example / "manuscripts/essay.md"
    essay.write_text(essay.read_text(encoding="utf-8").replace("chap. 6", "chap. 5"), encoding="utf-8")

    reads.clear()
    status, report = lint_json(example, database_url)
    assert set(reads) == {"essay.md"}  # hashed to learn that something changed, then read to be checked
    # The same findings as a lint that reads everything, in a store of its own.
    fresh = copy_example(tmp_path / "fresh")
    (fresh / "manuscripts/essay.md").write_bytes(essay.read_bytes())
    assert (status, report) == lint_json(fresh, f"sqlite:///{tmp_path / 'fresh.sqlite3'}")

    reads.clear()
    assert lint_json(example, database_url) == (status, report)
    # Nothing changed: only the manuscript written a moment ago is read, its stat still too new to trust.
    assert reads == ["essay.md"]


def test_a_rewrite_that_keeps_the_size_and_modification_time_is_noticed(example: Path, reads: list[str]):
    status, report = lint_json(example)
    essay = example / "manuscripts/essay.md"
    before = essay.stat()
    text = essay.read_text(encoding="utf-8")
    assert "chap. 6" in text and any(f["code"] == "L001" for f in report["findings"])
    essay.write_text(text.replace("chap. 6", "chap. 7"), encoding="utf-8")  # the right chapter, same size
    os.utime(essay, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert essay.stat().st_size == before.st_size and essay.stat().st_mtime_ns == before.st_mtime_ns

    reads.clear()
    _status, again = lint_json(example)
    assert "essay.md" in reads  # its change time moved: the write is seen
    assert not any(f["code"] == "L001" for f in again["findings"])


def test_a_file_written_just_before_the_run_is_not_vouched_for(tmp_path: Path, database_url: str):
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    for path in (old, new):
        path.write_text("text\n")
    an_hour_ago = time.time_ns() - HOUR
    os.utime(old, ns=(an_hour_ago, an_hour_ago))
    stats = FileStats()
    store = open_store(database_url)
    try:
        with store.transaction() as session:
            stats.save(session, [("old.md", stat_of(old), "hash-old"), ("new.md", stat_of(new), "hash-new")])
        with store.reading() as session:
            loaded = FileStats.load(session)
        assert loaded.digest("old.md", stat_of(old)) == "hash-old"
        assert loaded.digest("new.md", stat_of(new)) is None
        os.utime(old, ns=(an_hour_ago, an_hour_ago + 1))
        assert loaded.digest("old.md", stat_of(old)) is None  # another stat: read again
        # Recorded by a run that starts once the write is older than the racy window, it is vouched for.
        later = FileStats(started=time.time_ns() + 2 * RACY_NANOSECONDS)
        with store.transaction() as session:
            later.save(session, [("new.md", stat_of(new), "hash-new")])
        with store.reading() as session:
            assert FileStats.load(session).digest("new.md", stat_of(new)) == "hash-new"
    finally:
        store.close()


def test_stats_the_store_cannot_read_vouch_for_nothing(tmp_path: Path):
    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    try:
        with store.transaction() as session:
            session.add(StoreState(name=STATE, value='{"a.md": 3}'))
        with store.reading() as session:
            assert FileStats.load(session).known == {}
    finally:
        store.close()
