"""`provenance lint` of a large real bibliography beside bibtexparser alone, bibtool and bibtex-tidy.

The bibliography is made of the entries of TeX Live's bibliographies
(``bib_corpus.py``), each file's text repeated with its keys suffixed until
the size is reached, so the values, macros and oddities are real. Each size
is timed in one run, side by side:

- bibtexparser: ``bibtexparser.parse_string`` of the file, its default
  middlewares included, in a fresh interpreter (the floor: reading the file
  with the library the reader builds on; only the parse is timed);
- provenance lint: ``provenance lint --format json`` on a project naming the
  file, cold (a fresh store), every B rule run (B001 deduplication included);
- bibtool: ``bibtool -d`` (reads every entry and reports double entries), when installed;
- bibtex-tidy: ``bibtex-tidy --duplicates`` (npm), when installed.

The ratio printed is lint / bibtexparser. Timings are wall-clock seconds on
whatever else the machine is doing: read them as ratios. With ``--repeat N``
bibtexparser and lint are timed N times, turn about, and the fastest of each
is shown (the least disturbed run), with the ratio of those and the median of
the N ratios of runs made one after the other.

    python benchmarks/bib_lint_speed.py [--sizes 10000 50000] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from benchmarks.bib_corpus import corpus_files  # noqa: E402

_ENTRY_START = re.compile(r"^@(?!string|comment|preamble)(\w+)\s*\{\s*([^,\s]+)\s*,", re.IGNORECASE | re.MULTILINE)
# A `file` field names the entry's source text; the corpus's name files this project lacks.
_FILE_FIELD = re.compile(r"^(\s*)file(\s*=)", re.IGNORECASE | re.MULTILINE)
_CROSSREF = re.compile(r"(crossref\s*=\s*[{\"])([^}\"]+)", re.IGNORECASE)


def build(size: int, path: Path) -> int:
    """Write a bibliography of about *size* entries made of real ones; return the number written."""
    texts = []
    for source in corpus_files():
        try:
            texts.append(source.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            continue
    parts: list[str] = []
    count = 0
    copy = 0
    while count < size:
        for text in texts:
            suffix = f"-c{copy}"
            # Macros repeat harmlessly; keys and the crossrefs naming them get this copy's suffix.
            renamed = _ENTRY_START.sub(lambda m: f"@{m.group(1)}{{{m.group(2)}{suffix},", text)
            renamed = _CROSSREF.sub(lambda m: m.group(1) + m.group(2) + suffix, renamed)
            renamed = _FILE_FIELD.sub(r"\1filename\2", renamed)
            parts.append(renamed)
            count += len(_ENTRY_START.findall(text))
            if count >= size:
                break
        copy += 1
    path.write_text("\n".join(parts), encoding="utf-8")
    return count


def parse_time(bib: Path) -> float:
    """Seconds bibtexparser takes to parse *bib*, in a fresh interpreter as the lint runs in one.

    Only the parse is timed, not the interpreter's start, the import or the file's reading, which
    the lint's time includes.
    """
    script = (
        "import sys, time, bibtexparser\n"
        "text = open(sys.argv[1], encoding='utf-8').read()\n"
        "started = time.perf_counter()\n"
        "bibtexparser.parse_string(text)\n"
        "print(time.perf_counter() - started)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(bib)], capture_output=True, text=True, check=True)
    return float(result.stdout.split()[-1])


def timed(command: list[str], cwd: Path) -> float | None:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        print(f"  {command[0]} failed ({result.returncode}): {result.stderr[-300:]}", file=sys.stderr)
        return None
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 50000])
    parser.add_argument("--keep", type=Path, help="write the projects here instead of a temporary folder")
    parser.add_argument("--repeat", type=int, default=1, help="time bibtexparser and lint this many times each")
    args = parser.parse_args()
    if not corpus_files():
        print("no corpus found: install texlive-bibtex-extra or set PROVENANCE_BIB_CORPUS", file=sys.stderr)
        return 2
    # The provenance installed beside this Python, not another one on PATH.
    provenance = str(Path(sys.executable).with_name("provenance"))
    bibtool = shutil.which("bibtool")
    tidy = shutil.which("bibtex-tidy")
    print(
        f"{'entries':>8} {'MB':>5} {'bibtexparser':>12} {'lint':>8} {'ratio':>6} {'median':>6} "
        f"{'bibtool':>8} {'bibtex-tidy':>11}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        for size in args.sizes:
            project = root / f"bib-{size}"
            project.mkdir(parents=True, exist_ok=True)
            bib = project / "refs.bib"
            entries = build(size, bib)
            (project / "paper.md").write_text("Nothing quoted here.\n", encoding="utf-8")
            (project / "provenance.toml").write_text('bibliography = ["refs.bib"]\nmanuscripts = ["paper.md"]\n')
            floors: list[float] = []
            lints: list[float] = []
            for _ in range(args.repeat):
                floors.append(parse_time(bib))
                shutil.rmtree(project / ".provenance", ignore_errors=True)  # cold: a fresh store each time
                lint = timed(
                    [
                        provenance,
                        "--config",
                        str(project / "provenance.toml"),
                        "lint",
                        "--format",
                        "json",
                        "--output",
                        str(project / "findings.json"),
                    ],
                    project,
                )
                if lint is None:
                    break
                lints.append(lint)
            floor = min(floors)
            tool = (
                timed([bibtool, "-d", "-q", "-i", str(bib), "-o", str(project / "bibtool.bib")], project)
                if bibtool
                else None
            )
            # bibtex-tidy reads the file named first; options before it leave it reading nothing.
            tidied = (
                timed([tidy, str(bib), "--duplicates", f"--output={project / 'tidy.bib'}"], project) if tidy else None
            )

            def show(seconds: float | None) -> str:
                return f"{seconds:.1f}" if seconds is not None else "n/a"

            fastest = min(lints) if lints else None
            ratio = f"{fastest / floor:.2f}" if fastest is not None else "n/a"
            median = f"{statistics.median(b / a for a, b in zip(floors, lints)):.2f}" if lints else "n/a"
            print(
                f"{entries:8} {bib.stat().st_size / 1e6:5.1f} {floor:12.1f} {show(fastest):>8} {ratio:>6} "
                f"{median:>6} {show(tool):>8} {show(tidied):>11}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
