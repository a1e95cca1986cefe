"""The shape of the code: no import cycle, no function or module over its size limit, beyond the
exceptions named with their reasons."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
SCRIPT = BENCHMARKS / "import_graph.py"
sys.path.insert(0, str(BENCHMARKS))  # scripts, not a package

from complexity import COMPLEX, LONG, MAX_COMPLEXITY, over_limits  # noqa: E402  (after the path above)
from import_graph import KNOWN_CYCLES, cycles, layer_violations  # noqa: E402


def test_the_package_import_graph_has_no_new_cycle() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "provenance.api → " in result.stdout
    assert "CYCLE" not in result.stdout


def test_no_stage_imports_from_a_stage_above_it() -> None:
    assert layer_violations() == []


def test_an_import_up_a_stage_is_found(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "pipeline_shape"
    for stage in ("top", "middle", "bottom"):
        (package / stage).mkdir(parents=True)
        (package / stage / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "top" / "__init__.py").write_text("from pipeline_shape import middle\n")
    (package / "bottom" / "__init__.py").write_text("from pipeline_shape.middle import __name__ as _\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    found = layer_violations(("pipeline_shape",), "pipeline_shape", ("top", "middle", "bottom"))
    assert found == [
        "pipeline_shape.bottom → pipeline_shape.middle (via pipeline_shape.bottom → pipeline_shape.middle)"
    ]


def test_a_cycle_through_several_modules_is_found() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e", "d"}}
    assert cycles(edges) == [frozenset({"a", "b", "c"})]


def test_every_known_cycle_says_why_it_is_still_there() -> None:
    assert all(len(cycle) > 1 and len(reason) > 40 for cycle, reason in KNOWN_CYCLES.items())


def test_every_function_and_module_over_its_limit_is_a_named_exception() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "complexity.py")], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    complex_functions, long_modules = over_limits()
    assert set(complex_functions) <= set(COMPLEX) and set(long_modules) <= set(LONG)
    assert all(complexity > MAX_COMPLEXITY for complexity in complex_functions.values())


def test_the_library_api_and_the_lint_pipeline_stay_within_the_limits() -> None:
    complex_functions, long_modules = over_limits()
    ours = (
        "provenance/api.py",
        "provenance/check/lint.py",
        "provenance/cli/main.py",
        "provenance/outputs/audit.py",
        "provenance/outputs/trace.py",
    )
    assert not [name for name in complex_functions if name.startswith(ours)]
    assert not [path for path in long_modules if path in ours]


def test_a_command_imports_no_other_command_and_every_command_is_listed(tmp_path: Path) -> None:
    # The other commands' modules (the PROV export's RDF library among them) load only when asked for.
    project = Path(__file__).resolve().parent.parent / "examples" / "cst-technological-security"
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from provenance.cli.main import main\n"
        "def loaded():\n"
        "    return sorted(m for m in sys.modules if m.startswith('provenance.cli.commands.') and m != "
        "'provenance.cli.commands.common')\n"
        f"config = ['--config', {str(project / 'provenance.toml')!r}]\n"
        "assert CliRunner().invoke(main, [*config, 'lint']).exit_code == 1\n"
        "print(loaded())\n"
        "assert CliRunner().invoke(main, [*config, 'export', 'bibtex']).exit_code == 0\n"
        "print(loaded())\n"
        "print(sorted(main.list_commands(None)))\n"
    )
    env = {**os.environ, "PROVENANCE_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True).stdout
    after_lint, after_export, listed = out.splitlines()
    assert after_lint == "[]"
    assert after_export == "['provenance.cli.commands.library']"
    for name in ("cite", "bibliography", "export", "import", "report", "zotero", "source", "lint", "trace"):
        assert f"'{name}'" in listed
