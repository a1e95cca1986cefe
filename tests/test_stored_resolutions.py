"""An edited manuscript's unchanged quotations are not looked for again (provenance.check.stored_resolutions).

Each is found where the last lint found it, and the findings are those of a lint
that looks for everything, in a store of its own. Shown on the labelled corpus of
real texts (the Universal Declaration of Human Rights, the US Constitution).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from provenance.check import stored_resolutions
from provenance.check.resolve import Resolver
from provenance.inputs.config import load_config
from provenance.inputs.ingest import ingest
from provenance.store.database import open_store
from provenance.store.model import StoreState
from tests.helpers import lint_json, own_store

CORPUS = Path(__file__).resolve().parent / "corpus"
QUOTATION = re.compile(r"“[^”]+”( \[@[^\]]+\])?")


@pytest.fixture
def looked_for(monkeypatch) -> list[str]:
    """The words of every quotation the lint looks for in the sources."""
    seen: list[str] = []
    real = Resolver._drafts

    def recorded(self, quotations):
        seen.extend(quotation.text for quotation in quotations)
        return real(self, quotations)

    monkeypatch.setattr(Resolver, "_drafts", recorded)
    return seen


def _copy(name: str, target: Path) -> Path:
    shutil.copytree(CORPUS / name, target, ignore=shutil.ignore_patterns(".provenance"))
    return target


def _as_if_fresh(project: Path, folder: Path) -> tuple[int, dict]:
    """The lint of a copy of *project* as it now stands, in a store of its own."""
    fresh = shutil.copytree(project, folder, ignore=shutil.ignore_patterns(".provenance"))
    return lint_json(fresh, own_store(fresh))


def _resolved_rows(url: str) -> dict[str, str]:
    store = open_store(url)
    try:
        with store.reading() as session:
            rows = session.execute(
                sa.select(StoreState.name, StoreState.value).where(StoreState.name.startswith("resolved:"))
            )
            return dict(rows.all())
    finally:
        store.close()


@pytest.mark.parametrize("corpus", ["udhr", "constitution"])
def test_an_edit_looks_for_the_quotations_it_changed_and_gives_a_full_lints_findings(
    corpus: str, tmp_path: Path, database_url: str, looked_for: list[str]
):
    project = _copy(corpus, tmp_path / corpus)
    manuscript = project / "manuscripts/quotations.md"
    lint_json(project, database_url)
    text = manuscript.read_text(encoding="utf-8")
    quotations = [match.group(0) for match in QUOTATION.finditer(text)]
    assert len(quotations) >= 20 and len(looked_for) >= 20  # the first lint looks for every quotation

    # Every line moves down, and a quotation is added: its words, cited by nothing.
    words = quotations[1].split("”")[0] + "”"
    manuscript.write_text(f"\n{text}\nAdded: {words}.\n", encoding="utf-8")
    looked_for.clear()
    status, report = lint_json(project, database_url)
    assert looked_for == [words.strip("“”")]
    assert (status, report) == _as_if_fresh(project, tmp_path / "fresh-added")

    # One citation names another division: that quotation alone is looked for again.
    cited = next(q for q in quotations if re.search(r", (art|sec|chap)\. \d+\]$", q))
    moved = re.sub(r"(\d+)\]$", lambda m: f"{int(m.group(1)) + 1}]", cited)
    manuscript.write_text(manuscript.read_text(encoding="utf-8").replace(cited, moved, 1), encoding="utf-8")
    looked_for.clear()
    status, report = lint_json(project, database_url)
    assert looked_for == [cited[1:].split("”")[0]]
    assert (status, report) == _as_if_fresh(project, tmp_path / "fresh-moved")


def test_places_that_cannot_be_read_back_are_looked_for_again(tmp_path: Path, database_url: str, looked_for):
    project = _copy("udhr", tmp_path / "udhr")
    lint_json(project, database_url)
    rows = _resolved_rows(database_url)
    assert len(rows) == 2  # one per manuscript

    # Not JSON; JSON of the wrong shape; a place in a source the project does not have.
    garbled = iter(["{", json.dumps({key: [[1, 2]] for key in json.loads(next(iter(rows.values())))})])
    store = open_store(database_url)
    try:
        with store.transaction() as session:
            for name, value in rows.items():
                broken = next(garbled, value.replace("sources/udhr-en.md", "sources/gone.md"))
                session.execute(sa.update(StoreState).where(StoreState.name == name).values(value=broken))
    finally:
        store.close()
    for name in ["quotations.md", "quotations.tex"]:
        path = project / "manuscripts" / name
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    looked_for.clear()
    status, report = lint_json(project, database_url)
    assert len(looked_for) >= 20  # nothing vouched for: every quotation of both looked for again
    assert (status, report) == _as_if_fresh(project, tmp_path / "fresh")


def test_a_lint_that_checks_everything_keeps_one_value_per_manuscript(tmp_path: Path, database_url: str):
    project = _copy("udhr", tmp_path / "udhr")
    lint_json(project, database_url)
    before = _resolved_rows(database_url)
    # The LaTeX manuscript is no longer one: everything is checked again.
    config = project / "provenance.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(', "manuscripts/*.tex"', ""), encoding="utf-8")
    lint_json(project, database_url)
    after = _resolved_rows(database_url)
    assert len(before) == 2 and len(after) == 1 and set(after) < set(before)


def test_what_is_kept_reads_back_as_it_was(tmp_path: Path):
    """Every part of every corpus quotation, saved and read back through a store, equals what was resolved."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    store = open_store(url)
    try:
        for corpus in ["udhr", "constitution"]:
            project = _copy(corpus, tmp_path / corpus)
            inputs = ingest(store, load_config(project / "provenance.toml"))
            resolver = Resolver(inputs)
            kinds = set()
            for manuscript in inputs.manuscripts:
                quotations = manuscript.extract.quotations
                keys = [stored_resolutions.quotation_key(q) for q in quotations]
                resolutions = resolver.resolve_all([(manuscript, q) for q in quotations])
                with store.transaction() as session:
                    stored_resolutions.save(session, manuscript.path, keys, resolutions)
                with store.reading() as session:
                    kept = stored_resolutions.load(session, manuscript.path)
                for key, resolution in zip(keys, resolutions):
                    assert stored_resolutions.decoded(kept[key], inputs.sources) == resolution.parts
                    kinds |= {c.cited.match.kind for c in resolution.parts if c.cited}
            assert len(kinds) >= 3  # verbatim, altered, omitted...: matches with differences and gaps
    finally:
        store.close()
