"""The plan report: the same blocks as Markdown and as an offline page, numbers with source lines."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.errors import PolicyKGError
from policykg.viz.report import plan_report

from test_map_html import IMG_PAYLOAD, SCRIPT_PAYLOAD
from test_timeline import hostile_plan


@pytest.fixture(scope="module")
def markdown(plan):
    return plan_report(plan, format="md")


def test_summary_numbers_cite_their_source_lines(markdown):
    assert "| pillars | 10 | 130–554, 556–631, 633–703, 705–759, 761–927, 929–1089, 1091–1180, 1182–1281, 1283–1434, 1436–1538 |" in markdown
    assert "| rows not yet funded (目前無計畫) | 4 | 441–442, 444–448 |" in markdown
    assert "| rows pending approval | 1 | 437–440 |" in markdown
    assert "| plan period (執行期程) | 2025–2028 | 99 |" in markdown


def test_pillar_chart_ministry_chart_and_years_are_tables_in_markdown(markdown):
    assert "| 5 全球量子能力登頂 | 19 | " in markdown
    assert "**Measures per ministry" in markdown and "| 數位部 | 36 | " in markdown
    assert "| 2026 | 132 | " in markdown
    assert "178 measure × period rows, 173 with a start, from 2020 to 2035" in markdown
    assert "| 彰化縣 | 9 | 9 measure(s) target it: 0 directly, 9 through their strategy |" in markdown


def test_unfunded_budgets_targets_dependencies_and_overlaps_sections(markdown, plan):
    for heading in ("### Not yet funded, pending, planning and open-ended rows", "### Budgets and money amounts by kind",
                    "### Targets by year", "### Top dependencies (10 of", "### Top overlaps (10 of"):
        assert heading in markdown
    assert "| 1.1.4 | 設置智慧醫療創新園區 | 目前無計畫，如核定經費，依計畫期程執行至 117/12 | not yet funded (目前無計畫) |" in markdown
    budgets = plan.budgets()
    kinds = budgets.groupby(["kind", "currency"]).size()
    assert f"| fundraising_goal | TWD | {kinds[('fundraising_goal', 'TWD')]} |" in markdown


def test_html_report_escapes_document_text():
    page = plan_report(hostile_plan())
    assert SCRIPT_PAYLOAD not in page and IMG_PAYLOAD not in page and "<img" not in page
    assert page.count("</script>") == 2


def test_report_command_writes_markdown_and_refuses_an_unknown_format(tmp_path, plan):
    out = tmp_path / "appendix.md"
    result = CliRunner().invoke(cli, ["report", "--format", "md", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# AI 新十大建設推動方案: plan report\n")
    assert f"wrote {out}" in result.output
    with pytest.raises(PolicyKGError, match="unknown report format 'pdf'"):
        plan_report(plan, format="pdf")


def test_report_of_two_plans_starts_with_a_comparison_then_one_section_each(plan, tmp_path):
    import policykg

    copy = tmp_path / "copy-of-plan-2026-01.md"
    copy.write_bytes(policykg.default_plan_path().read_bytes())
    second = policykg.load_plan(copy)
    text = plan_report([plan, second], format="md")
    assert text.startswith("# 2 plans: report\n\n## Comparison\n\n| quantity | ai-new-ten-major-constructions-2026-01 | copy-of-plan-2026-01 |")
    assert "| measures | 143 | 143 |" in text and "| rows not yet funded | 4 | 4 |" in text
    assert text.count("## AI 新十大建設推動方案 (核定本 2026-01)") == 2


def test_geo_view_of_several_plans_is_a_usage_error(tmp_path):
    import policykg

    path = str(policykg.default_plan_path())
    result = CliRunner().invoke(cli, ["map", path, path, "--view", "geo", "--out", str(tmp_path / "g.html")])
    assert result.exit_code == 2 and "--view geo draws one plan" in result.output
    assert not (tmp_path / "g.html").exists()
