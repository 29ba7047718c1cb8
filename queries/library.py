"""The named research questions: find, parse and list ``queries/sparql/*.rq`` + ``queries/cypher/*.cypher``.

Every query exists in both languages and starts with the same header (``#`` in SPARQL,
``//`` in Cypher)::

    # name: measures_of_pillar
    # question: Which measures does a pillar have, with their lead agency and period?
    # params: pillar_no (integer, e.g. 5)
    # columns: identifier, measure, lead_agency, start, end

``params`` is ``none`` or ``;``-separated ``name (type, e.g. example)`` items. Types:
``integer``; ``decimal`` (bound as a float); ``string``; ``year`` (bound as the 4-digit text ``"2028"``, because dates in the
graph are ISO text such as ``2028-12``). Where the embedded Cypher engine needs its own form,
``queries/cypher/NAME.ladybug.cypher`` holds it (same header).

Labels and relationship types a query may use come from an allowlist built from
``graph/ontology.ttl`` (pkg: classes and object properties) and ``rules/reused_predicates.tsv``.

Example
-------
>>> q = load_query("measures_of_pillar")
>>> q.columns[:2], [p.name for p in q.params]
(['identifier', 'measure'], ['pillar_no'])
>>> bind_params(q, {"pillar_no": "5"})
{'pillar_no': 5}
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from policykg.errors import QueryError

__all__ = [
    "QUERY_DIR",
    "PARAM_TYPES",
    "QueryParam",
    "NamedQuery",
    "parse_header",
    "query_names",
    "load_query",
    "list_queries",
    "bind_params",
    "allowed_labels",
    "allowed_relationship_types",
    "cypher_schema_names",
]

QUERY_DIR = Path(__file__).resolve().parent
PARAM_TYPES = ("integer", "decimal", "string", "year")
_HEADER = re.compile(r"^\s*(?:#|//)\s*(name|question|params|columns)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*)\s*\((?P<type>\w+)(?:\s*,\s*e\.g\.\s*(?P<example>.*))?\)$")


@dataclass(frozen=True)
class QueryParam:
    """One parameter of a named query, e.g. ``pillar_no`` (integer, e.g. 5)."""

    name: str
    type: str
    example: str = ""

    def convert(self, value):
        """The bound value: int for integer, float for decimal, 4-digit text for year, str for string."""
        try:
            if self.type == "integer":
                return int(value)
            if self.type == "decimal":
                return float(value)
            if self.type == "year":
                year = int(value)
                if not 1000 <= year <= 9999:
                    raise ValueError
                return f"{year:04d}"
        except (TypeError, ValueError):
            raise QueryError(f"parameter {self.name} must be {'a 4-digit year' if self.type == 'year' else {'integer': 'an integer', 'decimal': 'a decimal number'}[self.type]}, "
                             f"got {value!r}") from None
        return str(value)


@dataclass(frozen=True)
class NamedQuery:
    """A research question with its SPARQL and Cypher text (and an optional Ladybug variant)."""

    name: str
    question: str
    params: tuple[QueryParam, ...]
    columns: list[str]
    sparql: str
    cypher: str
    ladybug_cypher: str | None = None
    files: tuple[Path, ...] = field(default=())

    def text(self, engine: str) -> str:
        """Query text for ``sparql``, ``cypher`` (embedded Ladybug; its variant if any) or ``neo4j``."""
        if engine == "sparql":
            return self.sparql
        if engine == "cypher":
            return self.ladybug_cypher or self.cypher
        if engine == "neo4j":
            return self.cypher
        raise QueryError(f"unknown engine {engine!r} (choose sparql, cypher or neo4j)")

    def example_params(self) -> dict:
        """The header's example values, converted: ``{'pillar_no': 5}``."""
        return {p.name: p.convert(p.example) for p in self.params}


def parse_header(text: str, source: str = "<query>") -> dict:
    """The header fields of a query file: name, question, params (list of QueryParam), columns.

    >>> h = parse_header("# name: q\\n# question: Why?\\n# params: year (year, e.g. 2026)\\n# columns: a, b\\nSELECT")
    >>> h["name"], h["params"][0].type, h["columns"]
    ('q', 'year', ['a', 'b'])
    """
    fields: dict = {}
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match:
            fields[match.group(1)] = match.group(2)
        elif line.strip() and not line.lstrip().startswith(("#", "//")):
            break
    missing = [k for k in ("name", "question", "params", "columns") if k not in fields]
    if missing:
        raise QueryError(f"{source}: header is missing {', '.join(missing)}")
    params = []
    if fields["params"].lower() not in {"none", ""}:
        for item in fields["params"].split(";"):
            match = _PARAM.match(item.strip())
            if not match or match.group("type") not in PARAM_TYPES:
                raise QueryError(f"{source}: bad parameter declaration {item.strip()!r}")
            params.append(QueryParam(match.group("name"), match.group("type"), (match.group("example") or "").strip()))
    fields["params"] = params
    fields["columns"] = [c.strip() for c in fields["columns"].split(",") if c.strip()]
    return fields


def query_names() -> list[str]:
    """Names of all queries that have a SPARQL file (sorted)."""
    return sorted(p.stem for p in (QUERY_DIR / "sparql").glob("*.rq"))


