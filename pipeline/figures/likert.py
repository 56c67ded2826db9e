"""Stacked horizontal bars: diverging for Likert batteries, 100 % for single-choice questions.

Diverging stacked bars (Robbins & Heiberger 2011) put the unfavourable answers
to the left of zero, the neutral answer centred on zero (half on each side) and
the favourable answers to the right (which end is favourable is the codebook's
``direction``), so the balance of every item can be read
against the same line. The x axis shows absolute percentages on both sides.

References
----------
1. Robbins, N. B. & Heiberger, R. M. (2011). Plotting Likert and other rating
   scales. *Proceedings of the Joint Statistical Meetings*, 1058–1066.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from pipeline import formatting as fmt
from pipeline.figures import style

LABEL_MIN_SHARE = 0.03  # no share printed in a thinner segment (and see drop_crowded_labels)
LABEL_ROOM_PX = 4.0  # a share's text must be this much narrower than its segment
COLUMNS = ("label", "share", "n", "suppressed")


def _rows(table: pd.DataFrame, row: str, known: Sequence[str], function: str) -> list[dict]:
    """One dict per bar in display order: ``name``, ``n``, ``suppressed``, ``shares`` by label."""
    unknown = sorted(set(table["label"].dropna().astype(str)) - set(known))
    if unknown:
        raise ValueError(f"{function}: answer label(s) not in labels: {', '.join(unknown)}")
    rows = []
    for name, part in table.groupby(row, sort=False):
        suppressed = any(style.is_suppressed(v) for v in part["suppressed"])
        secondary = all(v == "secondary" for v in part["suppressed"])
        shares = {}
        if not suppressed:
            for label, share in zip(part["label"], part["share"], strict=True):
                if pd.isna(share) or not 0 <= float(share) <= 1:
                    raise ValueError(f"{function}: share of {label!r} for {name!r} is not 0–1")
                shares[str(label)] = float(share)
        n = part["n"].dropna()
        rows.append(
            {
                "name": str(name),
                "n": int(n.iloc[0]) if len(n) else None,
                "suppressed": suppressed,
                "reason": "secondary" if secondary else "primary",
                "shares": shares,
            }
        )
    return rows


def _row_label(row: dict) -> str:
    """The row's name with its n, or the name alone when suppressed (n would reveal too much)."""
    if row["suppressed"] or row["n"] is None:
        return style.wrap(row["name"])
    return style.wrap(f"{row['name']} ({fmt.n(row['n'])})")


def _segment_text(
    ax: Axes, left: float, width: float, y: float, colour: str, *, hatched: bool = False
) -> Text | None:
    """The share inside its segment; on a hatched segment over a patch of plain colour."""
    if width < LABEL_MIN_SHARE:
        return None
    return ax.text(
        left + width / 2,
        y,
        fmt.percent(width, 0),
        ha="center",
        va="center",
        fontsize=style.SMALL_SIZE,
        color=style.text_colour(colour),
        bbox={"facecolor": colour, "edgecolor": "none", "pad": 1.0} if hatched else None,
        gid="segment-label",
    )


def _stack_segments(
    ax: Axes,
    shown: Sequence[tuple[float, dict]],
    lefts: Sequence[float],
    labels: Sequence[str],
    colours: Mapping[str, str],
    hatches: Mapping[str, str | None],
) -> list[tuple[Text, float, float]]:
    """One bar per row at height ``y``, its answers' shares laid end to end from ``lefts``.

    Returns each printed share with its segment's left and right end (data units),
    for :func:`drop_crowded_labels`.
    """
    lefts = list(lefts)
    texts = []
    for label in labels:
        widths = [row["shares"].get(label, 0.0) for _, row in shown]
        hatch = hatches.get(label)
        extra = {"hatch": hatch, "hatchcolor": style.hatch_colour(colours[label])} if hatch else {}
        ax.barh(
            [y for y, _ in shown],
            widths,
            left=lefts,
            height=0.7,
            color=colours[label],
            edgecolor="white",
            linewidth=0.6,
            label=label,
            **extra,
        )
        for (y, _), left, width in zip(shown, lefts, widths, strict=True):
            text = _segment_text(ax, left, width, y, colours[label], hatched=bool(hatch))
            if text is not None:
                texts.append((text, left, left + width))
        lefts = [left + width for left, width in zip(lefts, widths, strict=True)]
    return texts


