"""Check that pinyin written beside Chinese characters actually spells them.

Bibliographies and glossaries give Chinese titles twice, romanized and in
characters (``Guanjian Hexin 关键核心``). The romanization is typed by hand and
goes wrong in ways a reader cannot see without reading Chinese: a wrong
initial (``Hesin`` for 核心 *hexin*), a dropped or added syllable, an English
speller's ``-ing`` for ``-in``. Such a slip makes the citation unfindable in a
Chinese catalogue, so it is a provenance error.

Each character's readings come from pypinyin, all of them, because a
polyphonic character (行 *xing/hang*, 重 *zhong/chong*) is correctly spelled
by any of its readings and the checker has no business guessing the context.
Romanized text is compared without case; ü may be written ü, v or u (the last
being how most keyboards lose it), and syllables may be joined into words in
any way. Tone marks may be left out, but a tone mark that is written must be
one of the character's readings (``Kéxué`` for 科学 *kēxué* is wrong; 行 may
be *xíng* or *háng*).

Words are not split into syllables first and compared afterwards: a misspelled
word (``Gonghianzhan``) has no valid split. Instead the letters are aligned
with the characters directly, each character taking the chunk of letters that
suits it best, which finds the wrong syllable, the extra syllable and the
character with no syllable in one pass.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Literal, NamedTuple

from provenance.text.pinyin import (
    LONGEST_SYLLABLE,
    Letter,
    character_readings,
    display_readings,
    looks_like_pinyin,
    shaped,
    spelled_words,
    spells,
    syllables,
    tone_fits,
    written_tone,
)
from provenance.text.scripts import HAN_CHAR_CLASS, HAN_CHARACTER

# Alignment costs, in tenths: a wrong syllable that is at least a real syllable
# is the likeliest slip, a syllable-shaped misspelling next, letters that look
# like no syllable at all are least likely to be a romanization.
_MATCH = 0
_WRONG_SYLLABLE = 10
_WRONG_SHAPED = 25
_JUNK = 30
_MISSING = 10

_HAN_RUN = re.compile(rf"[{HAN_CHAR_CLASS}]+(?:[·・ \u3000][{HAN_CHAR_CLASS}]+)*")
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_MARKS = "\u0300-\u036f"
_WORD = re.compile(rf"[{_LATIN}][{_LATIN}{_MARKS}]*(?:(?:[1-5]|['’‘-])+[{_LATIN}][{_LATIN}{_MARKS}]*)*[1-5]?")
_GAP_BEFORE_HANZI = re.compile(r"\s*(?:[:：]\s*)?(?:[(\[（【]\s*)?")
_BRACKET_AFTER_HANZI = re.compile(r"\s*[(\[（【]\s*")
_BETWEEN_WORDS = re.compile(r"\s+")

ErrorKind = Literal["mismatch", "extra", "missing"]
StepKind = Literal["match", "mismatch", "extra", "missing"]


@dataclass(frozen=True)
class RomanizationSlip:
    """One syllable that does not spell its character.

    ``start``/``end`` span the whole romanized text in the checked string;
    ``syllable_start``/``syllable_end`` span the offending syllable (an empty
    span where a syllable is missing). ``kind`` says which slip it is:

    - ``mismatch``: ``syllable`` should spell ``character``, read ``expected``;
    - ``extra``: ``syllable`` has no character (``character`` is empty,
      ``expected`` is ``()``);
    - ``missing``: ``character`` has no syllable (``syllable`` is empty).
    """

    romanized: str
    hanzi: str
    start: int
    end: int
    syllable: str
    expected: tuple[str, ...]
    character: str
    kind: ErrorKind = "mismatch"
    syllable_start: int | None = None
    syllable_end: int | None = None

    @property
    def message(self) -> str:
        readings = "/".join(self.expected)
        if self.kind == "extra":
            return f"extra syllable {self.syllable!r} in {self.romanized!r}: {self.hanzi} has no character for it"
        if self.kind == "missing":
            return f"{self.romanized!r} has no syllable for {self.character} ({readings})"
        return f"{self.syllable!r} in {self.romanized!r} should spell {self.character} ({readings})"


class RomanizedPair(NamedTuple):
    """A romanization and the characters it stands beside, with their spans in the text."""

    romanized: str
    start: int
    end: int
    hanzi: str
    hanzi_start: int
    hanzi_end: int


@dataclass(frozen=True)
class _Step:
    kind: StepKind
    letters: tuple[int, int]  # [from, to) in the letter sequence
    character: int | None  # index into the characters, None for an extra syllable


@dataclass(frozen=True)
class _Alignment:
    letters: tuple[Letter, ...]
    characters: tuple[str, ...]
    steps: tuple[_Step, ...]
    cost: int

    @property
    def matched(self) -> int:
        return sum(step.kind == "match" for step in self.steps)


def check_pair(romanized: str, hanzi: str) -> list[RomanizationSlip]:
    """Every syllable of ``romanized`` that does not spell its character of ``hanzi``.

    Characters other than Han characters in ``hanzi`` (a middle dot, a space)
    are skipped. Spans are offsets in ``romanized``.
    """
    alignment = _align(romanized, hanzi)
    errors = []
    for step in alignment.steps:
        if step.kind == "match":
            continue
        first, last = step.letters
        if first < last:
            span = (alignment.letters[first].start, alignment.letters[last - 1].end)
        else:
            at = alignment.letters[first].start if first < len(alignment.letters) else len(romanized)
            span = (at, at)
        character = alignment.characters[step.character] if step.character is not None else ""
        errors.append(
            RomanizationSlip(
                romanized=romanized,
                hanzi=hanzi,
                start=0,
                end=len(romanized),
                syllable=romanized[span[0] : span[1]],
                expected=(
                    display_readings(character, toned=any(letter.tone for letter in alignment.letters[first:last]))
                    if character
                    else ()
                ),
                character=character,
                kind=step.kind,
                syllable_start=span[0],
                syllable_end=span[1],
            )
        )
    return errors


def find_pairs(text: str) -> list[RomanizedPair]:
    """Romanizations standing next to Chinese characters in free text.

    Two layouts are recognised, the ones bibliographies use:
    ``Guanjian Hexin 关键核心`` (also with a colon or an opening bracket
    between them) and ``攻坚战 (gōngjiānzhàn)``. Of the words before the
    characters only as many are taken as best cover them, so an English title
    in front (``Key Core Technologies Gonghianzhan 攻坚战``) is left out; a
    word that cannot be read as pinyin at all ends the romanization. A pair is
    kept only when at least half of the characters are spelled right, so that
    an English translation written beside characters is not taken for a
    failed romanization.
    """
    if _HAN_RUN.search(text) is None:  # most values: no characters, so no words to list
        return []
    words = [match.span() for match in _WORD.finditer(text)]
    starts = [start for start, _ in words]
    ends = [end for _, end in words]
    pairs = []
    for run in _HAN_RUN.finditer(text):
        hanzi = run.group()
        before = bisect_right(ends, run.start()) - 1
        if before >= 0 and _GAP_BEFORE_HANZI.fullmatch(text, words[before][1], run.start()):
            pair = _best_cover(text, _pinyin_words(text, words, before, -1), hanzi, run.span())
            if pair is not None:
                pairs.append(pair)
        bracket = _BRACKET_AFTER_HANZI.match(text, run.end())
        if bracket is not None:
            after = bisect_left(starts, bracket.end())
            if after < len(words) and starts[after] == bracket.end():
                pair = _best_cover(text, _pinyin_words(text, words, after, 1), hanzi, run.span())
                if pair is not None:
                    pairs.append(pair)
    return sorted(pairs, key=lambda pair: pair.start)


def check_text(text: str) -> list[RomanizationSlip]:
    """Every romanization error in ``text``, with spans as offsets in ``text``."""
    errors = []
    for pair in find_pairs(text):
        for error in check_pair(pair.romanized, pair.hanzi):
            assert error.syllable_start is not None and error.syllable_end is not None
            errors.append(
                dataclasses.replace(
                    error,
                    start=pair.start,
                    end=pair.end,
                    syllable_start=pair.start + error.syllable_start,
                    syllable_end=pair.start + error.syllable_end,
                )
            )
    return errors


def _pinyin_words(
    text: str, words: list[tuple[int, int]], nearest: int, direction: Literal[-1, 1]
) -> list[tuple[int, int]]:
    """The words next to the characters, nearest first, up to the first that is not pinyin."""
    run: list[tuple[int, int]] = []
    index = nearest
    while 0 <= index < len(words):
        start, end = words[index]
        if not looks_like_pinyin(text[start:end]):
            break
        if run:
            gap = (end, run[-1][0]) if direction < 0 else (run[-1][1], start)
            if not _BETWEEN_WORDS.fullmatch(text, *gap):
                break
        run.append((start, end))
        index += direction
    return run


def _best_cover(text: str, run: list[tuple[int, int]], hanzi: str, hanzi_span: tuple[int, int]) -> RomanizedPair | None:
    """The fewest words nearest the characters that spell them best, if they spell them at all."""
    characters = _han_characters(hanzi)
    best: tuple[_Alignment, RomanizedPair] | None = None
    for count in range(1, min(len(run), len(characters) + 1) + 1):
        nearest, farthest = run[0], run[count - 1]
        start, end = min(nearest[0], farthest[0]), max(nearest[1], farthest[1])
        alignment = _align(text[start:end], hanzi)
        if best is None or alignment.cost < best[0].cost:  # on a tie the fewer words win
            best = (alignment, RomanizedPair(text[start:end], start, end, hanzi, *hanzi_span))
    if best is None or 2 * best[0].matched < len(characters):
        return None
    return best[1]


def _align(romanized: str, hanzi: str) -> _Alignment:
    """The cheapest way to give each character a chunk of letters (see the costs above).

    A dynamic programme over (letters used, characters used); a chunk never
    crosses a word boundary (space, apostrophe, hyphen, tone number).
    """
    words = spelled_words(romanized)
    letters = tuple(letter for word in words for letter in word)
    characters = _han_characters(hanzi)
    readings = [character_readings(character) for character in characters]
    table = _Table(len(letters) + 1, len(characters) + 1)
    for i, chunks in enumerate(_chunks(letters, words)):
        for j in range(len(characters) + 1):
            here = table.best[i][j]
            if here is None:
                continue
            cost, count = here
            if j < len(characters):
                table.relax(i, j + 1, (cost + _MISSING, count + 1), (i, j), "missing")
            for k, chunk, wrong, tone in chunks:
                table.relax(k, j, (cost + wrong, count + 1), (i, j), "extra")
                if j < len(characters):
                    if spells(chunk, characters[j], readings[j]) and tone_fits(chunk, tone, characters[j]):
                        table.relax(k, j + 1, (cost + _MATCH, count + 1), (i, j), "match")
                    else:
                        table.relax(k, j + 1, (cost + wrong, count + 1), (i, j), "mismatch")
    final = table.best[len(letters)][len(characters)]
    assert final is not None
    return _Alignment(letters, characters, table.steps(len(letters), len(characters)), final[0])


class _Table:
    """The dynamic programme's table: per (letters used, characters used), the cheapest way there."""

    def __init__(self, rows: int, columns: int) -> None:
        # best[i][j]: (cost, step count) of the cheapest way to spend i letters on
        # j characters; fewer steps (longer chunks) break ties.
        self.best: list[list[tuple[int, int] | None]] = [[None] * columns for _ in range(rows)]
        self.back: list[list[tuple[int, int, StepKind] | None]] = [[None] * columns for _ in range(rows)]
        self.best[0][0] = (0, 0)

    def relax(self, i: int, j: int, cost: tuple[int, int], origin: tuple[int, int], kind: StepKind) -> None:
        current = self.best[i][j]
        if current is None or cost < current:
            self.best[i][j] = cost
            self.back[i][j] = (*origin, kind)

    def steps(self, i: int, j: int) -> tuple[_Step, ...]:
        """The steps of the cheapest way to (i, j), first step first."""
        steps: list[_Step] = []
        while (i, j) != (0, 0):
            entry = self.back[i][j]
            assert entry is not None
            from_i, from_j, kind = entry
            steps.append(_Step(kind, (from_i, i), from_j if kind != "extra" else None))
            i, j = from_i, from_j
        return tuple(reversed(steps))


def _chunks(letters: tuple[Letter, ...], words: list[list[Letter]]) -> list[list[tuple[int, str, int, int | None]]]:
    """Per letter position (and the end), the chunks that may start there, up to a syllable long and
    within their word: (end, letters, cost as a wrong syllable, tone written)."""
    word_end = [len(letters)] * len(letters)
    position = 0
    for word in words:
        word_end[position : position + len(word)] = [position + len(word)] * len(word)
        position += len(word)
    text = "".join(letter.char for letter in letters)
    tones = [letter.tone for letter in letters]
    return [
        [
            (k, text[i:k], _wrong_cost(text[i:k]), written_tone(tones[i:k]))
            for k in range(i + 1, min(word_end[i], i + LONGEST_SYLLABLE) + 1)
        ]
        for i in range(len(letters))
    ] + [[]]


@functools.cache
def _wrong_cost(chunk: str) -> int:
    if chunk in syllables():
        return _WRONG_SYLLABLE
    if shaped(chunk):
        return _WRONG_SHAPED
    return _JUNK


def _han_characters(hanzi: str) -> tuple[str, ...]:
    return tuple(character for character in hanzi if HAN_CHARACTER.match(character))
