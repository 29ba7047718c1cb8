"""Benchmark: load a synthetic corpus of 10 → 100 plans, then find overlaps and dependencies.

Each size runs in a fresh Python process so peak memory (max RSS) is its own. Prints a table
and writes ``benchmarks/results/corpus.json``. Targets (2-core machine): load < 60 s,
overlaps < 30 s, memory < 4 GB at 100 plans.

Usage::

    /work/venv/bin/python benchmarks/bench_corpus.py            # sizes 10 25 50 100
    /work/venv/bin/python benchmarks/bench_corpus.py 10 20      # other sizes
"""
from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

__all__ = ["measure_one", "main"]


def measure_one(directory: str, n: int) -> dict:
    """Run in a child process: load ``n`` plans of ``directory``, time overlaps, report RSS."""
    started = time.perf_counter()
    import policykg  # noqa: F401  (import time is part of a cold start, reported separately)
    from policykg.corpus import Corpus

    imported = time.perf_counter()
    paths = sorted(Path(directory).glob("plan-*.md"))[:n]
    corpus = Corpus(paths)
    loaded = time.perf_counter()
    overlaps = corpus.overlaps()
    overlapped = time.perf_counter()
    deps = corpus.dependencies()
    depended = time.perf_counter()
    return {
        "plans": len(corpus.plans),
        "measures": int(sum(len(list(p.doc.measures())) for p in corpus.plans)),
        "quads": len(corpus.rdf),
        "import_s": round(imported - started, 2),
        "load_s": round(loaded - imported, 2),
        "overlaps_s": round(overlapped - loaded, 2),
        "overlap_rows": len(overlaps),
        "dependencies_s": round(depended - overlapped, 2),
        "dependency_rows": len(deps),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }


def main(sizes: list[int]) -> list[dict]:
    from benchmarks.synthetic_corpus import generate_corpus

    results = []
    with tempfile.TemporaryDirectory() as directory:
        t = time.perf_counter()
        generate_corpus(max(sizes), directory, seed=0)
        print(f"generated {max(sizes)} plans in {time.perf_counter() - t:.1f} s", flush=True)
        for n in sizes:
            code = ("import json, sys; sys.path.insert(0, %r); from benchmarks.bench_corpus import measure_one; "
                    "print(json.dumps(measure_one(%r, %d)))") % (str(HERE.parent), directory, n)
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            row = json.loads(out.stdout.strip().splitlines()[-1])
            results.append(row)
            print(f"{row['plans']:>5} plans {row['measures']:>6} measures {row['quads']:>9} quads | load "
                  f"{row['load_s']:>6.1f} s | overlaps {row['overlaps_s']:>5.1f} s ({row['overlap_rows']} rows) | "
                  f"dependencies {row['dependencies_s']:>5.1f} s | peak RSS {row['peak_rss_mb']:>5} MB "
                  f"(workers {row['worker_peak_rss_mb']} MB)", flush=True)
    report = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "targets": {"load_s": 60, "overlaps_s": 30, "memory_mb": 4096},
        "results": results,
    }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "corpus.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"wrote {HERE / 'results' / 'corpus.json'}")
    return results


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 25, 50, 100])