def drop_crowded_labels(fig: Figure, texts: Sequence[tuple[Text, float, float]]) -> int:
    """Remove the shares that do not fit inside their segment; return how many were removed.

    Runs the layout once, so the test is made at the size the figure is saved at:
    a label wider than its segment (with a little room) would run into its
    neighbour's («22 % 10 %»). The number stays in the table under the figure.
    """
    if not texts:
        return 0
    fig.draw_without_rendering()
    removed = 0
    for text, left, right in texts:
        transform = text.axes.transData
        x0 = transform.transform((left, 0))[0]
        x1 = transform.transform((right, 0))[0]
        if text.get_window_extent().width + LABEL_ROOM_PX > x1 - x0:
            text.remove()
            removed += 1
    return removed


def axis_limit(reach: float) -> float:
    """The diverging axis's end for bars reaching ``reach`` on a side: the next 25 % step.

    Steps of a quarter keep the tick labels at 25 % intervals and give figures
    with similar reach the same axis.

    >>> axis_limit(0.62), axis_limit(0.75), axis_limit(0.1)
    (0.75, 1.0, 0.25)
    """
    return float(min(1.0, max(0.25, (np.floor(reach * 4 + 0.02) + 1) / 4)))


def _starts(
    rows: Sequence[dict], labels: Sequence[str], n_unfavourable: int, n_favourable: int
) -> list[float]:
    """Where each bar begins left of the centre line: its negatives and half its neutrals."""
    negative = labels[:n_unfavourable]
    neutral = labels[n_unfavourable : len(labels) - n_favourable]
    return [
        -(
            sum(row["shares"].get(lb, 0.0) for lb in negative)
            + sum(row["shares"].get(lb, 0.0) for lb in neutral) / 2
        )
        for row in rows
    ]


def diverging_reach(
    table: pd.DataFrame, *, labels: Sequence[str], n_unfavourable: int, n_favourable: int
) -> float:
    """How far the longest side of any bar reaches from the centre line (share 0–1).

    >>> t = pd.DataFrame({"item": "Samarbeid", "label": ["Dårlig", "Middels", "Godt"],
    ...     "share": [0.2, 0.2, 0.6], "n": 10, "suppressed": False})
    >>> round(diverging_reach(t, labels=["Dårlig", "Middels", "Godt"], n_unfavourable=1, n_favourable=1), 2)
    0.7
    """
    labels = [str(label) for label in labels]
    rows = _rows(table, "item", labels, "diverging_reach")
    starts = _starts(rows, labels, n_unfavourable, n_favourable)
    return max(
        [0.0] + [max(-s, s + sum(r["shares"].values())) for s, r in zip(starts, rows, strict=True)]
    )


def diverging_bars(
    table: pd.DataFrame,
    *,
    labels: Sequence[str],
    n_unfavourable: int,
    n_favourable: int,
    k: int = 5,
    title: str | None = None,
    reach: float | None = None,
) -> Figure:
    """Diverging stacked horizontal bars for a Likert battery.

    Parameters
    ----------
    table
        One row per item and answer label: ``item`` (row label, in display
        order, first at the top), ``label`` (answer), ``share`` (0–1, of the
        item's on-scale answers), ``n`` (the item's n), ``suppressed`` (bool:
        the whole item rests on fewer than ``k`` respondents; its shares are
        ignored).
    labels
        The on-scale labels with the unfavourable end first
        (``Scale.display_labels``): they are drawn left to right.
    n_unfavourable, n_favourable
        Unfavourable and favourable labels at each end; the rest are neutral.
    k
        The anonymity threshold, printed in the text of suppressed items.
    title
        Optional; the report prints its own captions.
    reach
        The share the axis must reach on each side, to give comparable figures
        one range (see :func:`axis_limit`); the figure's own reach when larger
        or None.

    Returns
    -------
    Figure
        One bar per item, one segment per answer label (a ``BarContainer`` per
        label in ``fig.axes[0].containers``); each share printed inside its
        segment where it fits; the legend below in scale order; suppressed items as a hatched
        empty bar with "under k" and no numbers.

    Notes
    -----
    Off-scale answers ("Vet ikke") are not part of the shares and must not be
    in ``table``. Neutral answers are split half to each side of zero.

    Examples
    --------
    >>> t = pd.DataFrame({"item": ["Samarbeid"] * 5,
    ...     "label": ["Svært dårlig", "Dårlig", "Middels", "Godt", "Svært godt"],
    ...     "share": [1/41, 6/41, 13/41, 14/41, 7/41], "n": 41, "suppressed": False})
    >>> fig = diverging_bars(t, labels=list(t["label"]), n_unfavourable=2, n_favourable=2)
    >>> len(fig.axes[0].patches)
    5
    """
    style.check_table(table, ("item", *COLUMNS), "diverging_bars")
    labels = [str(label) for label in labels]
    colours = style.answer_colours(labels, n_unfavourable, n_favourable)
    # Positive side and neutral first, so a pattern (if lightness cannot do it) marks negatives.
    order = labels[n_unfavourable:][::-1] + labels[:n_unfavourable]
    hatches = style.separating_hatches({label: colours[label] for label in order})
    rows = _rows(table, "item", labels, "diverging_bars")

    with style.theme():
        fig = style.new_figure(len(rows))
        ax = fig.add_subplot()
        ys = np.arange(len(rows))[::-1]
        starts = _starts(rows, labels, n_unfavourable, n_favourable)
        own = diverging_reach(
            table, labels=labels, n_unfavourable=n_unfavourable, n_favourable=n_favourable
        )
        limit = axis_limit(max(reach or 0.0, own))

        shown = [(y, row) for y, row in zip(ys, rows, strict=True) if not row["suppressed"]]
        lefts = [s for s, row in zip(starts, rows, strict=True) if not row["suppressed"]]
        texts = _stack_segments(ax, shown, lefts, labels, colours, hatches)
        for y, row in zip(ys, rows, strict=True):
            if row["suppressed"]:
                style.suppressed_bar(
                    ax,
                    x=-limit,
                    y=y - 0.35,
                    width=2 * limit,
                    height=0.7,
                    k=k,
                    reason=row["reason"],
                )

        ax.axvline(0, color="black", linewidth=0.8, zorder=3)
        ax.set_xlim(-limit, limit)
        style.share_rows_axes(
            ax,
            ys,
            [_row_label(row) for row in rows],
            xlabel="Andel av svarene (ugunstige til venstre, gunstige til høyre)",
            step=0.25,
            absolute=True,
            title=title,
        )
        style.answer_legend(fig, labels, colours, hatches)
        drop_crowded_labels(fig, texts)
    return style.finish(fig)


