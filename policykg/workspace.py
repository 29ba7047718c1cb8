"""A knowledge-graph workspace: build once, then query many plans without re-parsing.

``policykg build PLANS… [--out DIR]`` (default ``out/``, or env ``POLICYKG_WORKSPACE``) writes a
workspace folder::

    DIR/.policykg-manifest.json   plans (id, source file, SHA-256, title), versions, build time,
                                  the files policykg wrote and the current store generation
    DIR/graph.ttl|.nt|.trig|.jsonld, measures.csv, targets.csv, budgets.csv   export files
    DIR/store-<time>-<random>/    one store generation (never changed once written):
        oxigraph/                 persistent Oxigraph store: one named graph per plan, the
                                  vocabularies graph, one analysis graph per plan
        plans/<key>.pickle        the parsed plan document (commands that need it: no re-parse)
        tables.pickle             measures / targets / budgets of every plan
        cypher/<key>.lbug         embedded Cypher (Ladybug) database of one plan, built the first
                                  time a Cypher question needs it (building one takes seconds)

Named graphs: ``…/graph/<plan id>`` (the plan), ``…/graph/vocabularies`` (agencies, regions,
technologies, references), ``…/graph/analysis/<plan id>`` (dependency and overlap edges that
touch the plan, within and across plans, computed at build time). A question about one plan
runs with those three graphs as its default graph; across plans, it runs once per plan and
the rows carry a ``plan`` column.

Writes are safe: a build writes a new generation next to the current one and then replaces
the manifest (``os.replace``), which names the generation to read; a reader sees the old or the
new workspace, never a half-built one. The previous generation is kept until the next write
(a reader may still have it open); older ones that policykg wrote are removed. ``add`` and
``remove`` write a new generation the same way: unchanged plans are copied from the current store
(no re-parse) and the analysis edges are recomputed. Nothing in the folder that policykg did not
write is ever removed (see :mod:`policykg.loaders.output_folder`).

Plan ids come from file names (``ai-new-ten-major-constructions-2026-01``). A second document
with an id already in the workspace but other content (another version of the same plan) gets
``<id>@<issued date>`` (or ``@<first 8 hex of its SHA-256>``), so versions live side by side.

For servers (``policykg serve``, ``push --sparql``): :attr:`Workspace.store` is the
``pyoxigraph.Store`` of the current generation, opened read-only; :meth:`Workspace.graphs`
lists the named graphs of a plan.

Example
-------
>>> import tempfile, policykg
>>> ws = build_workspace([], tempfile.mkdtemp() + "/ws")
>>> ws.plan_ids
['ai-new-ten-major-constructions-2026-01']
>>> int(ws.query("measures_of_pillar", pillar_no=5).shape[0]) > 0
True
>>> open_workspace(ws.path).measures().shape[0] == policykg.load_plan().measures().shape[0]
True
"""
from __future__ import annotations

import dataclasses
import gc
import json
import os
import pickle
import secrets
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from policykg.errors import PolicyKGError, QueryError

__all__ = [
    "WORKSPACE_FORMAT",
    "WORKSPACE_ENV",
    "JUDGEMENTS_FILE",
    "DEFAULT_WORKSPACE",
    "PlanEntry",
    "Workspace",
    "WorkspaceError",
    "workspace_path",
    "find_workspace",
    "open_workspace",
    "build_workspace",
    "add_plans",
    "remove_plans",
    "analysis_graph_iri",
    "reading_plans",
]

WORKSPACE_FORMAT = "policykg-workspace/2"
WORKSPACE_ENV = "POLICYKG_WORKSPACE"
#: a researcher's verdicts on analysis edges in the workspace folder (policykg.analysis.judgements)
JUDGEMENTS_FILE = "judgements.tsv"
DEFAULT_WORKSPACE = "out"
_GENERATION_PREFIX = "store-"


class WorkspaceError(PolicyKGError):
    """A workspace cannot be opened (another version, missing store) or changed as asked."""


def analysis_graph_iri(plan_id: str) -> str:
    """IRI of the named graph holding the analysis edges that touch one plan."""
    from policykg.graph.namespaces import GRAPH_BASE

    return f"{GRAPH_BASE}analysis/{plan_id}"


@dataclass(frozen=True)
class PlanEntry:
    """One plan of a workspace: id, source file, SHA-256 of the source, title, storage key."""

    id: str
    source: str
    sha256: str
    title: str
    key: str

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def workspace_path(path=None) -> Path:
    """The workspace folder: ``path``, else env ``POLICYKG_WORKSPACE``, else ``out``."""
    return Path(path or os.environ.get(WORKSPACE_ENV) or DEFAULT_WORKSPACE)


def _workspace_manifest(folder: Path) -> dict | None:
    from policykg.loaders.output_folder import read_manifest

    manifest = read_manifest(folder)
    if manifest is None or "workspace" not in manifest:
        return None
    return manifest


def _check_version(folder: Path, manifest: dict) -> None:
    from policykg.loaders.output_folder import policykg_version

    found = manifest["workspace"].get("format")
    built_by = manifest.get("policykg_version")
    if found != WORKSPACE_FORMAT or built_by != policykg_version():
        raise WorkspaceError(
            f"{folder}: workspace built by policykg {built_by} ({found}); this is policykg "
            f"{policykg_version()} ({WORKSPACE_FORMAT}): rebuild it with `policykg build --out {folder}`"
        )


def find_workspace(path=None) -> "Workspace | None":
    """The workspace at ``path`` (see :func:`workspace_path`), or None if there is none."""
    folder = workspace_path(path)
    if _workspace_manifest(folder) is None:
        return None
    return Workspace.open(folder)


def open_workspace(path=None) -> "Workspace":
    """Open the workspace at ``path`` (WorkspaceError if the folder holds none)."""
    folder = workspace_path(path)
    if _workspace_manifest(folder) is None:
        raise WorkspaceError(f"{folder}: no policykg workspace here (build one with `policykg build --out {folder}`)")
    return Workspace.open(folder)


# -- reading ---------------------------------------------------------------------------------

