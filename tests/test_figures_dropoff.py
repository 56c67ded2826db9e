"""The drop-off curve: respondents still answering at each question."""

from pathlib import Path

import pandas as pd
import pytest

from pipeline.figures import style
from pipeline.figures.dropoff import dropoff_curve

DATA = Path(__file__).parent / "data" / "figures"
NBSP = "\u00a0"
STARTED = 558


def _dropoff() -> pd.DataFrame:
    table = pd.read_csv(DATA / "dropoff.csv")
    return table.assign(share=table["answering"] / STARTED)


def _visible(ticks, labels, limits) -> list[str]:
    low, high = limits
    inside = [low - 1e-9 <= x <= high + 1e-9 for x in ticks]
    return [t.get_text() for t, keep in zip(labels, inside, strict=True) if keep]


def test_the_curve_has_one_point_per_question_in_order():
    fig = dropoff_curve(_dropoff())
    (line,) = fig.axes[0].lines[:1]
    assert list(line.get_xdata()) == list(range(1, 14))
    assert [int(y) for y in line.get_ydata()] == list(_dropoff()["answering"])
    assert line.get_marker() == "o" and line.get_drawstyle() == "steps-mid"


def test_y_axis_counts_in_norwegian_and_the_second_axis_percent_of_started():
    fig = dropoff_curve(_dropoff())
    fig.draw_without_rendering()
    ax = fig.axes[0]
    counts = _visible(ax.get_yticks(), ax.get_yticklabels(), ax.get_ylim())
    assert counts[:2] == ["0", "100"] and all(t.isdigit() for t in counts)
    second = ax.child_axes[0]
    shares = _visible(second.get_yticks(), second.get_yticklabels(), (0, 1))
    assert f"100{NBSP}%" in shares and all(t.endswith(f"{NBSP}%") for t in shares)


def test_counts_over_a_thousand_get_a_no_break_space():
    table = _dropoff()
    table["answering"] = table["answering"] * 3
    fig = dropoff_curve(table.assign(share=table["answering"] / (3 * STARTED)))
    fig.draw_without_rendering()
    ax = fig.axes[0]
    assert f"1{NBSP}200" in _visible(ax.get_yticks(), ax.get_yticklabels(), ax.get_ylim())


def test_the_share_axis_can_be_left_out():
    assert dropoff_curve(_dropoff(), show_share=False).axes[0].child_axes == []


def test_the_largest_drop_is_named_only_when_asked():
    assert len(dropoff_curve(_dropoff()).axes[0].texts) == 0
    fig = dropoff_curve(_dropoff(), mark_largest_drop=True)
    (text,) = [t.get_text() for t in fig.axes[0].texts]
    assert text.startswith("Største frafall: spørsmål 4")  # 545 → 533
    assert "«Sykemeldt 16 dager»" in text and "(12 færre)" in text


def test_with_many_questions_every_fifth_position_is_labelled():
    answering = list(range(600, 600 - 23, -1))
    table = pd.DataFrame(
        {
            "position": range(1, 24),
            "question": [f"Spørsmål {i}" for i in range(1, 24)],
            "answering": answering,
            "share": [a / 600 for a in answering],
        }
    )
    fig = dropoff_curve(table)
    assert list(fig.axes[0].get_xticks()) == [1, 5, 10, 15, 20]
    assert list(dropoff_curve(_dropoff()).axes[0].get_xticks()) == list(range(1, 14))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.iloc[0:0], "empty"),
        (lambda t: t.drop(columns="share"), "share"),
        (lambda t: t.assign(position=t["position"] + 1), "position"),
        (lambda t: t.assign(answering=t["answering"][::-1].to_numpy()), "never rise"),
        (lambda t: t.assign(share=t["share"] / 2 + 0.5), "started"),
    ],
)
def test_dropoff_curve_rejects_tables_that_cannot_be_a_dropoff(change, message):
    with pytest.raises(ValueError, match=message):
        dropoff_curve(change(_dropoff()))


def test_dropoff_curve_saves_byte_identical_svg(tmp_path):
    style.save_svg(dropoff_curve(_dropoff()), tmp_path / "a.svg")
    style.save_svg(dropoff_curve(_dropoff()), tmp_path / "b.svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()
