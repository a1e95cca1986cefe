"""The matching engine on real text: silent cuts, variant texts, bilingual pages, parallel quotations.

The cases quote the example project's sources (the Center for Strategic
Translation's page "Safeguard Technological Security", its glossary page) and
quote 5 of Emily Jin's thread of Feb 17, registered here as a page that prints
the Chinese beside the translation, as the thread does.
"""

from __future__ import annotations

from pathlib import Path

from helpers import copy_example, lint_json, position_of

from provenance.text.matching import MatchKind, SourceMatcher

EN_5 = (
    "The competition between the world’s techno-scientific powers is about national strategic scientific and "
    "technological strengths. It is necessary to promptly deploy national laboratories, reorganize the "
    "national key laboratory system, unleash the universities’ role in scientific research, encourage the "
    "active participation of various scientific research institutes, and form strategic forces."
)
ZH_5 = (
    "世界科技强国竞争,比拼的是国家战略科技力量。要抓紧布局国家实验室,重组国家重点实验室体系,"
    "发挥高校在科研中的重要作用,调动各类科研院所的积极性,形成战略力量。"
)

MANUSCRIPT = f"""# Engine cases

A clause cut: “It is necessary to promptly deploy national laboratories, unleash the universities’ role in scientific research, and form strategic forces” [@cst-tech-security].

A Chinese clause cut: “要抓紧布局国家实验室,重组国家重点实验室体系,调动各类科研院所的积极性,形成战略力量。” [@jin-quote-5].

The glossary's wording: “the drive to establish “technological self-sufficiency and self-empowerment” [科技自立自强] in these fields has more to do with economic security than military power” [@cst-tech-security].

The Chinese of the bilingual page: “世界科技强国竞争,比拼的是国家战略科技力量。” [@jin-quote-5].

A sentence no source has: “The laboratories will be moved to the moon by next spring, said the minister” [@cst-tech-security].

The English lacks the first Chinese sentence:

"{EN_5.split(". ", 1)[1]}

{ZH_5}" [@jin-quote-5]
"""


