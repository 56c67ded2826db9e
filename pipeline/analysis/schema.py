"""How the analysis' tables become ``data/processed/results.json``.

The schema of ``results.json`` is the typed records in
:mod:`pipeline.analysis.results` (:class:`~pipeline.analysis.results.Results`
and the records it holds, with the conventions for shares, intervals and
method records); the tests check every results file they build against them.
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
