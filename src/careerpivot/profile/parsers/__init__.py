"""Parsers: one adapter per input format, each turning bytes into a Profile.

Each parser is registered under a versioned name, stored in ``Profile.source.parser``; a
change in a parser's behaviour gets a new version so stored profiles say which rules made
them. Dispatch (content sniffing, then the file name) lives in :mod:`careerpivot.profile.io`.

=============  ================================  ==========================================
format         parser name                       module
=============  ================================  ==========================================
pdf            careerpivot.parser.pdf.v1         :mod:`.pdf` (pypdf) + :mod:`.text`
docx           careerpivot.parser.docx.v1        :mod:`.docx` (python-docx) + :mod:`.text`
text           careerpivot.parser.text.v1        :mod:`.text`
markdown       careerpivot.parser.markdown.v1    :mod:`.text`
jsonresume     careerpivot.parser.jsonresume.v1  :mod:`.jsonresume`
linkedin       careerpivot.parser.linkedin.v1    :mod:`.linkedin`
=============  ================================  ==========================================

A saved profile JSON is validated by :mod:`.profilejson` and keeps its original parser name.
"""

from __future__ import annotations

#: Source format -> versioned parser name.
PARSER_NAMES: dict[str, str] = {
    "pdf": "careerpivot.parser.pdf.v1",
    "docx": "careerpivot.parser.docx.v1",
    "text": "careerpivot.parser.text.v1",
    "markdown": "careerpivot.parser.markdown.v1",
    "jsonresume": "careerpivot.parser.jsonresume.v1",
    "linkedin": "careerpivot.parser.linkedin.v1",
}

__all__ = ["PARSER_NAMES"]
