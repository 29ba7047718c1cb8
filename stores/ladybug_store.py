"""Embedded Cypher over the property-graph projection, with Ladybug (the maintained fork of Kùzu).

Ladybug needs a declared schema: one node table per label and one relationship table per type
listing its (FROM, TO) table pairs. The schema is generated from
:func:`policykg.graph.property_graph.project`:

* a node goes into the table of its *primary* label; a node with several labels
  (``Agency`` + ``AgencyCollective``) goes into the label most nodes share (``Agency``),
  and all its labels are kept in the ``labels`` list property;
* a column's type follows its values: all ints → ``INT64``, numbers → ``DOUBLE``,
  any list → ``STRING[]`` (scalars become one-element lists), otherwise ``STRING``;
* relationships are deduplicated on (source, type, target), as Neo4j's ``MERGE`` and
  networkx's keyed ``MultiDiGraph`` do.

Example
-------
>>> import policykg
>>> db = plan_database(policykg.load_plan())
>>> run_cypher(db, "MATCH (p:Pillar) WHERE p.ordinal = $n RETURN p.name_zh AS name", {"n": 5})
[{'name': '全球量子能力登頂'}]
"""
from __future__ import annotations

import re
import weakref
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["LadybugGraph", "declare_schema", "load_property_graph", "open_database", "plan_database", "run_cypher", "clear_cache"]

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_cache: "weakref.WeakKeyDictionary[object, tuple[tuple, LadybugGraph]]" = weakref.WeakKeyDictionary()


@dataclass
class LadybugGraph:
    """An in-memory Ladybug database holding one projection, and how it was laid out."""

    database: object
    connection: object
    node_tables: dict[str, dict[str, str]] = field(default_factory=dict)  # table → column → type
    rel_tables: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # type → (from, to) pairs
    node_count: int = 0
    relationship_count: int = 0


def _checked(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"not a safe schema name: {name!r}")
    return name


def _primary_labels(pg) -> dict[str, str]:
    """IRI → the table its node lives in (the label shared by most nodes among its labels)."""
    frequency = Counter(label for labels in pg.labels.values() for label in labels)
    return {iri: max(labels, key=lambda label: (frequency[label], label)) for iri, labels in pg.labels.items()}


def _column_type(values: list) -> str:
    if any(isinstance(v, list) for v in values):
        return "STRING[]"
    if all(isinstance(v, bool) for v in values):
        return "BOOLEAN"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "INT64"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "DOUBLE"
    return "STRING"


def _cell(value, column_type: str):
    if value is None:
        return None
    if column_type == "STRING[]":
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if column_type == "DOUBLE":
        return float(value)
    if column_type == "STRING":
        return str(value)
    return value


def declare_schema(pg) -> tuple[dict[str, dict[str, str]], dict[str, list[tuple[str, str]]]]:
    """(node tables → columns → Ladybug type, relationship types → [(FROM, TO)]) for a projection."""
    primary = _primary_labels(pg)
    values: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for iri, props in pg.nodes.items():
        table = values[primary[iri]]
        for key, value in props.items():
            table[key].append(value)
    node_tables = {}
    for label in sorted(values):
        columns = {"iri": "STRING", "labels": "STRING[]"}
        for key in sorted(values[label]):
            if key != "iri":
                columns[key] = _column_type(values[label][key])
        node_tables[label] = columns
    pairs: dict[str, set] = defaultdict(set)
    for source, rel, target in pg.relationships:
        pairs[rel].add((primary[source], primary[target]))
    return node_tables, {rel: sorted(p) for rel, p in sorted(pairs.items())}


def _frame(rows: list[dict], columns: dict[str, str]):
    """A DataFrame with the table's columns in declared order; object dtype keeps None as NULL."""
    return pd.DataFrame([[row.get(c) for c in columns] for row in rows], columns=list(columns), dtype=object)


def _copy(connection, table: str, frame, pair: tuple[str, str] | None = None) -> None:
    """``COPY table FROM frame``: Ladybug scans the local pandas variable named in the statement."""
    options = f" (from='{_checked(pair[0])}', to='{_checked(pair[1])}')" if pair else ""
    connection.execute(f"COPY `{_checked(table)}` FROM frame{options}")


def load_property_graph(pg, path: str = ":memory:") -> LadybugGraph:
    """Create the declared schema in a new Ladybug database and load the projection (``COPY FROM``)."""
    import ladybug

    database = ladybug.Database(path)
    connection = ladybug.Connection(database)
    node_tables, rel_tables = declare_schema(pg)
    for label, columns in node_tables.items():
        body = ", ".join(f"`{_checked(c)}` {t}" for c, t in columns.items())
        connection.execute(f"CREATE NODE TABLE `{_checked(label)}`({body}, PRIMARY KEY(iri))")
    for rel, pairs in rel_tables.items():
        body = ", ".join(f"FROM `{_checked(a)}` TO `{_checked(b)}`" for a, b in pairs)
        connection.execute(f"CREATE REL TABLE `{_checked(rel)}`({body})")

    primary = _primary_labels(pg)
    rows_by_table: dict[str, list[dict]] = defaultdict(list)
    for iri, props in pg.nodes.items():
        table = primary[iri]
        row = {c: _cell(props.get(c), t) for c, t in node_tables[table].items()}
        row["labels"] = list(pg.labels[iri])
        rows_by_table[table].append(row)
    for table, rows in rows_by_table.items():
        _copy(connection, table, _frame(rows, node_tables[table]))

    unique = sorted(set(pg.relationships))
    edges: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for source, rel, target in unique:
        edges[(rel, primary[source], primary[target])].append({"from": source, "to": target})
    for (rel, a, b), rows in edges.items():
        _copy(connection, rel, pd.DataFrame(rows, columns=["from", "to"]), (a, b) if len(rel_tables[rel]) > 1 else None)
    return LadybugGraph(database, connection, node_tables, rel_tables, len(pg.nodes), len(unique))


def open_database(path: str, node_tables: dict, rel_tables: dict, node_count: int = 0,
                  relationship_count: int = 0) -> LadybugGraph:
    """Open a Ladybug database written by :func:`load_property_graph`, read-only, with its layout."""
    import ladybug

    database = ladybug.Database(path, read_only=True)
    connection = ladybug.Connection(database)
    rel = {name: [tuple(pair) for pair in pairs] for name, pairs in rel_tables.items()}
    return LadybugGraph(database, connection, node_tables, rel, node_count, relationship_count)


def plan_database(plan) -> LadybugGraph:
    """The projection of ``plan.union`` in an in-memory Ladybug database, cached per plan object."""
    from policykg.stores.oxigraph_store import plan_version

    version = plan_version(plan)
    cached = _cache.get(plan)
    if cached is None or cached[0] != version:  # stale once analysis edges were written into the plan
        from policykg.graph.property_graph import project

        cached = _cache[plan] = (version, load_property_graph(project(plan.union)))
    return cached[1]


def run_cypher(graph: LadybugGraph, query: str, params: dict | None = None) -> list[dict]:
    """Run Cypher with bound parameters; rows as dicts keyed by the RETURN column names."""
    result = graph.connection.execute(query, params or {})
    columns = result.get_column_names()
    rows = []
    while result.has_next():
        rows.append(dict(zip(columns, result.get_next())))
    return rows


def clear_cache() -> None:
    """Forget every cached database."""
    _cache.clear()
