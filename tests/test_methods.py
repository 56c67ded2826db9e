"""Every statistic in results.json names its method, and the report's method appendix lists them."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest

from pipeline.analysis.methods import METHOD_KEYS, collect
from pipeline.errors import PipelineError
from pipeline.report.method_appendix import comparison_groups, describe

# a statistic present (not None) → the key that must hold its method record
NEEDS = {
    "ci_low": "method",
    "p": "method",
    "chi2": "method",
    "mean_ci_low": "mean_method",
    "cramers_v": "effect_method",
    "p_holm": "adjust",
}


def _dicts(tree: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(tree, dict):
        yield path, tree
        for key, value in tree.items():
            if key not in METHOD_KEYS:  # a method record's own parameters are not statistics
                yield from _dicts(value, f"{path}.{key}")
    elif isinstance(tree, list):
        for i, value in enumerate(tree):
            yield from _dicts(value, f"{path}[{i}]")


def test_every_interval_and_p_value_in_results_carries_its_method(example_run):
    missing = [
        f"{path}: {stat} without {key}"
        for path, record in _dicts(example_run.results)
        for stat, key in NEEDS.items()
        if record.get(stat) is not None and not isinstance(record.get(key), dict)
    ]
    assert missing == []


def test_the_method_appendix_names_every_method_record_in_results(example_run):
    text = html.unescape(re.sub(r"<[^>]+>", " ", example_run.html))
    appendix = text[text.index("Statistiske metoder brukt i rapporten") :]
    records = collect(example_run.results)
    assert (
        len(records) >= 8
    )  # Wilson, Newcombe, t, chi², Cramér's V, z/Fisher, Mann–Whitney, Holm, …
    for record, _ in records:
        name, _ = describe(record)
        assert html.unescape(name) in appendix, name


def test_no_comparison_in_the_example_tests_overlapping_groups(example_run):
    for comparison in example_run.results["comparisons"]["gaps"]:
        for item in comparison["items"]:
            if item["p"] is not None:
                assert item["overlap"]["independent"], (comparison["id"], item["label"])


def test_the_example_prints_how_many_respondents_the_overlap_rule_moved(example_run):
    atskilt = next(
        g for g in example_run.results["comparisons"]["gaps"] if g["id"] == "oppfolging-atskilt"
    )
    moved = [i["overlap"]["moved"] for i in atskilt["items"]]
    assert moved == [34, 26, 34, 26]
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", example_run.html)))
    assert (
        "26–34 respondenter vurderte påstandene for begge gruppene; de er bare regnet med" in text
    )


def test_an_unknown_method_record_stops_the_report_instead_of_being_left_out():
    with pytest.raises(PipelineError, match="ingen beskrivelse"):
        describe({"test": "kolmogorov_smirnov"})


def _overlapping(overlap: str, in_both: list[int]) -> dict:
    """Two groups «Ansatte» and «Ledere» with ``in_both`` respondents in both, per item."""
    return {
        "group_a": "Ansatte",
        "group_b": "Ledere",
        "overlap": overlap,
        "groups": {
            "a": {"label": "Ansatte", "where": None},
            "b": {"label": "Ledere", "where": None},
        },
        "items": [{"overlap": {"in_both": n}} for n in in_both],
    }


def test_group_note_says_under_k_for_small_overlaps_and_says_why_there_is_no_test():
    text = comparison_groups(_overlapping("both", [3, 2]), 5)
    assert "Under 5 respondenter" in text and "uten statistisk test" in text
    assert "3" not in text and "2" not in text


def test_group_note_gives_only_the_high_end_of_a_range_that_starts_under_k():
    text = comparison_groups(_overlapping("b", [3, 12]), 5)
    assert text.startswith("«Ansatte»") and "Opptil 12 respondenter vurderte" in text
    assert "3" not in text
