"""PDF CVs with a text layer, read with pypdf.

Contract: ``extract_text(data) -> (text, warnings)``; the text goes through the shared text
pipeline (:func:`careerpivot.profile.parsers.text.profile_from_text`).

- An encrypted PDF is tried with the empty password (common for "no copying" PDFs); if that
  fails it is CP-DOC003.
- A PDF whose pages give no text at all is a scan or an image export: CP-DOC005.
- Anything pypdf cannot read is CP-DOC004. pypdf's own warnings and log messages about
  damaged files are silenced while parsing; they are not the user's business.
- Only the first :data:`MAX_PAGES` pages are read (warning CP-DOC105 for the rest).
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from careerpivot.errors import DocumentError
from careerpivot.profile.models import ProfileWarning

#: Pages read from one PDF; a CV longer than this is almost certainly not a CV.
MAX_PAGES = 30

_CORRUPT_HINT = "open the PDF in a viewer and export or print it to a new PDF, or save as DOCX"


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's warnings and log records for the duration of one parse."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def extract_text(data: bytes) -> tuple[str, list[ProfileWarning]]:
    """Extract the text of a PDF, page by page.

    Args:
        data: the PDF bytes.

    Returns:
        The text (pages separated by blank lines) and warnings (CP-DOC105).

    Raises:
        DocumentError: CP-DOC003 encrypted, CP-DOC004 corrupt, CP-DOC005 no text layer.
    """
    from pypdf import PdfReader

    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            _unlock(reader)
            count = len(reader.pages)
            pages = [reader.pages[i] for i in range(min(count, MAX_PAGES))]
        except DocumentError:
            raise
        except Exception as exc:  # pypdf raises many types on damaged files
            raise DocumentError("CP-DOC004", "the PDF is corrupt", _CORRUPT_HINT) from exc
        if count == 0:
            raise DocumentError("CP-DOC004", "the PDF has no pages", _CORRUPT_HINT)
        notes: list[ProfileWarning] = []
        if count > MAX_PAGES:
            notes.append(
                ProfileWarning(
                    code="CP-DOC105",
                    message=f"the PDF has {count} pages; only the first {MAX_PAGES} were read",
                )
            )
        texts = [_page_text(page) for page in pages]
    broken = sum(1 for t in texts if t is None)
    if texts and broken == len(texts):
        raise DocumentError("CP-DOC004", "no page of the PDF can be read", _CORRUPT_HINT)
    if broken:
        notes.append(
            ProfileWarning(
                code="CP-DOC105", message=f"{broken} page(s) of the PDF could not be read"
            )
        )
    text = "\n\n".join(t for t in texts if t and t.strip())
    if not text.strip():
        raise DocumentError(
            "CP-DOC005",
            "the PDF has no text layer; it looks scanned or exported as images",
            "export the CV as text or DOCX, or run it through OCR first",
        )
    return text, notes


def _unlock(reader: Any) -> None:
    if not reader.is_encrypted:
        return
    try:
        unlocked = reader.decrypt("")
    except Exception as exc:  # e.g. AES without the optional crypto dependency
        raise _encrypted() from exc
    if not unlocked:
        raise _encrypted()


def _encrypted() -> DocumentError:
    return DocumentError(
        "CP-DOC003",
        "the PDF is password-protected",
        "open it with its password and print or export it to a new PDF without a password",
    )


def _page_text(page: Any) -> str | None:
    """The text of one page, or None when its content cannot be read."""
    try:
        text = page.extract_text()
    except Exception:  # a broken content stream on one page
        return None
    return text if isinstance(text, str) else ""
