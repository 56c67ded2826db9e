"""The look shared by every survey figure, and deterministic SVG output.

One place decides the font, the sizes, the colours and how a figure is saved,
so every figure of a report looks alike and the same answer label has the same
colour in every figure.

Colours
-------
Ordered answers (Likert scales) use a diverging ColorBrewer RdBu scale
(Brewer 2002, colour-blind safe): reds for the unfavourable end, blues for the
favourable end, a light grey for the middle. Which end is favourable is the
codebook's ``direction``, not the order of the labels: "Svært ofte" on a
scale of how often conflicts happen is red. The colour of an answer depends
only on its side and its distance from the middle of its scale, so "Godt" is
the same blue in every figure on the same scale. A scale without a favourable
end gets one neutral purple ramp. Answers off the
scale ("Vet ikke", "Ikke aktuelt") are grey. Unordered answers and groups use
the Okabe–Ito palette (Okabe & Ito 2008), groups also get their own marker, so
nothing is told by colour alone.

Grey print and readers who do not see colour
--------------------------------------------
The shades are picked so that the answers of a scale also differ in lightness
(CIE L*, :func:`lightness`) by at least :data:`MIN_LIGHTNESS_STEP`: on a
five-point scale the two sides interleave (pale red 75, mid blue 58, dark red
38, darkest blue 20, neutral grey 89), so «svært liten grad» and «svært stor
grad» are not the same grey. Where lightness alone cannot keep the answers
apart (seven or more on-scale answers, five or more unordered categories),
:func:`separating_hatches` gives the later of two close colours a pattern.

Determinism
-----------
Text is drawn as paths with the DejaVu Sans font that ships with matplotlib
(no dependency on the fonts of the machine), SVG ids come from a fixed salt,
and the SVG carries no date: the same figure gives the same bytes every run.

References
----------
1. Brewer, C. A. (2002). ColorBrewer, www.ColorBrewer.org (scheme RdBu).
2. Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): how to make
   figures and presentations that are friendly to colorblind people.
"""

from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.axes
import matplotlib.colors
import matplotlib.patches
import pandas as pd
from matplotlib.figure import Figure  # Figure, not pyplot: no global state, no display
from matplotlib.ticker import FuncFormatter, MultipleLocator
from numpy.typing import ArrayLike

from pipeline import formatting as fmt
from pipeline.files import write_with

WIDTH = 7.0  # inches: the text width of an A4 report page
FONT = "DejaVu Sans"  # ships with matplotlib, so every machine draws the same glyphs
BASE_SIZE = 10.0
SMALL_SIZE = 9.0  # the smallest text in any figure (accessibility: never below 9 pt)
SVG_SALT = "pipeline-figures"

# ColorBrewer RdBu shades per number of labels on a side, nearest the middle first; the
# comments give CIE L*. The sides interleave in lightness so a grey copy keeps them apart.
NEGATIVE_COLOURS = {
    1: ("#F4A582",),  # 75
    2: ("#F4A582", "#B2182B"),  # 75, 38
    3: ("#F4A582", "#D6604D", "#B2182B"),  # 75, 55, 38
    4: ("#FDDBC7", "#F4A582", "#D6604D", "#B2182B"),  # 90, 75, 55, 38
}
POSITIVE_COLOURS = {
    1: ("#2166AC",),  # 43
    2: ("#4393C3", "#053061"),  # 58, 20
    3: ("#92C5DE", "#4393C3", "#2166AC"),  # 77, 58, 43
    4: ("#92C5DE", "#4393C3", "#2166AC", "#053061"),  # 77, 58, 43, 20
}
NEUTRAL_COLOUR = "#E0E0E0"  # 89
OFF_SCALE_COLOURS = ("#C8C8C8", "#969696", "#E0E0E0")  # 81, 62, 89; hatched as well
# Two categories of a figure whose colours differ by less than this in CIE L* (0 black, 100
# white) get different patterns. 12 is about two steps of a seven-step grey scale: clearly
# apart on paper, where 4–5 (RdBu's two dark ends) looked the same.
MIN_LIGHTNESS_STEP = 12.0
# Patterns for categories whose colours are too close in lightness; sparse, not dotted (dots
# are hundreds of circles per tile in SVG and PDF).
SEPARATING_HATCHES = ("xx", "--", "++", "||")
# Off-scale answers differ from neutral by pattern too. Sparse diagonal lines, the other way
# from the suppressed hatch: a dotted hatch is hundreds of circles per tile, drawn again for
# every bar by the PDF printer (a tenth of its time) and by browsers.
OFF_SCALE_HATCH = "\\\\"
OFF_SCALE_HATCH_COLOUR = "#616161"
# Okabe–Ito without black (kept for text) and yellow (too pale on white).
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442")
MARKERS = ("o", "s", "D", "^", "v", "P", "X")
SUPPRESSED_HATCH = "///"
SUPPRESSED_EDGE = "#7F7F7F"
GRID_COLOUR = "#DDDDDD"

