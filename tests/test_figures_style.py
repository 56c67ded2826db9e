"""Shared figure style: answer colours, group styles, sizes and byte-identical SVG."""

import matplotlib
import matplotlib.text
import pandas as pd
import pytest
from matplotlib.figure import Figure

from pipeline.figures import style
from pipeline.figures.likert import diverging_bars

SCALE = ["Svært dårlig", "Dårlig", "Middels", "Godt", "Svært godt"]


def _reds_and_blues(colours):
    """(red > blue, blue > red) per colour, from its RGB."""
    out = {}
    for label, colour in colours.items():
        r, _, b = matplotlib.colors.to_rgb(colour)
        out[label] = "red" if r > b + 0.1 else "blue" if b > r + 0.1 else "grey"
    return out


def test_answer_colours_are_red_for_unfavourable_grey_for_neutral_and_blue_for_favourable():
    colours = style.answer_colours(SCALE, 2, 2, off_scale=["Vet ikke"])
    assert list(colours) == [*SCALE, "Vet ikke"]
    assert _reds_and_blues(colours) == {
        "Svært dårlig": "red",
        "Dårlig": "red",
        "Middels": "grey",
        "Godt": "blue",
        "Svært godt": "blue",
        "Vet ikke": "grey",
    }
    assert colours["Vet ikke"] != colours["Middels"]


def test_answer_colours_get_darker_away_from_the_middle():
    colours = style.answer_colours(SCALE, 2, 2)

    def lightness(label):
        return sum(matplotlib.colors.to_rgb(colours[label]))

    assert lightness("Svært dårlig") < lightness("Dårlig")
    assert lightness("Svært godt") < lightness("Godt")


def test_answer_colours_are_the_same_for_the_same_scale_and_differ_within_a_scale():
    first = style.answer_colours(SCALE, 2, 2)
    again = style.answer_colours(list(SCALE), 2, 2, off_scale=["Ikke aktuelt"])
    assert all(first[label] == again[label] for label in SCALE)
    assert len(set(first.values())) == len(SCALE)


def test_answer_colours_handle_a_scale_without_neutral_and_one_with_three_per_side():
    four = style.answer_colours(["Uenig", "Litt uenig", "Litt enig", "Enig"], 2, 2)
    assert style.NEUTRAL_COLOUR not in four.values()
    seven = style.answer_colours([str(i) for i in range(1, 8)], 3, 3)
    assert list(seven.values()).count(style.NEUTRAL_COLOUR) == 1
    assert len(set(seven.values())) == 7


@pytest.mark.parametrize(
    ("labels", "n_unfavourable", "n_favourable"),
    [(SCALE, 3, 3), (SCALE, -1, 2), (["A"] * 5, 2, 2), ([str(i) for i in range(11)], 5, 5)],
)
def test_answer_colours_reject_scales_that_do_not_add_up(labels, n_unfavourable, n_favourable):
    with pytest.raises(ValueError, match="answer_colours"):
        style.answer_colours(labels, n_unfavourable, n_favourable)


def test_groups_differ_by_marker_as_well_as_colour():
    styles = style.group_styles(["Ledere", "Ansatte", "Tillitsvalgte"])
    assert len({s["marker"] for s in styles.values()}) == 3
    assert len({s["color"] for s in styles.values()}) == 3


def test_text_on_dark_segments_is_white_and_on_pale_segments_black():
    assert style.text_colour("#B2182B") == "white"
    assert style.text_colour("#2166AC") == "white"
    assert style.text_colour("#F4A582") == "black"
    assert style.text_colour(style.NEUTRAL_COLOUR) == "black"


def test_figure_size_is_seven_inches_wide_and_grows_with_rows():
    assert style.figure_size(2)[0] == 7.0
    assert style.figure_size(10)[1] > style.figure_size(2)[1]
    with pytest.raises(ValueError):
        style.figure_size(0)


def test_percent_formatter_gives_norwegian_percent_and_absolute_values():
    formatter = style.percent_formatter(absolute=True)
    assert formatter(-0.4, 0) == "40\u00a0%"
    assert style.percent_formatter(1)(0.425, 0) == "42,5\u00a0%"
    assert style.integer_formatter()(1124.0, 0) == "1\u00a0124"


def test_the_zero_tick_has_the_same_space_before_the_percent_sign_as_the_others():
    for formatter in (style.percent_formatter(), style.percent_formatter(absolute=True)):
        assert [formatter(v, 0) for v in (-0.0, 0.0, 0.2)] == ["0\u00a0%", "0\u00a0%", "20\u00a0%"]


def test_share_rows_axes_label_each_row_and_tick_the_shares_in_norwegian_percent():
    with style.theme():
        fig = Figure()
        ax = fig.add_subplot()
        ax.set_xlim(-0.5, 0.5)
        style.share_rows_axes(
            ax, [1, 0], ["Første", "Andre"], xlabel="Andel", step=0.25, absolute=True
        )
        fig.draw_without_rendering()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Første", "Andre"]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert {"0\u00a0%", "25\u00a0%", "50\u00a0%"} <= set(ticks)  # no sign left of the centre
    assert all(t.endswith("\u00a0%") and t[0].isdigit() for t in ticks)
    assert ax.get_ylim() == (-0.6, 1.6)
    assert not ax.spines["left"].get_visible() and ax.spines["bottom"].get_visible()


