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

from policykg.graph.namespaces import VOCABULARY_GRAPH
from policykg.loaders.output_folder import OutputFolder
from policykg.loaders.rdf_serialization import GRAPH_FILES, oxigraph_quads, quads_store, write_graph_files

__all__ = ["BUILD_FILES", "TABLE_FILES", "plan_manifest_entries", "plan_tables", "write_tables", "write_build_outputs"]

TABLE_FILES = ("measures.csv", "targets.csv", "budgets.csv")
BUILD_FILES = (*GRAPH_FILES, *TABLE_FILES)


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


def plan_tables(plans) -> dict:
    """``{"measures": …, "targets": …, "budgets": …}``: each table of every plan (column ``plan``)."""
    return {name.removesuffix(".csv"): pd.concat([getattr(p, name.removesuffix(".csv"))() for p in plans],
                                                 ignore_index=True) for name in TABLE_FILES}


def write_tables(folder, tables: dict) -> None:
    """Stage measures.csv, targets.csv and budgets.csv from :func:`plan_tables`."""
    for name in TABLE_FILES:
        folder.write_bytes(name, tables[name.removesuffix(".csv")].to_csv(index=False).encode("utf-8"))


def write_build_outputs(plans, out_dir, force: bool = False) -> list[Path]:
    """Write the graph (Turtle, TriG, JSON-LD, sorted N-Triples) and the tidy CSV tables.

    ``force``: write into a non-empty folder that is not a policykg output (its files stay).
    """
    plans = list(plans)
    store = quads_store(oxigraph_quads(_named_graphs(plans)))
    with OutputFolder(out_dir, force=force, plans=plan_manifest_entries(plans)) as folder:
        write_graph_files(folder, store)
        write_tables(folder, plan_tables(plans))
    return sorted(Path(out_dir) / name for name in BUILD_FILES)
