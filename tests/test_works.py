"""An entry's work and translation, built once from its biblatex fields, the same on every run."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import provenance.inputs.bibliographies
from provenance.api import Project
from provenance.domain.works import Agent, Contribution, Role, Work
from provenance.inputs.config import load_config
from provenance.inputs.project import EntryRecord
from tests.helpers import copy_example, store_url


def _entry(key: str = "cst", **fields: str) -> EntryRecord:
    return EntryRecord(key=key, entry_type="online", fields=fields, path="refs.bib", line=1, field_lines={})


def test_a_translation_with_a_translator_names_its_original_from_its_own_fields():
    entry = _entry(
        author="{Office of the Central National Security Commission}",
        title="Safeguard Technological Security",
        translator="Jin, Emily",
        date="2025-01",
        origtitle="总体国家安全观学习纲要",
        origlanguage="chinese",
        origdate="2022-04-14",
    )
    translation = entry.translation
    assert translation is not None and translation.work is entry.work
    assert translation.translators == (Agent("Jin, Emily"),)
    assert translation.translated == "2025-01"
    assert translation.original == Work(
        key=None,
        title="总体国家安全观学习纲要",
        language="chinese",
        issued="2022-04-14",
        contributions=(Contribution(Agent("{Office of the Central National Security Commission}"), Role.AUTHOR),),
    )


def test_editors_with_editortype_translator_are_the_translators():
    entry = _entry(editor="Jin, Emily and Doe, Jane", editortype="translator", year="2025")
    assert entry.translation is not None
    assert entry.translation.translators == (Agent("Jin, Emily"), Agent("Doe, Jane"))
    assert entry.work.agents(Role.EDITOR) == ()
    assert entry.translation.translated == "2025"


def test_a_translation_links_its_original_by_related_and_relatedtype():
    entry = _entry(related="ncsc-outline, other", relatedtype="TranslationOf")
    assert entry.translation is not None
    assert entry.translation.original_key == "ncsc-outline"
    assert entry.translation.translators == ()


@pytest.mark.parametrize(
    "fields",
    [{"related": "ncsc-outline", "relatedtype": "multivolume"}, {"editor": "Doe, Jane"}, {"origdate": "1990"}],
)
def test_an_original_is_no_translation(fields: dict[str, str]):
    entry = _entry(**fields)
    assert entry.translation is None
    assert entry.work.agents(Role.EDITOR) == ((Agent("Doe, Jane"),) if "editor" in fields else ())


def test_a_record_rebuilt_with_other_fields_gets_their_work():
    entry = _entry(translator="Jin, Emily", date="2025-01")
    moved = replace(entry, source_path="sources/cst.md", fields={**entry.fields, "date": "2025-01-02"})
    assert moved.translation is not None and moved.translation.translated == "2025-01-02"


def test_entries_read_back_from_the_store_carry_the_same_works(tmp_path: Path, monkeypatch):
    example = copy_example(tmp_path)
    monkeypatch.setenv("PROVENANCE_DATABASE_URL", store_url(example))

    def entries() -> dict[str, EntryRecord]:
        with Project.open(load_config(example / "provenance.toml")) as project:
            return project.inputs().entries

    cold = entries()

    def not_again(text, path):
        raise AssertionError(f"{path} parsed again: its entries should come from the store")

    monkeypatch.setattr(provenance.inputs.bibliographies, "parse_bibtex", not_again)
    warm = entries()
    assert cold.keys() == warm.keys()
    assert [(e.work, e.translation) for e in cold.values()] == [(e.work, e.translation) for e in warm.values()]
    translation = warm["cst-tech-security"].translation
    assert translation is not None and translation.translators == (Agent("Jin, Emily"),)
    assert translation.original_key == "ncsc-2022-study-outline"
