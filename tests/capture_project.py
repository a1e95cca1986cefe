"""A small project for capture tests: a config, one entry whose `file` is sources/manual.md."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "sources").mkdir(parents=True)
    (root / "provenance.toml").write_text(
        'bibliography = ["refs.bib"]\nsources = ["sources"]\nmanuscripts = ["*.md"]\n', encoding="utf-8"
    )
    (root / "refs.bib").write_text(
        "@manual{manual,\n  title = {Manual},\n  author = {Someone},\n"
        "  date = {2022},\n  file = {sources/manual.md},\n}\n",
        encoding="utf-8",
    )
    return root


def files_under(root: Path) -> dict[str, tuple[int, int]]:
    """Every file of the project (the store's database aside) with its size and modification time."""
    return {
        p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith("provenance.sqlite3")
    }
