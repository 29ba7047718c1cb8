"""Dependencies (pkg:dependsOn / pkg:precedes) of the shipped plan, with evidence a researcher can cite.

The precision figures come from the hand-judged sample tests/data/judged_sample.tsv (a reason per row).
"""
from pathlib import Path

import pytest
from rdflib import URIRef

import policykg
from policykg.analysis.collaboration import collaboration_centrality, collaboration_edges
from policykg.analysis.dependencies import DEPENDENCY_COLUMNS, capability_rules, dependencies, write_dependencies
from policykg.analysis.frames import ANALYSIS_GRAPH
from policykg.analysis.judgements import read_judgements
from policykg.errors import PlanParseError
from policykg.graph.namespaces import PKG

SAMPLE = Path(__file__).parent / "data" / "judged_sample.tsv"
GRID_PLAN = Path(__file__).parent / "fixtures" / "grid_digitalisation_plan.md"
BASE = "https://w3id.org/policykg/id/ai-new-ten-major-constructions-2026-01/pillar/"


@pytest.fixture(scope="module")
def plan():
    return policykg.load_plan()


@pytest.fixture(scope="module")
def found(plan):
    return plan.dependencies()


@pytest.fixture(scope="module")
def sample():
    judged = read_judgements(SAMPLE)
    return judged[judged.kind == "dependency"]


def _rows(frame, **where):
    for column, value in where.items():
        frame = frame[frame[column] == value]
    return frame


def _pairs(frame):
    return set(zip(frame.source_identifier, [i or t for i, t in zip(frame.target_identifier, frame.target)]))


# -- measures read with their narrative item --------------------------------------------------
def test_measure_7_3_4_carries_the_narrative_item_that_describes_it(plan):
    measure = plan.doc.pillars[6].strategies[2].measures[3]
    assert measure.name == "促進主權 AI 模型之應用發展"
    assert (measure.narrative_span.start, measure.narrative_span.end) == (1131, 1135)
    assert "結合臺灣主" in measure.narrative


def test_narrative_items_are_matched_by_name_not_by_number(plan):
    alliance = plan.doc.pillars[6].strategies[0].measures[1]  # 7.1.2, narrative item (3)
    assert alliance.name.startswith("推動公私協力算力資源聯盟")
    assert (alliance.narrative_span.start, alliance.narrative_span.end) == (1107, 1109)


def test_the_narrative_is_in_the_graph_with_its_line_span(plan):
    node = URIRef(BASE + "7/strategy/3/measure/4")
    assert int(plan.graph.value(node, PKG.narrativeLineStart)) == 1131
    assert int(plan.graph.value(node, PKG.narrativeLineEnd)) == 1135
    assert "訓練語料平臺" in str(plan.graph.value(node, PKG.description))


# -- the edges -------------------------------------------------------------------------------
def test_dependencies_have_the_documented_columns(found):
    assert list(found.columns) == DEPENDENCY_COLUMNS


def test_capability_rules_tell_talent_kinds_and_compute_providers_apart():
    rules = capability_rules()
    assert {"ai-talent", "quantum-talent", "cybersecurity-talent", "national-compute", "compute-alliance"} <= set(
        rules.capability)


def test_sovereign_model_programme_builds_on_the_corpus_platform_its_narrative_names(found):
    row = _rows(found, source_identifier="7.3.4", target_identifier="7.3.1").iloc[0]
    assert (row.kind, row.capability, row.confidence) == ("cross_reference", "sovereign-ai-corpus", 0.9)
    assert (row.evidence_section, row.evidence_lines) == ("narrative", "1133-1135")
    assert "結合臺灣主權AI訓練語料平臺" in row.evidence
    assert row.why.startswith("7.3.4 促進主權 AI 模型之應用發展 says it combines with 7.3.1 打造臺灣主權 AI 訓練語料平臺")


def test_the_false_talent_edges_quoted_in_the_issue_are_gone(found):
    quoted = {(s, t) for s in ("1.1.3", "1.6.9", "6.3.2", "5.4.1", "6.4.1") for t in ("9.2.1", "9.2.3")}
    assert quoted & _pairs(found) == set()
    assert _rows(found, capability="ai-talent").empty


