"""Command-line options shared by the commands that load plans.

Example
-------
>>> import click
>>> @click.command()
... @vocabulary_option
... def demo(vocabularies): ...
>>> [(p.name, p.multiple) for p in demo.params]
[('vocabularies', True)]
"""
from __future__ import annotations

import click

__all__ = ["vocabulary_option"]


def vocabulary_option(command):
    """Add ``--vocab FILE`` (repeatable; parameter ``vocabularies``): SKOS Turtle files of a
    researcher's own terms, checked with graph/vocabulary_shapes.ttl and matched as technologies."""
    return click.option(
        "--vocab", "vocabularies", multiple=True, metavar="FILE",
        type=click.Path(exists=True, dir_okay=False),
        help="SKOS Turtle file of your own terms, matched as technologies (repeatable).",
    )(command)
