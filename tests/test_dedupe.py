"""Duplicate bibliography entries: found through every difference of form, never across a veto."""

from __future__ import annotations

import gc
import random
import re
import time
import unicodedata

import pytest

from bibliography.bibtex import BibEntry, parse_bibtex
from provenance.check.duplicate_entries import DuplicatePair, find_duplicates, find_twins
from provenance.check.duplicate_entries.folding import fold
from provenance.check.duplicate_entries.vetoes import VETOES

BASE = {
    "author": "Jin, Emily and Walker, Thomas",
    "title": "Safeguarding Critical Technologies in an Age of Strategic Competition",
    "year": "2021",
    "journal": "Journal of Strategic Studies",
}


def entries(text: str) -> tuple[BibEntry, ...]:
    parsed = parse_bibtex(text, "test.bib")
    assert parsed.problems == ()
    return parsed.entries


def bib(key: str, fields: dict[str, str], entry_type: str = "article") -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def pairs_of(text: str) -> list[tuple[str, str]]:
    return [(pair.first.key, pair.second.key) for pair in find_duplicates(entries(text))]


def only_pair(text: str) -> DuplicatePair:
    found = find_duplicates(entries(text))
    assert len(found) == 1, [(p.first.key, p.second.key, p.reason) for p in found]
    return found[0]


# --- the real case --------------------------------------------------------

# From the CST page "Safeguard Technological Security": the bibliography
# record built from its header, and the one copied from its own
# "Cite This Article" block. Same URL, so one work; the merge has to settle
# the authors, the subtitle wording and the original title.
CST_HEADER = r"""
@online{cst-header,
  author = {{Office of the Central National Security Commission}},
  title = {Safeguard Technological Security},
  titleaddon = {The Total National Security Paradigm: A Study Outline},
  origtitle = {总体国家安全观学习纲要},
  translator = {Jin, Emily},
  date = {2025-01},
  origdate = {2022-04-14},
  url = {https://www.strategictranslation.org/articles/safeguard-technological-security}
}
"""
CST_CITE_BLOCK = r"""
@online{cst-cite-block,
  author = {{Office of the Central National Security Commission} and {Central Propaganda Department}},
  title = {Safeguard Technological Security},
  titleaddon = {The Total National Security Paradigm: A Study Guide},
  origtitle = {总体国家安全学习纲要},
  translator = {Jin, Emily},
  date = {2025},
  url = {https://www.strategictranslation.org/articles/safeguard-technological-security}
}
"""


def test_cst_header_and_cite_block_are_one_work() -> None:
    pair = only_pair(CST_HEADER + CST_CITE_BLOCK)
    assert (pair.first.key, pair.second.key) == ("cst-header", "cst-cite-block")
    assert {"author", "titleaddon", "origtitle"} <= set(pair.differing)
    # Same title, same translator, same URL: not conflicts.
    assert not {"title", "translator", "url"} & set(pair.differing)
    # origdate is on one side only: a gap, not a disagreement.
    assert "origdate" not in pair.differing
    assert "URL" in pair.reason


def test_cst_match_does_not_depend_on_url_form() -> None:
    cite_block = CST_CITE_BLOCK.replace("https://www.", "http://").replace("security}", "security/}")
    assert pairs_of(CST_HEADER + cite_block) == [("cst-header", "cst-cite-block")]


# --- robustness: differences of form ---------------------------------------

VARIANTS = {
    "case": {"title": BASE["title"].upper()},
    "whitespace": {"title": "  Safeguarding   Critical\n    Technologies in an Age of Strategic  Competition "},
    "punctuation": {"title": "Safeguarding critical technologies, in an age of strategic competition."},
    "protective braces": {"title": "{Safeguarding} {Critical Technologies} in an Age of {Strategic} Competition"},
    "authors reordered": {"author": "Walker, Thomas and Jin, Emily"},
    "authors given-name first": {"author": "Emily Jin and Thomas Walker"},
    "authors abbreviated": {"author": "Jin, E. and Walker, T."},
    "year one apart": {"year": "2022"},
    "date instead of year": {"year": "", "date": "2021-03-04"},
    "one-word typo": {"title": "Safeguarding Critical Technologies in an Age of Strategic Competiton"},
}