class Workspace:
    """Plans in one persistent store. Use :func:`open_workspace` or :meth:`from_plans`.

    ``.plans`` (list of :class:`PlanEntry`), ``.store`` (``pyoxigraph.Store``), ``.query()``,
    ``.sparql()``, ``.cypher()`` (DataFrames; a ``plan`` column when there are several plans),
    ``.measures()`` / ``.targets()`` / ``.budgets()``, ``.load_plans()`` (Plan objects, no re-parse).
    """

    def __init__(self, store, entries: list[PlanEntry], generation: Path | None = None,
                 plans: dict | None = None, path: Path | None = None, manifest: dict | None = None):
        self.store = store
        self.plans = list(entries)
        self.generation = generation
        self.path = path
        self.manifest = manifest or {}
        self._plan_objects = dict(plans or {})
        self._cypher: dict[str, object] = {}
        self._tables: dict | None = None

    def __repr__(self) -> str:
        where = self.path if self.path is not None else "memory"
        return f"<Workspace {where}: {len(self.plans)} plans>"

    @property
    def plan_ids(self) -> list[str]:
        return [entry.id for entry in self.plans]

    @property
    def store_name(self) -> str:
        """What the reading commands print as their source, e.g. ``Oxigraph store out/store-…``."""
        return f"workspace {self.path} ({self.generation.name})" if self.generation else "in-memory build"

    # -- opening --------------------------------------------------------------------------
    @classmethod
    def open(cls, folder, attempts: int = 5) -> "Workspace":
        """Open the generation the manifest names, read-only (retried if a writer replaced it meanwhile)."""
        import pyoxigraph as ox

        folder = Path(folder)
        for attempt in range(attempts):
            manifest = _workspace_manifest(folder)
            if manifest is None:
                raise WorkspaceError(f"{folder}: no policykg workspace here")
            _check_version(folder, manifest)
            generation = folder / manifest["workspace"]["generation"]
            try:
                store = ox.Store.read_only(str(generation / "oxigraph"))
            except OSError:
                if attempt == attempts - 1:
                    raise WorkspaceError(f"{generation}: the workspace store is missing or damaged; "
                                         f"rebuild it with `policykg build --out {folder}`") from None
                time.sleep(0.05 * (attempt + 1))
                continue
            entries = [PlanEntry(**entry) for entry in manifest["workspace"]["plans"]]
            return cls(store, entries, generation, path=folder, manifest=manifest)
        raise AssertionError("unreachable")  # pragma: no cover

    @classmethod
    def from_plans(cls, plans) -> "Workspace":
        """An in-memory workspace of Plan objects (what commands use when there is no workspace)."""
        store = _memory_store(plans)
        entries = [_entry(plan, f"p{i:04d}") for i, plan in enumerate(plans)]
        return cls(store, entries, plans={plan.plan_id: plan for plan in plans})

    # -- scope ----------------------------------------------------------------------------
    def entry(self, plan_id: str) -> PlanEntry:
        for entry in self.plans:
            if entry.id == plan_id:
                return entry
        from difflib import get_close_matches

        near = get_close_matches(plan_id, self.plan_ids, n=3, cutoff=0.3)
        hint = f"; did you mean {', '.join(near)}?" if near else f" (plans: {', '.join(self.plan_ids)})"
        raise QueryError(f"no plan {plan_id!r} in the workspace{hint}")

    def scope(self, plan=None) -> list[str]:
        """Plan ids a question covers: all, one id, or several (each checked)."""
        if plan is None or plan == () or plan == []:
            return self.plan_ids
        ids = [plan] if isinstance(plan, str) else list(plan)
        return [self.entry(plan_id).id for plan_id in dict.fromkeys(ids)]

    def graphs(self, plan_id: str) -> list:
        """The named graphs (pyoxigraph ``NamedNode``) one plan's questions read: plan, vocabularies, analysis."""
        import pyoxigraph as ox

        from policykg.graph.namespaces import VOCABULARY_GRAPH, plan_graph_iri

        self.entry(plan_id)
        return [ox.NamedNode(str(plan_graph_iri(plan_id))), ox.NamedNode(str(VOCABULARY_GRAPH)),
                ox.NamedNode(analysis_graph_iri(plan_id))]

    # -- questions ------------------------------------------------------------------------
    def _per_plan(self, plan, run) -> "object":
        """``run(plan_id) → (columns, rows)`` for each plan in scope → one DataFrame, ``plan`` column if several."""
        import pandas as pd

        ids = self.scope(plan)
        frames, columns = [], None
        for plan_id in ids:
            columns, frame = run(plan_id)
            if len(self.plans) > 1:
                frame.insert(0, "plan", plan_id)
            frames.append(frame)
        if not frames:
            return pd.DataFrame()
        frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        return frame.reset_index(drop=True)

    def query(self, name: str, engine: str = "sparql", plan=None, params: dict | None = None, **kwargs):
        """A named query of the library → DataFrame (``plan`` column when the workspace has several plans).

        Parameters come as keywords (``pillar_no=5``) or as a dict (``params=``).
        """
        params = {**(params or {}), **kwargs}
        from policykg.queries.library import bind_params, load_query
        from policykg.queries.runner import ENGINES, normalise_rows

        if engine not in ENGINES:
            raise QueryError(f"unknown engine {engine!r} (choose {', '.join(ENGINES)})")
        query = load_query(name)
        bound = bind_params(query, params)
        text = query.text(engine)
        extra = {p.name for p in query.params}

        def run(plan_id):
            rows = self._rows(engine, text, bound, plan_id)
            return query.columns, normalise_rows(rows, query.columns, f"{query.name} ({engine})", extra)

        return self._per_plan(plan, run)

    def _rows(self, engine: str, text: str, params: dict, plan_id: str) -> list[dict]:
        if engine == "sparql":
            from policykg.stores.oxigraph_store import select

            return select(self.store, text, params, default_graph=self.graphs(plan_id))[1]
        if engine == "cypher":
            from policykg.queries.runner import cypher_rows

            return cypher_rows(self.cypher_database(plan_id), text, params)
        from policykg.stores.neo4j_store import run_on_neo4j

        return run_on_neo4j(self.load_plan(plan_id), text, params)

    def sparql(self, text: str, plan=None, **params):
        """Ad-hoc SPARQL → a DataFrame for SELECT (the query's columns in its order, ORDER BY kept),
        a bool for ASK, an rdflib Graph for CONSTRUCT/DESCRIBE.

        SELECT runs per plan (``plan`` column when several); ASK, CONSTRUCT and DESCRIBE run once
        over the union of the plans in scope. The usual prefixes (pkg, pkid, rdf, rdfs, xsd, skos,
        org, prov, time, schema, dcterms) are predefined.
        """
        import pyoxigraph as ox

        from policykg.queries.runner import frame_in_order
        from policykg.stores.oxigraph_store import evaluate, sparql_prefixes, term_value

        ids = self.scope(plan)
        first = evaluate(self.store, text, params, default_graph=self.graphs(ids[0]) if ids else [],
                         prefixes=sparql_prefixes())
        if not isinstance(first, ox.QuerySolutions):
            if len(ids) > 1:
                graphs = list(dict.fromkeys(g for plan_id in ids for g in self.graphs(plan_id)))
                first = evaluate(self.store, text, params, default_graph=graphs, prefixes=sparql_prefixes())
            return bool(first) if isinstance(first, ox.QueryBoolean) else _rdflib_graph(first)
        pending = {ids[0]: first} if ids else {}

        def run(plan_id):
            result = pending.pop(plan_id, None) or evaluate(self.store, text, params, default_graph=self.graphs(plan_id),
                                                            prefixes=sparql_prefixes())
            columns = [v.value for v in result.variables]
            rows = [{name: term_value(solution[name]) for name in columns} for solution in result]
            return columns, frame_in_order(rows, columns)

        return self._per_plan(plan, run)

    def cypher(self, text: str, plan=None, engine: str = "cypher", **params):
        """Ad-hoc Cypher on the embedded database (or ``engine="neo4j"``) → DataFrame."""
        from policykg.queries.runner import frame_in_order

        def run(plan_id):
            rows = self._rows(engine, text, params, plan_id)
            columns = list(rows[0]) if rows else []
            return columns, frame_in_order(rows, columns)

        return self._per_plan(plan, run)

    # -- the embedded Cypher database ------------------------------------------------------
    def scope_graph(self, plan_id: str):
        """One plan's default graph (plan + vocabularies + analysis edges) as an rdflib Graph."""
        from rdflib import Graph

        from policykg.stores.oxigraph_store import rdflib_triples

        graph = Graph()
        for name in self.graphs(plan_id):
            graph.addN((s, p, o, graph) for s, p, o in rdflib_triples(self.store, name))
        return graph

    def cypher_database(self, plan_id: str):
        """The Ladybug database of one plan (built on first use; persisted in the generation)."""
        cached = self._cypher.get(plan_id)
        if cached is not None:
            return cached
        from policykg.graph.property_graph import project
        from policykg.stores.ladybug_store import load_property_graph, open_database

        if self.generation is None:
            database = load_property_graph(project(self.scope_graph(plan_id)))
        else:
            target = self.generation / "cypher" / f"{self.entry(plan_id).key}.lbug"
            if not target.exists():
                target.parent.mkdir(exist_ok=True)
                tmp = target.parent / f".tmp-{secrets.token_hex(4)}-{target.name}"
                built = load_property_graph(project(self.scope_graph(plan_id)), str(tmp))
                layout = (built.node_tables, built.rel_tables, built.node_count, built.relationship_count)
                built.connection.close()
                built.database.close()
                del built
                (tmp.parent / (tmp.name + ".layout.json")).write_text(json.dumps(layout), encoding="utf-8")
                os.replace(tmp.parent / (tmp.name + ".layout.json"), target.parent / (target.name + ".layout.json"))
                os.replace(tmp, target)
            layout = json.loads((target.parent / (target.name + ".layout.json")).read_text(encoding="utf-8"))
            database = open_database(str(target), *layout)
        self._cypher[plan_id] = database
        return database

    # -- plans and tables -----------------------------------------------------------------
    def load_plan(self, plan_id: str):
        """One plan as a :class:`policykg.Plan` (document from the workspace, graph from the store)."""
        if plan_id not in self._plan_objects:
            self._plan_objects.update({p.plan_id: p for p in self.load_plans([plan_id])})
        return self._plan_objects[plan_id]

    def load_plans(self, plan_ids=None) -> list:
        """Plans as :class:`policykg.Plan` objects sharing one rdflib Dataset, without re-parsing."""
        ids = self.scope(plan_ids)
        missing = [i for i in ids if i not in self._plan_objects]
        if missing:
            from policykg.graph.assemble import new_dataset
            from policykg.graph.namespaces import VOCABULARY_GRAPH, plan_graph_iri
            from policykg.plan import Plan
            from policykg.stores.oxigraph_store import rdflib_triples

            import pyoxigraph as ox

            dataset = new_dataset()
            vocabulary = dataset.graph(VOCABULARY_GRAPH)
            vocabulary.addN((s, p, o, vocabulary) for s, p, o in rdflib_triples(self.store, ox.NamedNode(str(VOCABULARY_GRAPH))))
            for plan_id in missing:
                entry = self.entry(plan_id)
                with open(self.generation / "plans" / f"{entry.key}.pickle", "rb") as handle:
                    doc, warnings, *_ = pickle.load(handle)
                graph = dataset.graph(plan_graph_iri(plan_id))
                graph.addN((s, p, o, graph) for s, p, o in rdflib_triples(self.store, ox.NamedNode(str(graph.identifier))))
                self._plan_objects[plan_id] = Plan(doc, dataset, warnings)
        return [self._plan_objects[i] for i in ids]

    def corpus(self, plan_ids=None):
        """The plans as a :class:`policykg.Corpus` (for analysis, compare, maps)."""
        from policykg.corpus import Corpus

        return Corpus.from_plans(self.load_plans(plan_ids))

    def _table(self, name: str, plan=None):
        import pandas as pd

        if self._tables is None:
            if self.generation is None:
                self._tables = {n: pd.concat([getattr(p, n)() for p in self._plan_objects.values()], ignore_index=True)
                                for n in ("measures", "targets", "budgets")}
            else:
                self._tables = pd.read_pickle(self.generation / "tables.pickle")
        frame = self._tables[name]
        if plan is not None:
            frame = frame[frame["plan"].isin(self.scope(plan))].reset_index(drop=True)
        return frame.copy()

    def measures(self, plan=None):
        """``Plan.measures()`` of every plan (or of ``plan``), column ``plan`` first."""
        return self._table("measures", plan)

    def targets(self, plan=None):
        return self._table("targets", plan)

    def budgets(self, plan=None):
        return self._table("budgets", plan)

    def close(self) -> None:
        """Release the stores (a closed workspace cannot be queried)."""
        self._cypher.clear()
        self.store = None
        gc.collect()


