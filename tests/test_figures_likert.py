"""Diverging bars for Likert batteries and 100 % stacked bars for single-choice questions."""

from pathlib import Path

import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.container import BarContainer

from pipeline.figures import style
from pipeline.figures.likert import diverging_bars, stacked_bars

DATA = Path(__file__).parent / "data" / "figures"
SCALE = ["Svært dårlig", "Dårlig", "Middels", "Godt", "Svært godt"]
NBSP = "\u00a0"


def _likert() -> pd.DataFrame:
    table = pd.read_csv(DATA / "likert.csv")
    return table.assign(share=table["count"] / table["n"])


def _sectors() -> pd.DataFrame:
    table = pd.read_csv(DATA / "sectors.csv")
    return table.assign(share=table["count"] / table["n"])


def _draw(table=None):
    return diverging_bars(
        _likert() if table is None else table, labels=SCALE, n_unfavourable=2, n_favourable=2
    )


def _segments(fig) -> dict[str, list]:
    """Bar patches per answer label, from the BarContainers."""
    ax = fig.axes[0]
    return {c.get_label(): list(c.patches) for c in ax.containers if isinstance(c, BarContainer)}


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts]


def _ticks(fig, axis="x") -> list[str]:
    fig.draw_without_rendering()
    ax = fig.axes[0]
    labels = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [t.get_text() for t in labels]


def test_diverging_bars_draw_one_segment_per_answer_for_each_item_not_suppressed():
    segments = _segments(_draw())
    assert list(segments) == SCALE
    assert all(len(patches) == 2 for patches in segments.values())  # 3 items, 1 suppressed


def test_unfavourable_answers_lie_left_of_zero_favourable_right_and_neutral_is_centred():
    segments = _segments(_draw())
    for label in ("Svært dårlig", "Dårlig"):
        assert all(p.get_x() + p.get_width() <= 1e-12 for p in segments[label])
    for label in ("Godt", "Svært godt"):
        assert all(p.get_x() >= -1e-12 for p in segments[label])
    for patch in segments["Middels"]:
        assert patch.get_x() + patch.get_width() / 2 == pytest.approx(0)


def test_segment_widths_are_the_shares_of_the_item():
    segments = _segments(_draw())
    widths = [segments[label][0].get_width() for label in SCALE]
    assert widths == pytest.approx([1 / 41, 6 / 41, 13 / 41, 14 / 41, 7 / 41])


def test_shares_of_at_least_eight_percent_are_printed_inside_their_segment():
    texts = _texts(_draw())
    # first item: 2,4 % and 14,6 % ... only 14,6 %, 31,7 %, 34,1 %, 17,1 % are wide enough
    assert f"15{NBSP}%" in texts and f"32{NBSP}%" in texts and f"34{NBSP}%" in texts
    assert f"2{NBSP}%" not in texts


def test_items_carry_their_n_and_the_suppressed_item_no_numbers():
    fig = _draw()
    ticks = _ticks(fig, "y")
    assert ticks[0].replace("\n", " ") == (
        f"Samarbeidet mellom ledelsen og tillitsvalgte (n{NBSP}={NBSP}41)"
    )
    assert ticks[1].replace("\n", " ") == f"Oppfølgingen fra nærmeste leder (n{NBSP}={NBSP}487)"
    assert ticks[2] == "Samarbeidet med NAV"
    assert "under 5" in _texts(fig)


def test_suppressed_item_is_a_hatched_box_with_the_threshold_in_the_text():
    table = _likert()
    table["suppressed"] = True
    fig = diverging_bars(table, labels=SCALE, n_unfavourable=2, n_favourable=2, k=10)
    assert _texts(fig) == ["under 10"] * 3
    hatched = [p for p in fig.axes[0].patches if p.get_hatch()]
    assert len(hatched) == 3
    assert all(len(patches) == 0 for patches in _segments(fig).values())


def test_x_axis_shows_norwegian_percentages_on_both_sides():
    ticks = [t for t in _ticks(_draw()) if t]
    assert f"40{NBSP}%" in ticks or f"50{NBSP}%" in ticks
    assert all(t.endswith(f"{NBSP}%") and "." not in t and "-" not in t for t in ticks)
    assert "\u2212" not in "".join(ticks)  # absolute values left of zero


