"""Sentences of English and Chinese text."""

from __future__ import annotations

import re

from provenance.text.spans import trim_span

_ABBREVIATIONS = frozenset(
    {
        "e.g",
        "i.e",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "chap",
        "ch",
        "sec",
        "p",
        "pp",
        "vol",
        "vols",
        "art",
        "arts",
        "no",
        "nos",
        "cf",
        "ed",
        "eds",
        "fig",
        "para",
    }
)
_STOP = re.compile(r"""(?P<latin>[.!?])["'”’」』）)\]]*(?=\s|$)|[。！？][”’」』）"']*""")
_WORD_BEFORE = re.compile(r"(?:\w+\.)*\w+$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of English and Chinese text, trimmed of whitespace.

    A full stop ends a sentence only before whitespace or the end, so numbers
    like 3.5 stay whole, and not after an abbreviation (``chap. 7``) or an
    ellipsis, which cut inside a sentence far more often than they end one.
    """
    spans = []
    start = 0
    for stop in _STOP.finditer(text):
        if stop.group("latin") == "." and not _ends_sentence(text, stop.start()):
            continue
        spans.append(trim_span(text, start, stop.end()))
        start = stop.end()
    spans.append(trim_span(text, start, len(text)))
    return [(s, e) for s, e in spans if s < e]


def _ends_sentence(text: str, dot: int) -> bool:
    """Whether the full stop at *dot* closes a sentence rather than an abbreviation or ellipsis."""
    if dot > 0 and text[dot - 1] == ".":
        return False
    word = _WORD_BEFORE.search(text, max(dot - 20, 0), dot)
    return word is None or word.group().lower() not in _ABBREVIATIONS