@lru_cache(maxsize=None)
def _load(name: str, mtimes: tuple) -> NamedQuery:
    sparql_path = QUERY_DIR / "sparql" / f"{name}.rq"
    cypher_path = QUERY_DIR / "cypher" / f"{name}.cypher"
    ladybug_path = QUERY_DIR / "cypher" / f"{name}.ladybug.cypher"
    for path in (sparql_path, cypher_path):
        if not path.is_file():
            raise QueryError(f"query {name!r} has no {path.relative_to(QUERY_DIR)}")
    sparql = sparql_path.read_text(encoding="utf-8")
    cypher = cypher_path.read_text(encoding="utf-8")
    ladybug = ladybug_path.read_text(encoding="utf-8") if ladybug_path.is_file() else None
    header = parse_header(sparql, str(sparql_path))
    for path, text in ((cypher_path, cypher), (ladybug_path, ladybug)):
        if text is not None:
            other = parse_header(text, str(path))
            if (other["name"], other["question"], other["params"], other["columns"]) != (
                header["name"], header["question"], header["params"], header["columns"]
            ):
                raise QueryError(f"{path}: header differs from {sparql_path.name}")
    if header["name"] != name:
        raise QueryError(f"{sparql_path}: header name {header['name']!r} differs from the file name")
    files = tuple(p for p in (sparql_path, cypher_path, ladybug_path) if p.is_file())
    return NamedQuery(name, header["question"], tuple(header["params"]), header["columns"], sparql, cypher, ladybug, files)


def load_query(name: str) -> NamedQuery:
    """The named query ``name`` (QueryError if unknown)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name or ""):
        raise QueryError(f"unknown query {name!r}; `policykg query --list` shows the names")
    sparql_path = QUERY_DIR / "sparql" / f"{name}.rq"
    if not sparql_path.is_file():
        raise QueryError(f"unknown query {name!r}; `policykg query --list` shows the names")
    paths = [sparql_path, QUERY_DIR / "cypher" / f"{name}.cypher", QUERY_DIR / "cypher" / f"{name}.ladybug.cypher"]
    return _load(name, tuple(p.stat().st_mtime if p.exists() else 0 for p in paths))


def list_queries() -> list[NamedQuery]:
    """Every named query, sorted by name."""
    return [load_query(name) for name in query_names()]


def bind_params(query: NamedQuery, params: dict | None) -> dict:
    """Check and convert parameter values; unknown or missing names raise QueryError.

    Entity parameters (``entity_parameters.tsv``) are resolved to the graph's form of the name.
    """
    params = dict(params or {})
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise QueryError(f"query {query.name} has no parameter {', '.join(unknown)} "
                         f"(it takes: {', '.join(declared) or 'none'})")
    missing = [p for p in declared if p not in params]
    if missing:
        hint = ", ".join(f"-p {n} {declared[n].example}" for n in missing)
        raise QueryError(f"query {query.name} needs {', '.join(missing)} (e.g. {hint})")
    from policykg.queries.entity_parameters import resolve_params

    return resolve_params(query.name, {name: declared[name].convert(value) for name, value in params.items()})


@lru_cache(maxsize=1)
def allowed_labels() -> frozenset[str]:
    """Node labels a query or a store may use: the pkg: classes of graph/ontology.ttl."""
    from rdflib import OWL, RDF, Graph

    from policykg.graph.namespaces import PKG

    ontology = Graph().parse(QUERY_DIR.parent / "graph" / "ontology.ttl")
    return frozenset(str(c)[len(str(PKG)):] for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(PKG)))


@lru_cache(maxsize=1)
def allowed_relationship_types() -> frozenset[str]:
    """Relationship types: ontology object properties and rules/reused_predicates.tsv, in UPPER_SNAKE_CASE."""
    from rdflib import OWL, RDF, Graph

    from policykg.graph.property_graph import relationship_type

    ontology = Graph().parse(QUERY_DIR.parent / "graph" / "ontology.ttl")
    types = {relationship_type(p) for p in ontology.subjects(RDF.type, OWL.ObjectProperty)}
    for line in (QUERY_DIR / "rules" / "reused_predicates.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            types.add(line.split("\t")[1].strip())
    return frozenset(types)


_LABEL_USE = re.compile(r"\(\s*\w*\s*:\s*`?([A-Za-z_][A-Za-z0-9_]*)")
_TYPE_USE = re.compile(r"\[\s*\w*\s*:\s*([A-Za-z_|:` ]+?)\s*(?:\*|\]|\{)")


def cypher_schema_names(text: str) -> tuple[set[str], set[str]]:
    """(labels, relationship types) written in a Cypher text (comments removed).

    >>> labels, types = cypher_schema_names("MATCH (m:Measure)-[:LEAD_AGENCY|CO_ORGANIZING_AGENCY]->(a:Agency) RETURN m")
    >>> sorted(labels), sorted(types)
    (['Agency', 'Measure'], ['CO_ORGANIZING_AGENCY', 'LEAD_AGENCY'])
    """
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    body = re.sub(r"'[^']*'", "''", body)
    labels = set(_LABEL_USE.findall(body))
    types = set()
    for group in _TYPE_USE.findall(body):
        types.update(t.strip(" `:") for t in group.split("|") if t.strip(" `:"))
    return labels, types
