"""Lint benchmark: cost and answers of `provenance lint` at 1x, 2x and 4x, beside ripgrep.

Generates (deterministically) projects of English and Chinese sources made of
real sentences (see ``prose.py``) reshuffled into paragraphs under chapter and
section headings, a bibliography linking each entry to its text, and
manuscripts whose quotations are mostly faithful, some altered, some silently
cut, some with a wrong chapter, some unattributed. For each scale (a fraction
of ``--quotations`` / ``--megabytes``) it prints:

- the floor: ripgrep finding every quotation verbatim (``rg -F -f patterns``);
- cold (empty store), warm (nothing changed) and one-change (one manuscript
  edited) lint runs in fresh processes, wall time and peak memory;
- the ratio of cold to the floor.

Then the same-answer check: the smallest project's manuscripts linted against
its sources and against four times the sources (the same ones plus others), and
the findings compared.

    python benchmarks/lint_benchmark.py [--quotations 100000] [--megabytes 100] [--scales 1,2,4]
        [--texts DIR] [--keep DIR]
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

from prose import DEFAULT_TEXTS, Pools, load_pools

ROMAN = ["I", "II", "III", "IV", "V", "VI"]
SOURCES = 100
PER_MANUSCRIPT = 500


def make_source(rng: random.Random, pool: list[str], chinese: bool, size: int) -> tuple[str, list[tuple]]:
    """Text of about *size* characters and its paragraphs as (chapter, section, sentences)."""
    parts, paragraphs, length = [], [], 0
    chapter = 0
    while length < size:
        chapter += 1
        parts.append(f"第{chapter}章 标题{chapter}" if chinese else f"Chapter {chapter}: Title {chapter}")
        for section in range(1, 4):
            parts.append(f"Section {ROMAN[section - 1]}. Part {section}")
            for _ in range(6):
                sentences = rng.sample(pool, 5)
                paragraphs.append((chapter, section, sentences))
                text = ("" if chinese else " ").join(sentences)
                parts.append(text)
                length += len(text) + 2
    return "\n\n".join(parts) + "\n", paragraphs


def alter(rng: random.Random, text: str, chinese: bool) -> str:
    """One word (one character in Chinese) replaced."""
    if chinese:
        index = rng.randrange(2, len(text) - 2)
        return text[:index] + ("变" if text[index] != "变" else "化") + text[index + 1 :]
    words = text.split()
    index = rng.randrange(1, len(words) - 1)
    words[index] = "altered" if words[index] != "altered" else "changed"
    return " ".join(words)


def write_sources(root: Path, pools: Pools, megabytes: float, count: int, seed: int) -> list[tuple]:
    """*count* sources (each seeded by its index, so a larger set extends a smaller one)."""
    size = int(megabytes * 1_000_000 / SOURCES)
    (root / "sources").mkdir(parents=True, exist_ok=True)
    bib, catalogue = [], []
    for index in range(count):
        rng = random.Random(f"{seed}-source-{index}")
        chinese = index % 2 == 1
        # A Chinese character is three bytes of UTF-8: a third as many characters for the same bytes.
        text, paragraphs = make_source(
            rng, pools.chinese if chinese else pools.english, chinese, size // (3 if chinese else 1)
        )
        path = f"sources/s{index:03d}.md"
        (root / path).write_text(text, encoding="utf-8")
        key = f"src{index:03d}"
        bib.append(
            f"@book{{{key},\n  title = {{Source {index}}},\n  author = {{Author, A.}},\n"
            f"  date = {{2020}},\n  langid = {{{'chinese' if chinese else 'english'}}},\n"
            f"  file = {{{path}}},\n}}\n"
        )
        catalogue.append((key, chinese, paragraphs))
    (root / "refs.bib").write_text("\n".join(bib), encoding="utf-8")
    (root / "provenance.toml").write_text(
        'bibliography = ["refs.bib"]\nsources = ["sources"]\nmanuscripts = ["manuscripts/*.md"]\n'
    )
    return catalogue


def write_manuscripts(root: Path, catalogue: list[tuple], quotations: int, seed: int) -> list[str]:
    """Manuscripts quoting the first SOURCES sources; returns every quoted text."""
    rng = random.Random(f"{seed}-manuscripts")
    (root / "manuscripts").mkdir(exist_ok=True)
    quoted_texts = []
    for number in range(max(quotations // PER_MANUSCRIPT, 1)):
        lines = [f"# Manuscript {number}\n"]
        for _ in range(PER_MANUSCRIPT):
            key, chinese, paragraphs = rng.choice(catalogue[:SOURCES])
            chapter, section, sentences = rng.choice(paragraphs)
            first = rng.randrange(0, 3)
            joiner = "" if chinese else " "
            roll = rng.random()
            if roll < 0.03:  # a silent cut: the first and third sentence, the second left out
                quoted = joiner.join((sentences[first], sentences[first + 2]))
            else:
                quoted = joiner.join(sentences[first : first + rng.randint(1, 2)])
            if 0.03 <= roll < 0.13:
                quoted = alter(rng, quoted, chinese)
            cited_chapter = chapter + 1 if 0.13 <= roll < 0.18 else chapter
            citation = "" if 0.18 <= roll < 0.20 else f" [@{key}, chap. {cited_chapter}, sec. {ROMAN[section - 1]}]"
            lines.append(f"As the source puts it, “{quoted}”{citation}.\n")
            quoted_texts.append(quoted)
        (root / "manuscripts" / f"m{number:03d}.md").write_text("\n".join(lines), encoding="utf-8")
    return quoted_texts


def generate(root: Path, quotations: int, megabytes: float, seed: int = 7, texts: Path = DEFAULT_TEXTS) -> list[str]:
    """A whole project under *root*; returns every quoted text."""
    catalogue = write_sources(root, load_pools(texts), megabytes, SOURCES, seed)
    return write_manuscripts(root, catalogue, quotations, seed)


def timed(command: list[str], cwd: Path, stdout=None) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user + system), peak resident MiB and exit status of one process.

    CPU time is printed beside wall time because the machine may be shared: a
    process waiting for a core adds wall time, not CPU time.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=stdout)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def run_lint(root: Path, output: str = "lint.json") -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MiB of one `provenance lint` process."""
    wall, cpu, peak, status = timed(
        [sys.executable, "-m", "provenance.cli.main", "lint", "--format", "json", "--output", str(root / output)], root
    )
    if status not in (0, 1):
        sys.exit(f"lint failed with exit status {status} in {root}")
    return wall, cpu, peak