@pytest.mark.parametrize("change", VARIANTS.values(), ids=list(VARIANTS))
def test_variant_of_form_is_a_duplicate(change: dict[str, str]) -> None:
    other = {name: value for name, value in {**BASE, **change}.items() if value}
    assert pairs_of(bib("original", BASE) + bib("variant", other)) == [("original", "variant")]


def test_accents_as_latex_escapes() -> None:
    plain = {**BASE, "author": "Müller, Jürgen", "title": "Über die Sicherheit kritischer Technologien"}
    escaped = {**BASE, "author": r"M{\"u}ller, J{\"u}rgen", "title": r"{\"U}ber die Sicherheit kritischer Technologien"}
    pair = only_pair(bib("plain", plain) + bib("escaped", escaped))
    assert pair.differing == ()


def test_accents_dropped() -> None:
    plain = {**BASE, "title": "Économie de la sécurité nationale"}
    bare = {**BASE, "title": "Economie de la securite nationale"}
    assert pairs_of(bib("accented", plain) + bib("bare", bare)) == [("accented", "bare")]


@pytest.mark.parametrize("name", ["Sondergaard, Soren", r"S{\o}ndergaard, S{\o}ren", "SØNDERGAARD, S."])
def test_letters_without_decomposition_fold_too(name: str) -> None:
    first = {**BASE, "author": "Søndergaard, Søren"}
    pair = only_pair(bib("first", first) + bib("second", {**BASE, "author": name}))
    assert pair.differing == ()


@pytest.mark.parametrize(
    "doi",
    [
        "https://doi.org/10.1080/01402390.2021.1234567",
        "http://dx.doi.org/10.1080/01402390.2021.1234567",
        "doi:10.1080/01402390.2021.1234567",
        "10.1080/01402390.2021.1234567",
        "https://doi.org/10.1080/01402390.2021.1234567/",
    ],
)
def test_doi_forms_agree(doi: str) -> None:
    first = {"title": "Completely different wording", "doi": "10.1080/01402390.2021.1234567"}
    second = {"title": "Nothing alike at all here", "doi": doi.upper()}
    pair = only_pair(bib("first", first) + bib("second", second))
    assert pair.reason == "same DOI"
    assert pair.score == 1.0
    assert pair.differing == ("title",)


def test_doi_given_as_url_field() -> None:
    first = {"title": "One wording", "doi": "10.1000/xyz123"}
    second = {"title": "Another wording", "url": "https://doi.org/10.1000/XYZ123"}
    assert pairs_of(bib("first", first) + bib("second", second)) == [("first", "second")]


@pytest.mark.parametrize("isbn", ["0-306-40615-2", "0306406152", "978-0-306-40615-7", "9780306406157"])
def test_isbn10_and_isbn13_agree_for_books(isbn: str) -> None:
    first = {"author": "Walker, Thomas", "title": "Strategy", "year": "2001", "isbn": "978-0-306-40615-7"}
    second = {"author": "Walker, Thomas", "title": "Strategy: An Introduction", "year": "2001", "isbn": isbn}
    pair = only_pair(bib("first", first, "book") + bib("second", second, "book"))
    assert pair.reason == "same ISBN"
    assert "isbn" not in pair.differing


def test_isbn_alone_does_not_join_chapters() -> None:
    book = {"booktitle": "Handbook of Security", "year": "2001", "isbn": "978-0-306-40615-7"}
    first = {**book, "author": "Walker, Thomas", "title": "Deterrence"}
    second = {**book, "author": "Jin, Emily", "title": "Export Controls"}
    assert pairs_of(bib("first", first, "incollection") + bib("second", second, "incollection")) == []


@pytest.mark.parametrize(
    "url",
    [
        "http://strategictranslation.org/articles/a-b",
        "https://www.strategictranslation.org/articles/a-b/",
        "HTTPS://WWW.StrategicTranslation.org/articles/a-b",
    ],
)
def test_url_forms_agree(url: str) -> None:
    first = {"title": "A page", "url": "https://www.strategictranslation.org/articles/a-b"}
    second = {"title": "A page, retitled", "url": url}
    assert pairs_of(bib("first", first, "online") + bib("second", second, "online")) == [("first", "second")]


def test_shared_home_page_is_not_enough() -> None:
    first = {"title": "Annual threat assessment", "url": "https://www.example.org/"}
    second = {"title": "Export control guidance", "url": "https://example.org"}
    assert pairs_of(bib("first", first, "online") + bib("second", second, "online")) == []


