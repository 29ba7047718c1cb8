"""Coverage report: what a build read and skipped, for the markdown plan, the PDF and a key–value plan."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import policykg
from policykg.loaders.coverage import coverage_report, coverage_summary, write_coverage_report
from policykg.loaders.plan_document import net_zero_plan_path

FIXTURE = Path(__file__).parent / "fixtures" / "open-government-nap-commitments.md"


@pytest.fixture(scope="module")
def net_zero_report():
    plan = policykg.load_plan(net_zero_plan_path())
    return coverage_report(plan.doc, plan.graph)


def test_markdown_plan_report_counts_its_tables_rows_and_measures(plan):
    report = coverage_report(plan.doc, plan.graph)
    assert (report["format"], report["pages"], report["lines"]) == ("markdown", None, 1546)
    read = report["read"]
    assert (read["tables"], read["pillars"], read["strategies"], read["measures"]) == (12, 10, 49, 143)
    assert read["schedule_rows"] == sum(len(m.schedule) for _, _, m in plan.doc.measures())
    assert read["divisions"] == {} and read["agency_mentions"] > 0
    first = report["skipped"]["first"]
    assert first[:2] == [{"line": 42, "where": "line 42", "text": "---"},
                         {"line": 49, "where": "line 49", "text": "圖 1 國力新十大動能"}]
    assert report["skipped"]["page_furniture"] == 0


def test_pdf_report_counts_pages_divisions_and_cites_skipped_lines_by_page(net_zero_report):
    report = net_zero_report
    assert (report["format"], report["pages"]) == ("pdf", 82)
    read = report["read"]
    assert read["divisions"] == {"appendix": 1, "key_strategy": 12, "part": 8, "section": 15, "sector": 5}
    assert (read["tables"], read["measures"], read["issuing_agencies"]) == (0, 0, 8)
    assert read["targets"] > 50 and read["amounts"] > 10
    assert report["skipped"]["first"][0] == {"line": report["skipped"]["first"][0]["line"],
                                              "where": "page 6, line 1", "text": "圖 1、臺灣淨零轉型目標願景"}
    # the printed page number 「1」 at the foot of page 3 is page furniture the reader dropped
    assert report["skipped"]["page_furniture_first"][0] == {"where": "page 3, line 24", "text": "1"}
    assert read["lines"] + report["skipped"]["lines"] + report["skipped"]["front_matter_lines"] == report["lines"]


def test_summary_says_what_was_read_and_skipped(net_zero_report):
    text = coverage_summary(net_zero_report)
    assert text.startswith("tw-2050-net-zero-pathway-2022-03-30: 82 pages, ")
    assert "12 key strategies" in text and "5 sectors" in text and "0 measures" in text
    assert "page 6, line 1: 圖 1、臺灣淨零轉型目標願景" in text


def test_key_value_plan_report_has_measures_and_no_skipped_text():
    plan = policykg.load_plan(FIXTURE)
    report = coverage_report(plan.doc, plan.graph)
    assert (report["read"]["measures"], report["read"]["schedule_rows"], report["skipped"]["lines"]) == (4, 8, 0)
    assert report["skipped"]["front_matter_lines"] == 3


def test_report_file_is_written_atomically_as_json(tmp_path, net_zero_report):
    target = tmp_path / "reports" / "coverage.json"
    write_coverage_report([net_zero_report], target)
    assert json.loads(target.read_text(encoding="utf-8"))["plans"][0]["pages"] == 82
    assert sorted(p.name for p in target.parent.iterdir()) == ["coverage.json"]


def _build(*args, cwd):
    return subprocess.run([sys.executable, "-m", "policykg", "build", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


def test_cli_build_prints_coverage_and_writes_the_report(tmp_path):
    result = _build(str(FIXTURE), "--out", "out", "--report", "coverage.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "open-government-nap-commitments: 81 lines: read 78 lines" in result.stdout
    assert "wrote the coverage report to coverage.json" in result.stdout
    report = json.loads((tmp_path / "coverage.json").read_text(encoding="utf-8"))
    assert report["plans"][0]["read"]["measures"] == 4


def test_cli_build_of_bad_input_writes_no_report(tmp_path):
    bad = tmp_path / "plan.md"
    bad.write_text("", encoding="utf-8")
    result = _build(str(bad), "--report", "coverage.json", cwd=tmp_path)
    assert result.returncode == 1
    assert not (tmp_path / "coverage.json").exists()
