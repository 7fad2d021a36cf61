"""Download the official releases (or a mirror's copies), verify them, and import them.

:func:`download_sources` runs the whole job in four steps; nothing touches the store until the
last one, and that one is the atomic :func:`~careerpivot.taxonomy.build.import_sources`:

1. **plan** — each file of each requested :class:`~careerpivot.taxonomy.releases.Release`
   gets a URL (the publisher's, ``{mirror}/{source}/{name}``, or one given with ``urls``) and
   the checks it must pass: the size and MD5/SHA-256 from the manifest, and the SHA-256 from
   the mirror's ``SHA256SUMS`` when the mirror serves one (then every file must be listed);
2. **fetch** — each file is streamed (``urllib``, with a timeout and a size cap) into a
   temporary ``.part`` file in ``downloads/{source}/``, hashed on the way, checked, and only
   then renamed to its official name; a failed or rejected download leaves nothing behind;
3. **unpack** — zips are checked (no absolute or ``..`` member paths, no links, capped total
   size and compression ratio, sizes recounted while writing) and their data files extracted
   into a temporary folder;
4. **import** — one :class:`~careerpivot.taxonomy.build.SourceSpec` per source, all imported
   in one atomic step. The SHA-256 of every downloaded file is recorded in
   ``downloads/SHA256SUMS`` (``sha256sum`` format). Downloads are deleted afterwards unless
   ``keep`` is set; unpacked folders always are.

Errors: :class:`NetworkError` CP-NET001 (HTTP error, refused connection, timeout, truncated
body, over the size cap) and CP-NET002 (no URL known for a file, e.g. ESCO without a mirror);
:class:`DataFormatError` CP-DAT008 (checksum or size mismatch), CP-DAT009 (unsafe archive),
CP-DAT005 (corrupt archive); :class:`ConfigError` CP-CFG002 (a mirror or URL that is not
http, https or file).
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import os
import re
import secrets
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO

from careerpivot.errors import ConfigError, DataFormatError, NetworkError
from careerpivot.taxonomy.build import SourceSpec, import_sources
from careerpivot.taxonomy.importers import esco, onet
from careerpivot.taxonomy.models import SourceStatus
from careerpivot.taxonomy.releases import RELEASES, Release, ReleaseFile
from careerpivot.taxonomy.unpack import check_members, unpack

ProgressFn = Callable[[str, int, int], None]

DEFAULT_TIMEOUT = 60.0
"""Seconds a connection may stay silent before the download fails."""
MAX_DOWNLOAD_BYTES = 1024**3
"""Largest file accepted (1 GiB); the official files are far smaller."""
CHUNK = 256 * 1024
SUMS_FILE = "SHA256SUMS"
USER_AGENT = "careerpivot-data-download/0.1 (+https://github.com/careerpivot)"
_SCHEMES = {"http", "https", "file"}
_NET_HINT = (
    "check the network connection and try again, or set CAREERPIVOT_DOWNLOAD_MIRROR "
    "(or --mirror) to a mirror of the official files (see docs/data.md)"
)


@dataclass(frozen=True)
class Check:
    """An expected property of a file: ``kind`` is sha256|md5|size; ``origin`` says who said so."""

    kind: str
    value: str
    origin: str


@dataclass(frozen=True)
class PlannedFile:
    """One file to fetch: where from, and the checks it must pass."""

    source: str
    name: str
    url: str
    checks: tuple[Check, ...] = ()


@dataclass(frozen=True)
class DownloadedFile:
    """A fetched and checked file.

    Attributes:
        path: where it is kept, or ``None`` once deleted (downloads are not kept by default).
        verified_by: the checks it passed, e.g. ``"sha256 from the mirror's SHA256SUMS"``;
            empty when no checksum was known, so the file could not be verified.
    """

    source: str
    name: str
    url: str
    size: int
    sha256: str
    verified_by: tuple[str, ...]
    path: Path | None


@dataclass
class DownloadResult:
    """What :func:`download_sources` did."""

    files: list[DownloadedFile] = field(default_factory=list)
    statuses: list[SourceStatus] = field(default_factory=list)
    imported: list[str] = field(default_factory=list)
    mirror_sums: bool = False


# -- planning ------------------------------------------------------------------------------
def check_url(url: str, what: str) -> str:
    """Return ``url`` without a trailing slash if it is an http, https or file URL.

    Raises:
        ConfigError: CP-CFG002 otherwise.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES or (parts.scheme != "file" and not parts.netloc):
        raise ConfigError(
            "CP-CFG002",
            f"{what} must be an http://, https:// or file:// URL, got {url!r}",
            "e.g. CAREERPIVOT_DOWNLOAD_MIRROR=https://mirror.example.org/careerpivot",
        )
    return url.rstrip("/")


