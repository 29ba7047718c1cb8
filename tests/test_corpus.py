"""Several plans in one dataset: shared entities, cross-plan overlaps, comparison, plan id clashes."""
import shutil
import sys
from pathlib import Path

import pytest

import policykg
from policykg.analysis.compare import ENTITY_COLUMNS, MATCH_COLUMNS, TOTAL_COLUMNS
from policykg.corpus import Corpus
from policykg.errors import PolicyKGError
from policykg.graph.namespaces import PKG, VOCABULARY_GRAPH

VARIANT = Path(__file__).parent / "fixtures" / "variant_plan.md"


@pytest.fixture(scope="module")
def corpus():
    return Corpus([policykg.default_plan_path(), VARIANT])


def test_each_plan_is_its_own_named_graph_and_vocabularies_are_stored_once(corpus):
    graphs = {str(g.identifier) for g in corpus.rdf.graphs() if len(g)}
    assert graphs == {
        "https://w3id.org/policykg/graph/ai-new-ten-major-constructions-2026-01",
        "https://w3id.org/policykg/graph/variant-plan",
        str(VOCABULARY_GRAPH),
    }
    assert [p.plan_id for p in corpus.plans] == ["ai-new-ten-major-constructions-2026-01", "variant-plan"]


def test_a_shared_agency_is_one_node_used_by_both_plans(corpus):
    query = """SELECT DISTINCT ?g WHERE { GRAPH ?g { ?m <%s> ?a } ?a <http://www.w3.org/2000/01/rdf-schema#label> "農業部"@zh-Hant }"""
    graphs = {str(r.g).rsplit("/", 1)[-1] for r in corpus.rdf.query(query % PKG.leadAgency)}
    assert graphs == {"ai-new-ten-major-constructions-2026-01", "variant-plan"}


def test_corpus_measures_concatenate_the_plans(corpus):
    assert corpus.measures().groupby("plan").size().to_dict() == {
        "ai-new-ten-major-constructions-2026-01": 178, "variant-plan": 4}


def test_compare_lists_shared_and_exclusive_entities_and_totals(corpus):
    result = corpus.compare("ai-new-ten-major-constructions-2026-01", "variant-plan")
    assert list(result.entities.columns) == ENTITY_COLUMNS
    assert list(result.matches.columns) == MATCH_COLUMNS
    assert list(result.totals.columns) == TOTAL_COLUMNS
    agencies = result.entities[result.entities.kind == "agency"].set_index("entity").status
    assert agencies["農業部"] == "shared" and agencies["國科會" if "國科會" in agencies else "國家科學及技術委員會"] == "only_a"
    counts = result.totals[result.totals.metric == "count"].set_index("group")
    assert (counts.loc["measures", "a"], counts.loc["measures", "b"]) == (143, 4)


def test_compare_matches_a_revised_copy_measure_by_measure(tmp_path):
    copy = tmp_path / "copy-of-plan.md"
    shutil.copy(policykg.default_plan_path(), copy)
    result = Corpus([policykg.default_plan_path(), copy]).compare(0, 1)
    assert len(result.matches) == 143 and result.matches.same_identifier.all()
    assert set(result.entities.status) == {"shared"}


def test_overlaps_across_plans_pair_each_measure_with_its_copy(tmp_path):
    copy = tmp_path / "copy-of-plan.md"
    shutil.copy(policykg.default_plan_path(), copy)
    corpus = Corpus([policykg.default_plan_path(), copy])
    found = corpus.overlaps()
    cross = found[found.cross_plan]
    same = cross[cross.identifier_a == cross.identifier_b]
    assert len(set(same.identifier_a)) >= 140
    within = found[~found.cross_plan]
    assert ((within.identifier_a == "5.3.1") & (within.identifier_b == "5.5.3")).sum() == 2


def test_two_files_with_the_same_plan_id_are_refused(tmp_path):
    (tmp_path / "a").mkdir()
    shutil.copy(VARIANT, tmp_path / "a" / "variant_plan.md")
    with pytest.raises(PolicyKGError, match="plan id 'variant-plan' is already used"):
        Corpus([VARIANT, tmp_path / "a" / "variant_plan.md"])


def test_synthetic_corpus_copies_parse_and_differ(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from benchmarks.synthetic_corpus import generate_corpus

    paths = generate_corpus(3, tmp_path, seed=1)
    corpus = Corpus(paths)
    assert len(corpus.plans) == 3
    from policykg.analysis.diff import diff

    changes = diff(policykg.default_plan_path(), paths[0])
    assert {"changed"} <= set(changes.change)
