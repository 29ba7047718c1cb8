"""Table titles and document text in tables (issues 10 and 11): a title is one line of its own,
never wrapped to the width of a narrower table, and no text is taken for console markup."""
from __future__ import annotations

import shlex
import subprocess
import sys

import pandas as pd
from test_cli_output import _run_in_terminal

from policykg.output import table_text

COUNT_MEASURES = "SELECT (COUNT(*) AS ?n) WHERE { ?m a pkg:Measure }"
#: what the command prints for the shipped plan (143 measures), title whole on its first line
COUNT_MEASURES_TABLE = ["sparql — in-memory build", "   n", "━━━━━", " 143", "1 row"]


def test_a_title_wider_than_its_table_is_one_line_in_a_pipe(tmp_path, monkeypatch):
    monkeypatch.delenv("POLICYKG_WORKSPACE", raising=False)  # tmp_path has no out/: the shipped plan
    command = f"{shlex.quote(sys.executable)} -m policykg sparql {shlex.quote(COUNT_MEASURES)} | cat"
    run = subprocess.run(command, shell=True, cwd=tmp_path, capture_output=True, text=True, encoding="utf-8",
                         check=True)
    # was: `sparq` / `l —` / `in-me` / `mory` / `build`, the title wrapped and split at the table's 5 columns
    assert run.stdout.splitlines() == COUNT_MEASURES_TABLE


def test_a_title_wider_than_its_table_is_one_line_in_a_terminal(tmp_path, monkeypatch):
    monkeypatch.delenv("POLICYKG_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    lines = _run_in_terminal("sparql", COUNT_MEASURES, columns=80).splitlines()
    assert [line.rstrip() for line in lines[:4]] == COUNT_MEASURES_TABLE[:4]


def test_a_title_is_wrapped_between_words_only_by_the_terminals_width(tmp_path, monkeypatch):
    monkeypatch.delenv("POLICYKG_WORKSPACE", raising=False)
    monkeypatch.setenv("LINES", "50")  # with COLUMNS: rich takes a dumb terminal's size from them, not 80 x 25
    monkeypatch.chdir(tmp_path)
    lines = _run_in_terminal("sparql", COUNT_MEASURES, columns=20).splitlines()
    assert [line.rstrip() for line in lines[:3]] == ["sparql — in-memory", "build", "   n"]


def test_brackets_in_titles_headers_and_cells_are_printed_as_written():
    frame = pd.DataFrame({"[b]note": ["[see note] 甲", "[bold]乙[/bold]", "\\[x]"]})
    assert table_text(frame, title="[red]plan[/red] [1]").splitlines() == [
        "[red]plan[/red] [1]",
        " [b]note",
        "━━━━━━━━━━━━━━━━━",
        " [see note] 甲",
        " [bold]乙[/bold]",
        " \\[x]",
    ]


def test_a_table_without_a_title_starts_with_its_header():
    assert table_text(pd.DataFrame({"n": [1]})).splitlines() == [" n", "━━━", " 1"]
