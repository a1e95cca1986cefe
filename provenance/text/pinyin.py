"""Pinyin: its syllables, the readings of a Chinese character, and the letters of a romanization.

Each character's readings come from pypinyin, all of them, because a
polyphonic character (行 *xing/hang*, 重 *zhong/chong*) is correctly spelled
by any of its readings. Romanized text is compared without case; ü may be
written ü, v or u (the last being how most keyboards lose it).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

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
LONGEST_SYLLABLE = 6  # zhuang, shuang, chuang
_DIAERESIS = "\u0308"
#: Combining marks of the four tones: macron, acute, caron, grave.
_TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}


@dataclass(frozen=True)
class Letter:
    """A romanized letter reduced to ``a``-``z`` (``v`` for ü), with its span in the original."""

    char: str
    start: int
    end: int
    tone: int | None = None  # the tone its mark writes (ā → 1), if it carries one


def written_tone(tones: list[int | None]) -> int | None:
    """The tone a chunk's marks write; 0 when it carries marks of two tones (never right)."""
    written = {tone for tone in tones if tone}
    return written.pop() if len(written) == 1 else (0 if written else None)


@functools.cache
def tone_fits(chunk: str, tone: int | None, character: str) -> bool:
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
    from pypinyin import Style, pinyin  # on first use: its dictionaries take about 330 ms to load

    found = []
    for reading in pinyin(character, style=Style.TONE3, heteronym=True, neutral_tone_with_five=True)[0]:
        if reading[-1:].isdigit() and reading[:-1].isascii() and reading[:-1].isalpha():
            found.append((reading[:-1], int(reading[-1])))
    return tuple(found)


@functools.cache
def spells(chunk: str, character: str, readings: tuple[str, ...]) -> bool:
    if not readings:  # a character pypinyin cannot read: anything syllable-like will do
        return chunk in syllables() or shaped(chunk)
    if character == "儿" and chunk == "r":  # erhua: yidianr 一点儿
        return True
    # A written u may stand for ü (lost on the keyboard), never the reverse.
    return any(chunk in (reading, reading.replace("v", "u")) for reading in readings)


@functools.cache
def shaped(chunk: str) -> bool:
    """Whether ``chunk`` is an initial and a final, even a combination pinyin lacks."""
    return any(chunk.startswith(initial) and chunk[len(initial) :] in _FINALS for initial in _INITIALS)


def looks_like_pinyin(word: str) -> bool:
    """Whether every part of ``word`` splits into syllables or syllable-shaped chunks."""
    return all(
        _splits(part) for part in ("".join(letter.char for letter in letters) for letters in spelled_words(word))
    )


@functools.cache
def _splits(letters: str) -> bool:
    if not letters:
        return True
    return any(
        (letters[:k] in syllables() or shaped(letters[:k])) and _splits(letters[k:])
        for k in range(1, min(len(letters), LONGEST_SYLLABLE) + 1)
    )


def spelled_words(romanized: str) -> list[list[Letter]]:
    """The words of ``romanized`` as letters: lower case, tones dropped, ü as ``v``.

    Spaces, apostrophes, hyphens, tone numbers and anything not a Latin
    letter separate words. ``jü``/``qü``/``xü``/``yü`` become ``ju``... as
    pinyin spells them.
    """
    words: list[list[Letter]] = []
    word: list[Letter] = []
    for index, char in enumerate(romanized):
        decomposed = unicodedata.normalize("NFD", char)
        base = decomposed[0]
        if unicodedata.combining(base):
            if word:
                word[-1] = _with_mark(word[-1], base, index)
            continue
        letter = _letter(base, decomposed, word)
        if letter is None:
            if word:
                words.append(word)
            word = []
            continue
        tone = next((_TONE_MARKS[mark] for mark in decomposed[1:] if mark in _TONE_MARKS), None)
        word.append(Letter(letter, index, index + 1, tone))
    if word:
        words.append(word)
    return words


def _with_mark(last: Letter, mark: str, index: int) -> Letter:
    """*last* with the combining *mark* written after it (at *index*): a diaeresis or a tone."""
    letter = "v" if mark == _DIAERESIS and last.char == "u" else last.char
    return Letter(letter, last.start, index + 1, _TONE_MARKS.get(mark, last.tone))


def _letter(base: str, decomposed: str, word: list[Letter]) -> str | None:
    """The letter ``a``-``z`` a character stands for after the letters of *word*; None when it is no letter."""
    lower = base.lower()
    if not ("a" <= lower <= "z"):
        return None
    if lower == "u" and _DIAERESIS in decomposed:
        lower = "v"
    if lower == "v" and word and word[-1].char in "jqxy":
        lower = "u"
    return lower


@functools.cache
def character_readings(character: str) -> tuple[str, ...]:
    """All toneless readings of ``character``, ü as ``v``; empty when pypinyin knows none."""
    from pypinyin import Style, pinyin  # loaded on first use: its dictionaries take a third of a second

    found = pinyin(character, style=Style.NORMAL, heteronym=True)[0]
    return tuple(dict.fromkeys(reading for reading in found if reading.isascii() and reading.isalpha()))


def display_readings(character: str, toned: bool = False) -> tuple[str, ...]:
    """Readings to show: with tone marks when the romanization wrote one, else as the checker compares."""
    if toned:
        from pypinyin import Style, pinyin  # on first use, as in _toned_readings

        return tuple(dict.fromkeys(pinyin(character, style=Style.TONE, heteronym=True)[0]))
    return tuple(reading.replace("v", "ü") for reading in character_readings(character))


@functools.cache
def syllables() -> frozenset[str]:
    """Every toneless syllable pypinyin knows, ü as ``v``, plus the ``lue``/``nue`` spellings.

    Interjection-only readings without a vowel (``m``, ``ng``, ``hm``) are
    left out: as syllables they would let any stray consonant pass.
    """
    from pypinyin.contrib.tone_convert import to_normal  # on first use, as in _toned_readings
    from pypinyin.pinyin_dict import pinyin_dict

    readings = {reading for entry in pinyin_dict.values() for reading in entry.split(",")}
    found: set[str] = set()
    for syllable in map(to_normal, readings):
        if syllable.isascii() and re.search("[aeiouv]", syllable):
            found.update((syllable, syllable.replace("v", "u")))
    return frozenset(found)
