"""A researcher's own vocabulary: ``load_plan(vocabularies=…)``, ``Corpus(…, vocabularies=…)``
and ``policykg build --vocab FILE`` (checked by graph/vocabulary_shapes.ttl, one-line errors)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, SKOS

import policykg
from policykg.errors import VocabularyError
from policykg.graph.namespaces import PKG, VOCABULARY_GRAPH
from policykg.loaders.domain_vocabularies import load_domain_vocabularies

FIXTURES = Path(__file__).parent / "fixtures"
TERMS = FIXTURES / "hydrogen_terms.ttl"
EX = "https://example.org/hydrogen-terms/"
TECH = "https://w3id.org/policykg/id/tech/"


@pytest.fixture
def hydrogen_plan(tmp_path) -> Path:
    """The variant-layout fixture plan with one measure that plans refuelling stations."""
    text = (FIXTURES / "variant_plan.md").read_text(encoding="utf-8")
    assert "以無人機進行病蟲害防治" in text
    text = text.replace("以無人機進行病蟲害防治", "以無人機進行病蟲害防治，並於農業區設置加氫站及氫能輸儲基礎設施")
    path = tmp_path / "hydrogen-plan.md"
    path.write_text(text, encoding="utf-8")
    return path


def uses(plan, concept: str) -> set[str]:
    return {str(plan.graph.value(m, PKG.identifier) or m) for m in plan.graph.subjects(PKG.usesTechnology, URIRef(concept))}


def test_vocabulary_terms_become_technologies_of_the_built_graph(hydrogen_plan):
    without = policykg.load_plan(hydrogen_plan)
    plan = policykg.load_plan(hydrogen_plan, vocabularies=[TERMS])
    station = EX + "hydrogen-refuelling"
    assert uses(without, station) == set()
    assert len(uses(plan, station)) == 1
    assert len(uses(plan, EX + "hydrogen-infrastructure")) == 1
    vocabulary = plan.rdf.graph(VOCABULARY_GRAPH)
    assert (URIRef(station), RDF.type, PKG.Technology) in vocabulary
    assert (URIRef(station), SKOS.broader, URIRef(EX + "hydrogen-infrastructure")) in vocabulary
    assert plan.validate().conforms


def test_corpus_matches_the_vocabulary_in_every_plan(hydrogen_plan):
    corpus = policykg.Corpus([hydrogen_plan], vocabularies=[TERMS])
    assert len(uses(corpus.plans[0], EX + "hydrogen-refuelling")) == 1


def test_a_file_may_add_labels_to_a_packaged_technology():
    vocabulary = load_domain_vocabularies([TERMS])
    found = vocabulary.matcher.find("並汰換更新為新世代高效率光電")
    assert [(m.concept_iri, m.text) for m in found] == [(TECH + "solar-photovoltaics", "高效率光電")]


def broken(tmp_path, body: str) -> Path:
    path = tmp_path / "my-terms.ttl"
    path.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n" + body, encoding="utf-8")
    return path


def test_concept_without_english_label_is_refused_naming_file_and_shape(tmp_path):
    path = broken(tmp_path, '<https://example.org/x> a skos:Concept ; skos:prefLabel "加氫站"@zh-Hant .\n')
    with pytest.raises(VocabularyError) as error:
        load_domain_vocabularies([path])
    assert str(error.value) == (
        f"{path}: breaks graph/vocabulary_shapes.ttl: https://example.org/x (加氫站): "
        "A concept needs exactly one skos:prefLabel in en."
    )


def test_broken_turtle_names_file_and_line(tmp_path):
    path = broken(tmp_path, '<https://example.org/x> a skos:Concept ;\n  skos:prefLabel "x"@en\n<https://example.org/y> a skos:Concept .\n')
    with pytest.raises(VocabularyError, match=rf"^{path}:4: not valid Turtle \("):
        load_domain_vocabularies([path])


def test_label_of_a_packaged_technology_on_a_new_concept_is_refused(tmp_path):
    path = broken(tmp_path, '<https://example.org/x> a skos:Concept ; skos:prefLabel "氫能"@zh-Hant , "hydrogen again"@en .\n')
    with pytest.raises(VocabularyError, match="the label '氫能' belongs to more than one concept"):
        load_domain_vocabularies([path])


def run(*args: str):
    return subprocess.run([sys.executable, "-m", "policykg", *args], capture_output=True, text=True, timeout=180)


def test_build_with_vocab_writes_the_terms_into_the_graph(hydrogen_plan, tmp_path):
    out = tmp_path / "out"
    result = run("build", str(hydrogen_plan), "--vocab", str(TERMS), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"<{EX}hydrogen-refuelling>" in (out / "graph.nt").read_text(encoding="utf-8")


def test_build_with_a_broken_vocab_prints_one_line_exits_1_and_writes_nothing(hydrogen_plan, tmp_path):
    path = broken(tmp_path, '<https://example.org/x> a skos:Concept ; skos:prefLabel "加氫站"@zh-Hant .\n')
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    result = run("build", str(hydrogen_plan), "--vocab", str(path), "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: {path}: breaks graph/vocabulary_shapes.ttl: https://example.org/x (加氫站): "
        "A concept needs exactly one skos:prefLabel in en."
    ]
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


@pytest.mark.parametrize(
    "command",
    ["build", "validate", "agencies", "query", "sparql", "cypher", "overlaps", "dependencies", "compare",
     "map", "report", "export", "neo4j push"],
)
def test_vocab_is_an_option_of_every_plan_loading_command(command):
    from click.testing import CliRunner

    from policykg.cli import cli

    result = CliRunner().invoke(cli, [*command.split(), "--help"])
    assert result.exit_code == 0 and "--vocab FILE" in result.output, command


def test_sparql_over_a_plan_built_with_vocab_finds_the_researchers_terms(hydrogen_plan):
    query = (
        "SELECT DISTINCT ?label WHERE { ?m <https://w3id.org/policykg/ontology#usesTechnology> ?t . "
        "?t <http://www.w3.org/2004/02/skos/core#prefLabel> ?label . "
        'FILTER(STRSTARTS(STR(?t), "https://example.org/") && LANG(?label) = "en") } ORDER BY ?label'
    )
    result = run("sparql", query, "--plan", str(hydrogen_plan), "--vocab", str(TERMS), "--csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["label", "hydrogen infrastructure", "hydrogen refuelling station"]
