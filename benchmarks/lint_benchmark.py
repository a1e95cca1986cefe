"""Lint benchmark: a generated project of 10,000 quotations over 10 MB of sources.

Generates (deterministically) English and Chinese source texts with chapter and
section headings, a bibliography linking each to its text, and manuscripts
whose quotations are mostly faithful, some altered, some with a wrong chapter,
some unattributed. Then runs `provenance lint` twice in fresh processes, cold
(empty store) and warm (nothing changed), and prints wall time and peak memory.

    python benchmarks/lint_benchmark.py [--quotations 10000] [--megabytes 10] [--keep DIR]
    PROVENANCE_DATABASE_URL=postgresql+psycopg://... python benchmarks/lint_benchmark.py
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("science technology innovation national security development strategy system "
         "research capacity talent market government industry frontier core key breakthrough "
         "policy reform cooperation competition resources foundation progress engine value chain "
         "initiative laboratory university enterprise standard network data energy material").split()
HANZI = "科技创新国家安全发展战略体系研究能力人才市场政府产业前沿核心关键突破政策改革合作竞争资源基础进步引擎价值链主动实验室大学企业标准网络数据能源材料"
ROMAN = ["I", "II", "III", "IV", "V", "VI"]


def english_sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(9, 22))
    return " ".join(words).capitalize() + "."


def chinese_sentence(rng: random.Random) -> str:
    return "".join(rng.choices(HANZI, k=rng.randint(14, 30))) + "。"


def make_source(rng: random.Random, chinese: bool, size: int) -> tuple[str, list[tuple[int, int, str]]]:
    """Text of about *size* characters and its (chapter, section, sentence) list."""
    parts, sentences, length = [], [], 0
    chapter = 0
    sentence = chinese_sentence if chinese else english_sentence
    while length < size:
        chapter += 1
        heading = f"第{chapter}章 标题" if chinese else f"Chapter {chapter}: Title {chapter}"
        parts.append(heading)
        for section in range(1, 4):
            parts.append(f"Section {ROMAN[section - 1]}. Part {section}")
            for _ in range(6):
                paragraph = [sentence(rng) for _ in range(5)]
                sentences += [(chapter, section, s) for s in paragraph]
                text = ("" if chinese else " ").join(paragraph)
                parts.append(text)
                length += len(text) + 2
    return "\n\n".join(parts) + "\n", sentences


def alter(rng: random.Random, sentence: str, chinese: bool) -> str:
    if chinese:
        index = rng.randrange(2, len(sentence) - 2)
        return sentence[:index] + rng.choice(HANZI) + sentence[index + 1:]
    words = sentence.split()
    index = rng.randrange(1, len(words) - 1)
    words[index] = "altered"
    return " ".join(words)


def generate(root: Path, quotations: int, megabytes: float, seed: int = 7) -> None:
    rng = random.Random(seed)
    sources_count = 100
    size = int(megabytes * 1_000_000 / sources_count)
    (root / "sources").mkdir(parents=True)
    (root / "manuscripts").mkdir()
    bib, catalogue = [], []
    for index in range(sources_count):
        chinese = index % 2 == 1
        text, sentences = make_source(rng, chinese, size // (3 if chinese else 1))
        path = f"sources/s{index:03d}.md"
        (root / path).write_text(text, encoding="utf-8")
        key = f"src{index:03d}"
        bib.append(f"@book{{{key},\n  title = {{Source {index}}},\n  author = {{Author, A.}},\n"
                   f"  date = {{2020}},\n  langid = {{{'chinese' if chinese else 'english'}}},\n"
                   f"  file = {{{path}}},\n}}\n")
        catalogue.append((key, chinese, sentences))
    (root / "refs.bib").write_text("\n".join(bib), encoding="utf-8")
    per_manuscript = 500
    for number in range(max(quotations // per_manuscript, 1)):
        lines = [f"# Manuscript {number}\n"]
        for _ in range(per_manuscript):
            key, chinese, sentences = rng.choice(catalogue)
            chapter, section, sentence = rng.choice(sentences)
            roll = rng.random()
            quoted = alter(rng, sentence, chinese) if roll < 0.1 else sentence
            cited_chapter = chapter + 1 if 0.1 <= roll < 0.15 else chapter
            citation = "" if 0.15 <= roll < 0.17 else f" [@{key}, chap. {cited_chapter}, sec. {ROMAN[section - 1]}]"
            lines.append(f"As the source puts it, “{quoted}”{citation}.\n")
        (root / "manuscripts" / f"m{number:03d}.md").write_text("\n".join(lines), encoding="utf-8")
    (root / "provenance.toml").write_text(
        'bibliography = ["refs.bib"]\nsources = ["sources"]\nmanuscripts = ["manuscripts/*.md"]\n')


def run_lint(root: Path) -> tuple[float, float, int]:
    """Wall seconds, peak resident MiB and exit status of one `provenance lint` process."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "provenance.cli", "lint", "--format", "json",
                                "--output", str(root / "lint.json")], cwd=root)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quotations", type=int, default=10_000)
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="provenance-bench-"))
    if args.keep and root.exists():
        shutil.rmtree(root)
    generate(root, args.quotations, args.megabytes)
    source_bytes = sum(p.stat().st_size for p in (root / "sources").iterdir())
    print(f"project: {args.quotations} quotations, {source_bytes / 1e6:.1f} MB of sources in {root}")
    database = os.environ.get("PROVENANCE_DATABASE_URL", "sqlite (default)")
    print(f"store:   {database.split('@')[-1]}")
    # One cold run (empty store), then three warm ones (nothing changed): warm times vary with the page cache.
    for label in ("cold", "warm", "warm", "warm"):
        wall, peak, status = run_lint(root)
        print(f"{label}:    {wall:7.2f} s wall, peak RSS {peak:7.1f} MiB, exit {status}")
        if status not in (0, 1):
            sys.exit(f"lint failed with exit status {status}")
    summary = json.loads((root / "lint.json").read_text())["summary"]
    print(f"findings: {summary['findings']} {summary['by_code']}")
    if not args.keep:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