def test_chinese_title_missing_one_character_is_a_near_duplicate() -> None:
    first = {"author": "{中央国家安全委员会办公室}", "title": "总体国家安全观学习纲要", "year": "2022"}
    second = {"author": "{中央国家安全委员会办公室}", "title": "总体国家安全学习纲要", "year": "2022"}
    pair = only_pair(bib("full", first, "book") + bib("short", second, "book"))
    assert pair.differing == ("title",)
    assert pair.score < 1.0


@pytest.mark.parametrize(
    "full",
    [
        {"title": "Strategy in the Modern World: A History of Ideas"},
        {"title": "Strategy in the Modern World", "subtitle": "A History of Ideas"},
        {"title": "Strategy in the Modern World -- A History of Ideas"},
    ],
)
def test_title_without_its_subtitle_matches_when_authors_and_year_agree(full: dict[str, str]) -> None:
    book = {"author": "Walker, Thomas and Jin, Emily", "year": "2010"}
    pair = only_pair(
        bib("full", {**book, **full}, "book") + bib("short", {**book, "title": "Strategy in the Modern World"}, "book")
    )
    assert "subtitle" in pair.reason


@pytest.mark.parametrize("change", [{"author": "Walker, Thomas and Smith, Anna"}, {"year": "2011"}])
def test_title_without_its_subtitle_needs_every_author_and_the_year(change: dict[str, str]) -> None:
    book = {"author": "Walker, Thomas and Jin, Emily", "year": "2010"}
    assert (
        pairs_of(
            bib("full", {**book, "title": "Strategy in the Modern World: A History of Ideas"}, "book")
            + bib("short", {**book, **change, "title": "Strategy in the Modern World"}, "book")
        )
        == []
    )


def test_shared_surname_with_other_initial_is_another_person() -> None:
    first = {**BASE, "author": "Brown, Omar"}
    second = {**BASE, "author": "Brown, Chloé and Ivanov, Rahul"}
    assert pairs_of(bib("a", first) + bib("b", second)) == []


def test_title_ending_in_a_full_stop_still_lacks_only_the_subtitle() -> None:
    book = {"author": "Walker, Thomas", "year": "2010"}
    pair = only_pair(
        bib("short", {**book, "title": "Strategy in the Modern World."}, "book")
        + bib("full", {**book, "title": "Strategy in the Modern World: A History"}, "book")
    )
    assert "subtitle" in pair.reason


def test_author_list_cut_short_with_others() -> None:
    pair = only_pair(bib("a", BASE) + bib("b", {**BASE, "author": "Jin, Emily and others"}))
    assert pair.differing == ("author",)


# --- vetoes ----------------------------------------------------------------


def test_different_edition_is_not_a_duplicate() -> None:
    book = {"author": "Walker, Thomas", "title": "Strategy in the Modern World", "year": "2010"}
    assert (
        pairs_of(
            bib("second", {**book, "edition": "2nd"}, "book")
            + bib("third", {**book, "edition": "Third", "year": "2011"}, "book")
        )
        == []
    )


def test_edition_wording_alone_is_not_a_difference() -> None:
    book = {"author": "Walker, Thomas", "title": "Strategy in the Modern World", "year": "2010"}
    pair = only_pair(bib("a", {**book, "edition": "2nd"}, "book") + bib("b", {**book, "edition": "second"}, "book"))
    assert "edition" not in pair.differing


def test_different_edition_vetoes_even_a_shared_isbn() -> None:
    book = {"author": "Walker, Thomas", "title": "Strategy", "year": "2010", "isbn": "9780306406157"}
    assert pairs_of(bib("a", {**book, "edition": "1"}, "book") + bib("b", {**book, "edition": "2"}, "book")) == []


@pytest.mark.parametrize("field, first, second", [("chapter", "3", "5"), ("pages", "10--35", "36--60")])
def test_chapters_of_one_book_are_not_duplicates(field: str, first: str, second: str) -> None:
    book = {
        "author": "Walker, Thomas",
        "title": "Strategy in the Modern World",
        "year": "2010",
        "isbn": "9780306406157",
        "publisher": "Oxford University Press",
    }
    assert pairs_of(bib("a", {**book, field: first}, "inbook") + bib("b", {**book, field: second}, "inbook")) == []


