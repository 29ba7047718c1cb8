"""Overlaps (pkg:overlapsWith) of the shipped plan: known cases are found, with their signals."""
import pytest
from rdflib import URIRef

import policykg
from policykg.analysis.overlaps import OVERLAP_COLUMNS, overlaps, write_overlaps
from policykg.graph.namespaces import PKG


@pytest.fixture(scope="module")
def plan():
    return policykg.load_plan()


@pytest.fixture(scope="module")
def found(plan):
    return plan.overlaps()


def _pair(frame, a, b):
    rows = frame[(frame.identifier_a == a) & (frame.identifier_b == b)]
    assert len(rows) == 1, f"{a} ~ {b} not found"
    return rows.iloc[0]


def test_overlaps_have_the_documented_columns(found):
    assert list(found.columns) == OVERLAP_COLUMNS


def test_the_microwave_control_module_listed_twice_in_table_6_is_the_top_overlap(found):
    row = found.iloc[0]
    assert (row.identifier_a, row.identifier_b) == ("5.3.1", "5.5.3")
    assert row.signals.split(";") == ["text", "same_name", "technology", "agency", "period"]
    assert (row.name_similarity, row.text_similarity) == (1.0, 1.0)
    assert row.shared_agencies == "產業技術司"
    assert (row.lines_a, row.lines_b) == ("878-879", "907-908")


def test_cybersecurity_measures_overlap_across_pillars_1_3_5_and_6(found):
    cyber = found[found.shared_themes.str.contains("cybersecurity") & found.cross_pillar]
    pillars = set(cyber.identifier_a.str.split(".").str[0]) | set(cyber.identifier_b.str.split(".").str[0])
    assert {"1", "3", "5", "6"} <= pillars
    row = _pair(found, "1.6.10", "3.2.2")
    assert row.shared_technologies == "資訊安全" and row.shared_agencies == "數位產業署"


def test_talent_programmes_overlap_across_pillars(found):
    row = _pair(found, "7.2.1", "9.2.1")
    assert row.cross_pillar and "talent" in row.shared_themes.split(";")


def test_same_strategy_pairs_are_left_out_by_default_and_kept_with_scope_all(plan, found):
    same = found[found.identifier_a.str.rsplit(".", n=1).str[0] == found.identifier_b.str.rsplit(".", n=1).str[0]]
    assert same.empty
    everything = overlaps(plan, scope="all")
    assert len(everything) > len(found)


def test_a_higher_min_score_keeps_a_subset(plan, found):
    strict = overlaps(plan, min_score=0.4)
    assert 0 < len(strict) < len(found) and strict.score.min() >= 0.4


def test_the_text_method_is_swappable_with_a_callable(plan):
    from policykg.analysis.overlaps import tfidf_char_ngrams

    calls = []

    def method(texts):
        calls.append(len(texts))
        return tfidf_char_ngrams(texts)

    assert len(overlaps(plan, method=method)) == len(plan.overlaps())
    assert calls == [143, 143]


def test_overlaps_are_written_both_ways_with_a_reified_node():
    plan = policykg.load_plan()
    frame = plan.overlaps()
    write_overlaps(plan, frame)
    a = URIRef(frame.iloc[0].iri_a)
    b = URIRef(frame.iloc[0].iri_b)
    assert (a, PKG.overlapsWith, b) in plan.graph and (b, PKG.overlapsWith, a) in plan.graph
    nodes = set(plan.graph.subjects(PKG.edgeSource, a)) & set(plan.graph.subjects(PKG.edgeTarget, b))
    (node,) = nodes
    assert {str(s) for s in plan.graph.objects(node, PKG.signal)} == {"text", "same_name", "technology", "agency", "period"}
    assert len(set(plan.graph.subjects(None, PKG.Overlap))) == len(frame)