# -- writing ---------------------------------------------------------------------------------

def _rdflib_graph(triples):
    """The triples of a CONSTRUCT/DESCRIBE result as an rdflib Graph with the usual prefixes bound."""
    from rdflib import Graph

    from policykg.stores.oxigraph_store import rdflib_term, sparql_prefixes

    graph = Graph()
    for prefix, namespace in sparql_prefixes().items():
        graph.bind(prefix, namespace, override=True)
    for triple in triples:
        graph.add((rdflib_term(triple.subject), rdflib_term(triple.predicate), rdflib_term(triple.object)))
    return graph


def _entry(plan, key: str) -> PlanEntry:
    return PlanEntry(plan.plan_id, str(Path(plan.doc.path).resolve()), plan.doc.sha256, plan.doc.title, key)


def _memory_store(plans):
    """An in-memory pyoxigraph store with the workspace's graph layout.

    Analysis edges a Corpus holds in its ``…/graph/analysis`` graph (``write_overlaps(corpus)``)
    are split by plan like a workspace build does; edges written into a plan graph stay there.
    """
    import pyoxigraph as ox
    from rdflib import URIRef

    from policykg.graph.namespaces import GRAPH_BASE, VOCABULARY_GRAPH
    from policykg.loaders.rdf_serialization import load_graph, oxigraph_quads

    store = ox.Store()
    graphs: dict = {}
    analysis: dict = {}
    for plan in plans:
        graphs[plan.graph.identifier] = plan.graph
        graphs.setdefault(VOCABULARY_GRAPH, plan.rdf.graph(VOCABULARY_GRAPH))
        shared = plan.rdf.graph(URIRef(GRAPH_BASE + "analysis"))
        analysis.setdefault(id(shared), shared)
    for name, graph in graphs.items():
        load_graph(store, graph, name)
    ids = [p.plan_id for p in plans]
    for shared in analysis.values():
        if len(shared):
            for plan_id, triples in _split_by_plan(shared, ids).items():
                store.bulk_extend(oxigraph_quads({analysis_graph_iri(plan_id): triples}))
    return store


