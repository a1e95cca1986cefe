"""Agreement of `bibliography.csl` with `pandoc --citeproc` on the test corpus.

For each CSL-JSON item of ``tests/data/csl-corpus.json`` and each promised
style, the tool's citation (at the item's locator in
``tests/data/csl-locators.json``) and bibliography entry are compared with
what pandoc prints from the same items and the same CSL file, after whitespace
normalisation. Pandoc runs once per style on one document citing every item
(the Chicago files take seconds to parse); every author in the corpus is
distinct, so no citation needs disambiguating against another.

Both processors read the same locale: pandoc 2.17 would otherwise use the
en-US locale built into it (2022), which predates terms current styles use
(APA's "Original work published", "[Dataset]", the short "trans."), while
citeproc-py reads the CSL project's current ``locales-en-US.xml``. Pandoc
is given the style with that file embedded as a language-less ``cs:locale``:
the style's own locale overrides still come first, and for citeproc-py,
which reads the same file, nothing changes.

    python benchmarks/csl_agreement.py            # print agreement per style
    python benchmarks/csl_agreement.py --write    # and rewrite tests/data/csl-divergences.md

Each known divergence is explained in ``tests/data/csl-divergence-reasons.json``
(item id and style → reason); the report lists unexplained ones as such.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bibliography.csl import format_bibliography, format_citation, style_path  # noqa: E402

DATA = ROOT / "tests" / "data"
CORPUS = DATA / "csl-corpus.json"
LOCATORS = DATA / "csl-locators.json"
REASONS = DATA / "csl-divergence-reasons.json"
REPORT = DATA / "csl-divergences.md"
STYLES = ("chicago-notes-bibliography", "chicago-author-date", "apa", "modern-language-association")

# Marks each citation and bibliography entry in pandoc's plain output with its item, and
# prints a note's text where its reference was, so one run yields every item's output.
_LUA_FILTER = """
function Note(note)
  return pandoc.Span(pandoc.utils.blocks_to_inlines(note.content))
end
function Div(div)
  local id = div.identifier:match("^ref%-(.+)$")
  if id and div.content[1] and div.content[1].content then
    table.insert(div.content[1].content, 1, pandoc.Str("⟦REF " .. id .. "⟧ "))
    return div
  end
end
"""
_MARK = re.compile(r"⟦(CITE|REF) (.+?)⟧")
_CSL = "{http://purl.org/net/xbiblio/csl}"


@dataclass(frozen=True)
class Comparison:
    style: str
    item: str
    kind: str          # "citation" or "bibliography"
    tool: str
    pandoc: str

    @property
    def agrees(self) -> bool:
        return normalise(self.tool) == normalise(self.pandoc)


def normalise(text: str) -> str:
    return " ".join(text.split())


def with_locale(style: str, directory: Path) -> Path:
    """A copy of ``style``'s file in ``directory`` holding citeproc-py's en-US locale, for pandoc.

    A ``cs:locale`` without ``xml:lang`` ranks below the style's own locales and
    above the processor's locale files (CSL 1.0.2, locale fallback).
    """
    from citeproc import LOCALES_PATH
    from lxml import etree

    tree = etree.parse(str(style_path(style)))
    locale = etree.parse(str(Path(LOCALES_PATH) / "locales-en-US.xml")).getroot()
    locale.attrib.pop("{http://www.w3.org/XML/1998/namespace}lang")
    for info in locale.findall(f"{_CSL}info"):
        locale.remove(info)
    root = tree.getroot()
    anchor = (root.findall(f"{_CSL}locale") or root.findall(f"{_CSL}info"))[-1]
    anchor.addnext(locale)
    path = directory / f"{style_path(style).stem}-en-US.csl"
    tree.write(str(path), encoding="utf-8", xml_declaration=True)
    return path


def pandoc_outputs(style: str, items: list[dict], locators: dict[str, str | None]) -> dict[tuple[str, str], str]:
    """(kind, item id) → pandoc's plain-text citation and bibliography entry under ``style``."""
    document = "\n\n".join(f"⟦CITE {item['id']}⟧ [@{item['id']}" + (f", {locators[item['id']]}]"
                                                                       if locators.get(item["id"]) else "]")
                           for item in items)
    with tempfile.TemporaryDirectory() as directory:
        bibliography = Path(directory) / "corpus.json"
        bibliography.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        lua = Path(directory) / "mark.lua"
        lua.write_text(_LUA_FILTER, encoding="utf-8")
        result = subprocess.run(
            ["pandoc", "--citeproc", "--lua-filter", str(lua), "--csl", str(with_locale(style, Path(directory))),
             "--bibliography", str(bibliography), "-f", "markdown", "-t", "plain", "--wrap=none"],
            input=document, capture_output=True, text=True, check=True)
    found: dict[tuple[str, str], str] = {}
    marks = list(_MARK.finditer(result.stdout))
    for mark, following in zip(marks, marks[1:] + [None]):
        text = result.stdout[mark.end():following.start() if following else len(result.stdout)]
        kind = "citation" if mark.group(1) == "CITE" else "bibliography"
        found[(kind, mark.group(2))] = text.strip()
    return found


