"""Save a screenshot of every page of the web app (not a test: for people to look at).

Run (after ``careerpivot data import all`` and ``data embed`` into CAREERPIVOT_HOME; needs
Debian's ``chromium`` and Python Playwright)::

    CAREERPIVOT_HOME=… .venv/bin/python benchmarks/web_screenshots.py --out /tmp/web-shots

Starts the app on a free local port (user data in a temporary database), walks the flow
with the sample CV in headless Chromium — start, the progress overlay, review, target
search, fit check, report (screen and print media), plan and check-in when planning is
installed, transitions, an error page — and a few pages at phone width. Prints each file.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CV = REPO.parent / "shared" / "samples" / "cv" / "maya-csm.md"


def _shot(page: Any, out: Path, name: str, *, full: bool = True) -> None:
    path = out / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    print(path)


def walk(base: str, out: Path, cv: Path, chromium: str) -> None:
    """Walk the flow at ``base`` and save the screenshots into ``out``."""
    from playwright.sync_api import sync_playwright

    from careerpivot.web.views import planning_available

    slow = 180_000
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(base + "/")
        _shot(page, out, "01-start")
        page.evaluate("document.addEventListener('submit', (e) => e.preventDefault())")
        page.get_by_label("CV file").set_input_files(str(cv))
        page.get_by_role("button", name="Analyse my CV").click()  # held: shows the overlay
        page.wait_for_selector("#busy:not([hidden])")
        _shot(page, out, "02-progress", full=False)
        page.reload()
        page.get_by_label("CV file").set_input_files(str(cv))
        page.get_by_role("button", name="Analyse my CV").click()
        page.wait_for_url("**/profiles/*", timeout=slow)
        profile_url = page.url
        _shot(page, out, "03-review")
        page.goto(profile_url + "/target?q=business+analyst")
        _shot(page, out, "04-target-search")
        page.goto(profile_url + "/fit?target=pm")
        questions = page.locator("fieldset.question")
        for i in range(0, questions.count(), 2):  # answer every other question; skip the rest
            questions.nth(i).locator("input[type=radio]").nth(3).check()
        _shot(page, out, "05-fit")
        page.get_by_role("button", name="See my report").click()
        page.wait_for_url("**/reports/*", timeout=slow)
        _shot(page, out, "06-report")
        page.emulate_media(media="print")
        _shot(page, out, "07-report-print")
        page.emulate_media(media="screen")
        if planning_available():
            page.get_by_role("button", name="Make a dated plan").click()
            page.wait_for_url("**/plans/*", timeout=slow)
            page.locator("input[name=done]").first.check()
            page.get_by_role("textbox", name="Evidence").fill(
                "Ran a customer discovery interview series and wrote up the problem statement."
            )
            page.get_by_role("textbox", name="Note", exact=True).fill(
                "Talked to the PM of the approval workflow."
            )
            page.get_by_role("button", name="Save check-in").click()
            page.wait_for_url("**/plans/*", timeout=slow)
            _shot(page, out, "08-plan")
        page.goto(base + "/transitions?origin=customer+service+representative")
        _shot(page, out, "09-transitions")
        page.locator("table a").first.click()
        page.wait_for_load_state()
        _shot(page, out, "10-transition-detail")
        page.goto(base + "/profiles/no-such-profile")
        _shot(page, out, "11-error")
        phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
        phone.goto(base + "/")
        _shot(phone, out, "12-start-phone")
        phone.goto(profile_url)
        _shot(phone, out, "13-review-phone", full=False)
        browser.close()


def main() -> None:
    """Start the app, walk it, save the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("/tmp/web-shots"))
    parser.add_argument("--cv", type=Path, default=DEFAULT_CV)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from tests.e2e.webserver import running_app

    from careerpivot.settings import load

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        home = load().home
        env = {"CAREERPIVOT_HOME": str(home), "CAREERPIVOT_DATABASE_URL": f"sqlite:///{tmp}/s.db"}
        with running_app(load(env)) as base:
            walk(base, args.out, args.cv, args.chromium)


if __name__ == "__main__":
    main()
