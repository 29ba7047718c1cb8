"""Plan documents parsed and built ahead in worker processes, handed back in order.

A workspace build spends most of its time parsing documents and building their triples, one
plan at a time, in pure Python. With more than one document and more than one CPU, a
:class:`DocumentPool` does that in worker processes while the building process loads the
finished plans into the store. Each worker returns a :class:`BuiltDocument`: the parsed
document, its warnings, the build summary, the few triples the cross-plan analysis reads and
the plan graph as N-Triples bytes (what Oxigraph's bulk loader reads) or, given a folder for
them, the file of its sorted lines as the store writes them (what the exports read too).

Nothing but speed depends on it: a document a worker could not build (a parse error, say) is
handed back as ``None`` and the caller builds it in its own process, so the error is raised
there exactly as in a serial build. ``POLICYKG_WORKERS=1`` turns the pool off.

Example
-------
>>> from policykg.loaders.plan_document import default_plan_path
>>> with DocumentPool([default_plan_path()] * 2, workers=2) as pool:
...     built = pool.take(default_plan_path())
>>> built.doc.plan_id, built.summary["measures"], built.ntriples.count(b"\\n") == built.summary["triples"]
('ai-new-ten-major-constructions-2026-01', 143, True)
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ANALYSIS_PREDICATES", "BuiltDocument", "DocumentPool", "TripleIndex", "analysis_triples_of",
           "build_document", "build_summary", "document_tables", "worker_count"]


@dataclass
class BuiltDocument:
    """One plan document parsed and built: what a workspace keeps of it."""

    doc: object  # PlanDocument
    warnings: list
    summary: dict
    analysis_triples: list
    ntriples: bytes | None  # None when a worker wrote them to ``dump``
    tables: dict  # measures / targets / budgets (policykg.loaders.build_outputs.plan_tables)
    #: the plan graph's sorted N-Triples as the store writes them (store_sorted_ntriples), in a file a
    #: worker wrote: the store loads it from there and the exports read it (the bytes never cross a pipe)
    dump: str | None = None


def worker_count(documents: int) -> int:
    """Worker processes for ``documents`` new documents: one per CPU this process may use, at most
    one per document; ``POLICYKG_WORKERS`` overrides (``1``: build in this process)."""
    configured = os.environ.get("POLICYKG_WORKERS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        cpus = int(configured)
    else:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cpus, documents))


def build_document(doc, vocabulary=None) -> BuiltDocument:
    """Build a parsed plan document's triples and everything a workspace keeps of it."""
    from policykg.graph.assemble import assemble_plan
    from policykg.loaders.ntriples import ntriples_bytes

    plan = assemble_plan(doc, None, vocabulary)  # its triples, not in rdflib
    triples = plan.triples()
    return BuiltDocument(doc, list(plan.warnings), build_summary(plan), analysis_triples_of(triples, doc.plan_id),
                         ntriples_bytes(triples), document_tables(doc, triples))


def document_tables(doc, triples) -> dict:
    """The measures, targets and budgets tables of one plan, read from the few of its triples they use.

    The targets and budgets tables read the quantity nodes, their owners' types and the
    ``pkg:partOf`` / ``pkg:ordinal`` walk up to a pillar; an rdflib graph of just those triples is a
    small fraction of the plan graph.
    """
    from policykg.graph.namespaces import PKG, RDF
    from policykg.loaders.build_outputs import plan_tables
    from policykg.plan import Plan

    class TablePlan(Plan):  # reads its graph from an index of those triples, not from an rdflib graph
        @property
        def graph(self):
            return index

    links, structure = {PKG.hasTarget, PKG.hasBudget}, {RDF.type, PKG.partOf, PKG.ordinal}
    quantities = {o for _, p, o in triples if p in links}
    read = [t for t in triples if t[1] in structure or t[1] in links or t[0] in quantities]
    index = TripleIndex(read)
    return plan_tables([TablePlan(doc, None, triples=read)])