class _Triples(list):
    """The triples ``write_dependencies`` / ``write_overlaps`` add, in a plain list (an rdflib Graph
    of a large corpus's analysis edges costs about a kilobyte per triple for indexes never read)."""

    def add(self, triple) -> None:
        self.append(triple)


def _analysis_triples(plans, warnings: list[str], judgements=None):
    """The dependency and overlap edges of the plans (within and across plans) as a list of triples.

    ``judgements``: a researcher's verdicts file (``DIR/judgements.tsv``); rejected edges are left out.
    """
    from policykg.analysis.dependencies import dependencies, write_dependencies
    from policykg.analysis.frames import measure_frame
    from policykg.corpus import Corpus

    corpus = Corpus.from_plans(plans)
    measures = measure_frame(corpus)  # read once for both analyses (a pass over the whole store)
    graph = _Triples()
    write_dependencies(corpus, dependencies(corpus, judgements=judgements, measures=measures), graph=graph)
    try:
        from policykg.analysis.char_tfidf import tfidf_char_ngrams_fast
        from policykg.analysis.overlaps import overlaps, write_overlaps

        # the default text method's numbers, without importing scikit-learn (seconds) at every build
        write_overlaps(corpus, overlaps(corpus, method=tfidf_char_ngrams_fast, judgements=judgements,
                                                measures=measures), graph=graph)
    except ModuleNotFoundError as error:  # the text signal needs the analysis extra
        warnings.append(f"overlap edges not computed: optional package {error.name!r} missing "
                        "(pip install 'policykg[analysis]')")
    return graph


def _import_analysis() -> None:
    """Import what :func:`_analysis_triples` runs (pandas, scipy, the analyses: most of a second)."""
    import policykg.analysis.dependencies  # noqa: F401
    import policykg.corpus  # noqa: F401

    try:
        import policykg.analysis.char_tfidf  # noqa: F401
        import policykg.analysis.overlaps  # noqa: F401
        import scipy.sparse  # noqa: F401
    except ModuleNotFoundError:  # the analysis extra is missing: _analysis_triples says so
        pass


def _split_by_plan(graph, plan_ids: list[str]) -> dict[str, list]:
    """Analysis triples grouped by the plans they touch.

    An edge between measures (``a pkg:overlapsWith b``) goes to the plans of both ends; the
    triples of a reified node (a ``pkg:Overlap`` or ``pkg:Dependency``, not under a plan's id)
    go together to each plan the node links. So a measure with copies in n plans adds its n
    ``pkg:identicalTo`` edges once each, not to all n plans.
    """
    from collections import defaultdict

    from policykg.graph.namespaces import PKID

    base, known = str(PKID), set(plan_ids)

    def plan_of(term) -> str | None:
        text = str(term)
        if not text.startswith(base):
            return None
        head = text[len(base):].split("/", 1)[0]
        return head if head in known else None

    nodes = defaultdict(list)
    out: dict[str, list] = defaultdict(list)
    for triple in graph:
        subject_plan = plan_of(triple[0])
        if subject_plan is None:
            nodes[triple[0]].append(triple)
            continue
        out[subject_plan].append(triple)
        object_plan = plan_of(triple[2])
        if object_plan is not None and object_plan != subject_plan:
            out[object_plan].append(triple)
    for triples in nodes.values():
        for plan_id in {plan_of(o) for _, _, o in triples} - {None}:
            out[plan_id].extend(triples)
    return out


def _document_pool(paths, vocabulary, dumps=None):
    """A :class:`policykg.document_pool.DocumentPool` building ``paths`` ahead (one per content: a
    byte-identical copy is renamed, not built), or None on one CPU. One document is built in a worker
    too: meanwhile this process opens the store and imports the analysis."""
    import hashlib

    from policykg.document_pool import DocumentPool, worker_count

    first: dict[str, Path] = {}
    for path in paths:
        try:
            first.setdefault(hashlib.sha256(Path(path).read_bytes()).hexdigest(), Path(path))
        except OSError:
            continue  # reported with its one-line error when its turn comes
    if not first or worker_count(max(2, len(first))) < 2:
        return None  # one CPU: built in this process
    from policykg.graph.enrichment import agency_registry, reference_registry, vocabulary_graph
    from policykg.loaders.mentions import region_matcher, technology_matcher

    if len(first) > 1:  # (one worker loads them itself, while this process opens the store)
        for load in (vocabulary_graph, agency_registry, reference_registry, region_matcher, technology_matcher):
            load()  # loaded once here, inherited by the workers
    return DocumentPool(list(first.values()), vocabulary, dumps=dumps)


def _vocabulary_quads(graph_name) -> list:
    """The packaged vocabulary files' quads for a new store (the triples of ``vocabulary_graph()``,
    parsed by pyoxigraph)."""
    import pyoxigraph as ox

    from policykg.graph.enrichment import vocabulary_turtle

    return [ox.Quad(t.subject, t.predicate, t.object, graph_name) for data in vocabulary_turtle()
            for t in ox.parse(data, format=ox.RdfFormat.TURTLE)]


