"""Pivot report benchmark: the whole report for each sample CV, cold once and then warm.

Run (after ``careerpivot data import all`` and ``data embed`` into CAREERPIVOT_HOME)::

    CAREERPIVOT_HOME=… .venv/bin/python benchmarks/bench_pivot.py --shared ../shared

Measures, on this machine:

- the first report (cold: loads the extractor, title index and transition model);
- each sample CV's report warm (parse + skills + competencies + gaps + fit + opportunity
  cost + transitions), best of ``--repeat``, and the share of that time in parsing and
  analysing the CV versus building the report;
- a "2-page" CV (the three sample CVs joined) warm;
- rendering the HTML report;
- peak RSS.

"Warm" means models and tables are loaded; the extractor's text-embedding cache is cleared
before every timed repetition, so each one embeds the CV's sentences afresh.

Target (issue #4): a pivot report for a 2-page CV in under 2 s warm on 2 cores. Prints one
line per measurement and, last, one JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

ANSWERS = Path(__file__).resolve().parents[1] / "examples" / "answers-maya.yaml"


def _clear_embedding_cache() -> None:
    """Forget cached text embeddings, so a repetition embeds the CV afresh (no cache hits)."""
    from careerpivot.extract.service import load_extractor

    getattr(load_extractor(), "clear_cache", lambda: None)()


def _best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        _clear_embedding_cache()
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    """Run the benchmark and print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--target", default="pm")
    args = parser.parse_args()

    from careerpivot.fit_service import load_answers
    from careerpivot.intake import read_profile
    from careerpivot.pivot import build_report
    from careerpivot.report.render import render

    answers = load_answers(ANSWERS)
    cvs = sorted((args.shared / "samples" / "cv").glob("*"))
    t = time.perf_counter()
    build_report(read_profile(cvs[0]), args.target, answers=answers)
    cold = time.perf_counter() - t
    print(f"first report (cold, loads models): {cold:.2f} s")

    warm: dict[str, dict[str, float]] = {}
    for path in cvs:
        read_s = _best(lambda p=path: read_profile(p), args.repeat)
        profile = read_profile(path)
        report_s = _best(
            lambda pr=profile: build_report(pr, args.target, answers=answers), args.repeat
        )
        warm[path.name] = {"read_s": round(read_s, 3), "report_s": round(report_s, 3)}
        print(
            f"{path.name}: {read_s + report_s:.2f} s warm "
            f"(read + analyse CV {read_s:.2f} s, report {report_s:.2f} s)"
        )

    with tempfile.TemporaryDirectory() as tmp:
        joined = Path(tmp) / "two-pages.txt"
        joined.write_text("\n\n".join(p.read_text(encoding="utf-8") for p in cvs))
        words = len(joined.read_text().split())
        read_profile(joined)

        def whole() -> None:
            build_report(read_profile(joined), args.target, answers=answers)

        two_page = _best(whole, args.repeat)
    print(f"2-page CV ({words} words): {two_page:.2f} s warm (read + analyse + report)")

    report = build_report(read_profile(cvs[0]), args.target, answers=answers)
    html_s = _best(lambda: render(report, "html"), args.repeat)
    print(f"render HTML: {html_s * 1000:.0f} ms")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MB")
    print(
        json.dumps(
            {
                "target": args.target,
                "cold_s": round(cold, 2),
                "warm": warm,
                "two_page_words": words,
                "two_page_s": round(two_page, 3),
                "render_html_ms": round(html_s * 1000),
                "peak_rss_mb": round(rss),
            }
        )
    )


if __name__ == "__main__":
    main()
