"""The garbage-collector helpers used while the taxonomy indexes load."""

from __future__ import annotations

import gc

import pytest

from careerpivot.loading import GC_THRESHOLDS, gc_paused, tune_gc


def test_gc_paused_restores_the_collector_even_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("index build failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a collector that was off stays off
    finally:
        gc.enable()


def test_tune_gc_raises_the_thresholds_but_keeps_collecting() -> None:
    before = gc.get_threshold()
    try:
        tune_gc()
        assert gc.get_threshold() == GC_THRESHOLDS
        assert gc.isenabled()
    finally:
        gc.set_threshold(*before)


def test_safe_yaml_reads_like_safe_load_and_refuses_python_objects() -> None:
    import yaml

    from careerpivot.loading import safe_yaml

    assert safe_yaml("a: [1, two]\nb: {c: 2026-11-29}\n") == yaml.safe_load(
        "a: [1, two]\nb: {c: 2026-11-29}\n"
    )
    with pytest.raises(yaml.YAMLError):
        safe_yaml("!!python/object/apply:os.system ['true']")
    with pytest.raises(yaml.YAMLError) as bad:
        safe_yaml("a: [1,\nb: 2\n")
    assert getattr(bad.value, "problem_mark", None) is not None


def test_the_parts_cache_builds_once_and_survives_a_broken_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from careerpivot.extract import parts_cache

    embeddings = tmp_path / "abc.npz"
    embeddings.write_bytes(b"vectors")
    path = parts_cache.cache_file(embeddings, "extract.test.v1")
    built: list[int] = []

    def build() -> dict[str, list[int]]:
        built.append(1)
        return {"parts": [1, 2, 3]}

    assert parts_cache.load_or_build(path, build) == {"parts": [1, 2, 3]}
    assert parts_cache.load_or_build(path, build) == {"parts": [1, 2, 3]}
    assert len(built) == 1  # the second call read the file
    path.write_bytes(b"truncated")
    assert parts_cache.load_or_build(path, build) == {"parts": [1, 2, 3]}
    assert len(built) == 2  # a broken file is rebuilt, not an error
    # new embeddings (another size) give another file; saving it removes the old one
    embeddings.write_bytes(b"other vectors")
    newer = parts_cache.cache_file(embeddings, "extract.test.v1")
    assert newer != path
    parts_cache.load_or_build(newer, build)
    assert newer.exists() and not path.exists()
    assert parts_cache.cache_file(embeddings, "extract.other.v1") != newer
    # the title ranker's file: its own prefix, and the pack roles in the key
    titles = parts_cache.cache_file(embeddings, "titles.t.v1", kind="titles", extra=b"roles A")
    assert titles.name.startswith("titles-titles.t.v1-")
    assert titles != parts_cache.cache_file(
        embeddings, "titles.t.v1", kind="titles", extra=b"roles B"
    )


def test_the_cache_key_covers_every_imported_source() -> None:
    from types import SimpleNamespace

    from careerpivot.extract import parts_cache

    def store(*sources: tuple[str, str, str]) -> SimpleNamespace:
        rows = [SimpleNamespace(source=n, version=v, files=({"sha256": h},)) for n, v, h in sources]
        return SimpleNamespace(sources=lambda: rows)

    esco = ("esco", "1.1.1", "aa")
    without_wages = parts_cache.sources_key(store(esco))  # type: ignore[arg-type]
    with_wages = parts_cache.sources_key(store(esco, ("wages", "May 2025", "bb")))  # type: ignore[arg-type]
    newer_wages = parts_cache.sources_key(store(esco, ("wages", "May 2026", "cc")))  # type: ignore[arg-type]
    # importing the OEWS wages (the title ranker's employment prior) changes the key
    assert len({without_wages, with_wages, newer_wages}) == 3
    assert parts_cache.sources_key(store(("wages", "May 2025", "bb"), esco)) == with_wages  # type: ignore[arg-type]
