"""Run planned expectations with great-expectations 1.x: one suite, one batch, one run.

great-expectations is imported here only, inside the function, so that other
stages start without paying its import time. Results of a suite that is not
saved carry no expectation id, so each expectation gets a ``meta["key"]`` (its
position in the plan) to match its result back.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import pandas as pd

from pipeline.validation.expectations import Planned


@dataclass(frozen=True)
class Outcome:
    """What one expectation found: success, and the frame positions it rejected."""

    success: bool
    positions: tuple[int, ...] = ()


def _columns(kwargs: dict) -> list[str]:
    return [kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs]


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

    # great-expectations logs and warns about things a revisor cannot act on.
    for name in (
        "great_expectations",
        "great_expectations.core",
        "great_expectations.data_context",
    ):
        logging.getLogger(name).setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import great_expectations as gx
        import great_expectations.expectations as gxe
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
        batch = (
            context.data_sources.add_pandas("export")
            .add_dataframe_asset("responses")
            .add_batch_definition_whole_dataframe("all")
            .get_batch(batch_parameters={"dataframe": frame})
        )
        # Passed to the constructor: add_expectation compares each new one with all before it.
        expectations = [getattr(gxe, p.kind)(**p.kwargs, meta=p.meta(i)) for i, p in runnable]
        suite = gx.ExpectationSuite(name="export", expectations=expectations)
        if len(suite.expectations) != len(expectations):
            raise RuntimeError("great-expectations rejected a generated expectation")
        result = batch.validate(suite, result_format={"result_format": "COMPLETE"})

    for r in result.results:
        key = int(r.expectation_config.meta["key"])
        if r.success:
            continue
        info = r.exception_info or {}
        if info.get("raised_exception"):
            raise RuntimeError(
                f"great-expectations failed on {planned[key].kind}({planned[key].kwargs}): "
                f"{info.get('exception_message')}"
            )
        index = r.result.get("unexpected_index_list") or []
        outcomes[key] = Outcome(False, tuple(sorted(int(i) for i in index)))
    return outcomes
