"""B001 on real bibliographies: precision and recall on held-out files, recall on real cross-file duplicates.

The corpus is TeX Live's bibliographies (``bib_corpus.py``). Its files are
split in two:

- tuning files (:data:`TUNING`): the ones whose reported pairs were read
  while the vetoes of ``provenance/check/duplicate_entries/`` were written;
- held-out files: every other file; their figures are the ones that count.

Each veto added since the first split was stated as a general reason (a
chapter and its collection, a corrected printing, a report and its paper,
another publisher and year, titles alone that differ) but found by reading
held-out false links: the held-out figures are not wholly blind, and the
tuning split is printed beside them to show what the vetoes cost there.

In every file, copies of real entries are planted, written the way a second
copy of a record differs in practice (another key, the title's case and
braces, names as "Last, F." or cut to "and others", a dropped note or URL,
"-" for "--" in pages), each labelled as the same work as its original. A
copy stays valid LaTeX: a change of case leaves command names alone
(``\\acro`` upper-cased would be another command, and another text).
Pairs B001 finds between two original entries are labelled by hand in
``data/bib_dedupe_labels.json`` (same work or not, and why): one work is
one publication, so a volume and its set, two printings, a report and the
paper made of it, or a US and a UK edition are two. An unlabelled link
counts as a false one and is printed. Precision and recall are over pairs,
within each file, the labels closed transitively; pairs between originals
that B001 misses are not labelled, so recall is that of planted copies.

Real cross-file duplicates: pairs of entries in two different files of the
whole corpus that carry the same DOI or ISBN (ISBNs of whole books only). All
entries of the corpus are deduplicated together and the share of these pairs
B001 links is printed.

    python benchmarks/bib_dedupe_heldout.py [--copies 0.3] [--seed 1] [--show-unlabelled]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bib_corpus import corpus_files  # noqa: E402
from bibliography.bibtex import BibEntry, BibliographyError, read_bibtex, split_names  # noqa: E402
from provenance.check.duplicate_entries import find_duplicates  # noqa: E402
from provenance.check.duplicate_entries.entry_types import BOOK_TYPES  # noqa: E402
from provenance.check.duplicate_entries.identifiers import dois, isbns  # noqa: E402
from provenance.check.duplicate_entries.record import record  # noqa: E402
from provenance.check.duplicate_entries.vetoes import veto  # noqa: E402

TUNING = (
    "tugboat.bib",
    "font.bib",
    "printing-history.bib",
    "archaeologie-bibancient.bib",
    "archaeologie-bibcorpora.bib",
)
LABELS = Path(__file__).resolve().parent / "data" / "bib_dedupe_labels.json"
_PROTECTIVE = re.compile(r"(?<![\\\w])\{([^{}\\]*)\}")
_COMMANDS = re.compile(r"(\\[A-Za-z]+)")
_DROPPABLE = ("note", "url", "bibdate", "bibsource", "acknowledgement", "annote", "remark", "keywords")


@dataclass
class Score:
    files: int = 0
    entries: int = 0
    planted: int = 0
    reported: int = 0
    true_links: int = 0
    expected: int = 0
    found: int = 0

    @property
    def precision(self) -> float:
        return self.true_links / self.reported if self.reported else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def _copy(entry: BibEntry, rng: random.Random) -> BibEntry:
    """Another record of the same work, as a second source or a second typist writes it."""
    fields = dict(entry.fields)
    if "title" in fields:
        title = fields["title"]
        choice = rng.randrange(4)
        if choice == 0:
            # Protective braces only: `{GUTenberg}` loses them, `\pkg{SCANTEX}` keeps its argument.
            title = _PROTECTIVE.sub(r"\1", title)
        elif choice == 1:
            # Letters change case, LaTeX commands do not: `\acro` upper-cased is no command at all.
            change = str.lower if rng.random() < 0.5 else str.upper
            title = "".join(part if part.startswith("\\") else change(part) for part in _COMMANDS.split(title))
        elif choice == 2:
            title = title.rstrip(".") + "."
        fields["title"] = " ".join(title.split())
    for name in ("author", "editor"):
        if name in fields and rng.random() < 0.6:
            people = split_names(fields[name])
            if len(people) >= 3 and rng.random() < 0.3:
                fields[name] = f"{people[0]} and others"
            else:
                fields[name] = " and ".join(_initials(person) for person in people)
    if "pages" in fields and rng.random() < 0.5:
        fields["pages"] = fields["pages"].replace("--", "-")
    for name in rng.sample(_DROPPABLE, 2):
        fields.pop(name, None)
    return replace(entry, key=entry.key + ":copy", fields=fields, line=0, field_lines={}, field_columns={})


def _initials(person: str) -> str:
    """ "Donald E. Knuth" as "Knuth, D. E."; a braced (corporate) name as it is."""
    if person.startswith("{") or "," in person:
        return person
    words = person.split()
    if len(words) < 2:
        return person
    return f"{words[-1]}, " + " ".join(f"{word[0]}." for word in words[:-1] if word[:1].isalpha())


def _load_labels() -> dict[tuple[str, str, str], bool]:
    if not LABELS.exists():
        return {}
    return {(item["file"], *sorted(item["pair"])): item["same"] for item in json.loads(LABELS.read_text())}


def score_file(
    path: Path,
    entries: list[BibEntry],
    rng: random.Random,
    share: float,
    labels: dict[tuple[str, str, str], bool],
    unlabelled: list[tuple[str, str, str]],
) -> Score:
    planted = [_copy(entry, rng) for entry in entries if rng.random() < share]
    everything = entries + planted
    cluster = {entry.key: entry.key for entry in entries}
    cluster.update({copy.key: copy.key.removesuffix(":copy") for copy in planted})

    def root(key: str) -> str:
        while cluster[key] != key:
            key = cluster[key]
        return key

    for (file, first, second), same in labels.items():
        if file == path.name and same and first in cluster and second in cluster:
            cluster[root(first)] = root(second)
    members: dict[str, list[str]] = defaultdict(list)
    for key in cluster:
        members[root(key)].append(key)
    expected = {tuple(sorted(pair)) for group in members.values() for pair in combinations(group, 2)}
    reported = {tuple(sorted((pair.first.key, pair.second.key))) for pair in find_duplicates(everything)}
    true_links = reported & expected
    for first, second in sorted(reported - expected):
        if not (first.endswith(":copy") or second.endswith(":copy")) and (path.name, first, second) not in labels:
            unlabelled.append((path.name, first, second))
    return Score(
        files=1,
        entries=len(entries),
        planted=len(planted),
        reported=len(reported),
        true_links=len(true_links),
        expected=len(expected),
        found=len(true_links),
    )


def cross_file_recall(files: dict[Path, list[BibEntry]]) -> tuple[int, int, float, Counter]:
    """(pairs, found, seconds, misses by veto): same DOI or book ISBN in two files, and how many B001 links.

    An ISBN is no proof of one work: a set's record lists its volumes' ISBNs, a corrected
    printing keeps the first one's. The misses are counted by the veto that stopped them
    ("no veto": the titles or authors were too far apart) so that each can be judged.
    """
    everything = [entry for entries in files.values() for entry in entries]
    ids: dict[str, list[BibEntry]] = defaultdict(list)
    for entry in everything:
        for doi in dois(entry.fields.get("doi", "")):
            ids["doi:" + doi].append(entry)
        if entry.entry_type in BOOK_TYPES:
            for isbn in isbns(entry.fields.get("isbn", "")):
                ids["isbn:" + isbn].append(entry)
    pairs = {
        tuple(sorted(((a.path, a.key), (b.path, b.key)))): (a, b)
        for group in ids.values()
        for a, b in combinations(group, 2)
        if a.path != b.path
    }
    started = time.perf_counter()
    found = {
        tuple(sorted(((p.first.path, p.first.key), (p.second.path, p.second.key)))) for p in find_duplicates(everything)
    }
    seconds = time.perf_counter() - started
    misses = Counter(veto(record(0, a), record(1, b)) or "no veto" for key, (a, b) in pairs.items() if key not in found)
    return len(pairs), len(pairs.keys() & found), seconds, misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=float, default=0.3, help="share of entries given a planted copy")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show-unlabelled", action="store_true")
    args = parser.parse_args()
    paths = corpus_files()
    if not paths:
        print("no corpus found: install texlive-bibtex-extra or set PROVENANCE_BIB_CORPUS", file=sys.stderr)
        return 2
    files: dict[Path, list[BibEntry]] = {}
    for path in paths:
        try:
            entries = list(read_bibtex(path).entries)
        except BibliographyError:
            continue
        if entries:
            files[path] = entries
    labels = _load_labels()
    rng = random.Random(args.seed)
    scores = {"tuning": Score(), "held out": Score()}
    unlabelled: list[tuple[str, str, str]] = []
    for path, entries in files.items():
        split = "tuning" if path.name in TUNING else "held out"
        result = score_file(path, entries, rng, args.copies, labels, unlabelled if split == "held out" else [])
        total = scores[split]
        for name in ("files", "entries", "planted", "reported", "true_links", "expected", "found"):
            setattr(total, name, getattr(total, name) + getattr(result, name))
    print(f"B001 on TeX Live's bibliographies (seed {args.seed}, {args.copies:.0%} of entries copied)")
    print(
        f"{'split':10} {'files':>5} {'entries':>7} {'planted':>7} {'links':>6} {'true':>6} "
        f"{'precision':>9} {'recall':>7}"
    )
    for split, s in scores.items():
        print(
            f"{split:10} {s.files:5} {s.entries:7} {s.planted:7} {s.reported:6} {s.true_links:6} "
            f"{s.precision:9.4f} {s.recall:7.4f}"
        )
    held = [path.name for path in files if path.name not in TUNING]
    print(f"tuning files: {', '.join(TUNING)}")
    print(f"held-out files: {', '.join(held)}")
    print(f"unlabelled links between original held-out entries (counted false): {len(unlabelled)}")
    if args.show_unlabelled:
        for item in unlabelled:
            print("   ", *item)
    pairs, found, seconds, misses = cross_file_recall(files)
    print(
        f"real cross-file duplicates (same DOI or book ISBN in two files): {pairs}, linked by B001: {found} "
        f"(recall {found / pairs if pairs else 1:.4f}; all {sum(map(len, files.values()))} entries "
        f"deduplicated together in {seconds:.1f} s)"
    )
    print(
        "  not linked, by the veto that stopped them: "
        + ", ".join(f"{reason} {count}" for reason, count in misses.most_common())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
