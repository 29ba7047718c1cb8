"""``policykg query`` (named research questions), ``policykg sparql`` and ``policykg cypher`` (ad hoc).

All three read the workspace (``policykg build``; ``--workspace DIR`` or env ``POLICYKG_WORKSPACE``,
default ``out/``) when there is one — no re-parse — and otherwise build the shipped plan (or the
plan documents given with ``--plan FILE``) on the fly. ``--plan ID`` (repeatable) scopes a
question to plans of the workspace; with several plans the rows carry a ``plan`` column. The
table title says which store answered.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from policykg.cli_options import sparql_user_option, vocabulary_option
from policykg.output import emit_frame, output_options

__all__ = ["query", "sparql", "cypher", "register", "resolve_source", "resolve_endpoint", "typed_params"]

_ENGINES = click.Choice(["sparql", "cypher", "neo4j"])
_PLAN_OPTION = click.option(
    "--plan", "plan_args", multiple=True, metavar="ID|FILE",
    help="A plan id of the workspace (repeatable; default: every plan), or a plan document to build on the fly.")
_WORKSPACE_OPTION = click.option(
    "--workspace", "workspace_dir", type=click.Path(file_okay=False),
    help="Workspace folder [default: env POLICYKG_WORKSPACE, else out].")
_ENDPOINT_OPTION = click.option(
    "--endpoint", metavar="URL",
    help="Ask a remote SPARQL 1.1 Query endpoint instead (e.g. http://127.0.0.1:3030/policykg/sparql "
         "after `policykg push`); --plan IDs are plans there.")


def resolve_source(plan_args=(), workspace_dir=None, vocabularies=()):
    """(Workspace, plan ids in scope or None) for a reading command.

    Plan documents given as files are built on the fly (an in-memory workspace); plan ids are
    looked up in the workspace; with neither, the workspace if there is one, else the shipped plan.
    With ``vocabularies`` (``--vocab``) the plans are parsed again with those terms.
    """
    from policykg.errors import QueryError
    from policykg.workspace import Workspace, find_workspace, reading_plans, workspace_path

    files = [a for a in plan_args if Path(a).is_file()]
    ids = [a for a in plan_args if a not in files]
    if files and ids:
        raise QueryError("--plan takes plan ids of the workspace or plan documents, not both")
    if files or (vocabularies and not ids):
        return Workspace.from_plans(reading_plans(files, workspace_dir, vocabularies=vocabularies)), None
    workspace = find_workspace(workspace_dir)
    if workspace is None:
        if ids:
            raise QueryError(f"no workspace at {workspace_path(workspace_dir)}/ to find plan "
                             f"{ids[0]!r} in (build one with `policykg build`, or give a plan document)")
        from policykg.plan import load_plan

        return Workspace.from_plans([load_plan()]), None
    return workspace, (workspace.scope(ids) if ids else None)


def resolve_endpoint(endpoint: str, user=None, plan_args=(), vocabularies=(), engine: str = "sparql"):
    """(SparqlEndpointStore, plan ids in scope or None) for ``--endpoint URL``: plan ids only, SPARQL only."""
    from policykg.errors import QueryError
    from policykg.stores.sparql_endpoint_store import SparqlEndpointStore

    if engine != "sparql":
        raise QueryError(f"--endpoint asks a SPARQL store: it cannot run --engine {engine}")
    if vocabularies or any(Path(a).is_file() for a in plan_args):
        raise QueryError("--endpoint asks the plans already on the store: push plan documents "
                         "(and --vocab terms) with `policykg push --sparql URL` first")
    return SparqlEndpointStore(endpoint, user), (list(plan_args) or None)


def _text(source: str) -> str:
    """Query text from an argument: ``-`` = stdin, an existing file, or the text itself."""
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if len(source) < 4096 and "\n" not in source and path.is_file():
        return path.read_text(encoding="utf-8")
    return source


_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?$")


def typed_params(pairs) -> dict:
    """``-p`` values typed as a user means them: ``5`` → 5, ``2.5`` → 2.5, ``"5"`` (quoted) → the string 5.

    >>> typed_params([("n", "5"), ("x", "2.5"), ("s", '"5"'), ("a", "數產署")])
    {'n': 5, 'x': 2.5, 's': '5', 'a': '數產署'}
    """
    out = {}
    for key, value in pairs:
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            out[key] = value[1:-1]
        elif _INTEGER.match(value):
            out[key] = int(value)
        elif _DECIMAL.match(value):
            out[key] = float(value)
        else:
            out[key] = value
    return out


#: --format of a CONSTRUCT/DESCRIBE result → rdflib serialiser name
_GRAPH_FORMATS = {"turtle": "turtle", "ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


def _title(what: str, workspace) -> str:
    return f"{what} — {workspace.store_name}"


@click.command()
@click.argument("name", required=False)
@click.option("-p", "--param", "params", type=(str, str), multiple=True, metavar="KEY VALUE",
              help="A query parameter (repeatable); bound, never pasted into the query.")
@click.option("--engine", type=_ENGINES, default="sparql", show_default=True,
              help="sparql: Oxigraph; cypher: embedded Ladybug; neo4j: the server of NEO4J_URI.")
@_PLAN_OPTION
@_WORKSPACE_OPTION
@_ENDPOINT_OPTION
@sparql_user_option
@click.option("--list", "list_only", is_flag=True, help="List the named queries with their parameters.")
@vocabulary_option
@output_options
def query(name, params, engine, plan_args, workspace_dir, endpoint, user, list_only, vocabularies, output):
    """Run a named research question of the query library (queries/sparql, queries/cypher).

    \b
    Example:
      policykg query --list
      policykg query measures_of_pillar -p pillar_no 5
      policykg query agency_workload --plan ai-new-ten-major-constructions-2026-01 --csv > workload.csv
      policykg query agency_workload --engine cypher
      policykg query agency_workload --endpoint http://127.0.0.1:3030/policykg/sparql
    """
    from policykg.errors import QueryError
    from policykg.queries.library import list_queries

    if list_only or not name:
        import pandas as pd

        rows = [{"name": q.name, "question": q.question,
                 "params": "; ".join(f"{p.name} ({p.type}, e.g. {p.example})" for p in q.params) or "none",
                 "columns": ", ".join(q.columns)} for q in list_queries()]
        emit_frame(pd.DataFrame(rows, columns=["name", "question", "params", "columns"]), output, title="named queries")
        if not list_only and not name:
            raise QueryError("give a query NAME (listed above)")
        return
    if endpoint:
        store, scope = resolve_endpoint(endpoint, user, plan_args, vocabularies, engine)
        frame = store.query(name, plan=scope, **dict(params))
        return emit_frame(frame, output, title=_title(f"{name} (sparql)", store))
    workspace, scope = resolve_source(plan_args, workspace_dir, vocabularies)
    frame = workspace.query(name, engine=engine, plan=scope, **dict(params))
    emit_frame(frame, output, title=_title(f"{name} ({engine})", workspace))


@click.command()
@click.argument("source")
@click.option("-p", "--param", "params", type=(str, str), multiple=True, metavar="KEY VALUE",
              help='Bind ?KEY to VALUE: 5 is an integer, 2.5 a decimal, "5" (quoted) the string 5.')
@click.option("--format", "graph_format", type=click.Choice(sorted(_GRAPH_FORMATS)), default="turtle",
              show_default=True, help="Serialisation of a CONSTRUCT/DESCRIBE result.")
@_PLAN_OPTION
@_WORKSPACE_OPTION
@_ENDPOINT_OPTION
@sparql_user_option
@vocabulary_option
@output_options
def sparql(source, params, graph_format, plan_args, workspace_dir, endpoint, user, vocabularies, output):
    """Run ad-hoc SPARQL (text, file or - for stdin) over each plan with its vocabularies (Oxigraph).

    SELECT prints a table (ORDER BY/LIMIT kept, per plan); ASK prints true or false; CONSTRUCT
    and DESCRIBE print Turtle (--format nt|jsonld). The prefixes pkg, pkid, rdf, rdfs, xsd, skos,
    org, prov, time, schema, dcterms are predefined.

    \b
    Example:
      policykg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?m a pkg:Measure }'
      policykg sparql 'ASK { ?p a pkg:Pillar ; pkg:ordinal ?n }' -p n 5
      policykg sparql 'CONSTRUCT WHERE { ?p a pkg:Pillar ; rdfs:label ?l }' --format nt
      policykg sparql my_query.rq --csv
      policykg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?m a pkg:Measure }' --endpoint http://127.0.0.1:3030/policykg/sparql
    """
    from policykg.errors import QueryError

    from policykg.queries.sparql_errors import sparql_error_line
    from policykg.stores.oxigraph_store import sparql_prefixes

    text = _text(source)
    if endpoint:
        workspace, scope = resolve_endpoint(endpoint, user, plan_args, vocabularies)
    else:
        workspace, scope = resolve_source(plan_args, workspace_dir, vocabularies)
    try:
        result = workspace.sparql(text, plan=scope, **typed_params(params))
    except (SyntaxError, ValueError, OSError, TypeError) as error:
        raise QueryError(f"SPARQL: {sparql_error_line(text, error, sparql_prefixes())}") from None
    if isinstance(result, bool):
        click.echo("true" if result else "false")
    elif hasattr(result, "serialize"):
        click.echo(result.serialize(format=_GRAPH_FORMATS[graph_format]).rstrip("\n"))
    else:
        emit_frame(result, output, title=_title("sparql", workspace))


@click.command()
@click.argument("source")
@click.option("-p", "--param", "params", type=(str, str), multiple=True, metavar="KEY VALUE",
              help='Bind $KEY to VALUE: 5 is an integer, 2.5 a decimal, "5" (quoted) the string 5.')
@click.option("--engine", type=click.Choice(["cypher", "neo4j"]), default="cypher", show_default=True,
              help="cypher: embedded Ladybug; neo4j: the server of NEO4J_URI.")
@_PLAN_OPTION
@_WORKSPACE_OPTION
@vocabulary_option
@output_options
def cypher(source, params, engine, plan_args, workspace_dir, vocabularies, output):
    """Run ad-hoc Cypher (text, file or - for stdin) on the property-graph projection of each plan.

    \b
    Example:
      policykg cypher 'MATCH (m:Measure) RETURN count(m) AS measures'
      policykg cypher 'MATCH (p:Pillar) WHERE p.ordinal = $n RETURN p.name_zh AS pillar' -p n 5
    """
    workspace, scope = resolve_source(plan_args, workspace_dir, vocabularies)
    frame = workspace.cypher(_text(source), plan=scope, engine=engine, **typed_params(params))
    emit_frame(frame, output, title=_title(engine, workspace))


def register(cli) -> None:
    cli.add_command(query)
    cli.add_command(sparql)
    cli.add_command(cypher)
