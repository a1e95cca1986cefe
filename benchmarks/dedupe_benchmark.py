"""Duplicate-entry benchmark: a generated, labelled bibliography of 10,000 and 50,000 entries.

Generates (deterministically, from a seed) distinct works (articles with DOIs,
books with ISBNs, chapters, web pages, some with Chinese titles), then copies
of some of them written differently (case, LaTeX accents, whitespace,
punctuation, reordered, abbreviated or truncated authors, DOI, URL and
ISBN forms, a year one apart, a typo, a dropped subtitle or identifier), and hard negatives that look
alike but are distinct works (another edition, another chapter of one book,
the same title years later, a translation). Every entry records which work it
is, so pairwise precision and recall are exact.

The same file then goes to ``bibtex-tidy --duplicates`` (npm) and to
``bib-dedupe`` (PyPI) when they are installed, and their scores are printed
beside ours. Scores are computed on clusters (the transitive closure of the
reported pairs), because bibtex-tidy reports each entry only against the
first one it matched.

    python benchmarks/dedupe_benchmark.py [--sizes 10000 50000] [--seed 1] [--keep DIR]
        [--bibtex-tidy PATH] [--external-timeout 900] [--skip-external]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bibliography.bibtex import BibEntry, parse_bibtex, split_names, strip_latex  # noqa: E402
from provenance.check.duplicate_entries import find_duplicates  # noqa: E402

ADJECTIVES = (
    "strategic national critical global regional emerging digital economic military "
    "comparative historical institutional political industrial scientific technological "
    "maritime nuclear cyber collective sustainable informal transnational civil"
).split()
NOUNS = (
    "security competition innovation governance deterrence alliances markets reform "
    "diplomacy sovereignty infrastructure supply chains standards talent capital power "
    "education energy migration surveillance propaganda bureaucracy networks trade "
    "sanctions industry research universities semiconductors satellites"
).split()
CONTEXTS = (
    "in East Asia|in the Cold War|after 1989|in the Twenty-First Century|under Xi Jinping|"
    "in Postwar Europe|in the Global South|on the Korean Peninsula|in the Indo-Pacific|"
    "in Late Imperial China|across the Taiwan Strait|in the Soviet Union|in Latin America|"
    "since the Financial Crisis|in Comparative Perspective|during Reform and Opening"
).split("|")
LEADS = (
    "The Politics of|Rethinking|A History of|Understanding|The Making of|Beyond|"
    "The Limits of|Explaining|Governing|Measuring|The Rise of|Contesting"
).split("|")
FOREIGN = ("Über|Économie|Sécurité|Stratégie|Gründung|Señales|Política|Mémoires|Öffentlichkeit").split("|")
SURNAMES = (
    "Jin Walker Smith Chen Wang Li Zhang Liu Müller García Martínez Johnson Brown Kim Park "
    "Nakamura Tanaka Rossi Dubois Lefèvre Novák Søndergaard Ibáñez Núñez Özdemir Schröder "
    "Fischer Weber Kowalski Nowak Ivanov Petrov Singh Patel Gupta Khan Ahmed Silva Santos "
    "Costa Oliveira Hughes Clarke Turner Evans Murphy O'Brien Lindqvist Berg Janssen"
).split()
GIVEN = (
    "Emily Thomas Anna Wei Jun Hans Jürgen María José Li Min Sophie Pierre Andrés Ines "
    "Jonas Lena Hiro Yuki Sara Omar Priya Rahul Olga Ivan Chloé Renée Zoë Mateus"
).split()
JOURNALS = (
    "International Security|Journal of Strategic Studies|China Quarterly|Security Studies|"
    "World Politics|Foreign Affairs|Asian Survey|Journal of Contemporary China"
).split("|")
PUBLISHERS = (
    "Oxford University Press|Cambridge University Press|Routledge|Columbia University Press|"
    "Princeton University Press|Springer"
).split("|")
HANZI = "科技创新国家安全发展战略体系研究能力人才市场政府产业前沿核心关键突破政策改革合作竞争资源基础进步引擎价值链主动实验室大学企业标准网络数据能源材料总体观学习纲要"
LATEX_ACCENTS = {
    "ü": r"{\"u}",
    "ö": r"{\"o}",
    "Ö": r"{\"O}",
    "é": r"{\'e}",
    "É": r"{\'E}",
    "è": r"{\`e}",
    "á": r"{\'a}",
    "í": r"{\'i}",
    "ñ": r"{\~n}",
    "ø": r"{\o}",
    "ç": r"{\c c}",
    "Ü": r"{\"U}",
    "ë": r"{\"e}",
}


@dataclass
class Record:
    """One entry to write, with the work it belongs to (the ground truth)."""

    work: int
    entry_type: str
    fields: dict[str, str]
    related_work: int | None = None
    key: str = ""


@dataclass
class Result:
    tool: str
    seconds: float | None
    precision: float | None = None
    recall: float | None = None
    memory: str = ""
    note: str = ""
    clusters: list[set[str]] = field(default_factory=list, repr=False)


# --- generation ------------------------------------------------------------


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(SURNAMES), rng.choice(GIVEN)


def english_title(rng: random.Random) -> str:
    nouns = rng.sample(NOUNS, 2)
    title = f"{rng.choice(LEADS)} {rng.choice(ADJECTIVES).title()} {nouns[0].title()}"
    if rng.random() < 0.6:
        title += f" and {rng.choice(ADJECTIVES).title()} {nouns[1].title()}"
    title += f" {rng.choice(CONTEXTS)}"
    if rng.random() < 0.15:
        title = f"{rng.choice(FOREIGN)} {title}"
    if rng.random() < 0.5:
        title += f": {rng.choice(LEADS)} {rng.choice(ADJECTIVES).title()} {rng.choice(NOUNS).title()}"
    return title


def chinese_title(rng: random.Random) -> str:
    return "".join(rng.choices(HANZI, k=rng.randint(8, 14)))


def doi(rng: random.Random) -> str:
    return f"10.{rng.randint(1000, 9999)}/{rng.choice('abcdefgh')}{rng.randint(10**6, 10**8)}"


def isbn13(rng: random.Random) -> str:
    body = "978" + "".join(str(rng.randint(0, 9)) for _ in range(9))
    check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body)) % 10) % 10
    return body + str(check)


def isbn10_of(isbn: str) -> str:
    body = isbn[3:12]
    check = sum((10 - i) * int(d) for i, d in enumerate(body)) % 11
    return body + ("X" if (11 - check) % 11 == 10 else str((11 - check) % 11))


def authors_value(people: list[tuple[str, str]]) -> str:
    return " and ".join(f"{surname}, {given}" for surname, given in people)


def new_work(rng: random.Random, work: int) -> Record:
    """A distinct work of a random type, its fields written the plain way."""
    people = [person(rng) for _ in range(rng.choice((1, 1, 2, 2, 3, 4)))]
    year = rng.randint(1950, 2024)
    title = chinese_title(rng) if rng.random() < 0.05 else english_title(rng)
    fields = {"author": authors_value(people), "title": title, "year": str(year)}
    kind = rng.random()
    if kind < 0.55:
        start = rng.randint(1, 400)
        fields |= {
            "journal": rng.choice(JOURNALS),
            "volume": str(rng.randint(1, 60)),
            "number": str(rng.randint(1, 12)),
            "pages": f"{start}--{start + rng.randint(5, 40)}",
        }
        if rng.random() < 0.75:
            fields["doi"] = doi(rng)
        return Record(work, "article", fields)
    if kind < 0.78:
        fields |= {"publisher": rng.choice(PUBLISHERS)}
        if rng.random() < 0.85:
            fields["isbn"] = isbn13(rng)
        return Record(work, "book", fields)
    if kind < 0.88:
        start = rng.randint(1, 400)
        fields |= {
            "booktitle": english_title(rng),
            "publisher": rng.choice(PUBLISHERS),
            "editor": authors_value([person(rng)]),
            "pages": f"{start}--{start + rng.randint(10, 30)}",
        }
        return Record(work, "incollection", fields)
    slug = "-".join(re.findall(r"[a-z]+", title.lower())[:6]) or f"page-{work}"
    fields |= {
        "url": f"https://www.{rng.choice(('example', 'thinktank', 'strategictranslation'))}.org/articles/{slug}-{work}",
        "date": f"{year}-{rng.randint(1, 12):02d}",
    }
    del fields["year"]
    return Record(work, "online", fields)


def hard_negative(rng: random.Random, base: Record, work: int) -> Record | None:
    """A distinct work that looks like *base*: what a duplicate finder must leave apart."""
    fields = dict(base.fields)
    year = int((fields.get("year") or fields.get("date", "2000"))[:4])
    kind = rng.choice(("edition", "chapter", "year", "translation"))
    if kind == "edition" and base.entry_type == "book":
        base.fields.setdefault("edition", "1")
        fields["edition"] = rng.choice(("2", "2nd", "Second", "3rd"))
        fields["year"] = str(year + rng.choice((1, 3, 5)))
        if "isbn" in fields:
            fields["isbn"] = isbn13(rng)
        return Record(work, "book", fields)
    if kind == "chapter" and base.entry_type == "book":
        # Two chapters cited from one book: same title, authors, ISBN.
        base.entry_type = "inbook"
        base.fields.update(chapter="3", pages="45--78")
        fields.update(chapter=str(rng.randint(4, 12)), pages=f"{rng.randint(80, 200)}--{rng.randint(201, 300)}")
        return Record(work, "inbook", fields)
    if kind == "year" and "year" in fields:
        fields["year"] = str(year + rng.randint(3, 10))
        fields.pop("doi", None)
        fields.pop("isbn", None)
        return Record(work, base.entry_type, fields)
    if kind == "translation":
        base.fields.setdefault("language", "chinese" if re.search(r"[\u4e00-\u9fff]", fields["title"]) else "german")
        fields.update(language="english", translator=authors_value([person(rng)]), relatedtype="translationof")
        fields.pop("doi", None)
        fields.pop("isbn", None)
        return Record(work, base.entry_type, fields, related_work=base.work)
    return None


def escape_accents(text: str) -> str:
    return "".join(LATEX_ACCENTS.get(char, char) for char in text)


def variant(rng: random.Random, base: Record) -> Record:
    """The same work written differently, as a second source would write it."""
    fields = dict(base.fields)
    people = [name.split(", ") for name in fields["author"].split(" and ")]
    chinese = bool(re.search(r"[\u4e00-\u9fff]", fields["title"]))
    for change in rng.sample(range(14), k=rng.randint(1, 3)):
        if change == 0:
            fields["title"] = rng.choice((str.upper, str.lower, str.title))(fields["title"])
        elif change == 1:
            fields["title"] = escape_accents(fields["title"])
            fields["author"] = escape_accents(fields["author"])
        elif change == 2:
            fields["title"] = re.sub(" ", lambda _: rng.choice((" ", "  ", "\n    ")), fields["title"])
        elif change == 3:
            separator = rng.choice((" --", ".", ",", ""))
            fields["title"] = fields["title"].replace(":", separator) + rng.choice((".", "", "?"))
        elif change == 4 and len(people) > 1:
            rng.shuffle(people)
            fields["author"] = " and ".join(", ".join(name) for name in people)
        elif change == 5:
            style = rng.choice(("given-first", "initials"))
            fields["author"] = " and ".join(
                f"{given} {surname}" if style == "given-first" else f"{surname}, {given[0]}."
                for surname, given in people
            )
        elif change == 6 and "doi" in fields:
            value = fields.pop("doi")
            form = rng.choice(("link", "prefix", "upper", "url"))
            if form == "url":
                fields["url"] = f"https://doi.org/{value}"
            else:
                fields["doi"] = {"link": f"https://doi.org/{value}", "prefix": f"doi:{value}", "upper": value.upper()}[
                    form
                ]
        elif change == 7 and "url" in fields:
            fields["url"] = fields["url"].replace(
                "https://www.", rng.choice(("http://", "https://", "http://www."))
            ) + rng.choice(("", "/"))
        elif change == 8 and "isbn" in fields:
            isbn = fields["isbn"]
            fields["isbn"] = rng.choice((isbn10_of(isbn), f"{isbn[:3]}-{isbn[3]}-{isbn[4:9]}-{isbn[9:12]}-{isbn[12]}"))
        elif change == 9 and "year" in fields and base.entry_type == "article":
            fields["year"] = str(int(fields["year"]) + 1)  # online first, printed the next year
        elif change == 10:
            words = fields["title"]
            if chinese:
                cut = rng.randint(1, len(words) - 2)
                fields["title"] = words[:cut] + words[cut + 1 :]
            elif len(words) > 40:
                # A letter, not a digit: "Volume 1" and "Volume 11" are distinct works.
                letters = [i for i, char in enumerate(words) if char.isalpha() and i >= len(words) // 2]
                cut = rng.choice(letters)
                fields["title"] = words[:cut] + words[cut + 1 :]
        elif change == 12 and ":" in fields["title"]:
            fields["title"] = fields["title"].split(":")[0]  # subtitle dropped
        elif change == 13 and len(people) > 2:
            fields["author"] = f"{', '.join(people[0])} and others"
        elif change == 11:
            for name in ("doi", "pages", "number", "publisher"):
                if name in fields and rng.random() < 0.5:
                    del fields[name]
    return Record(base.work, base.entry_type, fields, related_work=base.related_work)


def generate(size: int, seed: int) -> list[Record]:
    """Exactly *size* entries: about 70% distinct works, 20% copies, 10% hard negatives."""
    rng = random.Random(seed)
    records: list[Record] = []
    work = 0
    while len(records) < size:
        base = new_work(rng, work)
        work += 1
        group = [base]
        roll = rng.random()
        if roll < 0.12:
            negative = hard_negative(rng, base, work)
            if negative is not None:
                work += 1
                group.append(negative)
                if rng.random() < 0.3:
                    group.append(variant(rng, negative))
        if rng.random() < 0.2:
            group.extend(variant(rng, base) for _ in range(rng.choice((1, 1, 1, 2))))
        records.extend(group)
    records = records[:size]
    rng.shuffle(records)
    primary: dict[int, str] = {}
    for position, record in enumerate(records):
        record.key = f"r{position:06d}"
        primary.setdefault(record.work, record.key)
    for record in records:
        if record.related_work is not None:
            if record.related_work in primary:
                record.fields["related"] = primary[record.related_work]
            else:
                del record.fields["relatedtype"]
    return records


def write_bib(records: Iterable[Record], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            body = ",\n".join(f"  {name} = {{{value}}}" for name, value in record.fields.items())
            out.write(f"@{record.entry_type}{{{record.key},\n{body}\n}}\n\n")


# --- scoring ---------------------------------------------------------------


def clusters_of(pairs: Iterable[tuple[str, str]]) -> list[set[str]]:
    """Connected components of the reported pairs."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for first, second in pairs:
        parent[root(first)] = root(second)
    groups: dict[str, set[str]] = defaultdict(set)
    for key in list(parent):
        groups[root(key)].add(key)
    return [group for group in groups.values() if len(group) > 1]


