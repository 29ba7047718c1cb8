"""``policykg map`` (network maps, timeline, Taiwan map), ``policykg report`` and ``policykg export``.

Both write their file atomically (a temporary file in the same folder, then ``os.replace``).
"""
from __future__ import annotations

import time
from pathlib import Path

import click

from policykg.cli_options import vocabulary_option

__all__ = ["register", "map_command", "export_command", "report_command"]

_VIEWS = ["plan", "pillar", "agencies", "overlaps", "dependencies", "compare", "timeline", "geo"]
_NETWORK_VIEWS = _VIEWS[:6]
_FORMATS = ["graphml", "gexf", "json", "ttl", "jsonld", "nt"]


def _load_together(paths, vocabularies=()):
    """Plans parsed into one dataset (so several plans share agencies, regions, technologies);
    with no paths, the workspace's plans (no re-parse) or the shipped plan."""
    from policykg.workspace import reading_plans

    return reading_plans(paths, vocabularies=vocabularies)


def _console():
    from policykg.cli import console

    return console


def _figures(path: Path, png, svg) -> list[Path]:
    if not (png or svg):
        return []
    from policykg.viz.figure import save_figure

    return save_figure(path, png=png, svg=svg)


def _target(out: str | None, default: str) -> Path:
    """The file for ``--out``; for ``-`` a file in a new temporary folder, streamed to standard
    output by :func:`_report_written` (so a failure prints nothing half-written)."""
    if out != "-":
        return Path(out or default)
    import tempfile

    return Path(tempfile.mkdtemp(prefix="policykg-")) / default


def _stream(started, path: Path) -> None:
    """Copy ``path`` (from :func:`_target`) to standard output, remove its folder, report on stderr."""
    import shutil
    import sys

    from policykg.cli import err

    data = path.read_bytes()
    shutil.rmtree(path.parent)
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `| head`: the reader has what it wanted
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    err.print(f"wrote {len(data) / 1024:,.0f} KiB to standard output in {time.perf_counter() - started:.2f} s",
              highlight=False)


def _report_written(started, path: Path, extra=(), out: str | None = None) -> None:
    if out == "-":
        _stream(started, path)
        return
    size = path.stat().st_size / 1024
    _console().print(f"wrote {path} ({size:,.0f} KiB) in {time.perf_counter() - started:.2f} s", highlight=False)
    for figure in extra:
        _console().print(f"wrote {figure} ({figure.stat().st_size / 1024:,.0f} KiB)", highlight=False)


@click.command("map")
@click.argument("plans", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--view", type=click.Choice(_VIEWS), default="plan", show_default=True,
              help="plan: whole plan; pillar: one pillar (needs --pillar); agencies: agency collaboration; "
                   "overlaps / dependencies: links between measures; compare: several plans, coloured by plan; "
                   "timeline: measure × period rows on a year axis; geo: map of Taiwan's 22 counties and cities.")
@click.option("--pillar", "pillar", default=None, metavar="N", help="Only pillar N (1 … 10; PLAN_ID:N with several plans).")
@click.option("--by", "by", type=click.Choice(["pillar", "agency"]), default="pillar", show_default=True,
              help="Timeline only: group rows by pillar → strategy or by lead agency.")
@click.option("--focus", default=None, metavar="NAME", help="Keep the node named NAME and its neighbours.")
@click.option("--types", default=None, metavar="T1,T2", help="Only these node types, e.g. Measure,Agency,Technology.")
@click.option("--physics/--no-physics", default=None,
              help="Force simulation in the page (default: on up to 300 nodes, off above).")
@click.option("--title", default=None, help="Heading of the page (default: the plan title).")
@click.option("--out", "out", default=None, type=click.Path(dir_okay=False),
              help="HTML file to write, - for standard output  [default: map-VIEW.html]")
@click.option("--png", "png", default=None, type=click.Path(dir_okay=False),
              help="Also write a PNG of the drawn page (headless Chromium), for a paper.")
@click.option("--svg", "svg", default=None, type=click.Path(dir_okay=False),
              help="Also write an SVG of the drawn page (headless Chromium).")
