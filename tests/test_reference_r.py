"""The pipeline's statistics against an independent computation in R, and against Newcombe (1998).

``tests/reference/reference.R`` recomputes a fixed set of figures from the raw
fixture export in ``tests/data/reference/`` (a fictional kommune, not the
example) with base R, and its output ``tests/reference/reference.csv`` is
committed beside it; these tests run the pipeline on the same export and
compare. CI needs no R: re-run the script only when the fixture changes.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.analysis.proportions import difference
from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "data" / "reference"
REFERENCE = ROOT / "tests" / "reference" / "reference.csv"


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("reference-run")
    for stage in ("ingest", "analyse"):
        code = main(
            [
                stage,
                "--study",
                str(FIXTURE / "study"),
                "--raw",
                str(FIXTURE / "raw"),
                "--processed",
                str(base / "processed"),
                "--reports",
                str(base / "reports"),
            ]
        )
        assert code == 0, stage
    return json.loads((base / "processed" / "results.json").read_text(encoding="utf-8"))


def _share(prefix: str, p: dict[str, Any]) -> dict[str, Any]:
    return {f"{prefix}.{key}": p[key] for key in ("k", "n", "p", "ci_low", "ci_high")}


def _moe(prefix: str, m: dict[str, Any]) -> dict[str, Any]:
    return {f"{prefix}.without_fpc": m["without_fpc"], f"{prefix}.with_fpc": m["with_fpc"]}


def pipeline_figures(results: dict[str, Any]) -> dict[str, Any]:
    """The figures the R script computes, taken from ``results.json`` under the same names."""
    out: dict[str, Any] = {}
    trivsel = next(q for q in results["questions"] if q["id"] == "trivsel")["variables"][0]
    for f in trivsel["frequencies"]:
        if not f["off_scale"]:
            out.update(
                _share(
                    f"trivsel.{f['label']}",
                    {"k": f["count"], "n": trivsel["n"], "p": f["share"]} | f,
                )
            )
    likert = trivsel["likert"]
    out |= {
        "trivsel.mean": likert["mean"],
        "trivsel.mean_ci_low": likert["mean_ci_low"],
        "trivsel.mean_ci_high": likert["mean_ci_high"],
    }
    out |= _moe("trivsel.margin_of_error", trivsel["margin_of_error"])
    samtale = next(c for c in results["comparisons"]["groups"] if c["id"] == "samtale")
    for g in samtale["groups"]:
        out |= _share(f"samtale.{g['group']}", g)
    out |= _share("samtale.total", samtale["total"])
    out |= {f"samtale.{key}": samtale[key] for key in ("chi2", "dof", "p", "cramers_v")}
    gaps = next(g for g in results["comparisons"]["gaps"] if g["id"] == "oppfolging")
    for item in gaps["items"]:
        prefix = f"gap.{item['label']}"
        out[f"{prefix}.moved"] = item["overlap"]["moved"]
        out |= _share(f"{prefix}.share_a", item["share_a"])
        out |= _share(f"{prefix}.share_b", item["share_b"])
        out |= {
            f"{prefix}.gap.{key}": item["gap"][key] for key in ("difference", "ci_low", "ci_high")
        }
        out |= {f"{prefix}.{key}": item[key] for key in ("test", "p", "p_holm")}
        out |= {f"{prefix}.mwu.{key}": item["mwu"][key] for key in ("u", "p", "p_holm")}
    response = results["response"]
    out["response.margin_of_error.n"] = response["margin_of_error"]["n"]
    out |= _moe("response.margin_of_error", response["margin_of_error"])
    rep = response["representativeness"]
    out |= {f"response.representativeness.{key}": rep[key] for key in ("chi2", "p")}
    return out


def _reference() -> dict[str, str]:
    with REFERENCE.open(encoding="utf-8", newline="") as f:
        return {row["statistic"]: row["value"] for row in csv.DictReader(f)}


def test_the_pipeline_computes_every_figure_the_r_reference_has_and_no_other(results):
    assert sorted(pipeline_figures(results)) == sorted(_reference())


def test_every_figure_matches_the_r_reference(results):
    ours = pipeline_figures(results)
    differ = []
    for name, text in _reference().items():
        value = ours[name]
        if isinstance(value, str):
            same = value == text
        else:
            same = value == pytest.approx(float(text), rel=1e-9, abs=1e-12)
        if not same:
            differ.append(f"{name}: pipeline {value!r}, R {text}")
    assert differ == []


def test_the_r_reference_covers_each_method_it_is_meant_to_check():
    names = _reference()
    assert {names["gap.Kontakt.test"], names["gap.Plan.test"]} == {"fisher_exact", "z_test"}
    assert float(names["gap.Kontakt.moved"]) > 0  # the overlap rule moved someone
    assert float(names["gap.Kontakt.mwu.u"]) % 1 == 0.5  # U from tied ranks
    for key in ("samtale.chi2", "samtale.cramers_v", "response.representativeness.p"):
        assert key in names


# Newcombe, R. G. (1998). Interval estimation for the difference between independent
# proportions: comparison of eleven methods. Statistics in Medicine 17, 873–890, Table II,
# method 10 (score interval without continuity correction), the eight worked examples (a)–(h).
NEWCOMBE_1998_TABLE_II = [
    ("a", 56, 70, 48, 80, 0.0524, 0.3339),
    ("b", 9, 10, 3, 10, 0.1705, 0.8090),
    ("c", 6, 7, 2, 7, 0.0582, 0.8062),
    ("d", 5, 56, 0, 29, -0.0381, 0.1926),
    ("e", 0, 10, 0, 20, -0.1611, 0.2775),
    ("f", 0, 10, 0, 10, -0.2775, 0.2775),
    ("g", 10, 10, 0, 20, 0.6791, 1.0000),
    ("h", 10, 10, 0, 10, 0.6075, 1.0000),
]


@pytest.mark.parametrize(
    ("example", "x1", "n1", "x2", "n2", "low", "high"),
    NEWCOMBE_1998_TABLE_II,
    ids=[row[0] for row in NEWCOMBE_1998_TABLE_II],
)
def test_newcombe_interval_reproduces_the_papers_worked_examples(
    example, x1, n1, x2, n2, low, high
):
    d = difference(x1, n1, x2, n2)
    assert round(d["ci_low"], 4) == pytest.approx(low, abs=1e-9)
    assert round(d["ci_high"], 4) == pytest.approx(high, abs=1e-9)


def test_the_results_file_matches_the_typed_records(results, results_problems):
    assert results_problems(results) == []
