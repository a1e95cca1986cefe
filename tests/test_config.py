"""Config discovery and validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance.errors import ConfigError
from provenance.inputs.config import DATABASE_ENV, load_config


def test_provenance_toml_is_found_walking_up(tmp_path: Path):
    (tmp_path / "provenance.toml").write_text('bibliography = ["refs.bib"]\n')
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    config = load_config(start=nested)
    assert config.path == tmp_path / "provenance.toml"
    assert config.bibliography == ("refs.bib",)


def test_pyproject_tool_table_is_read(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.provenance]\nmanuscripts = "*.md"\n')
    assert load_config(start=tmp_path).manuscripts == ("*.md",)


def test_pyproject_without_the_table_is_passed_over(tmp_path: Path):
    (tmp_path / "provenance.toml").write_text('sources = ["texts"]\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_config(start=inner).sources == ("texts",)


def test_default_database_is_sqlite_next_to_the_config(tmp_path: Path, monkeypatch):
    monkeypatch.delenv(DATABASE_ENV, raising=False)
    (tmp_path / "provenance.toml").write_text("")
    assert load_config(start=tmp_path).database_url == f"sqlite:///{tmp_path / '.provenance' / 'provenance.sqlite3'}"


def test_environment_overrides_the_database(tmp_path: Path, monkeypatch):
    (tmp_path / "provenance.toml").write_text('database = "sqlite:///db.sqlite3"\n')
    assert load_config(start=tmp_path).database_url == f"sqlite:///{tmp_path / 'db.sqlite3'}"
    monkeypatch.setenv(DATABASE_ENV, "postgresql+psycopg://db.example/refs")
    assert load_config(start=tmp_path).database_url == "postgresql+psycopg://db.example/refs"


@pytest.mark.parametrize(
    "content,message",
    [
        ("bibliograpy = []\n", "unknown config key(s): bibliograpy"),
        ("sources = 3\n", "`sources` must be a string or a list of strings"),
        ("sources = [\n", "invalid TOML"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, content: str, message: str):
    (tmp_path / "provenance.toml").write_text(content)
    with pytest.raises(ConfigError) as raised:
        load_config(start=tmp_path)
    assert message in str(raised.value) and "provenance.toml" in str(raised.value)


def test_a_glob_matching_nothing_names_the_key(tmp_path: Path):
    (tmp_path / "provenance.toml").write_text('manuscripts = ["drafts/*.md"]\n')
    with pytest.raises(ConfigError, match="`manuscripts` entry 'drafts/\\*.md' matches no file"):
        load_config(start=tmp_path).manuscript_files()
