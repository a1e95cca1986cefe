"""B002's variant search in a process of its own: what it finds here, in the same order, or done here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from provenance.check import variant_texts_background as background
from provenance.check.rules import sources as source_rules
from provenance.check.variant_texts import VariantPassage, find_variant_passages
from provenance.inputs.project import SourceRecord
from provenance.inputs.structure import parse_structure
from provenance.text.scripts import text_language
from tests.helpers import EXAMPLE, another_thread, lint_example_alone

#: Edits made to the example's page, one reprint each: every paragraph they touch is a variant passage.
EDITS = [("technology", "technologies"), ("security", "safety"), ("the ", "a "), ("China", "the PRC")]


def _source(path: str, text: str) -> SourceRecord:
    return SourceRecord(path=path, text=text, language=text_language(text), structure=parse_structure(text))


@pytest.fixture
def sources() -> list[SourceRecord]:
    """The example's page and glossary and reprints of the page, not in the order of their paths."""
    folder = EXAMPLE / "sources"
    page = (folder / "cst-safeguard-technological-security.md").read_text(encoding="utf-8")
    glossary = (folder / "cst-glossary-key-core-technologies.md").read_text(encoding="utf-8")
    reprints = [_source(f"sources/reprint-{n}.md", page.replace(old, new, 4)) for n, (old, new) in enumerate(EDITS)]
    return [*reversed(reprints), _source("sources/page.md", page), _source("sources/glossary.md", glossary)]


@pytest.fixture
def searched_here(monkeypatch) -> list[int]:
    """The processes in which a variant search ran, as this process sees them: a forked one's search is not seen."""
    pids: list[int] = []
    real = find_variant_passages

    def recorded(sources) -> list[VariantPassage]:
        pids.append(os.getpid())
        return real(sources)

    monkeypatch.setattr(background, "find_variant_passages", recorded)
    monkeypatch.setattr(source_rules, "find_variant_passages", recorded)
    return pids


def test_the_variant_search_in_a_process_of_its_own_finds_what_it_finds_here(
    sources, searched_here, monkeypatch
) -> None:
    here = find_variant_passages(sources)
    monkeypatch.setattr(background, "MIN_TEXT", 1)
    found = background.search_variants(sources)()
    assert searched_here == []  # found by the forked process
    assert found == here and len(here) > 10
    assert len({passage.other.path for passage in here}) > 2
    # The parent's own sources come back, not copies of them.
    mine = {id(source) for source in sources}
    assert all(id(found.passage.source) in mine and id(found.other) in mine for found in found)


def test_a_variant_search_whose_process_dies_is_done_here(sources, searched_here, monkeypatch) -> None:
    here = find_variant_passages(sources)
    monkeypatch.setattr(background, "MIN_TEXT", 1)
    monkeypatch.setattr(background, "_search", lambda sources: os._exit(1))
    assert background.search_variants(sources)() == here
    assert searched_here == [os.getpid()]


def test_a_variant_search_beside_another_thread_is_not_forked(sources, searched_here, monkeypatch) -> None:
    here = find_variant_passages(sources)
    monkeypatch.setattr(background, "MIN_TEXT", 1)
    monkeypatch.setattr(background, "_search", lambda sources: [])  # a forked search would find nothing
    with another_thread():
        wait = background.search_variants(sources)
    assert searched_here == []  # nothing done until asked
    assert wait() == here and here and searched_here == [os.getpid()]


def test_sources_too_small_for_a_process_are_searched_here(sources, searched_here) -> None:
    assert sum(len(source.text) for source in sources) < background.MIN_TEXT
    assert background.search_variants(sources)() == find_variant_passages(sources)
    assert searched_here == [os.getpid()]


def test_the_lint_reports_the_variants_its_forked_search_found(tmp_path: Path, searched_here, monkeypatch) -> None:
    _status, alone = lint_example_alone(tmp_path / "here")
    assert searched_here == [os.getpid()]
    monkeypatch.setattr(background, "MIN_TEXT", 1)
    _status, beside = lint_example_alone(tmp_path / "forked")
    assert searched_here == [os.getpid()]  # the rule took what the forked process found
    b002 = [[f for f in report["findings"] if f["code"] == "B002"] for report in (alone, beside)]
    assert b002[1] == b002[0] and len(b002[0]) == 2
