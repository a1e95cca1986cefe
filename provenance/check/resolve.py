"""Resolving a quotation: which source holds it, where, and how faithfully.

For each quotation: split it by script (an English part, a Chinese part); check
each part against the sources of the entries it cites in that part's language
(then in their other languages); when a part is not there, only approximately
there, or nothing is cited, look for it in every source at once (see
:mod:`provenance.check.search`). Rules then read the :class:`Resolution`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from provenance.check.cited_parts import CitedPart, cited_parts, index_where_not_held, without_repeats
from provenance.check.search import Candidate, find_candidates
from provenance.forked import start_forked
from provenance.inputs.manuscripts.model import Citation, Quotation
from provenance.inputs.project import EntryRecord, ManuscriptRecord, ProjectInputs, SourceRecord
from provenance.inputs.structure import Division, body_start
from provenance.text.matching import (
    Bead,
    Match,
    MatchKind,
    RepeatedSentence,
    ScriptPart,
    align_sentences,
    split_by_script,
    split_sentences,
)
from provenance.text.matching.pieces import sentences_of

FOUND = (MatchKind.VERBATIM, MatchKind.NORMALISED, MatchKind.ALTERED, MatchKind.OMISSION)
EXACT = (MatchKind.VERBATIM, MatchKind.NORMALISED)
#: Quotations to resolve from which half of them are resolved in a process of their own: a fork
#: costs tens of milliseconds, a quotation about half a millisecond.
MIN_FORKED = 2_000


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
    cited: Located | None  # best place in the cited sources (None: none in this language)
    elsewhere: Located | None  # where it was found instead, if not in the cited sources
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
    """Resolves the quotations of one project.

    Quotations are best resolved together (:meth:`prepare`): every quotation
    that must be looked for beyond its cited sources is then found in one pass
    over all sources, not one search each.
    """

    def __init__(self, project: ProjectInputs):
        self.project = project
        self._sources = sorted(project.sources.values(), key=lambda s: s.path)
        self._prepared: dict[tuple[str, int], Resolution] = {}

    def prepare(self, quotations: Iterable[tuple[ManuscriptRecord, Quotation]]) -> None:
        """Resolve these quotations now; :meth:`resolve` then hands each one out."""
        for resolution in self.resolve_all(list(quotations)):
            self._prepared[(resolution.manuscript.path, resolution.quotation.start.offset)] = resolution

    def resolve(self, manuscript: ManuscriptRecord, quotation: Quotation) -> Resolution:
        prepared = self._prepared.pop((manuscript.path, quotation.start.offset), None)
        return prepared if prepared is not None else self.resolve_all([(manuscript, quotation)])[0]

    def resolve_all(self, quotations: Sequence[tuple[ManuscriptRecord, Quotation]]) -> list[Resolution]:
        """Resolve *quotations*; when there are many, the later half in a forked process meanwhile."""
        half = len(quotations) // 2 if len(quotations) >= MIN_FORKED else len(quotations)
        later = self._start_drafts([quotation for _, quotation in quotations[half:]])
        drafts = self._drafts([quotation for _, quotation in quotations[:half]]) + later()
        return [
            self.resolution(manuscript, quotation, tuple(draft.checked() for draft in parts))
            for (manuscript, quotation), parts in zip(quotations, drafts)
        ]

    def _start_drafts(self, quotations: list[Quotation]) -> Callable[[], list[list[_Draft]]]:
        """Start drafting *quotations* in a forked process; the function returned waits for the drafts.

        The process sends each draft with its sources as positions (see :mod:`provenance.forked`);
        where none can be started, or it fails, the drafts are made here when asked for.
        """
        here = partial(self._drafts, quotations)
        if not quotations:
            return here
        return start_forked(partial(self._sent_drafts, quotations), self._received_drafts, here)

    def _sent_drafts(self, quotations: list[Quotation]) -> list[list[tuple]]:
        position = {source.path: index for index, source in enumerate(self._sources)}
        return [[draft.sent(position) for draft in parts] for parts in self._drafts(quotations)]

    def _received_drafts(self, sent: list[list[tuple]]) -> list[list[_Draft]]:
        return [[_Draft.received(draft, self._sources) for draft in parts] for parts in sent]

    def _drafts(self, quotations: Sequence[Quotation]) -> list[list[_Draft]]:
        """Each part of each quotation looked for where it is cited, then, where need be, everywhere."""
        parts = [cited_parts(quotation, self.project) for quotation in quotations]
        index_where_not_held(part for quotation_parts in parts for part in quotation_parts)
        drafts = [[_check_cited(part) for part in quotation_parts] for quotation_parts in parts]
        searches = [draft for parts in drafts for draft in parts if draft.needs_search]
        if searches:
            # A part found in its cited source, altered, is looked for elsewhere word for word only.
            found = find_candidates(
                [d.normalized for d in searches],
                [s.matcher.normalized for s in self._sources],
                [not d.found_in_cited for d in searches],
            )
            for draft, candidates in zip(searches, found):
                self._search_everywhere(draft, candidates)
        return drafts

    def resolution(
        self, manuscript: ManuscriptRecord, quotation: Quotation, checks: tuple[PartCheck, ...]
    ) -> Resolution:
        """The quotation resolved, its parts looked for already (here, or by an earlier lint)."""
        citation = self._best_citation(quotation, checks)
        return Resolution(
            manuscript=manuscript,
            quotation=quotation,
            citation=citation,
            entry=self.project.entries.get(citation.key) if citation else None,
            parts=checks,
            alignment=_align(checks),
        )

    def _search_everywhere(self, draft: _Draft, candidates: list[Candidate]) -> None:
        """Where else the part is: word for word anywhere first, then the best approximate place.

        A part the cited source has with altered words is only looked for word
        for word: another source having it exactly is a variant text (Q006).
        An approximate place found in a cited source is where the part was
        cited from after all.
        """
        best: Located | None = None
        for candidate in candidates:
            if best is not None and best.match.kind in EXACT:
                break
            if not candidate.exact and draft.found_in_cited:
                break  # exact hits come first: the rest are approximate places
            source = self._sources[candidate.source]
            if candidate.exact and source.path in draft.cited_paths:
                continue
            located = _locate_near(source, candidate, draft.text)
            if not located.found:
                continue
            if source.path in draft.cited_paths:
                draft.cited = _better(draft.cited, located)
            else:
                best = _better(best, located)
        if draft.found_in_cited and best is not None and best.match.kind not in EXACT:
            best = None  # only a word-for-word copy elsewhere says the cited source is the wrong one
        draft.elsewhere = best

    def _best_citation(self, quotation: Quotation, checks: tuple[PartCheck, ...]) -> Citation | None:
        """Of several citations, the one whose source holds the quotation (else the first)."""
        if not quotation.citations:
            return None
        for citation in quotation.citations:
            paths = {s.path for s in self.project.sources_of(citation.key)}
            if any(c.cited and c.cited.found and c.cited.source.path in paths for c in checks):
                return citation
        return quotation.citations[0]


@dataclass
class _Draft:
    """A part of a quotation while it is being resolved."""

    part: ScriptPart
    text: str
    normalized: str
    repeated: tuple[RepeatedSentence, ...]
    cited_paths: frozenset[str]
    cited: Located | None
    elsewhere: Located | None = None

    @property
    def found_in_cited(self) -> bool:
        return self.cited is not None and self.cited.found

    def checked(self) -> PartCheck:
        return PartCheck(part=self.part, cited=self.cited, elsewhere=self.elsewhere, repeated=self.repeated)

    @property
    def needs_search(self) -> bool:
        return self.cited is None or not self.cited.found or self.cited.match.kind is MatchKind.ALTERED

    def sent(self, position: dict[str, int]) -> tuple:
        """The draft as plain values, its sources as their *position* in the resolver's list."""
        places = [None if at is None else (position[at.source.path], at.match) for at in (self.cited, self.elsewhere)]
        return (self.part, self.text, self.normalized, self.repeated, self.cited_paths, *places)

    @classmethod
    def received(cls, sent: tuple, sources: Sequence[SourceRecord]) -> _Draft:
        """The draft :meth:`sent` made *sent* of, with *sources* put back in."""
        part, text, normalized, repeated, cited_paths, cited, elsewhere = sent
        cited, elsewhere = (None if at is None else Located(sources[at[0]], at[1]) for at in (cited, elsewhere))
        return cls(part, text, normalized, repeated, cited_paths, cited, elsewhere)