def test_same_pages_written_differently_still_match() -> None:
    book = {"author": "Walker, Thomas", "title": "Strategy in the Modern World", "year": "2010"}
    pair = only_pair(bib("a", {**book, "pages": "10--35"}, "inbook") + bib("b", {**book, "pages": "10-35"}, "inbook"))
    assert "pages" not in pair.differing


def test_conflicting_dois_are_not_duplicates() -> None:
    assert pairs_of(bib("a", {**BASE, "doi": "10.1000/one"}) + bib("b", {**BASE, "doi": "10.1000/two"})) == []


def test_conflicting_isbns_are_not_duplicates() -> None:
    book = {"author": "Walker, Thomas", "title": "Strategy in the Modern World", "year": "2010"}
    assert (
        pairs_of(
            bib("a", {**book, "isbn": "9780306406157"}, "book") + bib("b", {**book, "isbn": "0-19-852663-6"}, "book")
        )
        == []
    )


def test_years_more_than_one_apart_are_not_duplicates() -> None:
    assert pairs_of(bib("a", BASE) + bib("b", {**BASE, "year": "2023"})) == []


def test_translation_linked_by_relatedtype_is_not_a_duplicate() -> None:
    original = {"author": "Walker, Thomas", "title": "Strategie und Sicherheit", "year": "2010"}
    translation = {**original, "translator": "Jin, Emily", "related": "original", "relatedtype": "translationof"}
    assert pairs_of(bib("original", original, "book") + bib("translation", translation, "book")) == []


def test_different_languages_are_not_duplicates() -> None:
    original = {"author": "Walker, Thomas", "title": "Strategie und Sicherheit", "year": "2010"}
    assert (
        pairs_of(
            bib("de", {**original, "language": "german"}, "book")
            + bib("en", {**original, "language": "english"}, "book")
        )
        == []
    )


def test_language_codes_and_names_agree() -> None:
    original = {"author": "Walker, Thomas", "title": "Strategie und Sicherheit", "year": "2010"}
    pair = only_pair(
        bib("a", {**original, "language": "German"}, "book") + bib("b", {**original, "language": "de"}, "book")
    )
    assert pair.differing == ()


def test_translation_linked_from_the_original_is_not_a_duplicate() -> None:
    translation = {"author": "Walker, Thomas", "title": "Strategy in the Modern World", "year": "2010"}
    original = {**translation, "related": "translation"}
    assert pairs_of(bib("translation", translation, "book") + bib("original", original, "book")) == []


def test_translation_whose_origtitle_is_the_other_title_is_not_a_duplicate() -> None:
    # The translation's record keeps the original title, and points to an
    # original that is not in this file; only origtitle tells the two apart.
    original = {"author": "{中央国家安全委员会办公室}", "title": "总体国家安全观学习纲要", "date": "2022-04"}
    translation = {
        **original,
        "origtitle": "总体国家安全观学习纲要",
        "translator": "Jin, Emily",
        "relatedtype": "translationof",
        "related": "elsewhere",
    }
    assert pairs_of(bib("original", original, "book") + bib("translation", translation, "book")) == []


# --- what is still not a match ---------------------------------------------


def test_different_authors_same_title_are_not_duplicates() -> None:
    other = {**BASE, "author": "Smith, Anna and Brown, Lee"}
    assert pairs_of(bib("a", BASE) + bib("b", other)) == []


def test_numbered_volumes_are_not_duplicates() -> None:
    first = {**BASE, "title": "Documents on National Security Policy, Volume 1"}
    second = {**BASE, "title": "Documents on National Security Policy, Volume 2"}
    assert pairs_of(bib("a", first, "book") + bib("b", second, "book")) == []


def test_short_title_needs_authors_and_year() -> None:
    assert pairs_of(bib("a", {"title": "Introduction"}, "misc") + bib("b", {"title": "Introduction"}, "misc")) == []


def test_authors_only_reordered_is_reported() -> None:
    pair = only_pair(bib("a", BASE) + bib("b", {**BASE, "author": "Walker, Thomas and Jin, Emily"}))
    assert pair.differing == ("author",)
    assert pair.reason == "same title, same year, authors differ only in order"


def test_abbreviated_authors_are_not_a_difference() -> None:
    pair = only_pair(bib("a", BASE) + bib("b", {**BASE, "author": "Emily Jin and T. Walker"}))
    assert pair.differing == ()


# --- scale -----------------------------------------------------------------


