"""The web app in a real headless Chromium: from a CV to a plan, and back after a reload.

Needs Debian's ``chromium`` (``/usr/bin/chromium``; ``.ci/run`` installs it) and Python
Playwright; skips cleanly without them. The app runs with Uvicorn on a free local port
against the real imported taxonomy with embeddings (the session's ``embedded_home``, or a
ready home named by ``CAREERPIVOT_E2E_HOME`` to save minutes locally). One journey, one server.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import shared_dir

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
CHROMIUM = os.environ.get("CAREERPIVOT_CHROMIUM", "/usr/bin/chromium")
SLOW = 180_000  # ms: the first analysis loads the models on a 2-core machine


def chromium_path() -> str:
    path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not path:
        pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    return str(path)


@pytest.fixture(scope="module")
def app_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    pytest.importorskip("playwright")
    pytest.importorskip("uvicorn")
    chromium_path()
    from careerpivot.settings import load
    from tests.e2e.webserver import running_app

    ready = os.environ.get("CAREERPIVOT_E2E_HOME")
    home = Path(ready) if ready else request.getfixturevalue("embedded_home")
    db = tmp_path_factory.mktemp("web-e2e") / "user.db"
    env = {"CAREERPIVOT_HOME": str(home), "CAREERPIVOT_DATABASE_URL": f"sqlite:///{db}"}
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        # build the transition arrays once before the server starts (about 90 s on a fresh
        # home with 2 cores): the report page would otherwise build them inside a click
        from careerpivot.transitions_service import load_context

        load_context(load(env))
        with running_app(load(env)) as url:
            yield url


@pytest.fixture(scope="module")
def browser(app_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chrome = pw.chromium.launch(executable_path=chromium_path(), headless=True)
        yield chrome
        chrome.close()


def sample_cv() -> Path:
    path = shared_dir() / "samples" / "cv" / "maya-csm.md"
    if not path.exists():
        path = Path(__file__).parents[2] / "examples" / "cv" / "alex-example-support.md"
    return path


def test_from_cv_to_plan_in_the_browser(app_url: str, browser: Any) -> None:
    from playwright.sync_api import expect

    from careerpivot.web.views import planning_available

    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(SLOW)  # a click that submits waits for the next page
    page.set_default_navigation_timeout(SLOW)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    # 1. start: keyboard users land on the skip link first; upload the sample CV
    page.goto(app_url + "/")
    expect(page).to_have_title("Start: your CV · CareerPivot")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()
    # the progress overlay appears on submit (held here: a warm analysis is too quick to see)
    page.evaluate("document.addEventListener('submit', (e) => e.preventDefault())")
    page.get_by_label("CV file").set_input_files(str(sample_cv()))
    page.get_by_role("button", name="Analyse my CV").click()
    expect(page.locator("#busy")).to_be_visible()
    expect(page.locator("#busy-text")).to_contain_text("finding your skills")
    page.reload()
    page.get_by_label("CV file").set_input_files(str(sample_cv()))
    page.get_by_role("button", name="Analyse my CV").click()
    page.wait_for_url("**/profiles/*", timeout=SLOW)
    expect(page).to_have_title("Review what we found · CareerPivot")
    expect(page.locator("blockquote").first).to_be_visible()  # quoted evidence

    # 2. review: remove the first skill, save, and see it marked as removed
    first = page.locator("li.skill").first
    name = first.locator(".skill-name").inner_text()
    first.get_by_label("No, remove it").check()
    page.get_by_role("button", name="Save corrections").click()
    page.wait_for_url("**saved=1**", timeout=SLOW)
    expect(page.get_by_role("status").filter(has_text="revision 2")).to_be_visible()
    removed = page.locator("li.skill", has=page.locator(".skill-name", has_text=name)).first
    expect(removed.locator(".tag")).to_have_text("you removed it")

    # 3. target: a PM role of the pack
    page.get_by_role("link", name="Skip: choose a target role").click()
    expect(page).to_have_title("Choose a target role · CareerPivot")
    page.locator("a.role[href$='target=pm']").click()

    # 4. fit check: answer every question with its fourth option (keyboard-reachable radios)
    expect(page).to_have_title("Fit check: is it right for you? · CareerPivot")
    questions = page.locator("fieldset.question")
    assert questions.count() >= 12
    for i in range(questions.count()):
        questions.nth(i).locator("input[type=radio]").nth(3).check()
    page.get_by_role("button", name="See my report").click()
    page.wait_for_url("**/reports/*", timeout=SLOW)

    # 5. report: charts as inline SVG, gaps with actions, the fit section from the answers
    expect(page).to_have_title("Pivot report: Senior Customer Success Manager → Product manager")
    expect(page.locator("svg#chart-competencies")).to_be_visible()
    assert page.locator("svg").count() >= 3
    expect(page.locator("section#gaps")).to_contain_text("Gaps")
    expect(page.locator("section#fit")).to_be_visible()
    report_url = page.url

    # 6. plan with a check-in, still there after a reload
    if planning_available():
        page.get_by_role("button", name="Make a dated plan").click()
        page.wait_for_url("**/plans/*", timeout=SLOW)
        step = page.locator("input[name=done]").first
        step.check()
        page.get_by_role("textbox", name="Evidence").fill(
            "Ran a customer discovery interview series and wrote up the problem statement."
        )
        page.get_by_role("textbox", name="Note", exact=True).fill(
            "Talked to the PM of the approval workflow."
        )
        page.get_by_role("button", name="Save check-in").click()
        page.wait_for_url("**saved=1", timeout=SLOW)
        page.reload()
        expect(page.locator(".checkins")).to_contain_text("Talked to the PM")
        expect(page.locator(".checkins")).to_contain_text("customer discovery interview")
        expect(page.locator("li.step-done")).to_have_count(1)
        expect(page.locator("svg#chart-readiness")).to_be_visible()
        # one readiness point when the plan was made, one after the evidence re-scored it
        expect(page.locator("section[aria-labelledby=h-readiness] li")).to_have_count(2)
        page.goto(report_url)
        expect(page.locator(".app-actions a[href^='/plans/']")).to_be_visible()
    else:
        page.reload()
        expect(page.locator("svg#chart-competencies")).to_be_visible()

    # 7. explore transitions from the current job
    page.get_by_role("link", name="Explore moves from").click()
    expect(page.locator("svg#chart-transitions")).to_be_visible(timeout=SLOW)

    assert problems == []  # no script errors, no Content-Security-Policy violations
    context.close()
