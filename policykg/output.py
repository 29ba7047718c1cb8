"""Shared output of DataFrames on the command line: ``--table`` (default), ``--csv``, ``--json``.

Example
-------
>>> import click
>>> @click.command()
... @output_options
... def demo(output): ...
>>> sorted(opt for p in demo.params for opt in p.opts), {p.name for p in demo.params}
(['--csv', '--json', '--table'], {'output'})
"""
from __future__ import annotations

import sys

import click
import pandas as pd
from rich.console import Console
from rich.table import Table

__all__ = ["output_options", "emit_frame"]


def output_options(command):
    """Add mutually exclusive ``--table`` / ``--csv`` / ``--json`` flags (parameter ``output``)."""
    command = click.option("--json", "output", flag_value="json", help="Print JSON records.")(command)
    command = click.option("--csv", "output", flag_value="csv", help="Print CSV (UTF-8).")(command)
    command = click.option("--table", "output", flag_value="table", default=True, help="Print a table (default).")(command)
    return command


def emit_frame(frame: pd.DataFrame, output: str = "table", title: str | None = None, max_width: int = 60) -> None:
    """Print ``frame`` in the chosen format to standard output."""
    if output == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif output == "json":
        click.echo(frame.to_json(orient="records", force_ascii=False, indent=2))
    else:
        table = Table(title=title, show_edge=False, header_style="bold")
        for column in frame.columns:
            table.add_column(str(column), overflow="fold", max_width=max_width)
        for row in frame.itertuples(index=False):
            table.add_row(*("" if pd.isna(v) else str(v) for v in row))
        Console(emoji=False).print(table)
        click.echo(f"{len(frame)} rows")
