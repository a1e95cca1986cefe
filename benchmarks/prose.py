"""Real prose for benchmarks: sentences of public texts, reshuffled into new paragraphs.

A benchmark over a 40-word vocabulary measures the wrong thing: every short
piece of text occurs everywhere, which no real source does. These pools are
sentences of real English and Chinese texts, by default the Debian ``fortunes``
and ``fortunes-zh`` packages (quotations, literature, Tang and Song poems and
the Chinese Debian documentation they ship). Any folder of UTF-8 text files can
stand in with ``--texts``; files whose text is mostly CJK feed the Chinese pool.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

#: Where Debian's fortunes, fortunes-zh and fortunes-min install their files; override with --texts.
DEFAULT_TEXTS = Path("/usr/share/games/fortunes")

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_ATTRIBUTION = re.compile(r"^\s*(--|——|―)")
_ENGLISH_STOP = re.compile(r"(?<=[a-z][.!?])\s+(?=[A-Z“\"])")
_CHINESE_STOP = re.compile(r"(?<=[。！？])")
_CJK = re.compile(r"[\u4e00-\u9fff]")
#: English sentences a manuscript can quote as they are: no quotation marks, ellipses, brackets
#: or Markdown, which would end the quotation early or read as a marked cut or interpolation.
_PLAIN_ENGLISH = re.compile(r"[A-Za-z0-9 ,;:!?'()-]+[.!?]")
#: Chinese sentences of Han characters and Chinese punctuation only (no titles, code or Latin).
_PLAIN_CHINESE = re.compile(r"[\u4e00-\u9fff，。！？；：、]+")


@dataclass(frozen=True)
class Pools:
    english: list[str]
    chinese: list[str]


def load_pools(folder: Path) -> Pools:
    """Distinct sentences of every text file in *folder*, by language."""
    english: dict[str, None] = {}
    chinese: dict[str, None] = {}
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix in (".dat", ".u8") or path.is_symlink():
            continue
        try:
            text = _ANSI.sub("", path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, OSError):
            continue
        is_chinese = len(_CJK.findall(text)) * 5 > len(text)
        for block in re.split(r"^%$", text, flags=re.MULTILINE):
            lines = [line for line in block.splitlines() if line.strip() and not _ATTRIBUTION.match(line)]
            if is_chinese:
                joined = "".join(line.strip() for line in lines)
                for sentence in _CHINESE_STOP.split(joined):
                    # Twelve Han characters at least: a manuscript's shorter quotations are scare quotes.
                    if (
                        len(sentence) <= 120
                        and len(_CJK.findall(sentence)) >= 12
                        and _PLAIN_CHINESE.fullmatch(sentence)
                    ):
                        chinese[sentence] = None
            else:
                joined = " ".join(" ".join(lines).split())
                for sentence in _ENGLISH_STOP.split(joined):
                    if (
                        40 <= len(sentence) <= 300
                        and _PLAIN_ENGLISH.fullmatch(sentence)
                        and ".." not in sentence
                        and not _title_like(sentence)
                    ):
                        english[sentence] = None
    if not english or not chinese:
        raise SystemExit(
            f"no English or no Chinese prose under {folder} (install fortunes and fortunes-zh, or pass --texts)"
        )
    return Pools(list(english), list(chinese))


def _title_like(sentence: str) -> bool:
    """Capitals on half the words or more (a headline, a shout): a manuscript would quote it as a title."""
    words = sentence.split()
    return sum(word[0].isupper() for word in words) * 2 >= len(words)
