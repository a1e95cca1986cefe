"""Division numbers as people write them: 7, VII, Seven, seventh, 七, 第七章.

Locators (``chap. VII``), headings (``Chapter Six: …``, ``第三节``) and prose
(``the seventh chapter``) all name a division by number; this module turns
every spelling into one integer so that they can be compared.
"""

from __future__ import annotations

import re

_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_ROMAN = re.compile(r"^m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.IGNORECASE)

_CARDINALS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_ORDINALS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
    "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
    "nineteenth twentieth"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_TENS_ORDINAL = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50}
_WORDS = {word: value for value, word in enumerate(_CARDINALS)}
_WORDS.update({word: value for value, word in enumerate(_ORDINALS)})
_WORDS.update(_TENS)
_WORDS.update(_TENS_ORDINAL)

_CJK_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000}

#: Characters that may appear in a Chinese numeral (used by callers' patterns).
CJK_NUMERAL_CHARS = "".join(_CJK_DIGITS) + "".join(_CJK_UNITS)

_ORDINAL_SUFFIX = re.compile(r"^(\d+)(st|nd|rd|th)$", re.IGNORECASE)

#: Largest division number: a store column is a 32-bit integer on PostgreSQL, and no
#: real work has more divisions of one kind. ``Chapter 99999999999999999999`` is no number.
MAX_NUMBER = 2**31 - 1


def bounded(value: int | None) -> int | None:
    """*value* if it can be a division number, else None."""
    return value if value is not None and 0 <= value <= MAX_NUMBER else None


def roman_to_int(text: str) -> int | None:
    """Value of a Roman numeral (``III`` → 3), or None if *text* is not one."""
    if not text or not _ROMAN.match(text):
        return None
    total = 0
    values = [_ROMAN_VALUES[ch] for ch in text.lower()]
    for index, value in enumerate(values):
        following = values[index + 1] if index + 1 < len(values) else 0
        total += -value if value < following else value
    return total


def chinese_to_int(text: str) -> int | None:
    """Value of a Chinese numeral up to 9999 (``七`` → 7, ``十二`` → 12, ``二十`` → 20)."""
    if not text or any(ch not in _CJK_DIGITS and ch not in _CJK_UNITS for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _CJK_DIGITS:
            digit = _CJK_DIGITS[ch]
        else:
            # A bare unit (十 in 十二) means one of it.
            total += (1 if digit is None else digit) * _CJK_UNITS[ch]
            digit = None
    return total + (digit or 0)


def words_to_int(text: str) -> int | None:
    """Value of an English number word: ``six``, ``seventh``, ``twenty-one``."""
    parts = re.split(r"[\s-]+", text.strip().lower())
    if not parts or any(part not in _WORDS for part in parts):
        return None
    if len(parts) == 1:
        return _WORDS[parts[0]]
    if len(parts) == 2 and parts[0] in _TENS and _WORDS[parts[1]] < 10:
        return _TENS[parts[0]] + _WORDS[parts[1]]
    return None


def parse_number(text: str) -> int | None:
    """The integer a division number denotes, in any spelling this project reads.

    Returns None when *text* is not a number (a title, a letter, ``n.d.``).
    Single letters that are also Roman numerals (``I``, ``V``, ``X``) are read
    as numerals, as in ``Section I``.
    """
    text = text.strip().strip(".:)").strip()
    if not text:
        return None
    if text.isdigit():
        # Only ASCII digits: str.isdigit() also accepts "²" and other scripts int() refuses.
        return bounded(int(text)) if text.isascii() else None
    ordinal = _ORDINAL_SUFFIX.match(text)
    if ordinal:
        return bounded(int(ordinal.group(1)))
    if text.startswith("第"):
        text = text[1:].rstrip("章节部分篇编条款")
    for reader in (roman_to_int, chinese_to_int, words_to_int):
        value = reader(text)
        if value is not None:
            return bounded(value)
    return None
