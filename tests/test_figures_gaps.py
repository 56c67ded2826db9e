"""Dot plot of leader vs employee shares with the gap in prosentpoeng."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from pipeline.figures import style
from pipeline.figures.gaps import JOIN_COLOUR, gap_dotplot

DATA = Path(__file__).parent / "data" / "figures"
NBSP = "\u00a0"


def _gaps() -> pd.DataFrame:
    table = pd.read_csv(DATA / "gaps.csv")
    for key in ("a", "b"):
        table[f"share_{key}"] = table[f"k_{key}"] / table[f"n_{key}"]
        low, high = proportion_confint(
            table[f"k_{key}"].fillna(0), table[f"n_{key}"].fillna(1), method="wilson"
        )
        table[f"ci_{key}_low"] = np.where(table["suppressed"], np.nan, low)
        table[f"ci_{key}_high"] = np.where(table["suppressed"], np.nan, high)
    table["gap_points"] = (table["share_b"] - table["share_a"]) * 100
    return table


def _draw(table=None):
    return gap_dotplot(_gaps() if table is None else table, group_a="Ledere", group_b="Ansatte")


def _series(fig) -> dict[str, object]:
    """The two groups' error-bar containers by legend label."""
    return {c.get_label(): c for c in fig.axes[0].containers}


def _gap_labels(fig) -> list[str]:
    fig.draw_without_rendering()
    return [t.get_text() for t in fig.axes[0].child_axes[0].get_yticklabels()]


def test_each_group_has_one_dot_per_item_not_suppressed_at_its_share():
    series = _series(_draw())
    assert list(series) == ["Ledere", "Ansatte"]
    leaders = series["Ledere"].lines[0].get_xdata()
    employees = series["Ansatte"].lines[0].get_xdata()
    assert list(leaders) == pytest.approx([36 / 40, 20 / 40])
    assert list(employees) == pytest.approx([250 / 412, 302 / 412])


def test_groups_differ_by_marker_shape_not_colour_alone():
    series = _series(_draw())
    markers = {name: c.lines[0].get_marker() for name, c in series.items()}
    assert markers["Ledere"] != markers["Ansatte"]
    legend = [h.get_marker() for h in _draw().legends[0].legend_handles]
    assert legend == [markers["Ledere"], markers["Ansatte"]]
    assert [t.get_text() for t in _draw().legends[0].get_texts()] == ["Ledere", "Ansatte"]


def test_a_line_joins_the_two_dots_of_each_item():
    fig = _draw()
    joins = [line for line in fig.axes[0].lines if line.get_color() == JOIN_COLOUR]
    assert len(joins) == 2
    assert sorted(joins[0].get_xdata()) == pytest.approx(sorted([36 / 40, 250 / 412]))


def test_intervals_are_drawn_from_the_table():
    fig = _draw()
    leaders = _series(fig)["Ledere"]
    (bars,) = leaders.lines[2]
    low, high = proportion_confint(36, 40, method="wilson")
    assert bars.get_segments()[0][:, 0] == pytest.approx([low, high])


def test_gaps_are_printed_signed_in_prosentpoeng():
    # 250/412 - 36/40 = -29,3 points; 302/412 - 20/40 = +23,3 points
    assert _gap_labels(_draw()) == ["\u221229,3 prosentpoeng", "+23,3 prosentpoeng"]


def test_suppressed_item_shows_the_threshold_and_no_numbers():
    fig = _draw()
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts.count("under 5") == 1
    assert len(_gap_labels(fig)) == 2
    fig.draw_without_rendering()
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()][2] == (
        "Rutinene for sykefraværsoppfølging er\nkjent"
    )


def test_x_axis_is_in_norwegian_percent():
    fig = _draw()
    fig.draw_without_rendering()
    ax = fig.axes[0]
    ticks = [
        t.get_text()
        for x, t in zip(ax.get_xticks(), ax.get_xticklabels(), strict=True)
        if -1e-9 <= x <= 1 + 1e-9
    ]
    assert ticks == [f"{p}{NBSP}%" for p in (0, 20, 40, 60, 80, 100)]


def test_a_gap_on_the_wrong_scale_is_a_programming_error():
    table = _gaps()
    table["gap_points"] = table["gap_points"] / 100  # share scale instead of points
    with pytest.raises(ValueError, match="gap_points"):
        _draw(table)


def test_gap_dotplot_rejects_an_empty_table_and_a_missing_interval():
    with pytest.raises(ValueError, match="empty"):
        _draw(_gaps().iloc[0:0])
    with pytest.raises(ValueError, match="ci_b_high"):
        _draw(_gaps().drop(columns="ci_b_high"))


def test_gap_dotplot_saves_byte_identical_svg(tmp_path):
    style.save_svg(_draw(), tmp_path / "a.svg")
    style.save_svg(_draw(), tmp_path / "b.svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()
