"""Benchmark: the workspace — build once, then query fast (issue 11's targets, measured in one run).

Run:  python benchmarks/bench_workspace.py [--copies 20] [--synthetic 100] [--growth 10,100,500]
      [--repeat 5] [--skip-corpora]

Measures, each as the median of ``--repeat`` runs in fresh processes (wall clock):
  import floor     ``python -c "import policykg.cli"``
  query            ``policykg query NAME`` on a built workspace, as a ratio of the floor (target ≤ 1.5×)
  build shipped    ``policykg build`` of the shipped plan, seconds beyond the floor (target ≤ 1 s)
  copies           ``policykg build`` of N copies of the shipped plan: wall and peak RSS
                   (targets for 20: < 15 s, < 700 MB)
  synthetic        ``policykg build`` of the N-plan synthetic corpus (benchmarks/synthetic_corpus.py):
                   wall and peak RSS (targets for 100: < 60 s, < 1.5 GB); then every named query in
                   one process, scoped with ``plan=`` to one plan (target < 1 s) and corpus-wide (< 5 s)
  growth           the synthetic build for each size of ``--growth``
Peak RSS comes from ``/usr/bin/time -f %M`` (the build process and its children).
Results are printed and written to benchmarks/results/bench_workspace.json.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "bench_workspace.json"
POLICYKG = [sys.executable, "-m", "policykg"]


def _wall(command: list[str], repeat: int, env=None) -> float:
    """Median wall seconds of ``command`` over ``repeat`` runs (output discarded)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _timed_build(paths: list[Path], out: Path) -> dict:
    """One ``policykg build`` under /usr/bin/time: wall seconds and peak RSS in MB."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M", *POLICYKG, "build", *map(str, paths), "--out", str(out)],
                            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    peak_kb = int(result.stderr.strip().splitlines()[-1])
    return {"plans": len(paths), "build_s": round(wall, 2), "peak_rss_mb": round(peak_kb / 1024, 1)}


def _query_times(folder: Path) -> list[dict]:
    """Every named query on the workspace, scoped to its first plan and corpus-wide (one process)."""
    from policykg.queries.library import list_queries
    from policykg.workspace import open_workspace

    workspace = open_workspace(folder)
    first = workspace.plan_ids[0]
    rows = []
    for query in list_queries():
        params = query.example_params()
        started = time.perf_counter()
        scoped = workspace.query(query.name, plan=first, **params)
        t_scoped = time.perf_counter() - started
        started = time.perf_counter()
        wide = workspace.query(query.name, **params)
        t_wide = time.perf_counter() - started
        rows.append({"query": query.name, "scoped_s": round(t_scoped, 3), "scoped_rows": len(scoped),
                     "corpus_s": round(t_wide, 3), "corpus_rows": len(wide)})
    return rows


def _copies(n: int, folder: Path) -> list[Path]:
    from policykg.loaders.plan_document import default_plan_path

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"copy-{i:03d}.md"
        shutil.copyfile(default_plan_path(), path)
        paths.append(path)
    return paths


def _synthetic(n: int, folder: Path) -> list[Path]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synthetic_corpus import generate_corpus

    return generate_corpus(n, folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--synthetic", type=int, default=100)
    parser.add_argument("--growth", default="", help="comma-separated corpus sizes, e.g. 10,100,500")
    parser.add_argument("--skip-corpora", action="store_true", help="only the shipped-plan figures")
    args = parser.parse_args()

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

        if not args.skip_corpora:
            if args.copies:
                result["copies"] = _timed_build(_copies(args.copies, tmp / "copies"), tmp / "ws-copies")
            if args.synthetic:
                paths = _synthetic(args.synthetic, tmp / "synthetic")
                result["synthetic"] = _timed_build(paths, tmp / "ws-synthetic")
                result["synthetic_queries"] = _query_times(tmp / "ws-synthetic")
            growth = []
            for size in [int(s) for s in args.growth.split(",") if s.strip()]:
                paths = _synthetic(size, tmp / f"growth-{size}")
                growth.append(_timed_build(paths, tmp / f"ws-growth-{size}"))
                shutil.rmtree(tmp / f"ws-growth-{size}", ignore_errors=True)
            if growth:
                result["growth"] = growth

    print(f"import floor (python -c 'import policykg.cli'): {result['import_floor_s']:.3f} s")
    print(f"build of the shipped plan: {result['build_shipped_s']:.3f} s "
          f"({result['build_beyond_floor_s']:+.3f} s beyond the floor; target ≤ 1 s)")
    for name, figures in result["query_on_workspace"].items():
        print(f"query {name}: {figures['wall_s']:.3f} s = {figures['ratio_to_floor']:.2f}× the floor (target ≤ 1.5×)")
    for key in ("copies", "synthetic"):
        if key in result:
            r = result[key]
            print(f"build {key} ({r['plans']} plans): {r['build_s']:.1f} s, peak RSS {r['peak_rss_mb']:.0f} MB")
    if "synthetic_queries" in result:
        print(f"{'query':38} {'scoped s':>9} {'rows':>6} {'corpus s':>9} {'rows':>7}")
        for row in result["synthetic_queries"]:
            print(f"{row['query']:38} {row['scoped_s']:9.3f} {row['scoped_rows']:6d} {row['corpus_s']:9.3f} "
                  f"{row['corpus_rows']:7d}")
    for row in result.get("growth", []):
        print(f"growth: {row['plans']:4d} plans → build {row['build_s']:.1f} s, peak RSS {row['peak_rss_mb']:.0f} MB")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
