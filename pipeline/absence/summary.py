"""Everything the report and notebooks need about registered absence, as one JSON-ready dict.

``absence.json`` (written by :mod:`pipeline.absence.run`) has these keys; rates,
gaps and tolerances are shares (0.111 is 11,1 %; a gap of 0.031 is 3,1
prosentpoeng), full precision, rounded only by :mod:`pipeline.formatting`:

``study_id``, ``source`` (file, sha256, size_bytes, format, encoding,
separator, sheet, description), ``period_type`` and ``period_type_name``,
``periods`` (labels in order), ``latest_period``, ``method``
(``weighted_by_agreed_days`` or ``unweighted_mean``), ``fields`` (rates
present), ``tolerance``, ``counts`` (rows, units, etats),
``trend`` (kommune and etats per period, see :func:`~pipeline.absence.analysis.trend`),
``units`` (the register, one record per file row), ``moved_units`` (units
recorded under more than one etat), ``ranking`` (latest period, see
:func:`~pipeline.absence.analysis.rank_units`), ``targets`` (with SMARTE
assessments), ``smarte_criteria`` (key, label), ``target_gaps`` and
``reference_gaps`` (see :func:`~pipeline.absence.analysis.gap_to_target`),
``national_reference``, ``findings`` (validation.json shape) and
``mismatches`` (see :func:`~pipeline.absence.checks.component_mismatches`).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from pipeline.absence.analysis import RATES, gap_to_target, rank_units, trend
from pipeline.absence.checks import AbsenceChecks
from pipeline.absence.config import KOMMUNE, PERIOD_NAMES, SMARTE, AbsenceConfig
from pipeline.absence.read import AbsenceRegister
from pipeline.errors import PipelineError


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return _clean(value.item())
    if value is pd.NA:
        return None
    return value


def records(frame: pd.DataFrame) -> list[dict]:
    """A frame as JSON-ready records (NaN → None, numpy scalars → Python)."""
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _moved_units(frame: pd.DataFrame) -> list[dict]:
    out = []
    for unit, group in frame.sort_values("period_index").groupby("unit", sort=True):
        if group["etat"].nunique() < 2:
            continue
        spells = []
        for _, spell in group.groupby((group["etat"] != group["etat"].shift()).cumsum()):
            spells.append(
                {
                    "etat": spell["etat"].iloc[0],
                    "first_period": spell["period"].iloc[0],
                    "last_period": spell["period"].iloc[-1],
                }
            )
        out.append({"unit": unit, "etats": spells})
    return out


def _levels(trend_frame: pd.DataFrame, period_index: int, scope: str) -> pd.DataFrame:
    latest = trend_frame[trend_frame["period_index"] == period_index]
    if scope == KOMMUNE:
        return latest  # the kommune and every etat, as the audit read the 8 % target
    return latest[(latest["level"] == "etat") & (latest["name"] == scope)]


def _gap_records(levels: pd.DataFrame, target: float, target_id: str | None) -> list[dict]:
    gaps = gap_to_target(levels[["level", "name", "period", "total"]], target)
    if target_id is not None:
        gaps.insert(0, "target_id", target_id)
    return records(gaps)


def summarise(
    register: AbsenceRegister, config: AbsenceConfig, checks: AbsenceChecks, study_id: str
) -> dict:
    """Build the ``absence.json`` dict (see the module docstring for its keys)."""
    frame = register.frame
    t = trend(frame)
    latest_index = int(frame["period_index"].max())
    periods = (
        frame[["period_index", "period"]].drop_duplicates().sort_values("period_index")["period"]
    )
    etats = sorted(frame["etat"].unique())
    for target in config.targets:
        if target.scope != KOMMUNE and target.scope not in etats:
            raise PipelineError(
                f"Målet «{target.id}» gjelder etaten «{target.scope}», som ikke finnes i "
                "sykefraværsstatistikken.",
                file=config.path,
                values=(target.scope,),
                hint=f"Etatene i filen er: {', '.join(etats)}. Bruk «kommune» for hele kommunen.",
            )
    unknown = sorted(set(config.ranking.etats) - set(etats))
    if unknown:
        raise PipelineError(
            "«ranking.etats» viser til etater som ikke finnes i sykefraværsstatistikken.",
            file=config.path,
            values=unknown,
            hint=f"Etatene i filen er: {', '.join(etats)}.",
        )
    ranking = rank_units(
        frame, latest_index, etats=config.ranking.etats, count=config.ranking.count
    )
    national = config.national
    target_gaps: list[dict] = []
    targets = []
    for target in config.targets:
        value = national.value if target.reference == "national" and national else target.value
        targets.append(
            {
                "id": target.id,
                "text": target.text,
                "value": value,
                "reference": target.reference,
                "deadline": target.deadline.isoformat() if target.deadline else None,
                "scope": target.scope,
                "decided_by": target.decided_by,
                "smarte": dict(target.smarte),
            }
        )
        if value is not None:
            target_gaps += _gap_records(_levels(t, latest_index, target.scope), value, target.id)
    unit_columns = ["unit", "etat", "period_index", "period"]
    unit_columns += [c for c in (*RATES, "agreed_days") if c in frame] + ["row"]
    return {
        "study_id": study_id,
        "source": {
            "file": register.source.path.name,
            "sha256": register.source.sha256,
            "size_bytes": register.source.size_bytes,
            "format": register.source.format,
            "encoding": register.source.encoding,
            "separator": register.source.separator,
            "sheet": register.source.sheet,
            "description": config.source,
        },
        "period_type": config.period_type,
        "period_type_name": PERIOD_NAMES[config.period_type],
        "periods": periods.tolist(),
        "latest_period": periods.iloc[-1],
        "method": t["method"].iloc[0],
        "fields": [c for c in RATES if c in frame],
        "tolerance": config.tolerance,
        "counts": {
            "rows": len(frame),
            "units": int(frame["unit"].nunique()),
            "etats": len(etats),
        },
        "trend": records(t),
        "units": records(frame.sort_values(["etat", "unit", "period_index"])[unit_columns]),
        "moved_units": _moved_units(frame),
        "ranking": {
            "period": periods.iloc[-1],
            "etats": list(config.ranking.etats),
            "count": config.ranking.count,
            "rows": records(ranking),
        },
        "targets": targets,
        "smarte_criteria": [{"key": k, "label": label} for k, label in SMARTE],
        "target_gaps": target_gaps,
        "national_reference": None
        if national is None
        else {
            "value": national.value,
            "label": national.label,
            "period": national.period,
            "source": national.source,
            "url": national.url,
        },
        "reference_gaps": []
        if national is None
        else _gap_records(t[t["period_index"] == latest_index], national.value, None),
        "findings": checks.findings,
        "mismatches": checks.mismatches,
    }
