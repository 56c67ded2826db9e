"""Report tables as formatted text: ``{caption, headers, rows}``, numbers via :mod:`pipeline.formatting`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from pipeline import formatting as fmt
from pipeline.analysis.anonymity import (
    grouping_questions,
    hidden_response_groups,
    hide_groups,
    label_hidden,
)
from pipeline.analysis.results import (
    MarginOfError,
    Multiple,
    Option,
    Proportion,
    RateRow,
    Representativeness,
    Results,
    StopPoints,
    VariableResult,
)
from pipeline.config import Survey


def _share(share: float | None, decimals: int = 1) -> str:
    return "–" if share is None else fmt.percent(share, decimals)


def _pct(p: Proportion | None, decimals: int = 1) -> str:
    return _share(p["p"] if p else None, decimals)


def _ci(p: Proportion | Option | None) -> str:
    if not p or p.get("ci_low") is None:
        return "–"
    return fmt.interval(p["ci_low"], p["ci_high"])


def _hide(rows: list[list[str]], groups: list[str], results: Results, keep: int) -> list:
    """Rows of a table of the invitation list's groups, with hidden groups' cells replaced;
    the first ``keep`` columns (name, invited) are not about respondents and stay."""
    if not rows:
        return rows
    hidden = hidden_response_groups(results)
    table = pd.DataFrame(rows, columns=[f"c{i}" for i in range(len(rows[0]))])
    reasons = [hidden.get(g) for g in groups]
    keep_columns = list(table.columns[:keep])
    return label_hidden(table, reasons, results["k"], keep=keep_columns).values.tolist()


def _note(rows: list[list[str]], k: int) -> str | None:
    return (
        fmt.suppression_note(k) if any(fmt.suppressed(k, "secondary") in r for r in rows) else None
    )


def methods(results: Results, survey: Survey) -> dict[str, Any]:
    """The tables and numbers of the method chapter; groups under ``k`` are hidden."""
    r = results["response"]
    k = results["k"]
    group_rows = [row for row in r["rates"] if row["group"] is not None]
    total_rows = [row for row in r["rates"] if row["group"] is None]

    def rate_cells(row: RateRow) -> list[str]:
        return [
            row["group"] or "Totalt",
            fmt.integer(row["invited"]) if row["invited"] is not None else "–",
            fmt.integer(row["started"]),
            fmt.integer(row["completed"]),
            _pct(row.get("rate_completed")),
            _pct(row.get("rate_started")),
        ]

    rate_rows = _hide(
        [rate_cells(row) for row in group_rows], [row["group"] for row in group_rows], results, 2
    ) + [rate_cells(row) for row in total_rows]
    rates = {
        "caption": "Inviterte, startede og fullførte svar, og svarprosent",
        "headers": [
            "Gruppe",
            "Inviterte",
            "Startet",
            "Fullført",
            "Svarprosent (fullført)",
            "Andel som startet",
        ],
        "rows": rate_rows,
        "note": _note(rate_rows, k),
    }
    rep = r.get("representativeness")
    representativeness = None
    if rep:
        rep_rows = _hide(
            [
                [
                    row["group"],
                    fmt.integer(row["invited"]),
                    fmt.percent(row["share_invited"], 1),
                    fmt.integer(row["respondents"]),
                    fmt.percent(row["share_respondents"], 1)
                    if row["share_respondents"] is not None
                    else "–",
                ]
                for row in rep["rows"]
            ],
            [row["group"] for row in rep["rows"]],
            results,
            3,
        )
        hidden = bool(hidden_response_groups(results))
        representativeness = {
            "caption": "Respondentene sammenlignet med de inviterte",
            "headers": [
                "Gruppe",
                "Inviterte",
                "Andel av inviterte",
                "Respondenter",
                "Andel av respondentene",
            ],
            "rows": rep_rows,
            "note": _note(rep_rows, k),
            # With a group hidden, the test statistic would give its count away.
            "test": (
                f"Metode: kjikvadrattest for fordelingen, χ² = {fmt.number(rep['chi2'], 1)}, "
                f"{rep['dof']} frihetsgrad{'er' if rep['dof'] != 1 else ''}, {fmt.p_value(rep['p'])}."
                if rep.get("p") is not None and not hidden
                else None
            ),
            "significant": rep.get("p") is not None and rep["p"] < 0.05 and not hidden,
        }

    def answers(count: int) -> str:
        return fmt.suppressed(k) if 0 < count < k else fmt.integer(count)

    inclusion = {
        "caption": "Antall svar per spørsmål etter hvem som tas med",
        "headers": ["Spørsmål", "Alle svar som er gitt", "Bare de som fullførte"],
        "rows": [
            [
                _question_text(results, row["question"]),
                answers(row["all_available"]),
                answers(row["completed_only"]),
            ]
            for row in r["inclusion"]
            if _question_text(results, row["question"])
        ],
    }
    moe = r["margin_of_error"]
    stops = r["stop_points"]
    return {
        "rates": rates,
        "representativeness": representativeness,
        "inclusion": inclusion,
        "margin_of_error": moe,
        "margin_text": margin_text(moe, rep),
        "stop_text": stop_sentence(stops),
    }


def margin_text(moe: MarginOfError, representativeness: Representativeness | None) -> str | None:
    """The survey's margin of error as one figure: its base, its assumption, and the caveat."""
    if moe.get("with_fpc") is None and moe.get("without_fpc") is None:
        return None
    level = fmt.percent(moe["confidence"], 0)
    corrected = moe.get("with_fpc") is not None
    margin = moe["with_fpc"] if corrected else moe["without_fpc"]
    of_invited = f" av {fmt.integer(moe['population'])} inviterte" if corrected else ""
    # Plain words first (a kontrollutvalg reads this); the correction goes in brackets.
    text = (
        f"Med {fmt.integer(moe['n'])} fullførte svar{of_invited} er feilmarginen høyst "
        f"±{fmt.points(margin, 1, unit=False)} prosentpoeng. Det betyr at når halvparten av dem "
        f"som svarte, svarte det samme, ligger andelen blant alle de inviterte med stor sikkerhet "
        f"({level}) mellom {fmt.points(0.5 - margin, 1, unit=False)} og "
        f"{fmt.percent(0.5 + margin, 1)}."
    )
    if corrected:
        text += (
            f" Feilmarginen er mindre enn i et lite utvalg fordi en stor del av de inviterte har "
            f"svart (uten den korreksjonen: ±{fmt.points(moe['without_fpc'], 1, unit=False)})."
        )
    text += (
        " Feilmarginen forutsetter at de som svarte, er et tilfeldig utvalg av de inviterte. "
        "For spørsmål som færre har svart på, er den større: tabellene i vedlegg 3 viser den for hvert "
        "spørsmål, og figurene viser konfidensintervallene."
    )
    if (
        representativeness
        and representativeness.get("p") is not None
        and representativeness["p"] < 0.05
    ):
        text += (
            " Respondentene fordeler seg ikke som de inviterte (se over), så usikkerheten er trolig "
            "større enn feilmarginen alene viser."
        )
    return text


