"""Quotations, citations and division references read from manuscripts."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from provenance.inputs.manuscripts import extract, syntax_for
from provenance.inputs.manuscripts.model import LineIndex, Position

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "cst-technological-security" / "manuscripts"
THREAD = (EXAMPLES / "thread.md").read_text(encoding="utf-8")
ESSAY = (EXAMPLES / "essay.md").read_text(encoding="utf-8")


def position_of(text: str, needle: str, skip: int = 0) -> Position:
    offset = text.index(needle) + skip
    line = text.count("\n", 0, offset) + 1
    return Position(offset, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def markdown(text: str):
    return extract(text, "markdown")


# The real examples -----------------------------------------------------------


def test_thread_yields_quotes_1_2_5_and_8_bound_by_front_matter():
    found = markdown(THREAD)
    starts = [q.text[:20] for q in found.quotations]
    assert starts == ["Techno-scientific in", "At the same time, it", "The competition betw", "Our socialist system"]
    assert all([c.key for c in q.citations] == ["cst-tech-security"] for q in found.quotations)
    assert all(not q.block and q.text_offsets is None for q in found.quotations)


def test_thread_quote_1_spans_two_paragraphs_despite_the_stray_mark():
    first = markdown(THREAD).quotations[0]
    assert first.text.startswith("Techno-scientific")
    assert first.text.endswith("赢得优势。")
    assert "“牛鼻子“" in first.text
    assert first.start == position_of(THREAD, '"Techno-scientific', skip=1)
    assert first.start.column == 2
    assert THREAD[first.start.offset : first.end] == first.text
    assert THREAD[first.end] == '"'


def test_thread_names_the_translated_chapter_by_title():
    references = markdown(THREAD).division_references
    assert len(references) == 1
    reference = references[0]
    assert (reference.kind, reference.number, reference.title) == ("chapter", None, "Safeguard Technological Security")
    assert reference.start == position_of(THREAD, 'the chapter "Safeguard')
    assert THREAD[reference.end - 1] == '"'
    assert reference.citation_key == "cst-tech-security"


def test_essay_quotations_carry_their_locators():
    found = markdown(ESSAY)
    assert len(found.quotations) == 2
    first, second = found.quotations
    assert first.text.startswith("Science and technology") and first.text.endswith("national\nprogress")
    assert second.text == "our innovation capabilities began at a very\nweak starting point"
    (cited,) = first.citations
    assert cited.key == "cst-tech-security"
    assert [(p.label, p.number) for p in cited.locator.parts] == [("chapter", 6)]
    start, end = cited.locator_span
    assert ESSAY[start:end] == "chap. 6"
    assert ESSAY[cited.start.offset] == "[" and ESSAY[cited.end - 1] == "]"
    assert ESSAY[cited.key_start.offset :].startswith("@cst-tech-security")
    (cited,) = second.citations
    assert [(p.label, p.number) for p in cited.locator.parts] == [("chapter", 7), ("section", 3)]
    assert ESSAY[slice(*cited.locator_span)] == "chap. 7, sec. III"
    assert found.division_references == ()


# Markdown --------------------------------------------------------------------


def test_citation_groups_prefixes_suffixes_and_in_text_citations():
    text = "As shown [see @doe:2020, chap. 7, sec. III and passim; -@roe, p. 4]. Also @poe [p. 33] said so.\n"
    found = markdown(text)
    doe, roe, poe = found.citations
    assert (doe.key, doe.prefix, doe.suffix) == ("doe:2020", "see", "and passim")
    assert text[slice(*doe.locator_span)] == "chap. 7, sec. III"
    assert doe.start == roe.start and doe.end == roe.end == text.index("].") + 1
    assert (roe.key, roe.locator.first.number) == ("roe", 4)
    assert poe.start.offset == text.index("@poe") and poe.locator.first.label == "page"
    assert text[poe.end - 1] == "]"


def test_emails_trailing_punctuation_and_links_are_not_citations():
    found = markdown("Mail me@example.com or see @doe. See [@smith](http://x.org/@roe).\n")
    assert [c.key for c in found.citations] == ["doe"]


def test_quotation_binds_to_the_next_group_unless_another_quotation_comes_first():
    text = (
        'He wrote "one two three four" and then "five six seven eight" [@b, p. 2].\n\n'
        '"Nine ten eleven twelve," he added.\n\n[@c]\n'
    )
    first, second, third = markdown(text).quotations
    assert first.citations == ()
    assert [c.key for c in second.citations] == ["b"]
    assert third.citations == ()


def test_block_quote_joins_lines_and_maps_each_character():
    text = "Intro.\n\n> Whoever seizes the tiller\n> will take the lead. [@cst, chap. 7]\n\nAfter.\n"
    (quotation,) = markdown(text).quotations
    assert quotation.block
    assert quotation.text == "Whoever seizes the tiller\nwill take the lead."
    assert quotation.text_offsets is not None
    assert "".join(text[i] for i in quotation.text_offsets) == quotation.text
    assert quotation.start == position_of(text, "Whoever")
    assert quotation.end == text.index(" [@cst")
    assert [c.key for c in quotation.citations] == ["cst"]
    assert quotation.citations[0].locator.first.number == 7


def test_block_quote_citation_on_the_line_after_and_one_line_block_is_a_slice():
    text = "> Whoever seizes the tiller will lead.\n[@cst, chap. 7]\n"
    (quotation,) = markdown(text).quotations
    assert quotation.text_offsets is None
    assert text[quotation.start.offset : quotation.end] == quotation.text
    assert [c.key for c in quotation.citations] == ["cst"]


def test_nested_quotations_are_dropped_and_short_ones_and_titles_ignored():
    text = (
        "“He called it “a crucial magic weapon for success” in the text” [@a]. "
        "A “short one” and the book “The Total National Security Paradigm: A Study Outline”.\n"
    )
    (quotation,) = markdown(text).quotations
    assert quotation.text.startswith("He called it")
    assert quotation.text.endswith("in the text")


def test_cjk_quotations_count_characters_not_words():
    text = "他说「科技创新成为国际战略博弈的主要战场」,又说「短句子」。\n"
    (quotation,) = markdown(text).quotations
    assert quotation.text == "科技创新成为国际战略博弈的主要战场"


def test_straight_quotes_do_not_cross_paragraphs_from_mid_paragraph():
    text = 'An inch mark 5" here and "one two three four\n\nfive six seven" end.\n'
    assert markdown(text).quotations == ()


def test_code_comments_and_front_matter_are_ignored_but_offsets_kept():
    text = (
        '---\ntitle: "A title with four words"\ncites: [first-key, other]\n---\n'
        'Code `"one two three four" [@x]` here.\n\n```\n"five six seven eight" [@y]\n```\n\n'
        '    "indented code block quote here" [@z]\n\n<!-- "a comment with many words" [@w] -->\n'
        'Real: "nine ten eleven twelve".\n'
    )
    found = markdown(text)
    (quotation,) = found.quotations
    assert quotation.text == "nine ten eleven twelve"
    assert quotation.start.offset == text.index("nine")
    assert [c.key for c in found.citations] == ["first-key", "other"]
    assert [c.key for c in quotation.citations] == ["first-key"]
    assert text[found.citations[0].key_start.offset :].startswith("first-key")


def test_front_matter_block_list_of_keys():
    text = "---\ncites:\n  - '@alpha'\n  - beta\n---\n\n“one two three four”\n"
    (quotation,) = markdown(text).quotations
    assert [c.key for c in quotation.citations] == ["alpha"]


def test_division_references_in_prose():
    text = (
        "See chapter 6 and Section III, the seventh chapter and 第七章 [@k].\n\n"
        'Nothing in "chapter 9 is quoted here" or [@k, chap. 8] counts.\n'
    )
    found = markdown(text)
    summary = [(r.kind, r.number, text[r.start.offset : r.end], r.citation_key) for r in found.division_references]
    assert summary == [
        ("chapter", 6, "chapter 6", "k"),
        ("section", 3, "Section III", "k"),
        ("chapter", 7, "the seventh chapter", "k"),
        ("chapter", 7, "第七章", "k"),
    ]


def test_headings_and_short_quoted_phrases_name_no_source_division():
    text = (
        '# Chapter 2: Method\n\nThe so-called "chapter 9 problem" and “a long quotation naming chapter 4 here” end.\n'
    )
    assert markdown(text).division_references == ()


def test_large_manuscripts_are_read_in_linear_time():
    paragraph = 'He said "one two three four five" [@key, p. 3] and “six seven eight nine”.\n\n'
    small, large = paragraph * 500, paragraph * 5000
    began = time.perf_counter()
    assert len(markdown(small).quotations) == 1000
    small_time = time.perf_counter() - began
    began = time.perf_counter()
    assert len(markdown(large).quotations) == 10000
    assert time.perf_counter() - began < 30 * small_time + 1


# LaTeX -----------------------------------------------------------------------


def test_latex_citations_with_pre_and_postnotes():
    text = (
        "\\begin{document}\n``Science and technology are the foundation'' \\autocite[chap. 7]{cst}.\n"
        "\\enquote{our innovation capabilities began weak} \\parencite[see][p.~33]{a,b}.\n\\end{document}\n"
    )
    found = extract(text, "latex")
    first, second = found.quotations
    assert first.text == "Science and technology are the foundation"
    (cited,) = first.citations
    assert cited.key == "cst" and text[slice(*cited.locator_span)] == "chap. 7"
    assert [(p.label, p.number) for p in cited.locator.parts] == [("chapter", 7)]
    assert second.text == "our innovation capabilities began weak"
    a, b = second.citations
    assert (a.key, a.prefix, a.locator) == ("a", "see", None)
    assert (b.key, b.locator.first.label, b.locator.first.number) == ("b", "page", 33)


def test_latex_quote_environment_comments_and_verbatim():
    text = (
        "% ``a commented quotation of many words'' \\cite{hidden}\n"
        "\\begin{quote}\nWhoever seizes the tiller will take the lead.\n\\end{quote}\n"
        "\\autocite[chap. 7, sec. III]{cst}\n\\verb|``not a quotation at all''|\n"
    )
    found = extract(text, "latex")
    (quotation,) = found.quotations
    assert quotation.block and quotation.text == "Whoever seizes the tiller will take the lead."
    assert quotation.text_offsets is None
    assert [(p.label, p.number) for p in quotation.citations[0].locator.parts] == [("chapter", 7), ("section", 3)]
    assert [c.key for c in found.citations] == ["cst"]


def test_syntax_follows_the_file_extension():
    assert syntax_for("book/ch1.tex") == "latex"
    assert syntax_for("notes.LTX") == "latex"
    assert syntax_for("thread.md") == "markdown"


# Positions -------------------------------------------------------------------


@given(st.text(alphabet="ab\n科", max_size=60), st.data())
def test_line_index_agrees_with_counting(text: str, data):
    offset = data.draw(st.integers(min_value=0, max_value=len(text)))
    expected = Position(offset, text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1)
    index = LineIndex(text)
    assert index.position(offset) == expected
    assert LineIndex.from_starts(index.starts).position(offset) == expected


def test_a_quotation_of_two_paragraphs_may_open_after_a_lead_in_when_a_citation_follows():
    # UDHR article 11(2), English and Chinese, quoted as one bilingual quotation after a lead-in.
    text = (
        "Article 11 reads: “No one shall be held guilty of any penal offence on account of any act or omission.\n\n"
        "任何人的任何行为或不行为,不得被判为犯有刑事罪。” [@udhr-page, art. 11]\n\n"
        "A stray “mark in this paragraph.\n\nAnd a later “closing one” with no citation.\n"
    )
    found = markdown(text)
    assert [q.text[:12] for q in found.quotations] == ["No one shall"]
    assert found.quotations[0].text.endswith("犯有刑事罪。")
    assert [c.key for c in found.quotations[0].citations] == ["udhr-page"]
