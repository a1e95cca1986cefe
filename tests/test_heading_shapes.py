"""Every heading shape real texts use, untitled divisions in the store, odd locators and odd markup."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from provenance.domain.locators import parse_locator
from provenance.inputs.manuscripts.markdown import extract_markdown
from provenance.inputs.structure import format_path, parse_structure
from provenance.store.database import open_store, upgrade
from tests.helpers import lint_json, run


def _divisions(text: str) -> list[tuple[str, int | None, str, str | None]]:
    return [(d.kind, d.number, d.label, d.title) for d in parse_structure(text).divisions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## Article 1\n\nAll human beings.\n", [("article", 1, "1", None)]),
        ("Intro.\n\nChapter 3\n\nBody.\n", [("chapter", 3, "3", None)]),
        ("第一条\n\n人人生而自由。\n", [("article", 1, "一", None)]),
        ("第一条　中华人民共和国是社会主义国家。\n", [("article", 1, "一", None)]),
        ("Article 1\n=========\n\nBody.\n", [("article", 1, "1", None)]),
        ("Chapter IV\n----------\n\nBody.\n", [("chapter", 4, "IV", None)]),
        ("Article 5a\n\nInserted.\n", [("article", 5, "5a", None)]),
        ("# Chapter Seven: Adhere to Security\n", [("chapter", 7, "Seven", "Adhere to Security")]),
        (
            "## 第三章 国家机构\n\n### 第一节 全国人民代表大会\n",
            [("chapter", 3, "三", "国家机构"), ("section", 1, "一", "全国人民代表大会")],
        ),
    ],
)
def test_heading_shapes(text: str, expected):
    assert _divisions(text) == expected


def test_title_only_headings_rank_with_the_numbered_headings_at_their_level():
    text = (
        "# 中华人民共和国宪法\n\n## 序言\n\n中国是世界上历史最悠久的国家之一。\n\n## 第一章 总纲\n\n"
        "第一条 中华人民共和国是社会主义国家。\n"
    )
    structure = parse_structure(text)
    assert [(d.kind, d.title) for d in structure.divisions] == [
        ("heading", "序言"),
        ("chapter", "总纲"),
        ("article", None),
    ]
    preamble = text.index("中国是")
    assert format_path(structure.path_at(preamble)) == "序言"
    assert format_path(structure.path_at(text.index("中华人民共和国是"))) == "Chapter 一 › Article 一"


def test_a_title_only_heading_above_numbered_ones_holds_them():
    text = "Part A\n======\n\nArticle 1\n---------\n\nx\n\nPart B\n======\n\nArticle 2\n---------\n\ny\n"
    structure = parse_structure(text)
    assert format_path(structure.path_at(text.index("y"))) == "Part B › Article 2"
    assert structure.by_title("Part B") == []  # a title-only heading says nothing about kind


def test_front_matter_and_tables_make_no_headings():
    assert _divisions("---\ntitle: x\n---\n\n| a | b |\n|---|---|\n\ntext\n") == []


def test_numbers_no_store_column_can_hold_are_not_headings():
    text = "Chapter 99999999999999999999\n\nx\n\nChapter 3000000000\n\ny\n\nChapter 2\n\nz\n"
    assert _divisions(text) == [("chapter", 2, "2", None)]


def test_an_untitled_division_is_named_by_kind_and_number():
    structure = parse_structure("## Chapter 3\n\n## Article 1\n\nBody of the article.\n")
    assert format_path(structure.path_at(30)) == "Chapter 3 › Article 1"


def test_divisions_end_where_an_equal_or_higher_heading_starts():
    text = "Chapter 1\n\nSection 1\n\na\n\nSection 2\n\nb\n\nChapter 2\n\nc\n"
    divisions = parse_structure(text).divisions
    ends = {(d.kind, d.number): d.end for d in divisions}
    starts = {(d.kind, d.number): d.start for d in divisions}
    assert ends[("section", 1)] == starts[("section", 2)]
    assert ends[("section", 2)] == ends[("chapter", 1)] == starts[("chapter", 2)]
    assert ends[("chapter", 2)] == len(text)


def test_two_hundred_thousand_headings_all_parse():
    text = "".join(
        f"Chapter {c}\n\n" + "".join(f"Article {c * 10 + a}\n\nText.\n\n" for a in range(10)) for c in range(1, 20001)
    )
    structure = parse_structure(text)
    assert len(structure.divisions) == 220000
    last = structure.divisions[-1]
    assert (last.kind, last.number, last.end) == ("article", 200009, len(text))
    assert format_path(structure.path_at(last.start)) == "Chapter 20000 › Article 200009"


def _project(tmp_path: Path, source: str, manuscript: str) -> Path:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "udhr.md").write_text(source, encoding="utf-8")
    (tmp_path / "essay.md").write_text(manuscript, encoding="utf-8")
    (tmp_path / "refs.bib").write_text(
        "@online{udhr,\n  title = {Universal Declaration of Human Rights},\n  author = {{United Nations}},\n"
        "  date = {1948-12-10},\n  url = {https://www.un.org/en/about-us/universal-declaration-of-human-rights},\n"
        "  urldate = {2026-01-01},\n  file = {sources/udhr.md},\n}\n",
        encoding="utf-8",
    )
    (tmp_path / "provenance.toml").write_text(
        'bibliography = ["refs.bib"]\nsources = ["sources"]\nmanuscripts = ["essay.md"]\n', encoding="utf-8"
    )
    return tmp_path


UDHR = (
    "# Universal Declaration of Human Rights\n\n## Article 1\n\nAll human beings are born free and equal in "
    "dignity and rights.\n\n## Article 2\n\nEveryone is entitled to all the rights and freedoms set forth "
    "in this Declaration.\n\n## Article 3\n\nEveryone has the right to life, liberty and security of "
    "person.\n"
)


def test_untitled_articles_are_stored_traced_and_cited(tmp_path: Path):
    project = _project(
        tmp_path, UDHR, "“Everyone has the right to life, liberty and security of person.” [@udhr, art. 2]\n"
    )
    status, report = lint_json(project)
    assert status == 1
    [finding] = report["findings"]
    assert finding["code"] == "L001"
    assert finding["message"] == "cites article 2, but the passage is in article 3: Article 3"
    assert finding["fix"]["replacement"] == "art. 3"
    traced = run(project, "trace", "essay.md:1")
    assert traced.exit_code == 0 and "Article 3" in traced.stdout
    cited = run(project, "cite", "--quote", "essay.md:1")
    assert cited.exit_code == 0 and "art. 3" in cited.stdout


@pytest.mark.parametrize(
    "manuscript",
    [
        "@udhr [art. 3] puts it plainly: “Everyone has the right to life, liberty and security of person.”\n",
        "As @udhr has it, “Everyone has the right to life, liberty and security of person.”\n",
        "“Everyone has the right to life, liberty and security of person,” says @udhr [art. 3].\n",
        "@udhr [art. 3] is short:\n\n> Everyone has the right to life, liberty and security of person.\n",
        "---\ncites: [udhr]\n---\n\n“Everyone has the right to life, liberty and security of person.”\n",
    ],
)
def test_narrative_citations_bind_to_their_quotation(tmp_path: Path, manuscript: str):
    status, report = lint_json(_project(tmp_path, UDHR, manuscript))
    assert (status, report["findings"]) == (0, [])


def test_a_citation_taken_by_one_quotation_does_not_vouch_for_the_next():
    found = extract_markdown(
        "“All human beings are born free and equal” [@udhr, art. 1], and then "
        "“everyone has the right to life, liberty and security”.\n"
    )
    assert [len(q.citations) for q in found.quotations] == [1, 0]


def test_textcite_before_a_quotation_binds_in_latex():
    from provenance.inputs.manuscripts.latex import extract_latex

    found = extract_latex(
        "\\begin{document}\n\\textcite[art.~3]{udhr} puts it plainly: ``Everyone has the "
        "right to life, liberty and security of person.''\n\\end{document}\n"
    )
    [quotation] = found.quotations
    assert [(c.key, c.locator.raw) for c in quotation.citations] == [("udhr", "art.~3")]


@pytest.mark.parametrize("locator", ["chap. -1", "chap. ☃", "art. 1e999", "chap. 99999999999999999999"])
def test_a_locator_number_that_is_no_number_is_l003(tmp_path: Path, locator: str):
    project = _project(
        tmp_path, UDHR, f"“Everyone has the right to life, liberty and security of person.” [@udhr, {locator}]\n"
    )
    status, report = lint_json(project)
    assert status == 1
    [finding] = [f for f in report["findings"] if f["code"] == "L003"]
    value = locator.split(" ", 1)[1]
    assert finding["line"] == 1 and f"“{value}” is not a number" in finding["message"]


def test_a_chapter_locator_in_words_is_not_mistaken_for_an_unreadable_number():
    assert parse_locator("chapter seven").first.number == 7


def test_an_unclosed_comment_hides_nothing(tmp_path: Path):  # as pandoc reads it
    manuscript = (
        "Draft <!-- a note never closed\n\n“Everyone has the right to life, liberty and security of "
        "persons.” [@udhr, art. 3]\n"
    )
    status, report = lint_json(_project(tmp_path, UDHR, manuscript))
    assert status == 1
    assert [(f["code"], f["line"]) for f in report["findings"]] == [("M001", 1), ("Q002", 3)]


def test_an_internal_error_exits_2_with_one_line_naming_the_input(tmp_path: Path, monkeypatch):
    from click.testing import CliRunner

    import provenance.inputs.source_texts
    from provenance.cli.main import main

    def broken(text):
        raise RuntimeError("injected failure\n[SQL: a second line]")

    monkeypatch.setattr(provenance.inputs.source_texts, "parse_structure", broken)
    project = _project(tmp_path, UDHR, "“Everyone has the right to life, liberty and security of person.”\n")
    result = CliRunner().invoke(
        main,
        ["--config", str(project / "provenance.toml"), "lint"],
        env={"PROVENANCE_DEBUG": ""},
        catch_exceptions=False,
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("internal error while processing sources/udhr.md")
    assert "RuntimeError: injected failure" in lines[0] and "report" in lines[0]
    debugged = CliRunner().invoke(main, ["--config", str(project / "provenance.toml"), "--debug", "lint"])
    assert isinstance(debugged.exception, RuntimeError)


def test_an_internal_error_in_a_rule_names_the_manuscript(tmp_path: Path, monkeypatch):
    from click.testing import CliRunner

    from provenance.check.rules import locators
    from provenance.cli.main import main

    def broken(locator):
        raise ValueError("rule broke")

    monkeypatch.setattr(locators, "unreadable_numbers", broken)
    project = _project(
        tmp_path, UDHR, "“Everyone has the right to life, liberty and security of person.” [@udhr, art. 3]\n"
    )
    result = CliRunner().invoke(
        main,
        ["--config", str(project / "provenance.toml"), "lint"],
        env={"PROVENANCE_DEBUG": ""},
        catch_exceptions=False,
    )
    assert result.exit_code == 2
    assert "internal error while processing essay.md" in result.stderr
    assert "ValueError: rule broke" in result.stderr


def test_migration_0002_keeps_rows_and_goes_back_down(database_url: str):
    store = open_store(database_url, migrate=False)
    upgrade(store, "0001")
    with store.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO input_files (id, path, kind, content_hash, ingested_at) "
                "VALUES (1, 's.md', 'source', 'h', CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            sa.text("INSERT INTO sources (id, input_file_id, path, text, content_hash) VALUES (1, 1, 's.md', 't', 'h')")
        )
        connection.execute(
            sa.text(
                'INSERT INTO divisions (source_id, kind, number, label, title, start, "end", line, depth) '
                "VALUES (1, 'chapter', 7, '7', 'Security', 0, 1, 1, 1)"
            )
        )
    upgrade(store, "0002")
    with store.engine.begin() as connection:
        connection.execute(
            sa.text(
                'INSERT INTO divisions (source_id, kind, number, label, title, start, "end", line, depth) '
                "VALUES (1, 'article', 1, '1', NULL, 0, 1, 1, 4)"
            )
        )
        titles = connection.execute(sa.text("SELECT title FROM divisions ORDER BY id")).scalars().all()
        hashes = connection.execute(sa.text("SELECT content_hash FROM input_files")).scalars().all()
    assert titles == ["Security", None]
    assert hashes == [""]  # read again by the new readers
    from alembic import command

    from provenance.store.database import alembic_config

    config = alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    with store.engine.connect() as connection:
        titles = connection.execute(sa.text("SELECT title FROM divisions ORDER BY id")).scalars().all()
    assert titles == ["Security", ""]
    store.close()


def test_an_unclosed_comment_is_m001_at_its_line(tmp_path: Path):
    manuscript = (
        "Intro.\n\nDraft <!-- a note never closed\n\n“Everyone has the right to life, liberty and "
        "security of person.” [@udhr, art. 3]\n"
    )
    status, report = lint_json(_project(tmp_path, UDHR, manuscript))
    assert status == 0  # a warning; the quotation after it is checked and right
    [finding] = report["findings"]
    assert (finding["code"], finding["line"], finding["column"]) == ("M001", 3, 7)
    assert "never closed" in finding["message"] and "quotations after it are checked" in finding["message"]


def test_an_unclosed_latex_comment_environment_says_what_was_not_checked():
    from provenance.inputs.manuscripts.latex import extract_latex

    found = extract_latex("\\begin{document}\nText.\n\\begin{comment}\nhidden “quote of many words here”\n")
    [problem] = found.markup_problems
    assert problem.line == 3 and "nothing after line 3 is checked" in problem.message
    closed = extract_latex("\\begin{document}\n\\begin{comment}\nx\n\\end{comment}\n\\end{document}\n")
    assert closed.markup_problems == ()


def test_huge_chapter_numbers_in_a_source_are_no_crash_on_either_store(tmp_path: Path, database_url: str):
    source = UDHR + "\nChapter 3000000000\n\nx\n\nChapter 99999999999999999999\n\ny\n"
    project = _project(
        tmp_path,
        source,
        "“Everyone has the right to life, liberty and security of person.” [@udhr, chap. 3000000000]\n",
    )
    status, report = lint_json(project, database_url)
    assert status == 1
    assert [(f["code"], f["line"]) for f in report["findings"]] == [("L003", 1)]
