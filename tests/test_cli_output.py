"""Tables that survive a pipe (issue 10): full width, never a split name, the same output
options on every table command, and readable comparison totals."""
from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios

import click
import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.loaders.plan_document import default_plan_path
from policykg.queries.library import list_queries

TABLE_COMMANDS = ["agencies", "query", "sparql", "cypher", "overlaps", "dependencies", "diff", "compare"]


def _run_piped(*args: str) -> str:
    run = subprocess.run([sys.executable, "-m", "policykg", *args], capture_output=True, text=True,
                         encoding="utf-8", check=True, env={**os.environ, "COLUMNS": "80"})
    return run.stdout


def _run_in_terminal(*args: str, columns: int = 80) -> str:
    """Run the CLI with standard output a pseudo-terminal of ``columns`` columns."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {**os.environ, "COLUMNS": str(columns), "TERM": "dumb"}
    process = subprocess.Popen([sys.executable, "-m", "policykg", *args], stdout=follower,
                               stderr=subprocess.DEVNULL, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=300)
    os.close(leader)
    text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


def _rows(text: str) -> list[str]:
    """Table body lines (after the header rule, before the 'N rows' footer)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("━"))
    return [line for line in lines[start + 1:] if "│" in line]


def test_agencies_piped_prints_one_line_per_agency_and_never_splits_ministry():
    out = _run_piped("agencies")
    count = int(re.search(r"^(\d+) rows$", out, re.M).group(1))
    rows = _rows(out)
    assert len(rows) == count  # no continuation lines: `ministr` / `y` was the failing case
    assert not any(re.search(r"│\s*y\s*│", line) for line in rows)
    nstc = next(line for line in rows if line.startswith(" 國家科學及技術委員會 "))
    assert "National Science and Technology Council" in nstc
    assert all(line == line.rstrip() for line in out.splitlines())


def test_query_list_keeps_every_query_name_whole_on_an_80_column_terminal():
    names = [q.name for q in list_queries()]
    out = _run_in_terminal("query", "--list", columns=80)
    assert "agencies_in_several_pillars" in out  # was `agencies_in_sever` / `al_pillars`
    for name in names:
        assert re.search(rf"(^|\s){re.escape(name)}(\s|$)", out, re.M), name


def test_query_list_piped_is_one_line_per_query_at_full_width():
    names = [q.name for q in list_queries()]
    rows = _rows(_run_piped("query", "--list"))
    assert [row.split("│")[0].strip() for row in rows] == names


def test_the_analysis_commands_piped_print_one_line_per_row():
    result = CliRunner().invoke(cli, ["dependencies", "--limit", "5"])
    assert result.exit_code == 0, result.output
    assert len(_rows(result.output)) == 5
    assert re.search(r"^\d+ rows \(\d+ more: use --limit or --csv\)$", result.output, re.M)


@pytest.mark.parametrize("name", TABLE_COMMANDS)
def test_every_table_command_takes_table_csv_and_json(name):
    command = cli.commands[name]
    flags = {opt for p in command.params for opt in p.opts}
    assert {"--table", "--csv", "--json"} <= flags


def test_level_means_the_same_in_agencies_and_dependencies():
    def choices(command):
        option = next(p for p in command.params if p.name == "level")
        return list(option.type.choices), option.default

    assert choices(cli.commands["agencies"]) == choices(cli.commands["dependencies"]) == (["agency", "ministry"], "agency")
    unit = CliRunner().invoke(cli, ["agencies", "--level", "unit", "--csv"])
    agency = CliRunner().invoke(cli, ["agencies", "--level", "agency", "--csv"])
    assert unit.exit_code == agency.exit_code == 0
    assert unit.output == agency.output


@pytest.mark.parametrize("args,columns", [
    (["overlaps"], {"identifier_a", "identifier_b", "score", "signals"}),
    (["dependencies"], {"kind", "source_identifier", "target_identifier", "evidence"}),
    (["dependencies", "--agencies", "--level", "ministry"], {"agency", "betweenness", "pagerank"}),
])
def test_analysis_commands_print_json_records(args, columns):
    result = CliRunner().invoke(cli, [*args, "--json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert records and columns <= set(records[0])


def test_diff_prints_json(tmp_path):
    plan = default_plan_path()
    result = CliRunner().invoke(cli, ["diff", str(plan), str(plan), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == []


@pytest.fixture(scope="module")
def totals_json():
    from pathlib import Path

    variant = Path(__file__).parent / "fixtures" / "variant_plan.md"
    result = CliRunner().invoke(cli, ["compare", str(default_plan_path()), str(variant), "--part", "totals", "--json"])
    assert result.exit_code == 0, result.output
    return {(r["metric"], r["group"]): r for r in json.loads(result.output)["totals"]}


def test_compare_totals_counts_are_integers_and_percentages_are_counted_not_summed(totals_json, plan):
    assert totals_json[("count", "measures")]["a"] == 143 and isinstance(totals_json[("count", "measures")]["a"], int)
    assert totals_json[("count", "pillars")] == {"metric": "count", "group": "pillars", "a": 10, "b": 2, "difference": -8}
    percent = int((plan.targets()["unit"] == "%").sum())
    assert percent > 0
    assert totals_json[("count", "targets in %")]["a"] == percent
    assert ("target", "%") not in totals_json


def test_compare_totals_table_formats_money_and_counts():
    from pathlib import Path

    variant = Path(__file__).parent / "fixtures" / "variant_plan.md"
    result = CliRunner().invoke(cli, ["compare", str(default_plan_path()), str(variant), "--part", "totals"])
    assert result.exit_code == 0, result.output
    rows = {tuple(c.strip() for c in row.split("│")[:2]): [c.strip() for c in row.split("│")[2:]]
            for row in _rows(result.output)}
    assert rows[("count", "measures")] == ["143", "4", "-139"]
    assert rows[("budget", "allocation (TWD)")][0] == "30,000,000,000"
    assert not any(".0" in cell for cells in rows.values() for cell in cells)


def test_compare_csv_still_needs_one_part():
    plan = str(default_plan_path())
    result = CliRunner().invoke(cli, ["compare", plan, plan, "--csv"])
    assert result.exit_code == 1
    assert "--csv needs --part" in result.output


def test_click_flag_group_defaults_to_table():
    command = cli.commands["agencies"]
    option = next(p for p in command.params if "--table" in p.opts)
    assert isinstance(option, click.Option) and option.default is True
