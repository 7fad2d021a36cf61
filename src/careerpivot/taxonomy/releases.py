"""The manifest of official data releases that ``careerpivot data download`` fetches.

One :class:`Release` per source (``esco``, ``onet``, ``crosswalk``, ``wages``), listing the
official file names, where their publisher serves them, the checksums the publisher (or a
copy we verified) states, what each file holds and how it is imported. Checksums are only
listed when they are published or known; nothing here is guessed. A file with no checksum is
downloaded, its sha256 is computed and recorded, and the user is told it could not be verified.

A mirror (``CAREERPIVOT_DOWNLOAD_MIRROR``) serves the same files as
``{mirror}/{source}/{file name}``, optionally with ``{mirror}/SHA256SUMS``; see ``docs/data.md``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReleaseFile:
    """One official file of a release.

    Attributes:
        name: the official file name (also its name on a mirror).
        url: the publisher's direct URL, or ``None`` when there is no stable direct link.
        contains: what the file holds, in a few words.
        md5: lower-case hex MD5 published for the file, if any.
        sha256: lower-case hex SHA-256 published or known for the file, if any.
        size: exact size in bytes, when known from the publisher's listing.
    """

    name: str
    url: str | None
    contains: str
    md5: str | None = None
    sha256: str | None = None
    size: int | None = None


@dataclass(frozen=True)
class Release:
    """One source's official release.

    Attributes:
        source: ``esco`` | ``onet`` | ``crosswalk`` | ``wages`` (as in the store).
        version: the release imported (recorded in the store).
        publisher: who publishes it.
        page: the publisher's page for the release (for people, not fetched).
        files: the files to download, all required.
        imports: how the downloaded files become a :class:`~careerpivot.taxonomy.build.SourceSpec`.
        licence: the licence, in short.
        attribution: the attribution the licence asks for.
        no_url_hint: why some files have no URL and how to get them (printed in errors).
    """

    source: str
    version: str
    publisher: str
    page: str
    files: tuple[ReleaseFile, ...]
    imports: str
    licence: str
    attribution: str
    no_url_hint: str = ""


ESCO = Release(
    source="esco",
    version="1.1.1",
    publisher="European Commission (DG EMPL), ESCO",
    page="https://esco.ec.europa.eu/en/use-esco/download",
    files=(
        ReleaseFile(
            name="ESCO dataset - v1.1.1 - classification - en - csv.zip",
            url=None,
            contains="English CSVs: occupations_en, skills_en, ISCOGroups_en, skillGroups_en, …",
            md5="bb2f89a9efae25d2216748c86d1cb413",
            size=3_798_075,
        ),
        ReleaseFile(
            name="ESCO dataset - v1.1.1 - classification -  - csv.zip",
            url=None,
            contains="language-neutral CSVs: occupationSkillRelations, skillSkillRelations, "
            "broaderRelations*",
            md5="7b580b5cbf9efde2f8a904cff14c71c0",
            size=4_074_453,
        ),
    ),
    imports="both zips are placed in one folder and imported as is (the ESCO importer reads "
    "the CSVs inside the zips)",
    licence="European Commission reuse policy (Decision 2011/833/EU; CC BY 4.0)",
    attribution="ESCO classification v1.1.1, © European Union, https://esco.ec.europa.eu",
    no_url_hint=(
        "ESCO is distributed through the download form on the ESCO portal "
        "(https://esco.ec.europa.eu/en/use-esco/download), which has no stable direct file "
        "URL. Set CAREERPIVOT_DOWNLOAD_MIRROR (or --mirror) to a mirror that serves "
        "esco/<official file name>, or pass the download links the portal gives you with "
        "`careerpivot data download esco --url URL --url URL`, or download the CSV zips by "
        "hand and run `careerpivot data import esco FOLDER`"
    ),
)

ONET = Release(
    source="onet",
    version="29.2",
    publisher="O*NET Resource Center, U.S. Department of Labor / ETA",
    page="https://www.onetcenter.org/database.html",
    files=(
        ReleaseFile(
            name="db_29_2_text.zip",
            url="https://www.onetcenter.org/dl_files/database/db_29_2_text.zip",
            contains="folder db_29_2_text/ with the tab-separated text edition (*.txt)",
        ),
    ),
    imports="unpacked; the folder holding 'Occupation Data.txt' is imported",
    licence="CC BY 4.0",
    attribution=(
        "This product includes information from the O*NET 29.2 Database by the U.S. "
        "Department of Labor, Employment and Training Administration (USDOL/ETA). Used under "
        "the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA."
    ),
)

CROSSWALK = Release(
    source="crosswalk",
    version="ESCO→O*NET-SOC 2019",
    publisher="O*NET Resource Center / USDOL-ETA (joint ESCO–O*NET work)",
    page="https://www.onetcenter.org/crosswalks.html",
    files=(
        ReleaseFile(
            name="ESCO_to_ONET-SOC.xlsx",
            url="https://www.onetcenter.org/crosswalks/esco/ESCO_to_ONET-SOC.xlsx",
            contains="workbook, sheet 'O-NET-SOC 2019 Crosswalks' (title rows, then the table)",
        ),
    ),
    imports="the workbook is read directly (header row found below the title rows)",
    licence="CC BY 4.0 (O*NET); ESCO content under the EC reuse policy",
    attribution=(
        "ESCO to O*NET-SOC 2019 crosswalk, O*NET Resource Center (USDOL/ETA), CC BY 4.0; "
        "ESCO © European Union"
    ),
)

WAGES = Release(
    source="wages",
    version="OEWS May 2024",
    publisher="U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics",
    page="https://www.bls.gov/oes/tables.htm",
    files=(
        ReleaseFile(
            name="oesm24nat.zip",
            url="https://www.bls.gov/oes/special-requests/oesm24nat.zip",
            contains="national cross-industry estimates, oesm24nat/national_M2024_dl.xlsx",
        ),
    ),
    imports="unpacked; the workbook national_M2024_dl.xlsx is imported",
    licence="public domain (U.S. federal government work)",
    attribution="U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics",
)

#: Every release by source, in import order.
RELEASES: dict[str, Release] = {r.source: r for r in (ESCO, ONET, CROSSWALK, WAGES)}