class _GenerationWriter:
    """Fills one new store generation, plan by plan, keeping only what the analysis needs in memory.

    Each new plan is parsed, built into a small rdflib dataset of its own, bulk-loaded into the
    generation's Oxigraph store, its tables taken and its document written to ``plans/``; then
    its graph is dropped. What the cross-plan analysis reads — the document (measure texts and
    lines) and the triples of :data:`policykg.document_pool.ANALYSIS_PREDICATES` (agencies, technologies, regions,
    labels, citations) — goes into one small in-memory dataset; plans kept from the previous
    generation are copied store to store and bring those triples from their ``plans/`` file.
    Memory grows with the documents and those few triples, not with every plan's graph.
    """

    def __init__(self, folder: Path, name: str, vocabulary=None, old_store=None, documents=(), progress=None):
        import pyoxigraph as ox

        from policykg.graph.assemble import new_dataset
        from policykg.graph.namespaces import PKID, VOCABULARY_GRAPH
        from policykg.loaders.rdf_serialization import load_graph
        from policykg.stores.oxigraph_store import rdflib_triples

        self.vocabulary = vocabulary  # a researcher's terms (--vocab), already checked
        self.progress = progress  # called with (documents added, documents to add)
        self.documents, self.added = len(documents), 0  # plans copied from the old store are not counted
        self.path = folder / name
        self.path.mkdir()
        (self.path / "plans").mkdir()
        (self.path / "dumps").mkdir()
        # before the store opens its threads (fork); the workers write the plan graphs' sorted lines to dumps/
        self.pool = _document_pool(documents, vocabulary, self.path / "dumps")
        self.store = ox.Store(str(self.path / "oxigraph"))
        name_node = ox.NamedNode(str(VOCABULARY_GRAPH))
        if old_store is not None:  # add / remove: the vocabularies as they were (a researcher's terms included)
            data = old_store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name_node)
            self.store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=name_node)
        else:
            self.store.bulk_extend(_vocabulary_quads(name_node))
        if self.vocabulary is not None:
            load_graph(self.store, self.vocabulary.graph, VOCABULARY_GRAPH)
        if self.pool is not None:
            _import_analysis()  # while the workers build the first documents
        self.analysis = new_dataset()  # what the analysis reads: vocabularies + a few triples per plan
        vocabulary_view = self.analysis.graph(VOCABULARY_GRAPH)
        vocabulary_view.addN((s, p, o, vocabulary_view) for s, p, o in rdflib_triples(self.store, name_node))
        self.docs: list[tuple] = []  # (doc, warnings)
        self.summaries: list[dict] = []
        self.triples: list[list] = []
        self.tables: list[dict] = []
        self.taken: dict[str, str] = {}
        self.built: dict[str, int] = {}  # SHA-256 of a document parsed here → its position
        # plan graphs go into the store in a thread of their own (Oxigraph's loader releases the GIL),
        # each with its sorted N-Triples for the exports (dumps/): this thread goes on meanwhile
        from concurrent.futures import ThreadPoolExecutor

        self._loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="policykg-load")
        self._loading = None  # the last load's future: its error is raised by the next _wait_for_load()
        self._loading_written = False  # its sorted N-Triples are in dumps already (a worker wrote them)
        self.dumps: dict[str, Path] = {}  # graph IRI → its sorted N-Triples file
        self.parts = None  # the graph files written in parts by the workers (builds with worker processes)
        base = str(PKID)
        # first path segments the vocabularies use under the id namespace (…/id/ref/…): never a plan id to rename
        self.reserved = {str(s)[len(base):].split("/", 1)[0] for s in vocabulary_view.subjects() if str(s).startswith(base)}

    def add_document(self, path) -> None:
        """Parse and build one plan document; a byte-identical copy of one already added is renamed instead."""
        import hashlib

        import pyoxigraph as ox

        from policykg.document_pool import build_document
        from policykg.graph.assemble import assemble_plan
        from policykg.graph.namespaces import plan_graph_iri
        from policykg.loaders.plan_document import parse_plan_document

        path = Path(path)
        try:
            twin = self.built.get(hashlib.sha256(path.read_bytes()).hexdigest())
        except OSError:
            twin = None  # the parser reports an unreadable file with its one-line error
        if twin is not None:
            self._wait_for_load()  # the copy is renamed from its twin's graph
            if self._add_copy(path, twin):
                self._progressed()
                return
        built = self.pool.take(path) if self.pool is not None and twin is None else None
        self._wait_for_load()  # an earlier document's load error comes before this one's
        if built is None or built.doc.plan_id in self.taken:  # not built ahead (or it needs another id)
            doc = _unique_id(built.doc if built is not None else parse_plan_document(path), self.taken)
            built = build_document(doc, self.vocabulary)
        doc = built.doc

        def failed():  # an IRI N-Triples cannot hold (from a file name, say): name it
            from policykg.loaders.ntriples import check_iris

            check_iris(assemble_plan(doc, None, self.vocabulary).triples())

        name = ox.NamedNode(str(plan_graph_iri(doc.plan_id)))
        if built.dump is not None:  # a worker wrote the sorted lines: the store loads them from the file
            self._load(Path(built.dump), name, failed=failed)
        else:
            self._load(built.ntriples, name, failed=failed)
        self._keep(doc, built.warnings, built.summary, built.analysis_triples, built.tables)
        self.built.setdefault(doc.sha256, len(self.docs) - 1)
        self._progressed()

    def _start_graph_files(self, plan_ids: list[str]) -> None:
        """With worker processes, have them write the graph files' parts
        (:mod:`policykg.loaders.graph_file_parts`), the plan graphs' from now on, while this process
        runs the analysis; without, the files are written here after it."""
        from policykg.loaders.graph_file_parts import GraphFileParts

        if self.pool is None or self.pool.broken:
            self.close_pool()
            return
        if not self._loading_written:  # a worker wrote the last plan's sorted N-Triples: it may go on loading
            self._wait_for_load()  # they are written as it loads
        self.parts = GraphFileParts(self.path / "parts", self.pool.submit, self.pool.workers)
        later = {analysis_graph_iri(plan_id) for plan_id in plan_ids}
        later.update(graph.value for graph in self.store.named_graphs() if graph.value not in self.dumps)
        self.parts.start(dict(self.dumps), later)

    def _dump_the_other_graphs(self) -> None:
        """The sorted N-Triples of the store's graphs not written as they loaded (the vocabularies)."""
        import pyoxigraph as ox

        for graph in self.store.named_graphs():
            if graph.value not in self.dumps:
                self._write_dump(graph.value, self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph),
                                 canonical=True)

    def write_graph_files(self, out) -> None:
        """Stage the four graph files in ``out`` (an OutputFolder): joined from the workers' parts,
        or written here from the sorted N-Triples."""
        from policykg.loaders.rdf_serialization import write_graph_files

        if self.parts is None:
            write_graph_files(out, self.store, self.dumps)
            return
        self.parts.write(out)  # started already by finish() when it was given the folder
        self.parts.wait()
        self.parts = None

    def close_pool(self) -> None:
        """Stop the worker processes (the graph being loaded goes on: :meth:`finish` waits for it),
        and the graph files' parts they were writing when the build failed."""
        if self.parts is not None:
            self.parts.cancel()
        if self.pool is not None:
            self.pool.close()
            self.pool = None
        if self.parts is not None:
            parts, self.parts = self.parts, None
            try:
                parts.wait()
            except Exception:  # noqa: BLE001 - the build's own error is the one raised
                pass

    def stop_loading(self) -> None:
        """Wait for the graph being loaded, ignoring its error (a failed build cleans up after it)."""
        self._loader.shutdown(wait=True)

    def _load(self, data, graph_name, canonical: bool = False, failed=None) -> None:
        """Load one graph's N-Triples into the store, in the loader thread, and write its sorted
        N-Triples for the exports (``canonical``: ``data`` is written as the store writes it already;
        a path: the file of those sorted lines, which a worker wrote); ``failed()`` raises a clear
        error when the loader rejects ``data``.
        """
        import pyoxigraph as ox

        def load() -> None:
            try:
                if isinstance(data, Path):
                    self.store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES, to_graph=graph_name)
                else:
                    self.store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph_name)
            except SyntaxError:
                if failed is not None:
                    failed()
                raise
            if not isinstance(data, Path):
                self._write_dump(graph_name.value, data, canonical)

        self._wait_for_load()
        self._loading = self._loader.submit(load)
        self._loading_written = isinstance(data, Path)
        if isinstance(data, Path):  # its sorted lines are written already: the exports may read them now
            self.dumps[graph_name.value] = data

    def _write_dump(self, graph_name: str, data: bytes, canonical: bool = False) -> None:
        """Write one graph's sorted N-Triples for the exports (``dumps/``), from the N-Triples the
        store loads (``canonical``: written as the store writes them already). Runs in the loader thread."""
        from policykg.loaders.rdf_serialization import sort_lines, store_sorted_ntriples

        file = self.path / "dumps" / f"{len(self.dumps):05d}.nt"
        file.write_bytes(sort_lines(data) if canonical else store_sorted_ntriples(data))
        self.dumps[graph_name] = file

    def _wait_for_load(self) -> None:
        """Wait for the graph being loaded; raise its error here."""
        loading, self._loading = self._loading, None
        if loading is not None:
            loading.result()

    def _progressed(self) -> None:
        self.added += 1
        if self.progress is not None:
            self.progress(self.added, self.documents)

    def _add_copy(self, path: Path, twin: int) -> bool:
        """Add ``path``, a byte-identical copy of the plan added ``twin``-th, by renaming that plan's
        graph, triples and tables to the copy's id and file (no parse, no build). False when the
        ids or file names cannot be renamed safely (then the copy is parsed like any document)."""
        import pyoxigraph as ox

        from policykg.graph.namespaces import PKID, plan_graph_iri
        from policykg.loaders.plan_document import plan_id_from_path

        doc, warnings = self.docs[twin]
        summary, triples = self.summaries[twin], self.triples[twin]
        new_id = plan_id_from_path(path)
        if new_id in self.taken or new_id in self.reserved or doc.plan_id in self.reserved \
                or not _plain_file_name(path.name) or not _plain_file_name(doc.file_name) or doc.source is None:
            return False
        old_base, new_base = f"{PKID}{doc.plan_id}", f"{PKID}{new_id}"
        # the twin's graph as the store writes it (its sorted lines, made when it was loaded), renamed:
        # the renaming touches IRIs and plain strings, none of the literals Oxigraph rewrites
        data = self.dumps[str(plan_graph_iri(doc.plan_id))].read_bytes()
        for old, new in ((f"<{old_base}>", f"<{new_base}>"), (f"<{old_base}/", f"<{new_base}/"),
                         (f'#planId> "{doc.plan_id}" .', f'#planId> "{new_id}" .'),
                         (f'/terms/source> "{doc.file_name}" .', f'/terms/source> "{path.name}" .')):
            data = data.replace(old.encode("utf-8"), new.encode("utf-8"))
        self._load(data, ox.NamedNode(str(plan_graph_iri(new_id))), canonical=True)
        source = dataclasses.replace(doc.source, path=str(path), file_name=path.name)
        copy = dataclasses.replace(doc, plan_id=new_id, path=str(path), file_name=path.name, source=source)
        summary = {**summary, "id": new_id, "coverage": {**summary["coverage"], "plan_id": new_id, "file": str(path)}}
        self._keep(copy, warnings, summary, _renamed(triples, old_base, new_base), _TablesOfCopy(twin, new_id, old_base, new_base))
        return True

    def copy_plan(self, old_store, doc, warnings, summary: dict, triples: list, tables: dict) -> None:
        import pyoxigraph as ox

        from policykg.graph.namespaces import plan_graph_iri

        name = ox.NamedNode(str(plan_graph_iri(doc.plan_id)))
        self._load(old_store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name), name, canonical=True)
        self._keep(doc, warnings, summary, triples, tables)

    def _keep(self, doc, warnings, summary: dict, triples: list, tables: dict) -> None:
        from policykg.graph.namespaces import plan_graph_iri

        self.taken[doc.plan_id] = doc.sha256
        key = f"p{len(self.docs):04d}"
        with open(self.path / "plans" / f"{key}.pickle", "wb") as handle:
            pickle.dump((doc, list(warnings), summary, triples), handle, protocol=pickle.HIGHEST_PROTOCOL)
        graph = self.analysis.graph(plan_graph_iri(doc.plan_id))
        graph.addN((s, p, o, graph) for s, p, o in triples)
        self.docs.append((doc, list(warnings)))
        self.summaries.append(summary)
        self.triples.append(triples)
        self.tables.append(tables)

    def _load_analysis(self, graphs: dict) -> None:
        """The analysis graphs into the store; each one's sorted N-Triples for the exports are written
        in the loader thread, from the same bytes, while the store loads (not dumped from it afterwards)."""
        sorting = []
        _bulk_load_graphs(self.store, graphs, sorted_lines=lambda name, data: sorting.append(
            self._loader.submit(self._write_dump, name, data)))
        for future in sorting:
            future.result()

    def plans(self) -> list:
        """Every plan as a :class:`policykg.Plan` over the analysis dataset (not the whole graph)."""
        from policykg.plan import Plan

        return [Plan(doc, self.analysis, warnings) for doc, warnings in self.docs]

    def finish(self, warnings: list[str], out=None) -> tuple[list[PlanEntry], dict]:
        """Analysis edges and tables into the generation; returns (entries, tables). ``out``: the
        OutputFolder that the workers' parts of the graph files are joined into meanwhile."""
        import pandas as pd

        if not self.docs:
            raise WorkspaceError(f"{self.path.parent}: a workspace needs at least one plan")
        plans = self.plans()
        self._start_graph_files([p.plan_id for p in plans])
        judged = self.path.parent / JUDGEMENTS_FILE
        analysis = _analysis_triples(plans, warnings, judged if judged.is_file() else None)  # while the last plan loads
        self._wait_for_load()
        self._load_analysis({analysis_graph_iri(plan_id): triples for plan_id, triples
                             in _split_by_plan(analysis, [p.plan_id for p in plans]).items()})
        self.stop_loading()
        if self.parts is not None:  # the rest of the graph files, while this process writes the tables
            self._dump_the_other_graphs()
            self.parts.finish([graph.value for graph in self.store.named_graphs()], self.dumps)
            if out is not None:
                self.parts.write(out)  # joined in threads as the parts come in
        entries = [_entry(plan, f"p{i:04d}") for i, plan in enumerate(plans)]
        # a byte-identical copy's tables are its original's, renamed (the original is never a copy itself)
        self.tables = [t.renamed(self.tables[t.twin]) if isinstance(t, _TablesOfCopy) else t for t in self.tables]
        tables = {name: pd.concat([t[name] for t in self.tables], ignore_index=True) for name in self.tables[0]}
        pd.to_pickle(tables, self.path / "tables.pickle")
        self.store.flush()
        self.store.optimize()  # compacts the bulk loads: the exports' dumps and later readers are several times faster
        # the analysis inputs are not needed by the exports that follow: a corpus's are hundreds of MB
        del plans, analysis
        self.analysis, self.triples, self.tables = None, [], []
        if len(self.docs) >= _COLLECT_AFTER_ANALYSIS:
            gc.collect()  # rdflib graphs hold reference cycles: free them before the exports allocate
        return entries, tables


