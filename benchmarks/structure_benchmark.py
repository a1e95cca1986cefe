"""Heading benchmark: how reading a source's structure grows with its number of headings.

Builds texts of 50,000, 100,000 and 200,000 headings (chapters of ten untitled
articles each, English or Chinese) and times ``parse_structure`` beside its
floor, one pass of a regular expression finding the same heading lines. The
ratio to the floor should stay flat as the size doubles (near-linear cost).

    python benchmarks/structure_benchmark.py [--sizes 50000 100000 200000] [--language en|zh]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from provenance.domain.numbers import parse_number  # noqa: E402
from provenance.inputs.structure import parse_structure  # noqa: E402

_CJK_DIGITS = "零一二三四五六七八九"


def chinese(number: int) -> str:
    """A Chinese numeral for *number* (up to 9999), as headings write it."""
    units = [(1000, "千"), (100, "百"), (10, "十")]
    out, zero = "", False
    for value, unit in units:
        digit, number = divmod(number, value)
        if digit:
            out += ("零" if zero else "") + _CJK_DIGITS[digit] + unit
            zero = False
        elif out:
            zero = True
    if number:
        out += ("零" if zero else "") + _CJK_DIGITS[number]
    return out


def text_of(headings: int, language: str) -> str:
    chapters = headings // 11
    parts = []
    for chapter in range(1, chapters + 1):
        if language == "zh":
            parts.append(f"第{chinese(chapter % 9999 or 1)}章 总则\n\n")
            parts += [
                f"第{chinese((chapter * 10 + a) % 9999 or 1)}条 人人有权享有生命、自由和人身安全。\n\n"
                for a in range(10)
            ]
        else:
            parts.append(f"Chapter {chapter}\n\n")
            parts += [f"## Article {chapter * 10 + a}\n\nEveryone has the right to life.\n\n" for a in range(10)]
    return "".join(parts)


FLOOR = re.compile(r"^(?:## )?(?:Chapter|Article) \d+$|^第[零一二三四五六七八九十百千]+[章条]", re.MULTILINE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50000, 100000, 200000])
    parser.add_argument("--language", choices=["en", "zh"], default="en")
    options = parser.parse_args()
    print(f"{'headings':>9}  {'divisions':>9}  {'parse s':>8}  {'floor s':>8}  {'ratio':>6}  {'s per 100k':>10}")
    for size in options.sizes:
        text = text_of(size, options.language)
        started = time.perf_counter()
        found = [parse_number(m.group().split()[-1]) for m in FLOOR.finditer(text)]
        floor = time.perf_counter() - started
        started = time.perf_counter()
        structure = parse_structure(text)
        parse = time.perf_counter() - started
        print(
            f"{size:>9}  {len(structure.divisions):>9}  {parse:>8.2f}  {floor:>8.2f}  {parse / floor:>6.1f}  "
            f"{parse / size * 100000:>10.2f}"
        )
        assert len(structure.divisions) == len(found)


if __name__ == "__main__":
    main()
