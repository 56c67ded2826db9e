"""The schema of ``data/processed/results.json``, and how tables become JSON.

``results.json`` is written once by the ``analyse`` stage and read by the
figures, the report and the notebooks. Keys (sorted on disk)::

    schema_version   1
    study_id, k (anonymity threshold), inclusion ("all_available" | "completed_only")
    response
      invited, by (the invitation variable), rates: [ {group|null, invited, started, completed,
        incomplete, rate_completed: P, rate_started: P} ] (last row: total)
      definitions: {started, completed, rate_completed, rate_started, dropout}   Norwegian
        sentences, per platform, from pipeline.reading.status.definitions (the rules computed)
      left_out: {tests, not_started}   export rows not counted as respondents: test
        respondents, and invitees who never began
      representativeness: {variable, rows: [{group, invited, respondents, share_invited,
        share_respondents}], chi2, dof, p, n}
      margin_of_error: {n, population, p, with_fpc, without_fpc, confidence}
      dropout: {started, completed, incomplete, dropout: P, by_group: [{group, ...P}]}
      stop_points: {first, incomplete, within_first, after_first}
      dropoff: [ {position, question, text, answering, answered, share} ]
      inclusion: [ {question, all_available, completed_only} ]
      roles: composition by each breakdown variable: {variable: [{group, n, share}]}
    questions: [ in questionnaire order
      {id, type, text, asked_if (Norwegian description or null), n_min, n_max,
       variables: [ {id, label, text, n, n_all, suppressed,
                     frequencies: [ {label, count, share, ci_low, ci_high, share_all,
                                     ci_all_low, ci_all_high, off_scale, side, score} ],
                     likert: {n, mean, sd, mean_ci_low, mean_ci_high, median,
                              negative: P, neutral: P, positive: P} | null} ],
       multiple: {respondents, mentions, options: [ {variable, label, count, share, ci_low,
                  ci_high, share_of_mentions} ]} | null,
       breakdowns: {variable: [ {group, n, suppressed, suppression,
                                 variables: [ same as above, per group ]} ]}} ]
    comparisons
      gaps: [ {id, title, group_a, group_b, items: [ {label, a, b, a_variable, b_variable,
               share_a: P, share_b: P, gap: D, test, p, p_holm, mwu: {u, p, p_holm, rbc,
               cles}, suppressed} ]} ]
      groups: [ {id, variable, text, by, success, groups: [ {group, suppressed, ...P} ],
                 total: P, difference: D | null, chi2, dof, p, cramers_v} ]
      factors: {threshold, by, questions: [ {question, text, items: [ {variable, label,
                negative: P, rank, flagged, by_group: [ {group, suppressed, ...P} ]} ]} ]}
    free_text: [ {id, text, suppressed, n, answers: [all, redacted, sorted],
                  sample: [at most free_text.max_answers of them, drawn with a fixed seed,
                  sorted]} ]   empty unless analysis.yaml sets free_text.show

The same schema as typed records, and the reader every later stage uses
(it checks ``schema_version``): :mod:`pipeline.analysis.results`.

``P`` is a proportion ``{k, n, p, ci_low, ci_high, method}`` (Wilson); ``D`` a
difference ``{difference, ci_low, ci_high, method}`` (Newcombe), as fractions,
full precision: rounding happens only in :mod:`pipeline.formatting`. A
suppressed cell keeps its labels and ``suppressed: true`` but no numbers.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from pipeline.analysis.proportions import clean
from pipeline.analysis.results import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "to_records"]


def to_records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-safe dicts (NaN → ``None``, numpy scalars → Python).

    >>> to_records(pd.DataFrame({"group": ["A", None], "n": [1.0, float("nan")]}))
    [{'group': 'A', 'n': 1.0}, {'group': None, 'n': None}]
    """
    out = []
    for row in table.to_dict("records"):
        out.append({str(k): _json_value(v) for k, v in row.items()})
    return out


def _json_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    return clean(value)
