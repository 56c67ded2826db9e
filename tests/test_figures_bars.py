"""Grouped bars for sector comparisons and sorted bars for multiple-choice questions."""

from pathlib import Path

import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.container import BarContainer
from statsmodels.stats.proportion import proportion_confint

from pipeline.figures import style
from pipeline.figures.bars import choice_bars, grouped_bars
from pipeline.figures.likert import stacked_bars

DATA = Path(__file__).parent / "data" / "figures"
NBSP = "\u00a0"


def _sectors(ci: bool = True) -> pd.DataFrame:
    table = pd.read_csv(DATA / "sectors.csv")
    table["share"] = table["count"] / table["n"]
    if ci:
        shown = table["count"].notna()
        low, high = proportion_confint(
            table.loc[shown, "count"], table.loc[shown, "n"], method="wilson"
        )
        table.loc[shown, "ci_low"], table.loc[shown, "ci_high"] = low, high
    return table


def _choice() -> pd.DataFrame:
    table = pd.read_csv(DATA / "choice.csv")
    return table.assign(share=table["count"] / table["n"])


def _bars(fig) -> dict[str, list]:
    return {
        c.get_label(): list(c.patches)
        for c in fig.axes[0].containers
        if isinstance(c, BarContainer)
    }


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts]


def _ticks(fig, axis: str) -> list[str]:
    """The tick labels inside the axis limits, as drawn."""
    fig.draw_without_rendering()
    ax = fig.axes[0]
    if axis == "x":
        locs, labels, (low, high) = ax.get_xticks(), ax.get_xticklabels(), ax.get_xlim()
    else:
        locs, labels, (low, high) = ax.get_yticks(), ax.get_yticklabels(), ax.get_ylim()
    inside = [low - 1e-9 <= x <= high + 1e-9 for x in locs]
    return [t.get_text() for t, keep in zip(labels, inside, strict=True) if keep]


def test_grouped_bars_draw_one_bar_per_category_in_each_group_not_suppressed():
    bars = _bars(grouped_bars(_sectors()))
    assert list(bars) == ["Ja", "Nei"]
    assert [p.get_height() for p in bars["Ja"]] == pytest.approx([93 / 219, 264 / 326])
    assert [p.get_height() for p in bars["Nei"]] == pytest.approx([126 / 219, 62 / 326])
    # within a group the categories stand side by side, Ja before Nei
    assert bars["Ja"][0].get_x() < bars["Nei"][0].get_x() < bars["Ja"][1].get_x()


def test_grouped_bars_print_the_share_above_each_bar_as_published():
    texts = _texts(grouped_bars(_sectors()))
    for share in ("42,5", "57,5", "81,0", "19,0"):
        assert f"{share}{NBSP}%" in texts


def test_grouped_bars_draw_wilson_intervals_when_the_table_has_them():
    fig = grouped_bars(_sectors())
    segments = fig.axes[0].collections
    assert len(segments) == 2  # one LineCollection of error bars per category
    ja = segments[0].get_segments()
    low, high = proportion_confint(93, 219, method="wilson")
    assert ja[0][:, 1] == pytest.approx([low, high])
    assert len(grouped_bars(_sectors(ci=False)).axes[0].collections) == 0


def test_grouped_bars_show_suppressed_cells_as_hatched_boxes_without_numbers():
    fig = grouped_bars(_sectors())
    assert _texts(fig).count("under 5") == 2
    hatched = [p for p in fig.axes[0].patches if p.get_hatch() == style.SUPPRESSED_HATCH]
    assert len(hatched) == 2
    ticks = _ticks(fig, "x")
    assert ticks[0] == f"Helse og velferd\n(n{NBSP}={NBSP}219)"
    assert ticks[2] == "Stab og støtte"


def test_grouped_bars_y_axis_is_in_norwegian_percent():
    assert _ticks(grouped_bars(_sectors()), "y") == [
        f"{p}{NBSP}%" for p in (0, 20, 40, 60, 80, 100)
    ]


def test_grouped_bars_and_stacked_bars_colour_the_same_answer_alike():
    grouped = _bars(grouped_bars(_sectors()))
    stacked = _bars(stacked_bars(_sectors(), labels=["Ja", "Nei"], row="group"))
    for label in ("Ja", "Nei"):
        assert to_hex(grouped[label][0].get_facecolor()) == to_hex(
            stacked[label][0].get_facecolor()
        )


def test_grouped_bars_reject_an_empty_table_duplicates_and_shares_outside_zero_to_one():
    with pytest.raises(ValueError, match="empty"):
        grouped_bars(_sectors().iloc[0:0])
    with pytest.raises(ValueError, match="more than one row"):
        grouped_bars(pd.concat([_sectors(), _sectors().iloc[:1]]))
    with pytest.raises(ValueError, match="0–1"):
        grouped_bars(_sectors().assign(share=lambda t: t["share"] * 100))


