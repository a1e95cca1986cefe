"""Real .bib files to measure the reader and the B rules on, and biber as the oracle.

The corpus is TeX Live's bibliographies (Debian: ``texlive-bibtex-extra``,
with Nelson Beebe's TeX bibliographies and biblatex's
``biblatex-examples.bib``). It is found, in this order:

- ``PROVENANCE_BIB_CORPUS``: folders or .bib files, separated by the path separator;
- ``kpsewhich -var-value TEXMFDIST``'s ``bibtex/bib`` folder (``kpsewhich`` ships with TeX Live);
- the standard texmf trees under ``/usr/share`` and ``/usr/local/share``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

CORPUS_VARIABLE = "PROVENANCE_BIB_CORPUS"
_STANDARD_TREES = ("/usr/share/texlive/texmf-dist", "/usr/share/texmf", "/usr/local/share/texmf")
#: A few files of every kind (Beebe's, biblatex's, jurabib's, archaeologie's) that biber reads in
#: well under a minute together: the sample the test suite compares with biber.
SAMPLE = (
    "xampl.bib",
    "biblatex-examples.bib",
    "texnique.bib",
    "type.bib",
    "serif.bib",
    "texjourn.bib",
    "archaeologie-bibcorpora.bib",
    "jbtesthu.bib",
    "book.bib",
    "comment.bib",
    "oberdiek-bundle.bib",
    "harvard.bib",
)

_MISSING = re.compile(
    r"Datamodel: Entry '(?P<key>[^']*)' \((?P<file>[^)]*)\): Missing mandatory field "
    r"(?:- one of '(?P<options>[^']*)' must be defined|'(?P<field>[^']*)')"
)
_SKIPPED = re.compile(r"skipping entry '(?P<key>[^']*)'")
_OUTPUT_ENTRY = re.compile(r"^@(\w+)\{(.*),\s*$", re.MULTILINE)


def corpus_files() -> list[Path]:
    """Every .bib file of the corpus, sorted by name then path; empty when none is installed."""
    roots: list[Path] = []
    configured = os.environ.get(CORPUS_VARIABLE)
    if configured:
        roots = [Path(part) for part in configured.split(os.pathsep) if part]
    else:
        kpsewhich = shutil.which("kpsewhich")
        if kpsewhich:
            tree = subprocess.run([kpsewhich, "-var-value", "TEXMFDIST"], capture_output=True, text=True).stdout
            if tree.strip():
                roots.append(Path(tree.strip()) / "bibtex" / "bib")
        roots += [Path(tree) / "bibtex" / "bib" for tree in _STANDARD_TREES]
    found: dict[Path, None] = {}
    for root in roots:
        if root.is_file() and root.suffix == ".bib":
            found[root.resolve()] = None
        elif root.is_dir():
            for path in root.rglob("*.bib"):
                found[path.resolve()] = None
    return sorted(found, key=lambda path: (path.name, str(path)))


def sample_files() -> list[Path]:
    return [path for path in corpus_files() if path.name in SAMPLE]


@dataclass
class BiberReport:
    """What biber made of one file in tool mode: the keys it wrote out, the fields it found missing."""

    keys: list[str]
    missing: set[tuple[str, str]] = field(default_factory=set)
    #: Entries biber rejects for their content (a name with too many commas), not their syntax.
    skipped: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def biber_available() -> bool:
    return shutil.which("biber") is not None


def run_biber(path: Path, workdir: Path) -> BiberReport:
    """``biber --tool --tool-resolve --validate-datamodel`` on *path*.

    ``missing`` holds (key, field) pairs, a group of alternatives written
    ``date or year`` as B003 writes its evidence.
    """
    output = workdir / (path.stem + ".biber.bib")
    result = subprocess.run(
        ["biber", "--tool", "--tool-resolve", "--validate-datamodel", "--nolog", f"--output-file={output}", str(path)],
        capture_output=True,
        text=True,
        cwd=workdir,
    )
    text = result.stdout + result.stderr
    report = BiberReport(
        keys=[m.group(2) for m in _OUTPUT_ENTRY.finditer(output.read_text(encoding="utf-8", errors="replace"))]
        if output.exists()
        else []
    )
    for line in text.splitlines():
        if line.startswith("WARN"):
            report.warnings.append(line)
        elif line.startswith("ERROR"):
            report.errors.append(line)
        skipped = _SKIPPED.search(line)
        if skipped:
            report.skipped.add(skipped["key"])
        found = _MISSING.search(line)
        if found:
            wanted = found["field"] or " or ".join(found["options"].split(", "))
            report.missing.add((found["key"], wanted))
    return report


def by_name(paths: list[Path]) -> dict[str, list[Path]]:
    grouped: dict[str, list[Path]] = defaultdict(list)
    for path in paths:
        grouped[path.name].append(path)
    return grouped
