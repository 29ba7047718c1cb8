"""Benchmark: ``policykg build`` of the shipped plan (target: at most 1 s beyond the import floor, issue 11).

Run:  python benchmarks/bench_build.py [--repeat 5] [--skip-phases]

Rows of the command table (median of the repeats, fresh processes, wall and CPU seconds):
  import floor  ``python -c "import policykg.cli"``: what every command pays first
  build         ``policykg build --out DIR`` into an empty DIR, as a user runs it: ratio to the
                floor and seconds beyond it (the target)
Phases, in one process after a warm-up run (median of the repeats):
  parse         markdown → PlanDocument (headings, tables, periods, agencies split)
  triples       PlanDocument → the plan graph's triples (structure, provenance, resolved agencies,
                targets/money, regions, technologies, references), no graph store
  oxigraph      those triples into an Oxigraph store (what a workspace build does with them)
  rdflib        the same triples into an rdflib Dataset (paid only by Python code that asks
                for ``plan.rdf``; neither ``build`` nor ``validate`` does)
  outputs       writing graph.ttl/.trig/.jsonld/.nt and the three CSV files
One-time start-up in that process (imports, vocabularies, matchers) is reported apart.
CPU time is printed too: on a shared machine wall time depends on the load.
Results are printed and written to benchmarks/results/bench_build.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cli_timing import IMPORT_FLOOR, POLICYKG, figures, run_timed  # noqa: E402

TARGET_BEYOND_FLOOR_S = 1.0


def _phases(repeat: int) -> tuple[float, dict, dict]:
    t0 = time.perf_counter()
    import pyoxigraph as ox

    from policykg.graph import enrichment
    from policykg.graph.assemble import assemble_plan
    from policykg.graph.namespaces import plan_graph_iri
    from policykg.loaders.build_outputs import write_build_outputs
    from policykg.loaders.mentions import region_matcher, technology_matcher
    from policykg.loaders.plan_document import default_plan_path, parse_plan_document
    from policykg.loaders.rdf_serialization import oxigraph_quads

    enrichment.agency_registry()
    enrichment.reference_registry()
    enrichment.vocabulary_graph()
    region_matcher()
    technology_matcher()
    startup = time.perf_counter() - t0

    path = default_plan_path()
    timings: dict[str, list[float]] = {"parse": [], "triples": [], "oxigraph": [], "rdflib": [], "outputs": []}
    for run in range(repeat + 1):
        t = time.perf_counter()
        doc = parse_plan_document(path)
        t_parse = time.perf_counter() - t

        t = time.perf_counter()
        plan = assemble_plan(doc)
        t_triples = time.perf_counter() - t

        t = time.perf_counter()
        ox.Store().bulk_extend(oxigraph_quads({plan_graph_iri(doc.plan_id): plan.triples()}))
        t_oxigraph = time.perf_counter() - t

        t = time.perf_counter()
        plan.rdf  # noqa: B018 - made on first use
        t_rdflib = time.perf_counter() - t

        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            write_build_outputs([plan], Path(tmp) / "out")
            t_out = time.perf_counter() - t
        if run:  # the first run warms caches
            for key, value in zip(timings, (t_parse, t_triples, t_oxigraph, t_rdflib, t_out)):
                timings[key].append(value)
    medians = {k: round(statistics.median(v), 3) for k, v in timings.items()}
    info = {"plan": path.name, "bytes": path.stat().st_size, "triples": len(plan.graph),
            "measures": len(list(doc.measures()))}
    return startup, medians, info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-phases", action="store_true", help="Only the command table.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ws"
        floor = run_timed(IMPORT_FLOOR, args.repeat)
        build = run_timed([*POLICYKG, "build", "--out", str(out)], args.repeat,
                          before_each=lambda: shutil.rmtree(out, ignore_errors=True))
    result: dict = {
        "import_floor": figures(*floor, floor[0], args.repeat),
        "build": figures(*build, floor[0], args.repeat),
        "target_beyond_floor_s": TARGET_BEYOND_FLOOR_S,
        "load_average": round(os.getloadavg()[0], 2),
    }
    result["build_meets_target"] = result["build"]["beyond_floor_s"] <= TARGET_BEYOND_FLOOR_S
    print(f"{'command':<14}{'wall s':>8}{'cpu s':>8}{'× floor':>9}{'+ floor s':>11}{'runs':>6}")
    for name in ("import_floor", "build"):
        row = result[name]
        print(f"{name.replace('_', ' '):<14}{row['wall_s']:>8.3f}{row['cpu_s']:>8.3f}{row['ratio_to_floor']:>9.2f}"
              f"{row['beyond_floor_s']:>+11.3f}{row['runs']:>6}")
    print(f"target: build ≤ {TARGET_BEYOND_FLOOR_S} s beyond the floor -> "
          f"{'met' if result['build_meets_target'] else 'NOT met'} (load average {result['load_average']:.1f})")

    if not args.skip_phases:
        startup, medians, info = _phases(args.repeat)
        result.update(info, startup_s=round(startup, 3), median_s=medians, repeats=args.repeat)
        print(f"\ndefault plan: {info['bytes']:,} bytes, {info['measures']} measures, {info['triples']:,} triples")
        print(f"{'phase':<14}{'median s':>10}")
        print(f"{'start-up':<14}{startup:>10.3f}   (imports + vocabularies, once per process)")
        for key, value in medians.items():
            print(f"{key:<14}{value:>10.3f}")
    target = Path(__file__).parent / "results" / "bench_build.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
