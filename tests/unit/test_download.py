"""``data download``: real HTTP against a local mirror on 127.0.0.1, checksums, bad servers.

The mirror is built from :mod:`tests.minidata` in the official file layout (O*NET text zip,
ESCO CSV zips, crosswalk workbook, OEWS zip with its workbook). Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import http.server
import io
import json
import socket
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from openpyxl import Workbook

from careerpivot.errors import CareerPivotError
from careerpivot.taxonomy import releases
from careerpivot.taxonomy.build import detect_sources, import_sources
from careerpivot.taxonomy.download import download_sources, parse_sums, unpack
from careerpivot.taxonomy.importers import crosswalk, wages
from careerpivot.taxonomy.readers import read_xlsx_as_csv
from careerpivot.taxonomy.store import TaxonomyStore
from tests import minidata

ESCO_EN, ESCO_REL = (f.name for f in releases.ESCO.files)
XW_HEADER = ["ESCO/ISCO Code", "ESCO/ISCO Title", "O*NET-SOC 2019 Code", "O*NET-SOC 2019 Title"]
OEWS_HEADER = ["AREA", "NAICS", "OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP", "A_MEAN",
               "H_MEDIAN", "A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90"]  # fmt: skip
OEWS_ROWS = [
    ["99", "000000", "11-9199", "Managers, All Other", "detailed", 500000, 150000, 67.3,
     70000, 100000, 140000, 190000, "#"],
    ["99", "000000", "43-4051", "Customer Service Representatives", "detailed", 2800000,
     44000, 19.71, 31000, 35000, 41000, 49000, 60000],
]  # fmt: skip


# -- building a mirror ---------------------------------------------------------------------
def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _workbook(rows: list[list[Any]], title: str = "Sheet1") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def crosswalk_workbook(rows: list[list[str]]) -> bytes:
    """A workbook laid out like the official ESCO_to_ONET-SOC.xlsx (titles, table, note)."""
    return _workbook(
        [
            ["O*NET-SOC 2019 Crosswalks"],
            ["European Skills, Competences, Qualifications and Occupations (ESCO) to O*NET-SOC"],
            [],
            XW_HEADER,
            *rows,
            [],
            [None, "This publication uses the ESCO classification of the European Commission."],
        ],
        "O-NET-SOC 2019 Crosswalks",
    )


def build_mirror(root: Path) -> Path:
    """Write a mirror of every release (official names) plus SHA256SUMS under ``root``."""
    src = root.parent / "mirror-src"
    esco_dir = minidata.esco_files(src, gz=False)
    onet_dir = minidata.onet_files(src, gz=False)
    en = {p.name: p.read_bytes() for p in esco_dir.iterdir() if "Relations" not in p.name}
    _zip(root / "esco" / ESCO_EN, en)
    _zip(root / "esco" / ESCO_REL, {"occupationSkillRelations.csv": (
        esco_dir / "occupationSkillRelations.csv").read_bytes()})  # fmt: skip
    _zip(
        root / "onet" / "db_29_2_text.zip",
        {f"db_29_2_text/{p.name}": p.read_bytes() for p in sorted(onet_dir.iterdir())},
    )
    xw_rows = minidata.crosswalk_file(src).read_text().splitlines()[1:]
    xlsx = crosswalk_workbook([line.split(",") for line in xw_rows])
    (root / "crosswalk").mkdir(parents=True)
    (root / "crosswalk" / "ESCO_to_ONET-SOC.xlsx").write_bytes(xlsx)
    oews = _workbook([OEWS_HEADER, *OEWS_ROWS], "national_M2024_dl")
    _zip(root / "wages" / "oesm24nat.zip", {"oesm24nat/national_M2024_dl.xlsx": oews})
    write_sums(root)
    return root


def write_sums(root: Path) -> None:
    lines = [
        f"{_sha256(p)}  {p.relative_to(root).as_posix()}\n"
        for p in sorted(root.glob("*/*"))
        if p.is_file()
    ]
    (root / "SHA256SUMS").write_text("".join(lines))


# -- a real HTTP server --------------------------------------------------------------------
class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    truncate: set[str]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the mirror folder; paths in ``server.truncate`` get half their body."""

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        server = cast(_Server, self.server)
        if self.path in server.truncate:
            data = Path(self.translate_path(self.path)).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            return
        super().do_GET()


@dataclasses.dataclass
class Mirror:
    root: Path
    url: str
    server: _Server


