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
SCHEMA_VERSION = 1


class Proportion(TypedDict):
    """A share with its Wilson interval, as fractions."""

    k: int
    n: int
    p: float | None
    ci_low: float | None
    ci_high: float | None
    method: NotRequired[Any]


class Difference(TypedDict):
    """A difference between two shares with its Newcombe interval, as fractions."""

    difference: float
    ci_low: float
    ci_high: float
    method: NotRequired[Any]


class Frequency(TypedDict):
    label: str
    count: int | None
    share: float | None
    ci_low: float | None
    ci_high: float | None
    off_scale: bool
    side: str | None
    score: int | None


class VariableResult(TypedDict):
    id: str
    label: str | None
    text: str
    n: int
    n_all: int
    suppressed: bool
    frequencies: list[Frequency]
    likert: dict[str, Any] | None


class QuestionResult(TypedDict):
    id: str
    type: str
    text: str
    asked_if: str | None
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


class Comparisons(TypedDict):
    gaps: list[dict[str, Any]]
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
    pipeline.errors.PipelineError: Fil «results.json»: Resultatfilen er laget av en eldre versjon av verktøyet (skjemaversjon 0, denne versjonen leser 1). Kjør «make analyse» for å lage den på nytt.
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
