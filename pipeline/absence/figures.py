"""Figures of registered absence: the trend per etat and for the whole kommune.

Drawing functions take the ``absence.json`` dict and return a matplotlib
:class:`~matplotlib.figure.Figure` (no pyplot, no global state); the figures
stage saves them. :func:`absence_figures` gives each figure with its entry for
``reports/figures/index.json`` (id, file, title, caption, alt, table) and
:func:`write_absence_figures` saves them as deterministic SVG.

Colours: the Okabe–Ito palette (colour-blind safe); every line (kommune, each
etat, each target or reference level) also has its own marker and dash pattern,
so the lines can be told apart in grey print and without colour.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure  # Figure, not pyplot: no global state, no display
from matplotlib.ticker import FuncFormatter, MaxNLocator

from pipeline import formatting as fmt
from pipeline.figures.index import FigureEntry, FigureTable
from pipeline.figures.style import save_svg_pair
from pipeline.files import write_with

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#0072B2", "#F0E442")
KOMMUNE_COLOUR = "#000000"
# One entry per line of a figure, in drawing order: no two lines share a marker or a dash.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "x", "+")
LINESTYLES = (
    "-",
    "--",
    "-.",
    ":",
    (0, (5, 1, 1, 1, 1, 1)),
    (0, (8, 2)),
    (0, (1, 1)),
    (0, (3, 1, 1, 1, 1, 1, 1, 1)),
    (0, (10, 2, 2, 2)),
    (0, (2, 3)),
)
TREND_ID = "sykefravaer-trend"
DURATION_ID = "sykefravaer-korttid-langtid"
SHORT_COLOUR, LONG_COLOUR = "#56B4E9", "#0072B2"
SVG_SALT = "pipeline-absence"


def _series(absence: dict) -> list[tuple[str, str, list[str], list[float | None]]]:
    """(level, name, periods, totals) for the kommune first, then each etat by name."""
    periods = absence["periods"]
    out = []
    groups: dict[tuple[str, str], dict[str, float | None]] = {}
    for row in absence["trend"]:
        groups.setdefault((row["level"], row["name"]), {})[row["period"]] = row["total"]
    keys = sorted(groups, key=lambda k: (k[0] != "kommune", k[1]))
    for level, name in keys:
        values = groups[(level, name)]
        out.append((level, name, periods, [values.get(p) for p in periods]))
    return out


def _targets(absence: dict) -> list[tuple[str, float]]:
    """Horizontal reference lines: numeric kommune-wide targets and the national level."""
    lines = []
    for target in absence["targets"]:
        if target["value"] is not None and target["scope"] == "kommune":
            if target["reference"] == "national":
                continue  # drawn once as the national reference
            year = f" ({target['deadline'][:4]})" if target["deadline"] else ""
            lines.append((f"Mål {fmt.percent(target['value'], 1)}{year}", target["value"]))
    national = absence.get("national_reference")
    if national:
        lines.append((f"Landsnivå {fmt.percent(national['value'], 1)}", national["value"]))
    return lines


def trend_figure(absence: dict) -> Figure:
    """Total absence per period for the whole kommune (black) and each etat, with the targets.

    Parameters
    ----------
    absence
        The ``absence.json`` dict (:func:`pipeline.absence.summary.summarise`).

    Returns
    -------
    Figure
        Lines with markers, y axis in Norwegian percent, grey lines for
        kommune-wide targets and the national reference; no two lines share a
        marker or a dash pattern.
    """
    fig = Figure(figsize=(7.2, 4.2), layout="constrained")
    ax = fig.add_subplot()
    x = list(range(len(absence["periods"])))
    line = 0  # the line's place in MARKERS and LINESTYLES
    colour = 0
    for level, name, _periods, totals in _series(absence):
        points = [(i, v) for i, v in zip(x, totals, strict=True) if v is not None]
        if not points:
            continue
        xs, ys = zip(*points, strict=True)
        if level == "kommune":
            style = {"color": KOMMUNE_COLOUR, "linewidth": 2.6, "zorder": 3}
        else:
            style = {"color": OKABE_ITO[colour % len(OKABE_ITO)], "linewidth": 1.6}
            colour += 1
        ax.plot(
            xs,
            ys,
            label=name,
            markersize=5,
            marker=MARKERS[line % len(MARKERS)],
            linestyle=LINESTYLES[line % len(LINESTYLES)],
            **style,
        )
        line += 1
    for label, value in _targets(absence):
        # in the legend rather than on the plot, where labels would collide with the lines;
        # a marker at every period as well as a dash of its own, so it is no second dotted line
        ax.plot(
            x,
            [value] * len(x),
            color="#555555",
            linewidth=1.2,
            marker=MARKERS[line % len(MARKERS)],
            markersize=6,
            linestyle=LINESTYLES[line % len(LINESTYLES)],
            label=label,
        )
        line += 1
    ax.set_xticks(x, absence["periods"])
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt.percent(v, 0)))
    ax.set_ylim(bottom=0)
    ax.set_ylabel("Sykefravær (andel av avtalte dagsverk)")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=9)
    return fig


def _span(absence: dict) -> str:
    periods = absence["periods"]
    return periods[0] if len(periods) == 1 else f"{periods[0]}{fmt.EN_DASH}{periods[-1]}"


def method_text(absence: dict) -> str:
    """One sentence on how etat and kommune figures are computed."""
    if absence["method"] == "weighted_by_agreed_days":
        return "Tall for etater og hele kommunen er vektet med avtalte dagsverk."
    return (
        "Filen har ikke avtalte dagsverk, så tall for etater og hele kommunen er "
        "gjennomsnittet av enhetene (ikke vektet)."
    )


def trend_table(absence: dict) -> FigureTable:
    """The numbers of the trend figure as formatted text: ``headers`` and ``rows``."""
    series = _series(absence)
    headers = ["Periode"] + [name for _, name, _, _ in series]
    rows = []
    for i, period in enumerate(absence["periods"]):
        cells = [period]
        for _, _, _, totals in series:
            cells.append("–" if totals[i] is None else fmt.percent(totals[i], 1))
        rows.append(cells)
    return {"headers": headers, "rows": rows}


def trend_entry(absence: dict) -> FigureEntry:
    """The trend figure's entry for ``figures/index.json``."""
    series = _series(absence)
    latest = absence["latest_period"]
    last = {name: totals[-1] for _, name, _, totals in series}
    described = ", ".join(
        f"{name} {fmt.percent(value, 1)}" for name, value in last.items() if value is not None
    )
    source = absence["source"].get("description") or absence["source"]["file"]
    return {
        "id": TREND_ID,
        "file": f"{TREND_ID}.svg",
        "title": f"Sykefravær per etat og for hele kommunen, {_span(absence)}",
        "caption": (
            f"Totalt sykefravær i prosent av avtalte dagsverk per {absence['period_type_name']}, "
            f"{_span(absence)}. {method_text(absence)} Kilde: {source}."
        ),
        "alt": (
            f"Linjediagram over totalt sykefravær per {absence['period_type_name']}, "
            f"{_span(absence)}. I {latest}: {described}."
        ),
        "table": trend_table(absence),
    }


