"""Bar charts: grouped bars for sector comparisons, sorted bars for multiple choice."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MultipleLocator

from pipeline import formatting as fmt
from pipeline.figures import style

ROTATE_LABELS_ABOVE = 12  # with more bars than this, the value labels stand on end
CHAR_WIDTH = 0.075  # inches per character of a 9,5 pt tick label, to wrap group names


def _share(value: object, what: str, function: str) -> float:
    if pd.isna(value) or not 0 <= float(value) <= 1:
        raise ValueError(f"{function}: {what} is {value!r}, not a share 0–1")
    return float(value)


def grouped_bars(
    table: pd.DataFrame,
    *,
    value: str = "share",
    group: str = "group",
    category: str = "label",
    colours: Mapping[str, str] | None = None,
    off_scale: Sequence[str] = (),
    k: int = 5,
    decimals: int = 1,
    title: str | None = None,
) -> Figure:
    """Grouped vertical bars: one cluster per group (etat), one bar per category (Ja/Nei).

    Parameters
    ----------
    table
        One row per group and category: ``group``, ``category``, ``value`` (a
        share 0–1), ``suppressed`` (bool); optional ``ci_low``/``ci_high``
        (e.g. Wilson interval, drawn as error bars) and ``n`` (the group's n,
        printed under the group name). Groups and categories are drawn in the
        order they first appear.
    value, group, category
        Column names.
    colours
        Category → colour, to match another figure; default
        :func:`~pipeline.figures.style.category_colours` of the categories in
        order of appearance.
    off_scale
        Categories such as "Vet ikke": grey and hatched, after the others.
    k
        The anonymity threshold, printed in suppressed cells.
    decimals
        Decimals of the share printed above each bar.
    title
        Optional; the report prints its own captions.

    Returns
    -------
    Figure
        A ``BarContainer`` per category in ``fig.axes[0].containers`` (one bar
        per group that is not suppressed), the share above each bar, a legend
        of categories below, suppressed cells as a hatched empty box with
        "under k".

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["Helse og velferd"] * 2 + ["Familie og oppvekst"] * 2,
    ...     "label": ["Ja", "Nei"] * 2, "share": [93/219, 126/219, 264/326, 62/326],
    ...     "n": [219, 219, 326, 326], "suppressed": False})
    >>> len(grouped_bars(t).axes[0].patches)
    4
    """
    style.check_table(table, (group, category, value, "suppressed"), "grouped_bars")
    groups = [str(g) for g in pd.unique(table[group].astype(str))]
    found = [str(c) for c in pd.unique(table[category].astype(str))]
    off_scale = [str(c) for c in off_scale]
    categories = [c for c in found if c not in off_scale] + [c for c in off_scale if c in found]
    if colours:
        colours = dict(colours)
    else:
        colours = style.category_colours(
            [c for c in categories if c not in off_scale], off_scale=off_scale
        )
    missing = [c for c in categories if c not in colours]
    if missing:
        raise ValueError(f"grouped_bars: no colour for {', '.join(missing)}")
    hatches = style.separating_hatches(
        {c: colours[c] for c in categories},
        preset={c: style.OFF_SCALE_HATCH for c in off_scale},
    )
    has_ci = {"ci_low", "ci_high"} <= set(table.columns)
    cells = {(str(r[group]), str(r[category])): r for _, r in table.iterrows()}
    if len(cells) != len(table):
        raise ValueError("grouped_bars: a group and category appear in more than one row")

    width = 0.8 / len(categories)
    n_bars = len(groups) * len(categories)
    top = 1.18  # room above 100 % for the labels
    with style.theme():
        fig = style.new_figure(1, row_height=3.4, extra=1.0)
        ax = fig.add_subplot()
        for j, cat in enumerate(categories):
            xs, heights, lows, highs, tops = [], [], [], [], []
            for i, grp in enumerate(groups):
                x = i - 0.4 + width * (j + 0.5)
                row = cells.get((grp, cat))
                if row is None:
                    continue  # a category nobody in this group chose is simply absent
                if style.is_suppressed(row["suppressed"]):
                    style.suppressed_bar(
                        ax,
                        x=x - width / 2,
                        y=0,
                        width=width,
                        height=1.0,
                        k=k,
                        rotation=90,
                        reason=row["suppressed"],
                    )
                    continue
                share = _share(row[value], f"{value} for {grp}/{cat}", "grouped_bars")
                xs.append(x)
                heights.append(share)
                if has_ci:
                    lo = _share(row["ci_low"], f"ci_low for {grp}/{cat}", "grouped_bars")
                    hi = _share(row["ci_high"], f"ci_high for {grp}/{cat}", "grouped_bars")
                    lows.append(share - lo)
                    highs.append(hi - share)
                tops.append(hi if has_ci else share)
            ax.bar(
                xs,
                heights,
                width=width * 0.92,
                color=colours[cat],
                edgecolor="white",
                linewidth=0.6,
                hatch=hatches[cat],
                hatchcolor=style.hatch_colour(colours[cat]),
                label=cat,
                yerr=[lows, highs] if has_ci and xs else None,
                error_kw={"ecolor": "black", "elinewidth": 0.9, "capsize": 3},
            )
            for x, h, t in zip(xs, heights, tops, strict=True):
                style.share_label(
                    ax,
                    h,
                    at=(x, t),
                    offset=(0, 3),
                    decimals=decimals,
                    ha="center",
                    va="bottom",
                    rotation=90 if n_bars > ROTATE_LABELS_ABOVE else 0,
                )
        wrap_at = max(8, int(style.WIDTH * 0.85 / len(groups) / CHAR_WIDTH))
        ax.set_xticks(
            range(len(groups)), [_group_label(table, grp, group, wrap_at) for grp in groups]
        )
        ax.set_xlim(-0.6, len(groups) - 0.4)
        ax.set_ylim(0, top)
        ax.yaxis.set_major_locator(MultipleLocator(0.2))
        ax.yaxis.set_major_formatter(style.percent_formatter())
        ax.set_ylabel("Andel av svarene")
        ax.tick_params(axis="x", length=0)
        ax.grid(axis="y", color=style.GRID_COLOUR, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.spines[["top", "right"]].set_visible(False)
        if title:
            ax.set_title(title, loc="left")
        style.answer_legend(fig, categories, colours, hatches)
    return style.finish(fig)


def _group_label(table: pd.DataFrame, name: str, group: str, wrap_at: int) -> str:
    """Group name with its n under it, unless every cell of the group is suppressed."""
    label = style.wrap(name, wrap_at)
    if "n" not in table.columns:
        return label
    shown = ~table["suppressed"].map(style.is_suppressed).astype(bool)
    rows = table[(table[group].astype(str) == name) & shown]
    ns = rows["n"].dropna()
    return f"{label}\n({fmt.n(int(ns.iloc[0]))})" if len(ns) else label


def choice_bars(
    table: pd.DataFrame,
    *,
    k: int = 5,
    colour: str = style.OKABE_ITO[0],
    off_scale: Sequence[str] = (),
    sort: bool = True,
    decimals: int = 1,
    xlabel: str = "Andel av dem som fikk spørsmålet",
    title: str | None = None,
) -> Figure:
    """Horizontal bars for a multiple-choice question, the most chosen option on top.

    Also serves a single-choice question with ``sort=False`` (answers in
    codebook order).

    Parameters
    ----------
    table
        One row per option: ``label``, ``share`` (0–1 of the respondents who
        were asked; shares need not add up to 100 %), ``count``, ``suppressed``.
    k
        The anonymity threshold, printed in suppressed rows.
    colour
        The bars' colour (one colour: the options are not an answer scale).
    off_scale
        Options such as "Vet ikke": grey and hatched, after the others.
    sort
        Sort by share, largest on top (ties keep the table's order); with
        ``False`` the table's order is kept.
    decimals
        Decimals of the share printed after each bar.
    xlabel
        The x axis label.
    title
        Optional; the report prints its own captions.

    Returns
    -------
    Figure
        One bar per option not suppressed (one ``BarContainer``); when sorted,
        off-scale options and then suppressed options come last; suppressed
        options as a hatched empty box with "under k"; x axis in percent.

    Examples
    --------
    >>> t = pd.DataFrame({"label": ["Tilrettelegging", "Dialogmøte", "Annet"],
    ...     "share": [0.2, 0.6, None], "count": [40, 120, None], "suppressed": [False, False, True]})
    >>> fig = choice_bars(t)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['Dialogmøte', 'Tilrettelegging', 'Annet']
    """
    style.check_table(table, ("label", "share", "count", "suppressed"), "choice_bars")
    off_scale = [str(label) for label in off_scale]
    rows: list[tuple[str, float | None]] = []
    reasons: dict[str, object] = {}
    for label, share, hidden in zip(
        table["label"].astype(str), table["share"], table["suppressed"], strict=True
    ):
        if style.is_suppressed(hidden):
            rows.append((label, None))
            reasons[label] = hidden
        else:
            rows.append((label, _share(share, f"share of {label}", "choice_bars")))
    if sort:
        rows = (
            sorted(
                [r for r in rows if r[1] is not None and r[0] not in off_scale],
                key=lambda r: -r[1],
            )
            + [r for r in rows if r[1] is not None and r[0] in off_scale]
            + [r for r in rows if r[1] is None]
        )

    with style.theme():
        fig = style.new_figure(len(rows), row_height=0.4)
        ax = fig.add_subplot()
        ys = np.arange(len(rows))[::-1]
        bars = [(y, lb, s) for y, (lb, s) in zip(ys, rows, strict=True) if s is not None]
        greys = style.off_scale_colours(off_scale)
        ax.barh(
            [y for y, _, _ in bars],
            [s for _, _, s in bars],
            height=0.7,
            color=[greys.get(lb, colour) for _, lb, _ in bars],
            hatch=[style.OFF_SCALE_HATCH if lb in greys else None for _, lb, _ in bars],
            hatchcolor=style.OFF_SCALE_HATCH_COLOUR,
            edgecolor="none",
            linewidth=0.6,
        )
        for y, _, s in bars:
            style.share_label(ax, s, at=(s, y), offset=(3, 0), decimals=decimals, va="center")
        for y, (lb, s) in zip(ys, rows, strict=True):
            if s is None:
                style.suppressed_bar(
                    ax, x=0, y=y - 0.35, width=1.0, height=0.7, k=k, reason=reasons.get(lb)
                )
        ax.set_xlim(0, 1.12)  # room for the label after a 100 % bar
        style.share_rows_axes(
            ax,
            ys,
            [style.wrap(label) for label, _ in rows],
            xlabel=xlabel,
            frame_left=True,
            title=title,
        )
    return style.finish(fig)
