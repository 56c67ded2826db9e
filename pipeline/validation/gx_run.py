"""Run planned expectations with great-expectations 1.x: one context, a batch per few columns.

Each expectation runs once for its outcome (``BOOLEAN_ONLY``); the few that fail
run again with ``COMPLETE`` results for the rows they rejected. Text columns
reach great-expectations as categoricals (see :func:`_cheap_to_check`).

great-expectations is imported here only, inside the function, so that other
stages start without paying its import time. Results of a suite that is not
saved carry no expectation id, so each expectation gets a ``meta["key"]`` (its
position in the plan) to match its result back.
"""

from __future__ import annotations

import logging
import sys
import warnings
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline.progress import progress
from pipeline.validation.expectations import Planned


@dataclass(frozen=True)
class Outcome:
    """What one expectation found: success, and the frame positions it rejected."""

    success: bool
    positions: tuple[int, ...] = ()


def _columns(kwargs: dict) -> list[str]:
    return [kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs]


COLUMNS_PER_PART = 8


def skip_unused_imports() -> None:
    """Keep great-expectations' import from building grammars no check here uses.

    great-expectations imports altair, which imports jsonschema, whose format
    checker compiles an IRI grammar with lark when ``rfc3987-syntax`` is
    installed: about 2 s of every validating stage. Marking that optional module
    as absent (before jsonschema is first imported) only drops jsonschema's
    ``iri`` format check. Call it right before importing great-expectations.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]


def pandas_batches(source: str, asset: str) -> Any:
    """A batch definition for whole pandas frames in a quiet, in-memory great-expectations context.

    No files, no analytics, no progress bars, and none of its logging a revisor
    cannot act on. ``.get_batch(batch_parameters={"dataframe": frame})`` on the
    result gives a batch to validate.
    """
    for name in (
        "great_expectations",
        "great_expectations.core",
        "great_expectations.data_context",
    ):
        logging.getLogger(name).setLevel(logging.ERROR)
    skip_unused_imports()
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        progress_bars=ProgressBarsConfig(globally=False),
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
    )
    context = gx.get_context(mode="ephemeral", project_config=config)
    return (
        context.data_sources.add_pandas(source)
        .add_dataframe_asset(asset)
        .add_batch_definition_whole_dataframe("all")
    )


def _cheap_to_check(series: pd.Series) -> pd.Series:
    """Text columns as categoricals (categories in order of appearance), others as they are.

    great-expectations hashes every batch frame and null-checks a column for each
    metric; on Python strings both take a pass over every cell (hashing even
    factorizes the column first), on a categorical they work on small integer codes.
    The values, missing cells and index are the same, so every expectation used
    here (not null, unique, in set) finds the same rows.
    """
    if series.dtype != object and not pd.api.types.is_string_dtype(series.dtype):
        return series
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    categorical = pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object))
    return pd.Series(categorical, index=series.index, name=series.name)


@dataclass(frozen=True)
class _Part:
    columns: list[str]
    expectations: list[tuple[int, Planned]]


def _parts(runnable: list[tuple[int, Planned]], frame: pd.DataFrame) -> list[_Part]:
    """The expectations in groups of a few columns, each group with only its own columns.

    great-expectations takes the rows of the whole batch frame for every metric
    it computes, so one batch of all columns costs (expectations × columns × rows);
    a few columns per batch keeps that near (expectations × rows).
    """
    parts: list[_Part] = []
    where: dict[str, int] = {}
    for i, p in runnable:
        present = [c for c in _columns(p.kwargs) if c in frame.columns]
        known = {where[c] for c in present if c in where}
        if known:
            j = min(known)  # a pair of columns is always planned after both columns' own checks
        elif parts and len(parts[-1].columns) < COLUMNS_PER_PART:
            j = len(parts) - 1
        else:
            parts.append(_Part([], []))
            j = len(parts) - 1
        for c in present:
            if c not in parts[j].columns:
                parts[j].columns.append(c)
            where.setdefault(c, j)
        parts[j].expectations.append((i, p))
    return parts


def run_suite(frame: pd.DataFrame, planned: list[Planned]) -> list[Outcome]:
    """Validate ``frame`` against every planned expectation in one run.

    Parameters
    ----------
    frame
        The frame to validate; its index must be row positions (0..n-1).
    planned
        The expectations, from :func:`pipeline.validation.expectations.plan_expectations`.

    Returns
    -------
    list of Outcome
        One per planned expectation, in plan order. An expectation on a column
        the frame lacks (other than ``ExpectColumnToExist``) is not run and
        counts as a success: the missing column is reported by ``column_present``.
    """
    outcomes = [Outcome(True) for _ in planned]
    runnable = [
        (i, p)
        for i, p in enumerate(planned)
        if p.kind == "ExpectColumnToExist" or all(c in frame.columns for c in _columns(p.kwargs))
    ]
    if not runnable:
        return outcomes

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        batch_definition = pandas_batches("export", "responses")  # first: it trims the import
        # Two passes, both through great-expectations: every expectation runs once for its
        # outcome alone (BOOLEAN_ONLY computes just the counts), and only those that fail
        # run again for the rows they rejected (COMPLETE, several metrics more each).
        failed: list[tuple[pd.DataFrame, list[tuple[int, Planned]]]] = []
        for part in progress(_parts(runnable, frame), "Validering", unit="del"):
            data = pd.DataFrame(
                {c: _cheap_to_check(frame[c]) for c in part.columns}, index=frame.index
            )
            results = _validate(batch_definition, data, part.expectations, "BOOLEAN_ONLY")
            failing = {key for key, r in results.items() if not _succeeded(r, planned[key])}
            if failing:
                failed.append((data, [(i, p) for i, p in part.expectations if i in failing]))
        for data, expectations in failed:
            results = _validate(batch_definition, data, expectations, "COMPLETE")
            for key, r in results.items():
                if _succeeded(r, planned[key]):
                    raise RuntimeError(
                        f"great-expectations gave two outcomes for {planned[key].kind}"
                        f"({planned[key].kwargs})"
                    )
                index = r.result.get("unexpected_index_list") or []
                outcomes[key] = Outcome(False, tuple(sorted(int(i) for i in index)))
    return outcomes


def _validate(
    batch_definition: Any,
    data: pd.DataFrame,
    expectations: list[tuple[int, Planned]],
    result_format: str,
) -> dict[int, Any]:
    """Run ``expectations`` on ``data`` in one suite; results by plan position."""
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from great_expectations.validator.v1_validator import Validator

    # Passed to the constructor: add_expectation compares each new one with all before it.
    built = [getattr(gxe, p.kind)(**p.kwargs, meta=p.meta(i)) for i, p in expectations]
    suite = gx.ExpectationSuite(name="export", expectations=built)
    if len(suite.expectations) != len(built):
        raise RuntimeError("great-expectations rejected a generated expectation")
    # What Batch.validate runs, minus the get_batch before it: each get_batch hashes
    # the whole frame, and Batch.validate gets the batch again anyway.
    validator = Validator(
        batch_definition=batch_definition,
        batch_parameters={"dataframe": data},
        result_format={"result_format": result_format},
    )
    results = validator.validate_expectation_suite(suite).results
    return {int(r.expectation_config.meta["key"]): r for r in results}


def _succeeded(result: Any, planned: Planned) -> bool:
    """The expectation's outcome; a check that great-expectations could not run is a bug here."""
    info = result.exception_info or {}
    if not result.success and info.get("raised_exception"):
        raise RuntimeError(
            f"great-expectations failed on {planned.kind}({planned.kwargs}): "
            f"{info.get('exception_message')}"
        )
    return bool(result.success)