def plan_downloads(
    sources: Sequence[str],
    *,
    mirror: str = "",
    urls: Sequence[str] = (),
    releases: Mapping[str, Release] = RELEASES,
) -> list[PlannedFile]:
    """The files to fetch for ``sources`` (names in ``releases``), with the manifest's checks.

    With ``urls`` (one source only) those URLs are fetched instead; a file whose name is in the
    manifest still gets the manifest's checks. Otherwise files come from ``mirror`` when set,
    else from the publisher.

    Raises:
        NetworkError: CP-NET002 when a file has no publisher URL and no mirror is set.
        ConfigError: CP-CFG002 for a mirror or URL that is not http, https or file.
        ValueError: unknown source, or ``urls`` with more than one source.
    """
    unknown = [s for s in sources if s not in releases]
    if unknown:
        raise ValueError(f"unknown source(s) {unknown}; known: {sorted(releases)}")
    if urls:
        if len(sources) != 1:
            raise ValueError("urls can only be given for a single source")
        release = releases[sources[0]]
        known = {f.name: f for f in release.files}
        planned = []
        for url in urls:
            name = urllib.parse.unquote(PurePosixPath(urllib.parse.urlsplit(url).path).name)
            if name in {"", ".", ".."} or re.search(r"[/\\\x00]", name):
                raise ConfigError(
                    "CP-CFG002",
                    f"URL {show_url(url)!r} does not end in a plain file name",
                    "pass the URL of the file itself, e.g. https://host/path/db_29_2_text.zip",
                )
            official = known.get(name)
            checks = _manifest_checks(official) if official else ()
            planned.append(PlannedFile(release.source, name, check_url(url, "--url"), checks))
        return planned
    base = check_url(mirror, "the download mirror") if mirror else ""
    planned = []
    for source in sources:
        release = releases[source]
        for item in release.files:
            if base:
                url = f"{base}/{urllib.parse.quote(source)}/{urllib.parse.quote(item.name)}"
            elif item.url:
                url = item.url
            else:
                raise NetworkError(
                    "CP-NET002",
                    f"{source} has no direct download URL for {item.name!r}",
                    release.no_url_hint or "set CAREERPIVOT_DOWNLOAD_MIRROR or pass --url",
                )
            planned.append(PlannedFile(source, item.name, url, _manifest_checks(item)))
    return planned


def _manifest_checks(item: ReleaseFile) -> tuple[Check, ...]:
    checks = []
    if item.size is not None:
        checks.append(Check("size", str(item.size), "the release manifest"))
    if item.md5:
        checks.append(Check("md5", item.md5.lower(), "the release manifest"))
    if item.sha256:
        checks.append(Check("sha256", item.sha256.lower(), "the release manifest"))
    return tuple(checks)


