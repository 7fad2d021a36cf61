"""DOCX CVs, read with python-docx after the zip-bomb checks of :mod:`..safezip`.

Contract: ``extract_text(data) -> (text, warnings)``; the text goes through the shared text
pipeline. Word structure is turned into the plain-text conventions that pipeline reads:

- paragraphs in document order, including those inside tables (row by row, each merged cell
  once) and the first page header (where contact details often sit);
- the ``Title`` style becomes ``# …``, ``Heading N`` becomes ``#`` × (N+1), so section and
  job headings keep their levels;
- list paragraphs (a ``List…`` style or Word numbering) become ``- …`` bullets;
- when the body has almost no text (CVs built from text boxes), all paragraphs of the XML are
  read instead, skipping the duplicate ``mc:Fallback`` copies.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from careerpivot.errors import DocumentError
from careerpivot.profile.models import ProfileWarning
from careerpivot.profile.safezip import check_archive

_MAX_DEPTH = 4
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def extract_text(data: bytes) -> tuple[str, list[ProfileWarning]]:
    """Extract the text of a DOCX file.

    Args:
        data: the DOCX bytes.

    Returns:
        The text (one paragraph per line) and warnings (none so far).

    Raises:
        DocumentError: CP-DOC006 zip bomb, CP-DOC003 encrypted part, CP-DOC004 corrupt.
    """
    check_archive(data, what="DOCX")
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_header_lines(document))
        body = list(_blocks(document.iter_inner_content(), 0))
        if sum(len(line.strip()) for line in body) < 40:
            body = list(_all_paragraphs(document))
        lines.extend(body)
    except DocumentError:
        raise
    except Exception as exc:  # python-docx / lxml raise many types on damaged files
        raise DocumentError(
            "CP-DOC004",
            "the DOCX file is corrupt or not a Word document",
            "open it in Word or LibreOffice and save it again as DOCX",
        ) from exc
    return "\n".join(lines), []


def _header_lines(document: Any) -> Iterator[str]:
    sections = document.sections
    if not len(sections):
        return
    header = sections[0].header
    if header.is_linked_to_previous:
        return
    yield from _blocks(header.iter_inner_content(), 0)


def _blocks(blocks: Iterator[Any], depth: int) -> Iterator[str]:
    from docx.table import Table

    for block in blocks:
        if isinstance(block, Table):
            if depth < _MAX_DEPTH:
                yield from _table_lines(block, depth + 1)
        else:
            yield from _paragraph_lines(block)


def _table_lines(table: Any, depth: int) -> Iterator[str]:
    for row in table.rows:
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            yield from _blocks(cell.iter_inner_content(), depth)
        yield ""


def _paragraph_lines(paragraph: Any) -> Iterator[str]:
    text = paragraph.text
    if not text.strip():
        yield ""
        return
    style = paragraph.style.name if paragraph.style is not None else ""
    prefix = _prefix(style or "", paragraph)
    for line in text.split("\n"):
        if line.strip():
            yield prefix + line.strip() if prefix else line


def _prefix(style: str, paragraph: Any) -> str:
    if style == "Title":
        return "# "
    heading = re.fullmatch(r"Heading (\d)", style)
    if heading:
        return "#" * min(int(heading.group(1)) + 1, 6) + " "
    ppr = paragraph._p.pPr
    if style.startswith("List") or (ppr is not None and ppr.numPr is not None):
        return "- "
    return ""


def _all_paragraphs(document: Any) -> Iterator[str]:
    body = document.element.body
    for element in body.iter(f"{_W}p"):
        if any(ancestor.tag == _MC_FALLBACK for ancestor in element.iterancestors()):
            continue
        text = "".join(node.text or "" for node in element.iter(f"{_W}t"))
        yield text
