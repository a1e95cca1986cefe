"""Work in a forked process: its result here, or the work done here when the process cannot give it."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

from provenance.forked import start_forked
from provenance.inputs import manuscript_files
from provenance.inputs.input_files import InputText
from provenance.inputs.manuscripts import extract
from tests.helpers import EXAMPLE, another_thread


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value


def test_forked_work_runs_in_another_process_and_is_rebuilt_here() -> None:
    pid, value = start_forked(lambda: _pid_and(21), lambda sent: (sent[0], sent[1] * 2), lambda: (0, 0))()
    assert pid != os.getpid() and value == 42


def test_forked_work_that_fails_is_done_here_without_a_word_on_stderr(capfd) -> None:
    def failing() -> int:
        raise ValueError("no")

    here = start_forked(failing, lambda sent: sent, lambda: _pid_and(7))
    assert here() == (os.getpid(), 7)
    assert capfd.readouterr().err == ""  # the process's failure printed no traceback


def test_no_work_is_forked_beside_another_thread() -> None:
    with another_thread():
        assert start_forked(lambda: _pid_and(1), lambda sent: sent, lambda: _pid_and(2))() == (os.getpid(), 2)


def _manuscripts(count: int) -> list[InputText]:
    """The example's manuscripts under *count* paths each, as ingest reads them."""
    found = []
    for path in sorted((EXAMPLE / "manuscripts").iterdir()):
        data = path.read_bytes()
        found += [
            InputText(path=f"manuscripts/{n}-{path.name}", absolute=path, kind="manuscript", digest=str(n), data=data)
            for n in range(count)
        ]
    return found


def test_manuscripts_extracted_in_a_process_of_their_own_are_as_extracted_here(monkeypatch) -> None:
    files = _manuscripts(3)
    monkeypatch.setattr(manuscript_files, "MIN_FORKED", 1)
    calls: list[int] = []
    monkeypatch.setattr(manuscript_files, "extract", lambda text, syntax: calls.append(1) or extract(text, syntax))
    forked = manuscript_files.start_extracts(files, {})()
    assert calls == []  # extracted by the forked process
    here = {item.path: extract(item.text, manuscript_files.syntax_for(item.path)) for item in files}
    assert forked == here
    assert sum(len(found.quotations) for found in forked.values()) >= 6


def test_manuscripts_are_extracted_here_when_their_process_dies(monkeypatch) -> None:
    files = _manuscripts(1)
    monkeypatch.setattr(manuscript_files, "MIN_FORKED", 1)
    real = manuscript_files._extracts
    parent = os.getpid()
    monkeypatch.setattr(
        manuscript_files, "_extracts", lambda items: real(items) if os.getpid() == parent else os._exit(1)
    )
    found = manuscript_files.start_extracts(files, {})()
    assert set(found) == {item.path for item in files}


def test_manuscripts_under_a_megabyte_are_extracted_here(monkeypatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(manuscript_files, "extract", lambda text, syntax: calls.append(1) or extract(text, syntax))
    files = _manuscripts(1)
    assert len(manuscript_files.start_extracts(files, {})()) == len(files) == len(calls)


_ORPHAN = """
import os, signal, sys, time
from pathlib import Path
from provenance.forked import start_forked

marker = Path(sys.argv[1])

def work():
    marker.write_text(str(os.getpid()))
    time.sleep(60)
    return 1

start_forked(work, lambda sent: sent, lambda: 0)
while not marker.exists():
    time.sleep(0.01)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status  # a zombie has ended; only its exit status is left


def test_forked_work_ends_when_the_process_that_started_it_is_killed(tmp_path: Path) -> None:
    marker = tmp_path / "pid"
    subprocess.run([sys.executable, "-c", _ORPHAN, str(marker)], timeout=30, check=False)
    pid = int(marker.read_text())
    deadline = time.monotonic() + 10
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(pid)


def test_cancelled_work_ends_its_process_at_once() -> None:
    started = time.monotonic()
    pending = start_forked(lambda: time.sleep(60) or 1, lambda sent: sent, lambda: 0)
    assert multiprocessing.active_children() != []
    pending.cancel()
    assert multiprocessing.active_children() == [] and time.monotonic() - started < 30