def test_medical_decision_system_uses_compute_and_taide_but_not_the_compute_alliance(found):
    rows = _rows(found, source_identifier="1.1.7")
    assert sorted(zip(rows.target_identifier, rows.capability, rows.confidence, rows.matched)) == [
        ("7.1.1", "national-compute", 0.7, "導入算力"), ("7.3.4", "sovereign-models", 0.9, "TAIDE")]


def test_a_programme_that_provides_compute_itself_is_only_a_low_confidence_candidate(plan, found):
    assert _rows(found, source_identifier="3.1.1").empty
    candidates = dependencies(plan, min_confidence=0.4)
    row = _rows(candidates, source_identifier="3.1.1", target_identifier="7.1.1").iloc[0]
    assert (row.confidence, row.evidence) == (0.4, "usesTechnology computing-power")


def test_cross_reference_to_the_six_regions_plan_is_found_after_the_cue_配合(found):
    row = _rows(found, kind="cross_reference", source_identifier="1.8.1").iloc[0]
    assert (row.target, row.target_type, row.confidence) == ("六大區域產業及生活圈", "LegalOrPolicyReference", 0.8)
    assert row.matched == "配合 六大區域產業及生活圈"


def test_the_four_smart_building_phases_precede_each_other_and_nothing_else_does(found):
    rows = _rows(found, kind="precedes")
    assert list(zip(rows.source_identifier, rows.target_identifier)) == [
        ("1.4.1", "1.4.2"), ("1.4.2", "1.4.3"), ("1.4.3", "1.4.4")]
    assert rows.iloc[1].evidence == "1.4.2 115/08-115/12 → 1.4.3 116/01-116/12"


def test_every_edge_carries_evidence_a_sentence_and_source_lines(found):
    assert len(found) > 0
    for row in found.itertuples():
        assert row.evidence and row.why.endswith(".") and row.matched and row.source_lines and row.evidence_lines


def test_evidence_lines_lie_in_the_measures_own_table_row_or_narrative(plan, found):
    lines = plan.doc.source.lines
    for row in found[found.kind != "precedes"].itertuples():
        first, _, last = row.evidence_lines.partition("-")
        written = "".join(lines[int(first) - 1:int(last or first)]).replace(" ", "")
        assert row.matched.split(" ")[-1] in written, (row.source_identifier, row.evidence_lines)


def test_only_chosen_kinds_are_returned(plan):
    assert set(dependencies(plan, kinds=["precedes"]).kind) == {"precedes"}


# -- precision on the hand-judged sample ------------------------------------------------------
def test_the_judged_sample_has_at_least_40_dependency_rows_each_with_a_reason(sample):
    assert len(sample) >= 40 and sample.reason.str.len().min() > 10
    assert set(sample.verdict) == {"accepted", "rejected"}


def test_every_emitted_dependency_is_in_the_judged_sample(found, sample):
    assert _pairs(found) - set(zip(sample.source, sample.target)) == set()


def test_precision_of_emitted_dependencies_is_at_least_90_percent(found, sample):
    verdict = dict(zip(zip(sample.source, sample.target), sample.verdict))
    judged = [verdict[p] for p in _pairs(found)]
    precision = judged.count("accepted") / len(judged)
    assert precision >= 0.9, precision


# -- a researcher's judgements ----------------------------------------------------------------
def test_rejected_edges_are_dropped_and_shown_with_show_rejected(plan, tmp_path):
    path = tmp_path / "judgements.tsv"
    path.write_text("kind\tsource\ttarget\tverdict\treason\n"
                    "dependency\t1.1.7\t7.1.1\trejected\t導入算力 does not say national compute\n"
                    "dependency\t7.3.4\t7.3.1\taccepted\tthe narrative names the platform\n", encoding="utf-8")
    kept = dependencies(plan, judgements=path)
    assert ("1.1.7", "7.1.1") not in _pairs(kept)
    assert _rows(kept, source_identifier="7.3.4", target_identifier="7.3.1").iloc[0].judgement == "accepted"
    shown = dependencies(plan, judgements=path, show_rejected=True)
    row = _rows(shown, source_identifier="1.1.7", target_identifier="7.1.1").iloc[0]
    assert (row.judgement, row.judgement_reason) == ("rejected", "導入算力 does not say national compute")