@vocabulary_option
def map_command(plans, view, pillar, by, focus, types, physics, title, out, png, svg, vocabularies):
    """Draw an interactive map or timeline as ONE self-contained HTML file.

    The page opens offline from the file (no CDN, no request at all), with a legend,
    filters, plain-text tooltips with source lines and a layout computed in advance.
    With no PLANS, maps the shipped plan. --png / --svg also save a figure.

    \b
    Example:
      policykg map --out plan-map.html
      policykg map --view pillar --pillar 5 --out pillar5.html --png pillar5.png
      policykg map --view agencies --focus 國科會
      policykg map --view timeline --by agency --out timeline.html
      policykg map --view geo --out taiwan.html --svg taiwan.svg
      policykg map A.md B.md --view compare --out compare.html
    """
    started = time.perf_counter()
    loaded = _load_together(plans, vocabularies)
    target = _target(out, f"map-{view}.html")
    if view == "timeline":
        from policykg.viz.timeline import plan_timeline

        path = plan_timeline(loaded, by=by, out=target, title=title, pillar=pillar)
    elif view == "geo":
        from policykg.viz.geo import plan_geo

        if len(loaded) > 1:
            raise click.UsageError("--view geo draws one plan; give one PLAN (or none for the shipped plan)")
        path = plan_geo(loaded[0], out=target, title=title)
    else:
        from policykg.viz.maps import plan_map

        source = loaded if (view == "compare" or len(loaded) > 1) else loaded[0]
        path = plan_map(source, view=view, pillar=pillar, focus=focus, types=types, out=target,
                        physics=physics, title=title)
    _report_written(started, path, _figures(path, png, svg), out)


@click.command("report")
@click.argument("plans", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["html", "md"]), default="html", show_default=True,
              help="html: one offline page with charts, timeline and map; md: Markdown for a paper's appendix.")
@click.option("--title", default=None, help="Heading of the report (default: the plan title).")
@click.option("--out", "out", default=None, type=click.Path(dir_okay=False),
              help="File to write  [default: report.html / report.md]")
@click.option("--png", "png", default=None, type=click.Path(dir_okay=False),
              help="HTML only: also write a PNG of the whole report page.")
@vocabulary_option
def report_command(plans, fmt, title, out, png, vocabularies):
    """Write a plan report: pillars, measures, agencies, unfunded and pending rows, budgets
    by kind, targets by year, top dependencies and overlaps, charts, the timeline and the map.

    Every number cites the source lines it was counted from. With several PLANS the report
    starts with a comparison, then one section per plan. With no PLANS, reports on the shipped plan.

    \b
    Example:
      policykg report --out report.html
      policykg report --format md --out appendix.md
      policykg report A.md B.md --out both.html
    """
    from policykg.viz.report import plan_report

    if png and fmt != "html":
        raise click.UsageError("--png needs --format html")
    started = time.perf_counter()
    loaded = _load_together(plans, vocabularies)
    target = Path(out or f"report.{fmt}")
    path = plan_report(loaded, format=fmt, out=target, title=title)
    _report_written(started, path, _figures(path, png, None))


@click.command("export")
@click.argument("plans", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(_FORMATS), required=True,
              help="graphml/gexf (Gephi, Cytoscape), json (D3 node-link), ttl/jsonld/nt (RDF; nt sorted).")
@click.option("--view", type=click.Choice(_NETWORK_VIEWS), default=None,
              help="Graph formats only: export a map view instead of the whole property graph.")
@click.option("--pillar", default=None, metavar="N", help="With --view: only pillar N.")
@click.option("--out", "out", default=None, type=click.Path(dir_okay=False),
              help="File to write, - for standard output  [default: graph.FORMAT]")
@vocabulary_option
def export_command(plans, fmt, view, pillar, out, vocabularies):
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

    started = time.perf_counter()
    loaded = _load_together(plans, vocabularies)
    source = loaded if len(loaded) > 1 else loaded[0]
    options = {"pillar": pillar} if pillar else {}
    target = _target(out, f"graph.{fmt}")
    path = export_graph(source, fmt, target, view=view, **options)
    _report_written(started, path, out=out)


def register(cli) -> None:
    """Add ``map``, ``report`` and ``export`` to the ``policykg`` command group."""
    cli.add_command(map_command)
    cli.add_command(report_command)
    cli.add_command(export_command)