RC = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "font.size": BASE_SIZE,
    "axes.titlesize": BASE_SIZE + 1,
    "axes.labelsize": BASE_SIZE,
    "xtick.labelsize": SMALL_SIZE + 0.5,
    "ytick.labelsize": SMALL_SIZE + 0.5,
    "legend.fontsize": SMALL_SIZE + 0.5,
    "hatch.linewidth": 0.8,
    "svg.fonttype": "path",
    "svg.hashsalt": SVG_SALT,
    "axes.unicode_minus": True,
}


@contextlib.contextmanager
def theme() -> Iterator[None]:
    """The figures' rc settings for the duration of a block (restored afterwards).

    Drawing functions build their figure inside this block; :func:`save_svg`
    renders inside it too, since matplotlib creates some text only when drawing.
    """
    with matplotlib.rc_context(RC):
        yield


def figure_size(
    n_rows: int, *, row_height: float = 0.45, extra: float = 1.4
) -> tuple[float, float]:
    """Width and height in inches for a figure with ``n_rows`` bars or rows.

    >>> figure_size(4)
    (7.0, 3.2)
    """
    if n_rows < 1:
        raise ValueError(f"figure_size needs at least one row, got {n_rows}")
    return WIDTH, round(extra + row_height * n_rows, 2)


def new_figure(n_rows: int, **size: float) -> Figure:
    """An empty figure of the standard width with constrained layout."""
    return Figure(figsize=figure_size(n_rows, **size), layout="constrained")


def answer_colours(
    labels: Sequence[str],
    n_unfavourable: int,
    n_favourable: int,
    *,
    off_scale: Sequence[str] = (),
) -> dict[str, str]:
    """Colour per answer label of an ordered scale: red unfavourable, grey neutral, blue favourable.

    Parameters
    ----------
    labels
        The on-scale labels with the unfavourable end first
        (``Scale.display_labels``).
    n_unfavourable, n_favourable
        How many labels at each end are unfavourable and favourable; the labels
        between them are neutral (``Scale.unfavourable_labels``, ``Scale.favourable_labels``).
    off_scale
        Answers outside the scale ("Vet ikke"); they get greys.

    Returns
    -------
    dict
        Label → hex colour, in scale order, then the off-scale labels.

    Notes
    -----
    The colour depends on the side, the number of labels on that side and the
    distance from the middle, so the label nearest neutral is always the
    palest, and two figures on the same scale always agree.

    Examples
    --------
    >>> c = answer_colours(["Svært dårlig", "Dårlig", "Middels", "Godt", "Svært godt"], 2, 2,
    ...                    off_scale=["Vet ikke"])
    >>> c["Svært dårlig"], c["Middels"], c["Godt"], c["Vet ikke"]
    ('#B2182B', '#E0E0E0', '#4393C3', '#C8C8C8')
    """
    labels = list(labels)
    if n_unfavourable < 0 or n_favourable < 0 or n_unfavourable + n_favourable > len(labels):
        raise ValueError(
            f"answer_colours: {n_unfavourable} unfavourable and {n_favourable} favourable labels "
            f"do not fit a scale of {len(labels)} labels"
        )
    if max(n_unfavourable, n_favourable) > len(NEGATIVE_COLOURS):
        raise ValueError(f"answer_colours: at most {len(NEGATIVE_COLOURS)} labels per side")
    if len(set(labels) | set(off_scale)) != len(labels) + len(off_scale):
        raise ValueError("answer_colours: labels must be unique")
    colours: dict[str, str] = {}
    for i, label in enumerate(labels[:n_unfavourable]):
        depth = n_unfavourable - 1 - i  # distance from the middle, 0 = nearest
        colours[label] = NEGATIVE_COLOURS[n_unfavourable][depth]
    for label in labels[n_unfavourable : len(labels) - n_favourable]:
        colours[label] = NEUTRAL_COLOUR
    for i, label in enumerate(labels[len(labels) - n_favourable :]):
        colours[label] = POSITIVE_COLOURS[n_favourable][i]
    colours.update(off_scale_colours(off_scale))
    return colours


