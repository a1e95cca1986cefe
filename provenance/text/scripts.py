"""Which writing system characters are in, and the language a text's letters make it.

Sources and quotations are Chinese or English: which one decides what a
quotation is compared with, and a Chinese sentence has no spaces to count its
words by. The character classes below are regex classes without their
brackets; each caller takes the one whose edges it needs (a quotation mark
beside CJK *punctuation* is not beside a word, a romanization spells Han
characters only).
"""

from __future__ import annotations

import re

#: Han ideographs: the unified blocks with all their extensions, and the compatibility ideographs.
HAN_CHAR_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

#: The characters of running Chinese, Japanese and Korean text: kana, the Han ideographs of the
#: Basic Multilingual Plane, hangul syllables. No punctuation, symbols or rarely written blocks.
CJK_TEXT_CHAR_CLASS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"

#: Every CJK block: Han, kana, hangul and its jamo, bopomofo, CJK symbols and punctuation, full-width forms.
CJK_CHAR_CLASS = (
    "\u1100-\u11ff\u2e80-\u2fdf\u2ff0-\u2fff\u3000-\u303f\u3040-\u309f\u30a0-\u30ff"
    "\u3100-\u312f\u3130-\u318f\u3190-\u31ff\u3200-\u32ff\u3300-\u33ff\u3400-\u4dbf"
    "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uf900-\ufaff\ufe10-\ufe1f"
    "\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
)

#: One character of running CJK text (see CJK_TEXT_CHAR_CLASS).
CJK_TEXT_CHAR = re.compile(f"[{CJK_TEXT_CHAR_CLASS}]")
#: One character of any CJK block that is not CJK punctuation or a full-width form.
CJK_LETTER = re.compile(rf"(?:(?![\u3000-\u303f\uff00-\uffef])[{CJK_CHAR_CLASS}])")
#: One Han ideograph.
HAN_CHARACTER = re.compile(f"[{HAN_CHAR_CLASS}]")

_CJK = re.compile(f"[{CJK_CHAR_CLASS}]")
_CJK_RUN = re.compile(f"[{CJK_CHAR_CLASS}]+")
_LETTER = re.compile(r"[^\W\d_]")

#: Characters read from the start of a source to tell its language: enough for any page's body.
LANGUAGE_SAMPLE = 20000


def is_cjk(ch: str) -> bool:
    """Whether *ch* is a Han, kana or hangul character or CJK (full-width) punctuation."""
    return _CJK.match(ch) is not None


def is_cjk_text_char(ch: str) -> bool:
    """Whether *ch* (possibly empty) is a character of running CJK text (see CJK_TEXT_CHAR_CLASS)."""
    return bool(ch) and CJK_TEXT_CHAR.match(ch) is not None


def text_language(text: str, sample: int = LANGUAGE_SAMPLE) -> str:
    """A source's language: ``zh`` when CJK letters are most of the letters of its start, else ``en``.

    Letters are what ``str.isalpha`` says, counted in C-level passes: this reads every source.
    """
    head = text[:sample]
    letters = sum(map(str.isalpha, head))
    if not letters:
        return "en"
    cjk_letters = sum(map(str.isalpha, "".join(_CJK_RUN.findall(head))))
    return "zh" if cjk_letters / letters > 0.5 else "en"


def paragraph_language(paragraph: str, default: str) -> str:
    """A paragraph's language: ``zh`` when CJK letters outnumber the others, *default* when it has no letters.

    Unlike :func:`text_language`, numerals other than digits (①, Ⅻ) count as
    letters and CJK letters are :data:`CJK_LETTER`'s: a quotation's paragraphs
    are short, so every character is read.
    """
    cjk = len(CJK_LETTER.findall(paragraph))
    letters = len(_LETTER.findall(paragraph))
    if letters == 0:
        return default
    return "zh" if cjk * 2 > letters else "en"