def stacked_bars(
    table: pd.DataFrame,
    *,
    labels: Sequence[str],
    off_scale: Sequence[str] = (),
    row: str = "item",
    colours: Mapping[str, str] | None = None,
    k: int = 5,
    title: str | None = None,
) -> Figure:
    """100 % stacked horizontal bars for a single-choice question with unordered answers.

    Parameters
    ----------
    table
        One row per bar and answer label: ``row`` (bar label, an item or a
        group, in display order), ``label``, ``share`` (0–1 of the bar's
        answers), ``n``, ``suppressed`` (bool, the whole bar).
    labels
        The answer labels in codebook order.
    off_scale
        Answers such as "Vet ikke", drawn last, grey and hatched.
    row
        The column holding the bar labels (``item`` or ``group``).
    colours
        Label → colour, to match another figure; default
        :func:`~pipeline.figures.style.category_colours`.
    k
        The anonymity threshold, printed in the text of suppressed bars.
    title
        Optional; the report prints its own captions.

    Returns
    -------
    Figure
        One bar per row, one segment per label (a ``BarContainer`` per label);
        each share printed inside its segment where it fits; legend below; suppressed bars
        as a hatched empty bar with "under k".

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["Helse og velferd"] * 2 + ["Familie og oppvekst"] * 2,
    ...     "label": ["Ja", "Nei"] * 2, "share": [93/219, 126/219, 264/326, 62/326],
    ...     "n": [219, 219, 326, 326], "suppressed": False})
    >>> len(stacked_bars(t, labels=["Ja", "Nei"], row="group").axes[0].patches)
    4
    """
    style.check_table(table, (row, *COLUMNS), "stacked_bars")
    order = [str(label) for label in labels] + [str(label) for label in off_scale]
    colours = dict(colours) if colours else style.category_colours(labels, off_scale=off_scale)
    missing = [label for label in order if label not in colours]
    if missing:
        raise ValueError(f"stacked_bars: no colour for {', '.join(missing)}")
    rows = _rows(table, row, order, "stacked_bars")

    with style.theme():
        fig = style.new_figure(len(rows))
        ax = fig.add_subplot()
        ys = np.arange(len(rows))[::-1]
        shown = [(y, r) for y, r in zip(ys, rows, strict=True) if not r["suppressed"]]
        hatches = style.separating_hatches(
            {label: colours[label] for label in order},
            preset={label: style.OFF_SCALE_HATCH for label in off_scale},
        )
        texts = _stack_segments(ax, shown, [0.0] * len(shown), order, colours, hatches)
        for y, r in zip(ys, rows, strict=True):
            if r["suppressed"]:
                style.suppressed_bar(
                    ax, x=0.0, y=y - 0.35, width=1.0, height=0.7, k=k, reason=r["reason"]
                )

        ax.set_xlim(0, 1)
        style.share_rows_axes(
            ax,
            ys,
            [_row_label(r) for r in rows],
            xlabel="Andel av svarene",
            grid=False,
            title=title,
        )
        style.answer_legend(fig, order, colours, hatches)
        drop_crowded_labels(fig, texts)
    return style.finish(fig)
