"""Absence statistics: weighting, trends, moves between etats, ranking and target gaps."""

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline import formatting as fmt
from pipeline.absence.analysis import aggregate, gap_to_target, rank_units, trend
from pipeline.absence.config import load_absence_config
from pipeline.absence.read import read_absence

DATA = Path(__file__).parent / "data" / "absence"


@pytest.fixture
def register(tmp_path):
    shutil.copy(DATA / "fravaer.csv", tmp_path / "fravaer.csv")
    config = load_absence_config(DATA / "study" / "absence.yaml")
    return read_absence(tmp_path / "fravaer.csv", config)


def _row(frame, **where):
    mask = pd.Series(True, index=frame.index)
    for key, value in where.items():
        mask &= frame[key] == value
    assert mask.sum() == 1, where
    return frame[mask].iloc[0]


def test_etat_total_is_weighted_by_agreed_days_not_averaged(register):
    etats = aggregate(register.frame, ["etat"])
    helse = _row(etats, etat="Helse", period="2024")
    # (14,8 × 6000 + 7,4 × 2000) ÷ 8000, computed by hand
    assert helse["total"] == pytest.approx(0.1295)
    assert helse["egenmeldt"] == pytest.approx(0.013)
    assert helse["method"] == "weighted_by_agreed_days"
    assert helse["agreed_days"] == 8000


def test_without_agreed_days_the_units_are_averaged_and_it_says_so(register):
    frame = register.frame.drop(columns="agreed_days")
    helse = _row(aggregate(frame, ["etat"]), etat="Helse", period="2024")
    assert helse["total"] == pytest.approx((0.148 + 0.074) / 2)
    assert helse["method"] == "unweighted_mean"


def test_weighted_kommune_total_equals_lost_days_over_agreed_days(register):
    f = register.frame[register.frame["period"] == "2024"]
    lost = (f["total"] * f["agreed_days"]).sum()
    kommune = _row(aggregate(register.frame, []), period="2024")
    assert kommune["total"] == pytest.approx(lost / f["agreed_days"].sum())
    assert kommune["total"] == pytest.approx(181000 / 18000 / 100)


def test_a_unit_that_moves_counts_under_the_etat_of_each_periods_row(register):
    etats = aggregate(register.frame, ["etat"])
    # Helsestasjon is in Helse in 2022 and in Oppvekst from 2023.
    assert _row(etats, etat="Helse", period="2022")["units"] == 3
    assert _row(etats, etat="Helse", period="2023")["units"] == 2
    assert _row(etats, etat="Oppvekst", period="2022")["total"] == pytest.approx(0.062)
    assert _row(etats, etat="Oppvekst", period="2023")["total"] == pytest.approx(0.0688)
    assert _row(etats, etat="Helse", period="2022")["total"] == pytest.approx(0.904 / 9)


def test_trend_change_is_missing_after_a_gap_in_the_series():
    f = pd.DataFrame(
        {
            "etat": ["H"] * 3,
            "unit": ["a"] * 3,
            "period_index": [2020, 2021, 2023],
            "period": ["2020", "2021", "2023"],
            "total": [0.08, 0.09, 0.10],
        }
    )
    t = trend(f)
    etat = t[t["level"] == "etat"]
    assert etat["change"].iloc[1] == pytest.approx(0.01)
    assert math.isnan(etat["change"].iloc[2])


def test_trend_long_share_is_long_over_short_plus_long(register):
    t = trend(register.frame)
    row = t[(t["name"] == "Oppvekst") & (t["period"] == "2022")].iloc[0]
    assert row["long_share"] == pytest.approx(3.8 / 6.2)


def test_ranking_marks_the_extremes_at_each_end(register):
    ranked = rank_units(register.frame, 2024, count=1)
    assert ranked["unit"].tolist() == ["Sykehjem", "Helsestasjon", "Skole", "Hjemmetjeneste"]
    assert ranked["extreme"].tolist() == ["high", None, None, "low"]
    only_helse = rank_units(register.frame, 2024, etats=["Helse"], count=1)
    assert only_helse["unit"].tolist() == ["Sykehjem", "Hjemmetjeneste"]


def test_gap_to_target_reproduces_the_audits_nearly_28_percent():
    # Modum 2025, kap. 4.3: Helse og velferd 11,1 % against the 8 % target.
    gaps = gap_to_target(pd.DataFrame({"name": ["Helse og velferd"], "total": [0.111]}), 0.08)
    row = gaps.iloc[0]
    assert row["relative_reduction"] == pytest.approx((11.1 - 8) / 11.1)
    assert fmt.percent(row["relative_reduction"]) == "27,9\u00a0%"
    assert fmt.points(row["gap"]) == "3,1 prosentpoeng"
    assert not row["met"]


def test_gap_to_a_target_already_met_needs_no_reduction():
    gaps = gap_to_target(pd.DataFrame({"total": [0.07, 0.08]}), 0.08)
    assert gaps["met"].tolist() == [True, True]
    assert gaps["relative_reduction"].tolist() == [0.0, 0.0]
    assert gaps["gap"].iloc[0] == pytest.approx(-0.01)