def parse_sums(text: str) -> dict[str, str]:
    """Parse ``sha256sum`` output (``<hex>  <source>/<name>``) into path → lower-case hex.

    Raises:
        DataFormatError: CP-DAT002 naming the line of a malformed entry.
    """
    sums: dict[str, str] = {}
    for row, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        match = re.fullmatch(r"([0-9a-fA-F]{64}) [ *](.+)", line.rstrip("\r"))
        if not match:
            raise DataFormatError(
                "CP-DAT002",
                "not a sha256sum line ('<64 hex digits>  <source>/<file name>')",
                "fix the mirror's SHA256SUMS (generate it with `sha256sum */*`)",
                file=SUMS_FILE,
                row=row,
            )
        sums[match.group(2).removeprefix("./")] = match.group(1).lower()
    return sums


def _add_mirror_checks(plan: list[PlannedFile], sums: dict[str, str]) -> list[PlannedFile]:
    out = []
    for item in plan:
        key = f"{item.source}/{item.name}"
        if key not in sums:
            raise DataFormatError(
                "CP-DAT008",
                f"{key} is not listed in the mirror's {SUMS_FILE}, so it cannot be verified",
                f"add it to the mirror's {SUMS_FILE} (sha256sum format)",
                file=item.name,
            )
        check = Check("sha256", sums[key], f"the mirror's {SUMS_FILE}")
        out.append(replace(item, checks=(*item.checks, check)))
    return out


# -- fetching ------------------------------------------------------------------------------
@contextlib.contextmanager
def _open(url: str, timeout: float) -> Iterator[BinaryIO]:
    """Open ``url`` for reading; every failure becomes CP-NET001."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise NetworkError(
            "CP-NET001", f"{show_url(url)} answered HTTP {exc.code} {exc.reason}", _NET_HINT
        ) from exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise _net_error(url, exc) from exc
    with response:
        try:
            yield response
        except (OSError, http.client.HTTPException) as exc:
            raise _net_error(url, exc) from exc


def _net_error(url: str, exc: BaseException) -> NetworkError:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc.reason, str):
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
    if isinstance(exc, TimeoutError):
        what = "timed out"
    elif isinstance(exc, ConnectionRefusedError):
        what = "connection refused"
    elif isinstance(exc, urllib.error.URLError):
        what = str(exc.reason)
    else:
        what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return NetworkError("CP-NET001", f"download of {show_url(url)} failed ({what})", _NET_HINT)


def show_url(url: str) -> str:
    """``url`` without any user:password part (never print credentials)."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def fetch_text(url: str, *, timeout: float = DEFAULT_TIMEOUT, limit: int = 1024**2) -> str | None:
    """The small text file at ``url``, or ``None`` when the server answers 404/410.

    Raises:
        NetworkError: CP-NET001 for any other failure or a file larger than ``limit``.
    """
    try:
        with _open(url, timeout) as response:
            data = response.read(limit + 1)
    except NetworkError as exc:
        cause = exc.__cause__
        if isinstance(cause, urllib.error.HTTPError) and cause.code in {404, 410}:
            return None
        if isinstance(cause, urllib.error.URLError) and isinstance(cause.reason, FileNotFoundError):
            return None  # a file:// mirror without the file
        raise
    if len(data) > limit:
        raise NetworkError("CP-NET001", f"{show_url(url)} is larger than {limit} bytes", _NET_HINT)
    return data.decode("utf-8", errors="replace")