def test_many_entries_stay_fast_and_pairs_are_ordered() -> None:
    rng = random.Random(7)
    words = "national security technology innovation strategy policy reform market data energy".split()
    chunks = []
    for index in range(5000):
        title = " ".join(rng.choices(words, k=6)) + f" {index}"
        chunks.append(bib(f"k{index}", {"title": title, "author": f"Author{index % 97}, A.", "year": "2020"}))
    chunks.append(
        bib(
            "copy",
            {
                "title": "national security technology innovation strategy policy 17",
                "author": "Author17, A.",
                "year": "2020",
            },
        )
    )
    chunks.append(
        bib(
            "source",
            {
                "title": "National Security Technology Innovation Strategy Policy 17",
                "author": "Author17, A.",
                "year": "2021",
            },
        )
    )
    parsed = entries("".join(chunks))
    start = time.perf_counter()
    found = find_duplicates(parsed)
    elapsed = time.perf_counter() - start
    assert ("copy", "source") in [(pair.first.key, pair.second.key) for pair in found]
    assert elapsed < 10
    order = {entry.key: position for position, entry in enumerate(parsed)}
    assert all(order[pair.first.key] < order[pair.second.key] for pair in found)


# --- distinct works that share a title (real cases from TeX Live's bibliographies) ---


def _pairs(text: str) -> list[tuple[str, str]]:
    return [(p.first.key, p.second.key) for p in find_duplicates(parse_bibtex(text, "refs.bib").entries)]


@pytest.mark.parametrize(
    "first,second",
    [
        # Another issue of one journal: the same anonymous item, another number.
        (
            "@article{a, author = {Anonymous}, title = {Front cover}, journal = {TUGboat}, volume = 43, number = 1,"
            " pages = {c1--c1}, year = 2022}",
            "@article{b, author = {Anonymous}, title = {Front cover}, journal = {TUGboat}, volume = 43, number = 2,"
            " pages = {c1--c1}, year = 2022}",
        ),
        # Parts of one title.
        (
            "@periodical{a, title = {Physical Review A}, publisher = {APS}}",
            "@periodical{b, title = {Physical Review B}, publisher = {APS}}",
        ),
        (
            "@misc{a, author = {{Generic Software}}, title = {Symbols library type fonts}, year = 1987}",
            "@misc{b, author = {{Generic Software}}, title = {Symbols library type fonts {II}}, year = 1987}",
        ),
        (
            "@book{a, author = {Knuth, D.}, title = {Fundamental Algorithms}, part = 1, year = 1973}",
            "@book{b, author = {Knuth, D.}, title = {Fundamental Algorithms}, part = 2, year = 1973}",
        ),
        # Another release of a program.
        (
            "@misc{a, author = {{Molecular Design}}, title = {ChemText}, edition = {Version 1.21.}, year = 1989}",
            "@misc{b, author = {{Molecular Design}}, title = {ChemText}, edition = {Version 1.30.}, year = 1989}",
        ),
        # A reprint or an erratum and the original.
        (
            "@article{a, author = {Smith, J.}, title = {On Fonts}, journal = {J}, year = 1990}",
            "@article{b, author = {Smith, J.}, title = {On Fonts}, journal = {J}, year = 1990, note = {Erratum}}",
        ),
        # A thesis and the report made of it.
        (
            "@mastersthesis{a, author = {Wong, W.}, title = {Font storage and scaling}, school = {UIUC}, year = 1985}",
            "@techreport{b, author = {Wong, W.}, title = {Font storage and scaling}, institution = {UIUC}, year = 1985}",
        ),
        # Two articles of one issue that link the issue's PDF.
        (
            "@article{a, author = {Childs, B.}, title = {Data General site report}, journal = {TUGboat}, year = 1984,"
            " url = {https://tug.org/TUGboat/tb05-1/tb09site.pdf}}",
            "@article{b, author = {Childs, B.}, title = {Prime site report}, journal = {TUGboat}, year = 1984,"
            " url = {https://tug.org/TUGboat/tb05-1/tb09site.pdf}}",
        ),
        # Two ancient texts told apart by their shorthands.
        (
            "@book{a, title = {de natura rerum}, shorthand = {Isid. nat.}}",
            "@book{b, author = {Lucretius Carus, Titus}, title = {de rerum natura}, shorthand = {Lucr.}}",
        ),
    ],
)
def test_distinct_works_sharing_a_title_are_not_duplicates(first: str, second: str):
    assert _pairs(first + "\n" + second + "\n") == []