def _margin_note(variables: Sequence[VariableResult | Multiple]) -> str:
    """«; feilmargin høyst ±x prosentpoeng»: the widest of the question's variables, at its base."""
    records = [m for m in (v.get("margin_of_error") for v in variables) if m]
    margins = [m["with_fpc"] if m["with_fpc"] is not None else m["without_fpc"] for m in records]
    widest = max((m for m in margins if m is not None), default=None)
    if widest is None:
        return ""
    return f"; feilmargin høyst ±{fmt.points(widest, 1, unit=False)} prosentpoeng"


def stop_sentence(stops: StopPoints) -> str | None:
    """Where most of those who did not complete stopped, with their number and share."""
    most = stops.get("most")
    if not stops["incomplete"] or most is None:
        return None
    n = stops["incomplete"]
    text = f"Av de {fmt.integer(n)} som ikke fullførte, "
    share = f"{fmt.integer(most['k'])} ({fmt.percent(most['p'], 1)})"
    who = "alle" if most["k"] == n else f"flest, {share},"
    if most["question"] is None:
        return text + f"svarte {who} ikke på noen spørsmål i det hele tatt."
    text += f"hadde {who} sitt siste svar på spørsmålet om {most['short']}"
    rest = n - most["k"]
    if rest:
        text += f"; de andre {fmt.integer(rest)} stoppet andre steder i skjemaet"
    return text + "."


