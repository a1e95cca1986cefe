"""`provenance source add`: PDFs with their page labels, web pages, URLs, and bad input.

The documents are real (Debian documentation); the page a text is on is told by
poppler's pdftotext (an extractor the tool does not use), the number printed on
that page standing for its label.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from benchmarks.page_locators import evaluate, printed_pages, scores
from provenance.api import Project
from provenance.inputs.config import load_config
from provenance.inputs.sources.front_matter import capture_metadata
from provenance.inputs.structure import parse_structure
from tests.capture_project import files_under, project  # noqa: F401  (project: a fixture)
from tests.debian_documents import FRONT_MATTER_PDF, HTML_PAGE, MANUAL_PDF, document, pdftotext
from tests.helpers import lint_json, run


def test_pdf_pages_carry_the_labels_printed_on_them(project: Path):
    pdf = document(MANUAL_PDF)
    result = run(project, "source", "add", str(pdf), "--key", "manual")
    assert result.exit_code == 0, result.output
    text = (project / "sources" / "manual.md").read_text(encoding="utf-8")
    pages = [d for d in parse_structure(text).divisions if d.kind == "page"]
    assert len(pages) == len(pypdf.PdfReader(pdf).pages)
    pdftotext()
    printed = [number for number, _ in printed_pages(pdf)]
    numbered = [(number, page.label) for number, page in zip(printed, pages) if number]
    assert len(numbered) >= len(pages) // 2
    assert all(number == label for number, label in numbered), numbered
    assert any(label.isalpha() for _, label in numbered)  # roman front matter is among them


def test_pdf_outline_becomes_chapters_holding_their_pages(project: Path):
    pdf = document(MANUAL_PDF)
    run(project, "source", "add", str(pdf), "--key", "manual")
    text = (project / "sources" / "manual.md").read_text(encoding="utf-8")
    structure = parse_structure(text)
    reader = pypdf.PdfReader(pdf)
    top = [item for item in reader.outline if not isinstance(item, list)]
    chapters = [d for d in structure.divisions if d.kind == "chapter"]
    assert len(chapters) == len(top)
    assert all(item.title.endswith(chapter.title) for chapter, item in zip(chapters, top))
    for chapter, item in zip(chapters, top):
        page = next(d for d in structure.path_at(chapter.start) if d.kind == "page")
        assert page.label == reader.page_labels[reader.get_destination_page_number(item)]


def test_adding_the_same_pdf_twice_writes_nothing_the_second_time(project: Path):
    pdf = document(MANUAL_PDF)
    first = run(project, "source", "add", str(pdf), "--key", "manual")
    before = files_under(project)
    second = run(project, "source", "add", str(pdf), "--key", "manual")
    assert first.exit_code == second.exit_code == 0
    assert "nothing written" in second.output
    assert files_under(project) == before
    captures = [p for p in before if p.startswith(".provenance/captures/")]
    assert len(captures) == 2  # the bytes and what says where they came from


def test_a_changed_source_is_a_new_capture_and_the_old_one_is_kept(project: Path, tmp_path: Path):
    pdf = document(MANUAL_PDF)
    reader = pypdf.PdfReader(pdf)
    shorter = tmp_path / "manual.pdf"
    writer = pypdf.PdfWriter()
    for page in reader.pages[:-1]:
        writer.add_page(page)
    writer.write(shorter)
    run(project, "source", "add", str(pdf), "--key", "manual")
    old = capture_metadata((project / "sources" / "manual.md").read_text(encoding="utf-8"))[0]
    result = run(project, "source", "add", str(shorter), "--key", "manual")
    assert result.exit_code == 0, result.output
    new = capture_metadata((project / "sources" / "manual.md").read_text(encoding="utf-8"))[0]
    assert new["sha256"] != old["sha256"]
    assert new["previous-captures"][0]["sha256"] == old["sha256"]
    assert (project / old["capture"]).read_bytes() == pdf.read_bytes()
    assert len(new["page-labels"]) == len(reader.pages) - 1


def _bad_pdfs(pdf: Path, folder: Path) -> dict[str, Path]:
    """Unusable copies of a real PDF: cut short, encrypted, and with every page's text removed."""
    data = pdf.read_bytes()
    truncated = folder / "truncated.pdf"
    truncated.write_bytes(data[: len(data) * 2 // 3])
    encrypted = folder / "encrypted.pdf"
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(pdf))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    writer.write(encrypted)
    scanned = folder / "scanned.pdf"
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(pdf))
    for page in writer.pages:
        page.replace_contents(pypdf.generic.ContentStream(None, writer))  # a page with no text layer
    writer.write(scanned)
    return {"truncated": truncated, "encrypted": encrypted, "scanned": scanned}


@pytest.mark.parametrize(
    "kind, message", [("truncated", "truncated"), ("encrypted", "encrypted"), ("scanned", "no text layer")]
)
def test_an_unusable_pdf_is_a_clear_error_and_writes_nothing(project: Path, tmp_path: Path, kind: str, message: str):
    bad = _bad_pdfs(document(MANUAL_PDF), tmp_path)[kind]
    before = files_under(project)
    result = run(project, "source", "add", str(bad), "--key", "manual")
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert files_under(project) == before


