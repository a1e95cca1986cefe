"""Locators read into labelled, numbered parts, whatever their spelling."""

from __future__ import annotations

from provenance.domain.locators import format_locator, leading_locator_span, parse_locator, split_suffix


def parts(text: str) -> list[tuple[str | None, int | None]]:
    locator = parse_locator(text)
    assert locator is not None
    return [(part.label, part.number) for part in locator.parts]


def test_labelled_pieces_with_roman_and_arabic_numbers():
    assert parts("chap. 7, sec. III") == [("chapter", 7), ("section", 3)]
    assert parts("Chapter VI; § 4") == [("chapter", 6), ("section", 4)]
    assert parts("art. 12") == [("article", 12)]
    assert parts("para. 3") == [("paragraph", 3)]
    assert parts("vol. ii") == [("volume", 2)]


def test_labels_need_no_space_and_accept_a_latex_tie():
    assert parts("p.33") == [("page", 33)]
    assert parts("p.~33") == [("page", 33)]
    assert parts("§3") == [("section", 3)]


def test_ranges_keep_their_text_and_number_their_first_value():
    locator = parse_locator("pp. 12–14")
    assert locator.first.value == "12–14"
    assert locator.first.number == 12
    assert parts("ll. 3-5") == [("line", 3)]


def test_chinese_ordinals_name_chapter_section_and_article():
    assert parts("第七章") == [("chapter", 7)]
    assert parts("第三节") == [("section", 3)]
    assert parts("第5条") == [("article", 5)]
    assert parts("第七章第三节") == [("chapter", 7), ("section", 3)]


def test_bare_numbers_are_pages_unless_a_label_carries_over():
    assert parts("33") == [("page", 33)]
    assert parts("iv-vii") == [("page", 4)]
    assert parts("chap. 7, 9") == [("chapter", 7), ("chapter", 9)]


def test_unreadable_pieces_have_no_label_or_number():
    locator = parse_locator("passim, chap. 2")
    assert locator.parts[0].label is None and locator.parts[0].number is None
    assert locator.parts[0].raw == "passim"
    assert locator.parts[1].label == "chapter"
    assert parts("chap. Introduction") == [("chapter", None)]


def test_empty_text_is_no_locator_and_formats_to_nothing():
    assert parse_locator("   ") is None
    assert format_locator(None) == ""


def test_format_joins_the_pieces_as_written():
    assert format_locator(parse_locator("chap. 7;  sec. III")) == "chap. 7, sec. III"
    assert parse_locator("chap. 7;  sec. III").raw == "chap. 7;  sec. III"


def test_suffix_after_the_locator_is_not_part_of_it():
    text = ", pp. 33-35, 38 and passim"
    start, end = leading_locator_span(text)
    assert text[start:end] == "pp. 33-35, 38"
    span, suffix = split_suffix(text)
    assert suffix == "and passim"
    assert split_suffix(", one of many") == (None, "one of many")
    start, end = leading_locator_span(", {pp. iv, vi}")
    assert ", {pp. iv, vi}"[start:end] == "pp. iv, vi"
