"""Foundation benchmark: import time and memory, store open time, search latency, CLI start-up.

Run: ``.venv/bin/python benchmarks/bench_foundation.py --data ../shared/data``.
Prints one line per measurement and, last, one JSON object with every number.
Targets (issue #2): import < 120 s with peak RSS < 1.5 GB; open the store for a query < 1 s;
search p50 < 20 ms; ``careerpivot --help`` < 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERIES = [
    "product manager", "customer success manager", "customer sucess manager", "manager product",
    "support lead", "account manager", "software developer", "ux designer", "data analyst",
    "teacher", "nurse", "sales engineer", "product owner", "customer support specialist",
    "business analyst", "growth product manager", "head of product", "project manager",
    "marketing manager", "solutions engineer", "qa engineer", "implementation consultant",
    "operations manager", "technical product manager", "customer experience manager",
]  # fmt: skip


def _run(code: str, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


IMPORT = """
import json, resource, time
from pathlib import Path
from careerpivot.taxonomy.build import detect_sources, import_sources
t = time.perf_counter()
import_sources(Path({store!r}), detect_sources(Path({data!r})))
secs = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"import_s": secs, "import_peak_rss_mb": rss}}))
"""

QUERY = """
import json, statistics, time
t = time.perf_counter()
from careerpivot import occupations
first = occupations.search("product manager", limit=10)
open_s = time.perf_counter() - t
times = []
for _ in range(5):
    for q in {queries!r}:
        t = time.perf_counter()
        occupations.search(q, limit=10)
        times.append(time.perf_counter() - t)
times.sort()
print(json.dumps({{"open_and_first_query_s": open_s,
                  "search_p50_ms": 1000 * statistics.median(times),
                  "search_p95_ms": 1000 * times[int(0.95 * len(times))],
                  "top_hit_product_manager": first.hits[0].title}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="../shared/data", help="folder like shared/data")
    args = parser.parse_args()
    data = Path(args.data).resolve()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "CAREERPIVOT_HOME": home}
        store = str(Path(home) / "taxonomy.sqlite")
        results.update(_run(IMPORT.format(store=store, data=str(data)), env))
        print(f"import all: {results['import_s']:.1f} s, "
              f"peak RSS {results['import_peak_rss_mb']:.0f} MB")  # fmt: skip
        results["store_mb"] = Path(store).stat().st_size / 1e6
        results.update(_run(QUERY.format(queries=QUERIES), env))
        print(f"open store + first query: {results['open_and_first_query_s']:.2f} s")
        print(f"search over {len(QUERIES)} queries x5: p50 {results['search_p50_ms']:.1f} ms, "
              f"p95 {results['search_p95_ms']:.1f} ms")  # fmt: skip
        exe = Path(sys.executable).with_name("careerpivot")
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run([str(exe), "--help"], env=env, capture_output=True, check=True)
            runs.append(time.perf_counter() - t)
        results["help_s"] = statistics.median(runs)
        print(f"careerpivot --help: median {results['help_s']:.2f} s")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
