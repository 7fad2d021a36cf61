"""The product pack against the real ESCO v1.1.1 data: every URI exists, labels match."""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from careerpivot.packs.loader import load_pack
from careerpivot.packs.schema import Pack
from careerpivot.packs.validate import check_references, iter_references, validate_against_store

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack()


def test_every_pack_uri_exists_in_the_imported_store(pack: Pack, taxonomy_store: Any) -> None:
    assert check_references(pack, taxonomy_store) == []
    distinct = {r.uri for r in iter_references(pack)}
    assert validate_against_store(pack, taxonomy_store) == len(distinct) > 60


def test_pack_labels_are_esco_preferred_labels(pack: Pack, taxonomy_store: Any) -> None:
    wrong = []
    for ref in iter_references(pack):
        concept = (
            taxonomy_store.skill(ref.uri)
            if ref.kind == "skill"
            else taxonomy_store.occupation(ref.uri)
        )
        if concept is None or concept.preferred_label.strip() != ref.label:
            wrong.append((ref.where, ref.uri, ref.label))
    assert wrong == []


def test_soc_proxies_from_the_crosswalk_match_the_official_rows(
    pack: Pack, taxonomy_store: Any
) -> None:
    checked = 0
    for role in pack.roles:
        match = re.search(r"crosswalk row for ESCO (\d{4}(?:\.\d+)*)", role.soc_proxy.basis)
        if match is None:
            continue
        codes = {link.code for link in taxonomy_store.onet_links(match.group(1))}
        assert role.soc_proxy.code in codes, (role.id, codes)
        checked += 1
    assert checked >= 5


def test_cli_validate_checks_uris_against_the_imported_store(
    imported_home: Path, run_cli: Any
) -> None:
    result = run_cli("pack", "validate", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["references"] == "ok" and data["uris_checked"] > 60


def _esco_dir() -> Path:
    shared = os.environ.get("CAREERPIVOT_SHARED_DATA")
    root = Path(shared) if shared else REPO / ".." / "shared" / "data"
    return root / "esco" / "v1.1.1"


def _labels(path: Path) -> dict[str, str]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return {row["conceptUri"]: row["preferredLabel"].strip() for row in csv.DictReader(fh)}


def test_every_pack_uri_exists_in_the_official_esco_files(pack: Pack) -> None:
    """An oracle independent of the store importer: read the official CSVs directly."""
    esco = _esco_dir()
    if not (esco / "skills_en.csv.gz").is_file():
        pytest.skip(f"ESCO v1.1.1 files not found in {esco}")
    labels = {
        "skill": _labels(esco / "skills_en.csv.gz"),
        "occupation": _labels(esco / "occupations_en.csv.gz"),
    }
    problems = [
        (ref.where, ref.uri, ref.label, labels[ref.kind].get(ref.uri))
        for ref in iter_references(pack)
        if labels[ref.kind].get(ref.uri) != ref.label
    ]
    assert problems == []


def test_cv_phrases_point_at_real_esco_skills(taxonomy_store: Any) -> None:
    from careerpivot.packs.phrases import load_cv_phrases

    wrong = []
    for entry in load_cv_phrases().phrases:
        for ref in (*entry.skills, *entry.rules_out):
            skill = taxonomy_store.skill(ref.uri)
            if skill is None or skill.preferred_label != ref.label:
                wrong.append((entry.id, ref.uri, ref.label))
    assert wrong == []
