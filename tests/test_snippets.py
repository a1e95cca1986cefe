"""Snippets shown to a reader are cut between words, the cut marked with an ellipsis."""

from __future__ import annotations

import pytest

from provenance.text.snippets import cut, leading_words, shorten, trailing_words

SENTENCE = "For a general introduction to this volume and its contents please see the introduction"


@pytest.mark.parametrize("limit", range(20, len(SENTENCE)))
def test_shorten_ends_on_a_whole_word(limit):
    short = shorten(SENTENCE, limit)
    assert len(short) <= limit and short.endswith("…")
    kept = short[:-1]
    assert SENTENCE.startswith(kept) and SENTENCE[len(kept)] == " ", short


def test_shorten_puts_a_text_on_one_line_and_leaves_a_short_one_whole():
    assert shorten("the foundation of\nnational   strength", 80) == "the foundation of national strength"


def test_a_word_longer_than_the_room_is_cut_rather_than_dropped():
    url = "https://www.strategictranslation.org/articles/safeguard-technological-security"
    assert shorten(f"{url} is the page", 30) == url[:29] + "…"


def test_cut_keeps_the_lines_of_the_text():
    assert (
        cut("Section III. Safeguard\n\nStrengthen the role of science", 40)
        == "Section III. Safeguard\n\nStrengthen the…"
    )


def test_chinese_is_cut_between_characters_after_a_pause_when_one_is_near():
    sentence = "谁走好了科技创新这步先手棋,谁就能占领先机、赢得优势。"
    assert trailing_words(sentence, 4) == "…赢得优势。"
    assert leading_words(sentence, 4) == "谁走好了科技创新…"
    assert shorten(sentence, 12) == "谁走好了科技创新这步先…"


def test_context_words_keep_their_spaces_and_mark_only_real_cuts():
    assert trailing_words("In other words, investment is being channeled ", 4) == "…investment is being channeled "
    assert leading_words(" technologies ", 4) == " technologies "
    assert leading_words(" more to do with economic security", 4) == " more to do with…"
