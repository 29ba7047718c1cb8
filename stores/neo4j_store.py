"""Push plans into Neo4j 5 (the property-graph projection) and run Cypher there.

Layout in Neo4j (same projection as networkx and the embedded engine, see docs/queries.md):

* every node has the extra label ``Resource`` (unique key ``iri``) besides its pkg: class labels;
  uniqueness constraints on ``iri`` are created first (``IF NOT EXISTS``) for ``Resource`` and
  for every label;
* nodes and relationships carry ``plans``: the ids of the plans they belong to. Shared
  vocabulary nodes (agencies, regions, technologies, references) are MERGEd, so several plans
  share them; replacing one plan does not touch what only other plans hold;
* a push replaces one plan in ONE explicit transaction: untag/delete the plan's previous
  version, then MERGE nodes and relationships in batches of ``UNWIND $rows``. Any failure
  rolls the whole transaction back, so the previous version stays intact.

Labels and relationship types are written into statements only after they pass the
allowlist of :mod:`policykg.queries.library`; every value travels as a parameter.

Example
-------
>>> import policykg
>>> driver = connect()                                   # doctest: +SKIP
>>> push_plan(driver, policykg.load_plan()).nodes        # doctest: +SKIP
2291
"""
from __future__ import annotations

import atexit
import os
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from policykg.errors import StoreUnavailable

__all__ = [
    "DEFAULT_URI",
    "DEFAULT_USER",
    "DEFAULT_PASSWORD",
    "DEFAULT_BATCH_SIZE",
    "BASE_LABEL",
    "PushStats",
    "connection_settings",
    "connect",
    "ensure_constraints",
    "push_graph",
    "push_plan",
    "delete_plan",
    "database_counts",
    "plan_ids",
    "run_cypher_neo4j",
    "run_on_neo4j",
]

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "policykg-local"
#: chosen from benchmarks/bench_neo4j_push.py: 250–500 rows were fastest (within 4 %), see docs/queries.md
DEFAULT_BATCH_SIZE = 500
BASE_LABEL = "Resource"
_LABEL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_TYPE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_drivers: dict[tuple[str, str, str], object] = {}


@dataclass(frozen=True)
class PushStats:
    """What one push wrote: node and relationship rows, seconds, batch size."""

    plan_id: str
    nodes: int
    relationships: int
    seconds: float
    batch_size: int

    @property
    def per_second(self) -> float:
        return (self.nodes + self.relationships) / self.seconds if self.seconds else 0.0


def connection_settings(uri: str | None = None, user: str | None = None, password: str | None = None) -> tuple[str, str, str]:
    """(uri, user, password) from the arguments, else env NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD, else the local defaults."""
    return (
        uri or os.environ.get("NEO4J_URI") or DEFAULT_URI,
        user or os.environ.get("NEO4J_USER") or DEFAULT_USER,
        password or os.environ.get("NEO4J_PASSWORD") or DEFAULT_PASSWORD,
    )


def connect(uri: str | None = None, user: str | None = None, password: str | None = None, timeout: float = 5):
    """A verified ``neo4j.Driver`` for a Neo4j 5.x server; StoreUnavailable with one clear line otherwise."""
    try:
        import neo4j
    except ImportError:
        raise StoreUnavailable("the neo4j Python driver is not installed (pip install 'policykg[neo4j]')") from None
    uri, user, password = connection_settings(uri, user, password)
    key = (uri, user, password)
    if key in _drivers:
        return _drivers[key]
    try:
        driver = neo4j.GraphDatabase.driver(
            uri, auth=(user, password), connection_timeout=timeout, notifications_min_severity="OFF"
        )
    except (ValueError, neo4j.exceptions.ConfigurationError) as error:
        raise StoreUnavailable(f"bad Neo4j URI {uri!r}: {error}") from None
    try:
        driver.verify_connectivity()
        agent = driver.get_server_info().agent
    except neo4j.exceptions.AuthError:
        driver.close()
        raise StoreUnavailable(
            f"Neo4j at {uri} rejected user {user!r}: wrong user name or password (set NEO4J_USER / NEO4J_PASSWORD)"
        ) from None
    except Exception as error:  # ServiceUnavailable, DNS errors, refused connections
        driver.close()
        raise StoreUnavailable(
            f"cannot reach Neo4j at {uri} ({type(error).__name__}: connection refused or server down); "
            "start one with `policykg neo4j serve-local` or set NEO4J_URI"
        ) from None
    version = agent.split("/", 1)[-1]
    if not version.startswith("5."):
        driver.close()
        raise StoreUnavailable(f"Neo4j at {uri} is {agent}; policykg needs Neo4j 5.x")
    _drivers[key] = driver
    return driver


