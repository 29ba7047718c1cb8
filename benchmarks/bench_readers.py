"""Benchmark: document readers, chiefly the PDF reader on the real 82-page net-zero pathway.

Run:  python benchmarks/bench_readers.py [--repeat 5] [PDF ...]

For each document (default: the shipped 2050 net-zero pathway PDF, plus any PDF named on the
command line, e.g. a rendering of the AI plan) the reader is run ``repeat`` times after one
warm-up run; the table shows the median time, pages per second, canonical lines, table rows
and skipped furniture lines. Target: the net-zero PDF (82 pages) in under 5 s.
Results are printed and written to benchmarks/results/bench_readers.json.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("pdf", nargs="*", type=Path)
    args = parser.parse_args()

    from policykg.loaders.plan_document import default_plan_path
    from policykg.loaders.readers import read_document

    paths = [default_plan_path().with_name("tw-2050-net-zero-pathway-2022-03-30.pdf"), *args.pdf]
    results = []
    for path in paths:
        times = []
        for run in range(args.repeat + 1):
            t = time.perf_counter()
            doc = read_document(path)
            elapsed = time.perf_counter() - t
            if run:
                times.append(elapsed)
        median = statistics.median(times)
        results.append(
            {
                "document": path.name,
                "bytes": path.stat().st_size,
                "pages": doc.pages,
                "lines": doc.line_count,
                "table_rows": sum(1 for line in doc.lines if "\t" in line),
                "skipped": len(doc.skipped),
                "median_s": median,
                "min_s": min(times),
                "pages_per_s": (doc.pages or 0) / median if median else None,
                "repeats": args.repeat,
                "target_s": 5.0 if path.name.startswith("tw-2050-net-zero") else None,
            }
        )
    header = f"{'document':<46}{'pages':>6}{'lines':>7}{'rows':>6}{'skip':>6}{'median s':>10}{'pages/s':>9}"
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r['document'][:45]:<46}{r['pages']:>6}{r['lines']:>7}{r['table_rows']:>6}{r['skipped']:>6}"
            f"{r['median_s']:>10.3f}{r['pages_per_s']:>9.1f}"
        )
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "bench_readers.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
