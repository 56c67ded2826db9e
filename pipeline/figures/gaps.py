"""Dot plot of the gap between two groups (leaders and employees) item by item.

A Cleveland dot plot (Cleveland & McGill 1984) puts both groups' shares on one
line per item, joined by a line whose length is the gap; position along a
common scale is read more accurately than bar length or colour. The gap is
also printed in *prosentpoeng* at the right, and the groups differ by marker
shape as well as colour.

References
----------
1. Cleveland, W. S. & McGill, R. (1984). Graphical perception: theory,
   experimentation, and application to the development of graphical methods.
   *Journal of the American Statistical Association*, 79(387), 531–554.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from pipeline import formatting as fmt
from pipeline.figures import style

COLUMNS = (
    "item",
    "share_a",
    "share_b",
    "ci_a_low",
    "ci_a_high",
    "ci_b_low",
    "ci_b_high",
    "gap_points",
    "suppressed",
)
OFFSET = 0.12  # each group sits a little off the item's line so the intervals do not overlap
JOIN_COLOUR = "#9E9E9E"
TOLERANCE_POINTS = 0.01  # gap_points must equal (share_b − share_a) × 100 within this


def _shares(row: pd.Series) -> dict[str, float]:
    values = {}
    for column in COLUMNS[1:7]:
        value = row[column]
        if pd.isna(value) or not 0 <= float(value) <= 1:
            raise ValueError(f"gap_dotplot: {column} of {row['item']!r} is {value!r}, not 0–1")
        values[column] = float(value)
    gap = float(row["gap_points"])
    if abs(gap - (values["share_b"] - values["share_a"]) * 100) > TOLERANCE_POINTS:
        raise ValueError(
            f"gap_dotplot: gap_points of {row['item']!r} is {gap!r}, but share_b − share_a "
            "is a different number of percentage points (gap_points must be b − a × 100)"
        )
    values["gap"] = gap
    return values


def gap_dotplot(
    table: pd.DataFrame,
    *,
    group_a: str,
    group_b: str,
    k: int = 5,
    xlabel: str = "Andel gunstige svar",
    title: str | None = None,
) -> Figure:
    """Leader vs employee share favourable per item, with the gap in prosentpoeng.

    Parameters
    ----------
    table
        One row per item in display order (first on top): ``item``,
        ``share_a``, ``share_b`` (0–1), their intervals ``ci_a_low``,
        ``ci_a_high``, ``ci_b_low``, ``ci_b_high``, ``gap_points``
        (share_b − share_a in percentage points, e.g. 23.3) and ``suppressed``
        (bool: either group rests on fewer than ``k``; numbers are ignored).
    group_a, group_b
        The groups' names, for the legend (e.g. "Ledere", "Ansatte").
    k
        The anonymity threshold, printed in suppressed rows.
    xlabel
        The x axis label.
    title
        Optional; the report prints its own captions.

    Returns
    -------
    Figure
        Per item a circle for ``group_a`` and a square for ``group_b`` with
        their intervals, a grey line between them, and the signed gap
        ("+23,3 prosentpoeng") to the right; suppressed items as a hatched
        empty box with "under k".

    Raises
    ------
    ValueError
        If the table is empty, lacks a column, has a share outside 0–1, or
        ``gap_points`` is not (share_b − share_a) × 100.

    Examples
    --------
    >>> t = pd.DataFrame({"item": ["Leder følger opp"], "share_a": [0.9], "share_b": [0.6],
    ...     "ci_a_low": [0.8], "ci_a_high": [0.95], "ci_b_low": [0.55], "ci_b_high": [0.65],
    ...     "gap_points": [-30.0], "suppressed": [False]})
    >>> fig = gap_dotplot(t, group_a="Ledere", group_b="Ansatte")
    >>> [t.get_text() for t in fig.axes[0].child_axes[0].get_yticklabels()]
    ['\u221230,0 prosentpoeng']
    """
    style.check_table(table, COLUMNS, "gap_dotplot")
    groups = style.group_styles([group_a, group_b])
    rows = [
        (str(row["item"]), None if style.is_suppressed(row["suppressed"]) else _shares(row))
        for _, row in table.iterrows()
    ]

    with style.theme():
        fig = style.new_figure(len(rows), row_height=0.55)
        ax = fig.add_subplot()
        ys = np.arange(len(rows))[::-1]
        shown = [(y, v) for y, (_, v) in zip(ys, rows, strict=True) if v is not None]
        for y, v in shown:
            ax.plot(
                [v["share_a"], v["share_b"]],
                [y + OFFSET, y - OFFSET],
                color=JOIN_COLOUR,
                linewidth=2.2,
                zorder=1,
                solid_capstyle="butt",
            )
        for name, key, shift in ((group_a, "a", OFFSET), (group_b, "b", -OFFSET)):
            xs = [v[f"share_{key}"] for _, v in shown]
            lows = [v[f"share_{key}"] - v[f"ci_{key}_low"] for _, v in shown]
            highs = [v[f"ci_{key}_high"] - v[f"share_{key}"] for _, v in shown]
            ax.errorbar(
                xs,
                [y + shift for y, _ in shown],
                xerr=[lows, highs] if shown else None,
                fmt=groups[name]["marker"],
                color=groups[name]["color"],
                markersize=7,
                markeredgecolor="black",
                markeredgewidth=0.6,
                elinewidth=1.0,
                capsize=2.5,
                label=name,
                zorder=3,
            )
        for y, (_, v) in zip(ys, rows, strict=True):
            if v is None:
                style.suppressed_bar(ax, x=0, y=y - 0.35, width=1.0, height=0.7, k=k)
        # the gaps as tick labels of a right-hand axis, so the layout keeps room for them
        gaps = ax.secondary_yaxis("right")
        gaps.set_yticks(
            [y for y, _ in shown], [fmt.points(v["gap"] / 100, signed=True) for _, v in shown]
        )
        gaps.tick_params(length=0, labelsize=style.SMALL_SIZE)
        gaps.spines["right"].set_visible(False)
        ax.annotate(
            "Forskjell",
            xy=(1, 1),
            xycoords="axes fraction",
            xytext=(4, 2),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=style.SMALL_SIZE,
            fontweight="bold",
        )
        ax.set_xlim(0, 1)
        style.share_rows_axes(
            ax, ys, [style.wrap(item) for item, _ in rows], xlabel=xlabel, title=title
        )
        handles = [
            Line2D(
                [],
                [],
                linestyle="none",
                marker=groups[name]["marker"],
                color=groups[name]["color"],
                markeredgecolor="black",
                markeredgewidth=0.6,
                markersize=7,
                label=name,
            )
            for name in (group_a, group_b)
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False)
    return style.finish(fig)