#: plans from which a build frees the analysis inputs with a full collection before writing the exports
_COLLECT_AFTER_ANALYSIS = 10


def _bulk_load_graphs(store, graphs: dict, batch_bytes: int = 16 << 20, sorted_lines=None) -> None:
    """Load ``{graph IRI: rdflib triples}`` into ``store`` with Oxigraph's bulk loader, as N-Quads
    written straight from the terms, several graphs a load (up to about ``batch_bytes`` each).
    ``sorted_lines(graph IRI, N-Triples bytes)`` is called with each graph's N-Triples first."""
    import pyoxigraph as ox

    from policykg.loaders.ntriples import in_graph, ntriples_bytes

    batch: list[bytes] = []
    size = 0
    for name, triples in graphs.items():
        ntriples = ntriples_bytes(triples)
        if sorted_lines is not None:
            sorted_lines(str(name), ntriples)
        data = in_graph(ntriples, str(name))
        batch.append(data)
        size += len(data)
        if size >= batch_bytes:
            store.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS)
            batch, size = [], 0
    if batch:
        store.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS)


def _plain_file_name(name: str) -> bool:
    """A file name N-Triples writes as it is (no quote, backslash or control character to escape)."""
    return not any(c in name for c in '"\\') and name.isprintable()


@dataclasses.dataclass(frozen=True)
class _TablesOfCopy:
    """The tables of a byte-identical copy: those of the plan added ``twin``-th, moved to ``plan_id``."""

    twin: int
    plan_id: str
    old_base: str  # the original's id namespace (…/id/<original id>)
    new_base: str

    def renamed(self, tables: dict) -> dict:
        """``tables`` with column ``plan`` set to the copy's id and ``owner`` IRIs moved to its namespace.

        >>> import pandas as pd
        >>> copy = _TablesOfCopy(0, "b", "urn:id/a", "urn:id/b")
        >>> frame = pd.DataFrame({"plan": ["a", "a"], "owner": ["urn:id/a", "urn:id/a/m/1"]})
        >>> copy.renamed({"targets": frame})["targets"].values.tolist()
        [['b', 'urn:id/b'], ['b', 'urn:id/b/m/1']]
        """
        def move(iri):
            if isinstance(iri, str) and (iri == self.old_base or iri.startswith(self.old_base + "/")):
                return self.new_base + iri[len(self.old_base):]
            return iri

        out = {}
        for name, frame in tables.items():
            frame = frame.copy()
            if len(frame):
                frame.loc[:, "plan"] = self.plan_id
                if "owner" in frame.columns:
                    frame.loc[:, "owner"] = frame["owner"].map(move)
            out[name] = frame
        return out