def sequential_colours(labels: Sequence[str], *, off_scale: Sequence[str] = ()) -> dict[str, str]:
    """One purple ramp for an ordered scale without a favourable end (no red, no blue).

    >>> list(sequential_colours(["0–2 år", "3–5 år", "6 år eller mer"]).values())
    ['#DADAEB', '#9E9AC8', '#6A51A3']
    """
    ramps = {
        1: ("#9E9AC8",),
        2: ("#CBC9E2", "#756BB1"),
        3: ("#DADAEB", "#9E9AC8", "#6A51A3"),
        4: ("#F2F0F7", "#CBC9E2", "#9E9AC8", "#6A51A3"),
        5: ("#F2F0F7", "#CBC9E2", "#9E9AC8", "#756BB1", "#54278F"),
        6: ("#F2F0F7", "#DADAEB", "#BCBDDC", "#9E9AC8", "#756BB1", "#54278F"),
        7: ("#F2F0F7", "#DADAEB", "#BCBDDC", "#9E9AC8", "#807DBA", "#6A51A3", "#4A1486"),
    }
    if len(labels) not in ramps:
        raise ValueError(f"sequential_colours: 1 to {len(ramps)} labels, not {len(labels)}")
    colours = dict(zip(labels, ramps[len(labels)], strict=True))
    colours.update(off_scale_colours(off_scale))
    return colours


def lightness(colour: str) -> float:
    """CIE L* of a colour (0 black, 100 white): how light it looks in a grey copy.

    >>> round(lightness("#FFFFFF")), round(lightness("#000000")), round(lightness("#777777"))
    (100, 0, 50)
    """
    r, g, b = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in matplotlib.colors.to_rgb(colour)
    )
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else y * 24389 / 27


def separating_hatches(
    colours: Mapping[str, str], preset: Mapping[str, str | None] | None = None
) -> dict[str, str | None]:
    """A pattern (or None) per label, so any two labels differ in lightness or in pattern.

    Labels are taken in the order of ``colours``; each keeps its ``preset``
    pattern (off-scale answers are hatched anyway) unless an earlier label whose
    colour is less than :data:`MIN_LIGHTNESS_STEP` away already has it, and then
    gets the first of :data:`SEPARATING_HATCHES` that no such label has.

    >>> separating_hatches({"Ja": "#0072B2", "Nei": "#E69F00", "Kanskje": "#D55E00"})
    {'Ja': None, 'Nei': None, 'Kanskje': 'xx'}
    """
    preset = dict(preset or {})
    chosen: dict[str, str | None] = {}
    for label, colour in colours.items():
        close = {
            chosen[other]
            for other in chosen
            if abs(lightness(colours[other]) - lightness(colour)) < MIN_LIGHTNESS_STEP
        }
        candidates = (preset.get(label), *SEPARATING_HATCHES)
        chosen[label] = next((h for h in candidates if h not in close), None)
        if chosen[label] in close:
            raise ValueError(f"separating_hatches: too many similar colours near {label!r}")
    return chosen


def hatch_colour(background: str) -> str:
    """The colour of a pattern's lines: light on a dark fill, dark grey on a light one."""
    return "#FFFFFF" if text_colour(background) == "white" else OFF_SCALE_HATCH_COLOUR


def off_scale_colours(labels: Sequence[str]) -> dict[str, str]:
    """Greys for answers off the scale ("Vet ikke", "Ikke aktuelt").

    >>> off_scale_colours(["Vet ikke", "Ikke aktuelt"])
    {'Vet ikke': '#C8C8C8', 'Ikke aktuelt': '#969696'}
    """
    return {label: OFF_SCALE_COLOURS[i % len(OFF_SCALE_COLOURS)] for i, label in enumerate(labels)}


