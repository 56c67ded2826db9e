"""Checks on the absence register: what the Modum audit checked by hand.

Errors stop the run (the numbers cannot be trusted); warnings go into
``absence.json`` and the report:

``rate_range`` (error)
    every rate within 0–100 %.
``total_present`` (error)
    every row has a total.
``agreed_days_positive`` (error)
    agreed working days, where mapped, present and above 0 (they are weights).
``unit_period_unique`` (error)
    at most one row per unit and period.
``periods_complete`` (warning)
    each unit has a row for every period from the file's first to its last.
``components_sum`` (warning)
    egenmeldt + legemeldt equals the total within the tolerance in
    ``absence.yaml``, per unit row and per etat (weighted as the analysis
    weights). Each mismatch is listed with unit, period, components, total
    and difference, as the audit listed Helse og velferd 2024 (1,2 + 8,6 vs 11,1).
``duration_sum`` (warning)
    short-term + long-term equals the total within the same tolerance.

Row-level checks run as great-expectations expectations on the register, so
the mechanism is the same as for the survey export.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline import formatting as fmt
from pipeline.absence.analysis import aggregate
from pipeline.absence.config import AbsenceConfig
from pipeline.absence.periods import from_index
from pipeline.absence.read import RATE_FIELDS, AbsenceRegister

# Float noise in sums such as 0.012 + 0.086 must not turn a tolerance of 0 into a mismatch.
_EPS = 1e-9

PAIRS = {
    "components_sum": (("egenmeldt", "legemeldt"), "egenmeldt + legemeldt"),
    "duration_sum": (("short_term", "long_term"), "korttid + langtid"),
}


@dataclass(frozen=True)
class AbsenceChecks:
    """What the checks found: findings (validation.json shape) and the mismatches in detail."""

    findings: list[dict]
    mismatches: list[dict]

    @property
    def errors(self) -> list[dict]:
        return [f for f in self.findings if f["severity"] == "error"]

    @property
    def warnings(self) -> list[dict]:
        return [f for f in self.findings if f["severity"] == "warning"]


def _finding(
    check: str,
    severity: str,
    message: str,
    *,
    column: str | None = None,
    variable: str | None = None,
    values: list | None = None,
    rows: list[int] | None = None,
) -> dict:
    rows = sorted(int(r) for r in rows or [])
    return {
        "check": check,
        "severity": severity,
        "column": column,
        "variable": variable,
        "message": message,
        "values": list(values or []),
        "rows": rows,
        "count": len(rows) if rows else len(values or []),
    }


def _unexpected_rows(frame: pd.DataFrame, expectations: list) -> list[list[int]]:
    """Run great-expectations expectations on ``frame``; the unexpected index list of each."""
    from pipeline.validation.gx_run import pandas_batches

    batch = pandas_batches("absence", "register").get_batch(batch_parameters={"dataframe": frame})
    out = []
    for expectation in expectations:
        # one at a time: results of an unsaved suite carry no id to match them back by
        r = batch.validate(expectation, result_format={"result_format": "COMPLETE"})
        out.append([] if r.success else sorted(int(i) for i in r.result["unexpected_index_list"]))
    return out


def _row_checks(register: AbsenceRegister, config: AbsenceConfig) -> list[dict]:
    from pipeline.validation.gx_run import skip_unused_imports

    skip_unused_imports()  # ~2 s of great-expectations' import no check uses
    import great_expectations.expectations as gxe

    frame = register.frame
    plan: list[tuple[str, str, str, object]] = []  # check, field, message, expectation
    for name in RATE_FIELDS:
        if name in frame:
            plan.append(
                (
                    "rate_range",
                    name,
                    "Sykefraværsprosenten er utenfor 0–100 %.",
                    gxe.ExpectColumnValuesToBeBetween(column=name, min_value=0, max_value=1),
                )
            )
    plan.append(
        (
            "total_present",
            "total",
            "Totalt sykefravær mangler.",
            gxe.ExpectColumnValuesToNotBeNull(column="total"),
        )
    )
    if "agreed_days" in frame:
        plan.append(
            (
                "agreed_days_positive",
                "agreed_days",
                "Avtalte dagsverk mangler eller er ikke større enn 0.",
                gxe.ExpectColumnValuesToNotBeNull(column="agreed_days"),
            )
        )
        plan.append(
            (
                "agreed_days_positive",
                "agreed_days",
                "Avtalte dagsverk mangler eller er ikke større enn 0.",
                gxe.ExpectColumnValuesToBeBetween(
                    column="agreed_days", min_value=0, strict_min=True
                ),
            )
        )
    plan.append(
        (
            "unit_period_unique",
            "unit",
            "Samme enhet har flere rader for samme periode.",
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["unit", "period_index"]),
        )
    )
    unexpected = _unexpected_rows(frame, [e for *_, e in plan])
    findings = []
    merged: dict[tuple[str, str], tuple[str, set[int]]] = {}
    for (check, name, message, _), idx in zip(plan, unexpected, strict=True):
        if idx:
            merged.setdefault((check, name), (message, set()))[1].update(idx)
    for (check, name), (message, idx) in merged.items():
        sub = frame.loc[sorted(idx)]
        if check == "unit_period_unique":
            values = sorted({f"{u} {p}" for u, p in zip(sub["unit"], sub["period"], strict=True)})
        elif check == "rate_range":
            values = sorted({fmt.number(v * 100, 1) for v in sub[name]})
        elif check == "agreed_days_positive":
            values = sorted({"" if pd.isna(v) else fmt.number(v, 0) for v in sub[name]})
        else:
            values = []
        findings.append(
            _finding(
                check,
                "error",
                message,
                column=register.headers[name],
                variable=name,
                values=values,
                rows=sub["row"].tolist(),
            )
        )
    return findings


def missing_periods(frame: pd.DataFrame, period_type: str) -> pd.DataFrame:
    """Units without a row for a period between the file's first and last period.

    Parameters
    ----------
    frame
        The register: ``unit``, ``etat``, ``period_index``.
    period_type
        ``year``, ``tertial``, ``quarter`` or ``month``.

    Returns
    -------
    DataFrame
        ``unit``, ``period_index``, ``period`` (label), one row per gap, in unit
        and period order.

    Examples
    --------
    >>> f = pd.DataFrame({"unit": ["A", "A", "B"], "period_index": [2020, 2022, 2021]})
    >>> missing_periods(f, "year")[["unit", "period"]].values.tolist()
    [['A', '2021'], ['B', '2020'], ['B', '2022']]
    """
    if frame.empty:
        return pd.DataFrame(columns=["unit", "period_index", "period"])
    full = range(int(frame["period_index"].min()), int(frame["period_index"].max()) + 1)
    rows = []
    for unit, group in frame.groupby("unit", sort=True):
        have = set(group["period_index"].astype(int))
        rows += [(unit, i, from_index(i, period_type).label) for i in full if i not in have]
    return pd.DataFrame(rows, columns=["unit", "period_index", "period"])


def _mismatch_rows(frame: pd.DataFrame, level: str, check: str, tolerance: float) -> list[dict]:
    (a, b), _ = PAIRS[check]
    if a not in frame or b not in frame:
        return []
    sub = frame.dropna(subset=[a, b, "total"])
    difference = sub["total"] - (sub[a] + sub[b])
    bad = sub[np.abs(difference) > tolerance + _EPS]
    out = []
    for i, r in bad.iterrows():
        out.append(
            {
                "check": check,
                "level": level,
                "unit": r["unit"] if level == "unit" else None,
                "etat": r["etat"],
                "period": r["period"],
                "period_index": int(r["period_index"]),
                "components": {a: float(r[a]), b: float(r[b])},
                "components_sum": float(r[a] + r[b]),
                "total": float(r["total"]),
                "difference": float(difference[i]),
                "row": int(r["row"]) if level == "unit" else None,
            }
        )
    return out


def component_mismatches(register: AbsenceRegister, config: AbsenceConfig) -> list[dict]:
    """Rows (unit and etat level) where the components do not add up to the total.

    Each mismatch: ``check``, ``level`` (``unit`` or ``etat``), ``unit``, ``etat``,
    ``period``, ``components`` (shares), ``components_sum``, ``total``,
    ``difference`` (total − components, share scale), ``row`` (file row, unit level).
    Etat figures are the register's figures aggregated the way the analysis
    aggregates them (weighted by agreed working days where present).
    """
    frame = register.frame
    etats = aggregate(frame, ["etat"])
    out = []
    for check in PAIRS:
        out += _mismatch_rows(frame, "unit", check, config.tolerance)
        out += _mismatch_rows(etats.assign(row=-1), "etat", check, config.tolerance)
    out.sort(
        key=lambda m: (
            m["check"],
            m["level"] != "etat",
            m["etat"],
            m["unit"] or "",
            m["period_index"],
        )
    )
    return out


def check_absence(register: AbsenceRegister, config: AbsenceConfig) -> AbsenceChecks:
    """Run every check on the register.

    Component and period checks run only when the row checks found no error:
    sums over duplicated or out-of-range rows would only add noise.
    """
    findings = _row_checks(register, config)
    if findings:
        return AbsenceChecks(findings=findings, mismatches=[])
    frame = register.frame
    gaps = missing_periods(frame, config.period_type)
    for unit, group in gaps.groupby("unit", sort=True):
        findings.append(
            _finding(
                "periods_complete",
                "warning",
                f"Enheten «{unit}» mangler tall for {len(group)} "
                f"{'periode' if len(group) == 1 else 'perioder'}.",
                column=register.headers["period"],
                variable="period",
                values=group["period"].tolist(),
            )
        )
    mismatches = component_mismatches(register, config)
    tolerance = fmt.points(config.tolerance, 2)
    for check, ((a, _b), words) in PAIRS.items():
        hits = [m for m in mismatches if m["check"] == check]
        if not hits:
            continue
        units = [m for m in hits if m["level"] == "unit"]
        largest = max(abs(m["difference"]) for m in hits)
        findings.append(
            _finding(
                check,
                "warning",
                f"Summen av {words} avviker fra totalt sykefravær med mer enn {tolerance} "
                f"i {len(units)} {'rad' if len(units) == 1 else 'rader'} "
                f"(største avvik {fmt.points(largest, 1)}).",
                column=register.headers["total"],
                variable=a,
                values=sorted({f"{m['unit'] or m['etat']} {m['period']}" for m in hits}),
                rows=[m["row"] for m in units],
            )
        )
    return AbsenceChecks(findings=findings, mismatches=mismatches)
