"""Importing data releases: happy path, idempotence, atomicity and every bad input."""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import json
from pathlib import Path

import pytest

from careerpivot.errors import CareerPivotError
from careerpivot.taxonomy import build
from careerpivot.taxonomy.build import SourceSpec, detect_sources, import_sources
from careerpivot.taxonomy.store import TaxonomyStore
from tests import minidata


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def release(tmp_path: Path) -> Path:
    return minidata.full_release(tmp_path / "data")


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "home" / "taxonomy.sqlite"


def test_detects_every_source_in_a_shared_data_layout(release: Path) -> None:
    kinds = [spec.kind for spec in detect_sources(release)]
    assert kinds == ["esco", "onet", "crosswalk", "wages"]


def test_import_all_records_versions_counts_and_checksums(release: Path, store_path: Path) -> None:
    statuses = {s.source: s for s in import_sources(store_path, detect_sources(release))}
    assert statuses["esco"].version == "9.9.9"
    assert statuses["onet"].version == "29.9"
    assert statuses["wages"].version == "OEWS May 2099"
    assert statuses["esco"].counts["occupations"] == 3
    assert statuses["esco"].counts["dropped_relations"] == 1  # the unreleased occupation
    occ_file = next(f for f in statuses["esco"].files if f["name"] == "occupations_en.csv.gz")
    expected = _digest(release / "esco" / "v9.9.9" / "occupations_en.csv.gz")
    assert occ_file["sha256"] == expected


def test_imported_occupation_has_skills_crosswalk_and_wages(
    release: Path, store_path: Path
) -> None:
    import_sources(store_path, detect_sources(release))
    with TaxonomyStore.open(store_path) as store:
        occ = store.occupation_detail(minidata.occ_uri("o1"))
    assert occ is not None
    assert occ.alt_labels == ("product lead", "widget PM")
    assert [s.label for s in occ.essential_skills] == ["interview customers", "prioritise requests"]
    assert [s.label for s in occ.optional_skills] == ["widget markets"]
    assert [(o.code, o.job_zone) for o in occ.onet] == [("11-9199.00", 4)]
    assert occ.wages[0].a_median == 140000
    assert occ.wages[0].a_pct90 is None and occ.wages[0].top_coded
    with TaxonomyStore.open(store_path) as store:
        kinds = store.skill_types([minidata.skill_uri("s3"), minidata.skill_uri("s1"), "urn:x"])
    assert kinds == {
        minidata.skill_uri("s3"): "knowledge",
        minidata.skill_uri("s1"): "skill/competence",
    }


def test_reimport_is_idempotent(release: Path, store_path: Path) -> None:
    first = import_sources(store_path, detect_sources(release))
    second = import_sources(store_path, detect_sources(release))
    assert [s.counts for s in first] == [s.counts for s in second]
    with TaxonomyStore.open(store_path) as store:
        n = store.conn.execute("SELECT COUNT(*) FROM esco_occupation_skills").fetchone()[0]
    assert n == len(minidata.RELATIONS)


def test_single_source_import_keeps_the_others(release: Path, store_path: Path) -> None:
    import_sources(store_path, detect_sources(release))
    import_sources(store_path, [SourceSpec("wages", minidata.wages_file(release))])
    with TaxonomyStore.open(store_path) as store:
        assert {s.source for s in store.sources()} == {"esco", "onet", "crosswalk", "wages"}
        assert store.has_occupation(minidata.occ_uri("o2"))


def _expect_error_and_intact(
    store_path: Path, specs: list[SourceSpec], code: str, *fragments: str
) -> CareerPivotError:
    before = _digest(store_path)
    with pytest.raises(CareerPivotError) as info:
        import_sources(store_path, specs)
    assert info.value.code == code
    for fragment in fragments:
        assert fragment in str(info.value)
    assert _digest(store_path) == before, "a failed import must not touch the store"
    assert not list(store_path.parent.glob(".*.tmp")), "temporary copy left behind"
    with TaxonomyStore.open(store_path) as store:
        assert store.has_occupation(minidata.occ_uri("o1"))
    return info.value


@pytest.fixture
def installed(release: Path, store_path: Path) -> Path:
    import_sources(store_path, detect_sources(release))
    return store_path


