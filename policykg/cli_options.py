"""Command-line options shared by the commands that load plans.

Example
-------
>>> import click
>>> @click.command()
... @vocabulary_option
... def demo(vocabularies): ...
>>> [(p.name, p.multiple) for p in demo.params]
[('vocabularies', True)]
>>> @click.command()
... @level_option("agency or ministry")
... def levels(level): click.echo(level)
>>> from click.testing import CliRunner
>>> CliRunner().invoke(levels, ["--level", "unit"]).output.strip()
'agency'
"""
from __future__ import annotations

import click

__all__ = ["vocabulary_option", "level_option", "sparql_user_option", "LEVELS"]

#: agency: every agency as named; ministry: agencies folded into their top-level ministry
LEVELS = ("agency", "ministry")


def vocabulary_option(command):
    """Add ``--vocab FILE`` (repeatable; parameter ``vocabularies``): SKOS Turtle files of a
    researcher's own terms, checked with graph/vocabulary_shapes.ttl and matched as technologies."""
    return click.option(
        "--vocab", "vocabularies", multiple=True, metavar="FILE",
        type=click.Path(exists=True, dir_okay=False),
        help="SKOS Turtle file of your own terms, matched as technologies (repeatable).",
    )(command)


class _Level(click.Choice):
    """``agency`` | ``ministry``; ``unit`` (the earlier name in ``policykg agencies``) means agency."""

    def convert(self, value, param, ctx):
        return super().convert("agency" if value == "unit" else value, param, ctx)


def level_option(help_text: str):
    """``--level agency|ministry`` (default agency), the same in every command that folds agencies."""
    return click.option("--level", type=_Level(list(LEVELS)), default="agency", show_default=True, help=help_text)


def sparql_user_option(command):
    """Add ``--user`` (env SPARQL_USER; parameter ``user``): who logs in to a remote SPARQL store.
    The password is never an option: env SPARQL_PASSWORD (or the URL's ``user:password@``)."""
    return click.option(
        "--user", envvar="SPARQL_USER", default=None, metavar="USER",
        help="User of the SPARQL store [env SPARQL_USER]; the password comes from env SPARQL_PASSWORD.",
    )(command)