class TripleIndex:
    """The reads of an rdflib ``Graph`` that a plan's tables make, over a list of distinct triples
    (an rdflib graph of them costs more to fill than the tables cost to read).

    >>> from rdflib import Literal, URIRef
    >>> a, p, q = URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:q")
    >>> index = TripleIndex([(a, p, Literal(1)), (a, q, a)])
    >>> index.value(a, p), index.value(a, URIRef("urn:x")), (a, q, a) in index, list(index.subject_objects(q))
    (rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')), None, True, [(rdflib.term.URIRef('urn:a'), rdflib.term.URIRef('urn:a'))])
    """

    def __init__(self, triples):
        from collections import defaultdict

        self._objects: dict = defaultdict(list)  # (s, p) → objects, in the order given
        self._pairs: dict = defaultdict(list)  # p → (s, o)
        for s, p, o in triples:
            self._objects[s, p].append(o)
            self._pairs[p].append((s, o))

    def objects(self, subject, predicate):
        return iter(self._objects.get((subject, predicate), ()))

    def value(self, subject, predicate):
        found = self._objects.get((subject, predicate))
        return found[0] if found else None

    def subject_objects(self, predicate):
        return iter(self._pairs.get(predicate, ()))

    def __contains__(self, triple) -> bool:
        s, p, o = triple
        return o in self._objects.get((s, p), ())


def build_summary(plan) -> dict:
    """What ``policykg build`` prints about a plan, its coverage report included (computed while it is in memory)."""
    from policykg.loaders.coverage import coverage_report

    nodes, edges = plan.counts()
    return {"id": plan.plan_id, "title": plan.doc.title, "pillars": len(plan.doc.pillars),
            "measures": len(list(plan.doc.measures())), "triples": len(plan.triples()), "nodes": nodes, "edges": edges,
            "warnings": list(plan.warnings), "coverage": coverage_report(plan.doc, plan.triples())}


#: what the cross-plan analysis reads of a plan graph (besides the document): entity links of measures
ANALYSIS_PREDICATES = ("leadAgency", "coOrganizingAgency", "usesTechnology", "targetsRegion", "locatedIn")


def analysis_triples_of(triples, plan_id: str) -> list[tuple]:
    """The triples of one plan graph the cross-plan analysis reads: the entity links, the labels of
    entities outside the plan (an agency the registry does not know), and the mentions of what it cites."""
    from collections import defaultdict

    from policykg.graph.namespaces import PKG, PKID, RDFS, SKOS

    # one dictionary lookup a triple (comparing rdflib terms with == runs Python code each time)
    kind_of = {PKG[name]: "link" for name in ANALYSIS_PREDICATES}
    kind_of.update({RDFS.label: "label", SKOS.prefLabel: "label", PKG.references: "references",
                    PKG.mentionOf: "mention_of", PKG.hasConceptMention: "mention", PKG.mentionText: "text"})
    own = f"{PKID}{plan_id}/"
    out, cited, mention_of, mentions, texts = [], set(), {}, [], defaultdict(list)
    for triple in triples:
        s, p, o = triple
        kind = kind_of.get(p)
        if kind is None:
            continue
        if kind == "link":
            out.append(triple)
        elif kind == "label":
            if not str(s).startswith(own):
                out.append(triple)
        elif kind == "references":
            cited.add((s, o))
        elif kind == "mention_of":
            mention_of[s] = o
        elif kind == "mention":
            mentions.append((s, o))
        else:
            texts[s].append(o)
    for owner, mention in mentions:
        target = mention_of.get(mention)
        if target is not None and (owner, target) in cited:
            out += [(owner, PKG.hasConceptMention, mention), (mention, PKG.mentionOf, target),
                    (owner, PKG.references, target)]
            out += [(mention, PKG.mentionText, text) for text in texts[mention]]
    return out


