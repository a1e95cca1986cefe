"""Page locators checked against real PDFs: precision and recall per page type.

For each PDF: `source add` captures it; quotations are drawn from the text
poppler's `pdftotext` gives for each page (an extractor other than the one the
tool uses), and the page a quotation is on is the page number printed on that
page (the outside oracle for the PDF's /PageLabels). Each quotation is cited
with right and wrong page locators of three types — arabic pages, roman
(front matter) pages, ranges (``pp. 4–5``, ``4f.``) — and `provenance lint`
must flag exactly the wrong ones: L001 for a page the passage is not on, L003
for a page the document does not have. A wrong locator is a positive.

    python benchmarks/page_locators.py PDF [PDF ...] [--per-type 25] [--seed 1] [--json]

Debian's libtasn1-doc (libtasn1.pdf) and texlive-base (tlbuild.pdf) ship
manuals with roman front matter and an outline; texlive-latex-recommended-doc's
memoir manual (memman.pdf) has prose on its roman pages (preface, introduction,
acknowledgements), so right roman locators are drawn from it.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from provenance.api import Project
from provenance.cli.main import main
from provenance.inputs.config import load_config

ROMAN = re.compile(r"^[ivxlcdm]+$", re.IGNORECASE)
#: pdftotext -bbox output: a page, and a word with its box.
PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.DOTALL)
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')
#: A line worth quoting: enough words, nothing a citation parser would read as markup or an
#: ellipsis (the dot leaders of a table of contents).
QUOTABLE = re.compile(r"^[A-Za-z](?!.*\.\s?\.)[^\"“”\[\]@{}\\*_`<>|#…]{30,140}$")


def printed_pages(pdf: Path) -> list[tuple[str | None, list[str]]]:
    """Per page: the number printed in its running head or foot, and its other lines, by pdftotext.

    The number is read where it is printed: alone at either end of the page's top or bottom
    line, when that line stands apart from the text block as a head or foot does (the last
    line of a table of contents also ends in a number, but sits in the text block).
    """

    def run(*options: str) -> str:
        return subprocess.run(
            ["pdftotext", *options, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout

    pages, arabic_seen = [], False
    for page, words in zip(run().split("\f"), PAGE.findall(run("-bbox"))):
        printed = _folio(_lines(WORD.findall(words)), arabic_seen)
        arabic_seen = arabic_seen or bool(printed and printed.isdigit())
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        pages.append((printed, [line for line in lines if line != printed]))
    return pages


def _lines(words: list[tuple[str, ...]]) -> list[tuple[float, float, list[str]]]:
    """Words grouped into lines by their bottom edge: (top, bottom, words left to right), top line first."""
    lines: dict[float, list[tuple[float, float, str]]] = {}
    for x, top, bottom, word in words:
        key = next((key for key in lines if abs(key - float(bottom)) < 2), float(bottom))
        lines.setdefault(key, []).append((float(x), float(top), html.unescape(word)))
    return sorted(
        (min(top for _, top, _ in line), bottom, [word for *_, word in sorted(line)]) for bottom, line in lines.items()
    )


def _folio(lines: list[tuple[float, float, list[str]]], arabic_seen: bool) -> str | None:
    if len(lines) < 2:
        return None
    edges = [
        words
        for (top, bottom, words), gap in (
            (lines[0], lines[1][0] - lines[0][1]),
            (lines[-1], lines[-1][0] - lines[-2][1]),
        )
        if gap >= bottom - top
    ]  # a head or foot is set off from the text by more than its own height
    # A number alone on its line before one ending a running head, which may begin with a chapter number.
    alone = [words[0] for words in edges if len(words) == 1]
    for word in alone + [word for words in edges for word in (words[-1], words[0])]:
        # Roman numbers count only before the first arabic one: they number the front matter,
        # while later a lone "C" or "X" is an appendix letter.
        if word.isdigit() or (ROMAN.match(word) and not arabic_seen):
            return word
    return None


def cases(pages, rng: random.Random, per_type: int) -> list[dict]:
    """(quote, locator, page type, expected outcome) cases drawn from the printed pages."""
    # Unique in the whole document, however its lines break: the page it is on is then certain.
    everything = " ".join(" ".join(lines) for _, lines in pages)
    counts = Counter({line: everything.count(line) for _, lines in pages for line in lines})
    labels = [printed for printed, _ in pages]
    arabic = [i for i, label in enumerate(labels) if label and label.isdigit()]
    roman = [i for i, label in enumerate(labels) if label and ROMAN.match(label)]
    quotable = {
        i: [line for line in pages[i][1] if counts[line] == 1 and QUOTABLE.match(line) and len(line.split()) >= 5]
        for i in arabic + roman
    }
    result = []

    def pick(indexes):
        usable = [i for i in indexes if quotable.get(i)]
        return [(i, rng.choice(quotable[i])) for i in rng.sample(usable, min(per_type, len(usable)))] if usable else []

    last_arabic = max(int(labels[i]) for i in arabic)
    for index, quote in pick(arabic):
        other = rng.choice([i for i in arabic if i != index])
        result += [
            dict(type="arabic", quote=quote, locator=f"p. {labels[index]}", expected="ok"),
            dict(type="arabic", quote=quote, locator=f"p. {labels[other]}", expected="L001"),
            dict(type="arabic", quote=quote, locator=f"p. {last_arabic + rng.randint(1, 50)}", expected="L003"),
        ]
    if roman:
        # Front matter pages seldom hold quotable prose (in texinfo manuals: the contents), so
        # body quotations cited by a roman page are the wrong roman locators too.
        for index, quote in pick(arabic):
            result += [
                dict(type="roman", quote=quote, locator=f"p. {labels[rng.choice(roman)]}", expected="L001"),
                dict(type="roman", quote=quote, locator="p. xlix", expected="L003"),
            ]
    for index, quote in pick(roman):
        others = [i for i in roman + arabic if i != index]
        result += [
            dict(type="roman", quote=quote, locator=f"p. {labels[index]}", expected="ok"),
            dict(type="roman", quote=quote, locator=f"p. {labels[rng.choice(others)]}", expected="L001"),
            dict(type="roman", quote=quote, locator="p. xlix", expected="L003"),
        ]
    inner = [i for i in arabic if {i - 1, i + 1, i + 2} <= set(arabic)]
    for index, quote in pick(inner):
        before, after, beyond = labels[index - 1], labels[index + 1], labels[index + 2]
        result += [
            dict(type="range", quote=quote, locator=f"pp. {labels[index]}–{after}", expected="ok"),
            dict(type="range", quote=quote, locator=f"pp. {before}–{labels[index]}", expected="ok"),
            dict(type="range", quote=quote, locator=f"p. {labels[index]}f.", expected="ok"),
            dict(type="range", quote=quote, locator=f"p. {before}f.", expected="ok"),
            dict(type="range", quote=quote, locator=f"pp. {after}–{beyond}", expected="L001"),
            dict(type="range", quote=quote, locator=f"p. {after}f.", expected="L001"),
            dict(type="range", quote=quote, locator=f"pp. {labels[index]}–{last_arabic + 40}", expected="L003"),
        ]
    return result


def evaluate(pdf: Path, per_type: int, seed: int) -> dict:
    rng = random.Random(seed)
    pages = printed_pages(pdf)
    chosen = cases(pages, rng, per_type)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "provenance.toml").write_text(
            'bibliography = ["refs.bib"]\nsources = ["sources"]\nmanuscripts = ["paper.md"]\n', encoding="utf-8"
        )
        (root / "refs.bib").write_text(
            "@manual{doc,\n  title = {Manual},\n  author = {Someone},\n"
            "  date = {2022},\n  file = {sources/doc.md},\n}\n",
            encoding="utf-8",
        )
        runner = CliRunner()
        added = runner.invoke(
            main, ["--config", str(root / "provenance.toml"), "source", "add", str(pdf), "--key", "doc"]
        )
        if added.exit_code != 0:
            raise SystemExit(added.output)
        (root / "paper.md").write_text(
            "".join(f"“{c['quote']}” [@doc, {c['locator']}].\n\n" for c in chosen), encoding="utf-8"
        )
        with Project.open(load_config(root / "provenance.toml")) as opened:
            audit = opened.audit()
        labels = _labels(root / "sources" / "doc.md")
    quotations = {q.line: q for q in audit.quotations}
    for number, case in enumerate(chosen):
        quotation = quotations.get(2 * number + 1)
        codes = {f.code for f in quotation.findings} if quotation else set()
        # Whether the tool read it as a quotation and found it in the PDF's text.
        case["found"] = quotation is not None and quotation.passage is not None
        case["predicted"] = "L003" if "L003" in codes else "L001" if "L001" in codes else "ok"
    agreeing = sum(1 for (printed, _), label in zip(pages, labels) if printed and printed == label)
    printed_count = sum(1 for printed, _ in pages if printed)
    return {
        "pdf": pdf.name,
        "pages": len(pages),
        "labels_agreeing_with_printed": f"{agreeing}/{printed_count}",
        "cases": chosen,
    }


def _labels(source: Path) -> list[str]:
    from provenance.inputs.sources.front_matter import capture_metadata

    return [str(label) for label in capture_metadata(source.read_text(encoding="utf-8"))[0]["page-labels"]]


def scores(chosen: list[dict]) -> dict:
    """Per page type: precision and recall of flagging wrong locators, and exact-code accuracy."""
    table = {}
    for kind in ("arabic", "roman", "range"):
        found = [c for c in chosen if c["type"] == kind and c["found"]]
        tp = sum(1 for c in found if c["expected"] != "ok" and c["predicted"] != "ok")
        fp = sum(1 for c in found if c["expected"] == "ok" and c["predicted"] != "ok")
        fn = sum(1 for c in found if c["expected"] != "ok" and c["predicted"] == "ok")
        exact = sum(1 for c in found if c["expected"] == c["predicted"])
        table[kind] = {
            "cases": sum(1 for c in chosen if c["type"] == kind),
            "quote found": len(found),
            "wrong": tp + fn,
            "right": len(found) - tp - fn,
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "precision": tp / (tp + fp) if tp + fp else None,
            "recall": tp / (tp + fn) if tp + fn else None,
            "exact code": f"{exact}/{len(found)}",
        }
    return table


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="+", type=Path)
    parser.add_argument("--per-type", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="Print every case as JSON.")
    arguments = parser.parse_args(argv)
    if shutil.which("pdftotext") is None:
        print("pdftotext (poppler-utils) is needed as the oracle", file=sys.stderr)
        return 2
    everything = []
    for pdf in arguments.pdfs:
        result = evaluate(pdf, arguments.per_type, arguments.seed)
        everything += result["cases"]
        print(
            f"{result['pdf']}: {result['pages']} pages, page labels = printed numbers on "
            f"{result['labels_agreeing_with_printed']} numbered pages"
        )
        _print(scores(result["cases"]))
    if len(arguments.pdfs) > 1:
        print("all documents:")
        _print(scores(everything))
    if arguments.json:
        print(json.dumps(everything, ensure_ascii=False, indent=1))
    return 0


def _print(table: dict) -> None:
    for kind, row in table.items():
        precision = "—" if row["precision"] is None else f"{row['precision']:.3f}"
        recall = "—" if row["recall"] is None else f"{row['recall']:.3f}"
        print(
            f"  {kind:7} cases {row['cases']:4}  quote found {row['quote found']:4}  wrong {row['wrong']:4}  "
            f"right {row['right']:4}  TP {row['tp']:4} FP {row['fp']:3} FN {row['fn']:3}  "
            f"precision {precision}  recall {recall}  exact code {row['exact code']}"
        )


if __name__ == "__main__":
    sys.exit(main_())
