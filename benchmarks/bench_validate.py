"""Benchmark: SHACL validation of the shipped plan (target: `policykg validate` under 2 s wall).

Run:  python benchmarks/bench_validate.py [--repeat 5]

Rows (median of the repeats, wall and CPU seconds):
  floor        ``python -c "import policykg.cli"`` (the import floor, measured in the same run)
  cli          `policykg validate` as a user runs it: start-up, parse, build, validate (with its
               ratio to the floor)
  validate     validate_graph(plan.union, copy=False): superclass types, pyshacl core shapes,
               SPARQL constraints set-at-a-time in Oxigraph
  pyshacl      the way it was validated before issue 10, for comparison: pyshacl with RDFS
               inference over the ontology, every shape as written (run once)
CPU time is printed too: on a shared machine wall time depends on the load.
Results are printed and written to benchmarks/results/bench_validate.json.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cli_timing import IMPORT_FLOOR, POLICYKG, run_timed  # noqa: E402

TARGET_SECONDS = 2.0


def _timed(function) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-old", action="store_true", help="Do not time the pre-issue-10 way (slow).")
    args = parser.parse_args()

    import policykg
    from policykg.graph.validate import ontology_graph, shapes_graph, translated_queries_reused, validate_graph

    plan = policykg.load_plan()
    validate_graph(plan.union, copy=False)  # warm-up: shapes parsed and prepared once per process
    rows: dict[str, list[tuple[float, float]]] = {"floor": [], "cli": [], "validate": []}
    for _ in range(args.repeat):
        rows["floor"].append(run_timed(IMPORT_FLOOR, 1))
        rows["cli"].append(run_timed([*POLICYKG, "validate"], 1))
        union = plan.union
        rows["validate"].append(_timed(lambda: validate_graph(union, copy=False)))
    if not args.skip_old:
        from pyshacl import validate

        def old():
            with translated_queries_reused():
                validate(plan.union, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="rdfs",
                         allow_warnings=True)
        rows["pyshacl"] = [_timed(old)]

    result = {name: {"wall_s": round(statistics.median(w for w, _ in runs), 3),
                     "cpu_s": round(statistics.median(c for _, c in runs), 3), "runs": len(runs)}
              for name, runs in rows.items()}
    result["cli"]["ratio_to_floor"] = round(result["cli"]["wall_s"] / result["floor"]["wall_s"], 2)
    result["target_s"] = TARGET_SECONDS
    result["cli_meets_target"] = result["cli"]["wall_s"] < TARGET_SECONDS
    result["load_average"] = os.getloadavg()[0]
    print(f"{'phase':<10} {'wall s':>8} {'cpu s':>8} {'runs':>5}")
    for name in rows:
        print(f"{name:<10} {result[name]['wall_s']:>8.3f} {result[name]['cpu_s']:>8.3f} {result[name]['runs']:>5}")
    print(f"cli = {result['cli']['ratio_to_floor']:.2f}× the import floor")
    print(f"target: cli < {TARGET_SECONDS} s wall -> {'met' if result['cli_meets_target'] else 'NOT met'} "
          f"(load average {result['load_average']:.1f})")
    out = Path(__file__).parent / "results" / "bench_validate.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