def test_records_that_agree_field_by_field_are_one_work_even_without_title_or_year():
    text = (
        "@book{Aischin:Ctes, title = {in Ctesiphontum}, shorthand = {Aischin. Ctes.}}\n"
        "@book{copy, title = {IN CTESIPHONTUM}, shorthand = {Aischin. Ctes.}, keywords = {ancient}}\n"
    )
    assert _pairs(text) == [("Aischin:Ctes", "copy")]


def test_a_short_anonymous_title_on_the_same_pages_of_one_issue_is_one_item():
    text = (
        "@article{a, author = {Anonymous}, title = {Calendar}, journal = {TUGboat}, volume = 7, number = 1,"
        " pages = {6--6}, year = 1986}\n"
        "@article{b, title = {Calendar.}, journal = {TUGboat}, volume = 7, number = 1, pages = {6-6},"
        " year = 1986}\n"
    )
    assert _pairs(text) == [("a", "b")]


# --- more distinct works sharing a title, and records of one work that differ in form ---
# Entries from Nelson Beebe's TeX Live bibliographies (public domain: typeset.bib, texbook1.bib,
# texbook2.bib, texbook3.bib, type.bib, font.bib), cut to the fields that matter.


@pytest.mark.parametrize(
    "first,second",
    [
        # A volume and its set: the set's record lists every volume's ISBN, the volume names the set as its series.
        (
            '@book{Knuth:1986:CMT, author = "Donald E. Knuth", title = "{Computer Modern} Typefaces", volume = "E",'
            ' publisher = "Addison-Wesley", year = "1986", isbn = "0-201-13446-2", series = "Computers and Typesetting"}',
            '@book{Knuth:1986:CT, author = "Donald Ervin Knuth", title = "Computers and Typesetting",'
            ' publisher = "Addison-Wesley", year = "1986", isbn = "0-201-13447-0 (v.A), 0-201-13446-2 (v.E)"}',
        ),
        # A reprint with corrections keeps the ISBN.
        (
            '@book{Knuth:1986:MP, author = "Donald E. Knuth", title = "{\\METAFONT}: The Program", volume = "D",'
            ' publisher = "Addison-Wesley", pages = "xv + 560", year = "1986", isbn = "0-201-13438-1"}',
            '@book{Knuth:1987:MP, author = "Donald Ervin Knuth", title = "{METAFONT}: the program",'
            ' publisher = "Addison-Wesley", edition = "Reprinted with corrections.", pages = "xv + 560",'
            ' year = "1987", isbn = "0-201-13438-1"}',
        ),
        (
            '@book{Peitgen:CF92, author = "Heinz-Otto Peitgen and Hartmut J{\\"u}rgens and Dietmar Saupe",'
            ' title = "Chaos and Fractals: New Frontiers of Science", year = "1992", isbn = "0-387-97903-4"}',
            '@book{Peitgen:CF93, author = "Heinz-Otto Peitgen and Hartmut J{\\"u}rgens and Dietmar Saupe",'
            ' title = "Chaos and Fractals: New Frontiers of Science (corrected second printing)", year = "1993",'
            ' isbn = "0-387-97903-4"}',
        ),
        # A report and the conference paper made of it.
        (
            '@techreport{Bagley:2013:RSVa, author = "Steven R. Bagley and David F. Brailsford and Brian W. Kernighan",'
            ' title = "Revisiting a Summer Vacation: Digital Restoration and Typesetter Forensics", type = "Report",'
            ' institution = "University of Nottingham", year = "2013"}',
            '@inproceedings{Bagley:2013:RSVb, author = "Steven R. Bagley and David F. Brailsford and Brian W. Kernighan",'
            ' booktitle = "Proceedings of the 2013 ACM Symposium on Document Engineering",'
            ' title = "Revisiting a Summer Vacation: Digital Restoration and Typesetter Forensics", year = "2013"}',
        ),
        # A US edition and a UK one a year later, under another publisher.
        (
            '@book{Haley:1980:PGI, author = "Allan Haley", title = "Phototypography: a guide to in-house typesetting'
            ' and design", publisher = "Scribner", pages = "143", year = "1980", isbn = "0-684-16381-5"}',
            '@book{Haley:1981:PGI, author = "Allan Haley", title = "Phototypography: a guide to in-house typesetting'
            ' and design", publisher = "Hale", pages = "143", year = "1981",'
            ' isbn = "0-7091-9243-0, 0-684-16381-5 (U.S.)"}',
        ),
        # Nobody named: titles one word apart are two journals, two booklets.
        (
            '@periodical{CurSci:Curr-Opin-Card, title = "Current Opinion in Cardiology", publisher = "Current Science",'
            ' year = "1987--date{}"}',
            '@periodical{CurSci:Curr-Opin-Radi, title = "Current Opinion in Radiology", publisher = "Current Science",'
            ' year = "1987--date{}"}',
        ),
        (
            '@booklet{URW:phototypesetting-hz, author = "", title = "Phototypesetting with the {URW} hz-program",'
            ' howpublished = "In URW Non-Plus-Ultra Typography series", year = "1991"}',
            '@booklet{URW:phototypesetting-Kq, author = "", title = "Phototypesetting with the {URW} Kq-program",'
            ' howpublished = "In URW Non-Plus-Ultra Typography series", year = "1991"}',
        ),
        # Two parts catalogued under one ISBN.
        (
            '@book{Weyerich:LLL93a, author = "Astrid Weyerich and Rainer Kl{\\"o}tzer", title = "{\\LaTeX} Lernen'
            ' leicht gemacht\\emdash Eine aufgabenorientierte Anleitung\\emdash Teil {A}: Arbeitsheft",'
            ' year = "1993", isbn = "3-7983-1546-9", pages = "100"}',
            '@book{Weyerich:LLL93b, author = "Astrid Weyerich and Rainer Kl{\\"o}tzer", title = "{\\LaTeX} Lernen'
            ' leicht gemacht\\emdash Eine aufgabenorientierte Anleitung\\emdash Teil {B}: Manual",'
            ' year = "1993", isbn = "3-7983-1546-9", pages = "176"}',
        ),
    ],
)
def test_more_distinct_works_sharing_a_title_are_not_duplicates(first: str, second: str):
    assert _pairs(first + "\n" + second + "\n") == []


