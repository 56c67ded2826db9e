"""``results.json`` as typed records, and the one reader that checks it is current.

The analyse stage writes ``results.json``; the figures, the report and the
notebooks read it with :func:`read_results`, which refuses a file written by an
older version of the pipeline (its ``schema_version``), one from another study,
and one that is not a results file, each with a Norwegian message that says to
run ``make analyse`` again. The records below are the schema of
:mod:`pipeline.analysis.schema` as :class:`~typing.TypedDict` s: they describe
the keys every reader may rely on. A file may hold more (a field added later is
read through); bump :data:`SCHEMA_VERSION` when a
reader comes to rely on a key that older files lack.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NotRequired, TypedDict, cast

from pipeline.errors import PipelineError

# Here rather than in pipeline.analysis.schema, so that reading results imports neither
# pandas nor statsmodels (the report stage does not need them).
# 2: method records on every statistic, a base per variable, gap groups by rule (issue 19)
SCHEMA_VERSION = 2


class Proportion(TypedDict):
    """A share with its Wilson interval, as fractions."""

    k: int
    n: int
    p: float | None
    ci_low: float | None
    ci_high: float | None
    method: dict[str, Any]  # see pipeline.analysis.methods


class Difference(TypedDict):
    """A difference between two shares with its Newcombe interval, as fractions.

    Between groups that overlap, only ``difference`` is given (no interval, no method).
    """

    difference: float
    ci_low: NotRequired[float | None]
    ci_high: NotRequired[float | None]
    method: NotRequired[dict[str, Any]]


class MarginOfError(TypedDict):
    n: int
    population: int | None
    p: float
    confidence: float
    with_fpc: float | None
    without_fpc: float | None
    method: dict[str, Any]


class Base(TypedDict):
    """Whom a variable's shares are of: all who answered, or those on the scale."""

    answered: int
    on_scale: int
    shares_of: str  # "answered" | "on_scale"


class Frequency(TypedDict):
    label: str
    count: int | None
    share: float | None
    ci_low: float | None
    ci_high: float | None
    off_scale: bool
    side: str | None
    score: int | None
    method: dict[str, Any]


class VariableResult(TypedDict):
    id: str
    label: str | None
    text: str
    n: int
    n_all: int
    base: Base
    margin_of_error: NotRequired[MarginOfError]  # on the question's own variables only
    suppressed: bool
    frequencies: list[Frequency]
    likert: dict[str, Any] | None


class QuestionResult(TypedDict):
    id: str
    type: str
    text: str
    asked_if: str | None
    asked: int
    n_min: int
    n_max: int
    variables: list[VariableResult]
    multiple: dict[str, Any] | None
    breakdowns: dict[str, list[dict[str, Any]]]


class GroupComparison(TypedDict):
    id: str
    variable: str
    text: str
    by: str
    success: list[str]
    groups: list[dict[str, Any]]  # {group, suppressed, ...Proportion}
    total: Proportion
    difference: Difference | None
    chi2: float | None
    dof: int | None
    p: float | None
    cramers_v: float | None
    method: NotRequired[dict[str, Any]]
    effect_method: NotRequired[dict[str, Any]]


class GapItem(TypedDict):
    label: str
    a_variable: str
    b_variable: str
    excluded_a: int
    excluded_b: int
    overlap: dict[str, Any]  # {rule, in_both, moved, moved_from, independent}
    suppressed: bool
    share_a: NotRequired[Proportion]
    share_b: NotRequired[Proportion]
    gap: NotRequired[Difference]
    test: NotRequired[str | None]
    p: NotRequired[float | None]
    p_holm: NotRequired[float | None]
    method: NotRequired[dict[str, Any] | None]
    adjust: NotRequired[dict[str, Any]]
    mwu: NotRequired[dict[str, Any] | None]
    untested: NotRequired[str | None]


class GapComparison(TypedDict):
    id: str
    title: str
    group_a: str
    group_b: str
    groups: dict[str, dict[str, Any]]  # a|b: {label, question, where}
    overlap: str
    holm_family: str
    items: list[GapItem]


class Comparisons(TypedDict):
    gaps: list[GapComparison]
    groups: list[GroupComparison]
    factors: dict[str, Any] | None


class FreeText(TypedDict):
    id: str
    text: str
    suppressed: bool
    n: int
    answers: NotRequired[list[str]]
    sample: NotRequired[list[str]]


class Results(TypedDict):
    """The whole of ``results.json``."""

    schema_version: int
    study_id: str
    k: int
    inclusion: str
    response: dict[str, Any]
    questions: list[QuestionResult]
    comparisons: Comparisons
    free_text: list[FreeText]


REQUIRED = tuple(sorted(Results.__required_keys__))


def check_results(data: object, path: Path, study_id: str | None = None) -> Results:
    """``data`` (parsed from ``path``) as :class:`Results`, or a Norwegian error.

    >>> check_results({"schema_version": 0}, Path("results.json"))
    Traceback (most recent call last):
    ...
    pipeline.errors.PipelineError: Fil «results.json»: Resultatfilen er laget av en eldre versjon av verktøyet (skjemaversjon 0, denne versjonen leser 2). Kjør «make analyse» for å lage den på nytt.
    """
    again = "Kjør «make analyse» for å lage den på nytt."
    if not isinstance(data, dict) or "schema_version" not in data:
        raise PipelineError(f"Filen er ikke en resultatfil fra analysetrinnet. {again}", file=path)
    version = data["schema_version"]
    if version != SCHEMA_VERSION:
        age = "eldre" if isinstance(version, int) and version < SCHEMA_VERSION else "annen"
        raise PipelineError(
            f"Resultatfilen er laget av en {age} versjon av verktøyet (skjemaversjon "
            f"{version}, denne versjonen leser {SCHEMA_VERSION}). {again}",
            file=path,
        )
    missing = [key for key in REQUIRED if key not in data]
    if missing:
        raise PipelineError(
            f"Resultatfilen mangler deler ({', '.join(missing)}). {again}", file=path
        )
    if study_id is not None and data["study_id"] != study_id:
        raise PipelineError(
            f"Resultatfilen hører til studien «{data['study_id']}», ikke «{study_id}». {again}",
            file=path,
        )
    return cast(Results, data)


def read_results(path: Path, study_id: str | None = None) -> Results:
    """Read ``results.json``; refuse a missing, damaged, stale or other study's file.

    Parameters
    ----------
    path
        Usually ``data/processed/results.json``.
    study_id
        When given, the file must belong to this study.

    Raises
    ------
    PipelineError
        In Norwegian, naming the file and saying to run ``make analyse``.
    """
    path = Path(path)
    if not path.is_file():
        raise PipelineError(
            "Resultatfilen mangler. Kjør trinnet «analyse» først (eller «make report»).",
            file=path,
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PipelineError(
            f"Resultatfilen kan ikke leses ({exc}). Kjør «make analyse» for å lage den på nytt.",
            file=path,
        ) from exc
    return check_results(data, path, study_id)