def category_colours(labels: Sequence[str], *, off_scale: Sequence[str] = ()) -> dict[str, str]:
    """Okabe–Ito colours for unordered answers (Ja/Nei …), in codebook order; off-scale grey.

    >>> category_colours(["Ja", "Nei"], off_scale=["Vet ikke"])
    {'Ja': '#0072B2', 'Nei': '#E69F00', 'Vet ikke': '#C8C8C8'}
    """
    colours = {label: OKABE_ITO[i % len(OKABE_ITO)] for i, label in enumerate(labels)}
    colours.update(off_scale_colours(off_scale))
    return colours


def group_styles(groups: Sequence[str]) -> dict[str, dict[str, str]]:
    """Colour and marker per group (etat, role), so groups differ by shape as well as colour.

    >>> group_styles(["Ledere", "Ansatte"])["Ansatte"]
    {'color': '#E69F00', 'marker': 's'}
    """
    return {
        group: {"color": OKABE_ITO[i % len(OKABE_ITO)], "marker": MARKERS[i % len(MARKERS)]}
        for i, group in enumerate(groups)
    }


def text_colour(background: str) -> str:
    """Black or white text, whichever reads better on ``background`` (WCAG luminance).

    >>> text_colour("#B2182B"), text_colour("#D9D9D9")
    ('white', 'black')
    """
    r, g, b = matplotlib.colors.to_rgb(background)

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    # contrast with white (1.05 / (L + 0.05)) beats contrast with black ((L + 0.05) / 0.05)
    return "white" if 1.05 / (luminance + 0.05) > (luminance + 0.05) / 0.05 else "black"


def percent_formatter(decimals: int = 0, *, absolute: bool = False) -> FuncFormatter:
    """Axis ticks as Norwegian percentages (``40 %``); ``absolute`` drops the sign."""

    def _format(value: float, _pos: int | None) -> str:
        return fmt.percent(abs(value) if absolute else value, decimals)

    return FuncFormatter(_format)


def integer_formatter() -> FuncFormatter:
    """Axis ticks as Norwegian counts (``1 124``)."""
    return FuncFormatter(lambda value, _pos: fmt.integer(round(value)))


def wrap(label: str, width: int = 38) -> str:
    """Break a long row label over lines so the plot keeps its width.

    >>> wrap("Hvordan opplever du samarbeidet med ledelsen", 20)
    'Hvordan opplever du\\nsamarbeidet med\\nledelsen'
    """
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def check_table(table: pd.DataFrame, columns: Sequence[str], function: str) -> None:
    """Raise ``ValueError`` if ``table`` is empty or lacks a column (a programming error)."""
    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"{function}: expected a DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{function}: the table lacks the column(s) {', '.join(missing)}")
    if table.empty:
        raise ValueError(f"{function}: the table is empty; there is nothing to draw")


def is_suppressed(value: object) -> bool:
    """True for a suppressed flag; NA counts as not suppressed.

    The flag may also be the reason, ``"primary"`` or ``"secondary"`` (a group hidden
    only so that a smaller one cannot be worked out); both are suppressed.
    """
    return bool(value) if not pd.isna(value) else False


def suppression_reason(value: object) -> str:
    """``"secondary"`` when a suppressed flag says so, else ``"primary"``.

    >>> suppression_reason(True), suppression_reason("secondary")
    ('primary', 'secondary')
    """
    return "secondary" if value == "secondary" else "primary"


def save_svg(fig: Figure, path: Path, *, text_as_paths: bool = True) -> None:
    """Save ``fig`` as SVG, atomically, with the same bytes on every run.

    Fixed SVG id salt, no date in the metadata; written beside the target and
    renamed into place. Text is drawn as paths in the bundled font by default,
    so a browser without DejaVu Sans shows the same glyphs;
    ``text_as_paths=False`` keeps it as text, for the PDF (see :func:`print_name`).
    """
    rc = {} if text_as_paths else {"svg.fonttype": "none"}
    with theme(), matplotlib.rc_context(rc):
        write_with(Path(path), lambda tmp: fig.savefig(tmp, format="svg", metadata={"Date": None}))


def save_svg_pair(fig: Figure, path: Path, save: Callable[..., None] | None = None) -> None:
    """Save ``fig`` for the screen (``path``) and for print (:func:`print_name`), one layout.

    ``save`` is the saving function (default :func:`save_svg`); it must take
    ``text_as_paths``. The layout engine runs for the first file only: the second
    reuses the positions it found, which is a third of the saving time.
    """
    save = save_svg if save is None else save
    path = Path(path)
    save(fig, path)
    fig.set_layout_engine("none")
    save(fig, path.with_name(print_name(path.name)), text_as_paths=False)