def test_share_label_prints_the_share_in_norwegian_beside_the_bar():
    with style.theme():
        ax = Figure().add_subplot()
        style.share_label(ax, 0.425, at=(0.425, 0), offset=(3, 0), decimals=1, va="center")
    [text] = ax.texts
    assert text.get_text() == "42,5\u00a0%" and text.get_fontsize() == style.SMALL_SIZE


def test_check_table_names_the_missing_column_and_rejects_an_empty_table():
    with pytest.raises(ValueError, match="share"):
        style.check_table(pd.DataFrame({"label": ["Ja"]}), ["label", "share"], "f")
    with pytest.raises(ValueError, match="empty"):
        style.check_table(pd.DataFrame({"label": []}), ["label"], "f")


def _figure():
    table = pd.DataFrame(
        {"item": "Samarbeid", "label": SCALE, "share": [0.1, 0.2, 0.3, 0.3, 0.1], "n": 41}
    ).assign(suppressed=False)
    return diverging_bars(table, labels=SCALE, n_unfavourable=2, n_favourable=2)


def test_save_svg_gives_byte_identical_files_for_two_drawings(tmp_path):
    style.save_svg(_figure(), tmp_path / "a.svg")
    style.save_svg(_figure(), tmp_path / "b.svg")
    first = (tmp_path / "a.svg").read_bytes()
    assert first.startswith(b"<?xml") and b"<svg" in first
    assert first == (tmp_path / "b.svg").read_bytes()
    assert b"<dc:date>" not in first


def test_save_svg_leaves_the_old_file_when_saving_fails(tmp_path):
    target = tmp_path / "figur.svg"
    style.save_svg(_figure(), target)
    before = target.read_bytes()
    broken = Figure()
    broken.add_subplot().text(0, 0, "$\\unknowncommand$")  # mathtext fails when drawn
    with pytest.raises(ValueError):
        style.save_svg(broken, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["figur.svg"]


def test_the_theme_does_not_leak_into_matplotlibs_global_settings():
    before = dict(matplotlib.rcParams)
    _figure()
    assert dict(matplotlib.rcParams) == before


def _every_figure():
    from pipeline.figures.bars import choice_bars, grouped_bars
    from pipeline.figures.dropoff import dropoff_curve
    from pipeline.figures.gaps import gap_dotplot
    from pipeline.figures.likert import stacked_bars

    sectors = pd.DataFrame(
        {
            "group": ["Helse", "Helse", "Oppvekst", "Oppvekst"],
            "label": ["Ja", "Nei", "Ja", "Nei"],
            "share": [0.4, 0.6, None, None],
            "n": [200, 200, 3, 3],
            "suppressed": [False, False, True, True],
        }
    )
    gaps = pd.DataFrame(
        {
            "item": ["Oppfølging"],
            "share_a": [0.9],
            "share_b": [0.6],
            "ci_a_low": [0.8],
            "ci_a_high": [0.95],
            "ci_b_low": [0.55],
            "ci_b_high": [0.65],
            "gap_points": [-30.0],
            "suppressed": [False],
        }
    )
    choice = pd.DataFrame(
        {"label": ["A", "B"], "share": [0.5, 0.2], "count": [50, 20], "suppressed": False}
    )
    dropoff = pd.DataFrame(
        {"position": [1, 2], "question": ["Etat", "Rolle"], "answering": [100, 90]}
    ).assign(share=lambda t: t["answering"] / 100)
    return {
        "diverging_bars": _figure(),
        "stacked_bars": stacked_bars(sectors, labels=["Ja", "Nei"], row="group"),
        "grouped_bars": grouped_bars(sectors),
        "choice_bars": choice_bars(choice),
        "gap_dotplot": gap_dotplot(gaps, group_a="Ledere", group_b="Ansatte"),
        "dropoff_curve": dropoff_curve(dropoff),
    }


def test_every_figure_is_seven_inches_wide_with_constrained_layout_and_text_of_nine_points():
    for name, fig in _every_figure().items():
        assert fig.get_figwidth() == pytest.approx(7.0), name
        assert fig.get_layout_engine().__class__.__name__ == "ConstrainedLayoutEngine", name
        fig.draw_without_rendering()
        texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip()]
        assert texts, name
        small = [(t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() < 9]
        assert small == [], name


def test_every_figure_saves_to_the_same_bytes_twice(tmp_path):
    first, second = _every_figure(), _every_figure()
    for name in first:
        style.save_svg(first[name], tmp_path / f"{name}-1.svg")
        style.save_svg(second[name], tmp_path / f"{name}-2.svg")
        one = (tmp_path / f"{name}-1.svg").read_bytes()
        assert one == (tmp_path / f"{name}-2.svg").read_bytes(), name
