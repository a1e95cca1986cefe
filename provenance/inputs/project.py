"""A project's inputs as the rules see them: entries, sources and manuscripts in memory.

Built by :mod:`provenance.inputs.ingest`, from freshly parsed files or from the store
for files whose content has not changed. Expensive derived data (a source's
matcher, its line index) is computed on first use only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from bibliography.bibtex import BibEntry, BibProblem
from provenance.domain.works import Translation, Work
from provenance.inputs.entry_works import is_translation, translation_of, work_of
from provenance.inputs.manuscripts import document_date
from provenance.inputs.manuscripts.model import LineIndex, ManuscriptExtract
from provenance.inputs.structure import Structure
from provenance.text.matching import SourceMatcher


@dataclass(frozen=True)
class EntryRecord(BibEntry):
    """A bibliography entry, the source text its `file` field names (if any), and the work it describes.

    ``work`` and ``translation`` are built from the fields, once, when first asked for,
    however the record was made (a .bib file read, the store on a warm run, a Zotero
    library): the same fields give the same values. Built on demand because a large
    bibliography's entries are made (and remade with their `file` resolved) by the
    ten thousand, and most are never asked who wrote or translated them.
    """

    source_path: str | None = None

    @cached_property
    def work(self) -> Work:
        return work_of(self.key, self.fields)

    @cached_property
    def translation(self) -> Translation | None:
        """What makes the work a translation (None for an original)."""
        return translation_of(self.work, self.fields) if is_translation(self.fields) else None

    def field_line(self, name: str) -> int:
        return self.field_lines.get(name, self.line)


@dataclass
class SourceRecord:
    """A source text, its structure, and the entries whose `file` it is."""

    path: str
    text: str
    language: str
    structure: Structure
    entry_keys: list[str] = field(default_factory=list)
    store_id: int | None = None

    @cached_property
    def matcher(self) -> SourceMatcher:
        return SourceMatcher(self.text)

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    def line_of(self, offset: int) -> int:
        return self.lines.position(offset).line


@dataclass
class ManuscriptRecord:
    """A manuscript: its line index and date, and what it quotes and cites (its extract).

    A manuscript the store holds unchanged comes with a reader of its stored
    extract (*stored*) instead of the extract itself (*parsed*): a lint that
    re-checks one changed manuscript of a large book never reads the others'
    quotations back.
    """

    path: str
    syntax: str
    lines: LineIndex
    #: How many quotations and citations it has, known without reading them.
    counts: tuple[int, int]
    #: Its text: read from the file when first asked for, which a manuscript the store holds may never be.
    text: Callable[[], str] = field(repr=False)
    parsed: ManuscriptExtract | None = field(default=None, repr=False)
    stored: Callable[[], ManuscriptExtract] | None = field(default=None, repr=False)

    @cached_property
    def date(self) -> str | None:
        """The date the manuscript gives itself (front matter `date:`, LaTeX's `\\date{}`), as written."""
        return document_date(self.text(), self.syntax)

    @cached_property
    def extract(self) -> ManuscriptExtract:
        if self.parsed is not None:
            return self.parsed
        if self.stored is None:
            raise ValueError(f"{self.path}: a manuscript record needs its extract or a reader of it")
        return self.stored()

    def lines_of(self, quotation) -> tuple[int, int]:
        """First and last line of a quotation together with the citation that follows it."""
        end = max([quotation.end, *(c.end for c in quotation.citations if c.start.offset >= quotation.start.offset)])
        return quotation.start.line, self.lines.position(max(end - 1, 0)).line


@dataclass(frozen=True)
class OutsidePath:
    """A path in the config or a `file` field that leads outside the project: where it is named, and why."""

    path: str
    line: int
    message: str


@dataclass
class ProjectInputs:
    """What one ingest read: the entries, sources and manuscripts the rules check, with their fingerprint.

    The project as a whole (its config and open store) is :class:`provenance.api.Project`.
    """

    entries: dict[str, EntryRecord]
    sources: dict[str, SourceRecord]
    manuscripts: list[ManuscriptRecord]
    fingerprint: str
    #: (kind, path, sha256) of every input read, as `provenance.inputs.fingerprint` fingerprints them.
    inputs: tuple[tuple[str, str, str], ...] = ()
    #: What the bibliography files hold that biber rejects or resolves silently (rules B006-B008).
    bibliography_problems: tuple[BibProblem, ...] = ()
    #: Paths not read because they resolve outside the project.
    outside: list[OutsidePath] = field(default_factory=list)
    #: Rule code → the result of work started for it before the rules ran (``registry.prepares``).
    prepared: dict[str, Callable[[], object]] = field(default_factory=dict)

    def read_extracts(self) -> None:
        """Every manuscript's extract in memory, for outputs that show every quotation once the store is closed."""
        for manuscript in self.manuscripts:
            manuscript.extract  # a cached property, read for its effect

    def original_of(self, entry: EntryRecord) -> EntryRecord | None:
        """The entry of the original work *entry* translates, when it links one that is in the bibliography."""
        key = entry.translation.original_key if entry.translation else None
        return self.entries.get(key) if key else None

    def sources_of(self, key: str) -> list[SourceRecord]:
        entry = self.entries.get(key)
        if entry is None or entry.source_path is None:
            return []
        source = self.sources.get(entry.source_path)
        return [source] if source else []
