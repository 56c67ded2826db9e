"""Generate the expectations for one export from the codebook and the study config.

Nothing here is written per study: every expectation follows from a codebook
variable (its type, labels, routing) or from ``study.yaml`` (survey window).
Each :class:`Planned` names a great-expectations expectation class and its
arguments, plus the check id and severity that go into the expectation's
``meta``, so results can be matched back without a saved suite.

Checks generated here (severity in brackets):

``column_present`` (error; warning when the variable is ``required: false``)
    the export has a column for every codebook variable.
``respondent_id_present``, ``respondent_id_unique`` (error)
    every row has a respondent id, and no id occurs twice.
``completion_status_valid`` (error)
    ``completed`` is true/false in every row; the platform's status field,
    where present, holds a known value.
``timestamp_parses`` (error)
    every row has a start time that could be read.
``timestamp_in_window`` (error)
    start and end times lie in [invitation date, closing date + 1 day).
``completed_after_started`` (error)
    no end time before the start time.
``answer_in_label_set`` (error)
    every answer to a closed question is one of its labels (on or off the scale).
``routing_respected`` (warning)
    no answers from respondents the routing condition (``asked_if``) left out,
    i.e. whose condition is false or whose condition variable is unanswered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from pipeline.codebook.model import Codebook, Condition, Variable
from pipeline.config import StudyConfig
from pipeline.reading.model import DecodedExport

# Status values each platform writes (docs/platforms.md).
KNOWN_STATUS: dict[str, tuple[str, ...]] = {
    "questback_essentials": ("Fullført", "Ikke fullført"),
    "efs": tuple(str(c) for c in (11, 12, 13, 14, 15, 20, 21, 22, 23, *range(31, 44))),
    "surveyxact": ("1", "2", "3", "4", "5"),
}

ROUTING_PREFIX = "__routing__"


@dataclass(frozen=True)
class Planned:
    """One expectation to run, with what is needed to report its result.

    ``kind`` is the great-expectations class name in ``great_expectations.expectations``;
    ``context`` carries what the message needs (window dates, condition text,
    columns to name values from).
    """

    check: str
    severity: str
    column: str | None
    variable: str | None
    kind: str
    kwargs: dict[str, Any]
    context: dict[str, Any] = field(default_factory=dict)

    def meta(self, key: int) -> dict[str, Any]:
        """The expectation's ``meta``: how its result maps back to a finding."""
        return {"key": key, "check": self.check, "severity": self.severity}


def header_of(decoded: DecodedExport, var: Variable) -> str:
    """The column header a user sees for ``var`` (the codebook's, when the file lacks it)."""
    return decoded.headers.get(var.id) or var.header or var.code or var.id


def is_present(decoded: DecodedExport, var_id: str) -> bool:
    """Whether the export had a column for ``var_id``.

    Decoding fills a column the file lacks with NA and gives it no header.
    """
    frame = decoded.frame
    if var_id not in frame.columns:
        return False
    return var_id in decoded.headers or bool(frame[var_id].notna().any())


def _clause_holds(frame: pd.DataFrame, var: Variable, values: tuple[object, ...]) -> np.ndarray:
    """Rows where ``var`` is one of ``values`` (unanswered never holds)."""
    col = frame[var.id]
    if var.type == "choice":
        wanted = [
            v if isinstance(v, bool) else str(v).strip().lower() in ("true", "ja", "1")
            for v in values
        ]
        return col.astype("boolean").isin(wanted).fillna(False).to_numpy(dtype=bool)
    if var.type == "number":
        numbers = pd.to_numeric(pd.Series(list(values)), errors="coerce").dropna().tolist()
        return col.astype("Float64").isin(numbers).fillna(False).to_numpy(dtype=bool)
    texts = [str(v) for v in values]
    return col.astype("string").isin(texts).fillna(False).to_numpy(dtype=bool)


def asked(frame: pd.DataFrame, codebook: Codebook, condition: Condition) -> np.ndarray:
    """Rows the routing condition lets through (every clause holds).

    >>> import textwrap, yaml
    >>> from pathlib import Path
    >>> from pipeline.codebook.load import parse_codebook
    >>> cb = parse_codebook(yaml.safe_load(textwrap.dedent('''
    ...     platform: questback_essentials
    ...     questions:
    ...       - {id: leder, type: single, header: "Leder", labels: [Ja, Nei]}
    ...       - {id: ant, type: number, header: "Antall", asked_if: {leder: [Ja]}}
    ... ''')), Path("codebook.yaml"))
    >>> f = pd.DataFrame({"leder": ["Ja", "Nei", None]})
    >>> asked(f, cb, cb.variable("ant").asked_if).tolist()
    [True, False, False]
    """
    mask = np.ones(len(frame), dtype=bool)
    for var_id, values in condition.clauses:
        mask = mask & _clause_holds(frame, codebook.variable(var_id), values)
    return mask


def _answered(frame: pd.DataFrame, var: Variable) -> np.ndarray:
    col = frame[var.id]
    answered = col.notna().to_numpy(dtype=bool)
    if var.type == "text":
        answered = answered & (col.astype("string").str.strip() != "").fillna(False).to_numpy(
            dtype=bool
        )
    return answered


def _cheap_to_take(series: pd.Series) -> pd.Series:
    """Strings as numpy objects: great-expectations filters the whole frame once per
    metric, and taking rows of Arrow-backed strings is about 30 times slower."""
    if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
        return series.astype(object)
    return series


def _window(study: StudyConfig) -> tuple[pd.Timestamp, pd.Timestamp]:
    survey = study.survey
    return pd.Timestamp(survey.invitation), pd.Timestamp(survey.closed + dt.timedelta(days=1))


