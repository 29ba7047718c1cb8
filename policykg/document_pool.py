"""Plan documents parsed and built ahead in worker processes, handed back in order.

A workspace build spends most of its time parsing documents and building their triples, one
plan at a time, in pure Python. With more than one document and more than one CPU, a
:class:`DocumentPool` does that in worker processes while the building process loads the
finished plans into the store. Each worker returns a :class:`BuiltDocument`: the parsed
document, its warnings, the build summary, the few triples the cross-plan analysis reads and
the plan graph as N-Triples bytes (what Oxigraph's bulk loader reads).

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

import multiprocessing
import os
from collections import deque
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ANALYSIS_PREDICATES", "BuiltDocument", "DocumentPool", "analysis_triples_of", "build_document",
           "build_summary", "worker_count"]


@dataclass
class BuiltDocument:
    """One plan document parsed and built: what a workspace keeps of it."""

    doc: object  # PlanDocument
    warnings: list
    summary: dict
    analysis_triples: list
    ntriples: bytes


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
                         ntriples_bytes(triples))


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

    links = {PKG[name] for name in ANALYSIS_PREDICATES}
    labels = {RDFS.label, SKOS.prefLabel}
    own = f"{PKID}{plan_id}/"
    out, cited, mention_of, mentions, texts = [], set(), {}, [], defaultdict(list)
    for triple in triples:
        s, p, o = triple
        if p in links:
            out.append(triple)
        elif p in labels:
            if not str(s).startswith(own):
                out.append(triple)
        elif p == PKG.references:
            cited.add((s, o))
        elif p == PKG.mentionOf:
            mention_of[s] = o
        elif p == PKG.hasConceptMention:
            mentions.append((s, o))
        elif p == PKG.mentionText:
            texts[s].append(o)
    for owner, mention in mentions:
        target = mention_of.get(mention)
        if target is not None and (owner, target) in cited:
            out += [(owner, PKG.hasConceptMention, mention), (mention, PKG.mentionOf, target),
                    (owner, PKG.references, target)]
            out += [(mention, PKG.mentionText, text) for text in texts[mention]]
    return out


_worker_vocabulary = None


def _start_worker(vocabulary) -> None:
    global _worker_vocabulary
    _worker_vocabulary = vocabulary


def _build_path(path: str) -> BuiltDocument | None:
    """In a worker: parse and build one document; None when it fails (the caller redoes it and raises)."""
    from policykg.loaders.plan_document import parse_plan_document

    try:
        return build_document(parse_plan_document(path), _worker_vocabulary)
    except Exception:  # noqa: BLE001 - the building process parses it again and reports the error itself
        return None


class DocumentPool:
    """Build ``paths`` in ``workers`` processes, a few documents ahead of :meth:`take`.

    Results are kept for at most ``2 × workers`` documents not yet taken, so memory stays
    bounded however long the list. Use it as a context manager (the workers are stopped at exit).
    """

    def __init__(self, paths, vocabulary=None, workers: int | None = None):
        unique = list(dict.fromkeys(str(Path(p)) for p in paths))
        self.workers = workers or worker_count(len(unique))
        methods = multiprocessing.get_all_start_methods()
        # fork: the workers inherit the loaded vocabularies and matchers (no start-up per worker)
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._pool = context.Pool(self.workers, initializer=_start_worker, initargs=(vocabulary,))
        self._waiting = deque(unique)
        self._running: dict[str, object] = {}
        self._fill()

    def _fill(self) -> None:
        while self._waiting and len(self._running) < 2 * self.workers:
            path = self._waiting.popleft()
            self._running[path] = self._pool.apply_async(_build_path, (path,))

    def take(self, path) -> BuiltDocument | None:
        """The built document of ``path`` (waits for it); None if it was not given or its build failed."""
        key = str(Path(path))
        if key in self._waiting:  # asked out of order: start it now
            self._waiting.remove(key)
            self._running[key] = self._pool.apply_async(_build_path, (key,))
        result = self._running.pop(key, None)
        built = result.get() if result is not None else None
        self._fill()
        return built

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()

    def __enter__(self) -> "DocumentPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