def _renamed(triples: list, old_base: str, new_base: str) -> list:
    """Triples with the IRIs under ``old_base`` (a plan's id namespace) moved to ``new_base``."""
    from rdflib import URIRef

    moved: dict = {}

    def move(term):
        found = moved.get(term)
        if found is None:
            text = str(term)
            found = moved[term] = URIRef(new_base + text[len(old_base):]) if isinstance(term, URIRef) and (
                text == old_base or text.startswith(old_base + "/")) else term
        return found

    return [(move(s), p, move(o)) for s, p, o in triples]


def _unique_id(doc, taken: dict[str, str]):
    """``doc`` with an id not in ``taken`` (id → sha256): ``<id>@<issued>`` for another version."""
    if doc.plan_id not in taken:
        return doc
    if taken[doc.plan_id] == doc.sha256:
        raise WorkspaceError(f"{doc.path}: plan {doc.plan_id!r} is already in the workspace (same content)")
    for suffix in (doc.issued, doc.sha256[:8]):
        if suffix and f"{doc.plan_id}@{suffix}" not in taken:
            return dataclasses.replace(doc, plan_id=f"{doc.plan_id}@{suffix}")
    raise WorkspaceError(f"{doc.path}: plan {doc.plan_id!r} is already in the workspace")


def _commit(folder: Path, fill, force: bool, cypher: bool = False, vocabularies=(), old_store=None,
            documents=(), progress=None) -> "Workspace":
    from policykg.loaders.domain_vocabularies import domain_vocabulary

    vocabulary = domain_vocabulary(vocabularies)  # bad --vocab files fail before the folder is touched
    return _commit_checked(folder, fill, force, cypher, vocabulary, old_store, documents, progress)


