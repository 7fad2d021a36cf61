"""One exception tree for CareerPivot.

Every error a user can cause carries a stable code (``CP-<AREA><NNN>``), a message that
says what went wrong, and a hint that says how to fix it. The CLI maps each class to an exit
code and the web app to an HTTP status, so neither edge needs to know about the others.

Tree::

    CareerPivotError                 exit 1, HTTP 500
    ├── ConfigError                  exit 78, HTTP 500   settings, home directory
    ├── InputError                   exit 65, HTTP 422   a file or text the user gave us
    │   ├── DataFormatError          exit 65, HTTP 422   a taxonomy file that does not parse
    │   └── DocumentError            exit 65, HTTP 422   a CV / profile that cannot be read
    ├── NotFoundError                exit 66, HTTP 404   unknown path, occupation, role, plan
    ├── StoreError                   exit 74, HTTP 503   the local taxonomy / user store
    │   ├── StoreMissingError        exit 69, HTTP 503   no taxonomy imported yet
    │   └── UserStoreError           exit 74, HTTP 503   the user database (profiles, plans)
    ├── NetworkError                 exit 69, HTTP 502   downloads
    └── WebRequestError              exit 64, HTTP 400   a malformed request to the web app
        └── CsrfError                exit 64, HTTP 403   missing CSRF token, cross-site request

Codes are listed in :data:`CODES` so a test can check that each one is used and documented.
"""

from __future__ import annotations

from typing import ClassVar

#: Every error code with a one-line meaning. Tests check codes used in the package exist here.
CODES: dict[str, str] = {
    "CP-CFG001": "the home directory cannot be created or written",
    "CP-CFG002": "a setting has an invalid value",
    "CP-CFG003": "an optional component (e.g. the embedding model package) is not installed",
    "CP-DAT001": "a data path does not exist",
    "CP-DAT002": "a data file is not in the expected format",
    "CP-DAT003": "a data file lacks a required column",
    "CP-DAT004": "a data file has a duplicate identifier",
    "CP-DAT005": "a compressed data file is truncated or corrupt",
    "CP-DAT006": "a directory holds none of the known data sources",
    "CP-DAT007": "a data row has an invalid value",
    "CP-DAT008": "a downloaded file does not match its published checksum",
    "CP-DAT009": "a downloaded archive is unsafe to unpack (path escapes its folder, zip bomb)",
    "CP-STO001": "no taxonomy has been imported yet",
    "CP-STO002": "the taxonomy store is unreadable or from an incompatible version",
    "CP-STO003": "another import is running",
    "CP-STO004": "the user database was written by a newer CareerPivot (unknown schema revision)",
    "CP-STO005": "the user database cannot be reached or opened",
    "CP-STO006": "a user database migration failed",
    "CP-USR001": "no stored person, profile, analysis or plan has the given id",
    "CP-USR002": "a record to store is invalid (e.g. duplicate step keys, readiness out of 0–100)",
    "CP-USR003": "a destructive command needs confirmation (--yes)",
    "CP-NET001": "a download failed",
    "CP-NET002": "a source has no direct download URL; a mirror or --url is needed",
    "CP-OCC001": "no occupation or role matches the given id or title",
    "CP-OCC002": "the occupation query is empty",
    "CP-OCC003": "an occupation title matches several occupations or roles equally well",
    "CP-TRN001": "a skill set to score holds no known ESCO skill with a weight above 0",
    "CP-TRN002": "the transition matrix cannot be written (bad --top or missing folder)",
    "CP-TRN003": "the origin and the target of a move are the same occupation or role",
    "CP-PAK001": "the authored pack does not validate",
    "CP-PAK002": "the authored pack references a taxonomy concept that does not exist",
    "CP-PAK003": "a resource filter names an unknown resource type, competency or budget",
    "CP-DOC001": "a document is empty",
    "CP-DOC002": "a document is too large",
    "CP-DOC003": "a document is encrypted",
    "CP-DOC004": "a document is corrupt or not of the claimed type",
    "CP-DOC005": "a PDF has no text layer (scanned)",
    "CP-DOC006": "an archive expands to far more than its size (zip bomb)",
    "CP-DOC007": "a document's format is not supported",
    "CP-DOC008": "a text is not valid UTF-8 and no fallback encoding fits",
    "CP-DOC009": "a profile JSON does not match the profile schema",
    "CP-DOC010": "a document path does not exist or is not a regular file",
    "CP-DOC011": "a document or profile file cannot be read or written (I/O error)",
    "CP-PRF001": "a correction names a skill the profile does not have",
    "CP-PRF002": "a skill to add matches no ESCO skill",
    "CP-PRF003": "a title correction is malformed or names a job that does not exist",
    "CP-FIT001": "a fit answers file is missing, unreadable or not a mapping of ids to answers",
    "CP-FIT002": "a fit answer names a questionnaire item that does not exist",
    "CP-FIT003": "a fit answer is out of range or not one of the item's choices",
    "CP-FIT004": "no fit answers were given and the terminal cannot ask for them",
    "CP-OPP001": "no usable wage figures exist for an occupation of an opportunity-cost comparison",
    "CP-OPP002": "an opportunity-cost input is invalid (e.g. a non-USD currency without a salary)",
    "CP-RPT001": "a report format is not supported",
    "CP-PLN001": "a planning input is invalid (unknown competency, gap out of 0-4, bad hours)",
    "CP-PLN002": "a situation block (product team, advocate, company size, region, …) is invalid",
    "CP-PLN003": "a plan date is invalid (not YYYY-MM-DD, or out of range)",
    "CP-PLN004": "a check-in names a step the plan does not have",
    "CP-PLN005": "a check-in reports nothing (no step done, no evidence, no note)",
    "CP-PLN006": "a plan export format is not supported (use md or ics)",
    "CP-PLN007": "routes and plans exist only for the product pack's product roles",
    "CP-WEB001": "a form lacks a valid CSRF token, or a write request came from another site",
    "CP-WEB002": "a web request lacks a required field or has a value of the wrong type",
    "CP-DOC101": "warning: the text does not look like English",
    "CP-DOC102": "warning: the text was not UTF-8 and was decoded as Windows-1252",
    "CP-DOC103": "warning: no work experience was recognised",
    "CP-DOC104": "warning: a date could not be understood and was left empty",
    "CP-DOC105": "warning: part of the document was skipped (too many pages or too long)",
    "CP-DOC106": "warning: an expected part of an export or resume is missing or malformed",
}