def score(clusters: list[set[str]], truth: dict[str, int]) -> tuple[float, float]:
    """Pairwise precision and recall of predicted clusters against the works each entry belongs to."""
    true_pairs = sum(n * (n - 1) // 2 for n in Counter(truth.values()).values())
    predicted = correct = 0
    for group in clusters:
        predicted += len(group) * (len(group) - 1) // 2
        correct += sum(n * (n - 1) // 2 for n in Counter(truth[key] for key in group).values())
    precision = correct / predicted if predicted else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    return precision, recall


def pair_score(pairs: list[tuple[str, str]], truth: dict[str, int]) -> tuple[float, float]:
    """Precision and recall of the pairs exactly as reported, without closure."""
    true_pairs = sum(n * (n - 1) // 2 for n in Counter(truth.values()).values())
    correct = sum(truth[a] == truth[b] for a, b in pairs)
    return (correct / len(pairs) if pairs else 1.0), correct / true_pairs


# --- the tools -------------------------------------------------------------


def run_ours(entries: tuple[BibEntry, ...], truth: dict[str, int], trace_memory: bool) -> list[Result]:
    start = time.perf_counter()
    found = find_duplicates(entries)
    seconds = time.perf_counter() - start
    pairs = [(pair.first.key, pair.second.key) for pair in found]
    memory = ""
    if trace_memory:
        tracemalloc.start()
        find_duplicates(entries)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        memory = f"{peak / 2**20:.0f} MiB traced"
    clusters = clusters_of(pairs)
    precision, recall = score(clusters, truth)
    raw_precision, raw_recall = pair_score(pairs, truth)
    return [
        Result(
            "provenance.check.duplicate_entries", seconds, precision, recall, memory, f"{len(pairs)} pairs", clusters
        ),
        Result("  (pairs as reported)", seconds, raw_precision, raw_recall, "", "no closure"),
    ]


def run_bibtex_tidy(executable: str | None, bib: Path, truth: dict[str, int], timeout: float) -> Result:
    name = "bibtex-tidy --duplicates"
    if executable is None:
        return Result(name, None, note="not installed (npm install -g bibtex-tidy)")
    output = bib.with_suffix(".tidy.bib")
    command = [
        executable,
        str(bib),
        "--v2",
        "--duplicates=doi,citation,abstract",
        "--no-merge",
        "--no-escape",
        "-o",
        str(output),
    ]
    start = time.perf_counter()
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Result(name, None, note=f"timed out after {timeout:.0f} s")
    seconds = time.perf_counter() - start
    pairs = re.findall(
        r"Entry (\S+) has (?:an identical DOI|similar content|a similar abstract) to entry (\S+?)\.$",
        completed.stdout + completed.stderr,
        re.MULTILINE,
    )
    if completed.returncode != 0:
        return Result(name, seconds, note=f"exit {completed.returncode}: {completed.stderr.strip()[:80]}")
    clusters = clusters_of(pairs)
    precision, recall = score(clusters, truth)
    return Result(name, seconds, precision, recall, "", f"{len(pairs)} warnings", clusters)


def bib_dedupe_frame(entries: Iterable[BibEntry]):  # -> pandas.DataFrame
    """Our entries as the records table bib-dedupe expects: ID, ENTRYTYPE, author, title, year, ..."""
    import pandas as pd

    rows = []
    for entry in entries:
        fields = entry.fields
        names = [strip_latex(name) for name in split_names(fields.get("author", ""))]
        rows.append(
            {
                "ID": entry.key,
                "ENTRYTYPE": entry.entry_type,
                "author": " and ".join(names),
                "title": strip_latex(fields.get("title", "")),
                "year": (re.findall(r"\d{4}", fields.get("year") or fields.get("date") or "") or [""])[0],
                "journal": fields.get("journal", ""),
                "booktitle": strip_latex(fields.get("booktitle", "")),
                "volume": fields.get("volume", ""),
                "number": fields.get("number", ""),
                "pages": fields.get("pages", ""),
                "doi": fields.get("doi", ""),
            }
        )
    return pd.DataFrame(rows)


def bib_dedupe_worker(bib: Path) -> None:
    """Run in a child process, so a slow or crashing bib-dedupe cannot stall the benchmark."""
    import bib_dedupe.bib_dedupe as bd

    entries = parse_bibtex(bib.read_text(encoding="utf-8"), str(bib)).entries
    frame = bib_dedupe_frame(entries)
    start = time.perf_counter()
    prepared = bd.prep(frame, verbosity_level=0, cpu=2)
    matched = bd.match(bd.block(prepared, verbosity_level=0, cpu=2), verbosity_level=0, cpu=2)
    seconds = time.perf_counter() - start
    duplicates = matched[matched["duplicate_label"] == "duplicate"]
    pairs = list(zip(duplicates["ID_1"].astype(str), duplicates["ID_2"].astype(str)))
    print(json.dumps({"seconds": seconds, "pairs": pairs}))


def run_bib_dedupe(bib: Path, truth: dict[str, int], timeout: float) -> Result:
    name = "bib-dedupe (true matches)"
    try:
        import bib_dedupe  # noqa: F401
    except ImportError:
        return Result(name, None, note="not installed (pip install bib-dedupe)")
    command = [sys.executable, __file__, "--bib-dedupe-worker", str(bib)]
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Result(name, None, note=f"timed out after {timeout:.0f} s")
    if completed.returncode != 0:
        tail = completed.stderr.strip().splitlines()[-1:] or ["no output"]
        return Result(name, None, note=f"failed: {tail[0][:100]}")
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    pairs = [tuple(pair) for pair in report["pairs"]]
    clusters = clusters_of(pairs)
    precision, recall = score(clusters, truth)
    return Result(name, report["seconds"], precision, recall, "", f"{len(pairs)} pairs", clusters)


# --- reporting -------------------------------------------------------------


def misses(result: Result, records: list[Record], limit: int = 3) -> list[str]:
    """A few false positives and negatives of ours, to show what kind of error remains."""
    by_key = {record.key: record for record in records}
    found = {frozenset(pair) for group in result.clusters for pair in itertools.combinations(group, 2)}
    lines = []
    false_positive = [pair for pair in found if len({by_key[key].work for key in pair}) == 2]
    for pair in false_positive[:limit]:
        lines.append("  false positive: " + " | ".join(summary(by_key[key]) for key in sorted(pair)))
    works: dict[int, list[str]] = defaultdict(list)
    for record in records:
        works[record.work].append(record.key)
    missed = [
        pair for keys in works.values() for pair in itertools.combinations(keys, 2) if frozenset(pair) not in found
    ]
    for pair in missed[:limit]:
        lines.append("  missed:         " + " | ".join(summary(by_key[key]) for key in pair))
    return lines


def summary(record: Record) -> str:
    fields = record.fields
    parts = [
        record.key,
        record.entry_type,
        fields.get("title", "")[:50],
        fields.get("author", "")[:30],
        fields.get("year") or fields.get("date", ""),
        fields.get("doi", ""),
        fields.get("url", "")[:50],
    ]
    return " ; ".join(" ".join(part.split()) for part in parts if part)


def table(size: int, results: list[Result]) -> str:
    lines = [f"{size:,} entries", f"{'tool':<28} {'time (s)':>9} {'precision':>10} {'recall':>8}  {'memory':<16} note"]
    for result in results:
        seconds = f"{result.seconds:9.2f}" if result.seconds is not None else f"{'-':>9}"
        precision = f"{result.precision:10.4f}" if result.precision is not None else f"{'-':>10}"
        recall = f"{result.recall:8.4f}" if result.recall is not None else f"{'-':>8}"
        lines.append(f"{result.tool:<28} {seconds} {precision} {recall}  {result.memory:<16} {result.note}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 50000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the generated files here and keep them")
    parser.add_argument("--bibtex-tidy", default=shutil.which("bibtex-tidy"), help="path to the bibtex-tidy CLI")
    parser.add_argument("--external-timeout", type=float, default=900)
    parser.add_argument("--skip-external", action="store_true")
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the second, traced run of ours")
    parser.add_argument("--bib-dedupe-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bib_dedupe_worker:
        bib_dedupe_worker(args.bib_dedupe_worker)
        return

    directory = args.keep or Path(tempfile.mkdtemp(prefix="dedupe-benchmark-"))
    directory.mkdir(parents=True, exist_ok=True)
    try:
        for size in args.sizes:
            records = generate(size, args.seed)
            bib = directory / f"dedupe-{size}.bib"
            write_bib(records, bib)
            truth = {record.key: record.work for record in records}
            start = time.perf_counter()
            parsed = parse_bibtex(bib.read_text(encoding="utf-8"), str(bib))
            parse_seconds = time.perf_counter() - start
            if parsed.problems or len(parsed.entries) != size:
                sys.exit(f"generated file does not parse cleanly: {parsed.problems[:3]}")
            works = len(set(truth.values()))
            true_pairs = sum(n * (n - 1) // 2 for n in Counter(truth.values()).values())
            print(
                f"\n{bib.name}: {size:,} entries, {works:,} works, {true_pairs:,} duplicate pairs "
                f"(parsed in {parse_seconds:.1f} s, not counted below)"
            )
            results = run_ours(parsed.entries, truth, not args.no_tracemalloc)
            if args.skip_external:
                results.append(Result("external tools", None, note="skipped (--skip-external)"))
            else:
                results.append(run_bibtex_tidy(args.bibtex_tidy, bib, truth, args.external_timeout))
                results.append(run_bib_dedupe(bib, truth, args.external_timeout))
            print(table(size, results))
            print("\n".join(misses(results[0], records)))
    finally:
        if args.keep is None:
            shutil.rmtree(directory)


if __name__ == "__main__":
    main()
