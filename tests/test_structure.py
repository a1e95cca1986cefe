"""Source structure, duplicated blocks and suggested citations, on real and synthetic texts."""

from __future__ import annotations

from provenance.check.duplicated_blocks import find_duplicated_blocks
from provenance.check.suggested_citation import find_suggested_citations, parse_division_mention
from provenance.inputs.structure import format_path, parse_structure
from tests.helpers import EXAMPLE

PAGE = (EXAMPLE / "sources" / "cst-safeguard-technological-security.md").read_text(encoding="utf-8")


def test_every_offset_of_the_page_maps_to_chapter_7_section_iii():
    structure = parse_structure(PAGE)
    offset = PAGE.index("our innovation capabilities began")
    path = structure.path_at(offset)
    assert format_path(path) == "Chapter 7 › Section III"
    assert [d.number for d in path] == [7, 3]
    assert path[1].title == "Safeguard Technological Security"
    assert structure.path_at(PAGE.index("This is translation is an excerpt")) == ()


def test_headings_of_every_spelling():
    text = (
        "# Part Two\n\nChapter VII\n\nSection 3. Safety\n\nbody\n\nChapter Eight: Next\n\n"
        "第九章 总则\n\n第三节 科技\n\n三、维护科技安全\n\nArticle 12 The state shall protect.\n"
    )
    structure = parse_structure(text)
    found = [(d.kind, d.number, d.title) for d in structure.divisions]
    assert found == [
        ("part", 2, None),
        ("chapter", 7, None),
        ("section", 3, "Safety"),
        ("chapter", 8, "Next"),
        ("chapter", 9, "总则"),
        ("section", 3, "科技"),
        ("subsection", 3, "维护科技安全"),
        ("article", 12, None),
    ]
    assert format_path(structure.path_at(text.index("body"))) == "Part Two › Chapter VII › Section 3"
    assert format_path(structure.path_at(text.index("Next"))) == "Part Two › Chapter Eight"
    assert structure.by_title("safety.")[0].line == 5


def test_prose_mentioning_a_chapter_is_not_a_heading():
    text = "Intro.\n\nThe author wrote chapter 6 first.\n\nChapter 6 is discussed in the next long line, which goes on and on well past any heading's length, as prose does when it runs on.\n"
    assert parse_structure(text).divisions == ()


def test_the_page_repeats_its_translation_twice():
    blocks = find_duplicated_blocks(PAGE)
    assert len(blocks) == 2
    first = PAGE.index("This is translation is an excerpt")
    assert {b.first_start for b in blocks} == {first}
    assert [b.repeat_start for b in blocks] == [
        PAGE.index("This is translation is an excerpt", first + 1),
        PAGE.rindex("This is translation is an excerpt"),
    ]
    assert all(PAGE[b.first_start : b.first_end] == PAGE[b.repeat_start : b.repeat_end] for b in blocks)


def test_short_repeats_are_not_blocks():
    assert find_duplicated_blocks("Related Articles\n\nbody text\n\nRelated Articles\n") == []


def test_cite_this_article_names_chapter_six():
    (suggested,) = find_suggested_citations(PAGE)
    assert (
        suggested.line
        == PAGE.count("\n", 0, PAGE.index("Office of the Central National Security Commission and Central")) + 1
    )
    assert (suggested.division_kind, suggested.division_number) == ("chapter", 6)
    assert suggested.division_title == "Uphold the Predominant Position of Political Security"


def test_division_mentions():
    assert parse_division_mention("Chapter 7, Section III") == ("chapter", 7, None)
    assert parse_division_mention("see 第六章") == ("chapter", 6, None)
    assert parse_division_mention("Safeguard Technological Security") is None
