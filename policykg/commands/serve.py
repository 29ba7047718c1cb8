"""``policykg serve``: the workspace as a read-only SPARQL 1.1 Protocol endpoint with an offline page."""
from __future__ import annotations

import click

__all__ = ["serve", "register"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to bind.")
@click.option("--out", "--workspace", "workspace_dir", type=click.Path(file_okay=False),
              help="Workspace folder [default: env POLICYKG_WORKSPACE, else out].")
@click.option("--timeout", default=30.0, show_default=True, type=float, help="Seconds a query may run.")
def serve(host, port, workspace_dir, timeout):
    """Serve the workspace read-only over the SPARQL 1.1 Protocol at /sparql, with a query page at /.

    \b
    Example:
      policykg build && policykg serve --port 8000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) { ?m a pkg:Measure }' \\
           http://127.0.0.1:8000/sparql
      policykg query agency_workload --endpoint http://127.0.0.1:8000/sparql

    \b
    The default graph is the union of all graphs; a request's default-graph-uri and
    named-graph-uri (several of each) choose the graphs instead, e.g. one plan's
    https://w3id.org/policykg/graph/PLAN_ID.
    """
    from policykg.errors import StoreUnavailable
    from policykg.serve import make_server
    from policykg.workspace import open_workspace

    workspace = open_workspace(workspace_dir)
    try:
        server = make_server(workspace, host, port, timeout)
    except OSError as error:
        raise StoreUnavailable(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    click.echo(f"serving {workspace.path} ({len(workspace.plan_ids)} plans) read-only at "
               f"http://{host}:{server.server_port}/sparql — page at http://{host}:{server.server_port}/ (Ctrl-C stops)",
               err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def register(cli) -> None:
    cli.add_command(serve)
