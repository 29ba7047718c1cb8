"""Export a plan's graph for Gephi, Cytoscape, D3 and RDF tools, one file per call.

Formats
-------
``graphml`` / ``gexf``  property graph for Gephi / Cytoscape / yEd; every node has the
                        attributes ``type`` (Measure, Agency …), ``label`` (display name),
                        ``labels`` (all classes, ";"-joined), ``pillar`` (main pillar, "" when
                        none) and ``pillars`` (all, ";"-joined) — ready for "colour by partition";
                        list values are ";"-joined, every other property kept as is.
``json``                node-link JSON (``{"nodes": [...], "links": [...]}``) for D3, lists kept.
``ttl`` / ``jsonld``    the plan graph plus the vocabularies it uses (``plan.union``).
``nt``                  the same as sorted N-Triples: byte-identical for the same graph.

The graph formats export the whole property graph (``plan.to_networkx()``) or, with ``view``,
the graph of one map view (``plan``, ``agencies`` … see :mod:`policykg.viz.maps`).
Files are written atomically (temporary file in the same folder, then ``os.replace``).

Example
-------
>>> import policykg, tempfile, pathlib, networkx as nx
>>> plan = policykg.load_plan()
>>> out = export_graph(plan, "graphml", pathlib.Path(tempfile.mkdtemp()) / "plan.graphml")
>>> nx.read_graphml(out).number_of_nodes() == plan.to_networkx().number_of_nodes()
True
"""
from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

from policykg.errors import PolicyKGError

__all__ = ["FORMATS", "GRAPH_FORMATS", "RDF_FORMATS", "gephi_graph", "gephi_graph_from_view", "export_graph", "export_bytes"]

GRAPH_FORMATS = ("graphml", "gexf", "json")
RDF_FORMATS = ("ttl", "jsonld", "nt")
FORMATS = GRAPH_FORMATS + RDF_FORMATS


def _flat(value):
    """A GraphML/GEXF-friendly value: lists ";"-joined, numbers and text kept, None dropped."""
    if isinstance(value, (list, tuple, set)):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    return value


def gephi_graph(pg, flat: bool = True):
    """A copy of a property graph with ``type``, ``label``, ``pillar``, ``pillars`` on every node.

    With ``flat`` list values become ";"-joined text, and a property holding numbers on some
    nodes and text on others becomes text everywhere (GraphML declares one type per key).

    >>> import policykg
    >>> g = gephi_graph(policykg.load_plan().to_networkx())
    >>> node = g.nodes["https://w3id.org/policykg/id/ai-new-ten-major-constructions-2026-01/pillar/1/strategy/1/measure/1"]
    >>> node["type"], node["pillar"], node["label"]
    ('Measure', '1', '次世代數位醫療平臺計畫')
    """
    import networkx as nx

    from policykg.viz.maps import _name, node_pillars, node_type

    multi_plan = len({str(n).split("/id/", 1)[-1].split("/", 1)[0] for n, d in pg.nodes(data=True)
                      if "Plan" in d.get("labels", ())}) > 1
    pillars = node_pillars(pg, multi_plan=multi_plan)
    g = nx.MultiDiGraph()
    g.graph.update({k: v for k, v in pg.graph.items() if isinstance(v, (str, int, float))})
    for node, attrs in pg.nodes(data=True):
        keys = sorted(pillars.get(node, ()), key=lambda k: (len(k), k))
        labels = list(attrs.get("labels", []))
        extra = {
            "type": node_type(labels),
            "label": _name(attrs),
            "labels": labels,
            "pillar": keys[0] if len(keys) == 1 else (Counter(keys).most_common(1)[0][0] if keys else ""),
            "pillars": keys,
        }
        # a node in several pillars gets the one most of its owned neighbours sit in
        if len(keys) > 1:
            votes = Counter(k for m in nx.all_neighbors(pg, node) for k in pillars.get(m, ()) if len(pillars.get(m, ())) == 1)
            if votes:
                extra["pillar"] = sorted(votes.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0]
        props = {k: v for k, v in attrs.items() if k != "labels"}
        props.update(extra)
        g.add_node(node, **props)
    for u, v, key, attrs in pg.edges(keys=True, data=True):
        g.add_edge(u, v, key=key, **{"type": key, **attrs})
    if not flat:
        return g
    for _, attrs in g.nodes(data=True):
        for k in list(attrs):
            attrs[k] = _flat(attrs[k])
            if attrs[k] is None:
                del attrs[k]
    for *_, attrs in g.edges(keys=True, data=True):
        for k in list(attrs):
            attrs[k] = _flat(attrs[k])
    _unify_types(g)
    return g


def _unify_types(g) -> None:
    """One type per node attribute: mixed numbers/text → text, mixed int/float → float."""
    kinds: dict[str, set] = {}
    for _, attrs in g.nodes(data=True):
        for k, v in attrs.items():
            kinds.setdefault(k, set()).add("float" if isinstance(v, float) else "int" if isinstance(v, int) else "text")
    for _, attrs in g.nodes(data=True):
        for k in list(attrs):
            kind = kinds[k]
            if "text" in kind and len(kind) > 1:
                attrs[k] = str(attrs[k])
            elif kind == {"int", "float"}:
                attrs[k] = float(attrs[k])


