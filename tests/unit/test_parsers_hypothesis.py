"""Property tests: whatever bytes or text come in, parsing either returns a valid Profile or
raises a coded CareerPivotError — never another exception."""

from __future__ import annotations

import io
import json
import zipfile
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpivot.errors import CODES, CareerPivotError
from careerpivot.profile import Profile, parse_bytes, parse_text

FAST = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FILENAMES = st.sampled_from(
    [None, "cv.pdf", "cv.docx", "cv.txt", "cv.md", "resume.json", "export.zip", "cv", "cv.doc"]
)
MAGIC = st.sampled_from(
    [
        b"",
        b"%PDF-1.4\n",
        b"PK\x03\x04",
        b"PK\x05\x06",
        b"{",
        b'{"schema_version": "1.0", ',
        b'{"basics": ',
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\xfe\xff",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"# Jordan Example\n## Experience\n",
    ]
)


def _check(data: bytes, filename: str | None) -> None:
    try:
        profile = parse_bytes(data, filename, max_bytes=1_000_000)
    except CareerPivotError as exc:
        assert exc.code in CODES
        return
    assert Profile.model_validate_json(profile.model_dump_json()) == profile


@cache
def _documents() -> tuple[bytes, ...]:
    """Small valid documents of every binary format, to be mutated."""
    import docx
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in ("EXPERIENCE", "Support Specialist, Example Ltd - 2019 to 2021", "- Helped."):
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    document = docx.Document()
    document.add_heading("Experience", 1)
    document.add_paragraph("Support Specialist, Example Ltd — 2019 to 2021")
    word = io.BytesIO()
    document.save(word)
    export = io.BytesIO()
    with zipfile.ZipFile(export, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "Positions.csv",
            "Company Name,Title,Description,Location,Started On,Finished On\n"
            "Example Ltd,Support Specialist,,Leeds,Mar 2021,\n",
        )
    return bytes(pdf.output()), word.getvalue(), export.getvalue()


@FAST
@given(data=st.binary(max_size=3000), filename=FILENAMES)
def test_random_bytes_never_crash(data: bytes, filename: str | None) -> None:
    _check(data, filename)


@FAST
@given(prefix=MAGIC, data=st.binary(max_size=2000), filename=FILENAMES)
def test_random_bytes_behind_format_signatures_never_crash(
    prefix: bytes, data: bytes, filename: str | None
) -> None:
    _check(prefix + data, filename)


@FAST
@given(
    which=st.integers(0, 2),
    cut=st.floats(0.0, 1.0),
    flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=8),
    filename=FILENAMES,
)
def test_damaged_real_documents_never_crash(
    which: int, cut: float, flips: list[tuple[float, int]], filename: str | None
) -> None:
    data = bytearray(_documents()[which])
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    _check(bytes(data[: max(1, int(len(data) * cut))]) if cut < 0.98 else bytes(data), filename)


@FAST
@given(text=st.text(max_size=2000), filename=FILENAMES)
def test_random_text_never_crashes(text: str, filename: str | None) -> None:
    try:
        profile = parse_text(text)
    except CareerPivotError as exc:
        assert exc.code == "CP-DOC001"
        assert not profile_text_visible(text)
    else:
        assert Profile.model_validate_json(profile.model_dump_json()) == profile
    _check(text.encode("utf-8", errors="replace"), filename)


def profile_text_visible(text: str) -> bool:
    """True when normalisation leaves some text (only control characters otherwise)."""
    from careerpivot.profile.textnorm import normalize_text

    return bool(normalize_text(text).strip())


CV_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "EXPERIENCE",
                "## Work history",
                "Education",
                "SKILLS",
                "Support Specialist — Example Ltd (Leeds)",
                "Mar 2021 – present",
                "01/2019 – 06/2021",
                "2017 to 2021",
                "Customer Support Lead, Brightdesk | 2017 to 2021",
                "- Resolved 50 tickets a day.",
                "  continued line of a bullet",
                "1. numbered point",
                "Zendesk, Jira; SQL | Excel",
                "German (B2), English (native)",
                "",
            ]
        ),
        st.text(max_size=60),
    ),
    max_size=40,
)


@FAST
@given(lines=CV_LINES)
def test_cv_shaped_text_gives_consistent_profiles(lines: list[str]) -> None:
    try:
        profile = parse_text("\n".join(lines))
    except CareerPivotError as exc:
        assert exc.code == "CP-DOC001"
        return
    for job in profile.experiences:
        assert job.title
        assert job.span is not None
        assert profile.text[job.span.start : job.span.end] == job.raw_text
        if job.current:
            assert job.end is None
    assert Profile.model_validate_json(profile.model_dump_json()) == profile


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "name",
                    "position",
                    "startDate",
                    "endDate",
                    "highlights",
                    "keywords",
                    "language",
                    "fluency",
                    "institution",
                    "studyType",
                    "location",
                    "city",
                    "email",
                    "profiles",
                    "url",
                    "summary",
                ]
            )
            | st.text(max_size=8),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@FAST
@given(
    document=st.dictionaries(
        st.sampled_from(["basics", "work", "education", "skills", "languages", "volunteer"]),
        JSON_VALUES,
        min_size=1,
        max_size=5,
    )
)
def test_random_json_resumes_never_crash(document: dict[str, object]) -> None:
    _check(json.dumps(document).encode(), "resume.json")


@FAST
@given(
    document=st.dictionaries(
        st.sampled_from(["schema_version", "source", "experiences", "skills", "text"]),
        JSON_VALUES,
        max_size=5,
    )
)
def test_random_profile_json_is_valid_or_cp_doc009(document: dict[str, object]) -> None:
    document.setdefault("schema_version", "1.0")
    try:
        parse_bytes(json.dumps(document).encode(), "profile.json")
    except CareerPivotError as exc:
        assert exc.code == "CP-DOC009"
