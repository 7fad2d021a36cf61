"""Extraction speed benchmark: sentences per second, a 2-page CV profiled warm, peak memory.

Run (after ``careerpivot data import all`` and ``data embed`` into CAREERPIVOT_HOME)::

    CAREERPIVOT_HOME=… .venv/bin/python benchmarks/bench_extract.py --shared ../shared

Measures, on this machine, with the default extractor (or ``--extractor NAME``):

- load time (store, embeddings cache, model) — cold, once;
- sentences/s linking the dev skill sentences (TECH + HOUSE) in batches of 64, after one
  warm-up batch; the linker's embedding cache is cleared before each repetition, so every
  repetition embeds its sentences afresh (repeats *within* the set still hit the cache, as
  they would in a long-running server);
- the time to analyse each sample CV warm (parse + skills + title matches), and a "2-page"
  CV made by joining the three sample CVs' experience sections (model, indexes and phrase
  tables loaded; the embedding cache cleared before each, so sentences are embedded anew);
- peak RSS of the process.

Targets (issue #3): ≥ 100 sentences/s on 2 cores after warm-up; a 2-page CV < 2 s warm;
peak memory ≤ 1 GB. Prints one line per measurement and, last, one JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path


def _sentences(shared: Path) -> list[str]:
    out = []
    for name in ("skills-tech-dev.jsonl", "skills-house-dev.jsonl"):
        for line in (shared / "eval" / name).read_text().splitlines():
            if line.strip():
                out.append(json.loads(line)["text"])
    return out


def main() -> None:
    """Run the benchmark and print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--extractor", default=None, help="registered name (default: the default)")
    args = parser.parse_args()

    from careerpivot.extract.service import DEFAULT_EXTRACTOR, load_extractor
    from careerpivot.intake import analyse_profile
    from careerpivot.profile import parse_file, parse_text

    t = time.perf_counter()
    linker = load_extractor(args.extractor or DEFAULT_EXTRACTOR)
    load_s = time.perf_counter() - t
    encoder = type(getattr(linker, "embedder", None)).__name__
    print(f"load extractor ({linker.name}, {encoder}): {load_s:.2f} s")

    sentences = _sentences(args.shared)
    linker.link(sentences[:64])  # warm-up
    best = 0.0
    for _ in range(args.repeat):
        getattr(linker, "clear_cache", lambda: None)()
        t = time.perf_counter()
        for i in range(0, len(sentences), 64):
            linker.link(sentences[i : i + 64])
        best = max(best, len(sentences) / (time.perf_counter() - t))
    print(f"link: {best:.1f} sentences/s (best of {args.repeat}, {len(sentences)} sentences)")

    cvs = sorted((args.shared / "samples" / "cv").glob("*"))
    profiles = [parse_file(p) for p in cvs]
    analyse_profile(profiles[0], extractor=linker.name)  # warm-up: title index, phrases, caches
    per_cv = {}
    clear = getattr(linker, "clear_cache", lambda: None)  # time embedding, not cache hits
    for path, profile in zip(cvs, profiles, strict=True):
        clear()
        t = time.perf_counter()
        analyse_profile(profile, extractor=linker.name)
        per_cv[path.name] = round(time.perf_counter() - t, 3)
        print(f"analyse {path.name}: {per_cv[path.name]:.2f} s warm")
    two_pages = "\n\n".join(p.read_text(encoding="utf-8") for p in cvs)
    words = len(two_pages.split())
    clear()
    t = time.perf_counter()
    parsed = parse_text(two_pages)
    analysed, _ = analyse_profile(parsed, extractor=linker.name)
    two_page_s = time.perf_counter() - t
    print(
        f"2-page CV ({words} words, {len(analysed.experiences)} jobs, "
        f"{len(analysed.skills)} skills): {two_page_s:.2f} s warm (parse + analyse)"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MB")
    print(
        json.dumps(
            {
                "extractor": linker.name,
                "encoder": encoder,
                "load_s": round(load_s, 2),
                "sentences_per_s": round(best, 1),
                "cv_warm_s": per_cv,
                "two_page_cv_words": words,
                "two_page_cv_s": round(two_page_s, 3),
                "peak_rss_mb": round(rss),
            }
        )
    )


if __name__ == "__main__":
    main()