def print_name(file: str) -> str:
    """The file name of a figure's print variant: ``gap-x.svg`` → ``gap-x.print.svg``.

    The PDF printer has the font and draws text several times faster than the
    same text as glyph outlines, and the text stays searchable in the PDF.

    >>> print_name("sporsmal-samarbeid.svg")
    'sporsmal-samarbeid.print.svg'
    """
    return str(Path(file).with_suffix(".print.svg"))


def answer_legend(
    fig: Figure,
    labels: Sequence[str],
    colours: Mapping[str, str],
    hatches: Mapping[str, str | None] | None = None,
) -> None:
    """The legend of answer colours under the plot, each with its bars' pattern (if any)."""
    hatches = hatches or {}
    handles = [
        matplotlib.patches.Patch(
            facecolor=colours[label],
            edgecolor="white",
            hatch=hatches.get(label),
            hatchcolor=hatch_colour(colours[label]),
            label=label,
        )
        for label in labels
    ]
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=min(len(handles), 5),
        frameon=False,
        handlelength=1.4,
        columnspacing=1.2,
    )


def suppressed_bar(
    ax: matplotlib.axes.Axes,
    *,
    x: float,
    y: float,
    width: float,
    height: float,
    k: int,
    rotation: float = 0.0,
    reason: object = "primary",
) -> None:
    """An empty hatched box with "under k" in the middle, where a suppressed bar would be
    («skjult» when ``reason`` is ``"secondary"``: the group is hidden to protect another).

    ``x``, ``y`` is the lower left corner in data coordinates. The box carries
    no number; the pattern and the text (not colour) say the cell is hidden.
    """
    ax.add_patch(
        matplotlib.patches.Rectangle(
            (x, y),
            width,
            height,
            facecolor="none",
            edgecolor=SUPPRESSED_EDGE,
            hatch=SUPPRESSED_HATCH,
            linewidth=0.8,
        )
    )
    ax.text(
        x + width / 2,
        y + height / 2,
        fmt.suppressed(k, suppression_reason(reason)),
        ha="center",
        va="center",
        rotation=rotation,
        fontsize=SMALL_SIZE,
        color="black",
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
    )


def share_label(
    ax: matplotlib.axes.Axes,
    share: float,
    *,
    at: tuple[float, float],
    offset: tuple[float, float],
    decimals: int = 1,
    **align: Any,
) -> None:
    """A bar's share printed ``offset`` points beyond its end ``at`` (data coordinates)."""
    ax.annotate(
        fmt.percent(share, decimals),
        xy=at,
        xytext=offset,
        textcoords="offset points",
        fontsize=SMALL_SIZE,
        **align,
    )


def share_rows_axes(
    ax: matplotlib.axes.Axes,
    rows: ArrayLike,
    labels: Sequence[str],
    *,
    xlabel: str,
    step: float = 0.2,
    absolute: bool = False,
    grid: bool = True,
    frame_left: bool = False,
    title: str | None = None,
) -> None:
    """Axes of horizontal bars: shares along x in percent (a tick every ``step``), a label per row.

    ``rows`` are the bars' y positions (first at the top), ``labels`` their names;
    ``absolute`` drops the sign left of a centre line. The grid lies behind the
    bars; no frame but the x axis (and the left edge with ``frame_left``).
    """
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.xaxis.set_major_locator(MultipleLocator(step))
    ax.xaxis.set_major_formatter(percent_formatter(absolute=absolute))
    ax.set_xlabel(xlabel)
    ax.set_yticks(rows, labels)
    ax.tick_params(axis="y", length=0)
    if grid:
        ax.grid(axis="x", color=GRID_COLOUR, linewidth=0.6)
        ax.set_axisbelow(True)
    ax.spines[["top", "right"] if frame_left else ["top", "right", "left"]].set_visible(False)
    if title:
        ax.set_title(title, loc="left")


def finish(fig: Figure) -> Figure:
    """Fix the tick label size on every axes, so it holds even if drawn outside :func:`theme`.

    Matplotlib creates tick labels when drawing, from the rc settings of that
    moment; explicit sizes keep every text at 9 pt or more whoever draws.
    """
    for ax in fig.axes:
        for axes in (ax, *ax.child_axes):
            axes.tick_params(labelsize=SMALL_SIZE + 0.5)
    return fig
