"""DOCX CVs: headings, list paragraphs, tables and page headers; corrupt files and zip bombs."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from careerpivot.errors import DocumentError
from careerpivot.profile import parse_bytes, parse_file


def make_docx() -> bytes:
    """The fictional Jordan Example CV as a Word document (headings, lists, a table)."""
    document = docx.Document()
    document.add_heading("Jordan Example", 0)
    document.add_paragraph("Leeds, UK | jordan.example@example.com | +44 113 496 0000")
    document.add_heading("Profile", 1)
    document.add_paragraph("Customer support specialist with five years in software and retail.")
    document.add_heading("Experience", 1)
    document.add_heading("Senior Support Specialist — Example Helpdesk Ltd (Leeds)", 2)
    document.add_paragraph("Mar 2021 – present")
    document.add_paragraph("Resolve 50 tickets a day across email and chat.", style="List Bullet")
    document.add_paragraph("Trained four new starters on Zendesk.", style="List Number")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "01/2019 – 02/2021"
    table.cell(0, 1).text = "Support Specialist, Sample Retail plc"
    document.add_paragraph("Answered billing questions by phone.", style="List Bullet")
    document.add_heading("Education", 1)
    document.add_paragraph("BSc Business Management — University of Exampleton, 2016")
    document.add_heading("Skills", 1)
    document.add_paragraph("Zendesk, Jira, SQL")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_cv_parses_headings_lists_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "jordan.docx"
    path.write_bytes(make_docx())
    profile = parse_file(path)
    assert profile.source.format == "docx"
    assert profile.contact.name == "Jordan Example"
    assert profile.summary == "Customer support specialist with five years in software and retail."
    assert [
        (e.title, e.employer, e.location, e.start, e.end, e.current, e.bullets)
        for e in profile.experiences
    ] == [
        (
            "Senior Support Specialist",
            "Example Helpdesk Ltd",
            "Leeds",
            "2021-03",
            None,
            True,
            [
                "Resolve 50 tickets a day across email and chat.",
                "Trained four new starters on Zendesk.",
            ],
        ),
        (
            "Support Specialist",
            "Sample Retail plc",
            None,
            "2019-01",
            "2021-02",
            False,
            ["Answered billing questions by phone."],
        ),
    ]
    assert profile.education[0].qualification == "BSc Business Management"
    assert profile.listed_skills == ["Zendesk", "Jira", "SQL"]
    assert {r.kind for r in profile.redactions} == {"email", "phone"}


def test_docx_page_header_text_is_read() -> None:
    document = docx.Document()
    section = document.sections[0]
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = "Jordan Example · jordan.example@example.com"
    document.add_paragraph("EXPERIENCE")
    document.add_paragraph("Support Specialist, Sample Retail plc — 2019 to 2021")
    buffer = io.BytesIO()
    document.save(buffer)
    profile = parse_bytes(buffer.getvalue(), "cv.docx")
    assert profile.text.startswith("Jordan Example · [email]")
    assert profile.experiences[0].employer == "Sample Retail plc"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_docx_with_broken_xml_is_cp_doc004() -> None:
    data = _zip(
        {
            "[Content_Types].xml": b"<Types",
            "word/document.xml": b"<w:document>not closed",
        }
    )
    with pytest.raises(DocumentError) as info:
        parse_bytes(data, "cv.docx")
    assert info.value.code == "CP-DOC004"


def test_truncated_docx_is_cp_doc004() -> None:
    data = make_docx()
    with pytest.raises(DocumentError) as info:
        parse_bytes(data[: len(data) // 2], "cv.docx")
    assert info.value.code == "CP-DOC004"


def test_docx_zip_bomb_is_cp_doc006_by_compression_ratio() -> None:
    bomb = _zip({"word/document.xml": b"\0" * (8 * 1024 * 1024), "[Content_Types].xml": b""})
    assert len(bomb) < 100_000
    with pytest.raises(DocumentError) as info:
        parse_bytes(bomb, "cv.docx")
    assert info.value.code == "CP-DOC006"


def test_docx_bomb_by_declared_total_size_is_cp_doc006() -> None:
    from careerpivot.profile.safezip import ZipLimits, open_zip

    data = _zip({"word/document.xml": b"x" * 5000, "word/other.xml": b"y" * 5000})
    with pytest.raises(DocumentError) as info:
        open_zip(data, what="DOCX", limits=ZipLimits(max_total_bytes=8000))
    assert info.value.code == "CP-DOC006"


def test_member_that_lies_about_its_size_is_never_read_past_the_cap() -> None:
    data = bytearray(_zip({"word/document.xml": b"<x>" + b"a" * 100_000 + b"</x>"}))
    # forge the declared uncompressed size (local header offset 22, central entry +24)
    true_size = (100_007).to_bytes(4, "little")
    fake_size = (1_000).to_bytes(4, "little")
    assert data.count(true_size) == 2
    data = bytearray(bytes(data).replace(true_size, fake_size))
    with pytest.raises(DocumentError) as info:
        parse_bytes(bytes(data), "cv.docx")
    assert info.value.code in ("CP-DOC004", "CP-DOC006")


def test_zip_needing_an_unknown_zip_version_is_cp_doc004() -> None:
    data = bytearray(make_docx())
    central = data.find(b"PK\x01\x02")
    data[central + 6] = 64  # "version needed to extract" 6.4: zipfile raises NotImplementedError
    with pytest.raises(DocumentError) as info:
        parse_bytes(bytes(data), "cv.docx")
    assert info.value.code == "CP-DOC004"


def test_encrypted_word_file_is_cp_doc003() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    with pytest.raises(DocumentError) as info:
        parse_bytes(ole, "cv.docx")
    assert info.value.code == "CP-DOC003"


def test_legacy_doc_is_unsupported_cp_doc007() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    with pytest.raises(DocumentError) as info:
        parse_bytes(ole, "cv.doc")
    assert info.value.code == "CP-DOC007"
    assert "DOCX" in info.value.hint