def ripgrep_floor(root: Path, quoted: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds for ripgrep to find every quotation verbatim in the sources."""
    patterns = root / "patterns.txt"
    patterns.write_text("\n".join(quoted) + "\n", encoding="utf-8")
    wall, cpu, _, _ = timed(
        ["rg", "-F", "-c", "-f", str(patterns), str(root / "sources")], root, stdout=subprocess.DEVNULL
    )
    return wall, cpu


def findings(root: Path, output: str = "lint.json") -> list[tuple]:
    data = json.loads((root / output).read_text())
    return sorted(
        (f["code"], f["path"], f["line"], f["column"], f["message"])
        for f in data["findings"]
        if f["path"].startswith("manuscripts/")
    )


def scale_row(root: Path, pools: Pools, quotations: int, megabytes: float, seed: int) -> dict:
    catalogue = write_sources(root, pools, megabytes, SOURCES, seed)
    quoted = write_manuscripts(root, catalogue, quotations, seed)
    source_bytes = sum(p.stat().st_size for p in (root / "sources").iterdir())
    floor = ripgrep_floor(root, quoted)
    cold = run_lint(root)
    warm = run_lint(root)
    manuscript = root / "manuscripts" / "m000.md"
    manuscript.write_text(manuscript.read_text(encoding="utf-8") + "\nA new line, “quoted anew”.\n", encoding="utf-8")
    change = run_lint(root)
    summary = json.loads((root / "lint.json").read_text())["summary"]
    return {
        "quotations": len(quoted),
        "mb": source_bytes / 1e6,
        "floor": floor,
        "cold": cold,
        "warm": warm,
        "change": change,
        "peak": max(cold[2], warm[2], change[2]),
        "by_code": summary["by_code"],
    }


def same_answer(base: Path, pools: Pools, quotations: int, megabytes: float, seed: int) -> None:
    """The smallest project's manuscripts against its sources and against four times as many."""
    larger = base.parent / (base.name + "-4x-sources")
    catalogue = write_sources(larger, pools, megabytes, SOURCES * 4, seed)
    write_manuscripts(larger, catalogue, quotations, seed)
    smaller = base.parent / (base.name + "-1x-sources")
    write_manuscripts(smaller, write_sources(smaller, pools, megabytes, SOURCES, seed), quotations, seed)
    run_lint(smaller)
    wall, _, peak = run_lint(larger)
    one, four = findings(smaller), findings(larger)
    differing = len(set(one) ^ set(four))
    print(
        f"same answer: {len(one)} manuscript findings with 1x sources, {len(four)} with 4x "
        f"({wall:.1f} s, {peak:.0f} MiB); {differing} differ"
    )
    for item in sorted(set(one) ^ set(four))[:10]:
        print("   ", "1x only" if item in one else "4x only", item)


def compile_package() -> None:
    """Compile the package's modules once, as installing it does.

    A checkout run in place (an editable install) under ``PYTHONDONTWRITEBYTECODE``
    would otherwise compile every module again in each lint process timed.
    """
    import bibliography
    import provenance

    folders = [str(Path(package.__file__).parent) for package in (provenance, bibliography)]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quotations", type=int, default=100_000, help="quotations at the largest scale")
    parser.add_argument("--megabytes", type=float, default=100.0, help="megabytes of sources at the largest scale")
    parser.add_argument("--scales", default="1,2,4", help="relative sizes; the largest gets the full size")
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS, help="folder of real texts to draw from")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    pools = load_pools(args.texts)
    compile_package()
    scales = sorted(float(s) for s in args.scales.split(","))
    top = root = args.keep or Path(tempfile.mkdtemp(prefix="provenance-bench-"))
    if args.keep and root.exists():
        shutil.rmtree(root)
    database = os.environ.get("PROVENANCE_DATABASE_URL", "sqlite (default)")
    print(
        f"store: {database.split('@')[-1]}; prose: {len(pools.english)} English and "
        f"{len(pools.chinese)} Chinese sentences from {args.texts}"
    )
    print("wall seconds (CPU seconds); ratio: cold to ripgrep, wall (CPU)")
    print(
        f"{'scale':>5} {'quotes':>7} {'MB':>6} {'rg floor':>15} {'cold':>15} {'ratio':>13} {'warm':>13} "
        f"{'1 change':>13} {'peak MiB':>9}"
    )
    rows = []
    for scale in scales:
        fraction = scale / scales[-1]
        folder = top / f"x{scale:g}"
        row = scale_row(folder, pools, int(args.quotations * fraction), args.megabytes * fraction, args.seed)
        rows.append(row)
        (floor_wall, floor_cpu), cold, warm, change = row["floor"], row["cold"], row["warm"], row["change"]
        print(
            f"{scale:>4g}x {row['quotations']:>7} {row['mb']:>6.1f} {floor_wall:>6.2f} ({floor_cpu:>5.2f}) "
            f"{cold[0]:>6.2f} ({cold[1]:>6.2f}) {cold[0] / floor_wall:>5.1f}x ({cold[1] / floor_cpu:>4.1f}x) "
            f"{warm[0]:>5.2f} ({warm[1]:>5.2f}) {change[0]:>5.2f} ({change[1]:>5.2f}) {row['peak']:>9.0f}",
            flush=True,
        )
    for scale, row in zip(scales, rows):
        print(f"findings at {scale:g}x: {row['by_code']}")
    same_answer(
        top / "same",
        pools,
        int(args.quotations * scales[0] / scales[-1]),
        args.megabytes * scales[0] / scales[-1],
        args.seed,
    )
    if not args.keep:
        shutil.rmtree(top)


if __name__ == "__main__":
    main()
