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
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Literal, NamedTuple

from provenance.text.scripts import HAN_CHAR_CLASS, HAN_CHARACTER

_INITIALS = (
    "zh",
    "ch",
    "sh",
    "b",
    "p",
    "m",
    "f",
    "d",
    "t",
    "n",
    "l",
    "g",
    "k",
    "h",
    "j",
    "q",
    "x",
    "r",
    "z",
    "c",
    "s",
    "y",
    "w",
)
#: Finals as spelled after an initial; they make a chunk *look* like a syllable
#: (``hian``, ``sin``) even when the combination does not exist.
_FINALS = frozenset(
    "a o e i u v ai ei ui ao ou iu ie ve ue er an en in un vn ang eng ing ong "
    "ia iao ian iang iong ua uo uai uan uang ueng van".split()
)
_LONGEST_SYLLABLE = 6  # zhuang, shuang, chuang
_DIAERESIS = "\u0308"
#: Combining marks of the four tones: macron, acute, caron, grave.
_TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}

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
class RomanizationError:
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
class _Letter:
    """A romanized letter reduced to ``a``-``z`` (``v`` for ü), with its span in the original."""

    char: str
    start: int
    end: int
    tone: int | None = None  # the tone its mark writes (ā → 1), if it carries one


@dataclass(frozen=True)
class _Step:
    kind: StepKind
    letters: tuple[int, int]  # [from, to) in the letter sequence
    character: int | None  # index into the characters, None for an extra syllable


@dataclass(frozen=True)
class _Alignment:
    letters: tuple[_Letter, ...]
    characters: tuple[str, ...]
    steps: tuple[_Step, ...]
    cost: int

    @property
    def matched(self) -> int:
        return sum(step.kind == "match" for step in self.steps)


