"""The workspace (issue 11): build once, query many plans, add/remove, safe rebuilds."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

import policykg
from policykg.cli import cli
from policykg.loaders.output_folder import MANIFEST_NAME
from policykg.queries.library import list_queries, load_query
from policykg.queries.runner import run_query
from policykg.workspace import WorkspaceError, add_plans, build_workspace, open_workspace, remove_plans

SHIPPED = "ai-new-ten-major-constructions-2026-01"
VARIANT = Path(__file__).parent / "fixtures" / "variant_plan.md"
ANALYSIS_QUERIES = ("measure_dependencies", "overlap_hubs", "cross_pillar_overlaps", "most_depended_on_capabilities")


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    """A workspace of the shipped plan, built once for the module."""
    return build_workspace([], tmp_path_factory.mktemp("single") / "ws")


@pytest.fixture(scope="module")
def double(tmp_path_factory, single):
    """The shipped plan and the variant plan: the single workspace copied, then ``add``."""
    folder = tmp_path_factory.mktemp("double") / "ws"
    shutil.copytree(single.path, folder)
    return add_plans([VARIANT], folder)


@pytest.mark.parametrize("name", ANALYSIS_QUERIES)
def test_analysis_edge_queries_are_not_empty_after_a_plain_build(single, name):
    frame = single.query(name, **load_query(name).example_params())
    assert len(frame) > 0
    assert "plan" not in frame.columns  # one plan: no plan column


def test_every_other_named_query_gives_the_rows_of_the_plan_built_on_the_fly(single, plan):
    for query in list_queries():
        if query.name in ANALYSIS_QUERIES or query.name in {"overlap_candidates"}:
            continue
        expected = run_query(plan, query, params=query.example_params())
        got = single.query(query.name, **query.example_params())
        assert got.equals(expected), query.name


def test_the_workspace_reads_without_re_parsing(single, plan, monkeypatch):
    import policykg.loaders.plan_document as plan_document

    def no_parse(*args, **kwargs):
        raise AssertionError("the workspace re-parsed a plan")

    monkeypatch.setattr(plan_document, "parse_plan_document", no_parse)
    reopened = open_workspace(single.path)
    assert len(reopened.query("measures_of_pillar", pillar_no=5)) == 35
    assert reopened.measures().equals(plan.measures())
    assert [p.plan_id for p in reopened.load_plans()] == [SHIPPED]


def test_the_manifest_names_plans_sources_versions_and_the_store(single, plan):
    manifest = json.loads((single.path / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["policykg_version"] == policykg.__version__
    entry = manifest["workspace"]["plans"][0]
    assert (entry["id"], entry["sha256"]) == (SHIPPED, plan.doc.sha256)
    assert entry["source"].endswith("ai-new-ten-major-constructions-2026-01.md")
    assert (single.path / manifest["workspace"]["generation"] / "oxigraph").is_dir()
    assert {"graph.ttl", "graph.trig", "measures.csv"} <= set(manifest["files"])


def test_two_plans_in_one_workspace_carry_a_plan_column(double):
    assert double.plan_ids == [SHIPPED, "variant-plan"]
    frame = double.query("agency_workload")
    assert list(frame.columns)[0] == "plan"
    assert set(frame["plan"]) == {SHIPPED, "variant-plan"}
    only = double.query("agency_workload", plan="variant-plan")
    assert set(only["plan"]) == {"variant-plan"}
    assert len(only) == (frame["plan"] == "variant-plan").sum()


def test_query_plan_a_plan_b_keeps_both_plans(double):
    runner = CliRunner()
    both = runner.invoke(cli, ["query", "agency_workload", "--workspace", str(double.path), "--plan", SHIPPED,
                               "--plan", "variant-plan", "--csv"])
    assert both.exit_code == 0, both.output
    plans = {line.split(",")[0] for line in both.output.strip().splitlines()[1:]}
    assert plans == {SHIPPED, "variant-plan"}
    one = runner.invoke(cli, ["query", "agency_workload", "--workspace", str(double.path), "--plan", "variant-plan", "--csv"])
    assert {line.split(",")[0] for line in one.output.strip().splitlines()[1:]} == {"variant-plan"}


def test_an_unknown_plan_id_is_one_line_with_the_nearest_match(double):
    result = CliRunner().invoke(cli, ["query", "agency_workload", "--workspace", str(double.path), "--plan", "variant"])
    assert result.exit_code == 1
    assert "no plan 'variant'" in result.output and "variant-plan" in result.output


def test_plans_lists_the_workspace(double):
    result = CliRunner().invoke(cli, ["plans", "--out", str(double.path), "--csv"])
    assert result.exit_code == 0, result.output
    assert [line.split(",")[0] for line in result.output.strip().splitlines()[1:]] == [SHIPPED, "variant-plan"]


def test_remove_drops_a_plan_and_its_analysis_edges_and_keeps_foreign_files(tmp_path, double):
    folder = tmp_path / "ws"
    shutil.copytree(double.path, folder)
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    after = remove_plans(["variant-plan"], folder)
    assert after.plan_ids == [SHIPPED]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert len(after.query("overlap_hubs")) == len(open_workspace(double.path).query("overlap_hubs", plan=SHIPPED))
    generations = sorted(p.name for p in folder.iterdir() if p.name.startswith("store-"))
    assert len(generations) <= 2
    with pytest.raises(WorkspaceError, match="would leave no plan"):
        remove_plans([SHIPPED], folder)


def test_another_version_of_a_plan_lives_next_to_it_as_id_at_issued(tmp_path, single):
    folder = tmp_path / "ws"
    shutil.copytree(single.path, folder)
    changed = tmp_path / "v2" / "ai-new-ten-major-constructions-2026-01.md"
    changed.parent.mkdir()
    text = policykg.default_plan_path().read_text(encoding="utf-8")
    changed.write_text(text.replace("2026年1月", "2026年3月", 1) + "\n", encoding="utf-8")
    after = add_plans([changed], folder)
    assert after.plan_ids[0] == SHIPPED and after.plan_ids[1].startswith(SHIPPED + "@")
    frame = after.query("measures_of_pillar", pillar_no=5)
    assert frame.groupby("plan").size().to_dict() == {SHIPPED: 35, after.plan_ids[1]: 35}
    with pytest.raises(WorkspaceError, match="already in the workspace"):
        add_plans([policykg.default_plan_path()], folder)


def test_writing_analysis_edges_after_a_first_query_refreshes_the_embedded_stores():
    from policykg.analysis.dependencies import write_dependencies

    fresh = policykg.load_plan()
    params = load_query("most_depended_on_capabilities").example_params()
    assert len(fresh.query("most_depended_on_capabilities", **params)) == 0
    assert len(fresh.query("most_depended_on_capabilities", engine="cypher", **params)) == 0
    write_dependencies(fresh)
    after = fresh.query("most_depended_on_capabilities", **params)
    assert len(after) > 0
    assert after.equals(fresh.query("most_depended_on_capabilities", engine="cypher", **params))


def test_corpus_query_has_a_plan_column():
    corpus = policykg.Corpus([policykg.default_plan_path(), VARIANT])
    frame = corpus.query("measures_of_pillar", pillar_no=1)
    assert set(frame["plan"]) == {SHIPPED, "variant-plan"}


def test_cypher_reads_the_workspace_and_agrees_with_sparql(single):
    for name in ("measures_of_pillar", "measure_dependencies"):
        params = load_query(name).example_params()
        assert single.query(name, engine="cypher", **params).equals(single.query(name, **params)), name
    assert (single.generation / "cypher").is_dir()  # persisted for the next reader


def test_a_workspace_of_another_policykg_version_gives_one_clear_line(tmp_path, single):
    folder = tmp_path / "ws"
    shutil.copytree(single.path, folder)
    manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    manifest["policykg_version"] = "0.0.1"
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    result = CliRunner().invoke(cli, ["query", "measures_of_pillar", "-p", "pillar_no", "5", "--workspace", str(folder)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "built by policykg 0.0.1" in lines[0] and "rebuild" in lines[0]


_READER = textwrap.dedent("""
    import sys, time
    from policykg.workspace import open_workspace
    folder, seconds = sys.argv[1], float(sys.argv[2])
    seen, bad, end = 0, 0, time.time() + seconds
    while time.time() < end:
        ws = open_workspace(folder)
        n = len(ws.query("measures_of_pillar", pillar_no=5))
        t = ws.store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        triples = int(next(iter(t))["n"].value)
        if n != 35 or triples < 20000:
            bad += 1
        seen += 1
        ws.close()
    print(seen, bad)