def _question_text(results: Results, q_id: str) -> str | None:
    for q in results["questions"]:
        if q["id"] == q_id:
            return q["text"]
    return None


def frequency_tables(results: Results) -> list[dict[str, Any]]:
    """One table per closed question: every answer's count, share and 95 % interval."""
    k = results["k"]
    grouping = grouping_questions(results)
    out = []
    for q in results["questions"]:
        if q["type"] == "multiple":
            m = q["multiple"]
            if m.get("suppressed"):
                rows = [["Alle svar", fmt.suppressed(k), "", ""]]
            else:
                rows = [
                    [o["label"], fmt.integer(o["count"]), _share(o["share"]), _ci(o)]
                    for o in m["options"]
                ]
            n_text = fmt.n(m.get("respondents", 0)) if not m.get("suppressed") else ""
            out.append(
                {
                    "id": q["id"],
                    "caption": fmt.multiple_choice(
                        q["text"], f"andel av respondentene, {n_text}{_margin_note([m])}"
                    ),
                    "headers": ["Svaralternativ", "Antall", "Andel", "95\u00a0% KI"],
                    "rows": rows,
                }
            )
            continue
        rows = []
        multi = len(q["variables"]) > 1
        for v in q["variables"]:
            name = v.get("label") or ""
            if v.get("suppressed"):
                rows.append(([name] if multi else []) + ["Alle svar", fmt.suppressed(k), "", ""])
                continue
            use_all = v["base"]["shares_of"] == "answered"
            cells = []
            for f in v["frequencies"]:
                share = f["share_all"] if use_all else f["share"]
                lo, hi = (
                    (f["ci_all_low"], f["ci_all_high"]) if use_all else (f["ci_low"], f["ci_high"])
                )
                label = f["label"] + (
                    " (utenfor skalaen)" if f["off_scale"] and not use_all else ""
                )
                cells.append(
                    ([name] if multi else [])
                    + [
                        label,
                        fmt.integer(f["count"]),
                        fmt.percent(share, 1) if share is not None else "–",
                        fmt.interval(lo, hi) if lo is not None else "–",
                    ]
                )
            if q["id"] in grouping and cells:
                # The answers to a grouping question are the groups themselves: a category
                # under k is a group under k, hidden like one (the total n is in the caption).
                table = pd.DataFrame(cells)
                table["__n"] = [int(f["count"]) for f in v["frequencies"]]
                keep = list(table.columns[: 2 if multi else 1])
                cells = hide_groups(table, k, n="__n", keep=keep).drop(columns="__n")
                cells = cells.values.tolist()
            rows.extend(cells)
        shown = [v for v in q["variables"] if not v.get("suppressed")]
        bases = [v["base"][v["base"]["shares_of"]] for v in shown] or [0]
        on_scale = any(v["base"]["shares_of"] == "on_scale" for v in shown)
        basis = "andel av svarene på skalaen" if on_scale else "andel av alle svar"
        out.append(
            {
                "id": q["id"],
                "note": _note(rows, k),
                "caption": f"{q['text']} ({basis}, {fmt.n((min(bases), max(bases)))}"
                f"{_margin_note(shown)})",
                "headers": (["Påstand"] if multi else [])
                + ["Svar", "Antall", "Andel", "95\u00a0% KI"],
                "rows": rows,
            }
        )
    return out
