"""Packaged Turtle parsed by pyoxigraph gives the graphs rdflib's own parser gives (graph/validate.py)."""
from __future__ import annotations

from importlib import resources

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from policykg.graph.enrichment import VOCABULARY_FILES, vocabulary_graph
from policykg.graph.validate import turtle_graph, turtle_triples

PACKAGED = sorted(f.name for f in resources.files("policykg.graph").iterdir() if f.name.endswith(".ttl"))


def _rdflib(text: str) -> Graph:
    graph = Graph()
    graph.parse(data=text, format="turtle")
    return graph


def _terms(graph) -> set:
    """Triples with every term's kind, text, datatype and language tag as written (case included)."""
    return {tuple((type(t).__name__, str(t), getattr(t, "datatype", None), getattr(t, "language", None)) for t in triple)
            for triple in graph if not any(isinstance(t, BNode) for t in triple)}


@pytest.mark.parametrize("name", PACKAGED)
def test_a_packaged_file_parses_to_what_rdflib_parses(name):
    text = (resources.files("policykg.graph") / name).read_text(encoding="utf-8")
    expected, got = _rdflib(text), turtle_graph(text)
    assert len(got) == len(expected) > 100
    assert _terms(got) == _terms(expected)
    assert isomorphic(got, expected)  # the blank nodes of shapes and lists too
    assert sorted(got.namespaces()) == sorted(expected.namespaces())


def test_the_vocabulary_graph_is_the_four_files_as_rdflib_parses_them():
    expected = Graph()
    for name in VOCABULARY_FILES:
        expected += _rdflib((resources.files("policykg.graph") / name).read_text(encoding="utf-8"))
    assert _terms(vocabulary_graph()) == _terms(expected) and len(vocabulary_graph()) == len(expected) == 3644
    assert sorted(vocabulary_graph().namespaces()) == sorted(Graph().namespaces())


def test_language_tags_keep_their_case_and_plain_strings_have_no_datatype():
    triples, prefixes = turtle_triples('@prefix s: <urn:s#> . s:a s:b "甲"@zh-Hant, "b"@EN, "c", 2.50, "x"^^s:t .')
    objects = sorted((str(o), o.language, o.datatype) for _, _, o in triples)
    assert objects == [("2.50", None, URIRef("http://www.w3.org/2001/XMLSchema#decimal")), ("b", "EN", None),
                       ("c", None, None), ("x", None, URIRef("urn:s#t")), ("甲", "zh-Hant", None)]
    assert prefixes == {"s": "urn:s#"}


def test_one_tag_in_two_cases_and_text_pyoxigraph_rejects_are_parsed_by_rdflib():
    text = '<urn:a> <urn:b> "x"@zh-Hant, "y"@zh-hant .'
    assert sorted(o.language for _, _, o in turtle_triples(text)[0]) == ["zh-Hant", "zh-hant"]
    relative = '<a> <urn:b> "z" .'  # a relative IRI: rdflib resolves it, pyoxigraph (no base) refuses
    assert turtle_triples(relative)[0] == [(URIRef(_rdflib(relative).value(predicate=URIRef("urn:b"), object=Literal("z"))),
                                            URIRef("urn:b"), Literal("z"))]