@atexit.register
def _close_drivers() -> None:
    for driver in _drivers.values():
        try:
            driver.close()
        except Exception:  # pragma: no cover - best effort at exit
            pass
    _drivers.clear()


def _allowed_label(label: str) -> str:
    from policykg.queries.library import allowed_labels

    if label != BASE_LABEL and (not _LABEL.match(label) or label not in allowed_labels()):
        raise StoreUnavailable(f"label {label!r} is not in the allowlist (pkg: classes of graph/ontology.ttl)")
    return label


def _allowed_type(rel: str) -> str:
    from policykg.queries.library import allowed_relationship_types

    if not _TYPE.match(rel) or rel not in allowed_relationship_types():
        raise StoreUnavailable(f"relationship type {rel!r} is not in the allowlist (graph/ontology.ttl, queries/rules)")
    return rel


def ensure_constraints(driver, labels) -> None:
    """Uniqueness constraints on ``iri`` for ``Resource`` and each label (IF NOT EXISTS)."""
    for label in sorted({BASE_LABEL, *labels}):
        label = _allowed_label(label)
        driver.execute_query(
            f"CREATE CONSTRAINT policykg_{label.lower()}_iri IF NOT EXISTS FOR (n:`{label}`) REQUIRE n.iri IS UNIQUE"
        )


_UNTAG_RELATIONSHIPS = """
MATCH (:Resource)-[r]->(:Resource) WHERE $plan IN r.plans
SET r.plans = [x IN r.plans WHERE x <> $plan]
WITH r WHERE size(r.plans) = 0
DELETE r
"""
_UNTAG_NODES = """
MATCH (n:Resource) WHERE $plan IN n.plans
SET n.plans = [x IN n.plans WHERE x <> $plan]
WITH n WHERE size(n.plans) = 0
DETACH DELETE n
"""
_TAG = "CASE WHEN $plan IN coalesce({v}.plans, []) THEN {v}.plans ELSE coalesce({v}.plans, []) + $plan END"


