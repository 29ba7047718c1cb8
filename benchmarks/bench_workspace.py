"""Benchmark: the workspace — build once, then query fast (issue 11's targets, measured in one run).

Run:  python benchmarks/bench_workspace.py [--synthetic 100 | --workspace DIR] [--repeat 5] [--skip-corpora]

Measures (wall clock, each command in a fresh process, the median of ``--repeat`` runs):
  import floor     ``python -c "import policykg.cli"``
  query            ``policykg query NAME`` on a built workspace, as a ratio of the floor (target ≤ 1.5×)
  build shipped    ``policykg build`` of the shipped plan, seconds beyond the floor (target ≤ 1 s)
  synthetic        the N-plan synthetic corpus built (benchmarks/bench_corpus.py's ``timed_build``: wall
                   and peak RSS of its own process), then every named query (queries/sparql/*.rq) in one
                   fresh process: scoped with ``plan=`` to one plan (target < 1 s) and corpus-wide
                   (target < 5 s), each the best of three runs after the first
The build targets of 20 copies and of 10 → 100 → 500 synthetic plans are bench_corpus.py's.
Results are printed and written to benchmarks/results/bench_workspace.json.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
RESULTS = HERE / "results" / "bench_workspace.json"
POLICYKG = [sys.executable, "-m", "policykg"]
SCOPED_TARGET_S, CORPUS_TARGET_S = 1.0, 5.0


def _wall(command: list[str], repeat: int, env=None) -> float:
    """Median wall seconds of ``command`` over ``repeat`` runs (output discarded)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _query_times(folder: Path) -> list[dict]:
    """Every named query on the workspace, scoped to its first plan and corpus-wide (best of 3 after a first run)."""
    from policykg.queries.library import list_queries
    from policykg.workspace import open_workspace

    workspace = open_workspace(folder)
    first = workspace.plan_ids[0]
    rows = []
    for query in list_queries():
        params = query.example_params()
        timings = {}
        for key, plan in (("scoped", first), ("corpus", None)):
            runs, found = [], None
            for _ in range(4):
                started = time.perf_counter()
                found = workspace.query(query.name, plan=plan, **params)
                runs.append(time.perf_counter() - started)
            timings[key] = (min(runs[1:]), runs[0], len(found))
        rows.append({"query": query.name, "scoped_s": round(timings["scoped"][0], 3),
                     "scoped_first_s": round(timings["scoped"][1], 3), "scoped_rows": timings["scoped"][2],
                     "corpus_s": round(timings["corpus"][0], 3), "corpus_first_s": round(timings["corpus"][1], 3),
                     "corpus_rows": timings["corpus"][2]})
    return rows


def _query_times_in_child(folder: Path) -> list[dict]:
    code = ("import json, sys; sys.path.insert(0, %r); from benchmarks.bench_workspace import _query_times; "
            "print(json.dumps(_query_times(%r)))") % (str(HERE.parent), str(folder))
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _save(result: dict) -> None:
    """Write what is measured so far (a long run that is stopped keeps its figures)."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--synthetic", type=int, default=100, help="plans of the synthetic corpus queried (0: none)")
    parser.add_argument("--skip-corpora", action="store_true", help="only the shipped-plan figures")
    parser.add_argument("--workspace", type=Path, help="query this built synthetic workspace instead of building one "
                        "(bench_corpus.py --keep DIR)")
    args = parser.parse_args()
    from benchmarks.bench_corpus import timed_build
    from benchmarks.synthetic_corpus import generate_corpus

    result: dict = {"machine_note": "shared 2-core machine; walls include contention"}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        floor = _wall([sys.executable, "-c", "import policykg.cli"], args.repeat)
        result["import_floor_s"] = round(floor, 3)
        build = _wall([*POLICYKG, "build", "--out", str(tmp / "ws")], max(1, args.repeat // 2))
        result["build_shipped_s"] = round(build, 3)
        result["build_beyond_floor_s"] = round(build - floor, 3)
        queries = {}
        for name, params in (("measures_of_pillar", ["-p", "pillar_no", "5"]), ("agency_workload", []),
                             ("overlap_hubs", [])):
            wall = _wall([*POLICYKG, "query", name, *params, "--workspace", str(tmp / "ws"), "--csv"], args.repeat)
            queries[name] = {"wall_s": round(wall, 3), "ratio_to_floor": round(wall / floor, 2)}
        result["query_on_workspace"] = queries
        _save(result)

        if not args.skip_corpora and (args.synthetic or args.workspace):
            folder = args.workspace
            if folder is None:
                paths = generate_corpus(args.synthetic, tmp / "synthetic")
                folder = tmp / "ws-synthetic"
                result["synthetic"] = timed_build(paths, folder)
                _save(result)
            result["synthetic_queries"] = _query_times_in_child(folder)
            result["synthetic_queries_plans"] = len(json.loads((folder / ".policykg-manifest.json").read_text(
                encoding="utf-8"))["workspace"]["plans"])
            _save(result)

    print(f"import floor (python -c 'import policykg.cli'): {result['import_floor_s']:.3f} s")
    print(f"build of the shipped plan: {result['build_shipped_s']:.3f} s "
          f"({result['build_beyond_floor_s']:+.3f} s beyond the floor; target ≤ 1 s)")
    for name, figures in result["query_on_workspace"].items():
        print(f"query {name}: {figures['wall_s']:.3f} s = {figures['ratio_to_floor']:.2f}× the floor (target ≤ 1.5×)")
    if "synthetic" in result:
        r = result["synthetic"]
        print(f"build synthetic ({r['plans']} plans): {r['build_s']:.1f} s, peak RSS {r['peak_rss_mb']:.0f} MB")
    if "synthetic_queries" in result:
        rows = result["synthetic_queries"]
        print(f"| query | scoped s (first) | rows | corpus-wide s (first) | rows |\n|---|---:|---:|---:|---:|")
        for row in rows:
            print(f"| {row['query']} | {row['scoped_s']:.3f} ({row['scoped_first_s']:.3f}) | {row['scoped_rows']} | "
                  f"{row['corpus_s']:.3f} ({row['corpus_first_s']:.3f}) | {row['corpus_rows']} |")
        slow = [r["query"] for r in rows if r["scoped_s"] >= SCOPED_TARGET_S or r["corpus_s"] >= CORPUS_TARGET_S]
        print(f"named queries: scoped max {max(r['scoped_s'] for r in rows):.3f} s (target < {SCOPED_TARGET_S} s), "
              f"corpus-wide max {max(r['corpus_s'] for r in rows):.3f} s (target < {CORPUS_TARGET_S} s)"
              + (f"; over target: {', '.join(slow)}" if slow else "; all within target"))
    _save(result)
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
