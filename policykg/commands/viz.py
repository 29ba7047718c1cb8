"""``policykg map`` (interactive HTML network map) and ``policykg export`` (Gephi, D3, RDF files).

Both write their file atomically (a temporary file in the same folder, then ``os.replace``).
"""
from __future__ import annotations

import time
from pathlib import Path

import click

__all__ = ["register", "map_command", "export_command"]

_VIEWS = ["plan", "pillar", "agencies", "overlaps", "dependencies", "compare"]
_FORMATS = ["graphml", "gexf", "json", "ttl", "jsonld", "nt"]


def _load_together(paths):
    """Plans parsed into one dataset (so several plans share agencies, regions, technologies)."""
    from policykg.plan import load_plan

    if not paths:
        return [load_plan()]
    plans = [load_plan(paths[0])]
    for path in paths[1:]:
        plans.append(load_plan(path, dataset=plans[0].rdf))
    return plans


def _console():
    from policykg.cli import console

    return console


def _write(out: str | None, default: str, write) -> None:
    """Run ``write(path)`` (returns the written path) for ``--out``; ``-`` streams the file to
    standard output (written to a temporary file first, so a failure prints nothing) and
    reports on standard error."""
    import sys
    import tempfile

    started = time.perf_counter()
    if out == "-":
        with tempfile.TemporaryDirectory(prefix="policykg-") as tmp:
            path = write(Path(tmp) / default)
            data = path.read_bytes()
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        except BrokenPipeError:  # e.g. `| head`: the reader has what it wanted
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return
        from policykg.cli import err

        err.print(f"wrote {len(data) / 1024:,.0f} KiB to standard output in {time.perf_counter() - started:.2f} s",
                  highlight=False)
        return
    path = write(Path(out or default))
    size = path.stat().st_size / 1024
    _console().print(f"wrote {path} ({size:,.0f} KiB) in {time.perf_counter() - started:.2f} s", highlight=False)


@click.command("map")
@click.argument("plans", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--view", type=click.Choice(_VIEWS), default="plan", show_default=True,
              help="plan: whole plan; pillar: one pillar (needs --pillar); agencies: agency collaboration; "
                   "overlaps / dependencies: links between measures; compare: several plans, coloured by plan.")
@click.option("--pillar", "pillar", default=None, metavar="N", help="Only pillar N (1 … 10; PLAN_ID:N with several plans).")
@click.option("--focus", default=None, metavar="NAME", help="Keep the node named NAME and its neighbours.")
@click.option("--types", default=None, metavar="T1,T2", help="Only these node types, e.g. Measure,Agency,Technology.")
@click.option("--physics/--no-physics", default=None,
              help="Force simulation in the page (default: on up to 300 nodes, off above).")
@click.option("--title", default=None, help="Heading of the page (default: the plan title).")
@click.option("--out", "out", default=None, type=click.Path(dir_okay=False),
              help="HTML file to write, - for standard output  [default: map-VIEW.html]")
def map_command(plans, view, pillar, focus, types, physics, title, out):
    """Draw an interactive network map as ONE self-contained HTML file.

    The page opens offline from the file (no CDN, no request at all), with a legend,
    filters by node type and pillar, a search box, plain-text tooltips with source lines
    and a layout computed in advance. With no PLANS, maps the shipped plan.

    \b
    Example:
      policykg map --out plan-map.html
      policykg map --view pillar --pillar 5 --out pillar5.html
      policykg map --view agencies --focus 國科會
      policykg map A.md B.md --view compare --out compare.html
    """
    from policykg.viz.maps import plan_map

    loaded = _load_together(plans)
    source = loaded if (view == "compare" or len(loaded) > 1) else loaded[0]
    _write(out, f"map-{view}.html", lambda target: plan_map(source, view=view, pillar=pillar, focus=focus,
                                                            types=types, out=target, physics=physics, title=title))


@click.command("export")
@click.argument("plans", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(_FORMATS), required=True,
              help="graphml/gexf (Gephi, Cytoscape), json (D3 node-link), ttl/jsonld/nt (RDF; nt sorted).")
@click.option("--view", type=click.Choice(_VIEWS), default=None,
              help="Graph formats only: export a map view instead of the whole property graph.")
@click.option("--pillar", default=None, metavar="N", help="With --view: only pillar N.")
@click.option("--out", "out", default=None, type=click.Path(dir_okay=False),
              help="File to write, - for standard output  [default: graph.FORMAT]")
def export_command(plans, fmt, view, pillar, out):
    """Export the graph for Gephi, Cytoscape, D3 or RDF tools.

    GraphML and GEXF nodes carry type, label, labels, pillar and pillars, so Gephi can
    colour and filter by them. With no PLANS, exports the shipped plan.

    \b
    Example:
      policykg export --format graphml --out plan.graphml
      policykg export --format gexf --view agencies --out agencies.gexf
      policykg export --format nt --out plan.nt
      policykg export --format nt --out - | sort | head
    """
    from policykg.loaders.exports import export_graph

    loaded = _load_together(plans)
    source = loaded if len(loaded) > 1 else loaded[0]
    options = {"pillar": pillar} if pillar else {}
    _write(out, f"graph.{fmt}", lambda target: export_graph(source, fmt, target, view=view, **options))


def register(cli) -> None:
    """Add ``map`` and ``export`` to the ``policykg`` command group."""
    cli.add_command(map_command)
    cli.add_command(export_command)
