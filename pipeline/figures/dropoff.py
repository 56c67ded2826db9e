"""The drop-off curve: how many respondents are still taking part, question by question."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from pipeline import formatting as fmt
from pipeline.figures import style

MANY_QUESTIONS = 20  # with more questions than this, only every 5th position is labelled
COLOUR = style.OKABE_ITO[0]


def _tick_positions(positions: list[int]) -> list[int]:
    """Every position, or the first and every 5th when there are many.

    >>> _tick_positions(list(range(1, 24)))
    [1, 5, 10, 15, 20]
    """
    if len(positions) <= MANY_QUESTIONS:
        return positions
    return [p for p in positions if p == positions[0] or p % 5 == 0]


def dropoff_curve(
    table: pd.DataFrame,
    *,
    show_share: bool = True,
    mark_largest_drop: bool = False,
    title: str | None = None,
) -> Figure:
    """Respondents still answering at each question, in questionnaire order.

    Parameters
    ----------
    table
        One row per question: ``position`` (1, 2, … in questionnaire order),
        ``question`` (a short label), ``answering`` (respondents who answered
        this question or a later one), ``share`` (``answering`` as a share of
        those who started, 0–1); optional ``routed`` (bool: the question was
        asked only to a subgroup; drawn as an open square and named in the legend).
    show_share
        Add a right-hand axis in percent of those who started.
    mark_largest_drop
        Name the question with the largest single fall. Off by default: where
        later questions are routed to a subgroup, a fall there is routing, not
        dropout, and the figure cannot tell the two apart.
    title
        Optional; the report prints its own captions.

    Returns
    -------
    Figure
        A step line with a marker per question; y axis in counts (Norwegian
        integers), optionally a second axis in percent; x ticks at the question
        positions (every 5th when there are more than 20); optionally the
        largest single drop marked with its ``question`` label.

    Raises
    ------
    ValueError
        If the table is empty, lacks a column, positions are not 1, 2, 3, …,
        counts rise, or ``share`` does not match ``answering`` for one number
        of starters.

    Examples
    --------
    >>> t = pd.DataFrame({"position": [1, 2, 3], "question": ["Etat", "Rolle", "Samtale"],
    ...     "answering": [558, 540, 500], "share": [558/558, 540/558, 500/558]})
    >>> fig = dropoff_curve(t)
    >>> [int(y) for y in fig.axes[0].lines[0].get_ydata()]
    [558, 540, 500]
    """
    style.check_table(table, ("position", "question", "answering", "share"), "dropoff_curve")
    table = table.sort_values("position", kind="stable")
    positions = [int(p) for p in table["position"]]
    if positions != list(range(1, len(positions) + 1)):
        raise ValueError("dropoff_curve: position must be 1, 2, 3, … without gaps")
    counts = np.asarray(table["answering"], dtype=float)
    shares = np.asarray(table["share"], dtype=float)
    if np.isnan(counts).any() or (counts < 0).any() or (np.diff(counts) > 0).any():
        raise ValueError("dropoff_curve: answering must be counts that never rise")
    if np.isnan(shares).any() or not ((shares > 0) | (counts == 0)).all():
        raise ValueError("dropoff_curve: share must be > 0 where anyone is answering")
    started = counts[0] / shares[0] if shares[0] > 0 else 0.0
    if started <= 0 or not np.allclose(counts, shares * started, rtol=0, atol=0.5):
        raise ValueError("dropoff_curve: share is not answering / started for one number started")
    labels = [str(q) for q in table["question"]]

    with style.theme():
        fig = style.new_figure(1, row_height=3.0, extra=1.0)
        ax = fig.add_subplot()
        ax.plot(
            positions,
            counts.astype(int).tolist(),
            drawstyle="steps-mid",
            color=COLOUR,
            linewidth=1.8,
            marker="o",
            markersize=4.5,
            label="Alle fikk spørsmålet",
        )
        routed = (
            table["routed"].astype(bool).to_numpy()
            if "routed" in table.columns
            else np.zeros(len(positions), dtype=bool)
        )
        if routed.any():
            ax.plot(
                np.asarray(positions)[routed],
                counts[routed].astype(int).tolist(),
                linestyle="none",
                marker="s",
                markersize=6.5,
                markerfacecolor="white",
                markeredgecolor=COLOUR,
                markeredgewidth=1.5,
                label="Bare noen fikk spørsmålet",
            )
            ax.legend(loc="lower left", frameon=False, fontsize=style.SMALL_SIZE)
        drops = -np.diff(counts)
        if mark_largest_drop and len(drops) and drops.max() > 0:
            i = int(np.argmax(drops)) + 1  # the first question with the largest fall
            ax.annotate(
                f"Største frafall: spørsmål {positions[i]}\n«{style.wrap(labels[i], 30)}» "
                f"({fmt.integer(int(drops[i - 1]))} færre)",
                xy=(positions[i], counts[i]),
                xytext=(0, -14),
                textcoords="offset points",
                ha="left" if i < len(positions) / 2 else "right",
                va="top",
                fontsize=style.SMALL_SIZE,
            )
        ax.set_xticks(_tick_positions(positions))
        ax.set_xlim(0.5, len(positions) + 0.5)
        ax.set_xlabel("Spørsmål nr. i spørreskjemaet")
        ax.set_ylim(0, started * 1.05)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        ax.yaxis.set_major_formatter(style.integer_formatter())
        ax.set_ylabel("Fortsatt med (antall)")
        ax.grid(axis="y", color=style.GRID_COLOUR, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.spines[["top"]].set_visible(False)
        if show_share:
            second = ax.secondary_yaxis(
                "right", functions=(lambda c: c / started, lambda s: s * started)
            )
            second.yaxis.set_major_formatter(style.percent_formatter())
            second.set_ylabel("Andel av dem som startet")
        else:
            ax.spines[["right"]].set_visible(False)
        if title:
            ax.set_title(title, loc="left")
    return style.finish(fig)
