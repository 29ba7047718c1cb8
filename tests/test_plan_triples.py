"""A plan built without a dataset keeps its triples and makes its rdflib Dataset on first use.

The build and ``validate`` never put a plan in rdflib's Memory store (the slow part of a build);
everything a Plan answers must be the same either way.
"""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from policykg.graph.assemble import assemble_plan, new_dataset
from policykg.graph.enrichment import vocabulary_graph
from policykg.graph.namespaces import PKG, PKID, RDF, VOCABULARY_GRAPH, plan_graph_iri
from policykg.loaders.coverage import coverage_report
from policykg.loaders.plan_document import default_plan_path, parse_plan_document
from policykg.loaders.rdf_serialization import oxigraph_quads, to_oxigraph_term

PLAN_ID = "ai-new-ten-major-constructions-2026-01"


@pytest.fixture(scope="module")
def doc():
    return parse_plan_document(default_plan_path())


@pytest.fixture()
def lazy(doc):
    return assemble_plan(doc)


@pytest.fixture(scope="module")
def eager(doc):
    return assemble_plan(doc, new_dataset())


def test_a_plan_without_a_dataset_makes_none_until_asked(lazy):
    assert lazy._rdf is None
    triples = lazy.triples()
    assert len(triples) == len(set(triples)) == 20913
    assert (URIRef(f"{PKID}{PLAN_ID}/pillar/5"), RDF.type, PKG.Pillar) in set(triples)
    lazy.counts(), lazy.union, lazy.validate()
    assert lazy._rdf is None  # none of these needs the Dataset


def test_the_dataset_made_on_first_use_is_the_one_an_eager_build_makes(lazy, eager):
    assert set(lazy.triples()) == set(eager.graph)
    graph = lazy.graph  # makes the Dataset
    assert lazy._rdf is not None and graph.identifier == plan_graph_iri(PLAN_ID)
    assert set(graph) == set(eager.graph)
    assert set(lazy.rdf.graph(VOCABULARY_GRAPH)) == set(vocabulary_graph()) == set(eager.rdf.graph(VOCABULARY_GRAPH))
    assert dict(lazy.rdf.namespaces())["pkg"] == URIRef(str(PKG))
    lazy.graph.add((URIRef("urn:x"), RDF.type, PKG.Measure))  # once made, the graph is what counts
    assert len(lazy.triples()) == len(eager.graph) + 1


def test_union_counts_coverage_and_tables_agree_with_an_eager_build(lazy, eager):
    assert set(lazy.union) == set(eager.union)
    assert lazy.counts() == eager.counts()
    assert coverage_report(lazy.doc, lazy.triples()) == coverage_report(eager.doc, eager.graph)
    assert lazy.validate().conforms and eager.validate().conforms
    assert lazy.measures().equals(eager.measures())
    assert lazy.targets().equals(eager.targets())


def test_oxigraph_terms_keep_value_datatype_and_language(lazy):
    literals = [o for _, _, o in lazy.triples() if not isinstance(o, URIRef)]
    decimal = next(o for o in literals if o.datatype is not None and str(o.datatype).endswith("#decimal"))
    tagged = next(o for o in literals if o.language)
    for term in (decimal, tagged):
        converted = to_oxigraph_term(term)
        assert converted.value == str(term)
        assert (converted.datatype.value if converted.datatype else None) == (
            str(term.datatype) if term.datatype else "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
    assert to_oxigraph_term(tagged).language == tagged.language.lower()
    quads = oxigraph_quads({plan_graph_iri(PLAN_ID): lazy.triples()})
    store = ox.Store()
    store.bulk_extend(quads)
    assert len(store) == len(lazy.triples())
    with pytest.raises(TypeError, match="not an RDF term"):
        to_oxigraph_term("plain text")