def test_a_bad_judgement_row_names_the_file_and_line(tmp_path):
    path = tmp_path / "judgements.tsv"
    path.write_text("# verdicts\nkind\tsource\ttarget\tverdict\treason\ndependency\t1.1.7\t7.1.1\tmaybe\tunsure\n",
                    encoding="utf-8")
    with pytest.raises(PlanParseError, match=r"judgements.tsv:3: verdict 'maybe' is not accepted or rejected"):
        read_judgements(path)


# -- across plans ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus():
    from policykg.corpus import Corpus

    return Corpus([policykg.default_plan_path(), GRID_PLAN])


def test_a_grid_measure_of_another_plan_uses_the_ai_plans_national_compute(corpus):
    found = corpus.dependencies()
    cross = found[found.cross_plan]
    assert sorted(zip(cross.source_identifier, cross.target_identifier, cross.capability)) == [
        ("1.1.1", "7.1.1", "national-compute"), ("1.2.1", "8.3.2", "data-exchange")]
    row = _rows(cross, source_identifier="1.1.1").iloc[0]
    assert (row.plan, row.target_plan) == ("grid-digitalisation-plan", "ai-new-ten-major-constructions-2026-01")
    assert (row.matched, row.evidence_section, row.evidence_lines, row.confidence) == ("國網中心算力", "narrative", "32", 0.9)


def test_cross_plan_edges_are_written_to_the_analysis_graph(corpus):
    frame = corpus.dependencies()
    write_dependencies(corpus, frame)
    source = URIRef("https://w3id.org/policykg/id/grid-digitalisation-plan/pillar/1/strategy/1/measure/1")
    assert (source, PKG.dependsOn, URIRef(BASE + "7/strategy/1/measure/1")) in corpus.rdf.graph(ANALYSIS_GRAPH)


# -- graph ------------------------------------------------------------------------------------
def test_dependencies_are_written_as_edges_and_reified_nodes():
    plan = policykg.load_plan()
    frame = plan.dependencies()
    write_dependencies(plan, frame)
    g = plan.graph
    source, target = URIRef(BASE + "7/strategy/3/measure/4"), URIRef(BASE + "7/strategy/3/measure/1")
    assert (source, PKG.dependsOn, target) in g
    assert (URIRef(BASE + "1/strategy/4/measure/1"), PKG.precedes, URIRef(BASE + "1/strategy/4/measure/2")) in g
    assert len(set(g.subjects(None, PKG.Dependency))) == len(frame)
    (node,) = set(g.subjects(PKG.edgeSource, source)) & set(g.subjects(PKG.edgeTarget, target))
    assert float(g.value(node, PKG.confidence)) == 0.9
    assert (int(g.value(node, PKG.lineStart)), int(g.value(node, PKG.lineEnd))) == (1133, 1135)
    assert str(g.value(node, PKG.matchedWords)) == "結合 臺灣主權AI訓練語料平臺"


def test_agency_collaboration_network_ranks_the_ministry_of_economic_affairs_first(plan):
    ministries = collaboration_centrality(plan, level="ministry")
    assert ministries.iloc[0].agency == "經濟部"
    edges = collaboration_edges(plan)
    row = edges[(edges.agency_a == "工業技術研究院") & (edges.agency_b == "產業技術司")].iloc[0]
    assert row.measures == 5 and row.pillars == "矽光子技術全球領先"


