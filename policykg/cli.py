"""The ``policykg`` command line: a thin layer over the Python API.

Every command has ``--help`` with an example; errors print one line and exit with status 1.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from rich.columns import Columns
from rich.table import Table
from rich.text import Text

from policykg.errors import PolicyKGError
from policykg.output import make_console

__all__ = ["main", "cli"]

console = make_console()
err = make_console(stderr=True)


def _load(paths):
    from policykg.plan import load_plan

    return [load_plan(p) for p in paths] if paths else [load_plan()]


def _counts_table(title: str, counts: dict[str, int]) -> Table:
    table = Table(title=title, show_edge=False, header_style="bold")
    table.add_column("type")
    table.add_column("count", justify="right")
    for key, value in counts.items():
        table.add_row(key, str(value))
    return table


#: optional packages → the extra that installs them (pyproject.toml)
OPTIONAL_PACKAGES = {"sklearn": "analysis", "scipy": "analysis", "neo4j": "neo4j", "ladybug": "cypher",
                     "playwright": "browser"}


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PolicyKGError as exc:
            err.print(Text("error: ", style="bold red") + Text(str(exc)), highlight=False, soft_wrap=True)
            ctx.exit(1)
        except ModuleNotFoundError as exc:
            root = (exc.name or "").split(".")[0]
            if root not in OPTIONAL_PACKAGES:
                raise
            extra = OPTIONAL_PACKAGES[root]
            message = f"this command needs the optional package {root!r}: pip install 'policykg[{extra}]'"
            err.print(Text("error: ", style="bold red") + Text(message), highlight=False, soft_wrap=True)
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policykg")
def cli():
    """policykg: turn government policy plans into a queryable knowledge graph.

    \b
    Example:
      policykg build                 # the shipped plan → out/
      policykg validate              # SHACL check of the plan graph
    """


@cli.command()
@click.argument("plans", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Output folder (replaced atomically).")
def build(plans, out_dir):
    """Parse plan documents and write graph.ttl, graph.jsonld, measures.csv, targets.csv, budgets.csv.

    With no PLANS, builds the shipped 「AI 新十大建設推動方案」.

    \b
    Example:
      policykg build
      policykg build data/plans/ai-new-ten-major-constructions-2026-01.md --out build/
    """
    from policykg.loaders.build_outputs import write_build_outputs

    started = time.perf_counter()
    with console.status("parsing and building the graph…"):
        loaded = _load(plans)
    for plan in loaded:
        for warning in plan.warnings:
            err.print(Text("warning: ", style="yellow") + Text(warning), highlight=False, soft_wrap=True)
    with console.status(f"writing {out_dir}/…"):
        files = write_build_outputs(loaded, out_dir)
    for plan in loaded:
        nodes, edges = plan.counts()
        console.print(f"[bold]{plan.doc.title}[/] ({plan.plan_id}): {len(plan.doc.pillars)} pillars, "
                      f"{len(list(plan.doc.measures()))} measures, {len(plan.graph)} triples", highlight=False)
        console.print(Columns([_counts_table("nodes", nodes), _counts_table("edges", edges)], padding=(0, 4)))
    console.print(f"wrote {len(files)} files to {out_dir}/ in {time.perf_counter() - started:.2f} s")


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
def validate(files):
    """Validate plan documents or RDF files against graph/shapes.ttl (SHACL); exit 1 on any violation.

    FILES are plan documents (.md, .pdf, …) or RDF files (.ttl, .trig, .nt, .nq, .jsonld), e.g.
    a graph.ttl from `policykg build` extended by hand; an RDF file is checked together with the
    shipped vocabularies. With no FILES, validates the shipped plan. Each violation prints one
    line: focus node, path, value: message.

    \b
    Example:
      policykg validate
      policykg validate out/graph.trig my-additions.ttl
    """
    from policykg.graph.validate import RDF_FORMATS, validate_file

    failed = False
    for path in files or [None]:
        if path is not None and Path(path).suffix.lower() in RDF_FORMATS:
            name, result = path, validate_file(path)
        else:
            plan = _load([path] if path else [])[0]
            name, result = plan.plan_id, plan.validate()
        if result.conforms:
            click.echo(f"{name}: conforms (0 violations)")
        else:
            failed = True
            click.echo(f"{name}: {result.violations} violations")
            click.echo(result.report)
    sys.exit(1 if failed else 0)


def _register_command_modules() -> None:
    """Add the commands of every module in :mod:`policykg.commands`."""
    import importlib
    import pkgutil

    import policykg.commands as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        module.register(cli)


_register_command_modules()


def main(argv=None):
    """Entry point of the ``policykg`` script."""
    return cli.main(args=argv, prog_name="policykg")


if __name__ == "__main__":  # pragma: no cover
    main()
