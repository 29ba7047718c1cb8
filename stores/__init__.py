"""Graph stores: where the plans live once built, and how questions reach them.

One module per backend, one small interface:

``oxigraph_store``  (SPARQL; the workspace's persistent store, or an in-memory one)
    ``select(store, text, params, default_graph=[...]) -> (columns, rows)`` runs a SELECT on a
    ``pyoxigraph.Store`` with parameters bound as substitutions; ``term_value`` / ``bound_term``
    convert terms; ``rdflib_triples(store, graph)`` reads one named graph back as rdflib terms;
    ``plan_store(plan)`` is the per-Plan rdflib view (oxrdflib) that ``Plan.query`` uses.
``ladybug_store``   (embedded Cypher, no server)
    ``load_property_graph(pg, path)`` writes the property-graph projection into a Ladybug
    database (``:memory:`` or a file), ``open_database(path, …)`` reopens one read-only,
    ``run_cypher(db, text, params)`` runs bound Cypher.
``neo4j_store``     (any Bolt server: local, Aura, clusters)
    ``push_plan(driver, plan)`` replaces one plan atomically; ``run_on_neo4j(plan, text, params)``.
``sparql_endpoint_store``  (a remote triple store over HTTP: Fuseki, GraphDB, …)
    ``push_workspace(ws, url)`` replaces each graph with a Graph Store Protocol PUT;
    ``SparqlEndpointStore(url)`` asks it the workspace's questions (``store_name``, ``plan_ids``,
    ``query()``, ``sparql()``: the same interface as the workspace), one plan at a time through
    the SPARQL Protocol's dataset description, parameters bound by a ``VALUES`` block.

The workspace (:mod:`policykg.workspace`) puts them together; for other services (a SPARQL
endpoint, ``push --sparql``) the entry point is::

    ws = policykg.open_workspace("out")     # the generation the manifest names
    ws.store                                # pyoxigraph.Store, opened read-only
    ws.plan_ids                             # ['ai-new-ten-major-constructions-2026-01', …]
    ws.graphs(plan_id)                      # [plan graph, vocabularies, analysis/<plan>] NamedNodes

A question about one plan uses ``ws.graphs(plan_id)`` as its default graph; every named graph is
also addressable with ``GRAPH <…/graph/<plan id>>``. ``ws.store_name`` is the line commands print
to say which store answered (``workspace out (store-…)`` or ``in-memory build``).

Example
-------
>>> import pyoxigraph as ox
>>> from policykg.stores.oxigraph_store import select
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("甲"), ox.NamedNode("urn:g")))
>>> select(store, "SELECT ?o WHERE { ?s ?p ?o }", default_graph=[ox.NamedNode("urn:g")])
(['o'], [{'o': '甲'}])
"""

__all__ = ["oxigraph_store", "ladybug_store", "neo4j_store", "sparql_endpoint_store"]
