"""``policykg neo4j push|serve-local|stop-local|status``: load plans into Neo4j 5 and run a local server."""
from __future__ import annotations

import click

from policykg.output import make_console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from policykg.cli_options import vocabulary_option

__all__ = ["neo4j", "register"]

console = make_console()


@click.group()
def neo4j():
    """Neo4j 5: push plans (the property-graph projection) and run a local server.

    \b
    Example:
      policykg neo4j serve-local
      policykg neo4j push
      policykg query measures_of_pillar -p pillar_no 5 --engine neo4j
    """


def _connection_options(command):
    command = click.option("--password", envvar="NEO4J_PASSWORD", default=None, help="Default: env NEO4J_PASSWORD, else policykg-local.")(command)
    command = click.option("--user", envvar="NEO4J_USER", default=None, help="Default: env NEO4J_USER, else neo4j.")(command)
    command = click.option("--uri", envvar="NEO4J_URI", default=None, help="Default: env NEO4J_URI, else bolt://127.0.0.1:7687.")(command)
    return command


@neo4j.command()
@click.argument("plans", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@_connection_options
@click.option("--batch-size", default=None, type=click.IntRange(1, 100_000), help="Rows per UNWIND batch (default 500, measured).")
@vocabulary_option
def push(plans, uri, user, password, batch_size, vocabularies):
    """Push plans into Neo4j: key constraints first, then batched UNWIND + MERGE on iri.

    Each plan is replaced in one transaction: a failure leaves the previous version intact.
    Pushing twice leaves the same node and relationship counts.

    \b
    Example:
      policykg neo4j push
      NEO4J_URI=bolt://db:7687 NEO4J_PASSWORD=secret policykg neo4j push data/plans/*.md
    """
    from policykg.loaders.domain_vocabularies import domain_vocabulary
    from policykg.stores.neo4j_store import DEFAULT_BATCH_SIZE, connect, database_counts, push_plan
    from policykg.plan import load_plan

    vocabulary = domain_vocabulary(vocabularies)
    driver = connect(uri, user, password)
    for path in plans or [None]:
        with console.status("parsing the plan…"):
            plan = load_plan(path, vocabularies=vocabulary)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=True) as progress:
            task = progress.add_task(f"pushing {plan.plan_id}", total=None)

            def report(done, total):
                progress.update(task, completed=done, total=total)

            stats = push_plan(driver, plan, batch_size or DEFAULT_BATCH_SIZE, report)
        console.print(f"{plan.plan_id}: {stats.nodes} nodes, {stats.relationships} relationships in "
                      f"{stats.seconds:.1f} s ({stats.per_second:.0f}/s, batch {stats.batch_size})", highlight=False)
    nodes, rels = database_counts(driver)
    console.print(f"database now holds {nodes} nodes, {rels} relationships", highlight=False)


@neo4j.command("serve-local")
@click.option("--port", default=None, type=int, envvar="NEO4J_PORT", help="Bolt port (default 7687).")
@click.option("--data-dir", default=".neo4j-local", show_default=True, type=click.Path(file_okay=False))
def serve_local(port, data_dir):
    """Build (Maven, first time) and start the local Neo4j 5.26 server in the background.

    \b
    Example:
      policykg neo4j serve-local
      NEO4J_PORT=7688 policykg neo4j serve-local --data-dir /tmp/neo4j-7688
    """
    from policykg.errors import StoreUnavailable
    from policykg.loaders.neo4j_local import DEFAULT_PORT, LocalServerError, start_local_server

    try:
        with console.status("starting the local Neo4j…"):
            server = start_local_server(port or DEFAULT_PORT, data_dir)
    except LocalServerError as error:
        raise StoreUnavailable(str(error).splitlines()[0]) from None
    console.print(f"local Neo4j running at {server.uri} (user {server.user}, pid {server.pid})", highlight=False)


@neo4j.command("stop-local")
@click.option("--data-dir", default=".neo4j-local", show_default=True, type=click.Path(file_okay=False))
def stop_local(data_dir):
    """Stop the local Neo4j server started by ``serve-local``.

    \b
    Example:
      policykg neo4j stop-local
    """
    from policykg.loaders.neo4j_local import stop_local_server

    console.print("stopped" if stop_local_server(data_dir) else "not running")


@neo4j.command()
@_connection_options
def status(uri, user, password):
    """Show the server version, the plans it holds and its node/relationship counts.

    \b
    Example:
      policykg neo4j status
    """
    from policykg.stores.neo4j_store import connect, database_counts, plan_ids

    driver = connect(uri, user, password)
    nodes, rels = database_counts(driver)
    console.print(f"{driver.get_server_info().agent} at {driver.get_server_info().address}: "
                  f"{nodes} nodes, {rels} relationships; plans: {', '.join(plan_ids(driver)) or 'none'}", highlight=False)


def register(cli) -> None:
    cli.add_command(neo4j)