def _check_cited(cited_part: CitedPart) -> _Draft:
    """The part looked for in the cited sources in its language, then in the others.

    A source may hold both languages (a page printing the original beside its
    translation): a part found there is found in the cited source. Where the
    citation names a division the source has, an occurrence there wins over an
    earlier one elsewhere (a sentence a text repeats is quoted from the place cited).
    """
    part, text = cited_part.part, cited_part.text

    def located(source: SourceRecord) -> Located:
        prefer = cited_part.spans.get(source.path)
        return Located(source, source.matcher.find(text, prefer=prefer, normalized=cited_part.normalized))

    cited = _best(located(s) for s in cited_part.sources if s.language == part.language)
    if cited is None or not cited.found:
        other = _best(located(s) for s in cited_part.sources if s.language != part.language)
        if other is not None and other.found:
            cited = other
    return _Draft(
        part=part,
        text=text,
        normalized=cited_part.normalized.text,
        repeated=cited_part.repeated,
        cited_paths=frozenset(s.path for s in cited_part.sources),
        cited=cited,
    )


def _locate_near(source: SourceRecord, candidate: Candidate, text: str) -> Located:
    """The part looked for in *source* around the place the candidate search found."""
    normalized = source.matcher.normalized
    end = len(normalized.text)
    near = normalized.to_original(min(candidate.start, end), min(candidate.end, end))
    return Located(source, source.matcher.find(text, near=near))


