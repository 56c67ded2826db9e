"""The example study's absence data reproduce what the Modum report publishes."""

from pathlib import Path

import pytest

from pipeline import formatting as fmt
from pipeline.absence.analysis import rank_units, trend
from pipeline.absence.checks import check_absence
from pipeline.absence.config import load_absence_config
from pipeline.absence.read import read_absence
from pipeline_dev.absence_example import build_example, to_csv_bytes

ROOT = Path(__file__).parents[1]
STUDY = ROOT / "studies" / "modum-2025"
RAW = ROOT / "data" / "raw" / "modum-2025"


@pytest.fixture(scope="module")
def example():
    config = load_absence_config(STUDY / "absence.yaml")
    register = read_absence(RAW / config.file, config)
    return config, register


def test_the_committed_file_is_what_the_generator_writes():
    config = load_absence_config(STUDY / "absence.yaml")
    assert (RAW / config.file).read_bytes() == to_csv_bytes(build_example())


def test_helse_og_velferd_2024_matches_the_published_1_2_plus_8_6_vs_11_1(example):
    _, register = example
    t = trend(register.frame)
    hv = t[(t["name"] == "Helse og velferd") & (t["period"] == "2024")].iloc[0]
    assert fmt.percent(hv["egenmeldt"]) == "1,2\u00a0%"
    assert fmt.percent(hv["legemeldt"]) == "8,6\u00a0%"
    assert fmt.percent(hv["total"]) == "11,1\u00a0%"
    # Modum 2025, kap. 4.3: "nesten 28 %" to reach 8 %
    assert fmt.percent((hv["total"] - 0.08) / hv["total"]) == "27,9\u00a0%"


def test_the_extremes_are_the_units_the_audit_interviewed(example):
    config, register = example
    ranked = rank_units(register.frame, 2024, etats=config.ranking.etats, count=2)
    extremes = ranked[ranked["extreme"].notna()]
    assert sorted(fmt.percent(v) for v in extremes["total"]) == sorted(
        ["14,8\u00a0%", "14,8\u00a0%", "7,6\u00a0%", "6,4\u00a0%"]
    )


def test_totals_are_0_5_to_1_5_points_above_the_components_in_some_rows(example):
    config, register = example
    result = check_absence(register, config)
    units = [
        m for m in result.mismatches if m["level"] == "unit" and m["check"] == "components_sum"
    ]
    assert 0 < len(units) < len(register.frame)
    assert all(0.005 - 1e-9 <= m["difference"] <= 0.015 + 1e-9 for m in units)
    hv = [m for m in result.mismatches if m["level"] == "etat" and m["etat"] == "Helse og velferd"]
    assert fmt.points(hv[0]["difference"]) == "1,3 prosentpoeng"
    assert not result.errors