_worker_vocabulary = None
_worker_dumps: Path | None = None
_worker_files = itertools.count()


def _start_worker(vocabulary, dumps=None) -> None:
    global _worker_vocabulary, _worker_dumps
    _worker_vocabulary, _worker_dumps = vocabulary, dumps


def _build_path(path: str) -> BuiltDocument | None:
    """In a worker: parse and build one document; None when it fails (the caller redoes it and raises).
    With a dumps folder, the plan graph's sorted N-Triples go to a file there instead of back by pipe
    (a graph with blank nodes, which a store renames, is sent back as it is)."""
    from policykg.loaders.plan_document import parse_plan_document
    from policykg.loaders.rdf_serialization import store_sorted_ntriples

    try:
        built = build_document(parse_plan_document(path), _worker_vocabulary)
        if _worker_dumps is not None and b"_:" not in built.ntriples:
            file = Path(_worker_dumps) / f"worker-{os.getpid()}-{next(_worker_files):05d}.nt"
            file.write_bytes(store_sorted_ntriples(built.ntriples))
            built.ntriples, built.dump = None, str(file)
        return built
    except Exception:  # noqa: BLE001 - the building process parses it again and reports the error itself
        return None


class DocumentPool:
    """Build ``paths`` in ``workers`` processes, a few documents ahead of :meth:`take`.

    Results are kept for at most ``2 × workers`` documents not yet taken, so memory stays
    bounded however long the list. Use it as a context manager (the workers are stopped at exit).
    A worker that dies (killed, out of memory) breaks the pool: :meth:`take` then returns None for
    the documents not yet built, so the caller builds them itself instead of waiting forever.
    ``dumps``: a folder the workers write each plan graph's sorted N-Triples to (:attr:`BuiltDocument.dump`).
    """

    def __init__(self, paths, vocabulary=None, workers: int | None = None, dumps=None):
        from concurrent.futures import ProcessPoolExecutor

        unique = list(dict.fromkeys(str(Path(p)) for p in paths))
        self.workers = workers or worker_count(len(unique))
        methods = multiprocessing.get_all_start_methods()
        # fork: the workers inherit the loaded vocabularies and matchers (no start-up per worker)
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker,
                                         initargs=(vocabulary, dumps))
        self._waiting = deque(unique)
        self._running: dict[str, object] = {}
        self.broken = False  # a worker died: the rest is built by the caller
        self._fill()

    def _submit(self, path: str) -> None:
        from concurrent.futures.process import BrokenProcessPool

        try:
            self._running[path] = self._pool.submit(_build_path, path)
        except BrokenProcessPool:
            self.broken = True

    def _fill(self) -> None:
        while not self.broken and self._waiting and len(self._running) < 2 * self.workers:
            self._submit(self._waiting.popleft())

    def take(self, path) -> BuiltDocument | None:
        """The built document of ``path`` (waits for it); None if it was not given, its build failed
        or the pool is broken."""
        from concurrent.futures.process import BrokenProcessPool

        key = str(Path(path))
        if key in self._waiting and not self.broken:  # asked out of order: start it now
            self._waiting.remove(key)
            self._submit(key)
        future = self._running.pop(key, None)
        try:
            built = future.result() if future is not None else None
        except BrokenProcessPool:
            self.broken, built = True, None
        self._fill()
        return built

    def submit(self, function, *args):
        """Run ``function(*args)`` (a module-level function) in a worker once the documents ahead of it
        are built: its future, or None when the pool is broken (then the caller runs it itself)."""
        from concurrent.futures.process import BrokenProcessPool

        if self.broken:
            return None
        try:
            return self._pool.submit(function, *args)
        except BrokenProcessPool:
            self.broken = True
            return None

    def close(self) -> None:
        """Stop the workers now (a document being built is abandoned)."""
        processes = list((getattr(self._pool, "_processes", None) or {}).values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join()

    def __enter__(self) -> "DocumentPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
