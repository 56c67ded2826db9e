"""Statistics against formulas and libraries computed independently here, edge cases, anonymity."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from pipeline.analysis.anonymity import suppress
from pipeline.analysis.config import load_analysis_config
from pipeline.analysis.distributions import frequencies, likert_summary, multiple_choice
from pipeline.analysis.free_text import free_text_answers
from pipeline.analysis.gaps import (
    adjust_holm,
    gap_comparisons,
    mann_whitney,
    perception_gaps,
    two_proportions_test,
)
from pipeline.analysis.groups import share_by_group
from pipeline.analysis.proportions import difference, proportion, wilson
from pipeline.analysis.questions import breakdown, describe_question
from pipeline.analysis.response import dropout, margin_of_error, representativeness, response_rates
from pipeline.analysis.results import GapComparison, RateRow
from pipeline.analysis.schema import to_records
from pipeline.codebook.load import load_codebook
from pipeline.codebook.model import Question, Scale, Variable
from pipeline.report.method_appendix import comparison_groups

GOD5 = Scale(
    "godt5",
    ("Svært dårlig", "Dårlig", "Middels", "Godt", "Svært godt"),
    off_scale=("Ikke aktuelt",),
    direction="high",
)


def wilson_by_formula(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


@pytest.mark.parametrize(("k", "n"), [(93, 219), (0, 12), (12, 12), (1, 1), (264, 326)])
def test_wilson_interval_equals_the_formula(k, n):
    assert wilson(k, n) == pytest.approx(wilson_by_formula(k, n), abs=1e-12)


def test_newcombe_difference_matches_newcombe_1998_example():
    # Newcombe (1998), Table II, example (a): 56/70 vs 48/80 → 0.2, interval 0.0524 to 0.3339
    d = difference(56, 70, 48, 80)
    assert d["difference"] == pytest.approx(0.2)
    assert (d["ci_low"], d["ci_high"]) == pytest.approx((0.0524, 0.3339), abs=5e-4)


def test_empty_group_has_no_share_and_no_interval():
    assert proportion(0, 0) == {
        "k": 0,
        "n": 0,
        "p": None,
        "ci_low": None,
        "ci_high": None,
        "method": {"ci": "wilson", "level": 0.95},
    }


def test_mann_whitney_agrees_with_scipy_and_rank_biserial_with_its_definition():
    a = np.array([1, 2, 2, 3, 3, 3, 4, 5])
    b = np.array([3, 4, 4, 4, 5, 5, 2])
    result = mann_whitney(a, b)
    u, p = stats.mannwhitneyu(b, a, alternative="two-sided")
    assert result["u"] == pytest.approx(u)
    assert result["p"] == pytest.approx(p, rel=1e-6)
    assert result["rbc"] == pytest.approx(2 * u / (len(a) * len(b)) - 1)


@given(
    a=st.lists(st.integers(1, 5), min_size=1, max_size=40),
    b=st.lists(st.integers(1, 5), min_size=1, max_size=40),
)
@settings(max_examples=40, deadline=None)
def test_mann_whitney_gives_pingouins_numbers_on_ordinal_scores_with_ties(a, b):
    import pingouin

    expected = pingouin.mwu(np.array(b, dtype=float), np.array(a, dtype=float)).iloc[0]
    result = mann_whitney(np.array(a), np.array(b))
    assert result["u"] == pytest.approx(expected["U_val"])
    assert result["p"] == pytest.approx(expected["p_val"], rel=1e-9, nan_ok=True)
    assert result["rbc"] == pytest.approx(expected["RBC"])
    assert result["cles"] == pytest.approx(expected["CLES"])


def test_small_cells_use_fishers_exact_test_with_scipys_p():
    result = two_proportions_test(5, 6, 3, 9)
    assert result["test"] == "fisher_exact"
    assert result["p"] == pytest.approx(stats.fisher_exact([[5, 1], [3, 6]]).pvalue)


def test_likert_summary_all_answers_in_one_category():
    s = likert_summary(pd.Series(["Godt"] * 7 + ["Ikke aktuelt"] * 3), GOD5)
    assert s["n"] == 7 and s["mean"] == 4.0 and s["sd"] == 0.0
    assert s["favourable"]["p"] == 1.0 and s["unfavourable"]["p"] == 0.0


def test_likert_summary_of_nobody_has_no_mean():
    s = likert_summary(pd.Series([None, None], dtype=object), GOD5)
    assert s["n"] == 0 and s["mean"] is None and s["favourable"]["p"] is None


def test_off_scale_answers_are_shown_apart_and_left_out_of_shares():
    table = frequencies(
        pd.Series(["Godt", "Dårlig", "Ikke aktuelt"]), GOD5.labels, GOD5.off_scale, GOD5
    )
    off = table[table["off_scale"]].iloc[0]
    assert (
        off["label"] == "Ikke aktuelt"
        and pd.isna(off["share"])
        and off["share_all"] == pytest.approx(1 / 3)
    )
    assert table.loc[table["label"] == "Godt", "share"].iloc[0] == 0.5


def test_multiple_choice_shares_of_respondents_add_to_more_than_one():
    options = pd.DataFrame(
        {"a": [True, True, True, None], "b": [True, False, True, None]}, dtype="boolean"
    )
    table, respondents, mentions = multiple_choice(options, ["A", "B"])
    assert (respondents, mentions) == (3, 5)
    assert table["share"].sum() > 1 and table["share_of_mentions"].sum() == pytest.approx(1)


def test_a_question_nobody_was_routed_to_gives_zero_n_not_an_error():
    var = Variable("q", "likert", "Spørsmål", scale=GOD5)
    out = describe_question(
        pd.DataFrame({"q": pd.Series([None] * 4, dtype=object)}),
        Question("q", "likert", "t", (var,)),
        5,
    )
    assert out["n_min"] == out["n_max"] == 0 and out["variables"][0]["likert"]["mean"] is None


def test_group_comparison_chi_square_and_cramers_v_match_scipy():
    r = pd.DataFrame(
        {
            "etat": ["A"] * 219 + ["B"] * 326,
            "ms": ["Ja"] * 93 + ["Nei"] * 126 + ["Ja"] * 264 + ["Nei"] * 62,
        }
    )
    out = share_by_group(r, "ms", "etat", ["Ja"], [], 5)
    table = np.array([[93, 126], [264, 62]])
    chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
    assert out["chi2"] == pytest.approx(chi2) and out["p"] == pytest.approx(p) and out["dof"] == dof
    assert out["cramers_v"] == pytest.approx(math.sqrt(chi2 / table.sum()))


def test_gap_is_leaders_minus_employees_and_holm_adjusts_upwards():
    leader = Variable("l", "likert", "t", scale=GOD5)
    employee = Variable("e", "likert", "t", scale=GOD5)
    leader2 = Variable("l2", "likert", "t", scale=GOD5)
    employee2 = Variable("e2", "likert", "t", scale=GOD5)
    r = pd.DataFrame(
        {
            "e": ["Godt"] * 30 + ["Dårlig"] * 20 + [None] * 10,
            "l": [None] * 50 + ["Godt"] * 9 + ["Middels"] * 1,
            "e2": ["Godt"] * 25 + ["Middels"] * 25 + [None] * 10,
            "l2": [None] * 50 + ["Svært godt"] * 8 + ["Dårlig"] * 2,
        }
    )
    table = perception_gaps(r, [("Kontakt", employee, leader), ("Plan", employee2, leader2)], 5)
    items = table.to_dict("records")
    adjust_holm((("", i) for i in items), "oppfølging")
    assert items[0]["gap"]["difference"] == pytest.approx(0.9 - 0.6)
    assert all(i["p_holm"] >= i["p"] for i in items)
    assert items[0]["adjust"] == {
        "adjust": "holm",
        "family": "oppfølging",
        "size": 2,
        "members": ["Kontakt", "Plan"],
    }
    assert items[0]["mwu"]["adjust"]["family"] == "oppfølging (Mann–Whitney)"


def _overlapping() -> tuple[pd.DataFrame, list[tuple[str, Variable, Variable]]]:
    """Ten employees, six leaders; rows 6–9 rated both (leaders on sick leave)."""
    employee = Variable("e", "likert", "t", scale=GOD5)
    leader = Variable("l", "likert", "t", scale=GOD5)
    r = pd.DataFrame(
        {
            "e": ["Dårlig"] * 6 + ["Godt"] * 4 + [None] * 2,
            "l": [None] * 6 + ["Svært godt"] * 4 + ["Godt", "Ikke aktuelt"],
            "rolle": ["Ansatt"] * 5 + ["Leder"] * 7,
        }
    )
    return r, [("Kontakt", employee, leader)]


def test_respondents_in_both_groups_count_as_leaders_only_by_default_and_are_counted():
    r, pairs = _overlapping()
    row = perception_gaps(r, pairs, 5).iloc[0]
    assert row["overlap"] == {
        "rule": "b",
        "in_both": 4,
        "moved": 4,
        "moved_from": "a",
        "independent": True,
    }
    assert (row["share_a"]["k"], row["share_a"]["n"]) == (0, 6)
    assert (row["share_b"]["k"], row["share_b"]["n"]) == (5, 5)
    assert row["method"]["test"] == "fisher_exact" and row["gap"]["method"]["ci"] == "newcombe"


def test_overlap_rule_a_keeps_them_in_group_a_instead():
    r, pairs = _overlapping()
    row = perception_gaps(r, pairs, 1, overlap="a").iloc[0]
    assert (row["share_a"]["n"], row["share_b"]["n"]) == (10, 1)
    assert row["overlap"]["moved_from"] == "b"


def test_groups_kept_overlapping_get_the_difference_without_interval_or_test():
    r, pairs = _overlapping()
    row = perception_gaps(r, pairs, 5, overlap="both").iloc[0]
    assert (row["share_a"]["n"], row["share_b"]["n"]) == (10, 5)
    assert row["gap"] == {"difference": pytest.approx(1.0 - 0.4)}
    assert row["p"] is None and row["mwu"] is None and row["method"] is None
    assert row["untested"] == "overlapping_groups" and not row["overlap"]["independent"]


def test_a_group_rule_keeps_other_roles_out_and_counts_the_ratings_kept_out():
    r, pairs = _overlapping()
    row = perception_gaps(r, pairs, 1, where_a=(r["rolle"] == "Ansatt").to_numpy()).iloc[0]
    assert row["excluded_a"] == 5 and row["share_a"]["n"] == 5
    assert row["overlap"]["in_both"] == 0


def test_gap_with_too_few_leaders_is_suppressed_and_carries_no_numbers():
    leader = Variable("l", "likert", "t", scale=GOD5)
    employee = Variable("e", "likert", "t", scale=GOD5)
    r = pd.DataFrame({"e": ["Godt"] * 20, "l": ["Godt"] * 3 + [None] * 17})
    row = perception_gaps(r, [("Kontakt", employee, leader)], 5).iloc[0]
    assert row["suppressed"] and pd.isna(row.get("share_b"))


def test_margin_of_error_with_finite_population_correction():
    m = margin_of_error(489, 1124)
    base = 1.959963984540054 * math.sqrt(0.25 / 489)
    assert m["without_fpc"] == pytest.approx(base)
    assert m["with_fpc"] == pytest.approx(base * math.sqrt((1124 - 489) / 1123))
    assert margin_of_error(10, 10)["with_fpc"] == 0.0


def test_representativeness_is_scipys_goodness_of_fit():
    r = pd.DataFrame({"etat": ["A"] * 300 + ["B"] * 258})
    out = representativeness(r, {"A": 560, "B": 564}, "etat")
    chi2, p = stats.chisquare([300, 258], [558 * 560 / 1124, 558 * 564 / 1124])
    assert out["chi2"] == pytest.approx(chi2) and out["p"] == pytest.approx(p)


def test_response_rates_flag_more_respondents_than_invited():
    r = pd.DataFrame({"etat": ["A"] * 3, "completed": [True] * 3})
    rates = response_rates(r, {"A": 2}, "etat")
    assert bool(rates.iloc[0]["rate_completed_exceeds_invited"])


def test_a_group_not_invited_keeps_the_invited_counts_whole_numbers(results_problems):
    r = pd.DataFrame({"etat": ["A", "A", "C"], "completed": [True, False, True]})
    rows = to_records(response_rates(r, {"A": 10, "B": 5}, "etat"))
    assert [row["invited"] for row in rows] == [10, 5, None, 15]
    assert all(type(row["invited"]) is int for row in rows if row["group"] != "C")
    assert results_problems(rows, list[RateRow]) == []


def test_dropout_shares_are_of_those_who_did_not_complete():
    r = pd.DataFrame(
        {"etat": ["A", "A", "B", "B", "B"], "completed": [False, False, False, True, True]}
    )
    out = dropout(r, "etat")
    assert out["dropout"]["k"] == 3 and [g["k"] for g in out["by_group"]] == [2, 1]


# --- anonymity --------------------------------------------------------------------------------

group_sizes = st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(sizes=group_sizes, k=st.integers(min_value=2, max_value=10))
def test_no_group_shown_rests_on_fewer_than_k(sizes, k):
    table = suppress(pd.DataFrame({"group": [f"g{i}" for i in range(len(sizes))], "n": sizes}), k)
    shown = table[~table["suppressed"]]
    assert ((shown["n"] == 0) | (shown["n"] >= k)).all()


@settings(max_examples=300, deadline=None)
@given(sizes=group_sizes, k=st.integers(min_value=2, max_value=10))
def test_a_suppressed_group_cannot_be_worked_out_from_the_total_and_its_siblings(sizes, k):
    table = suppress(pd.DataFrame({"group": [f"g{i}" for i in range(len(sizes))], "n": sizes}), k)
    hidden = table[table["suppressed"]]
    if len(hidden) == 0:
        return
    # total − shown siblings reveals only the sum of the hidden groups: it must hold ≥ k
    # respondents and more than one group, unless every non-empty group is hidden
    nonempty_shown = table[~table["suppressed"] & (table["n"] > 0)]
    if len(nonempty_shown):
        assert hidden["n"].sum() >= k and len(hidden) >= 2


@settings(max_examples=100, deadline=None)
@given(
    answers=st.lists(st.sampled_from(["Godt", "Dårlig", "Middels", None]), min_size=1, max_size=60),
    groups=st.lists(st.sampled_from(["A", "B", "C"]), min_size=60, max_size=60),
)
def test_breakdown_cells_below_k_are_suppressed_with_no_numbers(answers, groups):
    k = 5
    frame = pd.DataFrame({"q": answers, "g": groups[: len(answers)]})
    var = Variable("q", "likert", "t", scale=GOD5)
    rows = breakdown(frame, Question("q", "likert", "t", (var,)), "g", k)
    for row in rows:
        answered = int(frame.loc[frame["g"] == row["group"], "q"].notna().sum())
        if row["suppressed"]:
            assert "n" not in row and "variables" not in row
        else:
            assert answered == 0 or answered >= k
            assert row["n"] == answered


def _text_variable() -> Variable:
    return Variable("tiltak", "text", "Hvilke tiltak?")


def test_free_text_below_k_answers_is_suppressed_with_no_answers():
    frame = pd.DataFrame({"tiltak": ["Mer tid", "Færre møter", None, "  "]})
    (result,) = free_text_answers(frame, [_text_variable()], k=5, max_answers=40)
    assert result == {"id": "tiltak", "text": "Hvilke tiltak?", "suppressed": True}


def test_free_text_sample_is_a_sorted_fixed_seed_subset_of_at_most_max_answers():
    frame = pd.DataFrame({"tiltak": [f"Svar {i:03d}" for i in range(200)]})
    (first,) = free_text_answers(frame, [_text_variable()], k=5, max_answers=25)
    (again,) = free_text_answers(frame.iloc[::-1], [_text_variable()], k=5, max_answers=25)
    assert first["n"] == 200 and len(first["answers"]) == 200
    assert len(first["sample"]) == 25
    assert first["sample"] == sorted(first["sample"])
    assert set(first["sample"]) <= set(first["answers"])
    assert again["sample"] == first["sample"]  # export order does not change the sample


def test_free_text_with_few_answers_shows_them_all():
    frame = pd.DataFrame({"tiltak": [f"Svar {i}" for i in range(7)]})
    (result,) = free_text_answers(frame, [_text_variable()], k=5, max_answers=40)
    assert result["sample"] == result["answers"] == sorted(frame["tiltak"])


def test_a_gap_group_with_a_rule_is_named_in_words_and_others_are_kept_out(
    example_run, tmp_path, results_problems
):
    study = Path(__file__).resolve().parents[1] / "studies" / "modum-2025"
    codebook = load_codebook(study / "codebook.yaml")
    (tmp_path / "analysis.yaml").write_text(
        "gaps:\n  - id: g\n    title: T\n"
        "    group_a: {label: Ansatte, where: {rolle: [Ansatt]}}\n    group_b: Ledere\n"
        "    pairs:\n      - {label: Kontakt, a: ansatt_kontakt, b: leder_kontakt}\n",
        encoding="utf-8",
    )
    gap = load_analysis_config(tmp_path / "analysis.yaml", codebook).gaps
    responses = pd.read_parquet(example_run.processed / "responses.parquet")
    comparison = gap_comparisons(responses, codebook, gap, 5)[0]
    assert results_problems(comparison, GapComparison) == []
    assert comparison["groups"]["a"]["where"] == "som svarte «Ansatt» på spørsmålet om rolle"
    on_scale = responses["ansatt_kontakt"].isin(codebook.variable("ansatt_kontakt").scale.labels)
    excluded = comparison["items"][0]["excluded_a"]  # rated on the scale, but not «Ansatt»
    assert excluded == int((on_scale & (responses["rolle"] != "Ansatt")).sum()) > 0
    note = comparison_groups(comparison, 5)
    assert (
        f"og som svarte «Ansatt» på spørsmålet om rolle ({excluded} vurderinger fra andre" in note
    )
