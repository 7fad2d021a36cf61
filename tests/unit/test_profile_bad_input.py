"""Bad input always gives a coded DocumentError (or another CareerPivotError), never a crash."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from careerpivot.errors import CODES, DocumentError, NotFoundError
from careerpivot.profile import parse_bytes, parse_file, parse_text


def _code(call: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(DocumentError) as info:
        call(*args, **kwargs)  # type: ignore[operator]
    assert info.value.code in CODES
    return info.value.code


def test_zero_byte_file_is_cp_doc001(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert _code(parse_file, path) == "CP-DOC001"
    assert _code(parse_bytes, b"", "cv.txt") == "CP-DOC001"


@pytest.mark.parametrize("data", [b"   \n\t\n  ", b"\xef\xbb\xbf \n", "\u00a0\u2003\n".encode()])
def test_whitespace_only_text_is_cp_doc001(data: bytes) -> None:
    assert _code(parse_bytes, data, "cv.txt") == "CP-DOC001"


def test_whitespace_only_pasted_text_is_cp_doc001() -> None:
    assert _code(parse_text, " \n\n\t ") == "CP-DOC001"


def test_oversized_bytes_are_cp_doc002() -> None:
    assert _code(parse_bytes, b"x" * 2001, "cv.txt", max_bytes=2000) == "CP-DOC002"


def test_oversized_file_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 11 MB without writing them
        handle.truncate(11 * 1024 * 1024)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file must not be opened")

    monkeypatch.setattr(Path, "open", no_reading)
    assert _code(parse_file, path) == "CP-DOC002"


def test_upload_limit_comes_from_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cv.txt"
    path.write_text("EXPERIENCE\nSupport Specialist, Example Ltd — 2019 to 2021\n" * 100)
    monkeypatch.setenv("CAREERPIVOT_MAX_UPLOAD_MB", "0.001")
    with pytest.raises(DocumentError) as info:
        parse_file(path)
    assert info.value.code == "CP-DOC002"
    assert "CAREERPIVOT_MAX_UPLOAD_MB" in info.value.hint


def test_missing_path_and_directory_are_cp_doc010(tmp_path: Path) -> None:
    for path in (tmp_path / "nope.pdf", tmp_path):
        with pytest.raises(NotFoundError) as info:
            parse_file(path)
        assert info.value.code == "CP-DOC010"
        assert str(tmp_path) not in info.value.message


def test_random_binary_garbage_is_refused_with_a_document_code() -> None:
    rng = random.Random(20240611)
    for size in (16, 300, 5000):
        for name in ("cv.txt", "cv", "cv.pdf", "cv.docx", "resume.json", "export.zip"):
            code = _code(parse_bytes, rng.randbytes(size), name)
            assert code in {"CP-DOC004", "CP-DOC007", "CP-DOC008"}


def test_text_with_nul_bytes_is_binary_cp_doc007() -> None:
    assert _code(parse_bytes, b"Support Specialist\x00\x00\x01\x02 Example", "cv") == "CP-DOC007"


def test_undecodable_text_is_cp_doc008() -> None:
    data = "Support Specialist at Ex\u00e4mple".encode("latin-1") + b"\x81\x8d\x90\x9d"
    assert _code(parse_bytes, data, "cv.txt") == "CP-DOC008"


def test_file_named_pdf_that_is_text_is_cp_doc004() -> None:
    assert _code(parse_bytes, b"EXPERIENCE\nSupport Specialist\n", "cv.pdf") == "CP-DOC004"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "cv.png"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 50, "scan.jpg"),
        (b"{\\rtf1\\ansi Support Specialist}", "cv.rtf"),
        (b"\x1f\x8b\x08\x00" + b"\0" * 50, "cv.gz"),
    ],
)
def test_unsupported_formats_are_cp_doc007_with_a_hint(data: bytes, name: str) -> None:
    with pytest.raises(DocumentError) as info:
        parse_bytes(data, name)
    assert info.value.code == "CP-DOC007"
    assert "supported formats" in info.value.hint


def test_error_messages_never_contain_cv_content() -> None:
    secret = "jordan.example@example.com"
    for data, name in (
        (secret.encode() + b"\x81\x8d\x90", "cv.txt"),
        (b'{"basics": "' + secret.encode(), "resume.json"),
        (b'{"schema_version": "1.0", "source": "' + secret.encode() + b'"}', "profile.json"),
    ):
        with pytest.raises(DocumentError) as info:
            parse_bytes(data, name)
        assert secret not in str(info.value)
