"""The text module's shared ideas: paragraphs, scripts and the language of a text, spans, pinyin letters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from provenance.text.files import decode_text, may_contain
from provenance.text.paragraphs import CLOSES_PARAGRAPH, LOOSE_PARAGRAPH_BREAK, Paragraphs, paragraph_spans
from provenance.text.pinyin import spelled_words
from provenance.text.scripts import (
    CJK_LETTER,
    HAN_CHARACTER,
    is_cjk,
    is_cjk_text_char,
    paragraph_language,
    text_language,
)
from provenance.text.spans import trim_span


def _paragraphs(text: str, **options) -> list[str]:
    return [text[start:end] for start, end in paragraph_spans(text, **options)]


def test_paragraphs_split_at_blank_lines_that_hold_spaces_or_tabs() -> None:
    text = "  first line\nsame paragraph\n \t\nsecond\n\n\n\nthird  \n"
    assert _paragraphs(text) == ["first line\nsame paragraph", "second", "third"]


def test_a_line_of_ideographic_spaces_is_not_a_blank_line_except_between_languages() -> None:
    text = "第一段\n\u3000\u3000\nFirst paragraph"
    assert _paragraphs(text) == [text]
    assert _paragraphs(text, breaks=LOOSE_PARAGRAPH_BREAK) == ["第一段", "First paragraph"]


def test_no_paragraph_in_blank_text() -> None:
    assert _paragraphs("") == [] and _paragraphs(" \n\t\n \n") == []


@given(st.text(alphabet=st.sampled_from(list("ab \t\n\u3000"))))
def test_paragraphs_are_trimmed_non_empty_and_in_order(text: str) -> None:
    spans = list(paragraph_spans(text))
    assert all(start < end and trim_span(text, start, end) == (start, end) for start, end in spans)
    assert all(previous[1] < following[0] for previous, following in zip(spans, spans[1:]))


def test_paragraphs_index_start_and_end_of_an_offset() -> None:
    text = "one\ntwo\n\nthree\n\n\nfour"
    paragraphs = Paragraphs(text)
    assert paragraphs.index(text.index("two")) == paragraphs.index(0) == 0
    assert paragraphs.index(text.index("three")) == 1
    assert paragraphs.index(text.index("four")) > paragraphs.index(text.index("three"))
    assert paragraphs.end(0) == text.index("\n\n")
    assert text[paragraphs.start(text.index("three")) :].lstrip().startswith("three")
    assert paragraphs.end(text.index("four")) == len(text)


def test_a_paragraph_closes_before_a_blank_line_or_the_end() -> None:
    assert CLOSES_PARAGRAPH.match("”  \n\nNext", 1)
    assert CLOSES_PARAGRAPH.match("”", 1)
    assert not CLOSES_PARAGRAPH.match("” and more", 1)
    assert not CLOSES_PARAGRAPH.match("”\nsame paragraph", 1)


def test_script_classes() -> None:
    assert is_cjk("中") and is_cjk("，") and is_cjk("か") and not is_cjk("a")
    # Running CJK text has no punctuation: a quotation mark beside “，” is not beside a word.
    assert is_cjk_text_char("中") and is_cjk_text_char("한") and not is_cjk_text_char("，")
    assert not is_cjk_text_char("") and not is_cjk_text_char("𠀀")
    assert CJK_LETTER.match("𠀀") and not CJK_LETTER.match("。")
    assert HAN_CHARACTER.match("𠀀") and not HAN_CHARACTER.match("か")


def test_the_language_of_a_source_is_that_of_most_of_its_letters() -> None:
    assert text_language("中华人民共和国宪法 (PRC Constitution)") == "en"
    assert text_language("中华人民共和国宪法 (PRC)") == "zh"
    assert text_language("The Constitution of the People's Republic of China 宪法") == "en"
    assert text_language("12345 ...") == "en"
    assert text_language("English first. " + "中文" * 20, sample=10) == "en"


def test_the_language_of_a_paragraph_falls_back_when_it_has_no_letters() -> None:
    assert paragraph_language("第一条 公民", "en") == "zh"
    assert paragraph_language("Article 1", "zh") == "en"
    assert paragraph_language("— 12 —", "zh") == "zh"


def test_trim_span() -> None:
    assert trim_span("  ab \n", 0, 6) == (2, 4)
    assert trim_span("   ", 0, 3) == (3, 3)


def test_pinyin_words_as_letters() -> None:
    words = spelled_words("Lǚ-xíng nü'er")
    assert ["".join(letter.char for letter in word) for word in words] == ["lv", "xing", "nv", "er"]
    assert [letter.tone for letter in words[0]] == [None, 3]
    assert words[1][1].start == 4 and words[1][1].end == 5  # í is one character, its span in the text
    assert "".join(letter.char for letter in spelled_words("jüqv")[0]) == "juqu"


# What a file's text may hold: no lone surrogate (no encoding writes one), no NUL (a binary file).
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r\n"), min_size=1),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]),
)
def test_a_file_ruled_out_without_decoding_does_not_hold_the_string(text: str, needle: str, encoding: str) -> None:
    data = text.encode(encoding)  # UTF-16 and UTF-32 start with a byte-order mark
    if not may_contain(data, needle):
        assert needle not in decode_text(data, shown_as="manuscript.md")
    if needle in text and encoding == "utf-8":
        assert may_contain(data, needle)