def compare_style(style: str, items: list[dict], locators: dict[str, str | None]) -> list[Comparison]:
    """Every item's citation and bibliography entry, the tool's beside pandoc's."""
    theirs = pandoc_outputs(style, items, locators)
    comparisons = []
    for item in items:
        key = item["id"]
        ours_citation = format_citation(items, key, locators.get(key), style)
        ours_entry = " ".join(format_bibliography(items, [key], style))
        comparisons.append(Comparison(style, key, "citation", ours_citation, theirs.get(("citation", key), "")))
        comparisons.append(Comparison(style, key, "bibliography", ours_entry, theirs.get(("bibliography", key), "")))
    return comparisons


def load_corpus() -> tuple[list[dict], dict[str, str | None]]:
    return (json.loads(CORPUS.read_text(encoding="utf-8")), json.loads(LOCATORS.read_text(encoding="utf-8")))


def agreement(comparisons: list[Comparison]) -> float:
    return sum(c.agrees for c in comparisons) / len(comparisons)


def report(results: dict[str, list[Comparison]], reasons: dict[str, str]) -> str:
    """The divergence file: figures per style, then each divergence with both outputs and its reason."""
    lines = ["# CSL output: provenance (citeproc-py) against pandoc --citeproc", "",
             "Generated by `python benchmarks/csl_agreement.py --write`; do not edit by hand",
             "(reasons live in `csl-divergence-reasons.json`).", "",
             "Both processors read the same style and the same en-US locale: pandoc 2.17 is given the style",
             "with citeproc-py's `locales-en-US.xml` embedded as a language-less `cs:locale` (below the style's",
             "own locale overrides), since its built-in locale predates terms the styles use (APA's",
             "\"Original work published\", \"[Dataset]\", \"Trans.\"; MLA's \"June\").", "",
             "| style | comparisons | agree | agreement |", "|---|---|---|---|"]
    for style, comparisons in results.items():
        agree = sum(c.agrees for c in comparisons)
        lines.append(f"| {style} | {len(comparisons)} | {agree} | {agreement(comparisons):.1%} |")
    lines += ["", "## Divergences", ""]
    divergent = [c for comparisons in results.values() for c in comparisons if not c.agrees]
    if not divergent:
        lines.append("None.")
    for c in divergent:
        reason = reasons.get(f"{c.style}/{c.item}/{c.kind}") or reasons.get(f"{c.style}/{c.item}") \
            or "UNEXPLAINED"
        lines += [f"### {c.style} · {c.item} · {c.kind}", "", f"- provenance: `{normalise(c.tool)}`",
                  f"- pandoc:     `{normalise(c.pandoc)}`", f"- reason: {reason}", ""]
    return "\n".join(lines).rstrip() + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"rewrite {REPORT.relative_to(ROOT)}")
    args = parser.parse_args()
    items, locators = load_corpus()
    results = {style: compare_style(style, items, locators) for style in STYLES}
    for style, comparisons in results.items():
        print(f"{style}: {agreement(comparisons):.1%} of {len(comparisons)} agree")
    if args.write:
        reasons = json.loads(REASONS.read_text(encoding="utf-8")) if REASONS.exists() else {}
        REPORT.write_text(report(results, reasons), encoding="utf-8")


if __name__ == "__main__":
    main()
