"""Pinyin beside Chinese characters: wrong, extra and missing syllables are found, right ones pass."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypinyin import Style, pinyin

from provenance.text.romanization import RomanizedPair, check_pair, check_text, find_pairs

# From the seed CST glossary page "Key Core Technologies" and the CST translation page.
GLOSSARY = "Key Core Technologies Gonghianzhan 攻坚战 (gōngjiānzhàn). Guojian Hesin (关键核心); Chuangxing 创新."
TITLE_WITHOUT_GUAN = "Zongti Guojia Anquan Guan Xuexi Gangyao: 总体国家安全学习纲要"
TITLE = "Zongti Guojia Anquan Guan Xuexi Gangyao 总体国家安全观学习纲要"


def _summary(romanized: str, hanzi: str) -> list[tuple[str, str, tuple[str, ...], str]]:
    return [(e.kind, e.syllable, e.expected, e.character) for e in check_pair(romanized, hanzi)]


def test_misspelled_initial_inside_joined_word() -> None:
    assert _summary("Gonghianzhan", "攻坚战") == [("mismatch", "hian", ("jian",), "坚")]


def test_two_wrong_syllables_are_both_reported() -> None:
    assert _summary("Guojian Hesin", "关键核心") == [
        ("mismatch", "Guo", ("guan",), "关"),
        ("mismatch", "sin", ("xin",), "心"),
    ]


def test_english_ing_for_in() -> None:
    assert _summary("Chuangxing", "创新") == [("mismatch", "xing", ("xin",), "新")]


@pytest.mark.parametrize(
    ("romanized", "hanzi"),
    [
        ("Guanjian Hexin", "关键核心"),
        ("gōngjiānzhàn", "攻坚战"),
        ("gong1jian1zhan4", "攻坚战"),
        ("GONGJIANZHAN", "攻坚战"),
        ("Zhongguo", "中国"),
        ("Zhong-guo", "中国"),
        ("Chongqing", "重庆"),
        ("yinhang", "银行"),
        ("xingdong", "行动"),
        ("Changcheng", "长城"),
        ("zhangda", "长大"),
        ("Lü", "吕"),
        ("Lv", "吕"),
        ("Lu", "吕"),
        ("lüè", "略"),
        ("Xi'an", "西安"),
        ("Xian", "西安"),
        ("XuexiGangyao", "学习纲要"),
        ("Xi Jinping", "习近平"),
        (TITLE.split(" 总")[0], "总体国家安全观学习纲要"),
    ],
)
def test_correct_romanizations_pass(romanized: str, hanzi: str) -> None:
    assert check_pair(romanized, hanzi) == []


def test_written_u_umlaut_is_not_plain_u() -> None:
    """ü may be typed as u, but a written ü cannot spell a character read lu."""
    (error,) = check_pair("Lü", "路")
    assert (error.kind, error.syllable, error.character) == ("mismatch", "Lü", "路")
    assert "lu" in error.expected


def test_extra_syllable_when_the_characters_lack_one() -> None:
    romanized = TITLE_WITHOUT_GUAN.split(":")[0]
    errors = check_pair(romanized, "总体国家安全学习纲要")
    assert [(e.kind, e.syllable, e.expected, e.character) for e in errors] == [("extra", "Guan", (), "")]
    error = errors[0]
    assert error.syllable_start is not None and error.syllable_end is not None
    assert romanized[error.syllable_start : error.syllable_end] == "Guan"
    assert "extra syllable 'Guan'" in error.message


def test_missing_syllable_names_the_character() -> None:
    errors = check_pair("Zongti Guojia Anquan Xuexi Gangyao", "总体国家安全观学习纲要")
    assert [(e.kind, e.syllable, e.expected, e.character) for e in errors] == [("missing", "", ("guan",), "观")]
    assert "观" in errors[0].message


def test_polyphonic_character_offers_every_reading() -> None:
    (error,) = check_pair("yinxang", "银行")
    assert {"xing", "hang"} <= set(error.expected)
    assert error.character == "行"


def test_find_pairs_takes_only_the_words_that_cover_the_characters() -> None:
    pairs = find_pairs(GLOSSARY)
    assert [(p.romanized, p.hanzi) for p in pairs] == [
        ("Gonghianzhan", "攻坚战"),
        ("gōngjiānzhàn", "攻坚战"),
        ("Guojian Hesin", "关键核心"),
        ("Chuangxing", "创新"),
    ]
    for pair in pairs:
        assert GLOSSARY[pair.start : pair.end] == pair.romanized
        assert GLOSSARY[pair.hanzi_start : pair.hanzi_end] == pair.hanzi


def test_find_pairs_after_a_colon() -> None:
    (pair,) = find_pairs(f"See {TITLE_WITHOUT_GUAN}. Beijing: Renmin, 2022.")
    assert pair.romanized == TITLE_WITHOUT_GUAN.split(":")[0]
    assert pair.hanzi == "总体国家安全学习纲要"


def test_find_pairs_is_a_tuple_of_spans() -> None:
    text = "Zhongguo 中国"
    assert find_pairs(text) == [RomanizedPair("Zhongguo", 0, 8, "中国", 9, 11)]
    romanized, start, end, hanzi, hanzi_start, hanzi_end = find_pairs(text)[0]
    assert (text[start:end], text[hanzi_start:hanzi_end]) == (romanized, hanzi)


@pytest.mark.parametrize(
    "text",
    [
        "China 中国",  # a translation, not a romanization
        "Xi said 中国 was ready",  # English words are not pinyin
        "《攻坚战》",  # no Latin text at all
    ],
)
def test_no_pair_without_a_romanization(text: str) -> None:
    assert find_pairs(text) == []


def test_check_text_spans_point_at_the_syllables() -> None:
    errors = check_text(GLOSSARY)
    assert [(GLOSSARY[e.start : e.end], e.syllable) for e in errors] == [
        ("Gonghianzhan", "hian"),
        ("Guojian Hesin", "Guo"),
        ("Guojian Hesin", "sin"),
        ("Chuangxing", "xing"),
    ]
    for error in errors:
        assert error.romanized == GLOSSARY[error.start : error.end]
        assert error.syllable_start is not None and error.syllable_end is not None
        assert GLOSSARY[error.syllable_start : error.syllable_end] == error.syllable


def test_check_text_reports_the_extra_guan_and_passes_the_full_title() -> None:
    text = f"{TITLE_WITHOUT_GUAN}. Beijing, 2022. Also: {TITLE}."
    errors = check_text(text)
    assert [(e.kind, e.syllable, e.hanzi) for e in errors] == [("extra", "Guan", "总体国家安全学习纲要")]
    assert errors[0].syllable_start == text.index("Guan")


def test_check_text_accepts_correct_glossary() -> None:
    text = (
        "Guanjian Hexin 关键核心; gōngjiānzhàn 攻坚战; Zhongguo 中国; Chongqing 重庆; "
        "yinhang (银行); Lü 吕, Lv 吕, Lu 吕; 创新 (chuàngxīn)"
    )
    assert len(find_pairs(text)) == 9
    assert check_text(text) == []


_CHARACTERS = "中国关键核心攻坚战创新总体家安全观学习纲要银行重庆长城吕略女儿西近平"


def _spell(hanzi: str, style: Style) -> list[str]:
    return [readings[0] for readings in pinyin(hanzi, style=style)]


@given(
    st.text(alphabet=_CHARACTERS, min_size=1, max_size=12),
    st.sampled_from([Style.NORMAL, Style.TONE, Style.TONE3]),
    st.sampled_from(["", " ", "-", "'"]),
    st.booleans(),
)
def test_pypinyin_spelling_always_passes(hanzi: str, style: Style, joiner: str, title: bool) -> None:
    syllables = _spell(hanzi, style)
    if title:
        syllables = [syllable.capitalize() for syllable in syllables]
    assert check_pair(joiner.join(syllables), hanzi) == []


@given(st.text(alphabet=_CHARACTERS, min_size=1, max_size=12), st.data())
def test_one_replaced_syllable_is_the_one_reported(hanzi: str, data: st.DataObject) -> None:
    syllables = _spell(hanzi, Style.NORMAL)
    index = data.draw(st.integers(min_value=0, max_value=len(hanzi) - 1))
    readings = set(pinyin(hanzi[index], style=Style.NORMAL, heteronym=True)[0])
    wrong = data.draw(
        st.sampled_from(["ba", "mo", "fei", "kou", "zhuang"]).filter(lambda syllable: syllable not in readings)
    )
    syllables[index] = wrong
    romanized = " ".join(syllables)
    (error,) = check_pair(romanized, hanzi)
    assert (error.kind, error.syllable, error.character) == ("mismatch", wrong, hanzi[index])
    assert error.syllable_start == sum(len(s) + 1 for s in syllables[:index])


@pytest.mark.parametrize(
    ("romanized", "hanzi", "wrong"),
    [
        ("Kéxué", "科学", "Ké"),  # 科 is kē
        ("Bēijīng", "北京", "Bēi"),  # 北 is běi
        ("kēxuě", "科学", "xuě"),  # 学 is xué
    ],
)
def test_a_written_tone_mark_must_be_right(romanized: str, hanzi: str, wrong: str) -> None:
    [error] = check_pair(romanized, hanzi)
    assert error.syllable == wrong and error.kind == "mismatch"


@pytest.mark.parametrize(
    ("romanized", "hanzi"),
    [
        ("kēxué", "科学"),
        ("Kexue", "科学"),  # right marks, or none at all
        ("yínháng", "银行"),
        ("xíngdòng", "行动"),  # 行: xíng or háng, either is a reading
        ("Zhòngguó", "中国"),  # 中: zhōng or zhòng
        ("lùshī", "律师"),  # ü lost on the keyboard, tone kept
        ("ke1xue2", "科学"),  # tone numbers are not checked
    ],
)
def test_right_missing_and_polyphone_tones_pass(romanized: str, hanzi: str) -> None:
    assert check_pair(romanized, hanzi) == []


def test_a_wrong_tone_names_the_toned_readings() -> None:
    [error] = check_pair("Kéxué", "科学")
    assert "kē" in error.expected
