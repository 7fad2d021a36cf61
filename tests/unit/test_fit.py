"""Fit check: questionnaire schema, per-dimension scoring, answers files and prompts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from careerpivot.analysis.fit import FitResult, score_fit, validate_answers
from careerpivot.errors import FitAnswersError, InputError
from careerpivot.fit_service import ask_answers, load_answers
from careerpivot.packs.extras import load_fit_file, load_fit_questionnaire
from careerpivot.packs.fit_schema import FitItem, FitQuestionnaire

REPO = Path(__file__).resolve().parents[2]
MAYA = REPO / "examples" / "answers-maya.yaml"
DIMENSIONS = {
    "ambiguity", "thankless_work", "influence", "collaboration", "problem_solving",
    "user_passion", "long_term_goals", "risk_appetite", "financial_runway",
}  # fmt: skip


def _likert(item_id: str, dim: str, reverse: bool = False) -> dict[str, Any]:
    return {
        "id": item_id,
        "dimension": dim,
        "question": f"Question {item_id}?",
        "answer": {"type": "likert", "scale": "agree"},
        "direction": "reverse" if reverse else "positive",
        "low_means": f"low {item_id}.",
        "high_means": f"high {item_id}.",
    }


def _dimension(dim_id: str, min_answers: int) -> dict[str, Any]:
    return {
        "id": dim_id,
        "name": f"Dim {dim_id.upper()}",
        "description": "d",
        "min_answers": min_answers,
        "high_text": f"{dim_id} is high.",
        "mid_text": f"{dim_id} is mid.",
        "low_text": f"{dim_id} is low.",
        "weigh_if_low": f"Weigh {dim_id}.",
        "downsides": [f"Downside of {dim_id}."],
    }


def tiny_data() -> dict[str, Any]:
    """Two dimensions, 12 items: a1-a6 (a4-a6 reverse), b1-b5 and the runway choice."""
    items = [_likert(f"a{i}", "a", reverse=i > 3) for i in range(1, 7)]
    items += [_likert(f"b{i}", "b") for i in range(1, 6)]
    choices = [
        {"value": "none", "label": "None", "score": 0, "months": 0},
        {"value": "some", "label": "Some", "score": 50, "months": 3},
        {"value": "lots", "label": "Lots", "score": 100, "months": 12},
    ]
    items.append(
        {
            "id": "runway",
            "dimension": "b",
            "question": "Runway?",
            "answer": {"type": "choice", "choices": choices},
            "low_means": "short runway.",
            "high_means": "long runway.",
        }
    )
    return {
        "name": "tiny",
        "version": "0.0.1",
        "title": "Tiny",
        "intro": "i",
        "scales": {"agree": {1: "SD", 2: "D", 3: "N", 4: "A", 5: "SA"}},
        "dimensions": [_dimension("a", 2), _dimension("b", 3)],
        "items": items,
        "derive": {"risk_appetite_dimension": "b", "runway_months_item": "runway"},
    }


@pytest.fixture
def tiny() -> FitQuestionnaire:
    return FitQuestionnaire.model_validate(tiny_data())


# -- the shipped questionnaire --------------------------------------------------------------
def test_shipped_questionnaire_covers_every_dimension_with_enough_items() -> None:
    q = load_fit_questionnaire()
    assert len(q.items) >= 12
    assert {d.id for d in q.dimensions} == DIMENSIONS
    for dim in q.dimensions:
        assert len(q.items_of(dim.id)) >= max(dim.min_answers, 2), dim.id
        assert dim.downsides
    assert sum(it.direction == "reverse" for it in q.items) >= 5
    assert {it.answer.type for it in q.items} == {"likert", "choice"}


def test_maya_example_scores_every_dimension_and_derives_route_values() -> None:
    result = score_fit(load_fit_questionnaire(), load_answers(MAYA))
    assert result.answered == 24
    assert all(d.status == "scored" for d in result.dimensions)
    assert result.dimension("user_passion").score == 100.0
    assert result.dimension("thankless_work").band == "low"
    assert result.runway_months == 3
    assert result.risk_appetite == result.dimension("risk_appetite").score == 53.3
    thankless = load_fit_questionnaire().dimensions[1]
    assert thankless.weigh_if_low in result.things_to_weigh
    json.loads(result.model_dump_json())  # JSON-serialisable


# -- golden values on the tiny questionnaire ---------------------------------------------------
def test_golden_scores_with_reverse_items(tiny: FitQuestionnaire) -> None:
    answers = {"a1": 5, "a2": 4, "a3": 3, "a4": 1, "a5": 2, "a6": 5, "b1": 2, "b2": 1, "b3": 1}
    result = score_fit(tiny, answers)
    a = result.dimension("a")
    # positive: 100, 75, 50; reverse: 1 → 100, 2 → 75, 5 → 0
    assert [t.score for t in a.terms] == [100.0, 75.0, 50.0, 100.0, 75.0, 0.0]
    assert a.score == 66.7 and a.band == "high"
    b = result.dimension("b")
    assert b.score == pytest.approx(8.3) and b.band == "low"
    assert result.risk_appetite == b.score
    assert result.things_to_weigh == ("Weigh b.",)


def test_reverse_item_means_follow_the_raw_answer(tiny: FitQuestionnaire) -> None:
    a = score_fit(tiny, {"a4": 5, "a5": 1}).dimension("a")
    high, low = a.terms
    assert (high.raw, high.score, high.means) == (100.0, 0.0, "high a4.")
    assert (low.raw, low.score, low.means) == (0.0, 100.0, "low a5.")
    assert a.score == 50.0 and a.band == "mid"
    assert a.explanation == "a is mid. Your answers: high a4. low a5."


def test_neutral_answers_add_no_meaning_text(tiny: FitQuestionnaire) -> None:
    a = score_fit(tiny, {"a1": 3, "a2": 3}).dimension("a")
    assert a.explanation == "a is mid."
    assert all(t.means is None for t in a.terms)


def test_missing_answers_mean_not_enough_information(tiny: FitQuestionnaire) -> None:
    result = score_fit(tiny, {"a1": 5, "b1": 5, "b2": None, "b3": None})
    a, b = result.dimensions
    assert (a.status, a.score, a.band) == ("not_enough_information", None, None)
    assert a.missing_items == ("a2", "a3", "a4", "a5", "a6")
    assert "Not enough information: 1 of 6" in a.explanation
    assert b.status == "not_enough_information" and b.answered == 1
    assert a.downsides == ("Downside of a.",)  # downsides are shown even without a score
    assert result.risk_appetite is None and result.runway_months is None
    assert result.things_to_weigh == (
        "Dim A: not enough information; answer at least 1 more question to score it.",
        "Dim B: not enough information; answer at least 2 more questions to score it.",
    )
    assert result.derived[1].value is None


def test_choice_answers_score_as_authored_and_give_runway(tiny: FitQuestionnaire) -> None:
    result = score_fit(tiny, {"b1": 4, "b2": 4, "runway": "some"})
    b = result.dimension("b")
    assert [t.score for t in b.terms] == [75.0, 75.0, 50.0]
    assert b.terms[2].answer_label == "Some"
    assert b.score == pytest.approx(66.7)
    assert result.runway_months == 3
    assert "lower bound of your answer 'Some'" in result.derived[1].explanation


def test_lenient_numbers_are_normalised(tiny: FitQuestionnaire) -> None:
    assert validate_answers(tiny, {"a1": "4", "a2": 2.0, "a3": None}) == {"a1": 4, "a2": 2}


@pytest.mark.parametrize("bad", [0, 6, "abc", True, 2.5, [3], "some"])
def test_out_of_range_likert_answers_are_coded_errors(tiny: FitQuestionnaire, bad: object) -> None:
    with pytest.raises(FitAnswersError) as info:
        score_fit(tiny, {"a1": bad})
    assert info.value.code == "CP-FIT003"
    assert "a1" in info.value.message and "1-5" in info.value.message


def test_unknown_choice_value_is_a_coded_error(tiny: FitQuestionnaire) -> None:
    with pytest.raises(FitAnswersError) as info:
        score_fit(tiny, {"runway": "plenty", "a1": 9})
    assert info.value.code == "CP-FIT003"
    assert "none, some, lots" in info.value.message and "a1: 9" in info.value.message


def test_unknown_item_ids_are_coded_errors_with_suggestions(tiny: FitQuestionnaire) -> None:
    with pytest.raises(FitAnswersError) as info:
        score_fit(tiny, {"runwy": "some", "zzz": 1})
    assert info.value.code == "CP-FIT002"
    assert "runwy, zzz" in info.value.message
    assert "runwy → runway" in info.value.hint
    assert info.value.exit_code == 65


# -- answers files ---------------------------------------------------------------------------
def test_answers_file_yaml_and_json(tmp_path: Path, tiny: FitQuestionnaire) -> None:
    (tmp_path / "a.yaml").write_text("a1: 5\na2: 4\nrunway: lots\n", encoding="utf-8")
    (tmp_path / "a.json").write_text('{"a1": 5, "a2": 4, "runway": "lots"}', encoding="utf-8")
    assert load_answers(tmp_path / "a.yaml") == load_answers(tmp_path / "a.json")
    assert score_fit(tiny, load_answers(tmp_path / "a.json")).runway_months == 12
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    assert load_answers(tmp_path / "empty.yaml") == {}


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("list.yaml", "- a1\n- a2\n", "holds a list"),
        ("broken.yaml", "a1: [5\n", "not valid YAML at line"),
        ("broken.json", '{"a1": 5,,}', "not valid JSON (line 1"),
        ("latin1.yaml", "a1: 5 # caf\xe9\n", "not UTF-8"),
    ],
)
def test_bad_answers_files_are_coded_errors(
    tmp_path: Path, name: str, content: str, fragment: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode("latin-1"))
    with pytest.raises(FitAnswersError) as info:
        load_answers(path)
    assert info.value.code == "CP-FIT001"
    assert fragment in info.value.message


def test_missing_answers_file_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(FitAnswersError) as info:
        load_answers(tmp_path / "nope.yaml")
    assert info.value.code == "CP-FIT001" and "does not exist" in info.value.message


# -- interactive collection ------------------------------------------------------------------
def test_ask_answers_skips_and_retries_invalid_input(tiny: FitQuestionnaire) -> None:
    replies = {"a1": ["9", "4"], "a2": [""], "runway": ["lots"]}
    asked: list[str] = []

    def ask(item: FitItem, number: int) -> object:
        asked.append(item.id)
        queue = replies.get(item.id, [None])
        return queue.pop(0)

    answers = ask_answers(tiny, ask)
    assert answers == {"a1": 4, "runway": "lots"}
    assert asked.count("a1") == 2 and len(set(asked)) == 12


def test_rich_prompt_maps_choice_numbers_to_values(
    tiny: FitQuestionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.console import Console

    from careerpivot.cli.fit import rich_ask

    typed = iter(["5", "7", "2", "", "3"])  # a1=5; a2: 7 is rejected by the prompt, then 2
    monkeypatch.setattr("builtins.input", lambda *a: next(typed))
    con = Console(file=open("/dev/null", "w"), force_terminal=False)  # noqa: SIM115
    ask = rich_ask(con, tiny)
    assert ask(tiny.item("a1"), 1) == "5"
    assert ask(tiny.item("a2"), 2) == "2"
    assert ask(tiny.item("a3"), 3) is None
    assert ask(tiny.item("runway"), 12) == "lots"
    con.file.close()


# -- schema problems -------------------------------------------------------------------------
def _pack_error(tmp_path: Path, data: dict[str, Any]) -> str:
    (tmp_path / "fit.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_fit_file(tmp_path)
    assert info.value.code == "CP-PAK001"
    return info.value.message


def test_schema_rejects_inconsistent_questionnaires(tmp_path: Path) -> None:
    data = tiny_data()
    data["items"][0]["dimension"] = "nope"
    data["items"][11]["direction"] = "reverse"
    data["dimensions"][1]["min_answers"] = 9
    message = _pack_error(tmp_path, data)
    assert "items[0] (a1).dimension: unknown dimension 'nope'" in message
    assert "items[11] (runway).direction" in message
    assert "min_answers is 9 but the dimension has" in message


def test_schema_names_the_field_of_a_bad_item(tmp_path: Path) -> None:
    data = tiny_data()
    data["items"][2]["answer"] = {"type": "likert", "scale": "agree", "extra": 1}
    message = _pack_error(tmp_path, data)
    assert message.startswith("the pack does not validate: fit.yaml: fit.items[2] (a3).answer")


def test_schema_requires_twelve_items(tmp_path: Path) -> None:
    data = tiny_data()
    data["items"] = data["items"][:6] + data["items"][-1:]
    assert "at least 12 items" in _pack_error(tmp_path, data)


def test_result_round_trips_through_json(tiny: FitQuestionnaire) -> None:
    result = score_fit(tiny, {"a1": 5, "a2": 1, "runway": "none"})
    again = FitResult.model_validate_json(result.model_dump_json())
    assert again == result