def test_unknown_path_is_a_coded_error(installed: Path, tmp_path: Path) -> None:
    spec = SourceSpec("esco", tmp_path / "nope")
    _expect_error_and_intact(installed, [spec], "CP-DAT001", "does not exist")


def test_folder_without_esco_files_is_rejected(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "readme.txt").write_text("hello")
    err = _expect_error_and_intact(
        installed, [SourceSpec("esco", tmp_path / "junk")], "CP-DAT002", "not an ESCO"
    )
    assert "occupations_en.csv" in err.message


def test_truncated_gzip_names_the_file(installed: Path, release: Path) -> None:
    path = release / "esco" / "v9.9.9" / "skills_en.csv.gz"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _expect_error_and_intact(
        installed, [SourceSpec("esco", path.parent)], "CP-DAT005", "skills_en.csv.gz"
    )


def test_missing_column_names_file_row_and_column(installed: Path, release: Path) -> None:
    path = release / "esco" / "v9.9.9" / "occupations_en.csv.gz"
    text = gzip.decompress(path.read_bytes()).decode().replace("preferredLabel", "label", 1)
    path.write_bytes(gzip.compress(text.encode()))
    _expect_error_and_intact(
        installed,
        [SourceSpec("esco", path.parent)],
        "CP-DAT003",
        "occupations_en.csv.gz",
        "row 0",
        "'preferredLabel'",
    )


def test_duplicate_ids_name_the_row(installed: Path, release: Path) -> None:
    path = release / "esco" / "v9.9.9" / "occupations_en.csv.gz"
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()
    path.write_bytes(gzip.compress("\n".join([*lines, lines[-1]]).encode()))
    _expect_error_and_intact(
        installed, [SourceSpec("esco", path.parent)], "CP-DAT004", "row 4", "conceptUri"
    )


def test_wrong_format_for_wages_is_rejected(installed: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "oews.csv"
    bogus.write_text("name,value\nfoo,1\n")
    _expect_error_and_intact(installed, [SourceSpec("wages", bogus)], "CP-DAT003", "soc_code")


def test_binary_file_is_rejected(installed: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "wages.csv"
    bogus.write_bytes(bytes(range(256)) * 10)
    _expect_error_and_intact(installed, [SourceSpec("wages", bogus)], "CP-DAT002", "binary")


def test_bad_number_in_onet_names_row_and_column(installed: Path, release: Path) -> None:
    path = release / "onet" / "29.9" / "Job Zones.txt.gz"
    text = gzip.decompress(path.read_bytes()).decode().replace("\t4\t", "\tfour\t")
    path.write_bytes(gzip.compress(text.encode()))
    _expect_error_and_intact(
        installed, [SourceSpec("onet", path.parent)], "CP-DAT007", "row 1", "Job Zone"
    )


def test_failure_while_writing_leaves_previous_store(
    installed: Path, release: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(conn: object) -> None:
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-write

    monkeypatch.setattr(build, "rebuild_search_index", explode)
    before = _digest(installed)
    with pytest.raises(KeyboardInterrupt):
        import_sources(installed, detect_sources(release))
    assert _digest(installed) == before
    assert not list(installed.parent.glob(".*.tmp"))


def test_concurrent_import_is_refused(installed: Path, release: Path) -> None:
    lock = installed.with_name(installed.name + ".lock")
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _expect_error_and_intact(installed, detect_sources(release), "CP-STO003", "another")


def test_cli_import_status_and_errors(run_cli, home: Path, release: Path) -> None:
    empty = run_cli("data", "status", "--json")
    assert empty.exit_code == 0
    assert json.loads(empty.stdout)["installed"] is False

    done = run_cli("data", "import", "all", str(release))
    assert done.exit_code == 0, done.stderr
    assert "esco 9.9.9" in done.stdout

    status = json.loads(run_cli("data", "status", "--json").stdout)
    assert [s["source"] for s in status["sources"]] == ["esco", "onet", "crosswalk", "wages"]
    assert status["missing"] == []

    missing = run_cli("data", "import", "esco", str(release / "nothing-here"))
    assert missing.exit_code == 66
    assert "CP-DAT001" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_unwritable_home_is_a_config_error(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, release: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("CAREERPIVOT_HOME", str(blocker / "home"))
    result = run_cli("data", "import", "all", str(release))
    assert result.exit_code == 78
    assert "CP-CFG001" in result.stderr