def _better(current: Located | None, located: Located) -> Located:
    """*located*, found, over *current* unless *current* is found and matches at least as well."""
    if current is None or not current.found or located.match.score > current.match.score:
        return located
    return current


def _best(candidates) -> Located | None:
    best = None
    for located in candidates:
        if best is None or (located.found, located.match.score) > (best.found, best.match.score):
            best = located
    return best


def _align(checks: tuple[PartCheck, ...]) -> tuple[Bead, ...]:
    """Sentence alignment of an English and a Chinese part, with the English source's context."""
    english = next((c for c in checks if c.part.language == "en"), None)
    chinese = next((c for c in checks if c.part.language == "zh"), None)
    if english is None or chinese is None:
        return ()
    left = sentences_of(english.part.text)
    right = sentences_of(without_repeats(chinese.part.text, chinese.repeated))
    parallel = _parallel_beads(english, chinese, len(left), len(right))
    if parallel is not None:
        return parallel
    before, after = _context(english.cited)
    return tuple(align_sentences(left, right, left_before=before, left_after=after))


def _parallel_beads(
    english: PartCheck, chinese: PartCheck, left_count: int, right_count: int
) -> tuple[Bead, ...] | None:
    """Beads read off the sources, where they hold both texts division by division.

    When each part is found in a division of the same number (Article 11 of a
    bilingual page, or of an English and a Chinese source) and that division
    says as many sentences in each language, its n-th English sentence
    translates its n-th Chinese one. The quoted sentences are then paired by
    position, which lengths alone cannot do for a quotation of one or two
    sentences. None where the sources do not show that.
    """
    en_place, zh_place = _place_in_division(english), _place_in_division(chinese)
    if en_place is None or zh_place is None:
        return None
    (en_division, en_total, en_quoted), (zh_division, zh_total, zh_quoted) = en_place, zh_place
    if (
        en_division != zh_division
        or en_total != zh_total
        or len(en_quoted) != left_count
        or len(zh_quoted) != right_count
    ):
        return None
    return tuple(
        Bead(
            left=(en_quoted.index(n),) if n in en_quoted else (), right=(zh_quoted.index(n),) if n in zh_quoted else ()
        )
        for n in sorted(set(en_quoted) | set(zh_quoted))
    )


def _place_in_division(check: PartCheck) -> tuple[tuple, int, list[int]] | None:
    """(division path by kind and number, sentences of the part's language there, indices quoted)."""
    located = check.cited if check.cited is not None and check.cited.found else check.elsewhere
    if located is None or not located.found or not located.division_path:
        return None
    path = located.division_path
    if any(division.number is None for division in path):
        return None
    text = located.source.text
    division = path[-1]
    body = body_start(text, division)
    sentences = [
        (body + run.start + start, body + run.start + end)
        for run in split_by_script(text[body : division.end])
        if run.language == check.part.language
        for start, end in split_sentences(run.text)
    ]
    match = located.match
    quoted = [n for n, (start, end) in enumerate(sentences) if start < match.source_end and end > match.source_start]
    return tuple((d.kind, d.number) for d in path), len(sentences), quoted


def _context(located: Located | None, count: int = 2) -> tuple[list[str], list[str]]:
    """Source sentences just before and after the matched span, within its paragraph."""
    if located is None or not located.found:
        return [], []
    text = located.source.text
    start, end = located.match.source_start, located.match.source_end
    paragraph_start = text.rfind("\n\n", 0, start) + 1
    paragraph_end = text.find("\n\n", end)
    paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
    before = sentences_of(text[paragraph_start:start])[-count:]
    after = sentences_of(text[end:paragraph_end])[:count]
    return before, after
