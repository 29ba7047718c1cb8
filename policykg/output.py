"""Shared output of the command line: ``--table`` (default), ``--csv``, ``--json``, and consoles
that never wrap a pipe.

In a terminal a table fits the window by wrapping cells between words; a word (an agency, a
query name, an identifier) is never split: when the longest words do not fit, the table is
printed wider than the window. When standard output is not a terminal (a pipe, a file) tables
and messages are printed at their full width, one line per row, without trailing blanks. A
table's title is a line of its own above it, never wrapped to the table's width. Titles, headers
and cells are printed as written (no console markup: ``[see note]`` stays).

Example
-------
>>> import click
>>> @click.command()
... @output_options
... def demo(output): ...
>>> sorted(p.opts[0] for p in demo.params)
['--csv', '--json', '--table']
>>> table_text(pd.DataFrame({"name": ["agencies_in_several_pillars"], "n": [3]}), width=12).splitlines()
[' name                        ┃ n', '━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━', ' agencies_in_several_pillars │ 3']
"""
from __future__ import annotations

import io
import re
import sys

import click
import pandas as pd
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

__all__ = ["output_options", "emit_frame", "emit_frames", "table_text", "make_console", "is_terminal", "counted"]

def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural unless one.

    >>> counted(1, "plan"), counted(2, "row")
    ('1 plan', '2 rows')
    """
    return f"{count} {noun}" + ("" if count == 1 else "s")


_NUMBER = re.compile(r"^[-+]?[\d,]*\.?\d+(e[-+]?\d+)?$")

#: width of a console that is not a terminal: wide enough never to wrap a line of ours
PIPE_WIDTH = 100_000


def is_terminal(stream=None) -> bool:
    """Whether ``stream`` (default: standard output) is an interactive terminal."""
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", None) and stream.isatty())


def make_console(stderr: bool = False) -> Console:
    """A rich console; when its stream is not a terminal it never wraps (full-width lines).

    The stream is looked up on every print, so a console made at import time follows a later
    redirection of ``sys.stdout`` (as click's test runner does).
    """
    terminal = is_terminal(sys.stderr if stderr else sys.stdout)
    if terminal:
        return Console(stderr=stderr, emoji=False)
    return Console(stderr=stderr, emoji=False, width=PIPE_WIDTH, height=25, soft_wrap=True, no_color=True,
                   highlight=False)


def output_options(command):
    """Add mutually exclusive ``--table`` / ``--csv`` / ``--json`` flags (parameter ``output``)."""
    command = click.option("--json", "output", flag_value="json", help="Print JSON records.")(command)
    command = click.option("--csv", "output", flag_value="csv", help="Print CSV (UTF-8).")(command)
    command = click.option("--table", "output", flag_value="table", default=True,
                           help="Print a table (default): wrapped between words in a terminal, full width in a pipe.")(command)
    return command


def _cell(value) -> str:
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


#: a run of CJK text up to this many characters (a name: 國家科學及技術委員會) is never split;
#: a longer one (a sentence) may wrap between characters, as CJK text does
CJK_NAME_CHARACTERS = 16


def _longest_word(texts) -> int:
    """Width of the longest word that must stay on one line (see ``CJK_NAME_CHARACTERS``)."""
    widths = [cell_len(word) if len(word) <= CJK_NAME_CHARACTERS or cell_len(word) == len(word) else 2
              for text in texts for word in text.split()]
    return max(widths, default=1)


def _widths(columns: list[list[str]], width: int | None) -> list[int]:
    """Column widths (without padding): natural widths if they fit in ``width`` (None: always),
    else every column at least its longest word, the rest shared by how much each lacks."""
    natural = [max((cell_len(line) for text in texts for line in text.splitlines() or [""]), default=1)
               for texts in columns]
    if width is None:
        return natural
    room = width - 3 * len(columns) + 1  # one blank each side of a cell, one separator between
    if sum(natural) <= room:
        return natural
    widths = [min(n, _longest_word(texts)) for n, texts in zip(natural, columns)]
    spare = room - sum(widths)
    while spare > 0:
        lacking = [i for i, (w, n) in enumerate(zip(widths, natural)) if w < n]
        if not lacking:
            break
        share = max(1, spare // len(lacking))
        for i in lacking:
            give = min(share, natural[i] - widths[i], spare)
            widths[i] += give
            spare -= give
    return widths


def _table(frame: pd.DataFrame, width: int | None) -> tuple[Table, int]:
    """A rich table laid out for ``width`` columns (None: full width) and the width it needs."""
    header = [str(c) for c in frame.columns]
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    widths = _widths([[h] + [row[i] for row in rows] for i, h in enumerate(header)], width)
    table = Table(show_edge=False, header_style="bold")
    for i, column in enumerate(frame.columns):
        numeric = all(_NUMBER.match(row[i]) for row in rows if row[i]) and any(row[i] for row in rows)
        table.add_column(Text(header[i]), justify="right" if numeric else "left", overflow="fold", width=widths[i])
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table, sum(widths) + 3 * len(widths) - 1


def table_text(frame: pd.DataFrame, title: str | None = None, width: int | None = None) -> str:
    """``frame`` as a plain-text table no wider than ``width`` when its words allow, never
    splitting a word (``width=None``: full width, one line per row); ``title`` is its first line, whole.

    >>> table_text(pd.DataFrame({"n": [143]}), title="sparql — in-memory build").splitlines()
    ['sparql — in-memory build', '   n', '━━━━━', ' 143']
    """
    table, needed = _table(frame, width)
    buffer = io.StringIO()
    Console(file=buffer, width=max(needed, width or 0, 20), height=25, emoji=False, no_color=True, highlight=False,
            force_terminal=False, legacy_windows=False).print(table)
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    return "\n".join(([title] if title is not None else []) + lines)


def _print_table(frame: pd.DataFrame, title: str | None) -> None:
    if is_terminal():
        console = Console(emoji=False)
        if title is not None:  # wrapped between words at the window's width, not the table's
            console.print(Text(title, style="table.title"))
        table, needed = _table(frame, console.width)
        if needed > console.width:  # the longest words do not fit: print wider, unsplit
            console = Console(emoji=False, width=needed, height=console.height)  # both, or a dumb terminal is 80
        console.print(table)
    else:
        click.echo(table_text(frame, title))


def emit_frame(frame: pd.DataFrame, output: str = "table", title: str | None = None,
               limit: int | None = None) -> None:
    """Print ``frame`` in the chosen format to standard output.

    ``limit`` caps the rows of a table (not of CSV or JSON) and says how many were left out.
    """
    if output == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif output == "json":
        click.echo(frame.to_json(orient="records", force_ascii=False, indent=2))
    else:
        shown = frame if limit is None else frame.head(limit)
        _print_table(shown, title)
        more = len(frame) - len(shown)
        click.echo(counted(len(frame), "row") + (f" ({more} more: use --limit or --csv)" if more else ""))


def emit_frames(frames: dict[str, pd.DataFrame], output: str = "table", limit: int | None = None) -> None:
    """Several named frames: tables one after the other, or one JSON object of record lists.

    CSV holds one frame only: the caller picks it.
    """
    if output == "json":
        import json

        click.echo(json.dumps({name: json.loads(frame.to_json(orient="records", force_ascii=False))
                               for name, frame in frames.items()}, ensure_ascii=False, indent=2))
        return
    if output == "csv" and len(frames) != 1:
        raise click.UsageError("--csv prints one table: choose it")
    for name, frame in frames.items():
        emit_frame(frame, output, title=name, limit=limit)
