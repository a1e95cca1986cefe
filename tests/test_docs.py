"""Documentation is part of the product: every setting, rule and command is documented."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from provenance.check.rules import RULES
from provenance.cli.main import main
from provenance.inputs.config import SETTINGS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
DESIGN_CODES = (
    "Q001 Q002 Q003 Q004 Q005 Q006 Q007 L001 L002 L003 L004 T001 T002 T003 T004 T005 "
    "B001 B002 B003 B004 B005 B006 B007 B008 D001"
).split() + ["S001", "M001"]  # S001: the project's own hygiene rule;
# M001: a manuscript's own markup
DESIGN_CODES += ["B009"]  # path-outside-project: the project is the boundary of what lint reads


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_in_the_readme_reference(setting):
    assert f"| `{setting.name}` |" in README


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_is_documented_with_fixed_sections(code):
    rule = RULES[code]
    assert code in DESIGN_CODES, "rule codes are a public contract (DESIGN.md)"
    assert f"| {code} | {rule.name} |" in README
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in rule.doc, f"{code} lacks {section}"


def test_rule_command_prints_the_doc():
    result = CliRunner().invoke(main, ["rule", "Q002"])
    assert result.exit_code == 0
    assert "Q002 quote-altered" in result.output and "What it does" in result.output


def test_unknown_rule_is_a_usage_error():
    result = CliRunner().invoke(main, ["rule", "Z999"])
    assert result.exit_code == 2 and "no rule" in result.output


def _commands(group: click.Group, prefix: str = ""):
    context = click.Context(group)
    for name in group.list_commands(context):  # the lazily loaded commands too
        command = group.get_command(context, name)
        assert command is not None, name
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")


@pytest.mark.parametrize("name,command", list(_commands(main)), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_help_ends_with_an_example(name, command):
    assert "Example:" in (command.help or ""), f"`provenance {name} --help` has no example"


def test_readme_shows_the_example_output_as_it_is(tmp_path):
    from tests.helpers import copy_example, run

    result = run(copy_example(tmp_path), "lint")
    shown = README.split("prints, and exits 1:\n\n```text\n", 1)[1].split("\n```", 1)[0]
    assert result.exit_code == 1
    assert result.output.strip() == shown.strip()


@pytest.mark.parametrize("style", ["chicago-note-bibliography", "apa"])
def test_readme_shows_the_corrected_citation_as_it_is(tmp_path, style):
    from tests.helpers import copy_example, run

    result = run(copy_example(tmp_path), "cite", "--quote", "manuscripts/essay.md:4", "--style", style)
    shown = README.split(f"$ provenance cite --quote manuscripts/essay.md:4 --style {style}\n", 1)[1]
    shown = shown.split("\n\n$ ", 1)[0].split("\n```", 1)[0]
    assert result.exit_code == 0
    assert result.output.strip() == shown.strip()
    assert "chap. 6" not in result.output and "7" in result.output and "sec. III" in result.output
