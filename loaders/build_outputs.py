"""Write a build's files atomically: all of them or none.

``graph.ttl`` and ``graph.nt`` hold every plan graph and the shared vocabularies as one graph;
``graph.trig`` and ``graph.jsonld`` keep one named graph per plan plus the vocabularies graph.

Files are written into a temporary sibling folder, which then replaces the output folder in
one rename; a failure part-way leaves the previous output untouched and no partial folder.

Example
-------
>>> import policykg, tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
>>> sorted(p.name for p in write_build_outputs([policykg.load_plan()], out))[:3]
['budgets.csv', 'graph.jsonld', 'graph.nt']
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
from rdflib import Graph

from policykg.graph.namespaces import VOCABULARY_GRAPH, bind_prefixes
from policykg.loaders.rdf_serialization import oxigraph_quads, serialize_quads, sorted_ntriples

__all__ = ["BUILD_FILES", "atomic_directory", "sorted_ntriples", "write_build_outputs"]

BUILD_FILES = ("graph.ttl", "graph.trig", "graph.jsonld", "graph.nt", "measures.csv", "targets.csv", "budgets.csv")


class atomic_directory:
    """Context manager yielding a temporary folder that replaces ``target`` on success.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> with atomic_directory(target) as tmp:
    ...     _ = (tmp / "a.txt").write_text("x")
    >>> (target / "a.txt").read_text()
    'x'
    """

    def __init__(self, target):
        self.target = Path(target)

    def __enter__(self) -> Path:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.tmp-", dir=self.target.parent))
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return False
        old = None
        if self.target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.old-", dir=self.target.parent))
            os.rmdir(old)
            os.rename(self.target, old)
        try:
            os.rename(self.tmp, self.target)
        except OSError:
            if old is not None:
                os.rename(old, self.target)
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return False


def _union(plans) -> Graph:
    """All plan graphs and the shared vocabularies in one graph (for graph.ttl and graph.nt)."""
    union = Graph()
    bind_prefixes(union)
    for graph in _named_graphs(plans).values():
        union += graph
    return union


def _named_graphs(plans) -> dict:
    graphs = {}
    for plan in plans:
        graphs[plan.graph.identifier] = plan.graph
        graphs.setdefault(VOCABULARY_GRAPH, plan.rdf.graph(VOCABULARY_GRAPH))
    return graphs


def write_build_outputs(plans, out_dir) -> list[Path]:
    """Write the graph (Turtle, TriG, JSON-LD, sorted N-Triples) and the tidy CSV tables."""
    plans = list(plans)
    union = _union(plans)
    quads = oxigraph_quads(_named_graphs(plans))
    with atomic_directory(out_dir) as tmp:
        (tmp / "graph.ttl").write_bytes(union.serialize(format="turtle", encoding="utf-8"))
        (tmp / "graph.trig").write_bytes(serialize_quads(quads, "trig"))
        (tmp / "graph.jsonld").write_bytes(serialize_quads(quads, "json-ld"))
        (tmp / "graph.nt").write_text(sorted_ntriples(union), encoding="utf-8")
        for name, method in (("measures", "measures"), ("targets", "targets"), ("budgets", "budgets")):
            frame = pd.concat([getattr(p, method)() for p in plans], ignore_index=True)
            frame.to_csv(tmp / f"{name}.csv", index=False, encoding="utf-8")
    return sorted(Path(out_dir) / name for name in BUILD_FILES)
