"""policykg.diff on revisions of the shipped plan built here: exact rows, measures matched by content."""
from pathlib import Path

import pytest
from click.testing import CliRunner

import policykg
from policykg.analysis.diff import DIFF_COLUMNS, diff
from policykg.cli import cli

# line numbers (1-based) of the 「4. 智慧建築」 rows of 表 2 and of 「5. 智慧電網」
BUILDING_PHASE_2, BUILDING_PHASE_3, BUILDING_PHASE_4, SMART_GRID_MEASURE = 468, 469, 470, 472


@pytest.fixture(scope="module")
def original() -> list[str]:
    return Path(policykg.default_plan_path()).read_text(encoding="utf-8").split("\n")


def _revision(tmp_path, lines, name="revision.md") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _rows(frame):
    return [tuple(r) for r in frame[["change", "pillar", "measure", "field", "old", "new"]].itertuples(index=False)]


def test_the_same_plan_has_no_changes():
    frame = diff(policykg.default_plan_path(), policykg.load_plan())
    assert frame.empty and list(frame.columns) == DIFF_COLUMNS


def test_dropping_a_row_is_one_removed_measure_and_no_renumbering_noise(tmp_path, original):
    lines = list(original)
    del lines[BUILDING_PHASE_2 - 1]
    assert _rows(diff(policykg.default_plan_path(), _revision(tmp_path, lines))) == [
        ("removed", "全民智慧生活圈", "場域計畫啟動與徵選", "measure", "場域計畫啟動與徵選", "")]


def test_changing_a_period_is_one_changed_period(tmp_path, original):
    lines = list(original)
    lines[BUILDING_PHASE_3 - 1] = lines[BUILDING_PHASE_3 - 1].replace("116/01-116/12", "116/01-117/06")
    assert _rows(diff(policykg.default_plan_path(), _revision(tmp_path, lines))) == [
        ("changed", "全民智慧生活圈", "實證場域導入智慧建築 AI 科技與建置", "period", "116/01-116/12", "116/01-117/06")]


def test_adding_a_co_organizer_is_one_changed_co_agencies(tmp_path, original):
    lines = list(original)
    lines[BUILDING_PHASE_4 - 1] = lines[BUILDING_PHASE_4 - 1].replace("\t內政部建築研究所", "\t內政部建築研究所、經濟部")
    assert _rows(diff(policykg.default_plan_path(), _revision(tmp_path, lines))) == [
        ("changed", "全民智慧生活圈", "效益評估與示範推廣", "co_agencies", "", "經濟部")]


def test_moving_a_measure_to_another_strategy_is_moved_not_removed_and_added(tmp_path, original):
    lines = list(original)
    moved = lines.pop(BUILDING_PHASE_4 - 1)
    lines.insert(SMART_GRID_MEASURE - 1, moved)  # after the smart-grid measure (indexes shifted by the pop)
    frame = diff(policykg.default_plan_path(), _revision(tmp_path, lines))
    assert _rows(frame) == [("moved", "全民智慧生活圈", "效益評估與示範推廣", "strategy", "1.4 智慧建築", "1.5 智慧電網")]
    assert (frame.iloc[0].identifier_old, frame.iloc[0].identifier_new) == ("1.4.4", "1.5.2")


def test_swapping_two_measures_is_one_moved_position(tmp_path, original):
    lines = list(original)
    lines[BUILDING_PHASE_3 - 1], lines[BUILDING_PHASE_4 - 1] = lines[BUILDING_PHASE_4 - 1], lines[BUILDING_PHASE_3 - 1]
    frame = diff(policykg.default_plan_path(), _revision(tmp_path, lines))
    assert list(frame.change) == ["moved"] and frame.iloc[0].field == "position"


def test_cli_diff_writes_the_rows_as_csv(tmp_path, original):
    lines = list(original)
    del lines[BUILDING_PHASE_2 - 1]
    result = CliRunner().invoke(cli, ["diff", str(policykg.default_plan_path()), str(_revision(tmp_path, lines)), "--csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == ",".join(DIFF_COLUMNS)
    assert result.output.splitlines()[1].startswith("removed,全民智慧生活圈,場域計畫啟動與徵選,measure,")


@pytest.mark.parametrize("command", ["overlaps", "dependencies", "diff", "compare"])
def test_every_analysis_command_has_an_example_in_its_help(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Example:" in result.output