def fetch(
    item: PlannedFile,
    dest: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
    progress: ProgressFn | None = None,
) -> DownloadedFile:
    """Stream ``item`` into ``dest`` (atomic rename after every check passed).

    Raises:
        NetworkError: CP-NET001 on any transfer failure, a short body or a file over
            ``max_bytes``.
        DataFormatError: CP-DAT008 when a check fails.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{secrets.token_hex(6)}.part")
    try:
        with open(tmp, "xb") as out:
            size, digests = _stream(item, out, timeout, max_bytes, progress)
        verified = _verify(item, digests)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    url = show_url(item.url)
    return DownloadedFile(item.source, item.name, url, size, digests["sha256"], verified, dest)


def _stream(
    item: PlannedFile,
    out: IO[bytes],
    timeout: float,
    max_bytes: int,
    progress: ProgressFn | None,
) -> tuple[int, dict[str, str]]:
    label = f"download {item.source}/{item.name}"
    sha256, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
    with _open(item.url, timeout) as response:
        header = response.headers.get("Content-Length") if hasattr(response, "headers") else None
        expected = int(header) if header and header.strip().isdigit() else None
        if expected is not None and expected > max_bytes:
            raise _too_big(item, expected, max_bytes)
        done = 0
        if progress:
            progress(label, 0, expected or 0)
        while chunk := response.read(CHUNK):
            done += len(chunk)
            if done > max_bytes:
                raise _too_big(item, done, max_bytes)
            sha256.update(chunk)
            md5.update(chunk)
            out.write(chunk)
            if progress:
                progress(label, done, expected or 0)
    if expected is not None and done != expected:
        raise NetworkError(
            "CP-NET001",
            f"download of {show_url(item.url)} was cut short: got {done:,} of {expected:,} bytes",
            _NET_HINT,
        )
    return done, {"sha256": sha256.hexdigest(), "md5": md5.hexdigest(), "size": str(done)}


def _too_big(item: PlannedFile, size: int, cap: int) -> NetworkError:
    return NetworkError(
        "CP-NET001",
        f"{show_url(item.url)} is larger than the {cap // 1024**2:,} MB download limit "
        f"({size:,} bytes so far)",
        "this is not an official release file; check the URL or mirror",
    )


def _verify(item: PlannedFile, digests: dict[str, str]) -> tuple[str, ...]:
    passed = []
    for check in item.checks:
        actual = digests[check.kind]
        if actual != check.value:
            what = "size" if check.kind == "size" else f"{check.kind} checksum"
            raise DataFormatError(
                "CP-DAT008",
                f"downloaded {item.source}/{item.name} does not match the {what} from "
                f"{check.origin} (expected {check.value}, got {actual}); nothing was imported",
                "the file is damaged or not the official release; try again or use another mirror",
                file=item.name,
            )
        if check.kind != "size":
            passed.append(f"{check.kind} from {check.origin}")
    return tuple(passed)


# -- building import specs -----------------------------------------------------------------
def _spec(source: str, files: list[DownloadedFile], workdir: Path) -> SourceSpec:
    """The :class:`SourceSpec` for one source's downloaded files (unpacked under ``workdir``)."""
    paths = [f.path for f in files if f.path is not None]
    for path in paths:
        if zipfile.is_zipfile(path):
            # ESCO zips are read by the importer itself; check them like every archive.
            with zipfile.ZipFile(path) as zf:
                check_members(path, zf)
    folder = workdir / source
    folder.mkdir(parents=True, exist_ok=True)
    if source == "esco":
        for path in paths:
            _link(path, folder / path.name)
        return SourceSpec("esco", folder, esco.detect_version(Path(paths[0].name)))
    data: list[Path] = []
    for path in paths:
        if zipfile.is_zipfile(path) and path.suffix.lower() == ".zip":
            data.extend(unpack(path, folder / path.stem))
        else:
            data.append(path)
    if source == "onet":
        occ = [
            p for p in data if p.name.lower() in {"occupation data.txt", "occupation data.txt.gz"}
        ]
        if not occ:
            raise _missing(files, "'Occupation Data.txt' (the O*NET text edition)")
        return SourceSpec("onet", occ[0].parent, onet.detect_version(Path(paths[0].name)))
    pattern = {
        "wages": r"(national_m\d{4}_dl|oews.*national.*)\.(xlsx|csv(\.gz)?)$",
        "crosswalk": r"esco.?to.?onet.?soc.*\.(xlsx|csv(\.gz)?)$",
    }[source]
    hits = sorted(p for p in data if re.search(pattern, p.name, re.I))
    if not hits:
        raise _missing(files, f"a file named like {pattern!r}")
    return SourceSpec(source, hits[0])


def _missing(files: list[DownloadedFile], what: str) -> DataFormatError:
    return DataFormatError(
        "CP-DAT002",
        f"the download holds no {what}",
        "check that the URL or mirror serves the official release",
        file=", ".join(f.name for f in files),
    )