@pytest.fixture
def mirror(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Mirror]:
    """A mirror on 127.0.0.1 serving :func:`build_mirror`; ESCO md5s patched to match it."""
    root = build_mirror(tmp_path / "mirror")
    esco_files = tuple(
        dataclasses.replace(
            f,
            md5=hashlib.md5((root / "esco" / f.name).read_bytes()).hexdigest(),
            size=(root / "esco" / f.name).stat().st_size,
        )
        for f in releases.ESCO.files
    )
    monkeypatch.setitem(
        releases.RELEASES, "esco", dataclasses.replace(releases.ESCO, files=esco_files)
    )
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("CAREERPIVOT_DOWNLOAD_MIRROR", raising=False)
    server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    server.truncate = set()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield Mirror(root, f"http://127.0.0.1:{server.server_address[1]}/files", server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def served(mirror: Mirror) -> Mirror:
    """The mirror with its files under ``/files`` (so the base URL has a path)."""
    files = mirror.root / "files"
    files.mkdir()
    for item in list(mirror.root.iterdir()):
        if item != files:
            item.rename(files / item.name)
    mirror.root = files
    return mirror


def _files_under(path: Path) -> list[str]:
    return sorted(p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file())


def _status(run_cli: Any) -> dict[str, Any]:
    result = run_cli("data", "status", "--json")
    assert result.exit_code == 0, result.stderr
    return cast(dict[str, Any], json.loads(result.stdout))


# -- the happy path ------------------------------------------------------------------------
def test_download_all_from_mirror_verifies_and_imports_every_source(
    run_cli: Any, home: Path, served: Mirror, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREERPIVOT_DOWNLOAD_MIRROR", served.url)
    result = run_cli("data", "download")
    assert result.exit_code == 0, result.stderr
    assert "checksums from its SHA256SUMS" in result.stdout
    assert result.stdout.count("sha256 from the mirror's SHA256SUMS") == 5
    assert result.stdout.count("md5 from the release manifest") == 2  # ESCO zips: both checks
    assert "not verified" not in result.stdout
    assert "O*NET® is a trademark of USDOL/ETA" in result.stdout

    status = _status(run_cli)
    by_source = {s["source"]: s for s in status["sources"]}
    assert status["missing"] == []
    assert by_source["esco"]["version"] == "1.1.1"
    assert by_source["esco"]["counts"]["occupations"] == len(minidata.OCC)
    assert by_source["onet"]["version"] == "29.2"
    assert by_source["onet"]["counts"]["occupations"] == 2
    assert by_source["crosswalk"]["counts"]["rows"] == 2
    assert by_source["wages"]["version"] == "OEWS May 2024"
    assert by_source["wages"]["counts"]["occupations"] == 2
    with TaxonomyStore.open(home / "taxonomy.sqlite") as store:
        occ = store.occupation_detail(minidata.occ_uri("o1"))
    assert occ is not None
    assert [(o.code, o.job_zone) for o in occ.onet] == [("11-9199.00", 4)]
    assert occ.wages[0].a_median == 140000
    assert occ.wages[0].a_pct90 is None and occ.wages[0].top_coded

    # nothing but the checksum record stays behind, and it matches the mirror
    assert _files_under(home / "downloads") == ["SHA256SUMS"]
    recorded = parse_sums((home / "downloads" / "SHA256SUMS").read_text())
    assert recorded == parse_sums((served.root / "SHA256SUMS").read_text())


def test_single_source_with_keep_and_mirror_option(
    run_cli: Any, home: Path, mirror: Mirror
) -> None:
    base = mirror.url.removesuffix("/files")
    result = run_cli("data", "download", "crosswalk", "--mirror", base, "--keep")
    assert result.exit_code == 0, result.stderr
    kept = home / "downloads" / "crosswalk" / "ESCO_to_ONET-SOC.xlsx"
    assert kept.read_bytes() == (mirror.root / "crosswalk" / "ESCO_to_ONET-SOC.xlsx").read_bytes()
    assert [s["source"] for s in _status(run_cli)["sources"]] == ["crosswalk"]


def test_mirror_without_sums_imports_and_says_unverified(
    run_cli: Any, home: Path, mirror: Mirror
) -> None:
    (mirror.root / "SHA256SUMS").unlink()
    base = mirror.url.removesuffix("/files")
    result = run_cli("data", "download", "onet", "--mirror", base)
    assert result.exit_code == 0, result.stderr
    digest = _sha256(mirror.root / "onet" / "db_29_2_text.zip")
    assert "no SHA256SUMS" in result.stdout
    assert "not verified" in result.stdout and digest in result.stdout
    recorded = parse_sums((home / "downloads" / "SHA256SUMS").read_text())
    assert recorded == {"onet/db_29_2_text.zip": digest}


@pytest.mark.parametrize("with_sums", [True, False])
def test_file_url_mirror(tmp_path: Path, mirror: Mirror, with_sums: bool) -> None:
    if not with_sums:
        (mirror.root / "SHA256SUMS").unlink()
    result = download_sources(
        ["crosswalk"],
        store_path=tmp_path / "taxonomy.sqlite",
        downloads_dir=tmp_path / "dl",
        mirror=mirror.root.as_uri(),
    )
    assert result.mirror_sums is with_sums
    assert bool(result.files[0].verified_by) is with_sums
    assert [s.counts["rows"] for s in result.statuses] == [2]


def test_esco_from_explicit_urls_is_checked_against_the_manifest_md5(
    tmp_path: Path, mirror: Mirror
) -> None:
    base = mirror.url.removesuffix("/files")
    urls = [f"{base}/esco/{name.replace(' ', '%20')}" for name in (ESCO_EN, ESCO_REL)]
    result = download_sources(
        ["esco"], store_path=tmp_path / "taxonomy.sqlite", downloads_dir=tmp_path / "dl", urls=urls
    )
    assert result.imported == ["esco"]
    assert [f.verified_by for f in result.files] == [("md5 from the release manifest",)] * 2


# -- bad downloads leave the store alone ---------------------------------------------------
@pytest.fixture
def installed(home: Path, tmp_path: Path) -> Path:
    """A store already holding the minidata release (to prove failures do not touch it)."""
    store = home / "taxonomy.sqlite"
    import_sources(store, detect_sources(minidata.full_release(tmp_path / "data")))
    return store


def _expect_failure(run_cli: Any, store: Path, *argv: str) -> Any:
    before = _sha256(store)
    result = run_cli("data", "download", *argv)
    assert result.exit_code != 0
    assert _sha256(store) == before, "a failed download must not touch the store"
    downloads = store.parent / "downloads"
    left = sorted(downloads.rglob("*")) if downloads.exists() else []
    assert left == [], "a failed download must leave no files or folders behind"
    return result


def test_tampered_file_is_rejected_before_import(
    run_cli: Any, installed: Path, mirror: Mirror
) -> None:
    target = mirror.root / "crosswalk" / "ESCO_to_ONET-SOC.xlsx"
    target.write_bytes(crosswalk_workbook([["1223.1", "x", "11-9199.00", "Evil"]]))
    base = mirror.url.removesuffix("/files")
    result = _expect_failure(run_cli, installed, "--mirror", base)
    assert result.exit_code == 65
    assert "[CP-DAT008]" in result.stderr
    assert "crosswalk/ESCO_to_ONET-SOC.xlsx" in result.stderr
    assert "SHA256SUMS" in result.stderr


def test_manifest_md5_mismatch_is_rejected(tmp_path: Path, mirror: Mirror) -> None:
    (mirror.root / "SHA256SUMS").unlink()
    monkey = releases.RELEASES["esco"]
    bad = dataclasses.replace(monkey.files[0], md5="0" * 32)
    manifest = {"esco": dataclasses.replace(monkey, files=(bad, monkey.files[1]))}
    with pytest.raises(CareerPivotError) as info:
        download_sources(
            ["esco"],
            store_path=tmp_path / "taxonomy.sqlite",
            downloads_dir=tmp_path / "dl",
            mirror=mirror.url.removesuffix("/files"),
            releases=manifest,
        )
    assert info.value.code == "CP-DAT008"
    assert "md5 checksum from the release manifest" in info.value.message
    assert not (tmp_path / "taxonomy.sqlite").exists()
    assert _files_under(tmp_path / "dl") == []


def test_file_missing_from_sums_is_rejected(run_cli: Any, installed: Path, mirror: Mirror) -> None:
    sums = (mirror.root / "SHA256SUMS").read_text().splitlines(keepends=True)
    (mirror.root / "SHA256SUMS").write_text("".join(s for s in sums if "wages/" not in s))
    result = _expect_failure(run_cli, installed, "--mirror", mirror.url.removesuffix("/files"))
    assert "[CP-DAT008]" in result.stderr and "not listed" in result.stderr


def test_malformed_sums_file_names_the_line(run_cli: Any, installed: Path, mirror: Mirror) -> None:
    (mirror.root / "SHA256SUMS").write_text("# comment\nnot a checksum line\n")
    result = _expect_failure(run_cli, installed, "--mirror", mirror.url.removesuffix("/files"))
    assert "[CP-DAT002]" in result.stderr and "SHA256SUMS" in result.stderr
    assert "row 2" in result.stderr


def test_404_is_a_network_error_and_leaves_nothing(
    run_cli: Any, installed: Path, mirror: Mirror
) -> None:
    (mirror.root / "wages" / "oesm24nat.zip").unlink()
    result = _expect_failure(run_cli, installed, "--mirror", mirror.url.removesuffix("/files"))
    assert result.exit_code == 69
    assert "[CP-NET001]" in result.stderr and "HTTP 404" in result.stderr
    assert "CAREERPIVOT_DOWNLOAD_MIRROR" in result.stderr


def test_truncated_body_is_a_network_error(run_cli: Any, installed: Path, mirror: Mirror) -> None:
    mirror.server.truncate.add("/onet/db_29_2_text.zip")
    result = _expect_failure(run_cli, installed, "--mirror", mirror.url.removesuffix("/files"))
    assert result.exit_code == 69
    assert "[CP-NET001]" in result.stderr and "cut short" in result.stderr


def test_refused_connection_is_a_network_error(run_cli: Any, installed: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = _expect_failure(run_cli, installed, "onet", "--mirror", f"http://127.0.0.1:{port}")
    assert "[CP-NET001]" in result.stderr and "connection refused" in result.stderr


def test_silent_server_times_out(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)  # accepts connections (kernel backlog) but never answers
        with pytest.raises(CareerPivotError) as info:
            download_sources(
                ["onet"],
                store_path=tmp_path / "taxonomy.sqlite",
                downloads_dir=tmp_path / "dl",
                mirror=f"http://127.0.0.1:{sock.getsockname()[1]}",
                timeout=0.3,
            )
    assert info.value.code == "CP-NET001" and "timed out" in info.value.message


def test_size_cap(tmp_path: Path, mirror: Mirror) -> None:
    with pytest.raises(CareerPivotError) as info:
        download_sources(
            ["onet"],
            store_path=tmp_path / "taxonomy.sqlite",
            downloads_dir=tmp_path / "dl",
            mirror=mirror.url.removesuffix("/files"),
            max_bytes=100,
        )
    assert info.value.code == "CP-NET001" and "download limit" in info.value.message
    assert _files_under(tmp_path / "dl") == []


def test_esco_without_a_mirror_is_a_clear_coded_error(run_cli: Any, home: Path) -> None:
    for argv in (["esco"], []):
        result = run_cli("data", "download", *argv)
        assert result.exit_code == 69
        assert "[CP-NET002]" in result.stderr
        assert "esco.ec.europa.eu" in result.stderr
        assert "CAREERPIVOT_DOWNLOAD_MIRROR" in result.stderr
    assert not (home / "taxonomy.sqlite").exists()


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://127.0.0.1/a/..%2F..%2Fevil.zip"])
def test_url_must_name_a_plain_file(tmp_path: Path, url: str) -> None:
    with pytest.raises(CareerPivotError) as info:
        download_sources(
            ["onet"], store_path=tmp_path / "t.sqlite", downloads_dir=tmp_path / "dl", urls=[url]
        )
    assert info.value.code == "CP-CFG002"
    assert not (tmp_path / "dl").exists()


def test_bad_arguments_are_usage_errors(run_cli: Any, home: Path) -> None:
    assert run_cli("data", "download", "nonsense").exit_code == 2
    assert run_cli("data", "download", "all", "--url", "http://127.0.0.1/x.zip").exit_code == 2
    bad = run_cli("data", "download", "onet", "--mirror", "ftp://example.org/data")
    assert bad.exit_code == 78 and "[CP-CFG002]" in bad.stderr


# -- unsafe archives -----------------------------------------------------------------------
@pytest.mark.parametrize("member", ["../evil.txt", "db/../../evil.txt", "/tmp/evil.txt"])
def test_zip_member_outside_the_folder_is_rejected(tmp_path: Path, member: str) -> None:
    archive = _zip(tmp_path / "a.zip", {"db/Occupation Data.txt": b"x", member: b"evil"})
    dest = tmp_path / "out" / "inner"
    with pytest.raises(CareerPivotError) as info:
        unpack(archive, dest)
    assert info.value.code == "CP-DAT009" and member in info.value.message
    assert not dest.exists() and not (tmp_path / "evil.txt").exists()


def test_zip_bomb_is_rejected(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "bomb.zip", {"Skills.txt": b"\0" * (8 * 1024 * 1024)})
    with pytest.raises(CareerPivotError) as info:
        unpack(archive, tmp_path / "out")
    assert info.value.code == "CP-DAT009" and "to 1" in info.value.message
    with pytest.raises(CareerPivotError) as info:
        unpack(archive, tmp_path / "out", max_bytes=1024)
    assert info.value.code == "CP-DAT009"


def test_evil_archive_from_the_mirror_leaves_the_store(
    run_cli: Any, installed: Path, mirror: Mirror
) -> None:
    _zip(mirror.root / "onet" / "db_29_2_text.zip", {"../evil.txt": b"evil"})
    write_sums(mirror.root)
    result = _expect_failure(run_cli, installed, "onet", "--mirror", mirror.url[:-6])
    assert "[CP-DAT009]" in result.stderr and "../evil.txt" in result.stderr


# -- xlsx readers --------------------------------------------------------------------------
def test_xlsx_table_below_title_rows_reads_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "ESCO_to_ONET-SOC.xlsx"
    path.write_bytes(
        crosswalk_workbook(
            [
                ["1223.1", "product manager", "11-9199.00", "Managers, All Other"],
                ["0110.10", "lieutenant", "33-1011.00", "First-Line Supervisors"],
            ]
        )
    )
    raw = read_xlsx_as_csv(path, crosswalk.XLSX_HEADER)
    assert raw.text == (
        "esco_code,esco_title,onet_soc_2019_code,onet_soc_2019_title\n"
        '1223.1,product manager,11-9199.00,"Managers, All Other"\n'
        "0110.10,lieutenant,33-1011.00,First-Line Supervisors\n"
    )
    assert raw.sha256 == _sha256(path)
    data = crosswalk.parse(path)
    assert data.rows[1] == ("0110.10", "lieutenant", "33-1011.00", "First-Line Supervisors")
    assert data.files[0]["name"] == "ESCO_to_ONET-SOC.xlsx"


def test_official_oews_workbook_parses(tmp_path: Path) -> None:
    path = tmp_path / "national_M2024_dl.xlsx"
    notes = _workbook([["Field", "Description"], ["OCC_CODE", "SOC code"]], "Field Descriptions")
    path.write_bytes(_workbook([OEWS_HEADER, *OEWS_ROWS]))
    data = wages.parse(path)
    assert data.release == "May 2024"
    managers = next(r for r in data.rows if r[0] == "11-9199")
    assert managers[3] == 500000 and managers[7] == 140000 and managers[9] is None
    assert managers[10] == pytest.approx(67.3) and managers[11] == 1  # top-coded
    path.write_bytes(notes)
    with pytest.raises(CareerPivotError) as info:
        wages.parse(path)
    assert info.value.code == "CP-DAT003" and "OCC_CODE" in info.value.message


def test_corrupt_workbook_is_a_coded_error(tmp_path: Path) -> None:
    path = tmp_path / "ESCO_to_ONET-SOC.xlsx"
    path.write_bytes(crosswalk_workbook([["1223.1", "a", "11-9199.00", "b"]])[:300])
    with pytest.raises(CareerPivotError) as info:
        crosswalk.parse(path)
    assert info.value.code == "CP-DAT005"


@pytest.mark.integration
def test_real_crosswalk_workbook_matches_its_csv_twin(shared_data: Path) -> None:
    folder = shared_data / "crosswalk"
    if not (folder / "ESCO_to_ONET-SOC.xlsx").is_file():
        pytest.skip("official crosswalk workbook not in shared data")
    from_xlsx = crosswalk.parse(folder / "ESCO_to_ONET-SOC.xlsx")
    from_csv = crosswalk.parse(folder / "esco_to_onet_soc_2019_official.csv")
    assert len(from_xlsx.rows) == 8627
    assert from_xlsx.rows == from_csv.rows
