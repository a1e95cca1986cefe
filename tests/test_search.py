"""The candidate search finds the same places whichever automaton reads the sources.

A DFA reads each source as bytes of one fixed width a character (Latin-1,
UTF-16 or UTF-32); the NFA reads ``str``. Both must see every occurrence, and
nothing else: in UTF-16, the bytes of one character can end one and start the
next (乁乁 is 41 4E 41 4E, which holds 4E 41, 䅎).
"""

from __future__ import annotations

import pytest

from provenance.check import search
from provenance.text.matching import normalize

TEXTS = [
    "Plain text of the first source: it goes on about tea and the cafe, where tea was served in the morning.",
    "Le café au lait était servi à huit heures, et le thé à midi pendant toute la saison.",
    "科技创新活动不断突破地域、组织、技术的界限，演化为创新体系的竞争。乁乁乁乁乁乁",
    "A source with a rare character 𠀀 and an emoji 🙂: it goes on about tea and the cafe, where tea was served.",
    "Mixed: 科技创新活动不断突破地域, it goes on about tea and the cafe, where tea was served in the morning.",
]
QUERIES = [
    "it goes on about tea and the cafe, where tea was served",
    "Le café au lait était servi à huit heures",
    "科技创新活动不断突破地域、组织、技术的界限",
    "科技创新活动不断突破地域、组织、技术的边界",
    "䅎䅎䅎",
    "a rare character 𠀀 and an emoji 🙂",
    "nothing of this is anywhere in the sources at all",
]


def _candidates(monkeypatch, dfa: bool) -> list[list[search.Candidate]]:
    monkeypatch.setattr(search, "DFA_PATTERNS", 10_000 if dfa else 0)
    monkeypatch.setattr(search, "DFA_CHARS_PER_PATTERN", 1)
    return search.find_candidates([normalize(q).text for q in QUERIES], [normalize(t) for t in TEXTS])


def test_fixed_width_bytes_find_what_the_str_automaton_finds(monkeypatch):
    assert _candidates(monkeypatch, dfa=True) == _candidates(monkeypatch, dfa=False)


@pytest.mark.parametrize("dfa", [True, False])
def test_every_width_is_searched_and_a_match_inside_characters_is_not_one(monkeypatch, dfa):
    found = _candidates(monkeypatch, dfa)
    tea = {c.source for c in found[0] if c.exact}
    assert tea == {0, 3, 4}  # ASCII, UTF-32 and UTF-16 texts
    assert [c.source for c in found[1] if c.exact] == [1]  # Latin-1
    assert [c.source for c in found[2] if c.exact] == [2]
    assert found[3] and not found[3][0].exact and found[3][0].source == 2
    assert found[4] == []  # 䅎 is in the bytes of 乁乁, not in the text
    rare = [c for c in found[5] if c.exact]
    assert [c.source for c in rare] == [3]
    assert TEXTS[3][rare[0].start : rare[0].end] == QUERIES[5]
    assert found[6] == []
