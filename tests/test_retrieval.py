"""Retrieval does not depend on how many sources there are.

Real texts: Debian's `fortunes` (quotations and literature in English) and
`fortunes-zh` (Tang and Song poems, Chinese prose). A manuscript quotes a few
sources faithfully, with a word changed, with a clause silently cut, cited to
the wrong source and uncited; it must get exactly the same findings when
twelve more sources are registered beside them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from helpers import lint_json

from provenance.check.search import find_candidates
from provenance.text.matching import normalize

#: Where Debian installs the fortunes packages (CI installs them); override with PROVENANCE_TEST_FORTUNES.
FORTUNES = Path(os.environ.get("PROVENANCE_TEST_FORTUNES", "/usr/share/games/fortunes"))
BASE = ["literature", "wisdom", "tang300", "song100"]
MORE = [
    "people",
    "politics",
    "humorists",
    "science",
    "law",
    "education",
    "art",
    "love",
    "work",
    "chinese",
    "food",
    "medicine",
]

pytestmark = pytest.mark.skipif(
    not all((FORTUNES / name).is_file() for name in BASE + MORE),
    reason=f"needs Debian's fortunes and fortunes-zh under {FORTUNES}",
)


def _entries(name: str) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", (FORTUNES / name).read_text(encoding="utf-8"))
    entries = []
    for block in re.split(r"^%$", text, flags=re.MULTILINE):
        lines = [line.strip() for line in block.strip().splitlines() if not line.strip().startswith("--")]
        joiner = "" if re.search(r"[\u4e00-\u9fff]", block) else " "
        if lines:
            entries.append(joiner.join(lines))
    return entries


def _write_project(root: Path, names: list[str], manuscript: str) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "manuscripts").mkdir()
    bib = []
    for name in names:
        (root / "sources" / f"{name}.md").write_text("\n\n".join(_entries(name)) + "\n", encoding="utf-8")
        language = "chinese" if name in ("tang300", "song100", "chinese") else "english"
        bib.append(
            f"@misc{{{name},\n  title = {{{name}}},\n  author = {{Various}},\n  date = {{2021}},\n"
            f"  langid = {{{language}}},\n  file = {{sources/{name}.md}},\n}}\n"
        )
    (root / "refs.bib").write_text("\n".join(bib), encoding="utf-8")
    (root / "manuscripts" / "essay.md").write_text(manuscript, encoding="utf-8")
    (root / "provenance.toml").write_text(
        'bibliography = ["refs.bib"]\nsources = ["sources"]\nmanuscripts = ["manuscripts/*.md"]\n'
    )
    return root


def _manuscript() -> str:
    """Quotations of the base sources, made from their text by known edits."""
    long_english = [e for e in _entries("literature") if len(e.split()) >= 16 and '"' not in e][:6]
    poems = [e for e in _entries("tang300") if e.count("，") >= 4][:4]
    lines = ["# Essay\n"]
    for entry in long_english[:2]:
        lines.append(f"Faithful: “{entry}” [@literature].\n")
    words = long_english[2].split()
    words[5] = "umbrella" if words[5] != "umbrella" else "parasol"
    lines.append(f"Altered: “{' '.join(words)}” [@literature].\n")
    words = long_english[3].split()
    lines.append(f"Cut: “{' '.join(words[:5] + words[10:])}” [@literature].\n")
    lines.append(f"Misattributed: “{long_english[4]}” [@wisdom].\n")
    lines.append(f"Uncited: “{long_english[5]}”.\n")
    body = poems[0].split("》", 1)[-1]
    clauses = body.split("，")
    lines.append(f"A poem cut: “{clauses[0][-5:]}，{'，'.join(clauses[2:])}” [@tang300].\n")
    lines.append(f"A poem cited to the wrong source: “{poems[1].split('》', 1)[-1][-24:]}” [@song100].\n")
    return "\n".join(lines)


def _manuscript_findings(root: Path) -> list[tuple]:
    _, report = lint_json(root)
    return sorted(
        (f["code"], f["line"], f["column"], f["message"])
        for f in report["findings"]
        if f["path"] == "manuscripts/essay.md"
    )


def test_the_same_quotations_get_the_same_findings_with_four_times_the_sources(tmp_path):
    manuscript = _manuscript()
    base = _manuscript_findings(_write_project(tmp_path / "base", BASE, manuscript))
    larger = _manuscript_findings(_write_project(tmp_path / "larger", BASE + MORE, manuscript))
    assert base == larger
    codes = {code for code, *_ in base}
    assert {"Q002", "Q003", "Q006", "Q007"} <= codes, base
    assert "Q001" not in codes, base


def test_exact_and_approximate_candidates_are_found_among_many_texts():
    texts = [normalize("\n\n".join(_entries(name))) for name in BASE + MORE]
    entry = next(e for e in _entries("literature") if len(e.split()) >= 16)
    altered = entry.replace(entry.split()[6], "zzzz", 1)
    exact, approximate = find_candidates([normalize(entry).text, normalize(altered).text], texts)
    assert exact and exact[0].exact and exact[0].source == 0
    assert texts[0].text[exact[0].start : exact[0].end] in normalize(entry).text
    assert approximate and not approximate[0].exact and approximate[0].source == 0
    assert approximate[0].start <= texts[0].text.find(normalize(entry).text) <= approximate[0].end
