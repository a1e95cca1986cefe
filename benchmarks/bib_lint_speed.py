"""`provenance lint` of a large real bibliography beside bibtexparser alone, bibtool and bibtex-tidy.

The bibliography is made of the entries of TeX Live's bibliographies
(``bib_corpus.py``), each file's text repeated with its keys suffixed until
the size is reached, so the values, macros and oddities are real. Each size
is timed in one run, side by side:

- bibtexparser: ``bibtexparser.parse_string`` of the file, its default
  middlewares included (the floor: reading the file with the library the
  reader builds on);
- provenance lint: ``provenance lint --format json`` on a project naming the
  file, cold (a fresh store), every B rule run (B001 deduplication included);
- bibtool: ``bibtool -d`` (reads every entry and reports double entries), when installed;
- bibtex-tidy: ``bibtex-tidy --duplicates`` (npm), when installed.

The ratio printed is lint / bibtexparser. Timings are wall-clock seconds on
whatever else the machine is doing: read them as ratios.

    python benchmarks/bib_lint_speed.py [--sizes 10000 50000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bibtexparser  # noqa: E402

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
    args = parser.parse_args()
    if not corpus_files():
        print("no corpus found: install texlive-bibtex-extra or set PROVENANCE_BIB_CORPUS", file=sys.stderr)
        return 2
    # The provenance installed beside this Python, not another one on PATH.
    provenance = str(Path(sys.executable).with_name("provenance"))
    bibtool = shutil.which("bibtool")
    tidy = shutil.which("bibtex-tidy")
    print(f"{'entries':>8} {'MB':>5} {'bibtexparser':>12} {'lint':>8} {'ratio':>6} {'bibtool':>8} {'bibtex-tidy':>11}")
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        for size in args.sizes:
            project = root / f"bib-{size}"
            project.mkdir(parents=True, exist_ok=True)
            bib = project / "refs.bib"
            entries = build(size, bib)
            (project / "paper.md").write_text("Nothing quoted here.\n", encoding="utf-8")
            (project / "provenance.toml").write_text('bibliography = ["refs.bib"]\nmanuscripts = ["paper.md"]\n')
            shutil.rmtree(project / ".provenance", ignore_errors=True)
            text = bib.read_text(encoding="utf-8")
            started = time.perf_counter()
            library = bibtexparser.parse_string(text)
            floor = time.perf_counter() - started
            del library
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

            ratio = f"{lint / floor:.2f}" if lint is not None else "n/a"
            print(
                f"{entries:8} {bib.stat().st_size / 1e6:5.1f} {floor:12.1f} {show(lint):>8} {ratio:>6} "
                f"{show(tool):>8} {show(tidied):>11}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