def _batches(rows: list, size: int):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def push_graph(driver, plan_id: str, pg, batch_size: int = DEFAULT_BATCH_SIZE,
               progress: Callable[[int, int], None] | None = None) -> PushStats:
    """Replace plan ``plan_id`` by the projection ``pg`` in one transaction (all-or-nothing)."""
    import neo4j

    started = time.perf_counter()
    by_labels: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for iri, props in pg.nodes.items():
        labels = tuple(_allowed_label(label) for label in pg.labels[iri])
        by_labels[labels].append({"iri": iri, "props": {k: v for k, v in props.items() if k != "iri"}})
    by_type: dict[str, list[dict]] = defaultdict(list)
    unique = sorted(set(pg.relationships))
    for source, rel, target in unique:
        by_type[_allowed_type(rel)].append({"s": source, "d": target})
    total = len(pg.nodes) + len(unique)
    ensure_constraints(driver, {label for labels in by_labels for label in labels})

    done = 0
    try:
        with driver.session() as session, session.begin_transaction() as tx:

            def run_batched(statement: str, rows: list) -> None:
                nonlocal done
                for batch in _batches(rows, batch_size):
                    tx.run(statement, rows=batch, plan=plan_id).consume()
                    done += len(batch)
                    if progress:
                        progress(done, total)

            tx.run(_UNTAG_RELATIONSHIPS, plan=plan_id).consume()
            tx.run(_UNTAG_NODES, plan=plan_id).consume()
            for labels, rows in by_labels.items():
                set_labels = "".join(f":`{label}`" for label in labels)
                run_batched(
                    f"UNWIND $rows AS row MERGE (n:`{BASE_LABEL}` {{iri: row.iri}}) "
                    f"SET n += row.props, n{set_labels} SET n.plans = {_TAG.format(v='n')}",
                    rows,
                )
            for rel, rows in by_type.items():
                run_batched(
                    f"UNWIND $rows AS row MATCH (s:`{BASE_LABEL}` {{iri: row.s}}) MATCH (d:`{BASE_LABEL}` {{iri: row.d}}) "
                    f"MERGE (s)-[r:`{rel}`]->(d) SET r.plans = {_TAG.format(v='r')}",
                    rows,
                )
            tx.commit()
    except neo4j.exceptions.Neo4jError as error:
        message = (error.message or str(error)).splitlines()[0]
        raise StoreUnavailable(
            f"Neo4j rejected the load of plan {plan_id} ({error.code}: {message}); "
            "the transaction was rolled back and the previous version is intact"
        ) from None
    except neo4j.exceptions.DriverError as error:
        raise StoreUnavailable(f"lost the connection to Neo4j while loading plan {plan_id} ({type(error).__name__}); "
                               "the transaction was rolled back") from None
    return PushStats(plan_id, len(pg.nodes), len(unique), time.perf_counter() - started, batch_size)


def push_plan(driver, plan, batch_size: int = DEFAULT_BATCH_SIZE, progress=None) -> PushStats:
    """Project ``plan.union`` and replace that plan in Neo4j (see :func:`push_graph`)."""
    from policykg.graph.property_graph import project

    return push_graph(driver, plan.plan_id, project(plan.union), batch_size, progress)


def delete_plan(driver, plan_id: str) -> None:
    """Remove one plan (nodes and relationships held only by it) in one transaction."""
    with driver.session() as session, session.begin_transaction() as tx:
        tx.run(_UNTAG_RELATIONSHIPS, plan=plan_id).consume()
        tx.run(_UNTAG_NODES, plan=plan_id).consume()
        tx.commit()


def database_counts(driver) -> tuple[int, int]:
    """(nodes, relationships) in the whole database."""
    nodes = driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
    rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
    return nodes, rels


def plan_ids(driver) -> list[str]:
    """Ids of the plans the database holds."""
    records = driver.execute_query("MATCH (p:Plan) UNWIND p.plans AS id RETURN DISTINCT id ORDER BY id").records
    return [r["id"] for r in records]


def run_cypher_neo4j(driver, text: str, params: dict | None = None) -> list[dict]:
    """Run Cypher with bound parameters; rows as dicts keyed by the RETURN column names."""
    import neo4j

    try:
        records, _, keys = driver.execute_query(text, params or {}, routing_=neo4j.RoutingControl.READ)
    except neo4j.exceptions.Neo4jError as error:
        from policykg.errors import QueryError

        raise QueryError(f"Neo4j: {(error.message or str(error)).splitlines()[0]}") from None
    return [dict(zip(keys, record.values())) for record in records]


def run_on_neo4j(plan, text: str, params: dict | None = None) -> list[dict]:
    """Run Cypher on the Neo4j of NEO4J_URI…, pushing ``plan`` first if the server does not hold it."""
    driver = connect()
    if plan.plan_id not in plan_ids(driver):
        push_plan(driver, plan)
    return run_cypher_neo4j(driver, text, params)
