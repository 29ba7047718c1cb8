"""``policykg query`` (named research questions), ``policykg sparql`` and ``policykg cypher`` (ad hoc)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from policykg.cli_options import vocabulary_option
from policykg.output import emit_frame, output_options

__all__ = ["query", "sparql", "cypher", "register"]

_ENGINES = click.Choice(["sparql", "cypher", "neo4j"])


def _plan(path, vocabularies=()):
    from policykg.plan import load_plan

    return load_plan(path, vocabularies=vocabularies)


def _text(source: str) -> str:
    """Query text from an argument: ``-`` = stdin, an existing file, or the text itself."""
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if len(source) < 4096 and "\n" not in source and path.is_file():
        return path.read_text(encoding="utf-8")
    return source


def _params(pairs) -> dict:
    return {key: value for key, value in pairs}


@click.command()
@click.argument("name", required=False)
@click.option("-p", "--param", "params", type=(str, str), multiple=True, metavar="KEY VALUE",
              help="A query parameter (repeatable); bound, never pasted into the query.")
@click.option("--engine", type=_ENGINES, default="sparql", show_default=True,
              help="sparql: Oxigraph; cypher: embedded Ladybug; neo4j: the server of NEO4J_URI.")
@click.option("--plan", "plan_path", type=click.Path(exists=True, dir_okay=False), help="Plan document (default: the shipped plan).")
@click.option("--list", "list_only", is_flag=True, help="List the named queries with their parameters.")
@vocabulary_option
@output_options
def query(name, params, engine, plan_path, list_only, vocabularies, output):
    """Run a named research question of the query library (queries/sparql, queries/cypher).

    \b
    Example:
      policykg query --list
      policykg query measures_of_pillar -p pillar_no 5
      policykg query agency_workload --engine cypher --csv > workload.csv
    """
    import pandas as pd

    from policykg.errors import QueryError
    from policykg.queries.library import list_queries
    from policykg.queries.runner import run_query

    if list_only or not name:
        rows = [{"name": q.name, "question": q.question,
                 "params": "; ".join(f"{p.name} ({p.type}, e.g. {p.example})" for p in q.params) or "none",
                 "columns": ", ".join(q.columns)} for q in list_queries()]
        emit_frame(pd.DataFrame(rows, columns=["name", "question", "params", "columns"]), output, title="named queries")
        if not list_only and not name:
            raise QueryError("give a query NAME (listed above)")
        return
    frame = run_query(_plan(plan_path, vocabularies), name, engine=engine, params=_params(params))
    emit_frame(frame, output, title=f"{name} ({engine})")


@click.command()
@click.argument("source")
@click.option("-p", "--param", "params", type=(str, str), multiple=True, metavar="KEY VALUE",
              help="Bind ?KEY to the string VALUE (initBindings).")
@click.option("--plan", "plan_path", type=click.Path(exists=True, dir_okay=False), help="Plan document (default: the shipped plan).")
@vocabulary_option
@output_options
def sparql(source, params, plan_path, vocabularies, output):
    """Run an ad-hoc SPARQL SELECT (text, file or - for stdin) over the plan and its vocabularies (Oxigraph).

    \b
    Example:
      policykg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?m a <https://w3id.org/policykg/ontology#Measure> }'
      policykg sparql my_query.rq --csv
    """
    from policykg.errors import QueryError
    from policykg.loaders.oxigraph_store import plan_store
    from policykg.queries.runner import normalise_rows, run_sparql

    try:
        rows = run_sparql(plan_store(_plan(plan_path, vocabularies)), _text(source), _params(params))
    except (SyntaxError, ValueError, OSError) as error:
        raise QueryError(f"SPARQL: {str(error).splitlines()[0]}") from None
    import pandas as pd

    columns = list(rows[0]) if rows else []
    emit_frame(normalise_rows(rows, columns) if rows else pd.DataFrame(), output, title="sparql")


@click.command()
@click.argument("source")
@click.option("-p", "--param", "params", type=(str, str), multiple=True, metavar="KEY VALUE",
              help="Bind $KEY to VALUE (integers are passed as integers).")
@click.option("--engine", type=click.Choice(["cypher", "neo4j"]), default="cypher", show_default=True,
              help="cypher: embedded Ladybug; neo4j: the server of NEO4J_URI.")
@click.option("--plan", "plan_path", type=click.Path(exists=True, dir_okay=False), help="Plan document (default: the shipped plan).")
@vocabulary_option
@output_options
def cypher(source, params, engine, plan_path, vocabularies, output):
    """Run ad-hoc Cypher (text, file or - for stdin) on the property-graph projection of the plan.

    \b
    Example:
      policykg cypher 'MATCH (m:Measure) RETURN count(m) AS measures'
      policykg cypher 'MATCH (p:Pillar) WHERE p.ordinal = $n RETURN p.name_zh AS pillar' -p n 5
    """
    import pandas as pd

    from policykg.queries.runner import normalise_rows, run_cypher_text

    bound = {k: int(v) if v.lstrip("-").isdigit() else v for k, v in _params(params).items()}
    rows = run_cypher_text(_plan(plan_path, vocabularies), _text(source), bound, engine)
    columns = list(rows[0]) if rows else []
    emit_frame(normalise_rows(rows, columns) if rows else pd.DataFrame(), output, title=engine)


def register(cli) -> None:
    cli.add_command(query)
    cli.add_command(sparql)
    cli.add_command(cypher)
