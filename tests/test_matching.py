"""Locating quotations in sources, splitting sentences and aligning bilingual quotations."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import given
from hypothesis import strategies as st

from provenance.text.matching import (
    Bead,
    MatchKind,
    SourceMatcher,
    align,
    align_sentences,
    find_repeated_sentences,
    normalize,
    split_by_script,
    split_sentences,
)

# Characters that normalise one at a time (no combining marks, no ligatures), so
# every normalised index sits on a cluster boundary of the original.
_ALPHABET = st.sampled_from(
    list("abcXYZ019 .,;\n\t\u3000\u00a0")
    + list("“”‘’\"'「」『』«»")
    + list("—–-‐")
    + list("科技创新，。！？ＡＢ１")
    + ["\u200b"]
)

# Seed excerpts: Emily Jin's thread / CST translation 'Safeguard Technological Security'.
SEED_EN = [
    "The competition between the world’s techno-scientific powers is about national strategic scientific and "
    "technological strengths.",
    "It is necessary to promptly deploy national laboratories, reorganize the national key laboratory system, "
    "unleash the universities’ role in scientific research, encourage the active participation of various "
    "scientific research institutes, and form strategic forces.",
]
SEED_EN_AFTER = [
    "Scientific and technological innovation activities continuously pierce the boundaries of geography, "
    "organization, and technology, and evolve into competition in the innovation system.",
]
SEED_ZH = [
    "世界科技强国竞争,比拼的是国家战略科技力量。",
    "要抓紧布局国家实验室,重组国家重点实验室体系,发挥高校在科研中的重要作用,调动各类科研院所的积极性,形成战略力量。",
    "科技创新活动不断突破地域、组织、技术的界限,演化为创新体系的竞争。",
]
SEED_REPEATED = "谁牵住了科技创新这个“牛鼻子“,谁走好了科技创新这步先手棋,谁就能占领先机、赢得优势。"

SOURCE = (
    "Chapter 3.\n\nHe said: “Keep your hand on the tiller,” and the  ship turned. "
    "The storm came at night.  Nobody slept. In the morning the sails were torn and the crew was tired.\n"
)


@given(st.text(_ALPHABET, max_size=40), st.data())
def test_normalize_offsets_map_back_to_the_original(original, data):
    normalized = normalize(original)
    text, offsets = normalized.text, list(normalized.offsets)
    assert len(offsets) == len(text) + 1
    assert offsets[-1] == len(original)
    assert offsets == sorted(offsets)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    original_start, original_end = normalized.to_original(start, end)
    # Normalisation strips the ends, so a span starting or ending in a space comes back without it.
    assert normalize(original[original_start:original_end]).text == text[start:end].strip(" ")


def test_verbatim_quotation():
    match = SourceMatcher(SOURCE).find("Keep your hand on the tiller")
    assert match.kind is MatchKind.VERBATIM
    assert SOURCE[match.source_start : match.source_end] == "Keep your hand on the tiller"
    assert match.score == 100


def test_straight_quotes_and_single_spaces_are_normalised():
    match = SourceMatcher(SOURCE).find("  He said: 'Keep your hand on the tiller,' and the ship turned. ")
    assert match.kind is MatchKind.NORMALISED
    assert (
        SOURCE[match.source_start : match.source_end]
        == "He said: “Keep your hand on the tiller,” and the  ship turned."
    )


def test_final_period_added_by_the_quotation_is_forgiven():
    match = SourceMatcher(SOURCE).find("and the crew was tired.\n")
    assert match.kind is MatchKind.VERBATIM
    match = SourceMatcher(SOURCE).find("In the morning the sails were torn.")
    assert match.kind is MatchKind.NORMALISED
    assert SOURCE[match.source_start : match.source_end] == "In the morning the sails were torn"


def test_full_width_punctuation_in_chinese_is_normalised():
    source = "".join(SEED_ZH)
    match = SourceMatcher(source).find("要抓紧布局国家实验室，重组国家重点实验室体系")
    assert match.kind is MatchKind.NORMALISED
    assert source[match.source_start : match.source_end] == "要抓紧布局国家实验室,重组国家重点实验室体系"


def test_changed_word_is_reported_at_raw_offsets():
    quote = "In  the   morning the sails\n were ripped and the crew was tired."
    match = SourceMatcher(SOURCE).find(quote)
    assert match.kind is MatchKind.ALTERED
    assert 85 <= match.score < 100
    assert SOURCE[match.source_start : match.source_end] == "In the morning the sails were torn and the crew was tired."
    [difference] = match.differences
    assert (difference.op, difference.quote_text, difference.source_text) == ("replace", "ripped", "torn")
    assert quote[difference.quote_start : difference.quote_end] == "ripped"
    assert SOURCE[difference.source_start : difference.source_end] == "torn"


def test_dropped_and_added_words():
    match = SourceMatcher(SOURCE).find("In the morning the sails were torn and crew was very tired")
    assert match.kind is MatchKind.ALTERED
    assert [(d.op, d.quote_text, d.source_text) for d in match.differences] == [
        ("delete", "", "the"),
        ("insert", "very", ""),
    ]


def test_changed_chinese_character_is_reported():
    source = "前言。" * 2000 + "".join(SEED_ZH)
    quote = "要尽快布局国家实验室,重组国家重点实验室体系,发挥高校在科研中的重要作用"
    match = SourceMatcher(source).find(quote)
    assert match.kind is MatchKind.ALTERED
    assert [(d.quote_text, d.source_text) for d in match.differences] == [("尽快", "抓紧")]
    difference = match.differences[0]
    assert source[difference.source_start : difference.source_end] == "抓紧"
    assert quote[difference.quote_start : difference.quote_end] == "尽快"


def test_silent_cut_between_sentences_is_an_omission():
    match = SourceMatcher(SOURCE).find("The storm came at night. In the morning the sails were torn.")
    assert match.kind is MatchKind.OMISSION
    assert [SOURCE[start:end] for start, end in match.gaps] == ["Nobody slept."]
    assert SOURCE[match.source_start : match.source_end].startswith("The storm")
    assert SOURCE[match.source_start : match.source_end].endswith("sails were torn")


def test_marked_ellipsis_is_faithful():
    for quote in (
        "Keep your hand on the tiller … the crew was tired.",
        "Keep your hand on the tiller [...] the crew was tired.",
        "The storm came at night. [...] In the morning the sails were torn",
    ):
        match = SourceMatcher(SOURCE).find(quote)
        assert match.kind is MatchKind.NORMALISED, quote
        assert match.gaps == ()


def test_interpolation_stands_for_source_words():
    match = SourceMatcher(SOURCE).find("[The crew] slept. In the morning the sails were torn")
    assert match.kind is MatchKind.NORMALISED
    assert SOURCE[match.source_start : match.source_end] == "slept. In the morning the sails were torn"


def test_unrelated_quotation_is_not_found():
    match = SourceMatcher(SOURCE).find("The lighthouse keeper counted every wave twice")
    assert match.kind is MatchKind.NOT_FOUND
    assert (match.source_start, match.source_end) == (0, 0)
    assert match.score < 85


def test_too_different_quotation_is_not_found():
    match = SourceMatcher(SOURCE).find("The storm arrived at noon.")
    assert match.kind is MatchKind.NOT_FOUND


def test_fuzzy_search_stays_near_the_hint():
    source = "x " * 5000 + SOURCE
    quote = "In the morning the sails were ripped and the crew was tired."
    assert SourceMatcher(source).find(quote).kind is MatchKind.ALTERED
    assert SourceMatcher(source).find(quote, near=(0, 100)).kind is MatchKind.NOT_FOUND
    near = (len(source) - 50, len(source))
    assert SourceMatcher(source).find(quote, near=near).kind is MatchKind.ALTERED


def test_split_sentences_english():
    text = "See chap. 7 for details. It costs 3.5 dollars!  “Really?” Mr. Smith said, e.g. this... and that."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "See chap. 7 for details.",
        "It costs 3.5 dollars!",
        "“Really?”",
        "Mr. Smith said, e.g. this... and that.",
    ]


def test_split_sentences_chinese():
    text = "".join(SEED_ZH) + "他说：“好！”然后走了"
    assert [text[s:e] for s, e in split_sentences(text)] == SEED_ZH + ["他说：“好！”", "然后走了"]


def test_split_sentences_never_returns_empty_spans():
    assert split_sentences("  \n ") == []
    assert split_sentences(". . ") == [(0, 1), (2, 3)]


def test_repeated_sentence_is_found_at_its_second_occurrence():
    text = SEED_REPEATED + SEED_REPEATED
    [repeated] = find_repeated_sentences(text)
    assert repeated.first == (0, len(SEED_REPEATED))
    assert repeated.repeat == (len(SEED_REPEATED), 2 * len(SEED_REPEATED))
    assert text[repeated.repeat[0] : repeated.repeat[1]] == SEED_REPEATED


def test_short_repeats_are_ignored():
    assert find_repeated_sentences("Yes. No. Yes. 是的。是的。") == []


def test_split_by_script():
    english = " ".join(SEED_EN)
    chinese = "\n".join(SEED_ZH)
    text = f"{english}\n\n{SEED_EN_AFTER[0]}\n\n  {chinese}\n"
    parts = split_by_script(text)
    assert [p.language for p in parts] == ["en", "zh"]
    assert parts[0].text == f"{english}\n\n{SEED_EN_AFTER[0]}"
    assert parts[1].text == chinese
    assert all(text[p.start : p.end] == p.text for p in parts)
    [single] = split_by_script(" only English here ")
    assert (single.language, single.text) == ("en", "only English here")


def test_seed_alignment_pairs_the_extra_chinese_sentence_with_context():
    beads = align_sentences(SEED_EN, SEED_ZH, left_after=SEED_EN_AFTER)
    assert beads == [Bead((0,), (0,)), Bead((1,), (1,)), Bead((), (2,), left_context=True)]


def test_seed_alignment_without_context_keeps_the_extra_sentence_unpaired_from_context():
    beads = align_sentences(SEED_EN, SEED_ZH)
    assert beads[0] == Bead((0,), (0,))
    assert not any(b.left_context for b in beads)
    assert sorted(j for b in beads for j in b.right) == [0, 1, 2]


def test_unmatched_right_sentence_gets_its_own_bead_when_lengths_say_so():
    left = ["x" * 100] * 8
    right = ["y" * 100] * 4 + ["z" * 300] + ["y" * 100] * 4
    beads = align_sentences(left, right)
    assert Bead((), (4,)) in beads
    assert [b for b in beads if b.right != (4,)] == [Bead((i,), (i if i < 4 else i + 1,)) for i in range(8)]


def test_context_sentences_without_counterpart_are_dropped():
    before = ["An earlier sentence of the source that nobody translated here at all."]
    beads = align_sentences(SEED_EN, SEED_ZH[:2], left_before=before)
    assert beads == [Bead((0,), (0,)), Bead((1,), (1,))]


# Few words, so that pieces recur across a source and a quotation's opening may occur many times.
_WORDS = ["state", "shall", "protect", "science", "and", "security", "科技", "安全", "创新", ".", "。", "\n\n"]
_QUOTE_KINDS = ["exact", "altered", "cut", "marked"]


def _quotation(words: list[str], first: int, length: int, kind: str) -> str:
    """A quotation of ``words[first:first + length]``, word for word or changed as *kind* says."""
    quoted = words[first : first + length]
    if kind == "altered" and len(quoted) > 2:
        quoted[len(quoted) // 2] = "changed"
    elif kind == "cut" and len(quoted) > 6:
        quoted = quoted[:3] + quoted[5:]
    elif kind == "marked" and len(quoted) > 6:
        quoted = [*quoted[:3], "...", *quoted[5:]]
    return " ".join(quoted)


@given(
    words=st.lists(st.sampled_from(_WORDS), min_size=10, max_size=400),
    picks=st.lists(
        st.tuples(st.integers(0, 399), st.integers(1, 40), st.sampled_from(_QUOTE_KINDS)), min_size=1, max_size=6
    ),
    span=st.tuples(st.integers(0, 3000), st.integers(0, 600)),
)
def test_an_indexed_source_answers_every_search_as_a_scanned_one(words, picks, span):
    text = " ".join(words)
    quotes = [_quotation(words, first % len(words), length, kind) for first, length, kind in picks]
    scanned, indexed = SourceMatcher(text), SourceMatcher(text)
    with patch.object(align, "MIN_INDEXED", 1):  # index however few the quotations
        indexed.index(normalize(quote) for quote in quotes)
    around = (min(span[0], len(text)), min(span[0] + span[1], len(text)))
    for quote in quotes:
        assert indexed.find(quote) == scanned.find(quote)
        assert indexed.find(quote, prefer=around) == scanned.find(quote, prefer=around)
        assert indexed.find(quote, near=around) == scanned.find(quote, near=around)


def test_a_source_holds_a_quotation_only_word_for_word_within_the_span():
    text = "Chapter 1\n\nThe state shall protect science.\n\nChapter 2\n\nThe state shall protect security."
    matcher = SourceMatcher(text)
    second = (text.index("Chapter 2"), len(text))
    assert matcher.holds(normalize("The state shall  protect security"), second)  # spacing forgiven, and the final stop
    assert not matcher.holds(normalize("The state shall protect science."), second)  # elsewhere in the source
    assert not matcher.holds(normalize("The state shall protect securities."), second)


def test_a_source_is_indexed_only_for_enough_quotations() -> None:
    text = "The state shall protect science. " * 50
    matcher = SourceMatcher(text)
    few = [normalize(f"The state shall guard science number {n}.") for n in range(align.MIN_INDEXED - 1)]
    matcher.index(few)
    assert matcher._occurrences == {}  # scanning for so few costs less than an index
    matcher.index([*few, normalize("The state shall protect science.")])
    assert matcher._occurrences["The state shall protect science"][:2] == [0, 33]
