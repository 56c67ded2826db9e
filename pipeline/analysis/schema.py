"""The schema of ``data/processed/results.json``, and how tables become JSON.

``results.json`` is written once by the ``analyse`` stage and read by the
figures, the report and the notebooks. Keys (sorted on disk)::

    schema_version   2 (pipeline.analysis.results.SCHEMA_VERSION)
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
      margin_of_error: {n, population, p, with_fpc, without_fpc, confidence, method: M,
        base: "completed"}   the survey's one stated figure: n = completed, N = invited
      dropout: {started, completed, incomplete, dropout: P, by_group: [{group, ...P}]}
      stop_points: {first, incomplete, within_first, after_first, by_question: [ {position
        (last answered question, 0: none), question | null, short | null, ...P} ], most: the
        by_question row with the most respondents | null}
      dropoff: [ {position, question, text, short, routed (asked only to a subgroup), answering
        (completed, or answered this or a later question), asked (of those, given the question
        by the routing), answered (of those asked), share (answering / started)} ]
      inclusion: [ {question, all_available, completed_only} ]
      roles: composition by each breakdown variable: {variable: [{group, n, share, base}]}
        base = respondents with a value for the variable (share = n / base)
    questions: [ in questionnaire order
      {id, type, text, short (the codebook's short label), asked_if (Norwegian description
       with short labels and answer texts, "som svarte «Ja» på spørsmålet om …", or null),
       asked (respondents the routing lets through), n_min, n_max,
       variables: [ {id, label, text, n, n_all, suppressed,
                     base: {answered (= n_all), on_scale (= n), shares_of: "on_scale" |
                            "answered" (which of the two the shown shares are of)},
                     margin_of_error: {...as above, n = base[shares_of]; population only
                                       for a question asked of everyone},
                     frequencies: [ {label, count, share, ci_low, ci_high, share_all,
                                     ci_all_low, ci_all_high, off_scale, side (favourable |
                                     neutral | unfavourable | null), score,
                                     method: M (both intervals)} ],
                     likert: {n, mean, sd, mean_ci_low, mean_ci_high, mean_method: M, median,
                              direction (high | low | none: the favourable end), labels,
                              favourable_labels, unfavourable_labels, favourable: P,
                              neutral: P, unfavourable: P (null without direction)} | null} ],
       multiple: {respondents, mentions, margin_of_error, options: [ {variable, label, count,
                  share, ci_low, ci_high, share_of_mentions, method: M} ]} | null,
       breakdowns: {variable: [ {group, n, suppressed, suppression,
                                 variables: [ same as above, per group ]} ]}} ]
    comparisons
      gaps: [ {id, title, group_a, group_b (labels), groups: {a|b: {label, question (text
               of the group's first item's question), where (the rule, Norwegian, or
               null)}}, overlap ("a" | "b" | "both"), holm_family,
               items: [ {label, a_variable, b_variable, excluded_a, excluded_b (ratings kept
               out by the group's rule), overlap: {rule, in_both, moved, moved_from,
               independent}, suppressed, share_a: P, share_b: P, gap: D (independent) or
               {difference} alone, test ("z_test" | "fisher_exact" | null), p, method: M,
               p_holm, adjust: M, untested ("overlapping_groups" | null),
               mwu: {u, p, p_holm, rbc, cles, method: M, adjust: M} | null} ]} ]
      groups: [ {id, variable, text, short, by, by_short, success, groups: [ {group,
                 suppressed, ...P} ], total: P, total_weighted: {p, ci_low, ci_high, n,
                 weights: {group: share of invited}, method: M (poststratification)} | null (when
                 by is the invitation variable), difference: D | null, chi2, dof, p, cramers_v, method: M,
                 effect_method: M} ]
      factors: {threshold, by, questions: [ {question, text, short, items: [ {variable, label,
                direction, unfavourable_labels, unfavourable: P (the item's unfavourable end),
                rank, flagged, by_group: [ {group, suppressed, ...P} ]} ]} ]}
    free_text: [ {id, text, suppressed, n, answers: [all, redacted, sorted],
                  sample: [at most free_text.max_answers of them, drawn with a fixed seed,
                  sorted]} ]   empty unless analysis.yaml sets free_text.show

The same schema as typed records, and the reader every later stage uses
(it checks ``schema_version``): :mod:`pipeline.analysis.results`.

``P`` is a proportion ``{k, n, p, ci_low, ci_high, method}`` (Wilson); ``D`` a
difference ``{difference, ci_low, ci_high, method}`` (Newcombe), as fractions,
full precision: rounding happens only in :mod:`pipeline.formatting`. A
suppressed cell keeps its labels and ``suppressed: true`` but no numbers.

``M`` is a method record (:mod:`pipeline.analysis.methods`): the name and the
parameters of the call that made the statistic, e.g. ``{"ci": "wilson",
"level": 0.95}``, ``{"ci": "newcombe", "variant": 10, "correction": false,
"level": 0.95}``, ``{"ci": "t", "level": 0.95, "scores": "ordinal_1_to_k"}``,
``{"test": "chi2", "kind": "independence" | "goodness_of_fit", "correction":
false}``, ``{"effect": "cramers_v", "correction": false}``, ``{"test": "z",
"pooled": true, "correction": false, "alternative": "two-sided"}``, ``{"test":
"fisher_exact", "alternative": "two-sided"}``, ``{"test": "mann_whitney",
"approximation": "normal" | "exact", "ties": "corrected", "correction": true,
...}``, ``{"adjust": "holm", "family", "size", "members"}``, ``{"moe":
"normal", "level", "p", "fpc", "assumption": "simple_random_sampling"}``.
Every value with an interval or a p-value has one next to it: ``method`` (an
interval or a test), ``mean_method``, ``effect_method`` and ``adjust`` (Holm).
The report's method appendix is generated from them
(:mod:`pipeline.report.method_appendix`).
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
