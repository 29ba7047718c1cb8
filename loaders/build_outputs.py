"""Write a build's files into an output folder: all of them or none, and nothing else touched.

``graph.ttl`` and ``graph.nt`` hold every plan graph and the shared vocabularies as one graph;
``graph.trig`` and ``graph.jsonld`` keep one named graph per plan plus the vocabularies graph.

The folder is an :class:`policykg.loaders.output_folder.OutputFolder`: each file is staged in the
folder and moved into place with ``os.replace``; a manifest lists what policykg wrote; files it did
not write are never removed; a non-empty folder without a manifest is refused unless ``force``.

Example
-------
>>> import policykg, tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
>>> sorted(p.name for p in write_build_outputs([policykg.load_plan()], out))[:3]
['budgets.csv', 'graph.jsonld', 'graph.nt']
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from rdflib import Graph

from policykg.graph.namespaces import VOCABULARY_GRAPH, bind_prefixes
from policykg.loaders.output_folder import OutputFolder
from policykg.loaders.rdf_serialization import oxigraph_quads, serialize_quads, sorted_ntriples

__all__ = ["BUILD_FILES", "plan_manifest_entries", "sorted_ntriples", "write_build_outputs"]

BUILD_FILES = ("graph.ttl", "graph.trig", "graph.jsonld", "graph.nt", "measures.csv", "targets.csv", "budgets.csv")


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


def plan_manifest_entries(plans) -> list[dict]:
    """The manifest's ``plans``: id, source file, its SHA-256 and title, per plan."""
    return [
        {"id": p.plan_id, "source": str(Path(p.doc.path).resolve()), "sha256": p.doc.sha256, "title": p.doc.title}
        for p in plans
    ]


def write_build_outputs(plans, out_dir, force: bool = False) -> list[Path]:
    """Write the graph (Turtle, TriG, JSON-LD, sorted N-Triples) and the tidy CSV tables.

    ``force``: write into a non-empty folder that is not a policykg output (its files stay).
    """
    plans = list(plans)
    union = _union(plans)
    quads = oxigraph_quads(_named_graphs(plans))
    with OutputFolder(out_dir, force=force, plans=plan_manifest_entries(plans)) as folder:
        folder.write_bytes("graph.ttl", union.serialize(format="turtle", encoding="utf-8"))
        folder.write_bytes("graph.trig", serialize_quads(quads, "trig"))
        folder.write_bytes("graph.jsonld", serialize_quads(quads, "json-ld"))
        folder.write_text("graph.nt", sorted_ntriples(union))
        for name, method in (("measures", "measures"), ("targets", "targets"), ("budgets", "budgets")):
            frame = pd.concat([getattr(p, method)() for p in plans], ignore_index=True)
            folder.write_bytes(f"{name}.csv", frame.to_csv(index=False).encode("utf-8"))
    return sorted(Path(out_dir) / name for name in BUILD_FILES)
