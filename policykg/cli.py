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

from policykg.cli_options import vocabulary_option
from policykg.errors import PolicyKGError
from policykg.output import counted, emit_frame, make_console, output_options

__all__ = ["main", "cli"]

console = make_console()
err = make_console(stderr=True)


def _load(paths, vocabularies=()):
    """The PLANS given, else the workspace's plans (no re-parse), else the shipped plan."""
    from policykg.workspace import reading_plans

    return reading_plans(paths, vocabularies=vocabularies)


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


_WORKSPACE_OPTION = click.option(
    "--out", "out_dir", default=None, type=click.Path(file_okay=False),
    help="Workspace folder [default: env POLICYKG_WORKSPACE, else out]; only files policykg wrote there are replaced.")


def _print_plan_summary(summary: dict, counts: bool = True) -> None:
    """One plan of a build: title, id, pillars, measures, triples; with ``counts`` its node and edge counts."""
    console.print(Text(summary["title"], style="bold") + Text(
        f" ({summary['id']}): {summary['pillars']} pillars, {summary['measures']} measures, "
        f"{summary['triples']} triples"), highlight=False)
    if counts:
        console.print(Columns([_counts_table("nodes", summary["nodes"]), _counts_table("edges", summary["edges"])],
                              padding=(0, 4)))


def _write_workspace(action, out_dir, started: float):
    """Run a workspace write, ``action(folder, progress)``; OSError → one line; print what was written.

    On a terminal the status line counts the documents read (``progress(done, total)``).
    """
    from policykg.workspace import workspace_path

    folder = workspace_path(out_dir)
    with console.status(f"writing the workspace {folder}/…") as status:
        def progress(done: int, total: int) -> None:
            status.update(f"writing the workspace {folder}/… {done} of {total} documents read"
                          + (", computing the analysis edges and export files" if done == total else ""))

        try:
            workspace = action(folder, progress)
        except OSError as error:
            raise PolicyKGError(f"{error.filename or folder}: cannot write the workspace: "
                                f"{error.strerror or error} (previous workspace kept)") from None
    for warning in getattr(workspace, "build_warnings", []):
        err.print(Text("warning: ", style="yellow") + Text(warning), highlight=False, soft_wrap=True)
    return workspace


def _analysis_summary(workspace) -> str:
    counts = workspace.sparql(
        "SELECT (COUNT(DISTINCT ?d) AS ?dependencies) (COUNT(DISTINCT ?o) AS ?overlaps) WHERE { "
        "{ ?d a <https://w3id.org/policykg/ontology#Dependency> } UNION { ?o a <https://w3id.org/policykg/ontology#Overlap> } }")
    if "plan" in counts.columns:
        counts = counts.drop(columns="plan").sum()
    else:
        counts = counts.iloc[0]
    return f"{int(counts['dependencies'])} dependency and {int(counts['overlaps'])} overlap edges"