def test_legend_is_below_the_plot_in_scale_order():
    fig = _draw()
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == SCALE
    fig.draw_without_rendering()
    legend_box = legend.get_window_extent()
    axes_box = fig.axes[0].get_window_extent()
    assert legend_box.y1 <= axes_box.y0


def test_the_same_answer_has_the_same_colour_in_two_different_figures():
    one = _segments(_draw())
    other_items = _likert().iloc[5:10].assign(item="Et annet spørsmål")
    two = _segments(_draw(other_items))
    for label in SCALE:
        assert to_hex(one[label][0].get_facecolor()) == to_hex(two[label][0].get_facecolor())
        assert (
            to_hex(one[label][0].get_facecolor())
            == style.answer_colours(SCALE, 2, 2)[label].lower()
        )


def test_every_text_is_at_least_nine_points():
    fig = _draw()
    fig.draw_without_rendering()
    sizes = [t.get_fontsize() for t in fig.findobj(lambda a: hasattr(a, "get_fontsize"))]
    assert sizes and min(sizes) >= 9


def test_diverging_bars_reject_an_empty_table_a_missing_column_and_unknown_answers():
    with pytest.raises(ValueError, match="empty"):
        _draw(_likert().iloc[0:0])
    with pytest.raises(ValueError, match="share"):
        _draw(_likert().drop(columns="share"))
    with pytest.raises(ValueError, match="Vet ikke"):
        _draw(_likert().assign(label=lambda t: t["label"].replace("Middels", "Vet ikke")))


def test_diverging_bars_save_byte_identical_svg(tmp_path):
    style.save_svg(_draw(), tmp_path / "a.svg")
    style.save_svg(_draw(), tmp_path / "b.svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


def test_stacked_bars_fill_one_hundred_percent_per_group():
    fig = stacked_bars(_sectors(), labels=["Ja", "Nei"], row="group")
    segments = _segments(fig)
    assert list(segments) == ["Ja", "Nei"] and all(len(p) == 2 for p in segments.values())
    for ja, nei in zip(segments["Ja"], segments["Nei"], strict=True):
        assert ja.get_x() == 0 and nei.get_x() == pytest.approx(ja.get_width())
        assert ja.get_width() + nei.get_width() == pytest.approx(1)
    assert f"42{NBSP}%" in _texts(fig) and f"81{NBSP}%" in _texts(fig)
    assert "under 5" in _texts(fig)
    assert _ticks(fig, "y")[2] == "Stab og støtte"


def test_stacked_bars_draw_off_scale_answers_last_grey_with_sparse_diagonal_lines():
    table = pd.DataFrame(
        {
            "item": "Fikk du tilbud om tilrettelegging?",
            "label": ["Vet ikke", "Nei", "Ja"],
            "share": [0.1, 0.3, 0.6],
            "n": 120,
            "suppressed": False,
        }
    )
    fig = stacked_bars(table, labels=["Ja", "Nei"], off_scale=["Vet ikke"])
    segments = _segments(fig)
    assert list(segments) == ["Ja", "Nei", "Vet ikke"]
    dont_know = segments["Vet ikke"][0]
    assert dont_know.get_x() == pytest.approx(0.9)
    assert dont_know.get_hatch() == style.OFF_SCALE_HATCH
    # Sparse lines (a dot hatch draws hundreds of circles per bar) that run the other
    # way from the hatch of a suppressed cell.
    assert set(dont_know.get_hatch()) == {"\\"} and len(dont_know.get_hatch()) <= 2
    assert set(style.SUPPRESSED_HATCH) == {"/"}
    assert to_hex(dont_know.get_facecolor()) == style.OFF_SCALE_COLOURS[0].lower()


def test_stacked_bars_take_the_colours_of_another_figure():
    colours = {"Ja": "#009E73", "Nei": "#D55E00"}
    fig = stacked_bars(_sectors(), labels=["Ja", "Nei"], row="group", colours=colours)
    assert to_hex(_segments(fig)["Ja"][0].get_facecolor()) == "#009e73"
    with pytest.raises(ValueError, match="Nei"):
        stacked_bars(_sectors(), labels=["Ja", "Nei"], row="group", colours={"Ja": "#000000"})


def test_stacked_bars_reject_an_empty_table():
    with pytest.raises(ValueError, match="empty"):
        stacked_bars(_sectors().iloc[0:0], labels=["Ja", "Nei"], row="group")
