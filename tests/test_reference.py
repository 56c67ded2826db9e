"""The pipeline's computed results reproduce every figure the Modum 2025 report publishes.

Expected values are read from ``tests/data/example/modum-2025-survey.yaml`` (its
source: ``docs/example-study.md``), never retyped. ``exact: true``
figures must match to the printed decimal through :mod:`pipeline.formatting`;
``exact: false`` figures within one percentage point.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

from pipeline import formatting as fmt
from pipeline.cli import main
from pipeline_dev.example.platforms import variant_study

REFERENCE = Path(__file__).parent / "data" / "example" / "modum-2025-survey.yaml"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def reference() -> dict:
    return yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def results(example_run) -> dict:
    return example_run.results


def question(results: dict, q_id: str) -> dict:
    return next(q for q in results["questions"] if q["id"] == q_id)


def freq(variable: dict, label: str) -> dict:
    return next(f for f in variable["frequencies"] if f["label"] == label)


def published_number(text: str) -> float:
    """``"42,5 %"`` → 42.5 (also ``"nærmere 40 %"``, ``"over 86 %"``)."""
    match = re.search(r"\d+(?:,\d+)?", str(text))
    assert match, text
    return float(match.group().replace(",", "."))


def same(computed: str, published: str) -> bool:
    """Compare formatted text, ignoring the kind of space before %."""
    return computed.replace("\u00a0", " ") == str(published).replace("\u00a0", " ")


def test_started_incomplete_dropout_and_incomplete_by_sector(reference, results):
    r = reference["response"]
    d = results["response"]["dropout"]
    assert d["started"] == r["started"]["published"]
    assert d["incomplete"] == r["incomplete"]["published"]
    k, n = r["dropout_share_of_started"]["counts"]
    assert (d["dropout"]["k"], d["dropout"]["n"]) == (k, n)
    assert same(fmt.percent(d["dropout"]["p"], 2), r["dropout_share_of_started"]["published"])
    by_group = {g["group"]: g for g in d["by_group"]}
    for sector, count in r["incomplete_by_sector"]["counts"].items():
        assert by_group[sector]["k"] == count
        assert same(
            fmt.percent(by_group[sector]["p"], 0), r["incomplete_by_sector"]["published"][sector]
        )


def test_completed_and_response_rate_take_the_consistent_reading(reference, results):
    r = reference["response"]
    total = results["response"]["rates"][-1]
    assert total["completed"] == r["completed"]["counts"][0]
    k, n = r["response_rate_completed_over_invited"]["counts"]
    assert (total["rate_completed"]["k"], total["rate_completed"]["n"]) == (k, n)
    assert results["response"]["invited"] == reference["study"]["invited"]


def test_medarbeidersamtale_by_sector_total_and_difference(reference, results):
    ref = reference["questions"]["medarbeidersamtale_siste_12_mnd"]
    comparison = next(
        c for c in results["comparisons"]["groups"] if c["variable"] == "medarbeidersamtale"
    )
    groups = {g["group"]: g for g in comparison["groups"]}
    for sector, expected in ref["by_sector"].items():
        g = groups[sector]
        assert (g["k"], g["n"] - g["k"]) == (expected["ja"], expected["nei"])
        assert same(fmt.percent(g["p"]), expected["published"]["ja"])
        assert same(fmt.percent(1 - g["p"]), expected["published"]["nei"])
    total = comparison["total"]
    assert (total["k"], total["n"] - total["k"]) == (ref["total"]["ja"], ref["total"]["nei"])
    assert same(fmt.percent(total["p"]), ref["total"]["published"]["ja"])
    assert same(
        fmt.points(comparison["difference"]["difference"]),
        ref["difference_between_sectors"]["published"],
    )


def test_samarbeid_counts_mean_and_sides(reference, results):
    ref = reference["questions"]["samarbeid_ledelse_tillitsvalgte"]
    v = question(results, "samarbeid")["variables"][0]
    assert {label: freq(v, label)["count"] for label in ref["counts"]} == ref["counts"]
    s = v["likert"]
    assert s["n"] == ref["published"]["n"]
    assert fmt.mean(s["mean"]) == ref["published"]["mean_1_to_5"]
    # The published report's «positive»/«negative» are the favourable/unfavourable ends here.
    for published, side in (
        ("positive", "favourable"),
        ("neutral", "neutral"),
        ("negative", "unfavourable"),
    ):
        assert same(fmt.percent(s[side]["p"]), ref["published"][published])


@pytest.mark.parametrize(
    ("key", "q_id"),
    [
        ("sykemeldt_16_dager_siste_3_aar", "sykemeldt16"),
        ("fravaer_arbeidsrelatert", "fravaer_arbeidsrelatert"),
    ],
)
def test_single_choice_counts_n_and_shares(reference, results, key, q_id):
    ref = reference["questions"][key]
    v = question(results, q_id)["variables"][0]
    assert v["n_all"] == ref["published"]["n"]
    for label, count in ref["counts"].items():
        assert freq(v, label)["count"] == count
        assert same(fmt.percent(freq(v, label)["share_all"]), ref["published"][label])


def test_forhold_respondents_mentions_and_option_counts(reference, results):
    ref = reference["questions"]["forhold_skyld_i_fravaer"]
    m = question(results, "forhold")["multiple"]
    assert m["respondents"] == ref["published"]["n_respondents"]
    assert m["mentions"] == ref["published"]["n_mentions"]
    assert {o["label"]: o["count"] for o in m["options"]} == ref["counts"]


def test_perception_gaps_employees_vs_leaders(reference, results):
    ref = reference["questions"]["oppfatning_ansatte_vs_ledere"]
    gaps = {i["label"]: i for i in results["comparisons"]["gaps"][0]["items"]}
    for label, expected in ref["items"].items():
        item = gaps[label]
        assert [item["share_a"]["k"], item["share_a"]["n"]] == expected["employees"]
        assert [item["share_b"]["k"], item["share_b"]["n"]] == expected["leaders"]
        assert same(fmt.percent(item["share_a"]["p"]), expected["published"]["employees"])
        assert same(fmt.percent(item["share_b"]["p"]), expected["published"]["leaders"])
        assert fmt.points(item["gap"]["difference"], unit=False) == expected["published"]["gap"]


def test_leaders_capacity_battery(reference, results):
    ref = reference["questions"]["ledernes_rammer"]
    q = question(results, "rammer")
    by_label = {v["label"]: v for v in q["variables"]}
    for item, shares in ref["published"].items():
        v = by_label[item]
        assert v["n"] == ref["n"]
        for answer, published in shares.items():
            assert same(fmt.percent(freq(v, answer)["share"]), published), (item, answer)


def test_stress_counts_and_approximate_shares(reference, results):
    ref = reference["questions"]["stress"]
    q = question(results, "psykososialt")
    v = next(v for v in q["variables"] if v["label"] == "Stress")
    assert {label: freq(v, label)["count"] for label in ref["counts"]} == ref["counts"]
    for label, published in ref["published"].items():
        assert abs(freq(v, label)["share"] * 100 - published_number(published)) <= 1


def _within_one_point(share: float, published: str) -> bool:
    return abs(share * 100 - published_number(published)) <= 1.0


def test_physical_environment_within_one_point(reference, results):
    ref = reference["questions"]["fysisk_arbeidsmiljo"]["published"]
    q = question(results, "fysisk")
    items = {v["label"]: v for v in q["variables"]}
    sides = {
        "dårlig eller svært dårlig": "unfavourable",
        "god eller svært god": "favourable",
        "middels": "neutral",
    }
    for text, published in ref.items():
        label, measure = (part.strip() for part in text.split(",", 1))
        v = next(v for name, v in items.items() if name.split()[0] == label.split()[0])
        assert _within_one_point(v["likert"][sides[measure]]["p"], published), text


def test_conflicts_within_one_point(reference, results):
    ref = reference["questions"]["konflikter"]["published"]
    q = question(results, "konflikt")
    for v, (group, shares) in zip(q["variables"], ref.items(), strict=True):
        for answer, published in shares.items():
            assert _within_one_point(freq(v, answer)["share"], published), (group, answer)


def test_topics_in_medarbeidersamtale_within_one_point(reference, results):
    ref = reference["questions"]["temaer_i_medarbeidersamtalen"]["published"]
    q = question(results, "tema")
    for text, published in ref.items():
        if text in ("n", "Vet ikke, range"):
            continue
        topic, answer = (part.strip() for part in text.split(","))
        v = max(q["variables"], key=lambda v: len(os.path.commonprefix([v["label"], topic])))
        assert _within_one_point(freq(v, answer.capitalize())["share_all"], published), text


def test_incident_handling_within_one_point(reference, results):
    ref = reference["questions"]["handtering_av_meldte_hendelser"]["published"]
    m = question(results, "handtering")["multiple"]
    assert m["respondents"] == ref["n"]
    options = {o["label"]: o for o in m["options"]}
    for label, published in ref.items():
        if label != "n":
            assert _within_one_point(options[label]["share"], published), label


def test_routing_violation_in_the_sick_leave_follow_up_is_a_validation_warning(example_run):
    import json

    findings = json.loads((example_run.processed / "validation.json").read_text(encoding="utf-8"))
    routing = [
        f
        for f in findings
        if f["severity"] == "warning" and f.get("variable") == "fravaer_arbeidsrelatert"
    ]
    assert len(routing) == 1 and routing[0]["count"] == 2


@pytest.mark.parametrize("platform", ["efs", "surveyxact"])
def test_the_efs_and_surveyxact_exports_give_the_same_results(
    platform, example_run, tmp_path, reference
):
    """The example as EFS (.sav, with 2 test respondents) and SurveyXact (three CSV files)
    export it, every invitee a row: the same results.json apart from the platform's own
    definitions and the rows left out (never began, tests)."""
    study = variant_study(ROOT / "studies" / "modum-2025", platform, tmp_path / "study")
    processed = tmp_path / "processed"
    for stage in ("ingest", "analyse"):
        args = [stage, "--study", str(study), "--raw", str(ROOT / "data" / "raw"), "--processed", str(processed),
                "--reports", str(tmp_path / "reports")]  # fmt: skip
        assert main(args) == 0, stage
    results = json.loads((processed / "results.json").read_text(encoding="utf-8"))
    left_out = results["response"].pop("left_out")
    assert left_out == {"not_started": 1124 - 558, "tests": 2 if platform == "efs" else 0}
    expected = json.loads(json.dumps(example_run.results))
    expected["response"].pop("left_out")
    assert results["response"].pop("definitions") != expected["response"].pop("definitions")
    assert results == expected
    started = reference["response"]["started"]["published"]
    assert results["response"]["dropout"]["started"] == started