def _source(plan_or_graph):
    """(property graph, rdflib graph or None) for a Plan, Plans, rdflib Graph or networkx graph."""
    import networkx as nx
    from rdflib import Graph

    if isinstance(plan_or_graph, (list, tuple)):
        if len(plan_or_graph) == 1:
            return _source(plan_or_graph[0])
        union = Graph()
        for plan in plan_or_graph:
            union += plan.union
        from policykg.graph.namespaces import bind_prefixes
        from policykg.graph.property_graph import to_networkx

        bind_prefixes(union)
        return to_networkx(union), union
    if isinstance(plan_or_graph, nx.Graph):
        return plan_or_graph, None
    if isinstance(plan_or_graph, Graph):
        from policykg.graph.property_graph import to_networkx

        return to_networkx(plan_or_graph), plan_or_graph
    if hasattr(plan_or_graph, "union") and hasattr(plan_or_graph, "to_networkx"):
        union = plan_or_graph.union
        from policykg.graph.namespaces import bind_prefixes

        bind_prefixes(union)
        return None, union
    raise PolicyKGError(f"cannot export {type(plan_or_graph).__name__}: give a Plan, an rdflib Graph or a networkx graph")


def export_bytes(plan_or_graph, format: str, view: str | None = None, **view_options) -> bytes:
    """The exported file's content (see :func:`export_graph`)."""
    fmt = format.lower().lstrip(".")
    fmt = {"turtle": "ttl", "json-ld": "jsonld", "ntriples": "nt", "n-triples": "nt"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise PolicyKGError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    if fmt in RDF_FORMATS:
        if view:
            raise PolicyKGError(f"--view applies to graph formats ({', '.join(GRAPH_FORMATS)}), not {fmt}")
        _, rdf = _source(plan_or_graph)
        if rdf is None:
            raise PolicyKGError(f"{fmt} needs RDF: give a Plan or an rdflib Graph, not a networkx graph")
        from policykg.loaders.rdf_serialization import oxigraph_quads, serialize_quads, sorted_ntriples

        if fmt == "nt":
            return sorted_ntriples(rdf).encode("utf-8")
        # the same writer (Oxigraph) as the build's graph files: identical literals in every format
        return serialize_quads(oxigraph_quads({None: rdf}), "turtle" if fmt == "ttl" else "json-ld")

    if view:
        from policykg.viz.maps import map_graph

        pg = map_graph(plan_or_graph, view=view, **view_options)
        for _, attrs in pg.nodes(data=True):
            attrs["label"] = attrs.get("name_full", attrs.get("label"))
            for k in ("name_full", "measure_set"):
                attrs.pop(k, None)
            attrs["pillar"] = attrs["pillars"][0] if attrs.get("pillars") else ""
        graph = pg
        if fmt != "json":
            graph = gephi_graph_from_view(pg)
    else:
        pg, _ = _source(plan_or_graph)
        if pg is None:
            pg = plan_or_graph.to_networkx()
        graph = gephi_graph(pg, flat=fmt != "json")
    import networkx as nx

    if fmt == "json":
        data = nx.node_link_data(graph, edges="links")
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, default=str).encode("utf-8")
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True, named_key_ids=True)
    else:
        nx.write_gexf(_gexf_edges(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def _gexf_edges(graph):
    """GEXF reserves an edge's ``type`` (directed / undirected / mutual) and shows ``label``:
    the relationship goes into ``relationship`` and ``label`` instead.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(); _ = g.add_edge("a", "b", key="LEAD_AGENCY", type="LEAD_AGENCY")
    >>> list(_gexf_edges(g).edges(data=True))
    [('a', 'b', {'relationship': 'LEAD_AGENCY', 'label': 'LEAD_AGENCY'})]
    """
    out = graph.copy()
    for *_, attrs in out.edges(keys=True, data=True):
        if "type" in attrs:
            attrs["relationship"] = attrs.pop("type")
            attrs.setdefault("label", attrs["relationship"])
    return out


def gephi_graph_from_view(view):
    """Flatten a map view graph (``policykg.viz.maps.map_graph``) for GraphML/GEXF."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for node, attrs in view.nodes(data=True):
        g.add_node(node, **{k: _flat(v) for k, v in attrs.items() if v is not None})
    for u, v, key, attrs in view.edges(keys=True, data=True):
        g.add_edge(u, v, key=key, **{k: _flat(val) for k, val in attrs.items() if val is not None})
    _unify_types(g)
    return g


def export_graph(plan_or_graph, format: str, out, view: str | None = None, **view_options) -> Path:
    """Write ``plan_or_graph`` as ``format`` (graphml, gexf, json, ttl, jsonld, nt) to ``out``.

    >>> import policykg, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "plan.nt"
    >>> export_graph(policykg.load_plan(), "nt", out).read_text(encoding="utf-8").splitlines() == sorted(out.read_text(encoding="utf-8").splitlines())
    True
    """
    from policykg.viz.maps import write_atomic

    return write_atomic(out, export_bytes(plan_or_graph, format, view=view, **view_options))