def test_html_keeps_headings_and_main_text(project: Path):
    page = document(HTML_PAGE)
    result = run(project, "source", "add", str(page), "--key", "page")
    assert result.exit_code == 0, result.output
    text = (project / "sources" / "page.md").read_text(encoding="utf-8")
    metadata, body_start = capture_metadata(text)
    assert metadata["extractor"].startswith("trafilatura ")
    from lxml import html as lxml_html

    tree = lxml_html.parse(str(page))
    headings = [" ".join(h.text_content().split()) for h in tree.iter("h2")]
    kept = [h for h in headings if f"## {h}" in text]
    assert len(kept) >= len(headings) * 0.8
    first_paragraph = next(
        " ".join(p.text_content().split()) for p in tree.iter("p") if len(p.text_content().split()) > 20
    )
    assert first_paragraph[:80] in " ".join(text[body_start:].split())
    assert not re.search(r"<(?:p|div|a|span|table|h2)\b", text[body_start:])  # markup dropped


def test_page_locators_right_wrong_and_missing_with_a_fix(project: Path):
    pdf = document(MANUAL_PDF)
    run(project, "source", "add", str(pdf), "--key", "manual")
    text = (project / "sources" / "manual.md").read_text(encoding="utf-8")
    structure = parse_structure(text)
    pages = [d for d in structure.divisions if d.kind == "page"]
    # A sentence of the first arabic page, found in the captured text: its page is where it sits.
    page = next(p for p in pages if p.label.isdigit() and len(text[p.start : p.end].split("\n")) > 8)
    line = max(text[page.start : page.end].split("\n")[2:], key=lambda s: len(s.split()))
    quote = " ".join(line.split()[:8])
    other = next(p for p in pages if p.label.isdigit() and p.label != page.label)
    roman = next(p for p in pages if p.label.isalpha() and p.label.islower())
    manuscript = project / "paper.md"
    manuscript.write_text(
        f"Right: “{quote}” [@manual, p. {page.label}].\n\n"
        f"Wrong: “{quote}” [@manual, p. {other.label}].\n\n"
        f"Roman: “{quote}” [@manual, p. {roman.label}].\n\n"
        f"Range: “{quote}” [@manual, pp. {page.label}–{int(page.label) + 1}].\n\n"
        f"Missing: “{quote}” [@manual, p. {len(pages) + 40}].\n",
        encoding="utf-8",
    )
    status, report = lint_json(project)
    by_line = {}
    for finding in report["findings"]:
        by_line.setdefault(finding["line"], []).append(finding)
    assert status == 1
    assert 1 not in by_line and 7 not in by_line
    assert [f["code"] for f in by_line[3]] == ["L001"] and [f["code"] for f in by_line[5]] == ["L001"]
    assert by_line[3][0]["evidence"]["expected"] == f"p. {page.label}"
    assert [f["code"] for f in by_line[9]] == ["L003"]
    with Project.open(load_config(project / "provenance.toml")) as opened:
        audit = opened.audit()
    wrong = next(q for q in audit.quotations if q.line == 3)
    assert wrong.corrected_citation.endswith(f"p. {page.label}]") and f"Page {page.label}" in wrong.passage.division
    fixed = run(project, "lint", "--fix")
    assert "fixed 2 finding(s)" in fixed.output
    after = manuscript.read_text(encoding="utf-8")
    assert after.count(f"[@manual, p. {page.label}]") == 3


def test_a_saved_page_keeps_its_repeated_blocks_for_d001(project: Path):
    """The extractor must not silently drop a page's repeats: D001 is how the editor learns of them."""
    page = Path(__file__).resolve().parent / "data" / "captures" / "cst-repeated-blocks.html"
    result = run(project, "source", "add", str(page), "--key", "manual")
    assert result.exit_code == 0, result.output
    text = (project / "sources" / "manual.md").read_text(encoding="utf-8")
    from lxml import html as lxml_html

    paragraphs = [" ".join(p.text_content().split()) for p in lxml_html.parse(str(page)).iter("p")]
    repeated = [p for p in set(paragraphs) if paragraphs.count(p) > 1]
    assert repeated and all(text.count(p) == paragraphs.count(p) for p in repeated)
    assert "Translations" not in text and "All rights reserved" not in text  # navigation and footer dropped
    (project / "paper.md").write_text("No quotations yet.\n", encoding="utf-8")
    _status, report = lint_json(project)
    duplicated = [f for f in report["findings"] if f["code"] == "D001" and f["path"] == "sources/manual.md"]
    assert len(duplicated) == max(paragraphs.count(p) for p in repeated) - 1


def test_page_locators_on_roman_front_matter_prose_and_the_body():
    """Right and wrong locators of each type (arabic, roman, ranges) on a LaTeX manual whose
    preface and introduction are on roman-numbered pages; the page oracle is pdftotext."""
    pdftotext()
    table = scores(evaluate(document(FRONT_MATTER_PDF), per_type=6, seed=3)["cases"])
    for kind in ("arabic", "roman", "range"):
        row = table[kind]
        assert row["quote found"] == row["cases"], (kind, row)
        assert row["right"] >= 6 and row["wrong"] >= 6, (kind, row)
        assert (row["precision"], row["recall"]) == (1.0, 1.0), (kind, row)
