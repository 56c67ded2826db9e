"""The ``figures`` stage: ``results.json`` (and ``absence.json``) → SVG figures and ``index.json``.

One figure per closed question (its kind follows the question type), one per
group comparison, perception-gap comparison and the drop-off curve, plus the
registered-absence figures. Each index entry carries the caption (question text
and n), a text alternative and the figure's numbers as a formatted table, so
the report can print them under the figure.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from pipeline import cli
from pipeline import formatting as fmt
from pipeline.analysis.anonymity import category_suppression, grouping_questions
from pipeline.analysis.results import read_results
from pipeline.codebook.load import load_codebook
from pipeline.codebook.model import Codebook, Question
from pipeline.figures.bars import choice_bars, grouped_bars
from pipeline.figures.dropoff import dropoff_curve
from pipeline.figures.gaps import gap_dotplot
from pipeline.figures.likert import diverging_bars, diverging_reach, stacked_bars
from pipeline.figures.parallel import Job, run_jobs
from pipeline.figures.style import print_name, save_svg, save_svg_pair, sequential_colours
from pipeline.files import atomic_dir, write_json

Entry = dict[str, Any]
Drawing = tuple[Entry, Callable[[], Figure]]


def _pct(value: float | None) -> str:
    return "–" if value is None else fmt.percent(value, 1)


def _sure(p: float | None) -> str:
    """Whether a difference is too large to be chance (the test is in the method note)."""
    if p is None:
        return "–"
    return "Ja" if p < 0.05 else "Nei"


def _n_text(low: int, high: int) -> str:
    return fmt.n((low, high))


def _entry(
    fig_id: str,
    title: str,
    caption: str,
    alt: str,
    table: dict[str, Any],
    n: int | tuple[int, int] | None = None,
) -> Entry:
    """An index entry; ``n`` (a survey figure's respondents, or their range) feeds its source line."""
    entry = {
        "id": fig_id,
        "file": f"{fig_id}.svg",
        "title": title,
        "caption": caption,
        "alt": alt,
        "table": table,
    }
    if n is not None:
        entry["n"] = list(n) if isinstance(n, tuple) else n
    return entry


_DIRECTION_TITLES = {
    "high": "høye svar er gunstige",
    "low": "lave svar er gunstige",
    "none": "ingen gunstig ende",
}


def _by_direction(
    q: dict[str, Any], question: Question
) -> list[tuple[str, str, dict[str, Any], Question]]:
    """The question split by its items' direction: (id suffix, title part, results, codebook).

    One part (suffix "") when every item runs the same way; otherwise the first
    direction keeps ``sporsmal-<id>`` and the others add ``--<direction>``.
    """
    groups: dict[str, list[tuple[dict[str, Any], Any]]] = {}
    for v, var in zip(q["variables"], question.variables, strict=True):
        groups.setdefault(var.scale.direction or "none", []).append((v, var))
    parts = []
    for i, (direction, items) in enumerate(groups.items()):
        part_q = dict(q, variables=[v for v, _ in items])
        ns = [v["n"] for v in part_q["variables"] if not v.get("suppressed")] or [0]
        part_q["n_min"], part_q["n_max"] = min(ns), max(ns)
        part_question = dataclasses.replace(question, variables=tuple(var for _, var in items))
        parts.append(
            (
                "" if i == 0 else f"--{direction}",
                _DIRECTION_TITLES[direction] if len(groups) > 1 else "",
                part_q,
                part_question,
            )
        )
    return parts


def likert_reach(q: dict[str, Any], question: Question, k: int) -> float:
    """How far a Likert figure's bars reach from the centre line (see :func:`likert_figure`)."""
    reaches = []
    for _, _, part_q, part_question in _by_direction(q, question):
        scale = part_question.variables[0].scale
        if scale.has_direction:
            table, _ = _likert_table(part_q, scale, k)
            reaches.append(
                diverging_reach(
                    table,
                    labels=scale.display_labels,
                    n_unfavourable=len(scale.unfavourable_labels),
                    n_favourable=len(scale.favourable_labels),
                )
            )
    return max(reaches, default=0.0)


def short_title(q: dict[str, Any], question: Question | None) -> str:
    """A figure's short title: the codebook's short label (capitalised) or else the question.

    The full question stays in the caption; the short label keeps a one-item
    figure's row label and the table heading to a few words.
    """
    short = str(getattr(question, "short", "") or "").strip()
    return short[:1].upper() + short[1:] if short else q["text"]


def _likert_table(
    q: dict[str, Any], scale: Any, k: int, title: str | None = None
) -> tuple[pd.DataFrame, list[list[str]]]:
    """The bars' shares (one row per item and answer, unfavourable end first) and the table."""
    labels = scale.display_labels
    rows, table_rows = [], []
    for v in q["variables"]:
        item = v.get("label") or title or q["text"]
        if v.get("suppressed"):
            rows += [
                {"item": item, "label": lab, "share": 0.0, "n": 0, "suppressed": True}
                for lab in labels
            ]
            table_rows.append([item] + [fmt.suppressed(k)] * len(labels) + ["–"])
            continue
        shares = {f["label"]: f["share"] for f in v["frequencies"] if not f["off_scale"]}
        rows += [
            {
                "item": item,
                "label": lab,
                "share": shares.get(lab) or 0.0,
                "n": v["n"],
                "suppressed": False,
            }
            for lab in labels
        ]
        table_rows.append(
            [item] + [_pct(shares.get(lab)) for lab in labels] + [fmt.integer(v["n"])]
        )
    return pd.DataFrame(rows), table_rows


def likert_figures(
    q: dict[str, Any], question: Question, k: int, reach: float | None = None
) -> list[Drawing]:
    """A Likert item or battery; a battery whose items run different ways gets one figure each."""
    return [
        likert_figure(part_q, part_question, k, reach, suffix=suffix, part=part)
        for suffix, part, part_q, part_question in _by_direction(q, question)
    ]


def likert_figure(
    q: dict[str, Any],
    question: Question,
    k: int,
    reach: float | None = None,
    *,
    suffix: str = "",
    part: str = "",
) -> Drawing:
    """Diverging bars, unfavourable end on the left (stacked bars without a favourable end);
    ``reach`` gives several figures one axis."""
    scale = question.variables[0].scale
    labels = scale.display_labels
    title = short_title(q, question)
    table, table_rows = _likert_table(q, scale, k, title)
    if part:
        title += f" ({part})"
    off = ", ".join(f"«{x}»" for x in scale.off_scale)
    caption = f"{q['text']}{f' ({part})' if part else ''} (andel av svarene på skalaen, "
    caption += f"{_n_text(q['n_min'], q['n_max'])}"
    caption += f"; {off} er holdt utenfor)" if off else ")"
    shown = [
        v
        for v in q["variables"]
        if not v.get("suppressed") and v.get("likert") and v["likert"]["n"]
    ]
    headers = {"headers": ["Påstand", *labels, "n"], "rows": table_rows}
    fig_id = f"sporsmal-{q['id']}{suffix}"
    if not scale.has_direction:
        summary = "; ".join(
            f"{v.get('label') or 'alle'}: gjennomsnitt {fmt.mean(v['likert']['mean'])}"
            for v in shown
        )
        entry = _entry(
            fig_id,
            title,
            caption,
            f"Liggende stablede stolper fra «{labels[0]}» til «{labels[-1]}». {summary}.",
            headers,
            (q["n_min"], q["n_max"]),
        )
        return entry, lambda: stacked_bars(
            table, labels=labels, colours=sequential_colours(labels), row="item", k=k
        )
    favourable = " eller ".join(f"«{x}»" for x in scale.favourable_labels)
    unfavourable = " eller ".join(f"«{x}»" for x in scale.unfavourable_labels)
    summary = "; ".join(
        f"{v.get('label') or 'alle'}: {_pct(v['likert']['favourable']['p'])} gunstige og "
        f"{_pct(v['likert']['unfavourable']['p'])} ugunstige"
        for v in shown
    )
    entry = _entry(
        fig_id,
        title,
        caption,
        f"Liggende stolpediagram med ugunstige svar ({unfavourable}) til venstre og gunstige "
        f"({favourable}) til høyre. {summary}.",
        headers,
        (q["n_min"], q["n_max"]),
    )
    return entry, lambda: diverging_bars(
        table,
        labels=labels,
        n_unfavourable=len(scale.unfavourable_labels),
        n_favourable=len(scale.favourable_labels),
        k=k,
        reach=reach,
    )


def single_battery_figure(q: dict[str, Any], question: Question, k: int) -> Drawing:
    """100 % stacked bars, one per item, for a battery of single-choice items (Ja/Nei/Vet ikke)."""
    var0 = question.variables[0]
    labels, off = list(var0.labels), list(var0.off_scale)
    rows, table_rows = [], []
    for v in q["variables"]:
        if v.get("suppressed"):
            rows += [
                {"item": v["label"], "label": lab, "share": 0.0, "n": 0, "suppressed": True}
                for lab in labels + off
            ]
            table_rows.append([v["label"]] + [fmt.suppressed(k)] * len(labels + off) + ["–"])
            continue
        shares = {f["label"]: f["share_all"] for f in v["frequencies"]}
        rows += [
            {
                "item": v["label"],
                "label": lab,
                "share": shares.get(lab) or 0.0,
                "n": v["n_all"],
                "suppressed": False,
            }
            for lab in labels + off
        ]
        table_rows.append(
            [v["label"]]
            + [_pct(shares.get(lab)) for lab in labels + off]
            + [fmt.integer(v["n_all"])]
        )
    n_all = [v["n_all"] for v in q["variables"] if not v.get("suppressed")] or [0]
    first = labels[0]
    summary = "; ".join(f"{r[0]}: {r[1]} {first}" for r in table_rows if r[1] != fmt.suppressed(k))
    entry = _entry(
        f"sporsmal-{q['id']}",
        q["text"],
        f"{q['text']} (andel av alle svar, {_n_text(min(n_all), max(n_all))})",
        f"Liggende stablede stolper, én per tema. {summary}.",
        {"headers": ["Påstand", *labels, *off, "n"], "rows": table_rows},
        (min(n_all), max(n_all)),
    )
    return entry, lambda: stacked_bars(
        pd.DataFrame(rows), labels=labels, off_scale=off, row="item", k=k
    )


def single_figure(q: dict[str, Any], k: int, grouping: bool = False) -> Drawing:
    """Horizontal bars of each answer's share of all answers.

    For a ``grouping`` question (its answers are groups: etat, role) an answer under
    ``k`` is hidden like any small group, with secondary suppression.
    """
    v = q["variables"][0]
    if v.get("suppressed"):
        rows = [{"label": "Alle svar", "share": 0.0, "count": 0, "suppressed": True}]
        table_rows = [["Alle svar", fmt.suppressed(k), "–"]]
        n_all = 0
    else:
        counts = [f["count"] for f in v["frequencies"]]
        hidden = category_suppression(counts, k) if grouping else [None] * len(counts)
        rows = [
            {
                "label": f["label"],
                "share": 0.0 if why else (f["share_all"] or 0.0),
                "count": 0 if why else f["count"],
                "suppressed": why or False,
            }
            for f, why in zip(v["frequencies"], hidden, strict=True)
        ]
        table_rows = [
            [f["label"], fmt.suppressed(k, why), fmt.suppressed(k, why)]
            if why
            else [f["label"], fmt.integer(f["count"]), _pct(f["share_all"])]
            for f, why in zip(v["frequencies"], hidden, strict=True)
        ]
        n_all = v["n_all"]
    summary = ", ".join(f"{r[0]} {r[2]}" for r in table_rows)
    entry = _entry(
        f"sporsmal-{q['id']}",
        q["text"],
        f"{q['text']} ({fmt.n(n_all)})",
        f"Liggende stolpediagram over svarene: {summary}.",
        {"headers": ["Svar", "Antall", "Andel"], "rows": table_rows},
        n_all,
    )
    return entry, lambda: choice_bars(pd.DataFrame(rows), k=k)


def multiple_figure(q: dict[str, Any], k: int) -> Drawing:
    """Bars of the share of respondents choosing each option."""
    m = q["multiple"]
    if m.get("suppressed"):
        rows = [{"label": "Alle svar", "share": 0.0, "count": 0, "suppressed": True}]
        table_rows = [["Alle svar", fmt.suppressed(k), "–", "–"]]
        respondents = 0
    else:
        rows = [
            {
                "label": o["label"],
                "share": o["share"] or 0.0,
                "count": o["count"],
                "suppressed": False,
            }
            for o in m["options"]
        ]
        ordered = sorted(m["options"], key=lambda o: -o["count"])
        table_rows = [
            [o["label"], fmt.integer(o["count"]), _pct(o["share"]), _pct(o["share_of_mentions"])]
            for o in ordered
        ]
        respondents = m["respondents"]
    summary = ", ".join(f"{r[0]} {r[2]}" for r in table_rows[:3])
    entry = _entry(
        f"sporsmal-{q['id']}",
        q["text"],
        f"{q['text']} (flere svar mulig, andel av respondentene; {fmt.n(respondents)})",
        f"Liggende stolpediagram, flest valgte øverst: {summary}.",
        {
            "headers": ["Svaralternativ", "Antall", "Andel av respondentene", "Andel av alle svar"],
            "rows": table_rows,
        },
        respondents,
    )
    return entry, lambda: choice_bars(pd.DataFrame(rows), k=k)


def group_figure(comparison: dict[str, Any], question: dict[str, Any] | None, k: int) -> Drawing:
    """Grouped bars of every answer's share per group, and in total, with Wilson intervals."""
    rows, table_rows = [], []
    breakdown = (question or {}).get("breakdowns", {}).get(comparison["by"])
    if breakdown and question is not None:
        groups = [(g["group"], g) for g in breakdown] + [
            ("Totalt", {"suppressed": False, **question})
        ]
        labels = [f["label"] for f in question["variables"][0]["frequencies"] if not f["off_scale"]]
        for name, g in groups:
            if g.get("suppressed") or g["variables"][0].get("suppressed"):
                why = g.get("suppression") or "primary"
                rows += [
                    {"group": name, "label": lab, "share": 0.0, "suppressed": why} for lab in labels
                ]
                table_rows.append([name, fmt.suppressed(k, why)] + ["–"] * len(labels))
                continue
            v = g["variables"][0]
            freq = {f["label"]: f for f in v["frequencies"]}
            for lab in labels:
                f = freq[lab]
                rows.append(
                    {
                        "group": name,
                        "label": lab,
                        "share": f["share"] or 0.0,
                        "ci_low": f["ci_low"],
                        "ci_high": f["ci_high"],
                        "n": v["n"],
                        "suppressed": False,
                    }
                )
            table_rows.append(
                [name, fmt.integer(v["n"])]
                + [
                    f"{_pct(freq[lab]['share'])} ({fmt.integer(freq[lab]['count'])})"
                    for lab in labels
                ]
            )
        headers = ["Gruppe", "n", *labels]
        weighted = comparison.get("total_weighted")
        if weighted and len(labels) == 2 and labels[0] in comparison["success"]:
            table_rows.append(
                [
                    "Totalt, vektet etter inviterte",
                    fmt.integer(weighted["n"]),
                    _pct(weighted["p"]),
                    _pct(1 - weighted["p"]),
                ]
            )
    else:
        success = " / ".join(comparison["success"])
        for g in comparison["groups"]:
            if g["suppressed"]:
                why = g.get("suppression") or "primary"
                rows.append(
                    {"group": g["group"], "label": success, "share": 0.0, "suppressed": why}
                )
                table_rows.append([g["group"], fmt.suppressed(k, why), "–"])
            else:
                rows.append(
                    {
                        "group": g["group"],
                        "label": success,
                        "share": g["p"],
                        "ci_low": g["ci_low"],
                        "ci_high": g["ci_high"],
                        "n": g["n"],
                        "suppressed": False,
                    }
                )
                table_rows.append([g["group"], fmt.integer(g["n"]), _pct(g["p"])])
        headers = ["Gruppe", "n", success]
    shown = [g for g in comparison["groups"] if not g["suppressed"]]
    n_total = comparison["total"]["n"]
    summary = ", ".join(f"{g['group']} {_pct(g['p'])}" for g in shown)
    entry = _entry(
        f"gruppe-{comparison['id']}",
        comparison["text"],
        f"{comparison['text']} Fordelt på {comparison['by_short']} ({fmt.n(n_total)}; strekene viser feilmarginen, et 95 % konfidensintervall)".replace(
            "95 %", "95\u00a0%"
        ),
        f"Grupperte stolper. Andel «{' / '.join(comparison['success'])}»: {summary}.",
        {"headers": headers, "rows": table_rows},
        n_total,
    )
    return entry, lambda: grouped_bars(pd.DataFrame(rows), k=k)


def gap_figure(g: dict[str, Any], k: int) -> Drawing:
    """Dot plot of the two groups' share favourable per item."""
    rows, table_rows = [], []
    for item in g["items"]:
        if item["suppressed"]:
            rows.append(
                {
                    "item": item["label"],
                    "share_a": 0.0,
                    "share_b": 0.0,
                    "ci_a_low": 0.0,
                    "ci_a_high": 0.0,
                    "ci_b_low": 0.0,
                    "ci_b_high": 0.0,
                    "gap_points": 0.0,
                    "suppressed": True,
                }
            )
            table_rows.append([item["label"], fmt.suppressed(k), fmt.suppressed(k), "–", "–"])
            continue
        a, b, gap = item["share_a"], item["share_b"], item["gap"]
        rows.append(
            {
                "item": item["label"],
                "share_a": a["p"],
                "share_b": b["p"],
                "ci_a_low": a["ci_low"],
                "ci_a_high": a["ci_high"],
                "ci_b_low": b["ci_low"],
                "ci_b_high": b["ci_high"],
                "gap_points": gap["difference"] * 100,
                "suppressed": False,
            }
        )
        table_rows.append(
            [
                item["label"],
                f"{_pct(a['p'])} ({fmt.integer(a['k'])} av {fmt.integer(a['n'])})",
                f"{_pct(b['p'])} ({fmt.integer(b['k'])} av {fmt.integer(b['n'])})",
                fmt.points(gap["difference"], 1, unit=False),
                _sure(item.get("p_holm")),
            ]
        )
    ns_a = [i["share_a"]["n"] for i in g["items"] if not i["suppressed"]] or [0]
    ns_b = [i["share_b"]["n"] for i in g["items"] if not i["suppressed"]] or [0]
    summary = "; ".join(
        f"{r[0]}: {r[1].split(' (')[0]} mot {r[2].split(' (')[0]}" for r in table_rows
    )
    entry = _entry(
        f"gap-{g['id']}",
        g["title"],
        (
            f"{g['title']}: andel som svarer gunstig blant {g['group_a'].lower()} "
            f"({_n_text(min(ns_a), max(ns_a))}) og {g['group_b'].lower()} ({_n_text(min(ns_b), max(ns_b))})"
        ),
        f"Prikkdiagram med én rad per forhold. {summary}.",
        {
            "headers": [
                "Forhold",
                g["group_a"],
                g["group_b"],
                "Forskjell (prosentpoeng)",
                "Neppe tilfeldig?",
            ],
            "rows": table_rows,
        },
        (min(ns_a) + min(ns_b), max(ns_a) + max(ns_b)),
    )
    return entry, lambda: gap_dotplot(
        pd.DataFrame(rows), group_a=g["group_a"], group_b=g["group_b"], k=k
    )


def dropoff_figure(results: dict[str, Any]) -> Drawing:
    """How many are still taking part at each question; routed questions marked as such."""
    d = results["response"]["dropoff"]
    rows = [
        {
            "position": r["position"],
            "question": r["short"],
            "answering": r["answering"],
            "share": r["share"],
            "routed": r["routed"],
        }
        for r in d
    ]
    table_rows = [
        [
            str(r["position"]),
            r["text"] + (" (bare til noen)" if r["routed"] else ""),
            fmt.integer(r["answering"]),
            fmt.integer(r["asked"]),
            fmt.integer(r["answered"]),
            f"{_pct(r['answered'] / r['asked'])}" if r["asked"] else "–",
        ]
        for r in d
    ]
    started = results["response"]["dropout"]["started"]
    last = d[-1]["answering"] if d else 0
    routed = [r for r in d if r["routed"]]
    routed_text = (
        f" {fmt.count(len(routed), 'spørsmål', 'spørsmål')} ble bare stilt til en del av "
        "respondentene og er merket med åpne firkanter; at færre svarte der, er ikke frafall."
        if routed
        else ""
    )
    entry = _entry(
        "frafall",
        "Hvor mange som fortsatt er med, spørsmål for spørsmål",
        "Antall respondenter som fortsatt er med ved hvert spørsmål, i rekkefølgen i "
        f"spørreskjemaet ({fmt.n(started)} som startet). Den som fullførte, regnes som med hele "
        "veien, også om hun hoppet over spørsmål hun ikke fikk eller ikke måtte svare på.",
        f"Linjediagram. {fmt.integer(started)} startet; {fmt.integer(last)} var fortsatt med ved "
        f"siste spørsmål.{routed_text}",
        {
            "headers": [
                "Nr.",
                "Spørsmål",
                "Fortsatt med",
                "Fikk spørsmålet",
                "Svarte",
                "Andel som svarte av dem som fikk spørsmålet",
            ],
            "rows": table_rows,
        },
        started,
    )
    return entry, lambda: dropoff_curve(pd.DataFrame(rows))


def survey_figures(results: dict[str, Any], codebook: Codebook) -> list[Drawing]:
    """Every survey figure the report can use, in a fixed order."""
    k = results["k"]
    drawings: list[Drawing] = [dropoff_figure(results)]
    by_id = {q["id"]: q for q in results["questions"]}
    grouping = grouping_questions(results)
    # Every diverging figure gets the same axis, so bars can be compared across figures.
    reach = max(
        (
            likert_reach(q, codebook.question(q["id"]), k)
            for q in results["questions"]
            if q["type"] == "likert"
        ),
        default=None,
    )
    for q in results["questions"]:
        question = codebook.question(q["id"])
        if q["type"] == "multiple":
            drawings.append(multiple_figure(q, k))
        elif q["type"] == "likert":
            drawings.extend(likert_figures(q, question, k, reach))
        elif len(q["variables"]) > 1:
            drawings.append(single_battery_figure(q, question, k))
        else:
            drawings.append(single_figure(q, k, grouping=q["id"] in grouping))
        drawings[-1][0]["title"] = short_title(q, question)  # the full question is the caption
    for c in results["comparisons"]["groups"]:
        drawings.append(group_figure(c, by_id.get(c["variable"]), k))
    for g in results["comparisons"]["gaps"]:
        drawings.append(gap_figure(g, k))
    return drawings


def all_figures(
    results: dict[str, Any], codebook: Codebook, absence: dict | None = None
) -> list[tuple[Entry, Callable[[], Figure], Callable[..., None]]]:
    """Every figure of the study: its index entry, how to draw it and how to save it.

    The survey figures (:func:`survey_figures`), then the registered-absence
    figures when ``absence.json`` is given; each kind is saved by its own
    deterministic SVG writer.
    """
    from pipeline.absence.figures import absence_figures
    from pipeline.absence.figures import save_svg as save_absence_svg

    drawings = [(e, d, save_svg) for e, d in survey_figures(results, codebook)]
    if absence is not None:
        drawings += [(e, d, save_absence_svg) for e, d in absence_figures(absence)]
    # The report stage finds the print variant by the index, without importing matplotlib.
    return [({**e, "print_file": print_name(e["file"])}, d, save) for e, d, save in drawings]


def write_figures(
    results: dict[str, Any],
    codebook: Codebook,
    out_dir: Path,
    absence: dict | None = None,
    *,
    workers: int | None = None,
) -> list[Entry]:
    """Draw and save every figure; return the index entries (also written to ``index.json``).

    The figures are drawn on ``workers`` processes (default: the cores available,
    see :func:`pipeline.figures.parallel.run_jobs`); the files do not depend on it.
    """
    drawings = all_figures(results, codebook, absence)
    jobs = [
        Job(entry["id"], partial(_draw_and_save, draw, out_dir / entry["file"], save))
        for entry, draw, save in drawings
    ]
    run_jobs(jobs, workers=workers)
    entries = [entry for entry, _, _ in drawings]
    write_json(out_dir / "index.json", entries)
    return entries


def _draw_and_save(draw: Callable[[], Figure], path: Path, save: Callable[..., None]) -> None:
    save_svg_pair(draw(), path, save=save)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_common_arguments(parser)


def main(args: argparse.Namespace) -> int:
    study, paths = cli.study_and_paths(args)
    results = read_results(paths.results, study.id)
    codebook = load_codebook(study.codebook_path)
    absence = None
    if study.file("absence.yaml").is_file() and paths.absence.is_file():
        absence = json.loads(paths.absence.read_text(encoding="utf-8"))
    # One folder swap: a failed run leaves the previous figures and their index together.
    with atomic_dir(paths.figures) as folder:
        entries = write_figures(results, codebook, folder, absence)
    print(f"{len(entries)} figurer → {paths.figures}")
    return 0