@cli.command()
@click.argument("plans", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@_WORKSPACE_OPTION
@click.option("--force", is_flag=True,
              help="Write into a non-empty folder that is not a policykg output (its other files are kept).")
@click.option("--cypher", "with_cypher", is_flag=True,
              help="Also build the embedded Cypher database of every plan now (else on first Cypher question).")
@vocabulary_option
@click.option("--report", "report_path", default=None, type=click.Path(dir_okay=False),
              help="Also write the coverage report (what was read and skipped) as JSON to this file.")
def build(plans, out_dir, force, with_cypher, vocabularies, report_path):
    """Parse plan documents into a workspace: store, analysis edges, graph files, CSV tables.

    With no PLANS, builds the shipped 「AI 新十大建設推動方案」. The workspace (default out/)
    holds a persistent Oxigraph store (one named graph per plan, the vocabularies, the
    dependency and overlap edges), graph.ttl/.nt/.trig/.jsonld, measures/targets/budgets.csv and
    .policykg-manifest.json; `query`, `sparql`, `cypher` … read it without re-parsing.
    ``--vocab FILE`` adds your own SKOS terms (a new domain's technologies) to what is found in
    the text; every build prints a coverage report (what was read and what was skipped).

    \b
    Example:
      policykg build
      policykg build data/plans/*.md data/plans/*.pdf --out corpus/
      POLICYKG_WORKSPACE=corpus/ policykg query agency_workload
      policykg build my-plan.pdf --vocab my-terms.ttl
      policykg build data/plans/tw-2050-net-zero-pathway-2022-03-30.pdf --report coverage.json
    """
    from policykg.loaders.coverage import coverage_summary, write_coverage_report
    from policykg.workspace import build_workspace

    started = time.perf_counter()
    workspace = _write_workspace(
        lambda folder, progress: build_workspace(plans, folder, force=force, cypher=with_cypher,
                                                 vocabularies=vocabularies, progress=progress),
        out_dir, started)
    several = len(workspace.build_summaries) > 1
    for summary in workspace.build_summaries:
        for warning in summary["warnings"]:
            err.print(Text("warning: ", style="yellow") + Text(warning), highlight=False, soft_wrap=True)
        _print_plan_summary(summary, counts=not several)  # several plans: one line each, not two tables each
        console.print(coverage_summary(summary["coverage"], examples=not several), markup=False, highlight=False)
    if several and not report_path:
        console.print("(what each plan skipped, line by line: --report FILE)", highlight=False)
    if report_path:
        reports = [summary["coverage"] for summary in workspace.build_summaries]
        console.print(f"wrote the coverage report to {write_coverage_report(reports, report_path)}")
    console.print(f"wrote the workspace {workspace.path}/ ({counted(len(workspace.plans), 'plan')}, {_analysis_summary(workspace)}) "
                  f"in {time.perf_counter() - started:.2f} s", highlight=False, soft_wrap=True)


@cli.command()
@click.argument("plans", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@_WORKSPACE_OPTION
@vocabulary_option
def add(plans, out_dir, vocabularies):
    """Add plan documents to the workspace (analysis edges recomputed; other plans are not re-parsed).

    A document whose plan id is already there with other content (another version) is added
    as ID@DATE, so versions live side by side.

    \b
    Example:
      policykg add data/plans/tw-2050-net-zero-pathway-2022-03-30.pdf
      policykg plans
    """
    from policykg.workspace import add_plans

    started = time.perf_counter()
    before = set()
    from policykg.workspace import open_workspace, workspace_path

    before = set(open_workspace(out_dir).plan_ids)
    workspace = _write_workspace(
        lambda folder, progress: add_plans(plans, folder, vocabularies=vocabularies, progress=progress), out_dir, started)
    added = [i for i in workspace.plan_ids if i not in before]
    console.print(f"added {', '.join(added)} to {workspace_path(out_dir)}/ ({counted(len(workspace.plans), 'plan')}, "
                  f"{_analysis_summary(workspace)}) in {time.perf_counter() - started:.2f} s",
                  highlight=False, soft_wrap=True)


@cli.command()
@click.argument("plan_ids", nargs=-1, required=True)
@_WORKSPACE_OPTION
def remove(plan_ids, out_dir):
    """Remove plans (by id, see `policykg plans`) from the workspace; analysis edges recomputed.

    \b
    Example:
      policykg remove tw-2050-net-zero-pathway-2022-03-30
    """
    from policykg.workspace import remove_plans, workspace_path

    started = time.perf_counter()
    workspace = _write_workspace(lambda folder, progress: remove_plans(plan_ids, folder), out_dir, started)
    console.print(f"removed {', '.join(plan_ids)} from {workspace_path(out_dir)}/ ({counted(len(workspace.plans), 'plan')} left) "
                  f"in {time.perf_counter() - started:.2f} s", highlight=False, soft_wrap=True)


@cli.command(name="plans")
@_WORKSPACE_OPTION
@output_options
def plans_command(out_dir, output):
    """List the plans of the workspace: id, title, source file, SHA-256.

    \b
    Example:
      policykg plans
      policykg plans --out corpus/ --csv
    """
    import pandas as pd

    from policykg.workspace import open_workspace

    workspace = open_workspace(out_dir)
    frame = pd.DataFrame([{"plan": e.id, "title": e.title, "source": e.source, "sha256": e.sha256[:12]}
                          for e in workspace.plans], columns=["plan", "title", "source", "sha256"])
    emit_frame(frame, output, title=f"plans in {workspace.path}/ (built {workspace.manifest.get('built_at', '?')})")


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@vocabulary_option
def validate(files, vocabularies):
    """Validate plan documents or RDF files against graph/shapes.ttl (SHACL); exit 1 on any violation.

    FILES are plan documents (.md, .pdf, …) or RDF files (.ttl, .trig, .nt, .nq, .jsonld), e.g.
    a graph.ttl from `policykg build` extended by hand; an RDF file is checked together with the
    shipped vocabularies. With no FILES, validates the workspace's plans, else the shipped plan.
    Each violation prints one line: focus node, path, value: message.

    \b
    Example:
      policykg validate
      policykg validate my-plan.pdf --vocab my-terms.ttl
      policykg validate out/graph.trig my-additions.ttl
    """
    from policykg.graph.validate import RDF_FORMATS, validate_file

    failed = False
    rdf_files = [f for f in files if Path(f).suffix.lower() in RDF_FORMATS]
    documents = [f for f in files if f not in rdf_files]
    results = [(path, validate_file(path)) for path in rdf_files]
    if documents or not files:
        results += [(plan.plan_id, plan.validate()) for plan in _load(documents, vocabularies)]
    for name, result in results:
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


#: cyclic-garbage collection thresholds of a command (Python's default is (700, 10, 10))
GC_THRESHOLDS = (50_000, 20, 20)


def main(argv=None):
    """Entry point of the ``policykg`` script.

    A command allocates hundreds of thousands of small objects (rdflib terms, pyshacl's
    results) that are not garbage; with Python's default thresholds the collector walks them
    again every 700 allocations (0.3 s of a 1.6 s ``validate``). Acyclic garbage is still
    freed at once, and cycles are collected, only less often.
    """
    import gc

    gc.set_threshold(*GC_THRESHOLDS)
    return cli.main(args=argv, prog_name="policykg")


if __name__ == "__main__":  # pragma: no cover
    main()
