"""Person names read by BibTeX's rules (bibtexparser) and language names and tags (langcodes)."""

from __future__ import annotations

import pytest
from bibtexparser.middlewares.names import split_multiple_persons_names

from bibliography.bibtex import split_names
from bibliography.languages import base_language, biblatex_language, is_english, language_tag
from bibliography.names import csl_name, format_name, is_literal
from bibliography.zotero import creator


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jin, Emily", {"family": "Jin", "given": "Emily"}),
        ("Emily Jin", {"family": "Jin", "given": "Emily"}),
        ("Ludwig van Beethoven", {"family": "Beethoven", "non-dropping-particle": "van", "given": "Ludwig"}),
        ("van Beethoven, Ludwig", {"family": "Beethoven", "non-dropping-particle": "van", "given": "Ludwig"}),
        ("King, Jr., Martin Luther", {"family": "King", "suffix": "Jr.", "given": "Martin Luther"}),
        ("Brinch Hansen, Per", {"family": "Brinch Hansen", "given": "Per"}),
        ("{World Health Organization}", {"literal": "World Health Organization"}),
        ("{A}{B}", {"family": "AB"}),
        ("Plato", {"family": "Plato"}),
    ],
)
def test_csl_name_follows_bibtex_name_parts(name, expected):
    assert csl_name(name) == expected


def test_format_name_puts_the_first_name_first_and_keeps_ties():
    assert format_name("Jin, Emily") == "Emily Jin"
    assert format_name("van Gogh, Vincent") == "Vincent van Gogh"
    assert format_name("King, Jr., Martin Luther") == "Martin Luther King, Jr."
    assert format_name("Tolkien, J.~R.~R.") == "J.~R.~R. Tolkien"
    assert format_name("Emily Jin") == "Emily Jin"


def test_a_literal_is_one_brace_group_around_the_whole_name():
    assert is_literal("{Barnes and Noble}")
    assert not is_literal("{A} {B}")
    assert not is_literal("{A}{B}")
    assert not is_literal("Smith")


def test_zotero_creators_keep_particle_with_last_name_and_suffix_after_first():
    assert creator("van Gogh, Vincent", "translator") == {
        "creatorType": "translator",
        "firstName": "Vincent",
        "lastName": "van Gogh",
    }
    assert creator("King, Jr., Martin Luther", "author")["firstName"] == "Martin Luther, Jr."
    assert creator("{Central Compilation Bureau}", "author") == {
        "creatorType": "author",
        "name": "Central Compilation Bureau",
    }
    assert creator("Plato", "author") == {"creatorType": "author", "name": "Plato"}


def test_bibtexparser_still_drops_a_control_sequence_after_and():
    """Why names are split by bibliography.bibtex.split_names: when this fails, bibtexparser's splitter can be used."""
    names = r"Smith, John and \AA{}str\"om, Karl"
    assert split_multiple_persons_names(names)[1] != r"\AA{}str\"om, Karl"
    assert split_names(names)[1] == r"\AA{}str\"om, Karl"


@pytest.mark.parametrize(
    ("langid", "tag"),
    [
        ("english", "en"),
        ("English", "en"),
        ("american", "en-US"),
        ("british", "en-GB"),
        ("german", "de"),
        ("ngerman", "de-1996"),
        ("chinese", "zh"),
        ("pinyin", "zh-Latn-pinyin"),
        ("swedish", "sv"),
        ("zh-Hant", "zh-Hant"),
        ("EN", None),
        ("not a language", None),
        ("", None),
    ],
)
def test_language_tag(langid, tag):
    assert language_tag(langid) == tag


@pytest.mark.parametrize(
    ("tag", "langid"),
    [("en", "english"), ("en-US", "american"), ("de", "german"), ("zh", "chinese"), ("de-1996", "ngerman")],
)
def test_biblatex_language_reads_back_as_the_same_tag(tag, langid):
    assert biblatex_language(tag) == langid
    assert language_tag(langid) == tag


def test_a_tag_without_a_one_word_biblatex_name_stays_a_tag():
    assert biblatex_language("nb-NO") == "nb-NO"
    assert biblatex_language("qqq") == "qqq"
    assert biblatex_language("zh-Hans") == "zh-Hans"


def test_base_language_sets_regions_scripts_and_old_codes_aside():
    assert {base_language(langid) for langid in ("english", "american", "en-GB", "eng", "EN")} == {"en"}
    assert {base_language(langid) for langid in ("german", "ngerman", "ger", "deu", "de-AT")} == {"de"}
    assert base_language("en-US-US") == "en"
    assert base_language("") is None
    assert is_english("canadian") and not is_english("pinyin") and not is_english("gibberish")