class CareerPivotError(Exception):
    """Base class: a coded, user-facing error.

    Args:
        code: a key of :data:`CODES`.
        message: what went wrong, in plain words (never personal data from a CV).
        hint: how to fix it.
    """

    exit_code: ClassVar[int] = 1
    http_status: ClassVar[int] = 500

    def __init__(self, code: str, message: str, hint: str = "") -> None:
        if code not in CODES:
            raise ValueError(f"unknown error code {code!r}")
        self.code = code
        self.message = message
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def to_dict(self) -> dict[str, str]:
        """The error as JSON-ready data: ``{"code", "message", "hint"}``."""
        return {"code": self.code, "message": self.message, "hint": self.hint}


class ConfigError(CareerPivotError):
    """A setting or the home directory is unusable."""

    exit_code = 78
    http_status = 500


class InputError(CareerPivotError):
    """Something the user handed us cannot be used."""

    exit_code = 65
    http_status = 422


class DataFormatError(InputError):
    """A taxonomy or wage file does not parse; names file, row and column when known."""

    def __init__(
        self,
        code: str,
        message: str,
        hint: str = "",
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file, self.row, self.column = file, row, column
        where = ", ".join(
            part
            for part in (
                f"file {file}" if file else "",
                f"row {row}" if row is not None else "",
                f"column {column!r}" if column else "",
            )
            if part
        )
        super().__init__(code, f"{message} ({where})" if where else message, hint)


class DocumentError(InputError):
    """A CV, profile or other user document cannot be read."""


class ProfileError(InputError):
    """A correction to a profile (accept, reject, add a skill, fix a title) cannot be applied."""


class FitAnswersError(InputError):
    """Fit-check answers cannot be used: unreadable file, unknown item, out-of-range value."""


class OpportunityInputError(InputError):
    """An opportunity-cost comparison lacks wage data or has an invalid user input."""


class PlanningInputError(InputError):
    """A planning input (competency gaps, budget, weekly hours) is out of range or unknown."""


class NotFoundError(CareerPivotError):
    """A path, occupation, role or stored record does not exist."""

    exit_code = 66
    http_status = 404

    def __init__(
        self, code: str, message: str, hint: str = "", *, suggestions: list[str] | None = None
    ) -> None:
        self.suggestions = suggestions or []
        if self.suggestions and not hint:
            hint = "did you mean: " + "; ".join(self.suggestions)
        super().__init__(code, message, hint)


class StoreError(CareerPivotError):
    """The local store cannot be used."""

    exit_code = 74
    http_status = 503


class StoreMissingError(StoreError):
    """No taxonomy has been imported into the home directory yet."""

    exit_code = 69


class UserStoreError(StoreError):
    """The user database cannot be opened, migrated or is newer than this code."""


class RecordNotFoundError(NotFoundError):
    """No stored person, profile, analysis or plan has the given id."""


class RecordInputError(InputError):
    """A record handed to the user store is invalid, or a deletion was not confirmed."""


class NetworkError(CareerPivotError):
    """A download failed."""

    exit_code = 69
    http_status = 502


class WebRequestError(CareerPivotError):
    """A request to the web app or its API is malformed (missing field, wrong type)."""

    exit_code = 64
    http_status = 400


class CsrfError(WebRequestError):
    """A form was posted without a valid CSRF token, or a write came from another site."""

    http_status = 403
