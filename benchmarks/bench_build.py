"""Benchmark: a full build of the default plan, parse and graph building timed separately.

Run:  python benchmarks/bench_build.py [--repeat 7]

Phases (median of the repeats, after one warm-up run):
  parse        markdown → PlanDocument (headings, tables, periods, agencies split)
  graph        PlanDocument → RDF named graph (structure, provenance, resolved agencies,
               targets/money, regions, technologies, references)
  vocabularies copy of the shared vocabularies into the new dataset (per dataset, not per plan)
  outputs      writing graph.ttl/.trig/.jsonld/.nt and the three CSV files
One-time start-up (imports, loading the vocabularies and matchers) is reported apart.
Results are printed and written to benchmarks/results/bench_build.json.
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    t0 = time.perf_counter()
    from policykg.graph import enrichment
    from policykg.graph.assemble import new_dataset
    from policykg.graph.build import build_plan_dataset
    from policykg.graph.namespaces import VOCABULARY_GRAPH
    from policykg.loaders.build_outputs import write_build_outputs
    from policykg.loaders.mentions import region_matcher, technology_matcher
    from policykg.loaders.plan_document import default_plan_path, parse_plan_document
    from policykg.plan import Plan

    enrichment.agency_registry()
    enrichment.reference_registry()
    enrichment.vocabulary_graph()
    region_matcher()
    technology_matcher()
    startup = time.perf_counter() - t0

    path = default_plan_path()
    timings: dict[str, list[float]] = {"parse": [], "graph": [], "vocabularies": [], "outputs": []}
    for run in range(args.repeat + 1):
        t = time.perf_counter()
        doc = parse_plan_document(path)
        t_parse = time.perf_counter() - t

        t = time.perf_counter()
        dataset = new_dataset()
        warnings: list[str] = []
        resolver, enrichers = enrichment.default_enrichers(doc, warnings)
        build_plan_dataset(doc, dataset, agency_resolver=resolver, text_enrichers=enrichers)
        t_graph = time.perf_counter() - t

        t = time.perf_counter()
        dataset.graph(VOCABULARY_GRAPH).__iadd__(enrichment.vocabulary_graph())
        t_vocab = time.perf_counter() - t

        plan = Plan(doc, dataset, warnings)
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            write_build_outputs([plan], Path(tmp) / "out")
            t_out = time.perf_counter() - t
        if run:  # the first run warms caches
            for key, value in zip(timings, (t_parse, t_graph, t_vocab, t_out)):
                timings[key].append(value)

    medians = {k: statistics.median(v) for k, v in timings.items()}
    medians["parse+graph"] = medians["parse"] + medians["graph"]
    result = {
        "plan": path.name,
        "bytes": path.stat().st_size,
        "triples": len(plan.graph),
        "measures": len(list(doc.measures())),
        "startup_s": startup,
        "median_s": medians,
        "repeats": args.repeat,
    }
    print(f"default plan: {result['bytes']:,} bytes, {result['measures']} measures, {result['triples']:,} triples")
    print(f"{'phase':<14}{'median (s)':>12}")
    print(f"{'start-up':<14}{startup:>12.3f}   (imports + vocabularies, once per process)")
    for key, value in medians.items():
        print(f"{key:<14}{value:>12.3f}")
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "bench_build.json").write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
