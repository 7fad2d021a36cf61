"""PDF CVs with a text layer; encrypted, scanned and corrupt PDFs give coded errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerpivot.errors import DocumentError
from careerpivot.profile import parse_bytes, parse_file

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cv"

fpdf = pytest.importorskip("fpdf")


def _latin1_lines() -> list[str]:
    """The Jordan Example CV in characters the PDF core fonts can show."""
    text = (FIXTURES / "jordan-example.txt").read_text(encoding="utf-8")
    for fancy, plain in (("—", "-"), ("–", "-"), ("•", "-")):
        text = text.replace(fancy, plain)
    return text.splitlines()


def make_pdf(lines: list[str], *, user_password: str | None = None, owner: bool = False) -> bytes:
    """A one-column PDF with one text line per entry of ``lines``."""
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in lines:
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    if user_password is not None or owner:
        pdf.set_encryption(owner_password="owner-secret", user_password=user_password or "")
    return bytes(pdf.output())


def test_pdf_cv_parses_into_jobs_education_and_skills(tmp_path: Path) -> None:
    path = tmp_path / "jordan.pdf"
    path.write_bytes(make_pdf(_latin1_lines()))
    profile = parse_file(path)
    assert profile.source.format == "pdf"
    assert profile.source.filename == "jordan.pdf"
    assert profile.source.parser == "careerpivot.parser.pdf.v1"
    assert [
        (e.title, e.employer, e.location, e.start, e.end, e.current, len(e.bullets))
        for e in profile.experiences
    ] == [
        ("Senior Support Specialist", "Example Helpdesk Ltd", "Leeds", "2021-03", None, True, 3),
        ("Support Specialist", "Sample Retail plc", None, "2019-01", "2021-02", False, 2),
        ("Store Assistant", "Corner Shop Co.", "York", "2017", "2018", False, 1),
    ]
    assert profile.education[0].institution == "University of Exampleton"
    assert "Zendesk" in profile.listed_skills
    assert {r.kind: r.count for r in profile.redactions} == {
        "email": 1,
        "url": 1,
        "phone": 1,
        "address": 1,
    }
    assert "jordan.example@example.com" not in profile.model_dump_json()


def test_pdf_with_only_an_owner_password_is_read() -> None:
    profile = parse_bytes(make_pdf(_latin1_lines(), owner=True), "cv.pdf")
    assert len(profile.experiences) == 3


def test_password_protected_pdf_is_cp_doc003() -> None:
    with pytest.raises(DocumentError) as info:
        parse_bytes(make_pdf(_latin1_lines(), user_password="secret"), "cv.pdf")
    assert info.value.code == "CP-DOC003"


def test_pdf_without_text_layer_is_cp_doc005() -> None:
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a "scan": shapes, no text
    with pytest.raises(DocumentError) as info:
        parse_bytes(bytes(pdf.output()), "scan.pdf")
    assert info.value.code == "CP-DOC005"
    assert "scanned" in info.value.message


@pytest.mark.parametrize("cut", [50, 200, 0.5])
def test_truncated_pdf_is_cp_doc004(cut: float) -> None:
    data = make_pdf(_latin1_lines())
    end = int(len(data) * cut) if cut < 1 else int(cut)
    with pytest.raises(DocumentError) as info:
        parse_bytes(data[:end], "cv.pdf")
    assert info.value.code == "CP-DOC004"


def test_pdf_header_followed_by_garbage_is_cp_doc004() -> None:
    with pytest.raises(DocumentError) as info:
        parse_bytes(b"%PDF-1.7\n" + b"\x00garbage\xff" * 200, "cv.pdf")
    assert info.value.code == "CP-DOC004"


def test_pdf_is_recognised_by_content_whatever_its_name() -> None:
    profile = parse_bytes(make_pdf(_latin1_lines()), "cv.txt")
    assert profile.source.format == "pdf"
