"""Every command's output, checked against what the shipped plan says.

One workspace is built once through the CLI (as a researcher would: ``policykg build --out``);
the reading commands then answer from it. Each test names the rows it expects and where they
come from (line numbers of ``data/plans/ai-new-ten-major-constructions-2026-01.md``).
``test_readme.py`` checks that every command has ``--help`` with an example; the output options
(pipes, ``--json``) are in ``test_cli_output.py``.
"""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.loaders.plan_document import default_plan_path

PLAN = str(default_plan_path())
NET_ZERO = str(default_plan_path().with_name("tw-2050-net-zero-pathway-2022-03-30.pdf"))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli") / "ws"
    result = CliRunner().invoke(cli, ["build", "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def run(workspace, *args, exit_code=0):
    result = CliRunner().invoke(cli, list(args), env={"POLICYKG_WORKSPACE": str(workspace)})
    assert result.exit_code == exit_code, result.output
    return result.output


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_build_prints_the_counts_the_coverage_and_what_it_wrote(tmp_path):
    result = CliRunner().invoke(cli, ["build", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "AI 新十大建設推動方案 (ai-new-ten-major-constructions-2026-01): 10 pillars, 143 measures" in result.output
    assert "143 measures, 1061 mentions, 65 targets, 24 amounts" in result.output  # the coverage line
    assert f"wrote the workspace {tmp_path / 'out'}/ (1 plan," in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith("store-")) == [
        ".policykg-manifest.json", "budgets.csv", "graph.jsonld", "graph.nt", "graph.trig", "graph.ttl",
        "measures.csv", "targets.csv",
    ]


def test_build_of_one_plan_lists_its_node_counts_and_skipped_lines(tmp_path):
    result = CliRunner().invoke(cli, ["build", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "nodes" in result.output and "edges" in result.output  # the two count tables
    assert "    line 49: 圖 1 國力新十大動能" in result.output  # the first skipped lines, with their text
    assert "--report FILE" not in result.output


def test_build_of_several_plans_is_one_summary_line_and_one_coverage_block_each(tmp_path):
    copy = tmp_path / "copy.md"
    copy.write_bytes(default_plan_path().read_bytes())
    result = CliRunner().invoke(cli, ["build", PLAN, str(copy), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line for line in lines if "10 pillars, 143 measures" in line] == [
        f"AI 新十大建設推動方案 ({plan}): 10 pillars, 143 measures, 20913 triples"
        for plan in ("ai-new-ten-major-constructions-2026-01", "copy")]
    assert lines.count("  skipped 41 lines of text, 6 of title page and contents") == 2  # no examples
    assert "nodes" not in result.output and "line 49" not in result.output
    assert "(what each plan skipped, line by line: --report FILE)" in lines
    assert f"wrote the workspace {tmp_path / 'out'}/ (2 plans," in result.output


def test_plans_lists_the_one_plan_of_the_workspace(workspace):
    (row,) = rows(run(workspace, "plans", "--csv"))
    assert (row["plan"], row["title"]) == ("ai-new-ten-major-constructions-2026-01", "AI 新十大建設推動方案")
    assert row["source"].endswith("ai-new-ten-major-constructions-2026-01.md")


def test_query_measures_active_in_2028(workspace):
    got = rows(run(workspace, "query", "measures_active_in_year", "-p", "year", "2028", "--csv"))
    assert len(got) == 133  # see test_query_answers.py for how the count is derived
    assert {"identifier": "1.1.5", "measure": "強化業者在產品開發與上市過程的法規遵循能力",
            "start": "2026-01", "end": "2028-12"} in got  # line 443, 「115/01-117/12」


def test_query_with_a_bad_parameter_is_one_line(workspace):
    out = run(workspace, "query", "measures_active_in_year", "-p", "year", "next", exit_code=1)
    assert out.count("\n") == 1 and "year" in out


def test_sparql_counts_the_143_measures(workspace):
    assert run(workspace, "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?m a pkg:Measure }", "--csv") == "n\n143\n"


def test_cypher_names_pillar_5(workspace):
    out = run(workspace, "cypher", "MATCH (p:Pillar) WHERE p.ordinal = $n RETURN p.name_zh AS pillar", "-p", "n", "5", "--csv")
    assert out == "pillar\n全球量子能力登頂\n"


def test_agencies_counts_the_digital_industries_administration(workspace):
    got = {r["agency_zh"]: r for r in json.loads(run(workspace, "agencies", "--json"))}
    row = got["數位產業署"]
    # 「數發部數產署」 heads 23 agency cells and is co-organizer in 4 (see test_query_answers.py)
    assert (row["ministry_zh"], row["lead_measures"], row["co_measures"]) == ("數位發展部", 23, 4)


def test_validate_conforms(workspace):
    assert run(workspace, "validate") == "ai-new-ten-major-constructions-2026-01: conforms (0 violations)\n"


def test_dependencies_include_the_narratives_corpus_dependency(workspace):
    got = rows(run(workspace, "dependencies", "--csv"))
    pairs = {(r["source_identifier"], r["target_identifier"]) for r in got}
    assert ("7.3.4", "7.3.1") in pairs  # narrative lines 1133-1135: 「結合臺灣主權AI訓練語料平臺」
    assert ("1.4.1", "1.4.2") in pairs or any(r["kind"] == "precedes" for r in got)
    assert not any(r["source_identifier"] == "1.1.3" and r["target_identifier"].startswith("9.2") for r in got)


def test_overlaps_rank_the_measure_listed_twice_first(workspace):
    first = rows(run(workspace, "overlaps", "--csv"))[0]
    # 表6 lists 「持續建置量子電腦關鍵零組件技術-低溫微波控制模組技術…」 as 5.3.1 and again as 5.5.3
    assert (first["identifier_a"], first["identifier_b"]) == ("5.3.1", "5.5.3")


def test_compare_the_two_shipped_plans_shares_agencies_through_renamings(workspace):
    got = rows(run(workspace, "compare", PLAN, NET_ZERO, "--part", "entities", "--csv"))
    shared = {r["entity"]: r for r in got if r["status"] == "shared" and r["kind"] == "agency"}
    # the 2022 cover names 科技部 and 行政院農業委員會; today they are 國科會 and 農業部
    assert shared["國家科學及技術委員會"]["as_written_b"] == "科技部"
    assert shared["農業部"]["as_written_b"] == "農業委員會"
    assert len(shared) == 10


def test_diff_of_a_plan_with_itself_has_no_changes(workspace):
    assert rows(run(workspace, "diff", PLAN, PLAN, "--csv")) == []


def test_map_writes_one_offline_page(workspace, tmp_path):
    out = tmp_path / "agencies.html"
    run(workspace, "map", "--view", "agencies", "--out", str(out))
    page = out.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "數位發展部" in page


def test_export_nt_to_standard_output_is_the_workspace_graph(workspace):
    out = run(workspace, "export", "--format", "nt", "--out", "-")
    lines = [line for line in out.splitlines() if line.startswith("<")]
    assert lines == sorted(lines)
    assert '<https://w3id.org/policykg/id/ai-new-ten-major-constructions-2026-01/pillar/5> ' in out


def test_report_as_markdown_names_every_pillar(workspace, tmp_path):
    out = tmp_path / "report.md"
    run(workspace, "report", "--format", "md", "--out", str(out))
    text = out.read_text(encoding="utf-8")
    for pillar in ("全民智慧生活圈", "全球量子能力登頂", "千億資金驅動創新"):
        assert pillar in text


def test_add_and_remove_change_the_workspace(workspace, tmp_path):
    import shutil

    copy = tmp_path / "ws"
    shutil.copytree(workspace, copy)
    run(copy, "add", NET_ZERO, "--out", str(copy))
    assert [r["plan"] for r in rows(run(copy, "plans", "--out", str(copy), "--csv"))] == [
        "ai-new-ten-major-constructions-2026-01", "tw-2050-net-zero-pathway-2022-03-30"]
    run(copy, "remove", "tw-2050-net-zero-pathway-2022-03-30", "--out", str(copy))
    assert [r["plan"] for r in rows(run(copy, "plans", "--out", str(copy), "--csv"))] == [
        "ai-new-ten-major-constructions-2026-01"]
