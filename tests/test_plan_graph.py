"""The plan graph: deterministic IRIs, provenance on every fact, vision figures, outputs."""
from __future__ import annotations

import csv
from decimal import Decimal

import pytest
from click.testing import CliRunner
from rdflib import URIRef

import policykg
from policykg.cli import cli
from policykg.graph.namespaces import DCTERMS, PKG, PKID, PROV, RDF, plan_graph_iri
from policykg.loaders.rdf_serialization import sorted_ntriples
from policykg.plan import MEASURE_COLUMNS

PLAN_ID = "ai-new-ten-major-constructions-2026-01"


def test_same_input_gives_byte_identical_sorted_ntriples(plan):
    again = policykg.load_plan()
    assert sorted_ntriples(plan.graph) == sorted_ntriples(again.graph)


def test_one_named_graph_per_plan_with_structural_iris(plan):
    assert plan.graph.identifier == plan_graph_iri(PLAN_ID)
    m = URIRef(f"{PKID}{PLAN_ID}/pillar/5/strategy/3/measure/3")
    assert (m, RDF.type, PKG.Measure) in plan.graph
    assert str(plan.graph.value(m, DCTERMS.identifier)) == "5.3.3"
    assert (URIRef(f"{PKID}{PLAN_ID}/pillar/5/strategy/3"), PKG.hasMeasure, m) in plan.graph


@pytest.mark.parametrize(
    "cls", [PKG.Measure, PKG.Target, PKG.MonetaryAmount, PKG.AgencyMention, PKG.Strategy, PKG.ScheduleEntry]
)
def test_every_fact_records_its_source_document_and_line_span(plan, cls):
    g = plan.graph
    source = URIRef(f"{PKID}{PLAN_ID}/source")
    nodes = list(g.subjects(RDF.type, cls))
    assert nodes
    for node in nodes:
        assert (node, PROV.wasDerivedFrom, source) in g
        start, end = g.value(node, PKG.lineStart).toPython(), g.value(node, PKG.lineEnd).toPython()
        assert 1 <= start <= end <= plan.doc.line_count
    assert str(g.value(source, DCTERMS.source)) == f"{PLAN_ID}.md"


def test_measure_line_span_points_at_its_row(plan):
    lines = policykg.default_plan_path().read_text(encoding="utf-8").split("\n")
    m = URIRef(f"{PKID}{PLAN_ID}/pillar/1/strategy/1/measure/6")
    start = plan.graph.value(m, PKG.lineStart).toPython()
    assert lines[start - 1].startswith("以人體生物資料庫\t")


def test_vision_2040_figures_are_plan_targets_and_output_value(plan):
    budgets = plan.budgets()
    vision = budgets[(budgets.owner_type == "Plan") & (budgets.text == "逾 15 兆元")]
    assert vision[["value", "currency", "kind", "qualifier", "deadline"]].values.tolist() == [
        [Decimal("15000000000000"), "TWD", "output_value", "more_than", "2040"]
    ]
    targets = plan.targets()
    plan_targets = targets[targets.owner_type == "Plan"]
    assert sorted(zip(plan_targets.value, plan_targets.unit, plan_targets.deadline)) == [
        (Decimal("3"), "個", "2040"), (Decimal("500000"), "個", "2040"),
    ]


def test_fundraising_goal_and_fund_allocations(plan):
    budgets = plan.budgets()
    goal = budgets[(budgets.kind == "fundraising_goal") & (budgets.owner_type == "Pillar")]
    assert goal[["pillar_no", "value", "deadline", "qualifier"]].values.tolist() == [[10, Decimal("150000000000"), "2028", "per_year"]]
    allocations = budgets[budgets.kind == "allocation"]
    assert allocations.value.tolist() == [Decimal("10000000000")] * 3
    assert set(allocations.owner_type) == {"Strategy"}


def test_plan_period_and_metadata_in_the_graph(plan):
    g = plan.graph
    assert str(g.value(plan.iri, DCTERMS.issued)) == "2026-01"
    period = g.value(plan.iri, PKG.hasPeriod)
    assert (str(g.value(period, PKG.start)), str(g.value(period, PKG.end))) == ("2025", "2028")


def test_unfunded_period_state_is_data_in_the_graph(plan):
    g = plan.graph
    unfunded = set(g.subjects(PKG.periodStatus, PKG.NotYetFunded))
    assert len(unfunded) == 4
    ends = sorted(str(g.value(p, PKG.end)) for p in unfunded if g.value(p, PKG.end) is not None)
    assert ends == ["2028-12", "2028-12", "2028-12"]


def test_build_writes_every_file_and_the_tidy_measures_table(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith("store-")) == [  # store-*: the workspace store
        ".policykg-manifest.json", "budgets.csv", "graph.jsonld", "graph.nt", "graph.trig", "graph.ttl", "measures.csv", "targets.csv",
    ]
    with open(out / "measures.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == MEASURE_COLUMNS
    assert len(rows) == 178
    row = next(r for r in rows if r["measure"] == "以人體生物資料庫布局智慧醫療環境")
    assert (row["start"], row["end"], row["period_status"], row["lead_agency"], row["source_lines"]) == (
        "", "2028-12", "not_yet_funded", "衛福部醫事司", "444-447",
    )
    multi = [r for r in rows if r["measure"] == "提升國內製造業 AI 應用普及"]
    assert [(r["start"], r["co_agencies"]) for r in multi] == [("2025-04", "經濟部中企署"), ("2026-01", "經濟部中企署")]
    assert "pkg:Measure" in result.output and "143" in result.output


def test_outputs_parse_back_with_the_same_triples(tmp_path, plan):
    from rdflib import Dataset, Graph

    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    ttl = Graph().parse(out / "graph.ttl")
    nt = Graph().parse(out / "graph.nt")
    assert set(ttl) == set(nt)  # the same triples, not only as many
    union = set(plan.union)
    assert union < set(ttl)  # the workspace adds the analysis edges and loses nothing
    trig = Dataset().parse(out / "graph.trig", format="trig")
    assert set(trig.graph(plan_graph_iri(PLAN_ID))) == set(plan.graph)


def test_two_processes_build_byte_identical_graphs(tmp_path):
    """Determinism across processes (hash seeds, set order): the sorted N-Triples of two fresh
    interpreters with different PYTHONHASHSEED are identical."""
    import os
    import subprocess
    import sys

    script = (
        "import sys, policykg; from policykg.loaders.rdf_serialization import sorted_ntriples; "
        "sys.stdout.buffer.write(sorted_ntriples(policykg.load_plan().union).encode('utf-8'))"
    )
    outputs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env, cwd=tmp_path, timeout=600)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"\n") > 20000