""")


def test_a_reader_during_a_rebuild_always_sees_a_complete_workspace(tmp_path, single):
    folder = tmp_path / "ws"
    shutil.copytree(single.path, folder)
    reader = subprocess.Popen([sys.executable, "-c", _READER, str(folder), "25"], stdout=subprocess.PIPE, text=True)
    try:
        for _ in range(2):
            build_workspace([], folder)
    finally:
        out, _ = reader.communicate(timeout=120)
    seen, bad = map(int, out.split())
    assert reader.returncode == 0
    assert seen > 0 and bad == 0


def test_build_into_dot_makes_a_workspace_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "--out", "."])
    assert result.exit_code == 0, result.output
    assert "wrote the workspace" in result.output
    query = CliRunner().invoke(cli, ["query", "overlap_hubs", "--workspace", ".", "--csv"])
    assert query.exit_code == 0 and len(query.output.strip().splitlines()) > 1
    monkeypatch.setenv("POLICYKG_WORKSPACE", str(tmp_path))
    assert open_workspace().plan_ids == [SHIPPED]
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".policykg-tmp-")]


@pytest.mark.parametrize("args", [["agencies", "--csv"], ["dependencies", "--csv"], ["validate"],
                                  ["export", "--format", "nt", "--out", "{tmp}/g.nt"]])
def test_reading_commands_read_the_workspace_without_re_parsing(single, args, tmp_path, monkeypatch):
    import policykg.loaders.plan_document as plan_document

    def no_parse(*a, **k):
        raise AssertionError("re-parsed a plan although a workspace exists")

    monkeypatch.setattr(plan_document, "parse_plan_document", no_parse)
    monkeypatch.setenv("POLICYKG_WORKSPACE", str(single.path))
    result = CliRunner().invoke(cli, [a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == 0, result.output


def test_plans_read_back_from_the_store_give_the_same_analysis_as_parsed_plans(single, plan):
    """Oxigraph writes language tags in lower case (zh-hant): the analysis must not care."""
    from policykg.analysis.dependencies import dependencies

    reloaded = open_workspace(single.path).load_plans()[0]
    assert dependencies(reloaded).equals(dependencies(plan))


# -- copies of one document (corpus scale) ---------------------------------------------------------
def _plan_triples(workspace, plan_id: str) -> set[str]:
    import pyoxigraph as ox

    from policykg.graph.namespaces import plan_graph_iri

    data = workspace.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(plan_graph_iri(plan_id))))
    return set(data.decode("utf-8").splitlines())


def test_a_byte_identical_copy_is_renamed_not_parsed_and_gives_the_graph_a_parse_gives(tmp_path):
    copy = tmp_path / "plans" / "copy-of-plan.md"
    copy.parent.mkdir()
    shutil.copy(policykg.default_plan_path(), copy)
    parsed = build_workspace([copy], tmp_path / "parsed")  # the copy alone: parsed and built
    both = build_workspace([policykg.default_plan_path(), copy], tmp_path / "both")  # the copy renamed
    assert both.plan_ids == [SHIPPED, "copy-of-plan"]
    renamed = _plan_triples(both, "copy-of-plan")
    assert renamed == _plan_triples(parsed, "copy-of-plan") and len(renamed) > 20000
    assert '<https://w3id.org/policykg/id/copy-of-plan/source> <http://purl.org/dc/terms/source> "copy-of-plan.md" .' \
        in renamed
    for table in ("measures", "targets", "budgets"):
        assert getattr(both, table)(plan="copy-of-plan").equals(getattr(parsed, table)()), table
    (doc,) = [p.doc for p in both.load_plans(["copy-of-plan"])]
    assert (doc.plan_id, doc.path, doc.file_name, doc.source.file_name) == (
        "copy-of-plan", str(copy), "copy-of-plan.md", "copy-of-plan.md")
    # each copy has its own overlaps and dependencies; the identical measures are linked, not overlapped
    for name, params in (("overlap_hubs", {}), ("measure_dependencies", {"measure_id": "1.1.7"})):
        got = both.query(name, **params)
        assert got[got.plan == SHIPPED].drop(columns="plan").reset_index(drop=True).equals(
            got[got.plan == "copy-of-plan"].drop(columns="plan").reset_index(drop=True)) and len(got)
    same = both.sparql("SELECT ?a ?b WHERE { ?a pkg:identicalTo ?b }", plan="copy-of-plan")
    assert len(same) == 2 * 143


def _store_union_lines(workspace) -> list[str]:
    """The sorted distinct N-Triples lines of every named graph of the workspace's store."""
    import pyoxigraph as ox

    lines = set()
    for graph in workspace.store.named_graphs():
        lines.update(workspace.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).decode("utf-8").splitlines())
    return sorted(lines)


