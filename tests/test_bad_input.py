"""Bad input: one-line errors naming file and line, exit status ≠ 0, nothing half-written."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from policykg.errors import PlanParseError
from policykg.loaders.plan_document import default_plan_path, parse_plan_document

LINES = default_plan_path().read_text(encoding="utf-8").split("\n")


def write(tmp_path: Path, lines: list[str] | bytes, name="plan.md") -> Path:
    path = tmp_path / name
    if isinstance(lines, bytes):
        path.write_bytes(lines)
    else:
        path.write_text("\n".join(lines), encoding="utf-8")
    return path


def run_build(plan: Path, out: Path):
    return subprocess.run(
        [sys.executable, "-m", "policykg", "build", str(plan), "--out", str(out)],
        capture_output=True, text=True, timeout=120,
    )


def line_of(prefix: str) -> int:
    return next(i for i, line in enumerate(LINES, 1) if line.startswith(prefix))


def without_period_column(lines):
    start = line_of("表 3 ")
    end = line_of("表 4 ")
    out = list(lines)
    for i in range(start, end):
        cells = out[i].split("\t")
        if len(cells) == 4:
            out[i] = "\t".join(cells[:2] + cells[3:])
    return out


CASES = {
    "empty": (lambda: [""], 1, "the document is empty"),
    "not_utf8": (
        lambda: "\n".join(LINES[:499]).encode() + b"\n\xff\xfe broken\n" + "\n".join(LINES[500:]).encode(),
        500,
        "not UTF-8 text (byte 0xff at column 1)",
    ),
    "missing_column": (lambda: without_period_column(LINES), line_of("表 3 ") + 2, "measures table is missing the column 起訖時程"),
    "row_wider_than_header": (
        lambda: [line + "\t多出的一格" if line.startswith("加強投資 AI 新創\t") else line for line in LINES],
        line_of("加強投資 AI 新創"),
        "table row has 5 cells but the table header",
    ),
    "truncated_after_header": (
        lambda: LINES[: line_of("表 11 ") + 2],
        line_of("表 11 ") + 2,
        "measures table has a header but no rows (truncated table)",
    ),
    "no_tables": (lambda: LINES[:100], 100, "without finding a measures table"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_plan_raises_parse_error_with_file_and_line(tmp_path, case):
    make, line, message = CASES[case]
    path = write(tmp_path, make())
    with pytest.raises(PlanParseError) as info:
        parse_plan_document(path)
    assert info.value.line == line
    assert message in info.value.message
    assert str(info.value).startswith(f"{path}:{line}: ")


@pytest.mark.parametrize("case", ["missing_column", "not_utf8", "no_tables"])
def test_cli_build_of_bad_plan_prints_one_line_exits_1_and_writes_nothing(tmp_path, case):
    make, line, message = CASES[case]
    path = write(tmp_path, make())
    out = tmp_path / "out"
    result = run_build(path, out)
    assert result.returncode == 1
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, result.stderr
    assert f"{path}:{line}:" in lines[0] and message in lines[0]
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]


def test_failed_build_leaves_the_previous_output_intact(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "measures.csv").write_text("previous", encoding="utf-8")
    result = run_build(write(tmp_path, [""]), out)
    assert result.returncode == 1
    assert (out / "measures.csv").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "plan.md"]
