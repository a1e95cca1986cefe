"""A store survives kills and crowds: real `provenance lint` processes, killed or run side by side.

The number of kill points and of concurrent rounds is kept small for the suite;
``PROVENANCE_TEST_KILLS`` and ``PROVENANCE_TEST_ROUNDS`` raise them for a long run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from provenance.store.database import head_revision
from provenance.store.model import Base
from tests.helpers import EXAMPLE, copy_example, lint_json

KILLS = int(os.environ.get("PROVENANCE_TEST_KILLS", "8"))
ROUNDS = int(os.environ.get("PROVENANCE_TEST_ROUNDS", "2"))
LINTERS = 4
#: A paragraph whose quotation is in no source: the variant of the essay with one more finding.
EXAMPLE_SOURCE = EXAMPLE / "sources" / "cst-safeguard-technological-security.md"
EXTRA = "\n\nAs the report says, “this sentence was never published anywhere at all.”\n"


def _command(project: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "provenance.cli.main",
        "--config",
        str(project / "provenance.toml"),
        "lint",
        "--format",
        "json",
    ]


def _start(project: Path, database_url: str) -> subprocess.Popen:
    env = {**os.environ, "PROVENANCE_DATABASE_URL": database_url}
    return subprocess.Popen(_command(project), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=project)


def _findings(stdout: str) -> list[dict]:
    return json.loads(stdout)["findings"]


def _expected(project: Path, tmp_path: Path, name: str) -> list[dict]:
    """The findings of a clean run on a fresh SQLite store."""
    _status, report = lint_json(project, f"sqlite:///{tmp_path / f'clean-{name}.sqlite3'}")
    return report["findings"]


def _assert_consistent(database_url: str) -> None:
    """Either nothing was created, or the whole schema is there with its version, and the file is sound."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
            if engine.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            if not tables:
                return
            assert set(Base.metadata.tables) <= tables, f"a partial schema: {sorted(tables)}"
            version = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            assert version == head_revision()
    finally:
        engine.dispose()


def _drop_store(database_url: str) -> None:
    engine = sa.create_engine(database_url, isolation_level="AUTOCOMMIT")
    if engine.dialect.name == "sqlite":
        engine.dispose()
        path = Path(engine.url.database)
        for companion in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            companion.unlink(missing_ok=True)
        return
    with engine.connect() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def test_a_lint_killed_at_any_point_leaves_a_store_the_next_lint_trusts(tmp_path, database_url):
    project = copy_example(tmp_path)
    essay = project / "manuscripts" / "essay.md"
    variants = {"plain": essay.read_text(encoding="utf-8")}
    variants["extra"] = variants["plain"] + EXTRA
    expected = {}
    for name, text in variants.items():
        essay.write_text(text, encoding="utf-8")
        expected[name] = _expected(project, tmp_path, name)
    assert expected["plain"] != expected["extra"]

    # How long a cold run takes here, so that the kill points spread over all of it.
    started = time.monotonic()
    process = _start(project, database_url)
    process.communicate(timeout=300)
    duration = time.monotonic() - started
    _drop_store(database_url)

    for point in range(KILLS):
        name = ("plain", "extra")[point % 2]
        if point % 4 == 0:  # every fourth kill hits the store's first creation
            _drop_store(database_url)
        essay.write_text(variants[name], encoding="utf-8")
        process = _start(project, database_url)
        time.sleep(duration * (point + 0.5) / KILLS)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        _assert_consistent(database_url)
        # The next lint, on the content the killed one was reading, must not serve anything stale.
        status, report = lint_json(project, database_url)
        assert status in (0, 1)
        assert report["findings"] == expected[name], f"kill point {point} at {duration * (point + 0.5) / KILLS:.2f}s"
        _assert_consistent(database_url)


def test_simultaneous_lints_on_one_store_all_succeed_alike(tmp_path, database_url):
    project = copy_example(tmp_path)
    essay = project / "manuscripts" / "essay.md"
    plain = essay.read_text(encoding="utf-8")
    failures = []
    for round_ in range(ROUNDS):
        # Odd rounds start on an existing store with a changed manuscript: the writers race to update it.
        if round_ % 2 == 0:
            _drop_store(database_url)
            essay.write_text(plain, encoding="utf-8")
        else:
            essay.write_text(plain + EXTRA, encoding="utf-8")
        expected = _expected(project, tmp_path, f"round-{round_}")
        processes = [_start(project, database_url) for _ in range(LINTERS)]
        for process in processes:
            stdout, stderr = process.communicate(timeout=600)
            if process.returncode not in (0, 1):
                failures.append((round_, process.returncode, stderr.decode()[-500:]))
            elif (found := _findings(stdout.decode())) != expected:
                failures.append(
                    (
                        round_,
                        "other findings",
                        [f for f in found if f not in expected][:2],
                        [f for f in expected if f not in found][:2],
                    )
                )
        _assert_consistent(database_url)
    assert failures == [], f"{len(failures)} of {ROUNDS * LINTERS} runs failed: {failures[:3]}"


def test_processes_with_other_hash_seeds_sample_the_same_shingles():
    """Lints side by side are separate processes, each with its own salt for ``hash``: what a
    finding depends on (here the shingles B002 pairs paragraphs by) must not follow that salt."""
    words = EXAMPLE_SOURCE.read_text(encoding="utf-8").split()
    script = "import sys; from provenance.check.variant_texts import _sampled; print(list(_sampled(sys.stdin.read().split(), 10**9)))"
    samples = {
        subprocess.run(
            [sys.executable, "-c", script],
            input=" ".join(words),
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            check=True,
        ).stdout
        for seed in (1, 2, 3)
    }
    assert len(samples) == 1
    assert len(json.loads(samples.pop())) > len(words) / 10  # about a quarter of the words start a shingle
