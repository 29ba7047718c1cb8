"""Timing of policykg commands in fresh processes, next to the import floor measured in the same run.

The import floor is ``python -c "import policykg.cli"``: what every command pays before it does
anything. Targets are stated against it (seconds beyond it, or a ratio of it), so a figure from a
busy machine can still be compared with one from a quiet machine.

Example
-------
>>> wall, cpu = run_timed([sys.executable, "-c", "pass"], repeat=1)
>>> wall > 0 and cpu >= 0
True
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

__all__ = ["POLICYKG", "IMPORT_FLOOR", "run_timed", "figures"]

POLICYKG = [sys.executable, "-m", "policykg"]
IMPORT_FLOOR = [sys.executable, "-c", "import policykg.cli"]


def _once(command: list[str], before_each=None) -> tuple[float, float]:
    if before_each is not None:
        before_each()
    started, times = time.perf_counter(), os.times()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = os.times()
    cpu = (after.children_user - times.children_user) + (after.children_system - times.children_system)
    return time.perf_counter() - started, cpu


def run_timed(command: list[str], repeat: int, before_each=None) -> tuple[float, float]:
    """Median wall and median CPU seconds (user + system) of ``command`` over ``repeat`` runs.

    ``before_each``: called before every run (e.g. to empty an output folder); not timed.
    """
    runs = [_once(command, before_each) for _ in range(max(1, repeat))]
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def figures(wall: float, cpu: float, floor_wall: float, runs: int) -> dict:
    """A JSON-ready row: wall, CPU, ratio to the floor and seconds beyond it."""
    return {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "ratio_to_floor": round(wall / floor_wall, 2),
            "beyond_floor_s": round(wall - floor_wall, 3), "runs": runs}
