"""What each quotation of a manuscript resolved to, kept so that an edit re-resolves only what it changed.

Looking a quotation up in its cited sources, and then everywhere, is most of the
work of re-checking one edited manuscript. What it finds depends on the
quotation's words and citations, and on the sources, entries and code; and a
lint re-checks manuscripts alone only when none of those changed since the last
lint (see :mod:`provenance.check.lint`), which wrote these places with that code.
So a quotation whose words and citations are as that lint saw them in the same
manuscript is found where it was found then: its places are read back, not
searched for again.

They are kept per manuscript, as a store-state value: the key of each quotation
(its words and citations) → where each part of it was found, as JSON. Anything
that cannot be read back vouches for nothing: that quotation is resolved again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping

import sqlalchemy as sa
from sqlalchemy.orm import Session

from provenance.check.resolve import Located, PartCheck, Resolution
from provenance.inputs.manuscripts.model import Quotation
from provenance.inputs.project import SourceRecord
from provenance.store.model import StoreState
from provenance.text.matching import Difference, Match, MatchKind, RepeatedSentence, ScriptPart

#: Store-state names of these values: the prefix, then a hash of the manuscript's path
#: (paths may be longer than a name may be).
PREFIX = "resolved:"

#: A quotation's parts as JSON values (see _encoded).
Stored = list


def quotation_key(quotation: Quotation) -> str:
    """What a quotation's resolution depends on in the manuscript: its words and what its citations name."""
    cited = [
        [c.key, None if c.locator is None else [[p.label, p.value, p.number, p.raw] for p in c.locator.parts]]
        for c in quotation.citations
    ]
    return hashlib.blake2b(json.dumps([quotation.text, cited]).encode(), digest_size=16).hexdigest()


def load(session: Session, path: str) -> dict[str, Stored]:
    """The stored parts of manuscript *path*'s quotations, by quotation key (none if unreadable)."""
    name = _name(path)
    value = StoreState.read(session, [name]).get(name)
    try:
        stored = json.loads(value) if value else {}
    except ValueError:
        return {}
    return stored if isinstance(stored, dict) else {}


def save(session: Session, path: str, keys: Iterable[str], resolutions: Iterable[Resolution]) -> None:
    """Keep what manuscript *path*'s quotations resolved to, each under its key."""
    value = {key: _encoded(resolution.parts) for key, resolution in zip(keys, resolutions)}
    StoreState.write(session, {_name(path): json.dumps(value)})


def clear(session: Session) -> None:
    """Forget every manuscript's stored resolutions (a lint that checks everything keeps them anew)."""
    session.execute(sa.delete(StoreState).where(StoreState.name.startswith(PREFIX, autoescape=True)))


def decoded(stored: Stored, sources: Mapping[str, SourceRecord]) -> tuple[PartCheck, ...] | None:
    """The parts as :func:`save` kept them, their places in *sources*; None if they cannot be read back."""
    try:
        return tuple(
            PartCheck(
                part=ScriptPart(*part),
                cited=_place(cited, sources),
                elsewhere=_place(elsewhere, sources),
                repeated=tuple(RepeatedSentence(text, tuple(first), tuple(repeat)) for text, first, repeat in repeated),
            )
            for part, repeated, cited, elsewhere in stored
        )
    except (TypeError, ValueError, KeyError):
        return None


def _name(path: str) -> str:
    return PREFIX + hashlib.sha1(path.encode("utf-8", "surrogatepass")).hexdigest()


def _encoded(checks: tuple[PartCheck, ...]) -> Stored:
    return [
        [
            [c.part.language, c.part.start, c.part.end, c.part.text],
            [[r.text, list(r.first), list(r.repeat)] for r in c.repeated],
            _plain(c.cited),
            _plain(c.elsewhere),
        ]
        for c in checks
    ]


def _plain(located: Located | None) -> list | None:
    if located is None:
        return None
    match = located.match
    differences = [
        [d.op, d.quote_text, d.source_text, d.quote_start, d.quote_end, d.source_start, d.source_end]
        for d in match.differences
    ]
    gaps = [list(gap) for gap in match.gaps]
    return [located.source.path, match.kind.value, match.source_start, match.source_end, match.score, differences, gaps]


def _place(plain: list | None, sources: Mapping[str, SourceRecord]) -> Located | None:
    if plain is None:
        return None
    path, kind, start, end, score, differences, gaps = plain
    match = Match(
        MatchKind(kind),
        start,
        end,
        score,
        tuple(Difference(*difference) for difference in differences),
        tuple((low, high) for low, high in gaps),
    )
    return Located(sources[path], match)
