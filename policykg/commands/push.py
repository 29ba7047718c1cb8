"""``policykg push --sparql URL``: replace the plans' named graphs in a triple store (Graph Store Protocol)."""
from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path

import click

from policykg.cli_options import sparql_user_option

__all__ = ["push", "register", "pushing_source"]


@contextmanager
def pushing_source(plan_args=(), workspace_dir=None):
    """(workspace, plan ids or None, what it is) to push: the workspace (``--plan ID`` scopes it),
    else the plan documents given or the shipped plan, built into a temporary workspace that is
    removed afterwards (with its analysis edges, as ``policykg build`` computes them)."""
    import tempfile

    from policykg.errors import QueryError
    from policykg.workspace import build_workspace, find_workspace, workspace_path

    files = [a for a in plan_args if Path(a).is_file()]
    ids = [a for a in plan_args if a not in files]
    if files and ids:
        raise QueryError("--plan takes plan ids of the workspace or plan documents, not both")
    workspace = None if files else find_workspace(workspace_dir)
    if workspace is not None:
        yield workspace, (ids or None), workspace.store_name
        return
    if ids:
        raise QueryError(f"no workspace at {workspace_path(workspace_dir)}/ to find plan {ids[0]!r} in "
                         "(build one with `policykg build`, or give a plan document)")
    with tempfile.TemporaryDirectory(prefix="policykg-push-") as folder:
        workspace = build_workspace(files, Path(folder) / "workspace")
        try:
            yield workspace, None, f"{'the plans given' if files else 'the shipped plan'}, built on the fly"
        finally:
            workspace.close()


@click.command()
@click.option("--sparql", "url", required=True, metavar="URL",
              help="Graph Store Protocol endpoint of the store, e.g. http://127.0.0.1:3030/policykg/data (Fuseki).")
@click.option("--plan", "plan_args", multiple=True, metavar="ID|FILE",
              help="A plan id of the workspace (repeatable; default: every plan), or a plan document to build and push.")
@click.option("--workspace", "workspace_dir", type=click.Path(file_okay=False),
              help="Workspace folder [default: env POLICYKG_WORKSPACE, else out].")
@sparql_user_option
@click.option("--timeout", default=600.0, show_default=True, type=float, help="Seconds one PUT may take.")
def push(url, plan_args, workspace_dir, user, timeout):
    """Replace each plan's named graph (and its analysis edges, and the vocabularies) in a triple store.

    One HTTP PUT ?graph=IRI of N-Triples per graph (SPARQL 1.1 Graph Store HTTP Protocol): the
    store replaces each graph in one transaction, and graphs of other plans are left alone.
    Reads the workspace (no re-parse), else builds the shipped plan (or the --plan documents)
    on the fly. A password comes from env SPARQL_PASSWORD (or the URL's user:password@) and is
    never printed. Then `policykg query NAME --endpoint URL` asks the store.

    \b
    Example:
      policykg build && policykg push --sparql http://127.0.0.1:3030/policykg/data --user policykg
      SPARQL_USER=policykg SPARQL_PASSWORD=secret policykg push --sparql http://127.0.0.1:3030/policykg/data \\
          --plan ai-new-ten-major-constructions-2026-01
      policykg query agency_workload --endpoint http://127.0.0.1:3030/policykg/sparql
    """
    from policykg.stores.sparql_endpoint_store import push_workspace, public_url

    started = time.perf_counter()
    with pushing_source(plan_args, workspace_dir) as (workspace, scope, source):
        ids = workspace.scope(scope)
        click.echo(f"pushing {len(ids)} plan{'s' if len(ids) != 1 else ''} from {source} to {public_url(url)}")
        counts: dict[str, list] = {}

        def progress(done) -> None:
            if done.plan is None:
                click.echo(f"  vocabularies: {done.triples} triples in {done.seconds:.2f} s")
                return
            counts.setdefault(done.plan, []).append(done)
            if len(counts[done.plan]) == 2:
                graph, analysis = counts[done.plan]
                click.echo(f"  {done.plan}: {graph.triples} triples, {analysis.triples} analysis triples "
                           f"in {graph.seconds + analysis.seconds:.2f} s")

        pushed = push_workspace(workspace, url, ids, user=user, timeout=timeout, progress=progress)
    click.echo(f"pushed {len(ids)} plan{'s' if len(ids) != 1 else ''} ({len(pushed)} graphs, "
               f"{sum(p.triples for p in pushed)} triples) in {time.perf_counter() - started:.2f} s")


def register(cli) -> None:
    cli.add_command(push)
