"""The web API on the real taxonomy: the same results as the library calls the CLI makes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.integration
pytest.importorskip("fastapi")
pytest.importorskip("httpx")


@pytest.fixture(scope="module")
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from careerpivot.settings import load
    from careerpivot.web import create_app

    ready = os.environ.get("CAREERPIVOT_E2E_HOME")
    home = Path(ready) if ready else request.getfixturevalue("embedded_home")
    db = tmp_path_factory.mktemp("web-real") / "user.db"
    env = {"CAREERPIVOT_HOME": str(home), "CAREERPIVOT_DATABASE_URL": f"sqlite:///{db}"}
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        with TestClient(create_app(load(env))) as test_client:
            yield test_client


def test_api_report_equals_the_library_report(client: Any, samples_dir: Path) -> None:
    from careerpivot.fit_service import load_answers
    from careerpivot.intake import read_profile
    from careerpivot.pivot import build_report

    cv = samples_dir / "cv" / "maya-csm.md"
    answers = load_answers(REPO / "examples" / "answers-maya.yaml")
    made = client.post("/api/profiles", files={"file": (cv.name, cv.read_bytes(), "text/plain")})
    assert made.status_code == 201, made.text
    profile_id = made.json()["profile_id"]
    report = client.post(
        "/api/reports", json={"profile_id": profile_id, "target": "pm", "answers": answers}
    )
    assert report.status_code == 201, report.text
    ours = report.json()["report"]
    expected = build_report(read_profile(cv), "pm", answers=answers, as_of=date.today())
    assert ours == expected.model_dump(mode="json")
    items = [v for v in answers.values() if v is not None and not isinstance(v, dict)]
    assert ours["fit"]["answered"] == len(items)  # situation/opportunity blocks are not items
    assert ours["opportunity_cost"] is not None and ours["transitions"] is not None


def test_search_and_transitions_on_real_data(client: Any) -> None:
    hits = client.get("/api/occupations", params={"q": "customer sucess manager"}).json()["hits"]
    assert hits[0]["title"].lower() == "customer success manager"
    ranking = client.get(
        "/api/transitions", params={"origin": "customer service representative", "limit": 5}
    ).json()
    assert len(ranking["transitions"]) == 5
    assert ranking["origin"]["label"] == "customer service representative"
    # a teacher's own narrower occupations are named as left out, not ranked as moves
    page = client.get("/transitions", params={"origin": "secondary school teacher"})
    assert page.status_code == 200
    assert "own occupation family, not a move" in page.text
    assert "history teacher secondary school" not in page.text.split("Left out as")[0]


def test_the_transition_page_names_what_documents_a_move(client: Any) -> None:
    page = client.get("/transitions", params={"origin": "customer_success", "target": "pm"})
    assert page.status_code == 200
    assert "Documented move" in page.text
    assert "Internal transfer after a side project with the product team" in page.text


def test_a_report_on_an_esco_target_offers_its_gaps_not_a_product_plan(
    client: Any, samples_dir: Path
) -> None:
    """Any → any in the web app: the report page lists the target's skill gaps and says why
    there is no plan; asking for a plan anyway is a coded 422 and stores nothing."""
    cv = samples_dir / "cv" / "maya-csm.md"
    made = client.post("/api/profiles", files={"file": (cv.name, cv.read_bytes(), "text/plain")})
    assert made.status_code == 201, made.text
    body = {"profile_id": made.json()["profile_id"], "target": "customer experience manager"}
    report = client.post("/api/reports", json=body)
    assert report.status_code == 201, report.text
    data = report.json()["report"]
    assert data["target"]["kind"] == "esco" and data["routes"] is None
    assert data["gaps"] and {g["kind"] for g in data["gaps"]} == {"skill"}
    analysis_id = report.json()["analysis_id"]
    page = client.get(f"/reports/{analysis_id}")
    assert page.status_code == 200
    assert "Routes and dated plans are written for moves into product roles" in page.text
    assert "Make a dated plan" not in page.text and "chart-skill-gaps" in page.text
    refused = client.post("/api/plans", json={"analysis_id": analysis_id})
    assert refused.status_code == 422 and refused.json()["code"] == "CP-PLN007"
    assert "Your plan" not in client.get(f"/reports/{analysis_id}").text  # nothing stored
