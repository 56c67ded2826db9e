"""The words of each survey figure: its short title, caption, text alternative and the table
of its numbers, as one entry of ``figures/index.json``.

The report prints the caption under the figure, the text alternative in its
``alt``, and the table («Tallene i figuren») under it, so every number in a
figure can also be read as text. Numbers are formatted by :mod:`pipeline.formatting`.
One function per figure kind writes its entry (``likert_entry``, ``choice_entry`` …);
the numbers the figure draws come from :mod:`pipeline.figures.shares`.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline import formatting as fmt
from pipeline.analysis.results import (
    GapComparison,
    GroupComparison,
    Likert,
    Proportion,
    QuestionResult,
    Response,
)
from pipeline.codebook.model import Question
from pipeline.figures.index import FigureBase, FigureEntry, FigureTable
from pipeline.figures.shares import (
    breakdown_groups,
    gap_item_shares,
    group_hidden,
    item_label,
    likert_scale,
)

DIRECTION_TITLES = {
    "high": "høye svar er gunstige",
    "low": "lave svar er gunstige",
    "none": "ingen gunstig ende",
}


def percent(value: float | None) -> str:
    """A share in a table or text, «–» where there is none."""
    return "–" if value is None else fmt.percent(value, 1)


def not_chance(p: float | None) -> str:
    """Whether a difference is too large to be chance (the test is in the method note)."""
    if p is None:
        return "–"
    return "Ja" if p < 0.05 else "Nei"


def figure_entry(
    fig_id: str,
    title: str,
    caption: str,
    alt: str,
    table: FigureTable,
    n: int | tuple[int, int] | None = None,
) -> FigureEntry:
    """An index entry; ``n`` (a survey figure's respondents, or their range) feeds its source line."""
    entry: FigureEntry = {
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


def _count_or_range(values: list[int]) -> int | list[int]:
    return values[0] if min(values) == max(values) else [min(values), max(values)]


def figure_base(q: QuestionResult) -> FigureBase | None:
    """Whom the figure's shares are of, from its variables' ``base`` (None if all are hidden)."""
    shown = [v["base"] for v in q["variables"] if not v["suppressed"]]
    if not shown:
        return None
    return {
        "shares_of": shown[0]["shares_of"],
        "answered": _count_or_range([b["answered"] for b in shown]),
        "on_scale": _count_or_range([b["on_scale"] for b in shown]),
    }


def _with_base(entry: FigureEntry, q: QuestionResult) -> FigureEntry:
    base = figure_base(q)
    if base is not None:
        entry["base"] = base
    return entry


def _counted(value: int | list[int]) -> str:
    """«58» or «177–198»."""
    if isinstance(value, list):
        return f"{fmt.integer(value[0])}\u2013{fmt.integer(value[1])}"
    return fmt.integer(value)


def short_title(q: QuestionResult, question: Question | None) -> str:
    """A figure's short title: the codebook's short label (capitalised) or else the question.

    The full question stays in the caption; the short label keeps a one-item
    figure's row label and the table heading to a few words.
    """
    short = str(getattr(question, "short", "") or "").strip()
    return short[:1].upper() + short[1:] if short else q["text"]


def _hidden_row(label: str, k: int, cells: int, why: str | None = "primary") -> list[str]:
    return [label] + [fmt.suppressed(k, why)] * cells + ["–"]


def likert_table(q: QuestionResult, labels: Sequence[str], k: int, title: str) -> FigureTable:
    """Per item: each answer's share of the answers on the scale, and n."""
    rows = []
    for v in q["variables"]:
        item = item_label(v, q, title)
        if v.get("suppressed"):
            rows.append(_hidden_row(item, k, len(labels)))
            continue
        shares = {f["label"]: f["share"] for f in v["frequencies"] if not f["off_scale"]}
        rows.append([item] + [percent(shares.get(lab)) for lab in labels] + [fmt.integer(v["n"])])
    return {"headers": ["Påstand", *labels, "n"], "rows": rows}


def likert_caption(q: QuestionResult, question: Question, part: str = "") -> str:
    """The question (and the part of a battery split by direction), the base and n.

    Where some answered off the scale («Vet ikke»), n is said of how many answered.
    """
    off = ", ".join(f"«{x}»" for x in likert_scale(question).off_scale)
    caption = f"{q['text']}{f' ({part})' if part else ''} (andel av svarene på skalaen, "
    caption += fmt.n((q["n_min"], q["n_max"]))
    base = figure_base(q)
    if base is not None and base["answered"] != base["on_scale"]:
        caption += f" av {_counted(base['answered'])} som svarte"
    return caption + (f"; {off} er holdt utenfor)" if off else ")")


def _shown_likert(q: QuestionResult) -> list[tuple[str, Likert]]:
    """(item label or «alle», scale summary) of every item shown with answers on the scale."""
    return [
        (v.get("label") or "alle", likert)
        for v in q["variables"]
        if not v["suppressed"] and (likert := v.get("likert")) is not None and likert["n"]
    ]


def _share(p: Proportion | None) -> str:
    return percent(None if p is None else p["p"])


def likert_alt(q: QuestionResult, question: Question) -> str:
    """Which answers lie where, then each item's favourable and unfavourable share (or mean)."""
    scale = likert_scale(question)
    labels = scale.display_labels
    shown = _shown_likert(q)
    if not scale.has_direction:
        summary = "; ".join(
            f"{item}: gjennomsnitt {'–' if s['mean'] is None else fmt.mean(s['mean'])}"
            for item, s in shown
        )
        return f"Liggende stablede stolper fra «{labels[0]}» til «{labels[-1]}». {summary}."
    favourable = " eller ".join(f"«{x}»" for x in scale.favourable_labels)
    unfavourable = " eller ".join(f"«{x}»" for x in scale.unfavourable_labels)
    summary = "; ".join(
        f"{item}: {_share(s['favourable'])} gunstige og {_share(s['unfavourable'])} ugunstige"
        for item, s in shown
    )
    return (
        f"Liggende stolpediagram med ugunstige svar ({unfavourable}) til venstre og gunstige "
        f"({favourable}) til høyre. {summary}."
    )


def likert_entry(
    q: QuestionResult, question: Question, k: int, *, suffix: str = "", part: str = ""
) -> FigureEntry:
    """A Likert item or battery (or one direction's part of it, ``part``, named in the title)."""
    title = short_title(q, question)
    labels = likert_scale(question).display_labels
    entry = figure_entry(
        f"sporsmal-{q['id']}{suffix}",
        f"{title} ({part})" if part else title,
        likert_caption(q, question, part),
        likert_alt(q, question),
        likert_table(q, labels, k, title),
        (q["n_min"], q["n_max"]),
    )
    return _with_base(entry, q)


def battery_table(q: QuestionResult, labels: Sequence[str], k: int) -> FigureTable:
    """Per item: each answer's share of all its answers (off-scale too), and n."""
    rows = []
    for v in q["variables"]:
        if v["suppressed"]:
            rows.append(_hidden_row(item_label(v, q), k, len(labels)))
            continue
        shares = {f["label"]: f["share_all"] for f in v["frequencies"]}
        rows.append(
            [item_label(v, q)]
            + [percent(shares.get(lab)) for lab in labels]
            + [fmt.integer(v["n_all"])]
        )
    return {"headers": ["Påstand", *labels, "n"], "rows": rows}


def battery_entry(q: QuestionResult, question: Question, k: int) -> FigureEntry:
    """A battery of single-choice items (Ja/Nei/Vet ikke), one stacked bar per item."""
    var0 = question.variables[0]
    table = battery_table(q, [*var0.labels, *var0.off_scale], k)
    n_all = [v["n_all"] for v in q["variables"] if not v.get("suppressed")] or [0]
    first = var0.labels[0]
    summary = "; ".join(
        f"{r[0]}: {r[1]} {first}" for r in table["rows"] if r[1] != fmt.suppressed(k)
    )
    entry = figure_entry(
        f"sporsmal-{q['id']}",
        short_title(q, question),
        f"{q['text']} (andel av alle svar, {fmt.n((min(n_all), max(n_all)))})",
        f"Liggende stablede stolper, én per tema. {summary}.",
        table,
        (min(n_all), max(n_all)),
    )
    return _with_base(entry, q)


def choice_entry(
    q: QuestionResult, question: Question | None, k: int, hidden: list[str | None]
) -> FigureEntry:
    """A single-choice question: each answer's count and share of all answers.

    ``hidden`` says per answer why it is hidden (a small group), or None.
    """
    v = q["variables"][0]
    if v.get("suppressed"):
        rows = [["Alle svar", fmt.suppressed(k), "–"]]
        n_all = 0
    else:
        rows = [
            [f["label"], fmt.suppressed(k, why), fmt.suppressed(k, why)]
            if why
            else [f["label"], fmt.integer(f["count"]), percent(f["share_all"])]
            for f, why in zip(v["frequencies"], hidden, strict=True)
        ]
        n_all = v["n_all"]
    summary = ", ".join(f"{r[0]} {r[2]}" for r in rows)
    entry = figure_entry(
        f"sporsmal-{q['id']}",
        short_title(q, question),
        f"{q['text']} ({fmt.n(n_all)})",
        f"Liggende stolpediagram over svarene: {summary}.",
        {"headers": ["Svar", "Antall", "Andel"], "rows": rows},
        n_all,
    )
    return _with_base(entry, q)


def multiple_entry(q: QuestionResult, question: Question | None, k: int) -> FigureEntry:
    """A multiple-choice question: each option's count, share of respondents and of mentions."""
    m = q["multiple"]
    if m is None or m["suppressed"]:
        rows = [["Alle svar", fmt.suppressed(k), "–", "–"]]
        respondents = 0
    else:
        ordered = sorted(m["options"], key=lambda o: -o["count"])
        rows = [
            [
                o["label"],
                fmt.integer(o["count"]),
                percent(o["share"]),
                percent(o["share_of_mentions"]),
            ]
            for o in ordered
        ]
        respondents = m["respondents"]
    summary = ", ".join(f"{r[0]} {r[2]}" for r in rows[:3])
    return figure_entry(
        f"sporsmal-{q['id']}",
        short_title(q, question),
        fmt.multiple_choice(q["text"], f"andel av respondentene, {fmt.n(respondents)}"),
        f"Liggende stolpediagram, flest valgte øverst: {summary}.",
        {
            "headers": ["Svaralternativ", "Antall", "Andel av respondentene", "Andel av alle svar"],
            "rows": rows,
        },
        respondents,
    )


def group_table(
    comparison: GroupComparison, question: QuestionResult | None, k: int
) -> FigureTable:
    """Per group (then «Totalt»): n and each answer's share (count), or the share of ``success``."""
    rows = []
    found = breakdown_groups(comparison, question)
    if found is None:
        success = " / ".join(comparison["success"])
        for share in comparison["groups"]:
            if share["suppressed"]:
                reason = share.get("suppression") or "primary"
                rows.append([share["group"], fmt.suppressed(k, reason), "–"])
            else:
                rows.append([share["group"], fmt.integer(share["n"]), percent(share["p"])])
        return {"headers": ["Gruppe", "n", success], "rows": rows}
    groups, labels = found
    for g in groups:
        why = group_hidden(g)
        if why:
            rows.append([g["group"], fmt.suppressed(k, why)] + ["–"] * len(labels))
            continue
        v = g["variables"][0]
        freq = {f["label"]: f for f in v["frequencies"]}
        rows.append(
            [g["group"], fmt.integer(v["n"])]
            + [
                f"{percent(freq[lab]['share'])} ({fmt.integer(freq[lab]['count'])})"
                for lab in labels
            ]
        )
    weighted = comparison.get("total_weighted")
    if weighted and len(labels) == 2 and labels[0] in comparison["success"]:
        rows.append(
            [
                "Totalt, vektet etter inviterte",
                fmt.integer(weighted["n"]),
                percent(weighted["p"]),
                percent(1 - weighted["p"]),
            ]
        )
    return {"headers": ["Gruppe", "n", *labels], "rows": rows}


def group_entry(
    comparison: GroupComparison, question: QuestionResult | None, k: int
) -> FigureEntry:
    """A comparison between groups: the share per group, with its margin of error."""
    success = " / ".join(comparison["success"])
    shown = [g for g in comparison["groups"] if not g["suppressed"]]
    n_total = comparison["total"]["n"]
    summary = ", ".join(f"{g['group']} {percent(g['p'])}" for g in shown)
    return figure_entry(
        f"gruppe-{comparison['id']}",
        comparison["text"],
        f"{comparison['text']} Fordelt på {comparison['by_short']} ({fmt.n(n_total)}; strekene "
        "viser feilmarginen, et 95\u00a0% konfidensintervall)",
        f"Grupperte stolper. Andel «{success}»: {summary}.",
        group_table(comparison, question, k),
        n_total,
    )


def gap_table(g: GapComparison, k: int) -> FigureTable:
    """Per item: both groups' share favourable (k of n), the gap and whether it is chance."""
    rows = []
    for item in g["items"]:
        shown = gap_item_shares(item)
        if shown is None:
            rows.append([item["label"], fmt.suppressed(k), fmt.suppressed(k), "–", "–"])
            continue
        a, b, difference = shown
        rows.append(
            [
                item["label"],
                f"{percent(a['p'])} ({fmt.integer(a['k'])} av {fmt.integer(a['n'])})",
                f"{percent(b['p'])} ({fmt.integer(b['k'])} av {fmt.integer(b['n'])})",
                fmt.points(difference, 1, unit=False),
                not_chance(item.get("p_holm")),
            ]
        )
    return {
        "headers": [
            "Forhold",
            g["group_a"],
            g["group_b"],
            "Forskjell (prosentpoeng)",
            "Neppe tilfeldig?",
        ],
        "rows": rows,
    }


def gap_entry(g: GapComparison, k: int) -> FigureEntry:
    """Two groups' share favourable item by item (leaders and employees)."""
    table = gap_table(g, k)
    shown = [s for s in map(gap_item_shares, g["items"]) if s is not None]
    ns_a = [a["n"] for a, _, _ in shown] or [0]
    ns_b = [b["n"] for _, b, _ in shown] or [0]
    summary = "; ".join(
        f"{r[0]}: {r[1].split(' (')[0]} mot {r[2].split(' (')[0]}" for r in table["rows"]
    )
    return figure_entry(
        f"gap-{g['id']}",
        g["title"],
        f"{g['title']}: andel som svarer gunstig blant {g['group_a'].lower()} "
        f"({fmt.n((min(ns_a), max(ns_a)))}) og {g['group_b'].lower()} "
        f"({fmt.n((min(ns_b), max(ns_b)))})",
        f"Prikkdiagram med én rad per forhold. {summary}.",
        table,
        (min(ns_a) + min(ns_b), max(ns_a) + max(ns_b)),
    )


def dropoff_entry(response: Response) -> FigureEntry:
    """How many are still taking part at each question; routed questions said as such."""
    d = response["dropoff"]
    rows = [
        [
            str(r["position"]),
            r["text"] + (" (bare til noen)" if r["routed"] else ""),
            fmt.integer(r["answering"]),
            fmt.integer(r["asked"]),
            fmt.integer(r["answered"]),
            f"{percent(r['answered'] / r['asked'])}" if r["asked"] else "–",
        ]
        for r in d
    ]
    started = response["dropout"]["started"]
    last = d[-1]["answering"] if d else 0
    routed = [r for r in d if r["routed"]]
    routed_text = (
        f" {fmt.count(len(routed), 'spørsmål', 'spørsmål')} ble bare stilt til en del av "
        "respondentene og er merket med åpne firkanter; at færre svarte der, er ikke frafall."
        if routed
        else ""
    )
    return figure_entry(
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
            "rows": rows,
        },
        started,
    )