def test_the_export_files_hold_what_the_store_holds_for_built_copied_and_added_plans(tmp_path, double):
    """A build writes each plan graph's sorted N-Triples as it loads it (not dumped from the store
    afterwards): a parsed plan, a byte-identical copy renamed, and plans carried over by ``add``
    give exactly the lines the store gives, and no such file is left in the generation."""
    copy = tmp_path / "copy-of-plan.md"
    shutil.copy(policykg.default_plan_path(), copy)
    both = build_workspace([policykg.default_plan_path(), copy], tmp_path / "both")
    for workspace in (both, double):
        written = (workspace.path / "graph.nt").read_text(encoding="utf-8").splitlines()
        assert written == _store_union_lines(workspace) and len(written) > 25000
        generation = workspace.path / json.loads((workspace.path / MANIFEST_NAME).read_text())["workspace"]["generation"]
        assert sorted(p.name for p in generation.iterdir()) == ["oxigraph", "plans", "tables.pickle"]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_analysis_graphs_sorted_lines_are_made_as_they_load_and_equal_the_store(tmp_path, monkeypatch, workers):
    """The analysis graphs' sorted N-Triples are made from the bytes the store loads: only the
    vocabulary graph is dumped from the store for the exports, and graph.trig holds every
    analysis graph exactly as the store does. In one process the exports dump what they lack
    (``_sorted_dump``); with worker processes the writer does, before the parts are finished."""
    import pyoxigraph as ox

    import policykg.loaders.rdf_serialization as rdf_serialization
    import policykg.workspace as workspace_module
    from policykg.graph.namespaces import VOCABULARY_GRAPH

    monkeypatch.setenv("POLICYKG_WORKERS", workers)
    dumped, real = [], rdf_serialization._sorted_dump
    real_others = workspace_module._GenerationWriter._dump_the_other_graphs

    def sorted_dump(store, graph):  # (also called on the default graph of an in-memory store)
        if isinstance(graph, ox.NamedNode):
            dumped.append(graph.value)
        return real(store, graph)

    def dump_the_other_graphs(self):
        dumped.extend(graph.value for graph in self.store.named_graphs() if graph.value not in self.dumps)
        real_others(self)

    monkeypatch.setattr(rdf_serialization, "_sorted_dump", sorted_dump)
    monkeypatch.setattr(workspace_module._GenerationWriter, "_dump_the_other_graphs", dump_the_other_graphs)
    copy = tmp_path / "copy-of-plan.md"
    shutil.copy(policykg.default_plan_path(), copy)
    workspace = build_workspace([policykg.default_plan_path(), copy], tmp_path / "ws")
    assert dumped == [str(VOCABULARY_GRAPH)]
    exported = ox.Store()
    exported.bulk_load(path=str(workspace.path / "graph.trig"), format=ox.RdfFormat.TRIG)
    analysis = [g for g in workspace.store.named_graphs() if "/graph/analysis/" in g.value]
    assert len(analysis) == 2
    for graph in analysis:
        quads = set(workspace.store.quads_for_pattern(None, None, None, graph))
        assert quads == set(exported.quads_for_pattern(None, None, None, graph)) and len(quads) > 100


def test_a_graph_the_store_refuses_fails_the_build_and_leaves_no_workspace(tmp_path, monkeypatch):
    """The plan graph is loaded in a thread while the build goes on: its error still fails the
    build, and a first build leaves nothing behind."""
    import policykg.document_pool as document_pool

    real = document_pool.build_document

    def broken(doc, vocabulary=None):
        built = real(doc, vocabulary)
        built.ntriples += b"<urn:not an iri> <urn:p> <urn:o> .\n"
        return built

    monkeypatch.setenv("POLICYKG_WORKERS", "1")
    monkeypatch.setattr(document_pool, "build_document", broken)
    with pytest.raises(SyntaxError):
        build_workspace([], tmp_path / "ws")
    assert not (tmp_path / "ws").exists()
