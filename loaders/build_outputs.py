"""Write a build's files atomically: all of them or none.

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
from rdflib import Dataset, Graph

from policykg.graph.namespaces import bind_prefixes

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


def sorted_ntriples(graph: Graph) -> str:
    """N-Triples sorted line by line: byte-identical for the same graph."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted(line for line in text.splitlines() if line.strip())
    return "\n".join(lines) + "\n"


def _union(plans) -> Graph:
    union = Graph()
    bind_prefixes(union)
    for plan in plans:
        for triple in plan.graph:
            union.add(triple)
    return union


def write_build_outputs(plans, out_dir) -> list[Path]:
    """Write the graph (Turtle, TriG, JSON-LD, sorted N-Triples) and the tidy CSV tables."""
    plans = list(plans)
    union = _union(plans)
    dataset = Dataset()
    bind_prefixes(dataset)
    for plan in plans:
        named = dataset.graph(plan.graph.identifier)
        for triple in plan.graph:
            named.add(triple)
    with atomic_directory(out_dir) as tmp:
        (tmp / "graph.ttl").write_bytes(union.serialize(format="turtle", encoding="utf-8"))
        (tmp / "graph.trig").write_bytes(dataset.serialize(format="trig", encoding="utf-8"))
        (tmp / "graph.jsonld").write_bytes(dataset.serialize(format="json-ld", encoding="utf-8"))
        (tmp / "graph.nt").write_text(sorted_ntriples(union), encoding="utf-8")
        for name, method in (("measures", "measures"), ("targets", "targets"), ("budgets", "budgets")):
            frame = pd.concat([getattr(p, method)() for p in plans], ignore_index=True)
            frame.to_csv(tmp / f"{name}.csv", index=False, encoding="utf-8")
    return sorted(Path(out_dir) / name for name in BUILD_FILES)
