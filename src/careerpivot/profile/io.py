"""Entry points of CV intake: files, bytes or text in, a :class:`Profile` out; save and load.

Dispatch (:func:`parse_bytes`)::

    empty?            -> CP-DOC001          larger than max_bytes? -> CP-DOC002
    sniff content     -> pdf | docx | linkedin | text      (see careerpivot.profile.sniff)
    text              -> decode (UTF-8, BOMs, cp1252 with a warning) -> JSON?
                           saved profile (has schema_version) -> validated, returned unchanged
                           JSON Resume (basics/work/...)      -> jsonresume parser
                         otherwise Markdown (.md or # headings) or plain text

Every failure is a :class:`~careerpivot.errors.CareerPivotError` with a CP-DOC code; third-party
exceptions never escape. Contact details are redacted unless ``redact=False``.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from careerpivot.errors import DocumentError, NotFoundError
from careerpivot.profile.models import Profile, Source, profile_json_schema
from careerpivot.profile.parsers import PARSER_NAMES
from careerpivot.profile.sniff import SUPPORTED_HINT, sniff_format

_MB = 1024 * 1024


def default_max_bytes() -> int:
    """The upload limit from the ``max_upload_mb`` setting, in bytes."""
    from careerpivot.settings import load

    return int(load().max_upload_mb * _MB)


def _too_large(size: int, limit: int) -> DocumentError:
    return DocumentError(
        "CP-DOC002",
        f"the document is {size / _MB:.1f} MB; the limit is {limit / _MB:.1f} MB",
        "a CV is rarely over 2 MB: remove embedded images, or raise CAREERPIVOT_MAX_UPLOAD_MB",
    )


def _empty() -> DocumentError:
    return DocumentError(
        "CP-DOC001", "the document is empty (0 bytes)", "check that you picked the right file"
    )


def _base_name(filename: str | None) -> str | None:
    """The last path component only: a profile never records where a file lived."""
    if not filename:
        return None
    name = PureWindowsPath(PurePosixPath(filename).name).name
    return name[:255] or None


def _source(fmt: str, data: bytes, filename: str | None, *, redact: bool) -> Source:
    return Source(
        format=fmt,
        filename=_base_name(filename),
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        parser=PARSER_NAMES[fmt],
        redacted=redact,
    )


def parse_file(
    path: str | os.PathLike[str], *, max_bytes: int | None = None, redact: bool = True
) -> Profile:
    """Parse a CV or profile file.

    The size is checked from the file system before anything is read, and at most
    ``max_bytes + 1`` bytes are ever read.

    Args:
        path: the file.
        max_bytes: size limit (default: the ``max_upload_mb`` setting, 10 MB).
        redact: replace e-mail, phone, street address and URLs by placeholders.

    Returns:
        The profile (``source.filename`` is the base name only).

    Raises:
        NotFoundError: CP-DOC010 when the path does not exist or is not a regular file.
        DocumentError: CP-DOC011 when it cannot be read; any CP-DOC code of
            :func:`parse_bytes`.
    """
    limit = default_max_bytes() if max_bytes is None else max_bytes
    data = _read_limited(Path(path), limit)
    return parse_bytes(data, Path(path).name, max_bytes=limit, redact=redact)


def _read_limited(path: Path, limit: int) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise NotFoundError(
            "CP-DOC010", f"no such file: {path.name}", "check the path and file name"
        ) from exc
    except OSError as exc:
        raise _io_error(path, exc) from exc
    if not stat.S_ISREG(info.st_mode):
        raise NotFoundError("CP-DOC010", f"not a regular file: {path.name}", "give a file path")
    if info.st_size > limit:
        raise _too_large(info.st_size, limit)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise _io_error(path, exc) from exc
    if len(data) > limit:
        raise _too_large(len(data), limit)
    return data


def _io_error(path: Path, exc: OSError) -> DocumentError:
    return DocumentError(
        "CP-DOC011",
        f"cannot read or write {path.name}: {exc.strerror or type(exc).__name__}",
        "check the file's permissions and that the disk is available",
    )


def parse_bytes(
    data: bytes, filename: str | None = None, *, max_bytes: int | None = None, redact: bool = True
) -> Profile:
    """Parse the bytes of a CV or profile document (see module docstring for dispatch).

    Args:
        data: the document.
        filename: its original name; only the base name is kept, and the extension only
            breaks ties the content leaves open.
        max_bytes: size limit (default: the ``max_upload_mb`` setting).
        redact: replace contact details by placeholders.

    Raises:
        DocumentError: CP-DOC001 … CP-DOC009 (see :data:`careerpivot.errors.CODES`).
    """
    limit = default_max_bytes() if max_bytes is None else max_bytes
    if not data:
        raise _empty()
    if len(data) > limit:
        raise _too_large(len(data), limit)
    kind = sniff_format(data, filename)
    if kind == "pdf":
        from careerpivot.profile.parsers import pdf

        text, notes = pdf.extract_text(data)
        return _from_text(text, _source("pdf", data, filename, redact=redact), notes)
    if kind == "docx":
        from careerpivot.profile.parsers import docx

        text, notes = docx.extract_text(data)
        return _from_text(text, _source("docx", data, filename, redact=redact), notes)
    if kind == "linkedin":
        from careerpivot.profile.parsers import linkedin

        return linkedin.to_profile(data, source=_source("linkedin", data, filename, redact=redact))
    return _parse_decoded(data, filename, redact=redact)


def _from_text(text: str, source: Source, notes: list[Any]) -> Profile:
    from careerpivot.profile.parsers.text import profile_from_text

    return profile_from_text(text, source=source, warnings=notes)


def _parse_decoded(data: bytes, filename: str | None, *, redact: bool) -> Profile:
    from careerpivot.profile.parsers import jsonresume, profilejson
    from careerpivot.profile.parsers.text import looks_like_markdown
    from careerpivot.profile.textnorm import decode_text

    text, notes = decode_text(data)
    suffix = PurePosixPath(_base_name(filename) or "").suffix.lower()
    if suffix == ".json" or text.lstrip().startswith("{"):
        document = _json_document(text, claimed=suffix == ".json")
        if document is not None:
            if profilejson.is_profile(document):
                return profilejson.load(document)
            if jsonresume.is_json_resume(document):
                source = _source("jsonresume", data, filename, redact=redact)
                return jsonresume.to_profile(document, source=source)
            raise DocumentError(
                "CP-DOC007",
                "the JSON is neither a JSON Resume nor a saved CareerPivot profile",
                SUPPORTED_HINT,
            )
    markdown = suffix in (".md", ".markdown") or looks_like_markdown(text)
    fmt = "markdown" if markdown else "text"
    return _from_text(text, _source(fmt, data, filename, redact=redact), notes)


def _json_document(text: str, *, claimed: bool) -> Any:
    """The decoded JSON, or None when it is not JSON and the name did not claim it was."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        if not claimed:
            return None
        raise DocumentError(
            "CP-DOC004",
            "the file is named .json but is not valid JSON",
            "check the file in a JSON validator; a comma or quote is often missing",
        ) from exc


