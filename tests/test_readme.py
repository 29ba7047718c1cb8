"""The README stays true: its tour runs, its test command is the one CI runs, every command is listed."""
from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    section = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_setup_is_two_commands_the_first_runs_the_main_job():
    first, second = setup_commands()
    assert first.endswith("policykg build")
    assert "pytest" in second


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert setup_commands()[1] in ci.splitlines()


def test_python_tour_in_the_readme_runs_with_the_output_shown():
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert blocks
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    for number, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"README python block {number}", "README.md", 0)
        runner.run(test)
    assert runner.failures == 0


def commands(group, prefix=()):
    for name, command in sorted(group.commands.items()):
        path = prefix + (name,)
        if hasattr(command, "commands"):
            yield from commands(command, path)
        else:
            yield path


@pytest.mark.parametrize("path", list(commands(cli)), ids=lambda p: " ".join(p))
def test_every_command_has_help_with_an_example_and_is_in_the_readme(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"policykg {' '.join(path)}" in README


def test_a_missing_optional_package_gives_one_line_naming_the_extra(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_sklearn(name, *args, **kwargs):
        if name.split(".")[0] == "sklearn":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_sklearn)
    result = CliRunner().invoke(cli, ["overlaps", "--limit", "1"])
    assert result.exit_code == 1
    assert "pip install 'policykg[analysis]'" in result.output