def _commit_checked(folder: Path, fill, force: bool, cypher: bool, vocabulary, old_store,
                    documents=(), progress=None) -> "Workspace":
    """Write a new generation (``fill(writer)`` adds its plans), the export files and the manifest naming it.

    ``documents``: the paths ``fill`` will add (built ahead in worker processes when there are
    several); ``progress(done, total)`` is called as each is added.

    The generation is written under its final name; it becomes the workspace only when the
    manifest that names it replaces the old one. On any failure it is removed again.
    """
    from policykg.loaders.output_folder import OutputFolder
    from policykg.loaders.build_outputs import write_tables

    folder = Path(folder)
    name = f"{_GENERATION_PREFIX}{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{secrets.token_hex(3)}"
    warnings: list[str] = []
    writer, old, out = None, [], None
    try:
        with OutputFolder(folder, force=force) as out:
            previous = (out.previous or {}).get("workspace") or {}
            old = [g for g in previous.get("generations", []) if g.startswith(_GENERATION_PREFIX) and "/" not in g]
            _remove_unreferenced_generations(folder, set(old))  # under the folder's lock
            writer = _GenerationWriter(folder, name, vocabulary, old_store, documents, progress)
            try:
                fill(writer)
                entries, tables = writer.finish(warnings, out)  # stops the workers unless they write the graph files
                out.plans = [{"id": e.id, "source": e.source, "sha256": e.sha256, "title": e.title} for e in entries]
                writer.write_graph_files(out)
            finally:
                writer.close_pool()
            shutil.rmtree(writer.path / "dumps")  # the graphs' sorted N-Triples, read by the exports
            write_tables(out, tables)
            out.extra["workspace"] = {
                "format": WORKSPACE_FORMAT,
                "generation": name,
                "generations": [name] + old[:1],  # the current one and the one before
                "plans": [e.as_dict() for e in entries],
                "warnings": warnings,
            }
    except BaseException:  # staging or the manifest's commit failed: the new generation is no workspace
        if writer is not None:
            writer.stop_loading()
            writer.store = None
        gc.collect()
        current = ((_workspace_manifest(folder) or {}).get("workspace") or {}).get("generation")
        if current != name and (folder / name).is_dir():  # never the generation the manifest names
            shutil.rmtree(folder / name, ignore_errors=True)
        if out is not None:
            out.remove_if_created_and_empty()  # bad input on a first build writes nothing at all
        raise
    for stale in old[1:]:  # generations we wrote before the previous one
        shutil.rmtree(folder / stale, ignore_errors=True)
    summaries = writer.summaries
    store, writer.store = writer.store, None
    del writer
    for generation in (0, 1, 2):  # the youngest collection that frees a cycle still holding the store
        if sys.getrefcount(store) <= 2:  # this name and the call's argument
            break
        gc.collect(generation)
    del store  # its last reference: Oxigraph releases the path before Workspace.open reopens it
    workspace = Workspace.open(folder)
    workspace.build_warnings = warnings
    workspace.build_summaries = summaries
    if cypher:
        for plan_id in workspace.plan_ids:
            workspace.cypher_database(plan_id)
    return workspace


def _remove_unreferenced_generations(folder: Path, referenced: set[str]) -> None:
    """Generations of a build that was killed or failed: ``store-*`` folders no manifest names."""
    for entry in folder.iterdir():
        if entry.is_dir() and entry.name.startswith(_GENERATION_PREFIX) and entry.name not in referenced \
                and (entry / "oxigraph").is_dir():
            shutil.rmtree(entry, ignore_errors=True)


def build_workspace(paths, out=None, force: bool = False, cypher: bool = False, vocabularies=(),
                    progress=None) -> Workspace:
    """Parse ``paths`` (default: the shipped plan) into a new workspace at ``out``; return it opened.

    ``force``: write into a non-empty folder that is not a policykg output (its files stay);
    ``cypher``: also build every plan's embedded Cypher database now rather than on first use;
    ``vocabularies``: a researcher's SKOS files (``--vocab``), matched as technologies and kept
    in the workspace's vocabulary graph; ``progress(done, total)``: called as each document is added.
    Several documents are parsed in worker processes, one per CPU (``POLICYKG_WORKERS`` sets how many).
    """
    from policykg.loaders.plan_document import default_plan_path

    paths = [Path(p) for p in paths] or [default_plan_path()]

    def fill(writer):
        for path in paths:
            writer.add_document(path)

    return _commit(workspace_path(out), fill, force, cypher, vocabularies, documents=paths, progress=progress)


def _kept_plans(current: "Workspace", plan_ids: list[str]):
    """[(doc, warnings, summary, analysis triples, tables)] of plans to carry into the next generation."""
    kept = []
    tables = {name: current._table(name) for name in ("measures", "targets", "budgets")}
    for plan_id in plan_ids:
        with open(current.generation / "plans" / f"{current.entry(plan_id).key}.pickle", "rb") as handle:
            doc, warnings, summary, triples = pickle.load(handle)
        own = {name: frame[frame["plan"] == plan_id].reset_index(drop=True) for name, frame in tables.items()}
        kept.append((doc, warnings, summary, triples, own))
    return kept


def add_plans(paths, out=None, vocabularies=(), progress=None) -> Workspace:
    """Add plan documents to the workspace; the analysis edges are recomputed, nothing is re-parsed."""
    if not paths:
        raise WorkspaceError("give the plan documents to add")
    current = open_workspace(out)
    kept = _kept_plans(current, current.plan_ids)

    def fill(writer):
        for kept_plan in kept:
            writer.copy_plan(current.store, *kept_plan)
        for path in paths:
            writer.add_document(path)

    return _commit(current.path, fill, force=False, vocabularies=vocabularies, old_store=current.store,
                   documents=list(paths), progress=progress)


def remove_plans(plan_ids, out=None) -> Workspace:
    """Remove plans (by id) from the workspace; the analysis edges are recomputed."""
    current = open_workspace(out)
    gone = set(current.scope(list(plan_ids)))
    keep = [i for i in current.plan_ids if i not in gone]
    if not keep:
        raise WorkspaceError(f"{current.path}: removing {', '.join(sorted(gone))} would leave no plan "
                             "(a workspace needs at least one)")
    kept = _kept_plans(current, keep)

    def fill(writer):
        for kept_plan in kept:
            writer.copy_plan(current.store, *kept_plan)

    return _commit(current.path, fill, force=False, old_store=current.store)


def reading_plans(paths=(), out=None, vocabularies=()) -> list:
    """The plans a reading command works on: the documents given (parsed into one dataset), else
    every plan of the workspace (no re-parse), else the shipped plan built on the fly.

    Commands that take PLAN files (agencies, dependencies, overlaps, map, export, report,
    validate) call this, so a built workspace answers them without parsing again. With
    ``vocabularies`` (``--vocab``) the plans are parsed again with those terms: the documents
    given, else the workspace's source documents, else the shipped plan.
    """
    from policykg.loaders.domain_vocabularies import domain_vocabulary
    from policykg.plan import load_plan

    paths = list(paths or ())
    vocabulary = domain_vocabulary(vocabularies)  # checked once, before any plan is read
    workspace = None if paths else find_workspace(out)
    if workspace is not None and vocabulary is None:
        return workspace.load_plans()
    if workspace is not None:
        paths = [entry.source for entry in workspace.plans]
    if not paths:
        return [load_plan(vocabularies=vocabulary)]
    plans = [load_plan(paths[0], vocabularies=vocabulary)]
    plans += [load_plan(path, dataset=plans[0].rdf, vocabularies=vocabulary) for path in paths[1:]]
    return plans
