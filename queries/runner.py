"""Run a named query on one of three engines and return rows that compare equal across engines.

Engines:

* ``sparql`` — the plan's union graph in Oxigraph, used through rdflib (``initBindings``);
* ``cypher`` — the property-graph projection in embedded Ladybug (no server);
* ``neo4j``  — the same ``.cypher`` file on a Neo4j 5 server (NEO4J_URI / NEO4J_USER /
  NEO4J_PASSWORD); the plan is pushed first if the server does not hold it yet.

Parameters are always bound, never pasted into the query text. Rows are normalised: the
header's column names, whole numbers as ``int``, other numbers as ``float`` (6 decimals),
text as ``str``, missing as ``None``, sorted.

Example
-------
>>> import policykg
>>> plan = policykg.load_plan()
>>> df = run_query(plan, "measures_of_pillar", params={"pillar_no": 5})
>>> list(df.columns)
['identifier', 'measure', 'lead_agency', 'start', 'end']
>>> df.equals(run_query(plan, "measures_of_pillar", engine="cypher", params={"pillar_no": 5}))
True
"""
from __future__ import annotations

import math
import re
from decimal import Decimal

import pandas as pd

from policykg.errors import QueryError
from policykg.queries.library import NamedQuery, bind_params, load_query

__all__ = ["ENGINES", "run_query", "run_sparql", "run_cypher_text", "cypher_rows", "normalise_rows", "normalise_value",
           "frame_in_order"]

ENGINES = ("sparql", "cypher", "neo4j")
_MISSING_TABLE = re.compile(r"Binder exception: Table \w+ does not exist")


def normalise_value(value):
    """One cell as plain Python: int for whole numbers, rounded float, str, or None.

    >>> normalise_value(Decimal("3.0")), normalise_value(2.5), normalise_value(True)
    (3, 2.5, True)
    """
    if value is None:
        return None
    if hasattr(value, "toPython"):  # rdflib term
        from rdflib import Literal

        value = value.toPython() if isinstance(value, Literal) else str(value)
        if hasattr(value, "toPython") or not isinstance(value, (bool, int, float, Decimal, str)):
            value = str(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return None
        if value == int(value):
            return int(value)
        return round(float(value), 6)
    if isinstance(value, (list, tuple)):
        return " | ".join(str(normalise_value(v)) for v in value)
    return str(value)


def _sort_key(row: tuple):
    return tuple((v is None, isinstance(v, str), v if v is not None else 0) for v in row)


def normalise_rows(rows: list[dict], columns: list[str], source: str = "query", extra: set | None = None) -> pd.DataFrame:
    """A DataFrame with ``columns`` in order, normalised cells, rows sorted, index 0..n-1.

    ``extra`` names columns that may also be present and are dropped (SPARQL projects its
    parameters because Oxigraph substitutes only projected variables).
    """
    if rows:
        got = set(rows[0]) - set(extra or ())
        if got != set(columns):
            raise QueryError(f"{source} returned columns {sorted(got)}, its header declares {columns}")
    table = [tuple(normalise_value(row[c]) for c in columns) for row in rows]
    table.sort(key=_sort_key)
    return pd.DataFrame(table, columns=columns, dtype=object).reset_index(drop=True)


def frame_in_order(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """Rows of an ad-hoc query as a DataFrame: the query's columns and row order kept, cells normalised.

    An empty result still has its columns (the header is printed).
    """
    table = [tuple(normalise_value(row.get(c)) for c in columns) for row in rows]
    return pd.DataFrame(table, columns=columns, dtype=object)


def run_sparql(graph, text: str, params: dict | None = None) -> list[dict]:
    """SPARQL SELECT on an rdflib graph with ``initBindings``; rows as dicts of rdflib terms."""
    from rdflib import Literal

    bindings = {k: Literal(v) for k, v in (params or {}).items()}
    result = graph.query(text, initBindings=bindings)
    names = [str(v) for v in result.vars]
    return [dict(zip(names, row)) for row in result]


def cypher_rows(database, text: str, params: dict | None = None) -> list[dict]:
    """Cypher on an embedded Ladybug database (:class:`policykg.stores.ladybug_store.LadybugGraph`)."""
    from policykg.stores.ladybug_store import run_cypher

    try:
        return run_cypher(database, text, params)
    except RuntimeError as error:
        if _MISSING_TABLE.search(str(error)):
            # A label or type the plan has no data for: Neo4j matches nothing there, and so do we.
            return []
        raise QueryError(f"embedded Cypher (Ladybug) failed: {str(error).splitlines()[0]}") from None


def run_cypher_text(plan, text: str, params: dict | None = None, engine: str = "cypher") -> list[dict]:
    """Cypher on the embedded Ladybug database of ``plan`` (``cypher``) or on Neo4j (``neo4j``)."""
    if engine == "cypher":
        from policykg.stores.ladybug_store import plan_database

        return cypher_rows(plan_database(plan), text, params)
    if engine == "neo4j":
        from policykg.stores.neo4j_store import run_on_neo4j

        return run_on_neo4j(plan, text, params)
    raise QueryError(f"unknown Cypher engine {engine!r}")


def run_query(plan, name: str | NamedQuery, engine: str = "sparql", params: dict | None = None) -> pd.DataFrame:
    """Run the named query on ``engine`` (sparql, cypher or neo4j) → normalised DataFrame."""
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r} (choose {', '.join(ENGINES)})")
    query = name if isinstance(name, NamedQuery) else load_query(name)
    bound = bind_params(query, params)
    text = query.text(engine)
    if engine == "sparql":
        from policykg.stores.oxigraph_store import plan_store

        rows = run_sparql(plan_store(plan), text, bound)
    else:
        rows = run_cypher_text(plan, text, bound, engine)
    return normalise_rows(rows, query.columns, f"{query.name} ({engine})", {p.name for p in query.params})