@pytest.mark.parametrize(
    "first,second",
    [
        # One book in two catalogues: the page count written two ways, the publisher with discretionary hyphens.
        (
            '@book{vonBechtolsheim:TPP92, author = "Stephan von Bechtolsheim", title = "{\\TeX} in Practice:'
            ' Paragraphs, Math, and Fonts", publisher = "Spring{\\-}er-Ver{\\-}lag", volume = "2",'
            ' year = "{\\noopsort{1992b}}1992", isbn = "0-387-97596-9", pages = "384"}',
            '@book{vonBechtolsheim:1993:TPP, author = "Stephan {von Bechtolsheim}", title = "{\\TeX} in Practice:'
            ' Paragraphs, Math, and Fonts", publisher = "Springer-Verlag", volume = "2", year = "1993",'
            ' isbn = "0-387-97596-9", pages = "xl + 368"}',
        ),
        # One proceedings volume, its title cut short (and misspelt) in one record.
        (
            '@proceedings{Andre:1989:RID, title = "{Raster Imaging and Digital Typography: Proceedings of the'
            ' International Conferences, Ecole Polytechnique F{\\\'e}d{\\\'e}rale, Lausanne}", year = "1989",'
            ' publisher = "Cambridge University Press", isbn = "0-521-37490-1", pages = "x + 292"}',
            '@proceedings{Andre:RID89, title = "Raster Imaging and Digital Topography", year = "1989",'
            ' publisher = "Cambridge University Press", isbn = "0-521-37490-1", pages = "x + 292"}',
        ),
    ],
)
def test_one_book_recorded_twice_is_a_duplicate(first: str, second: str):
    assert len(_pairs(first + "\n" + second + "\n")) == 1


# --- the parts -------------------------------------------------------------


