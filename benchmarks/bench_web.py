"""Web app speed and page weight: report page, CV upload → review page, bytes per page.

Run (after ``careerpivot data import all`` and ``data embed`` into CAREERPIVOT_HOME)::

    CAREERPIVOT_HOME=… .venv/bin/python benchmarks/bench_web.py [--cv FILE] [--runs 5]

The app runs in-process (Starlette's TestClient: the full middleware stack, routing,
templates and store, without the network). User data goes to a temporary SQLite database,
never to the home's own ``careerpivot.db``. Measures:

- CV upload → review page: POST the CV through the start page's form, follow the redirect
  to the review page; once cold (models load) and ``--runs`` times warm (median, max);
- report build through ``POST /api/reports`` (median of 3; not a target, for context);
- report page for a stored analysis: ``GET /reports/{id}`` (median, p90 of 20);
- page weight of every page: HTML bytes, its CSS/JS assets, and the gzip transfer size.

Targets (issue #6): report page < 500 ms; upload → review < 3 s warm on 2 cores; a page
weight acceptable on a slow connection. Prints one line per measurement, then one JSON object.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CV = REPO.parent / "shared" / "samples" / "cv" / "maya-csm.md"
ASSET = re.compile(r'(?:href|src)="(/static/[^"?]+)[^"]*"')
TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def _timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def _upload(client: Any, cv: Path) -> tuple[float, str]:
    token = TOKEN.search(client.get("/").text)
    assert token, "no CSRF token on the start page"

    def run() -> Any:
        with cv.open("rb") as handle:
            posted = client.post(
                "/profiles",
                data={"csrf_token": token.group(1)},
                files={"file": (cv.name, handle.read(), "text/markdown")},
                follow_redirects=True,
            )
        assert posted.status_code == 200 and "Review what we found" in posted.text, posted.text
        return posted

    ms, page = _timed(run)
    return ms, str(page.url).rsplit("/", 1)[1]


def _weight(client: Any, path: str) -> dict[str, Any]:
    page = client.get(path)
    html = page.content
    assets = sorted(set(ASSET.findall(page.text)))
    asset_bytes = {a: client.get(a).content for a in assets}
    raw = len(html) + sum(len(b) for b in asset_bytes.values())
    zipped = len(gzip.compress(html)) + sum(len(gzip.compress(b)) for b in asset_bytes.values())
    return {
        "path": path,
        "html_kb": round(len(html) / 1024, 1),
        "assets": assets,
        "total_kb": round(raw / 1024, 1),
        "gzip_kb": round(zipped / 1024, 1),
    }


def main() -> None:
    """Run the benchmark and print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cv", type=Path, default=DEFAULT_CV)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from careerpivot.settings import load
    from careerpivot.web import create_app

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = load()
        settings = load(
            {
                "CAREERPIVOT_HOME": str(base.home),
                "CAREERPIVOT_DATABASE_URL": f"sqlite:///{tmp}/b.db",
            }
        )
        client = TestClient(create_app(settings))
        cold, profile_id = _upload(client, args.cv)
        print(f"upload → review, cold (models load): {cold:,.0f} ms")
        warm = [_upload(client, args.cv)[0] for _ in range(args.runs)]
        print(
            f"upload → review, warm: median {statistics.median(warm):,.0f} ms, "
            f"max {max(warm):,.0f} ms over {len(warm)} runs (target < 3,000 ms)"
        )
        builds = []
        analysis_id = ""
        for _ in range(3):
            ms, made = _timed(
                lambda: client.post("/api/reports", json={"profile_id": profile_id, "target": "pm"})
            )
            assert made.status_code == 201, made.text
            builds.append(ms)
            analysis_id = made.json()["analysis_id"]
        print(f"report build (POST /api/reports): median {statistics.median(builds):,.0f} ms")
        pages = []
        for _ in range(20):
            ms, page = _timed(lambda: client.get(f"/reports/{analysis_id}"))
            assert page.status_code == 200
            pages.append(ms)
        pages.sort()
        p90 = pages[int(0.9 * (len(pages) - 1))]
        print(
            f"report page (stored analysis): median {statistics.median(pages):,.1f} ms, "
            f"p90 {p90:,.1f} ms (target < 500 ms)"
        )
        paths = [
            "/",
            f"/profiles/{profile_id}",
            f"/profiles/{profile_id}/target?q=business+analyst",
            f"/profiles/{profile_id}/fit?target=pm",
            f"/reports/{analysis_id}",
            "/transitions?origin=customer+service+representative",
        ]
        plan = client.post("/api/plans", json={"analysis_id": analysis_id})
        if plan.status_code == 201:
            paths.append(f"/plans/{plan.json()['id']}")
        weights = [_weight(client, p) for p in paths]
        for w in weights:
            print(
                f"page weight {w['path']}: HTML {w['html_kb']} KB, with CSS/JS {w['total_kb']} KB, "
                f"gzip {w['gzip_kb']} KB"
            )
        results = {
            "upload_review_cold_ms": round(cold),
            "upload_review_warm_median_ms": round(statistics.median(warm)),
            "upload_review_warm_max_ms": round(max(warm)),
            "report_build_median_ms": round(statistics.median(builds)),
            "report_page_median_ms": round(statistics.median(pages), 1),
            "report_page_p90_ms": round(p90, 1),
            "page_weights": weights,
        }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