def _project(tmp_path: Path) -> Path:
    project = copy_example(tmp_path)
    (project / "sources" / "jin-quote-5.md").write_text(
        "<!-- Quote 5 of Emily Jin's thread of Feb 17, the Chinese printed beside the translation. -->\n\n"
        f"{ZH_5}\n\n{EN_5}\n",
        encoding="utf-8",
    )
    with (project / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write(
            "\n@online{jin-quote-5,\n  author = {Jin, Emily},\n  title = {Thread of Feb 17, quote 5},\n"
            "  date = {2025-02-17},\n  langid = {english},\n  file = {sources/jin-quote-5.md},\n}\n"
        )
    (project / "manuscripts" / "engine.md").write_text(MANUSCRIPT, encoding="utf-8")
    return project


def _findings(tmp_path: Path) -> tuple[Path, dict[int, list[dict]]]:
    project = _project(tmp_path)
    _, report = lint_json(project)
    by_line: dict[int, list[dict]] = {}
    for finding in report["findings"]:
        if finding["path"] == "manuscripts/engine.md":
            by_line.setdefault(finding["line"], []).append(finding)
    return project / "manuscripts" / "engine.md", by_line


def _codes(findings: list[dict]) -> list[str]:
    return sorted(f["code"] for f in findings)


def test_cuts_inside_sentences_are_q003_naming_the_omitted_text(tmp_path):
    manuscript, by_line = _findings(tmp_path)
    english = position_of(manuscript, "A clause cut")[0]
    chinese = position_of(manuscript, "A Chinese clause cut")[0]
    assert _codes(by_line[english]) == ["Q003"]
    omitted = by_line[english][0]["evidence"]["omitted"]
    assert omitted[0] == "reorganize the national key laboratory system,"
    assert omitted[1].startswith("encourage the active participation of various")  # shown shortened
    assert by_line[english][0]["evidence"]["source_path"] == "sources/cst-safeguard-technological-security.md"
    assert _codes(by_line[chinese]) == ["Q003"]
    assert by_line[chinese][0]["evidence"]["omitted"] == ["发挥高校在科研中的重要作用,"]
    assert by_line[chinese][0]["evidence"]["source_path"] == "sources/jin-quote-5.md"


def test_text_in_no_source_stays_q001(tmp_path):
    manuscript, by_line = _findings(tmp_path)
    assert _codes(by_line[position_of(manuscript, "A sentence no source has")[0]]) == ["Q001"]


def test_wording_of_another_registered_source_is_q006_naming_it(tmp_path):
    manuscript, by_line = _findings(tmp_path)
    [finding] = by_line[position_of(manuscript, "The glossary's wording")[0]]
    assert finding["code"] == "Q006"
    assert finding["evidence"]["source_path"] == "sources/cst-glossary-key-core-technologies.md"
    assert "the quotation has ‘has’ for ‘had’" in finding["message"]


def test_a_source_holding_both_languages_is_never_the_wrong_one(tmp_path):
    manuscript, by_line = _findings(tmp_path)
    assert position_of(manuscript, "The Chinese of the bilingual page")[0] not in by_line


def test_a_sentence_one_language_lacks_is_q005_naming_the_part(tmp_path):
    manuscript, by_line = _findings(tmp_path)
    line = position_of(manuscript, "世界科技强国竞争", occurrence=2)[0]
    [finding] = by_line[line]
    assert finding["code"] == "Q005"
    assert "Chinese sentence 1 has no counterpart in the English" in finding["message"]


def test_one_dropped_word_is_an_alteration_not_a_cut():
    match = SourceMatcher(EN_5).find(
        "It is necessary to promptly deploy national laboratories, reorganize the key laboratory system"
    )
    assert match.kind is MatchKind.ALTERED


def test_a_cut_keeps_offsets_in_the_original_source():
    source = "Intro line.\n\n" + EN_5.replace("reorganize the", "reorganize\n  the")
    match = SourceMatcher(source).find(
        "It is necessary to promptly deploy national laboratories, unleash the "
        "universities’ role in scientific research"
    )
    assert match.kind is MatchKind.OMISSION
    assert [source[start:end] for start, end in match.gaps] == ["reorganize\n  the national key laboratory system,"]
    assert source[match.source_start : match.source_end].startswith("It is necessary")
    assert source[match.source_start : match.source_end].endswith("scientific research")


# Universal Declaration of Human Rights, articles 3 and 23(1) (public text, as in tests/corpus).
UDHR_3_23 = (
    "Article 3\n\nEveryone has the right to life, liberty and the security of person.\n\n"
    "Article 23\n\nEveryone has the right to work, to free choice of employment, to just and favourable "
    "conditions of work and to protection against unemployment.\n"
)


def test_a_silent_cut_is_placed_in_the_paragraph_that_holds_every_piece():
    matcher = SourceMatcher(UDHR_3_23)
    match = matcher.find(
        "Everyone has the right to work, to free choice of employment, and to protection against unemployment."
    )
    assert match.kind is MatchKind.OMISSION
    assert UDHR_3_23[match.source_start :].startswith("Everyone has the right to work")
    assert [UDHR_3_23[start:end] for start, end in match.gaps] == ["to just and favourable conditions of work"]


def test_an_altered_sentence_the_source_repeats_is_placed_in_the_division_cited(tmp_path: Path):
    # UDHR article 1 again, printed in two chapters and quoted with one word changed: both
    # copies match equally well, so the one the citation names is the one quoted (no L001).
    # A sentence only chapter 1 has, altered and cited to chapter 2, is still misplaced.
    sentence = "All human beings are born free and equal in dignity and rights."
    altered = sentence.replace("equal", "alike")
    only_first = "They are endowed with reason and conscience and should act towards one another."
    project = _udhr_project(
        tmp_path / "repeat-altered",
        f"Chapter 1\n\n{sentence} {only_first}\n\nChapter 2\n\nThe Declaration begins: {sentence}\n",
        f"“{altered}” [@udhr, chap. 2]\n\n“{altered}” [@udhr, chap. 1]\n\n"
        f"“{only_first.replace('reason', 'wisdom')}” [@udhr, chap. 2]\n",
    )
    _status, report = lint_json(project)
    codes = sorted((f["line"], f["code"]) for f in report["findings"])
    assert codes == [(1, "Q002"), (3, "Q002"), (5, "L001"), (5, "Q002")]


def test_an_ellipsis_takes_the_tightest_chain_of_fragments():
    match = SourceMatcher(UDHR_3_23).find("Everyone has the right to […] protection against unemployment.")
    assert UDHR_3_23[match.source_start :].startswith("Everyone has the right to work")


def test_a_cut_quotation_cited_to_the_wrong_division_is_still_found_where_it_is():
    # Article 23's opening words also open a paragraph of the (wrongly) cited division: the cut
    # readings tried there first must not hide the passage that holds every piece.
    source = UDHR_3_23 + "\nArticle 24\n\nEveryone has the right to work in freedom. No one shall be held in slavery.\n"
    article_24 = (source.index("Article 24"), len(source))
    matcher = SourceMatcher(source)
    for quote, kind in (
        ("Everyone has the right to work […] protection against unemployment.", MatchKind.NORMALISED),
        (
            "Everyone has the right to work, to free choice of employment and to protection against unemployment.",
            MatchKind.OMISSION,
        ),
    ):
        match = matcher.find(quote, prefer=article_24)
        assert match.kind is kind
        assert source[match.source_start :].startswith("Everyone has the right to work, to free choice")


def test_a_sentence_the_source_repeats_is_quoted_from_the_division_cited(tmp_path: Path):
    # UDHR article 1's first sentence, printed again in a later chapter (as editions that
    # repeat a preamble do): cited to the later chapter, it is found there, not at its first place.
    sentence = "All human beings are born free and equal in dignity and rights."
    project = _udhr_project(
        tmp_path / "repeat",
        f"Chapter 1\n\n{sentence} They are endowed with reason and conscience.\n\n"
        f"Chapter 2\n\nThe Declaration begins: {sentence}\n",
        f"“{sentence}” [@udhr, chap. 2]\n\n“{sentence}” [@udhr, chap. 3]\n",
    )
    _status, report = lint_json(project)
    locators = [(f["line"], f["code"]) for f in report["findings"] if f["code"].startswith("L")]
    assert [line for line, _code in locators] == [3]  # chapter 3 is wrong, chapter 2 right


def _udhr_project(project: Path, source: str, essay: str) -> Path:
    """A project of one UDHR source text (`sources/udhr.md`, cited as `udhr`) and one essay."""
    (project / "sources").mkdir(parents=True)
    (project / "sources" / "udhr.md").write_text(source, encoding="utf-8")
    (project / "refs.bib").write_text(
        "@book{udhr, title = {Universal Declaration of Human Rights}, "
        "author = {{United Nations}}, date = {1948}, file = {sources/udhr.md}}\n",
        encoding="utf-8",
    )
    (project / "essay.md").write_text(essay, encoding="utf-8")
    (project / "provenance.toml").write_text(
        'bibliography = ["refs.bib"]\nsources = ["sources"]\nmanuscripts = ["essay.md"]\n', encoding="utf-8"
    )
    return project