def test_folding_splits_words_wherever_a_regular_expression_sees_no_word_character() -> None:
    non_word = re.compile(r"[\W_]+")
    for code in range(0x3000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        text = f"{char}x y{char}z"
        if text.isascii():
            expected = " ".join(non_word.sub(" ", text.lower()).split())
        else:
            decomposed = unicodedata.normalize("NFKD", text)
            bare = "".join(c for c in decomposed if not unicodedata.combining(c))
            expected = " ".join(non_word.sub(" ", bare.casefold()).split())
        if char not in "øØæÆœŒłŁđĐıþð":  # letters folded by a table of their own
            assert fold(text) == expected, hex(code)


def test_every_veto_has_its_own_name_and_says_why() -> None:
    names = [name for name, _ in VETOES]
    assert len(names) == len(set(names))
    assert all(forbids.__doc__ for _, forbids in VETOES)


def test_the_garbage_collector_is_left_as_it_was() -> None:
    text = bib("a", BASE) + bib("b", BASE)
    assert gc.isenabled()
    assert pairs_of(text) == [("a", "b")]
    assert gc.isenabled()
    gc.disable()
    try:
        assert pairs_of(text) == [("a", "b")]
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_each_later_copy_is_paired_once_with_the_first_entry_it_repeats() -> None:
    copies = "".join(bib(key, BASE) for key in ("a", "b", "c", "d"))
    assert pairs_of(copies) == [("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("c", "d")]
    assert [(p.first.key, p.second.key) for p in find_twins(entries(copies))] == [("a", "b"), ("a", "c"), ("a", "d")]


def test_a_later_copy_is_paired_with_the_first_entry_it_matches_not_the_first_entry() -> None:
    # "b" and "c" are the third edition; "a", the second, is another work.
    text = bib("a", BASE | {"edition": "2"}) + bib("b", BASE | {"edition": "3"}) + bib("c", BASE | {"edition": "3"})
    assert [(p.first.key, p.second.key) for p in find_twins(entries(text))] == [("b", "c")]


def test_an_exact_copy_is_paired_with_its_first_copy_in_the_order_of_the_entries() -> None:
    retyped = BASE | {"title": BASE["title"].upper(), "journal": "Survival"}
    text = bib("a", BASE) + bib("b", retyped) + bib("c", BASE) + bib("d", retyped)
    twins = find_twins(entries(text))
    assert [(p.first.key, p.second.key) for p in twins] == [("a", "b"), ("a", "c"), ("b", "d")]
    by_key = {p.second.key: p for p in twins}
    assert (by_key["c"].reason, by_key["c"].differing) == ("an identical copy", ())
    assert (by_key["d"].reason, by_key["d"].differing) == ("an identical copy", ())
    # Retyped, not copied: found by comparing, its differences named.
    assert by_key["b"].reason != "an identical copy"
    assert by_key["b"].differing == ("journal",)


def test_an_exact_copy_of_an_entry_that_is_no_work_by_itself_is_not_a_duplicate() -> None:
    # A short title and nobody named: no comparison would call the two one work, nor does the copy.
    text = bib("a", {"title": "Preface"}, "misc") + bib("b", {"title": "Preface"}, "misc")
    assert find_duplicates(entries(text)) == []
    assert find_twins(entries(text)) == []


def test_exact_copies_that_link_to_each_other_keep_the_related_veto() -> None:
    linked = BASE | {"related": "a", "relatedtype": "reprintof"}
    text = bib("a", linked) + bib("b", linked)
    assert find_duplicates(entries(text)) == []
    assert find_twins(entries(text)) == []


def test_exact_copies_report_the_entries_a_search_of_every_pair_finds_a_twin_for() -> None:
    # Every kind of pair the other tests plant, repeated exactly and shuffled: the shortcut for exact
    # copies must report the same later entries as comparing every candidate pair does.
    variants = [
        BASE,
        BASE | {"edition": "2"},
        BASE | {"title": "Safeguarding Critical Technologies"},
        {"title": "Preface", "year": "2021"},
        BASE | {"author": "Jin, E. and Walker, T."},
        BASE | {"doi": "10.1000/xyz123"},
        BASE | {"title": "A History of Chinese Export Controls", "year": "2019"},
    ]
    rng = random.Random(3)
    chosen = [rng.randrange(len(variants)) for _ in range(60)]
    text = "".join(bib(f"k{index}", variants[variant]) for index, variant in enumerate(chosen))
    parsed = entries(text)
    order = {entry.key: index for index, entry in enumerate(parsed)}
    expected = {max(p.first.key, p.second.key, key=order.__getitem__) for p in find_duplicates(parsed)}
    twins = find_twins(parsed)
    assert {p.second.key for p in twins} == expected
    assert all(order[p.first.key] < order[p.second.key] for p in twins)