def test_grouped_bars_save_byte_identical_svg(tmp_path):
    style.save_svg(grouped_bars(_sectors()), tmp_path / "a.svg")
    style.save_svg(grouped_bars(_sectors()), tmp_path / "b.svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


def test_choice_bars_put_the_most_chosen_option_on_top_and_suppressed_last():
    fig = choice_bars(_choice())
    assert _ticks(fig, "y") == [
        "Dialogmøte med NAV",
        "Gradert sykemelding",
        "Tilrettelegging av arbeidsoppgaver",
        "Bedriftshelsetjenesten",
    ]
    (bars,) = _bars(fig).values()
    assert [p.get_width() for p in bars] == pytest.approx([120 / 212, 75 / 212, 40 / 212])
    assert [p.get_y() for p in bars] == sorted((p.get_y() for p in bars), reverse=True)


def test_choice_bars_print_shares_and_hide_the_suppressed_option():
    fig = choice_bars(_choice())
    assert _texts(fig) == [f"56,6{NBSP}%", f"35,4{NBSP}%", f"18,9{NBSP}%", "under 5"]
    assert _ticks(fig, "x") == [f"{p}{NBSP}%" for p in (0, 20, 40, 60, 80, 100)]


def test_choice_bars_reject_an_empty_table_and_a_missing_count():
    with pytest.raises(ValueError, match="empty"):
        choice_bars(_choice().iloc[0:0])
    with pytest.raises(ValueError, match="count"):
        choice_bars(_choice().drop(columns="count"))


def test_grouped_bars_draw_off_scale_answers_last_grey_with_sparse_diagonal_lines():
    table = pd.DataFrame(
        {
            "group": ["Helse og velferd"] * 3,
            "label": ["Vet ikke", "Ja", "Nei"],
            "share": [0.1, 0.6, 0.3],
            "n": 120,
            "suppressed": False,
        }
    )
    bars = _bars(grouped_bars(table, off_scale=["Vet ikke", "Ikke aktuelt"]))
    assert list(bars) == ["Ja", "Nei", "Vet ikke"]
    dont_know = bars["Vet ikke"][0]
    assert dont_know.get_hatch() == style.OFF_SCALE_HATCH
    # Sparse lines (a dot hatch draws hundreds of circles per bar) that run the other
    # way from the hatch of a suppressed cell.
    assert set(dont_know.get_hatch()) == {"\\"} and len(dont_know.get_hatch()) <= 2
    assert set(style.SUPPRESSED_HATCH) == {"/"}
    assert to_hex(dont_know.get_facecolor()) == style.OFF_SCALE_COLOURS[0].lower()
    assert to_hex(bars["Ja"][0].get_facecolor()) == style.OKABE_ITO[0].lower()


def test_choice_bars_keep_codebook_order_for_a_single_choice_question():
    table = pd.DataFrame(
        {
            "label": ["Ja", "Nei", "Vet ikke"],
            "share": [212 / 560, 321 / 560, 27 / 560],
            "count": [212, 321, 27],
            "suppressed": False,
        }
    )
    fig = choice_bars(table, sort=False, off_scale=["Vet ikke"], xlabel="Andel av svarene")
    assert _ticks(fig, "y") == ["Ja", "Nei", "Vet ikke"]
    assert fig.axes[0].get_xlabel() == "Andel av svarene"
    (bars,) = _bars(fig).values()
    assert [p.get_hatch() for p in bars] == [None, None, style.OFF_SCALE_HATCH]
    assert to_hex(bars[2].get_facecolor()) == style.OFF_SCALE_COLOURS[0].lower()
    assert to_hex(bars[0].get_facecolor()) == to_hex(bars[1].get_facecolor())


def test_sorted_choice_bars_put_off_scale_options_after_the_others():
    table = pd.DataFrame(
        {
            "label": ["Vet ikke", "Ja", "Nei"],
            "share": [0.7, 0.2, 0.1],
            "count": [70, 20, 10],
            "suppressed": False,
        }
    )
    fig = choice_bars(table, off_scale=["Vet ikke"])
    assert _ticks(fig, "y") == ["Ja", "Nei", "Vet ikke"]


def test_grouped_bars_accept_suppressed_flags_with_missing_values():
    table = _sectors()
    table["suppressed"] = pd.array([False, False, None, None, True, True], dtype=object)
    fig = grouped_bars(table)
    assert _texts(fig).count("under 5") == 2
    assert _ticks(fig, "x")[1] == f"Familie og oppvekst\n(n{NBSP}={NBSP}326)"
