"""provenance's BibTeX reader and B003 against biber, file by file, on real bibliographies.

For every .bib file of the corpus (see ``bib_corpus.py``), biber 2.x in tool
mode (``--tool --tool-resolve --validate-datamodel``) is the oracle:

- entries: the keys biber writes out against the keys provenance reads;
  ``lost`` counts entries biber reads and provenance does not;
- lines: every entry's line and column must point at its ``@`` and every
  field's at its name, in the raw text (``line mismatches``);
- B003: the (entry, missing field) pairs B003 reports against those biber
  reports as "Missing mandatory field", apart from the documented deliberate
  differences in :data:`DELIBERATE`.

Prints one row per file and a total; exits 1 if an entry is lost, a line is
wrong or B003 disagrees beyond the documented differences.

    python benchmarks/bib_differential.py [--sample] [FILE.bib ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bib_corpus import biber_available, corpus_files, run_biber, sample_files  # noqa: E402
from bibliography.bibtex import BibEntry, BibliographyError, read_bibtex  # noqa: E402
from provenance.check.rules import RULES, Scope  # noqa: E402
from provenance.inputs.project import EntryRecord  # noqa: E402

#: Where provenance and biber differ on purpose; these are reported, never counted as failures.
DELIBERATE = {
    "refused": "a file that is not UTF-8 is refused whole with one clear error (biber refuses it too)",
    "biber-skipped": 'an entry biber skips for its content ("Name ... has too many commas", which it '
    "counts inside braces too) is read, and checked, by provenance",
}


@dataclass
class FileResult:
    name: str
    biber_entries: int = 0
    read: int = 0
    lost: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    biber_skipped: list[str] = field(default_factory=list)
    line_mismatches: list[str] = field(default_factory=list)
    b003_agree: int = 0
    b003_only_ours: list[tuple[str, str]] = field(default_factory=list)
    b003_only_biber: list[tuple[str, str]] = field(default_factory=list)
    refused: str = ""


class _Project:
    """What B003 needs of a project: the entries, by key."""

    def __init__(self, entries: dict[str, EntryRecord]):
        self.entries = entries


def b003_pairs(entries: tuple[BibEntry, ...]) -> set[tuple[str, str]]:
    """(key, missing field) for every B003 "lacks" finding on these entries."""
    records = {
        entry.key: EntryRecord(**{name: getattr(entry, name) for name in entry.__dataclass_fields__})
        for entry in entries
    }
    project = _Project(records)
    rule = RULES["B003"]
    return {
        (finding.citation_key, finding.evidence.expected)
        for record in records.values()
        for finding in rule.run(Scope.ENTRY, record, project)
        if finding.evidence and finding.evidence.expected
    }


def position_mismatches(path: Path, entries: tuple[BibEntry, ...]) -> list[str]:
    """Entries and fields whose line and column do not point at their `@` and name in the raw text."""
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    wrong = []
    for entry in entries:
        at = lines[entry.line - 1][entry.column - 1 :]
        if not at.startswith("@"):
            wrong.append(f"{entry.key}@{entry.line}:{entry.column}")
        for name, line in entry.field_lines.items():
            column = entry.field_columns.get(name, 0)
            if not lines[line - 1][column - 1 :].lower().startswith(name):
                wrong.append(f"{entry.key}.{name}@{line}:{column}")
    return wrong


def compare(path: Path, workdir: Path) -> FileResult:
    result = FileResult(path.name)
    biber = run_biber(path, workdir)
    result.biber_entries = len(biber.keys)
    try:
        bib = read_bibtex(path)
    except BibliographyError as error:
        result.refused = error.message
        result.lost = list(biber.keys)  # biber refuses such a file too, and then loses nothing here
        return result
    ours = {entry.key for entry in bib.entries}
    result.read = len(ours)
    result.lost = [key for key in biber.keys if key not in ours]
    result.extra = sorted(ours - set(biber.keys) - biber.skipped)
    result.biber_skipped = sorted(ours & biber.skipped)
    result.line_mismatches = position_mismatches(path, bib.entries)
    pairs = {pair for pair in b003_pairs(bib.entries) if pair[0] not in biber.skipped}
    result.b003_agree = len(pairs & biber.missing)
    result.b003_only_ours = sorted(pairs - biber.missing)
    result.b003_only_biber = sorted(biber.missing - pairs)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--sample", action="store_true", help="only the sample the test suite uses")
    parser.add_argument("--verbose", action="store_true", help="list every disagreement")
    args = parser.parse_args()
    if not biber_available():
        print("biber is not installed", file=sys.stderr)
        return 2
    files = args.files or (sample_files() if args.sample else corpus_files())
    if not files:
        print("no corpus found: install texlive-bibtex-extra or set PROVENANCE_BIB_CORPUS", file=sys.stderr)
        return 2
    header = (
        f"{'file':32} {'biber':>6} {'read':>6} {'lost':>5} {'extra':>5} {'skip':>5} {'lines':>5} "
        f"{'B003 =':>6} {'ours':>5} {'biber':>5}"
    )
    print(header)
    print("-" * len(header))
    totals = FileResult("total")
    bad = False
    with tempfile.TemporaryDirectory() as workdir:
        for path in files:
            r = compare(path, Path(workdir))
            note = f"  refused: {r.refused}" if r.refused else ""
            print(
                f"{r.name:32} {r.biber_entries:6} {r.read:6} {len(r.lost):5} {len(r.extra):5} "
                f"{len(r.biber_skipped):5} {len(r.line_mismatches):5} {r.b003_agree:6} {len(r.b003_only_ours):5} "
                f"{len(r.b003_only_biber):5}{note}"
            )
            if args.verbose:
                for label, items in (
                    ("lost", r.lost),
                    ("extra", r.extra),
                    ("biber skipped", r.biber_skipped),
                    ("lines", r.line_mismatches),
                    ("B003 only ours", r.b003_only_ours),
                    ("B003 only biber", r.b003_only_biber),
                ):
                    for item in items:
                        print(f"    {label}: {item}")
            totals.biber_entries += r.biber_entries
            totals.read += r.read
            totals.lost += r.lost
            totals.extra += r.extra
            totals.biber_skipped += r.biber_skipped
            totals.line_mismatches += r.line_mismatches
            totals.b003_agree += r.b003_agree
            totals.b003_only_ours += r.b003_only_ours
            totals.b003_only_biber += r.b003_only_biber
            bad |= bool(r.lost or r.extra or r.line_mismatches or r.b003_only_ours or r.b003_only_biber)
    print("-" * len(header))
    print(
        f"{'total (' + str(len(files)) + ' files)':32} {totals.biber_entries:6} {totals.read:6} "
        f"{len(totals.lost):5} {len(totals.extra):5} {len(totals.biber_skipped):5} "
        f"{len(totals.line_mismatches):5} {totals.b003_agree:6} "
        f"{len(totals.b003_only_ours):5} {len(totals.b003_only_biber):5}"
    )
    for name, why in DELIBERATE.items():
        print(f"deliberate difference, {name}: {why}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