def parse_text(text: str, *, redact: bool = True, filename: str | None = None) -> Profile:
    """Parse a CV given as text (e.g. pasted into a form).

    Args:
        text: the CV text; Markdown headings are understood.
        redact: replace contact details by placeholders.
        filename: an optional name to record in the source.

    Raises:
        DocumentError: CP-DOC001 when the text is empty or only whitespace.
    """
    from careerpivot.profile.parsers.text import looks_like_markdown

    if not text.strip():
        raise DocumentError(
            "CP-DOC001", "the text is empty", "paste the text of your CV, including your jobs"
        )
    data = text.encode("utf-8", errors="surrogatepass")
    fmt = "markdown" if looks_like_markdown(text) else "text"
    return _from_text(text, _source(fmt, data, filename, redact=redact), [])


def profile_to_json(profile: Profile) -> str:
    """The profile as pretty-printed JSON (UTF-8 text, stable field order)."""
    return profile.model_dump_json(indent=2) + "\n"


def load_profile(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Profile:
    """Load a profile saved with :func:`save_profile` (or edited by hand).

    Raises:
        NotFoundError: CP-DOC010 for a missing file.
        DocumentError: CP-DOC009 when it does not match the schema, CP-DOC004 for invalid
            JSON, CP-DOC011 for I/O errors.
    """
    from careerpivot.profile.parsers import profilejson
    from careerpivot.profile.textnorm import decode_text

    limit = default_max_bytes() if max_bytes is None else max_bytes
    data = _read_limited(Path(path), limit)
    if not data:
        raise _empty()
    text, _ = decode_text(data)
    document = _json_document(text, claimed=True)
    if not isinstance(document, dict):
        raise DocumentError(
            "CP-DOC009", "the profile JSON is not an object", "a profile starts with '{'"
        )
    return profilejson.load(document)


def save_profile(profile: Profile, path: str | os.PathLike[str]) -> Path:
    """Write ``profile`` as JSON, atomically (a temporary file is renamed into place).

    Returns:
        The path written.

    Raises:
        DocumentError: CP-DOC011 when the file cannot be written; an existing file is then
            left untouched.
    """
    target = Path(path)
    payload = profile_to_json(profile).encode("utf-8")
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=".profile-", suffix=".tmp", dir=target.parent or Path(".")
        )
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(payload)
            os.replace(temp_name, target)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise _io_error(target, exc) from exc
    return target


def write_schema(path: str | os.PathLike[str]) -> Path:
    """Write the profile JSON Schema (as shipped in ``profile.schema.json``) to ``path``."""
    text = json.dumps(profile_json_schema(), indent=2, ensure_ascii=False) + "\n"
    target = Path(path)
    target.write_text(text, encoding="utf-8")
    return target
