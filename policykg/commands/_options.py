"""Options shared by several commands, so their names and values agree.

Example
-------
>>> import click
>>> @click.command()
... @level_option("agency or ministry")
... def demo(level): click.echo(level)
>>> from click.testing import CliRunner
>>> CliRunner().invoke(demo, ["--level", "unit"]).output
'agency\\n'
"""
from __future__ import annotations

import click

__all__ = ["level_option", "LEVELS"]

#: agency: every agency as named; ministry: agencies folded into their top-level ministry
LEVELS = ("agency", "ministry")


class _Level(click.Choice):
    """``agency`` | ``ministry``; ``unit`` (the earlier name in ``policykg agencies``) means agency."""

    def convert(self, value, param, ctx):
        return super().convert("agency" if value == "unit" else value, param, ctx)


def level_option(help_text: str):
    """``--level agency|ministry`` (default agency)."""
    return click.option("--level", type=_Level(list(LEVELS)), default="agency", show_default=True, help=help_text)