def _link(src: Path, dest: Path) -> None:
    dest.unlink(missing_ok=True)
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


# -- the whole job -------------------------------------------------------------------------
def download_sources(
    sources: Sequence[str],
    *,
    store_path: Path,
    downloads_dir: Path,
    mirror: str = "",
    urls: Sequence[str] = (),
    keep: bool = False,
    releases: Mapping[str, Release] = RELEASES,
    progress: ProgressFn | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
) -> DownloadResult:
    """Download, verify and import ``sources`` (``"all"`` means every release).

    Args:
        sources: names in ``releases`` (esco, onet, crosswalk, wages) or ``["all"]``.
        store_path: the taxonomy store to import into.
        downloads_dir: where files are downloaded (``$CAREERPIVOT_HOME/downloads``).
        mirror: base URL of a mirror (files at ``{mirror}/{source}/{name}``, optional
            ``{mirror}/SHA256SUMS`` that must then list every file). Ignored with ``urls``.
        urls: explicit URLs for a single source (e.g. the links the ESCO portal sends).
        keep: keep the downloaded files in ``downloads_dir/{source}/``.
        releases: the manifest (default :data:`~careerpivot.taxonomy.releases.RELEASES`).
        progress: ``(description, done, total)`` callback; downloads report bytes
            (``total`` 0 when unknown) with descriptions ``download {source}/{name}``.
        timeout: seconds of silence before a connection fails.
        max_bytes: largest file accepted.

    Returns:
        The files fetched (with how each was verified) and the store's new status.

    Raises:
        NetworkError, DataFormatError, ConfigError: see the module docstring. The store is
            only changed when every file was downloaded, verified and parsed.
    """
    kinds = list(releases) if list(sources) == ["all"] else list(dict.fromkeys(sources))
    plan = plan_downloads(kinds, mirror=mirror, urls=urls, releases=releases)
    result = DownloadResult()
    if mirror and not urls:
        text = fetch_text(
            f"{check_url(mirror, 'the download mirror')}/{SUMS_FILE}", timeout=timeout
        )
        if text is not None:
            plan = _add_mirror_checks(plan, parse_sums(text))
            result.mirror_sums = True
    downloads_dir.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(dir=downloads_dir, prefix=".unpack-"))
    fetched: list[DownloadedFile] = []
    try:
        for item in plan:
            dest = downloads_dir / item.source / item.name
            fetched.append(
                fetch(item, dest, timeout=timeout, max_bytes=max_bytes, progress=progress)
            )
        specs = [_spec(kind, [f for f in fetched if f.source == kind], workdir) for kind in kinds]
        result.statuses = import_sources(store_path, specs, progress)
        result.imported = kinds
        record_sums(downloads_dir / SUMS_FILE, fetched)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        _remove([] if keep else fetched, [downloads_dir / kind for kind in kinds])
    result.files = [f if keep else replace(f, path=None) for f in fetched]
    return result


def _remove(files: list[DownloadedFile], folders: list[Path]) -> None:
    """Delete ``files``, then those of ``folders`` that are left empty."""
    for item in files:
        if item.path is not None:
            item.path.unlink(missing_ok=True)
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()  # fails unless empty


def record_sums(path: Path, files: list[DownloadedFile]) -> None:
    """Add or update ``<sha256>  <source>/<name>`` lines in ``path`` (written atomically).

    An unreadable or hand-damaged record is started afresh rather than failing the import.
    """
    entries: dict[str, str] = {}
    with contextlib.suppress(OSError, UnicodeDecodeError, DataFormatError):
        entries = parse_sums(path.read_text(encoding="utf-8")) if path.is_file() else {}
    entries.update({f"{f.source}/{f.name}": f.sha256 for f in files})
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text("".join(f"{h}  {p}\n" for p, h in sorted(entries.items())), encoding="utf-8")
    os.replace(tmp, path)