def _latest_levels(absence: dict) -> list[dict]:
    """The latest period's rows: the kommune first, then the etats by name."""
    rows = [r for r in absence["trend"] if r["period"] == absence["latest_period"]]
    return sorted(rows, key=lambda r: (r["level"] != "kommune", r["name"]))


def duration_figure(absence: dict) -> Figure:
    """Short-term (1–16 days) and long-term (over 16 days) absence per etat in the latest period.

    Horizontal stacked bars, the kommune on top; long-term bars are darker so
    the two parts differ in lightness as well as colour.
    """
    rows = [r for r in _latest_levels(absence) if r.get("short_term") is not None]
    fig = Figure(figsize=(7.2, 0.6 * len(rows) + 1.4), layout="constrained")
    ax = fig.add_subplot()
    y = list(range(len(rows)))[::-1]
    names = [r["name"] for r in rows]
    short = [r["short_term"] for r in rows]
    long = [r["long_term"] for r in rows]
    ax.barh(y, short, color=SHORT_COLOUR, label="Korttid (1–16 dager)")
    # The two parts differ in lightness (L* 70 and 46), so no pattern is needed: white
    # hatch lines read as seams inside the bar.
    ax.barh(y, long, left=short, color=LONG_COLOUR, label="Langtid (over 16 dager)")
    for yi, s, lo in zip(y, short, long, strict=True):
        ax.annotate(
            fmt.percent(s + lo, 1),
            xy=(s + lo, yi),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
        )
    ax.set_yticks(y, names)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt.percent(v, 0)))
    ax.set_xlim(0, max(s + lo for s, lo in zip(short, long, strict=True)) * 1.15)
    ax.set_xlabel(f"Sykefravær {absence['latest_period']} (andel av avtalte dagsverk)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False, fontsize=9)
    return fig


def duration_entry(absence: dict) -> FigureEntry:
    """The short/long-term figure's entry for ``figures/index.json``."""
    rows = [r for r in _latest_levels(absence) if r.get("short_term") is not None]
    latest = absence["latest_period"]
    source = absence["source"].get("description") or absence["source"]["file"]
    table_rows = [
        [
            r["name"],
            fmt.percent(r["short_term"], 1),
            fmt.percent(r["long_term"], 1),
            fmt.percent(r["long_share"], 0) if r.get("long_share") is not None else "–",
        ]
        for r in rows
    ]
    described = ", ".join(f"{name} {share}" for name, _, _, share in table_rows)
    return {
        "id": DURATION_ID,
        "file": f"{DURATION_ID}.svg",
        "title": f"Korttids- og langtidsfravær per etat, {latest}",
        "caption": (
            f"Sykefravær i {latest} delt i korttidsfravær (1–16 dager) og langtidsfravær "
            f"(over 16 dager), i prosent av avtalte dagsverk. {method_text(absence)} "
            f"Kilde: {source}."
        ),
        "alt": (
            f"Liggende stablede søyler for korttids- og langtidsfravær i {latest}. "
            f"Andel langtidsfravær: {described}."
        ),
        "table": {
            "headers": ["Etat", "Korttid", "Langtid", "Andel langtid"],
            "rows": table_rows,
        },
    }


def absence_figures(absence: dict) -> list[tuple[FigureEntry, Callable[[], Figure]]]:
    """Each absence figure: its index entry and a function that draws it."""
    figures = [(trend_entry(absence), lambda: trend_figure(absence))]
    if "short_term" in absence["fields"]:
        figures.append((duration_entry(absence), lambda: duration_figure(absence)))
    return figures


def save_svg(fig: Figure, path: Path, *, text_as_paths: bool = True) -> None:
    """Save a figure as SVG with the same bytes every run (fixed ids, no date).

    Text as paths for browsers, as text for the PDF (``text_as_paths=False``),
    like :func:`pipeline.figures.style.save_svg`.
    """
    rc = {"svg.hashsalt": SVG_SALT, "svg.fonttype": "path" if text_as_paths else "none"}
    with matplotlib.rc_context(rc):
        write_with(Path(path), lambda tmp: fig.savefig(tmp, format="svg", metadata={"Date": None}))


def write_absence_figures(absence: dict, out_dir: Path) -> list[FigureEntry]:
    """Save every absence figure as SVG in ``out_dir``; return their index entries."""
    entries = []
    for entry, draw in absence_figures(absence):
        save_svg_pair(draw(), Path(out_dir) / entry["file"], save=save_svg)
        entries.append(entry)
    return entries
