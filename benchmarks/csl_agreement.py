"""Citations and bibliographies of `provenance` against pandoc reading the same .bib, and their speed.

The corpus is not this project's: real entries of the public bibliographies TeX
Live ships (Debian's ``texlive-bibtex-extra``; ``--texmf`` names another
``bibtex/bib`` folder), sampled evenly from each file, and
``tests/data/csl-translations.bib``, translated works and corporate authors
written from real publications. For each file and each of four styles, every
sampled entry is cited once with a locator, and both sides print the citations
and the bibliography:

- provenance: the file read as the project reads it (``bibliography.bibtex``),
  written back as biblatex with the project's knowledge added
  (``bibliography.pandoc_entries.pandoc_biblatex``), formatted by
  ``bibliography.csl.render_biblatex``, as ``provenance cite`` and
  ``provenance bibliography`` do;
- pandoc: the same pandoc, style, locale and citations, given the .bib itself.

A divergence is explained by the deliberate differences the project's reading
of the entry carries (``bibliography.pandoc_entries.corrections``); anything else is
UNEXPLAINED. Agreement is given twice: exact (the same text), and apart from
those deliberate differences.

    python benchmarks/csl_agreement.py                 # agreement per style
    python benchmarks/csl_agreement.py --write         # and rewrite tests/data/csl-divergences.md
    python benchmarks/csl_agreement.py --time          # seconds per entry, both sides, 1,000-4,000 entries
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bibliography.bibtex import read_bibtex  # noqa: E402
from bibliography.csl import Citation, Rendered, render_biblatex, render_file  # noqa: E402
from bibliography.pandoc import pandoc_binary, run_pandoc  # noqa: E402
from bibliography.pandoc_entries import DELIBERATE_DIFFERENCES, corrections, pandoc_biblatex  # noqa: E402

DATA = ROOT / "tests" / "data"
TRANSLATIONS = DATA / "csl-translations.bib"
REPORT = DATA / "csl-divergences.md"
#: Where Debian and TeX Live put the public .bib files; PROVENANCE_TEXMF_BIB or --texmf overrides.
DEFAULT_TEXMF_BIB = Path(os.environ.get("PROVENANCE_TEXMF_BIB", "/usr/share/texlive/texmf-dist/bibtex/bib"))
STYLES = ("chicago-notes-bibliography", "chicago-author-date", "apa", "modern-language-association")
#: TeX Live files and how many entries each gives (None: all of them).
SAMPLES = (
    ("biblatex/biblatex/biblatex-examples.bib", None),
    ("base/xampl.bib", None),
    ("beebe/tugboat.bib", 80),
    ("beebe/texbook3.bib", 50),
    ("beebe/font.bib", 40),
    ("beebe/printing-history.bib", 40),
    ("beebe/typeset.bib", 40),
    ("archaeologie/archaeologie-bibancient.bib", 30),
    ("jurabib/book.bib", None),
)
#: Locators as manuscripts write them, given in turn to the cited entries.
LOCATORS = (None, "p. 33", "chap. 7, sec. III", "pp. 12–15", "sec. 4", "p. xii")
#: The file and sizes timed (all of the file's entries up to the size cited once each).
TIMED_FILE = "beebe/tugboat.bib"
TIMED_SIZES = (1000, 2000, 4000)
TIMED_STYLE = "chicago-author-date"


@dataclass(frozen=True)
class Comparison:
    style: str
    source: str
    key: str
    kind: str  # "citation" or "bibliography"
    tool: str
    pandoc: str
    cause: str | None  # the deliberate differences of the entry, if any

    @property
    def agrees(self) -> bool:
        return normalise(self.tool) == normalise(self.pandoc)

    @property
    def accounted(self) -> bool:
        """The same text, or a difference the project makes on purpose."""
        return self.agrees or self.cause is not None


def normalise(text: str) -> str:
    return " ".join(text.split())


def sample_keys(keys: list[str], count: int | None) -> list[str]:
    """``count`` keys spread evenly over the file (all when None)."""
    if count is None or count >= len(keys):
        return keys
    step = len(keys) / count
    return [keys[int(index * step)] for index in range(count)]


def corpus(texmf: Path) -> list[tuple[Path, str, int | None]]:
    """(path, name shown, sample size) of every corpus file present."""
    files = [(texmf / name, name, count) for name, count in SAMPLES if (texmf / name).is_file()]
    return [*files, (TRANSLATIONS, TRANSLATIONS.name, None)]


def compare_file(path: Path, shown: str, count: int | None, styles=STYLES) -> list[Comparison]:
    """Every sampled entry's citation and bibliography entry in each style, ours beside pandoc's."""
    entries = list(read_bibtex(path).entries)
    by_key = {entry.key: entry for entry in entries}
    keys = sample_keys(list(by_key), count)
    citations = [Citation(key, LOCATORS[index % len(LOCATORS)]) for index, key in enumerate(keys)]
    biblatex = pandoc_biblatex(entries, keys)
    causes = {key: "; ".join(corrections(by_key[key], by_key)) or None for key in keys}
    comparisons = []
    for style in styles:
        ours = render_biblatex(biblatex, citations, style)
        theirs = render_file(path, citations, style)
        for citation, mine, other in zip(citations, ours.citations, theirs.citations):
            comparisons.append(Comparison(style, shown, citation.key, "citation", mine, other, causes[citation.key]))
        mine_entries, their_entries = _by_key(ours), _by_key(theirs)
        for key in keys:
            comparisons.append(
                Comparison(
                    style,
                    shown,
                    key,
                    "bibliography",
                    mine_entries.get(key, ""),
                    their_entries.get(key, ""),
                    causes[key],
                )
            )
    return comparisons


def _by_key(rendered: Rendered) -> dict[str, str]:
    return dict(zip(rendered.keys, rendered.bibliography))


def agreement(comparisons: list[Comparison], exact: bool = True) -> float:
    agreeing = sum(c.agrees if exact else c.accounted for c in comparisons)
    return agreeing / len(comparisons) if comparisons else 1.0


def reason(comparison: Comparison) -> str:
    if comparison.cause:
        return "deliberate: " + "; ".join(DELIBERATE_DIFFERENCES[name] for name in comparison.cause.split("; "))
    return "UNEXPLAINED"


def table(comparisons: list[Comparison]) -> list[str]:
    lines = [
        "| style | citations agree | apart from deliberate differences | bibliography entries agree "
        "| apart from deliberate differences |",
        "|---|---|---|---|---|",
    ]
    for style in STYLES:
        cells = []
        for kind in ("citation", "bibliography"):
            chosen = [c for c in comparisons if c.style == style and c.kind == kind]
            cells.append(f"{sum(c.agrees for c in chosen)}/{len(chosen)} ({agreement(chosen):.1%})")
            cells.append(f"{agreement(chosen, exact=False):.1%}")
        lines.append(f"| {style} | {' | '.join(cells)} |")
    return lines


def report(comparisons: list[Comparison]) -> str:
    """The divergence file: figures per style, then each divergence with both outputs and its cause."""
    sources = list(dict.fromkeys(c.source for c in comparisons))
    entries = len({(c.source, c.key) for c in comparisons})
    lines = [
        "# Citations and bibliographies: provenance against pandoc reading the same .bib",
        "",
        "Generated by `python benchmarks/csl_agreement.py --write`; do not edit by hand.",
        "",
        f"{entries} entries from {len(sources)} files ({', '.join(f'`{s}`' for s in sources)}),",
        "each cited once with a locator, in four styles, by the same pandoc with the same CSL",
        "files and locale (en-US).",
        "",
    ]
    lines += table(comparisons)
    lines += ["", "## Divergences", ""]
    divergent = [c for c in comparisons if not c.agrees]
    if not divergent:
        lines.append("None.")
    for c in divergent:
        lines += [
            f"### {c.style} · {c.key} · {c.kind}",
            "",
            f"- provenance: `{normalise(c.tool)}`",
            f"- pandoc:     `{normalise(c.pandoc)}`",
            f"- cause: {reason(c)}",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


@dataclass(frozen=True)
class Timing:
    entries: int
    provenance_wall: float
    pandoc_wall: float
    provenance_cpu: float  # this process and its pandoc run: what a shared machine's load does not add
    pandoc_cpu: float


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def time_both(path: Path, sizes=TIMED_SIZES, style: str = TIMED_STYLE) -> list[Timing]:
    """Both sides on the file cut after each size's last entry, every entry cited once."""
    text = path.read_text(encoding="utf-8", errors="replace")
    keys = [entry.key for entry in read_bibtex(path).entries]
    results = []
    with tempfile.TemporaryDirectory() as directory:
        for size in sizes:
            cut = Path(directory) / f"first-{size}.bib"
            # Cut where the first entry left out begins: its "@type{key," opening.
            end = text.rfind("@", 0, text.find("{" + keys[size] + ",")) if size < len(keys) else len(text)
            cut.write_text(text[:end], encoding="utf-8")
            wall, cpu = time.perf_counter(), _cpu()
            entries = list(read_bibtex(cut).entries)
            citations = [Citation(entry.key, "p. 4") for entry in entries]
            render_biblatex(pandoc_biblatex(entries), citations, style)
            ours_wall, ours_cpu = time.perf_counter() - wall, _cpu() - cpu
            wall, cpu = time.perf_counter(), _cpu()
            render_file(cut, citations, style)
            theirs_wall, theirs_cpu = time.perf_counter() - wall, _cpu() - cpu
            results.append(Timing(len(entries), ours_wall, theirs_wall, ours_cpu, theirs_cpu))
            print(
                f"{len(entries)} entries: provenance {ours_wall:.1f} s wall, {ours_cpu:.1f} s CPU "
                f"({1000 * ours_cpu / len(entries):.2f} ms/entry); pandoc {theirs_wall:.1f} s wall, "
                f"{theirs_cpu:.1f} s CPU ({1000 * theirs_cpu / len(entries):.2f} ms/entry); CPU ratio "
                f"{ours_cpu / theirs_cpu:.2f}, wall ratio {ours_wall / theirs_wall:.2f}",
                flush=True,
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texmf", type=Path, default=DEFAULT_TEXMF_BIB, help="folder of TeX Live's .bib files")
    parser.add_argument("--write", action="store_true", help=f"rewrite {REPORT.relative_to(ROOT)}")
    parser.add_argument("--time", action="store_true", help="time both sides on 1,000 / 2,000 / 4,000 entries")
    parser.add_argument("--sizes", type=int, nargs="+", default=TIMED_SIZES, help="entries to time")
    args = parser.parse_args()
    print(f"pandoc: {pandoc_binary()} ({run_pandoc(['--version'], '').splitlines()[0]})", flush=True)
    if args.time:
        time_both(args.texmf / TIMED_FILE, args.sizes)
        return
    comparisons = [c for path, shown, count in corpus(args.texmf) for c in compare_file(path, shown, count)]
    print("\n".join(table(comparisons)))
    unexplained = [c for c in comparisons if not c.accounted]
    print(f"{len(unexplained)} unexplained divergences")
    if args.write:
        REPORT.write_text(report(comparisons), encoding="utf-8")


if __name__ == "__main__":
    main()