def test_the_dependencies_command_applies_a_judgements_file_and_shows_rejected_rows(tmp_path):
    import io

    import pandas as pd
    from click.testing import CliRunner

    from policykg.cli import cli

    path = tmp_path / "judgements.tsv"
    path.write_text("kind\tsource\ttarget\tverdict\treason\n"
                    "dependency\t1.1.7\t7.1.1\trejected\t導入算力 does not say national compute\n", encoding="utf-8")
    kept = CliRunner().invoke(cli, ["dependencies", "--judgements", str(path), "--csv"])
    shown = CliRunner().invoke(cli, ["dependencies", "--judgements", str(path), "--show-rejected", "--csv"])
    assert kept.exit_code == 0 and shown.exit_code == 0
    kept, shown = pd.read_csv(io.StringIO(kept.output)), pd.read_csv(io.StringIO(shown.output))
    assert len(shown) == len(kept) + 1
    assert shown[shown.judgement == "rejected"][["source_identifier", "target_identifier"]].values.tolist() == [
        ["1.1.7", "7.1.1"]]


# -- the real second plan: the 2050 net-zero pathway PDF (a prose plan, no measures table) ----
@pytest.fixture(scope="module")
def net_zero_corpus():
    from policykg.corpus import Corpus

    pdf = policykg.default_plan_path().parent / "tw-2050-net-zero-pathway-2022-03-30.pdf"
    return Corpus([policykg.default_plan_path(), pdf])


def test_the_net_zero_sectors_are_read_as_consumers_and_never_depend_without_evidence(net_zero_corpus):
    from policykg.analysis.frames import division_frame

    divisions = division_frame(net_zero_corpus)
    energy = divisions[divisions.identifier == "2.1"].iloc[0]
    assert (energy.measure, energy.kind, energy.source_lines) == ("能源部門", "sector", "192-307")
    # the PDF never names the AI plan's compute, corpus, models or data platform: no cross-plan edge
    assert not net_zero_corpus.dependencies().cross_plan.any()


def test_a_researchers_rule_links_the_net_zero_energy_sector_to_ai_load_forecasting(net_zero_corpus, tmp_path):
    rules = tmp_path / "capabilities.tsv"
    rules.write_text("capability\tlabel\tprovider\tnamed\tuses\tsame_kind\texclude\ttechnologies\n"
                     "grid-ai-forecasting\tAI 負載預測 / AI load forecasting\t負載預測\t\t人工智慧\\(AI\\)、大數據\t\t\t\n",
                     encoding="utf-8")
    found = dependencies(net_zero_corpus, rules=capability_rules(rules), kinds=["shared_infrastructure"])
    row = found[found.cross_plan].iloc[0]
    assert (row.source_identifier, row.source, row.source_type, row.target_identifier) == ("2.1", "能源部門", "Sector", "1.5.1")
    assert (row.evidence_lines, row.matched) == ("250-251", "人工智慧(AI)、大數據")
    assert "(page 18, lines 250-251)" in row.why


def test_a_workspace_rebuild_and_its_reading_commands_apply_the_workspaces_judgements(tmp_path, monkeypatch):
    import io

    import pandas as pd
    from click.testing import CliRunner

    from policykg.cli import cli
    from policykg.workspace import build_workspace

    folder = tmp_path / "ws"
    assert not build_workspace([], folder).query("measure_dependencies", params={"measure_id": "7.3.4"}).empty
    (folder / "judgements.tsv").write_text(
        "kind\tsource\ttarget\tverdict\treason\n"
        "dependency\t7.3.4\t7.3.1\trejected\ta researcher disagrees\n", encoding="utf-8")
    rebuilt = build_workspace([], folder)
    rows = rebuilt.query("measure_dependencies", params={"measure_id": "7.3.4"})
    assert rows.empty  # the rejected edge is not in the rebuilt workspace's analysis graph
    assert (folder / "judgements.tsv").is_file()  # the build keeps the researcher's file
    monkeypatch.setenv("POLICYKG_WORKSPACE", str(folder))
    result = CliRunner().invoke(cli, ["dependencies", "--show-rejected", "--csv"])
    frame = pd.read_csv(io.StringIO(result.output), dtype=str)
    assert frame[frame.judgement == "rejected"][["source_identifier", "target_identifier"]].values.tolist() == [
        ["7.3.4", "7.3.1"]]
