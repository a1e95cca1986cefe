"""Resolving a quotation: which source holds it, where, and how faithfully.

For each quotation: split it by script (an English part, a Chinese part); check
each part against the sources of the entries it cites in that part's language;
when a part is not there (or nothing is cited), look for it in every other
source through the text index. Rules then read the :class:`Resolution`.
"""

from __future__ import annotations

from dataclasses import dataclass
from sqlalchemy.orm import Session

from provenance.manuscripts.model import Citation, Quotation
from provenance.matching import (Bead, Match, MatchKind, RepeatedSentence, ScriptPart, align_sentences,
                                 find_repeated_sentences, normalize, split_by_script, split_sentences)
from provenance.project import EntryRecord, ManuscriptRecord, Project, SourceRecord
from provenance.search import candidate_passages
from provenance.structure import Division

FOUND = (MatchKind.VERBATIM, MatchKind.NORMALISED, MatchKind.ALTERED, MatchKind.OMISSION)


@dataclass(frozen=True)
class Located:
    """A match of (part of) a quotation in one source."""

    source: SourceRecord
    match: Match

    @property
    def division_path(self) -> tuple[Division, ...]:
        return self.source.structure.path_at(self.match.source_start)

    @property
    def line(self) -> int:
        return self.source.line_of(self.match.source_start)

    @property
    def end_line(self) -> int:
        return self.source.line_of(max(self.match.source_end - 1, self.match.source_start))

    @property
    def found(self) -> bool:
        return self.match.kind in FOUND


@dataclass(frozen=True)
class PartCheck:
    part: ScriptPart
    cited: Located | None          # best place in the cited sources (None: none in this language)
    elsewhere: Located | None      # where it was found instead, if not in the cited sources
    repeated: tuple[RepeatedSentence, ...]


@dataclass(frozen=True)
class Resolution:
    manuscript: ManuscriptRecord
    quotation: Quotation
    citation: Citation | None
    entry: EntryRecord | None
    parts: tuple[PartCheck, ...]
    alignment: tuple[Bead, ...] = ()

    @property
    def key(self) -> str | None:
        return self.citation.key if self.citation else None

    @property
    def primary(self) -> Located | None:
        """The place the quotation was found in its cited source (the first part found)."""
        return next((p.cited for p in self.parts if p.cited and p.cited.found), None)

    def position(self, index: int):
        """Manuscript position of character *index* of the quotation's text."""
        quotation = self.quotation
        index = min(max(index, 0), max(len(quotation.text) - 1, 0))
        offset = quotation.text_offsets[index] if quotation.text_offsets else quotation.start.offset + index
        return self.manuscript.lines.position(offset)


class Resolver:
    """Resolves the quotations of one project; holds the session for index look-ups."""

    def __init__(self, project: Project, session: Session):
        self.project = project
        self.session = session
        self._by_store_id = {s.store_id: s for s in project.sources.values() if s.store_id is not None}

    def resolve(self, manuscript: ManuscriptRecord, quotation: Quotation) -> Resolution:
        citations = [c for c in quotation.citations if c.key in self.project.entries]
        cited_sources = [s for c in citations for s in self.project.sources_of(c.key)]
        checks = tuple(self._check_part(part, cited_sources)
                       for part in split_by_script(quotation.text))
        citation = self._best_citation(quotation, checks)
        entry = self.project.entries.get(citation.key) if citation else None
        return Resolution(manuscript=manuscript, quotation=quotation, citation=citation, entry=entry,
                          parts=checks, alignment=_align(checks))

    def _check_part(self, part: ScriptPart, cited_sources: list[SourceRecord]) -> PartCheck:
        repeated = tuple(find_repeated_sentences(part.text))
        text = without_repeats(part.text, repeated)
        in_language = [s for s in cited_sources if s.language == part.language]
        cited = _best(Located(s, s.matcher.find(text)) for s in in_language)
        elsewhere = None
        if cited is None or not cited.found:
            exclude = {s.path for s in in_language}
            elsewhere = self._search_everywhere(text, part.language, exclude)
        return PartCheck(part=part, cited=cited, elsewhere=elsewhere, repeated=repeated)

    def _search_everywhere(self, text: str, language: str, exclude: set[str]) -> Located | None:
        needles = _needles(normalize(text).text, language)
        candidates = candidate_passages(self.session, needles, limit=8)
        best: Located | None = None
        for passage in candidates:
            source = self._by_store_id.get(passage.source_id)
            if source is None or source.path in exclude:
                continue
            located = Located(source, source.matcher.find(text, near=(passage.start, passage.end)))
            if located.found and (best is None or located.match.score > best.match.score):
                best = located
        return best

    def _best_citation(self, quotation: Quotation, checks: tuple[PartCheck, ...]) -> Citation | None:
        """Of several citations, the one whose source holds the quotation (else the first)."""
        if not quotation.citations:
            return None
        for citation in quotation.citations:
            paths = {s.path for s in self.project.sources_of(citation.key)}
            if any(c.cited and c.cited.found and c.cited.source.path in paths for c in checks):
                return citation
        return quotation.citations[0]


def _best(candidates) -> Located | None:
    best = None
    for located in candidates:
        if best is None or (located.found, located.match.score) > (best.found, best.match.score):
            best = located
    return best


def without_repeats(text: str, repeated: tuple[RepeatedSentence, ...]) -> str:
    """The text with each repeated sentence's second occurrence cut out, so the rest can match."""
    for repeat in sorted(repeated, key=lambda r: r.repeat[0], reverse=True):
        text = text[:repeat.repeat[0]] + text[repeat.repeat[1]:]
    return text


def _needles(normalized: str, language: str, count: int = 4) -> list[str]:
    """A few pieces of the quotation, spread over it, for the substring index."""
    width = 6 if language == "zh" else 16
    if len(normalized) <= width:
        return [normalized]
    step = max((len(normalized) - width) // max(count - 1, 1), 1)
    return [normalized[i:i + width] for i in range(0, len(normalized) - width + 1, step)][:count]


def _align(checks: tuple[PartCheck, ...]) -> tuple[Bead, ...]:
    """Sentence alignment of an English and a Chinese part, with the English source's context."""
    english = next((c for c in checks if c.part.language == "en"), None)
    chinese = next((c for c in checks if c.part.language == "zh"), None)
    if english is None or chinese is None:
        return ()
    left = _sentences(english.part.text)
    right = _sentences(without_repeats(chinese.part.text, chinese.repeated))
    before, after = _context(english.cited)
    return tuple(align_sentences(left, right, left_before=before, left_after=after))


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def _context(located: Located | None, count: int = 2) -> tuple[list[str], list[str]]:
    """Source sentences just before and after the matched span, within its paragraph."""
    if located is None or not located.found:
        return [], []
    text = located.source.text
    start, end = located.match.source_start, located.match.source_end
    paragraph_start = text.rfind("\n\n", 0, start) + 1
    paragraph_end = text.find("\n\n", end)
    paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
    before = _sentences(text[paragraph_start:start])[-count:]
    after = _sentences(text[end:paragraph_end])[:count]
    return before, after

