"""Mutation check: does the test suite catch small, meaningful wrong changes to the code?

Each mutation replaces one exact piece of text in one file (a ROC offset, the lead/co order,
a year bound of a query, one page-break or merged-cell rule, parameter typing, atomic writes …),
runs the tests that should notice, and restores the file. A mutation is *caught* when those
tests fail, *missed* when they pass, and *stale* when its text is no longer in the file (the
code changed: update the list). Not part of the default test run; the README names it.

Usage::

    python benchmarks/mutation.py            # every mutation, the tests named for each
    python benchmarks/mutation.py --full     # every mutation against the whole suite (slow)
    python benchmarks/mutation.py -k roc     # only mutations whose name contains "roc"

It edits files of this checkout in place and restores them in a ``finally`` block; it refuses
to start when a file it would touch has uncommitted changes. Results: a table on stdout and
``benchmarks/results/mutation.json``.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


MUTATIONS = [
    Mutation("roc-offset", "loaders/periods.py", "return int(year) + 1911", "return int(year) + 1912",
             ("tests/test_periods.py", "tests/test_query_answers.py")),
    Mutation("lead-co-order", "graph/build.py", 'lambda position: "lead" if position == 0 else "co"',
             'lambda position: "lead" if position == 1 else "co"',
             ("tests/test_query_answers.py", "tests/test_plan_graph.py", "tests/test_agencies.py")),
    Mutation("active-year-end-bound-sparql", "queries/sparql/measures_active_in_year.rq",
             "SUBSTR(STR(?e), 1, 4) >= ?year", "SUBSTR(STR(?e), 1, 4) > ?year", ("tests/test_query_answers.py",)),
    Mutation("active-year-end-bound-cypher", "queries/cypher/measures_active_in_year.cypher",
             "left(period.`end`, 4) >= $year", "left(period.`end`, 4) > $year", ("tests/test_query_answers.py",)),
    Mutation("active-year-start-bound-sparql", "queries/sparql/measures_active_in_year.rq",
             "SUBSTR(STR(?s), 1, 4) <= ?year", "SUBSTR(STR(?s), 1, 4) < ?year", ("tests/test_query_answers.py",)),
    Mutation("beyond-period-open-ended-sparql", "queries/sparql/measures_beyond_plan_period.rq",
             "(!BOUND(?e) && ?status = pkg:OpenEnded)", "(false)", ("tests/test_query_answers.py",)),
    Mutation("beyond-period-open-ended-cypher", "queries/cypher/measures_beyond_plan_period.cypher",
             "OR (period.`end` IS NULL AND period.period_status = 'open_ended')", "", ("tests/test_query_answers.py",)),
    Mutation("targets-due-bound", "queries/sparql/targets_due_by.rq",
             "SUBSTR(STR(?d), 1, 4) <= ?year", "SUBSTR(STR(?d), 1, 4) < ?year", ("tests/test_query_answers.py",)),
    Mutation("continuation-unfinished-period", "loaders/measures_table.py",
             "if last_period and not is_complete_period_cell(clean_text(last_period)) and period:",
             "if False:", ("tests/test_parser_rules.py",)),
    Mutation("continuation-empty-measure-cell", "loaders/measures_table.py",
             "        if not self._filled(row, \"measure\"):\n            return not period\n", "",
             ("tests/test_parser_rules.py",)),
    Mutation("continuation-period-fragment", "loaders/measures_table.py",
             "if period and not looks_like_period_start(period):\n            return True",
             "if False:\n            return True", ("tests/test_parser_rules.py",)),
    Mutation("continuation-text-only", "loaders/measures_table.py",
             "if not period and not self._agencies_filled(row) and self._filled(row, \"content\"):\n            return True",
             "if False:\n            return True", ("tests/test_parser_rules.py",)),
    Mutation("continuation-next-month", "loaders/measures_table.py",
             "if new_start and last_end and new_start == month_after(last_end):",
             "if False:", ("tests/test_parser_rules.py",)),
    Mutation("continuation-next-month-same-agency", "loaders/measures_table.py",
             "                return same_agency\n", "                return True\n", ("tests/test_parser_rules.py",)),
    Mutation("merged-content-cell", "loaders/measures_table.py",
             "            else (previous.content if previous else None)\n        )\n        period = (",
             "            else None\n        )\n        period = (", ("tests/test_parser_rules.py",)),
    Mutation("merged-agency-cell", "loaders/measures_table.py",
             "return dict(previous.agencies) if previous else {}", "return {}", ("tests/test_parser_rules.py",)),
    Mutation("integer-parameter-binding", "queries/library.py",
             "            if self.type == \"integer\":\n                return int(value)",
             "            if self.type == \"integer\":\n                return str(value)",
             ("tests/test_query_answers.py", "tests/test_query_library.py")),
    Mutation("cross-pillar-filter-sparql", "queries/sparql/cross_pillar_overlaps.rq",
             "FILTER(?pa != ?pb)", "", ("tests/test_query_answers.py",)),
    Mutation("build-output-written-in-place", "loaders/output_folder.py",
             "fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, dir=self.path)\n        tmp_path = Path(tmp)",
             "fd, tmp = os.open(self.path / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), str(self.path / name)\n"
             "        tmp_path = Path(tmp)", ("tests/test_output_folder.py",)),
    Mutation("map-write-in-place", "viz/maps.py",
             'fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)',
             "fd, tmp = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), str(path)",
             ("tests/test_write_failures.py",)),
]


def _dirty(paths: set[str]) -> list[str]:
    out = subprocess.run(["git", "status", "--porcelain", "--", *sorted(paths)], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    return [line[3:] for line in out.splitlines() if line.strip()]


def _run_tests(tests: tuple[str, ...], full: bool) -> bool:
    """True when the tests pass (the mutation survived)."""
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "--no-header"]
    command += [] if full else list(tests)
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    return result.returncode == 0


def run(mutations: list[Mutation], full: bool) -> list[dict]:
    results = []
    for m in mutations:
        path = ROOT / m.path
        original = path.read_text(encoding="utf-8")
        count = original.count(m.old)
        if count != 1:
            results.append({"mutation": m.name, "file": m.path, "result": "stale", "seconds": 0.0,
                            "detail": f"text found {count} times"})
            print(f"{m.name:40} stale ({count} matches)", flush=True)
            continue
        started = time.perf_counter()
        try:
            path.write_text(original.replace(m.old, m.new), encoding="utf-8")
            survived = _run_tests(m.tests, full)
        finally:
            path.write_text(original, encoding="utf-8")
        seconds = time.perf_counter() - started
        verdict = "missed" if survived else "caught"
        results.append({"mutation": m.name, "file": m.path, "result": verdict, "seconds": round(seconds, 1),
                        "detail": "" if full else " ".join(m.tests)})
        print(f"{m.name:40} {verdict} ({seconds:.1f} s)", flush=True)
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="example: python benchmarks/mutation.py -k continuation")
    parser.add_argument("--full", action="store_true", help="run the whole suite for each mutation")
    parser.add_argument("-k", dest="keyword", default="", help="only mutations whose name contains this")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTATIONS if args.keyword in m.name]
    dirty = _dirty({m.path for m in chosen})
    if dirty:
        print("error: uncommitted changes in " + ", ".join(dirty) + "; commit or stash them first", file=sys.stderr)
        return 1
    results = run(chosen, args.full)
    caught = sum(r["result"] == "caught" for r in results)
    live = sum(r["result"] != "stale" for r in results)
    print(f"\ncaught {caught} of {live} mutations" + (f" ({len(results) - live} stale)" if live < len(results) else ""))
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "mutation.json").write_text(json.dumps({"caught": caught, "applied": live, "mutations": results},
                                                  ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if caught == live else 1


if __name__ == "__main__":
    sys.exit(main())