def plan_expectations(
    decoded: DecodedExport, codebook: Codebook, study: StudyConfig
) -> tuple[pd.DataFrame, list[Planned]]:
    """The frame to validate (position index, routing columns added) and the expectations.

    Parameters
    ----------
    decoded
        The decoded export.
    codebook
        The study's codebook: variables, labels, routing.
    study
        The study config: survey window.

    Returns
    -------
    (frame, planned)
        ``frame`` holds the metadata columns, one column per variable the file
        has, and one boolean ``__routing__<id>`` column per routed question
        (true where someone not asked answered). Its index is the row position
        in ``decoded.frame``; ``decoded.rows`` gives the file row.
    """
    source = decoded.frame.reset_index(drop=True)
    headers = decoded.headers
    columns: dict[str, pd.Series] = {}
    planned: list[Planned] = []

    # Respondent metadata.
    id_header = headers.get("respondent_id", "Respondent-ID")
    if "respondent_id" in source:
        columns["respondent_id"] = source["respondent_id"]
    planned += [
        Planned(
            "respondent_id_present",
            "error",
            id_header,
            None,
            "ExpectColumnValuesToNotBeNull",
            {"column": "respondent_id"},
        ),
        Planned(
            "respondent_id_unique",
            "error",
            id_header,
            None,
            "ExpectColumnValuesToBeUnique",
            {"column": "respondent_id"},
        ),
    ]
    status_header = headers.get("status") or headers.get("completed_at")
    if "completed" in source:
        columns["completed"] = source["completed"]
    for kind in ("ExpectColumnValuesToNotBeNull", "ExpectColumnValuesToBeInSet"):
        kwargs: dict[str, Any] = {"column": "completed"}
        if kind == "ExpectColumnValuesToBeInSet":
            kwargs["value_set"] = [True, False]
        planned.append(
            Planned(
                "completion_status_valid",
                "error",
                status_header,
                None,
                kind,
                kwargs,
                {"field": "completed"},
            )
        )
    if "status" in source and "status" in headers:
        columns["status"] = source["status"]
        known = KNOWN_STATUS.get(codebook.platform, ())
        known = tuple(dict.fromkeys(known + codebook.metadata.completed_values))
        planned.append(
            Planned(
                "completion_status_valid",
                "error",
                headers["status"],
                None,
                "ExpectColumnValuesToNotBeNull",
                {"column": "status"},
                {"field": "status"},
            )
        )
        if known:
            planned.append(
                Planned(
                    "completion_status_valid",
                    "error",
                    headers["status"],
                    None,
                    "ExpectColumnValuesToBeInSet",
                    {"column": "status", "value_set": list(known)},
                    {"field": "status", "known": known},
                )
            )

    # Timestamps: parsed, inside the survey window, end not before start.
    low, high = _window(study)
    window = {"first": study.survey.invitation, "last": study.survey.closed}
    for name in ("started_at", "completed_at"):
        if name not in source or name not in headers:
            continue
        columns[name] = source[name]
        if name == "started_at":
            planned.append(
                Planned(
                    "timestamp_parses",
                    "error",
                    headers[name],
                    None,
                    "ExpectColumnValuesToNotBeNull",
                    {"column": name},
                )
            )
        planned.append(
            Planned(
                "timestamp_in_window",
                "error",
                headers[name],
                None,
                "ExpectColumnValuesToBeBetween",
                {"column": name, "min_value": low, "max_value": high, "strict_max": True},
                window,
            )
        )
    if "started_at" in columns and "completed_at" in columns:
        planned.append(
            Planned(
                "completed_after_started",
                "error",
                headers["completed_at"],
                None,
                "ExpectColumnPairValuesAToBeGreaterThanB",
                {
                    "column_A": "completed_at",
                    "column_B": "started_at",
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
            )
        )

    # One column per variable: present, answers in the label set.
    for var in codebook:
        if var.identifying:
            continue  # dropped at decoding, unseen by any check
        header = header_of(decoded, var)
        planned.append(
            Planned(
                "column_present",
                "error" if var.required else "warning",
                header,
                var.id,
                "ExpectColumnToExist",
                {"column": var.id},
            )
        )
        if not is_present(decoded, var.id):
            continue
        columns[var.id] = source[var.id]
        if var.is_closed and var.type != "choice":
            planned.append(
                Planned(
                    "answer_in_label_set",
                    "error",
                    header,
                    var.id,
                    "ExpectColumnValuesToBeInSet",
                    {"column": var.id, "value_set": list(var.answer_labels)},
                )
            )

    # Routing: one derived column per routed item, one per multiple-choice question.
    for question in codebook.questions:
        if question.asked_if is None:
            continue
        if not all(is_present(decoded, v) for v in question.asked_if.variables()):
            continue  # a missing condition column is reported by column_present
        who = asked(source, codebook, question.asked_if)
        present = [v for v in question.variables if is_present(decoded, v.id)]
        if question.type == "multiple":
            groups = [(question.id, question.text or question.id, present)] if present else []
        else:
            groups = [(v.id, header_of(decoded, v), [v]) for v in present]
        for target, header, variables in groups:
            answered = np.zeros(len(source), dtype=bool)
            for v in variables:
                answered |= _answered(source, v)
            name = f"{ROUTING_PREFIX}{target}"
            columns[name] = pd.Series(answered & ~who, index=source.index)
            planned.append(
                Planned(
                    "routing_respected",
                    "warning",
                    header,
                    target,
                    "ExpectColumnValuesToBeInSet",
                    {"column": name, "value_set": [False]},
                    {
                        "condition": question.asked_if.describe(codebook),
                        "values_from": [(v.id, v.type, v.label) for v in variables],
                    },
                )
            )

    frame = pd.DataFrame({k: _cheap_to_take(v) for k, v in columns.items()}, index=source.index)
    return frame, planned