def check_pair(romanized: str, hanzi: str) -> list[RomanizationError]:
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
            RomanizationError(
                romanized=romanized,
                hanzi=hanzi,
                start=0,
                end=len(romanized),
                syllable=romanized[span[0] : span[1]],
                expected=(
                    _display_readings(character, toned=any(letter.tone for letter in alignment.letters[first:last]))
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


def check_text(text: str) -> list[RomanizationError]:
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
        if not _looks_like_pinyin(text[start:end]):
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
    words = _letters(romanized)
    letters = tuple(letter for word in words for letter in word)
    word_end = [len(letters)] * len(letters)
    position = 0
    for word in words:
        word_end[position : position + len(word)] = [position + len(word)] * len(word)
        position += len(word)
    text = "".join(letter.char for letter in letters)
    tones = [letter.tone for letter in letters]
    characters = _han_characters(hanzi)
    readings = [_readings(character) for character in characters]

    size_i, size_j = len(letters) + 1, len(characters) + 1
    # best[i][j]: (cost, step count) of the cheapest way to spend i letters on
    # j characters; fewer steps (longer chunks) break ties.
    best: list[list[tuple[int, int] | None]] = [[None] * size_j for _ in range(size_i)]
    back: list[list[tuple[int, int, StepKind] | None]] = [[None] * size_j for _ in range(size_i)]
    best[0][0] = (0, 0)

    def relax(i: int, j: int, cost: tuple[int, int], origin: tuple[int, int], kind: StepKind) -> None:
        current = best[i][j]
        if current is None or cost < current:
            best[i][j] = cost
            back[i][j] = (*origin, kind)

    for i in range(size_i):
        chunks = (
            []
            if i == len(letters)
            else [
                (k, text[i:k], _wrong_cost(text[i:k]), _written_tone(tones[i:k]))
                for k in range(i + 1, min(word_end[i], i + _LONGEST_SYLLABLE) + 1)
            ]
        )
        for j in range(size_j):
            here = best[i][j]
            if here is None:
                continue
            cost, count = here
            if j < len(characters):
                relax(i, j + 1, (cost + _MISSING, count + 1), (i, j), "missing")
            for k, chunk, wrong, tone in chunks:
                relax(k, j, (cost + wrong, count + 1), (i, j), "extra")
                if j < len(characters):
                    if _spells(chunk, characters[j], readings[j]) and _tone_fits(chunk, tone, characters[j]):
                        relax(k, j + 1, (cost + _MATCH, count + 1), (i, j), "match")
                    else:
                        relax(k, j + 1, (cost + wrong, count + 1), (i, j), "mismatch")

    steps: list[_Step] = []
    i, j = len(letters), len(characters)
    while (i, j) != (0, 0):
        entry = back[i][j]
        assert entry is not None
        from_i, from_j, kind = entry
        steps.append(_Step(kind, (from_i, i), from_j if kind != "extra" else None))
        i, j = from_i, from_j
    final = best[len(letters)][len(characters)]
    assert final is not None
    return _Alignment(letters, characters, tuple(reversed(steps)), final[0])


def _written_tone(tones: list[int | None]) -> int | None:
    """The tone a chunk's marks write; 0 when it carries marks of two tones (never right)."""
    written = {tone for tone in tones if tone}
    return written.pop() if len(written) == 1 else (0 if written else None)


@functools.cache
def _tone_fits(chunk: str, tone: int | None, character: str) -> bool:
    """Whether a written tone is one the character has when read as *chunk* (no tone always fits)."""
    if tone is None:
        return True
    toned = _toned_readings(character)
    if not toned:
        return True  # a character pypinyin cannot read: nothing to hold the tone against
    return any(
        tone == reading_tone and chunk in (reading, reading.replace("v", "u")) for reading, reading_tone in toned
    )


@functools.cache
def _toned_readings(character: str) -> tuple[tuple[str, int], ...]:
    """Every reading of *character* with its tone (5 for the neutral tone), ü as ``v``."""
    from pypinyin import Style, pinyin

    found = []
    for reading in pinyin(character, style=Style.TONE3, heteronym=True, neutral_tone_with_five=True)[0]:
        if reading[-1:].isdigit() and reading[:-1].isascii() and reading[:-1].isalpha():
            found.append((reading[:-1], int(reading[-1])))
    return tuple(found)


@functools.cache
def _wrong_cost(chunk: str) -> int:
    if chunk in _syllables():
        return _WRONG_SYLLABLE
    if _shaped(chunk):
        return _WRONG_SHAPED
    return _JUNK


@functools.cache
def _spells(chunk: str, character: str, readings: tuple[str, ...]) -> bool:
    if not readings:  # a character pypinyin cannot read: anything syllable-like will do
        return chunk in _syllables() or _shaped(chunk)
    if character == "儿" and chunk == "r":  # erhua: yidianr 一点儿
        return True
    # A written u may stand for ü (lost on the keyboard), never the reverse.
    return any(chunk in (reading, reading.replace("v", "u")) for reading in readings)


@functools.cache
def _shaped(chunk: str) -> bool:
    """Whether ``chunk`` is an initial and a final, even a combination pinyin lacks."""
    return any(chunk.startswith(initial) and chunk[len(initial) :] in _FINALS for initial in _INITIALS)


def _looks_like_pinyin(word: str) -> bool:
    """Whether every part of ``word`` splits into syllables or syllable-shaped chunks."""
    return all(_splits(part) for part in ("".join(letter.char for letter in letters) for letters in _letters(word)))


@functools.cache
def _splits(letters: str) -> bool:
    if not letters:
        return True
    return any(
        (letters[:k] in _syllables() or _shaped(letters[:k])) and _splits(letters[k:])
        for k in range(1, min(len(letters), _LONGEST_SYLLABLE) + 1)
    )


def _letters(romanized: str) -> list[list[_Letter]]:
    """The words of ``romanized`` as letters: lower case, tones dropped, ü as ``v``.

    Spaces, apostrophes, hyphens, tone numbers and anything not a Latin
    letter separate words. ``jü``/``qü``/``xü``/``yü`` become ``ju``... as
    pinyin spells them.
    """
    words: list[list[_Letter]] = []
    word: list[_Letter] = []
    for index, char in enumerate(romanized):
        decomposed = unicodedata.normalize("NFD", char)
        base = decomposed[0]
        if unicodedata.combining(base):
            if word:
                last = word[-1]
                letter = "v" if base == _DIAERESIS and last.char == "u" else last.char
                word[-1] = _Letter(letter, last.start, index + 1, _TONE_MARKS.get(base, last.tone))
            continue
        lower = base.lower()
        if not ("a" <= lower <= "z"):
            if word:
                words.append(word)
            word = []
            continue
        if lower == "u" and _DIAERESIS in decomposed:
            lower = "v"
        if lower == "v" and word and word[-1].char in "jqxy":
            lower = "u"
        tone = next((_TONE_MARKS[mark] for mark in decomposed[1:] if mark in _TONE_MARKS), None)
        word.append(_Letter(lower, index, index + 1, tone))
    if word:
        words.append(word)
    return words


def _han_characters(hanzi: str) -> tuple[str, ...]:
    return tuple(character for character in hanzi if HAN_CHARACTER.match(character))


@functools.cache
def _readings(character: str) -> tuple[str, ...]:
    """All toneless readings of ``character``, ü as ``v``; empty when pypinyin knows none."""
    from pypinyin import Style, pinyin  # loaded on first use: its dictionaries take a third of a second

    found = pinyin(character, style=Style.NORMAL, heteronym=True)[0]
    return tuple(dict.fromkeys(reading for reading in found if reading.isascii() and reading.isalpha()))


def _display_readings(character: str, toned: bool = False) -> tuple[str, ...]:
    """Readings to show: with tone marks when the romanization wrote one, else as the checker compares."""
    if toned:
        from pypinyin import Style, pinyin

        return tuple(dict.fromkeys(pinyin(character, style=Style.TONE, heteronym=True)[0]))
    return tuple(reading.replace("v", "ü") for reading in _readings(character))


@functools.cache
def _syllables() -> frozenset[str]:
    """Every toneless syllable pypinyin knows, ü as ``v``, plus the ``lue``/``nue`` spellings.

    Interjection-only readings without a vowel (``m``, ``ng``, ``hm``) are
    left out: as syllables they would let any stray consonant pass.
    """
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    readings = {reading for entry in pinyin_dict.values() for reading in entry.split(",")}
    found: set[str] = set()
    for syllable in map(to_normal, readings):
        if syllable.isascii() and re.search("[aeiouv]", syllable):
            found.update((syllable, syllable.replace("v", "u")))
    return frozenset(found)
