"""``results.json`` as typed records, and the one reader that checks it is current.

The analyse stage writes ``results.json``; the figures, the report and the
notebooks read it with :func:`read_results`, which refuses a file written by an
older version of the pipeline (its ``schema_version``), one from another study,
and one that is not a results file, each with a Norwegian message that says to
run ``make analyse`` again.

The records below (:class:`Results` and what it holds) are the schema: every
key the analysis writes is declared here, and ``NotRequired`` marks a key that
is absent in some records (a suppressed cell keeps its labels and
``suppressed: true`` but no numbers). The tests check every results file the
suite builds against them, key by key, so a key added to the analysis must be
added here too. The reader checks only the version and the top-level parts: a
file may hold more (a field added later is read through); bump
:data:`SCHEMA_VERSION` when a reader comes to rely on a key that older files lack.

Conventions: shares, intervals and differences are fractions at full
precision (rounding happens only in :mod:`pipeline.formatting`). A
:class:`Proportion` is ``{k, n, p, ci_low, ci_high, method}`` (Wilson); a
:class:`Difference` is ``{difference, ci_low, ci_high, method}`` (Newcombe).
Every value with an interval or a p-value has a :class:`Method` record next to
it (:mod:`pipeline.analysis.methods`: the name and the parameters of the call
that made it): ``method`` (an interval or a test), ``mean_method``,
``effect_method`` and ``adjust`` (Holm). The report's method appendix is
generated from them (:mod:`pipeline.report.method_appendix`).
"""

# No ``from __future__ import annotations`` here: on Python 3.11 a TypedDict sees
# ``NotRequired`` only in evaluated annotations (its __required_keys__ would list every key).
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Literal, NotRequired, TypedDict, TypeVar, cast

from pipeline.errors import PipelineError

# Here rather than in pipeline.analysis.schema, so that reading results imports neither
# pandas nor statsmodels (the report stage does not need them).
# 2: method records on every statistic, a base per variable, gap groups by rule (issue 19)
SCHEMA_VERSION = 2


class Method(TypedDict, total=False):
    """A method record (:mod:`pipeline.analysis.methods`): the call that made a statistic.

    Which keys a record has depends on its kind: ``ci`` (an interval), ``test``,
    ``effect``, ``adjust`` (Holm) or ``moe`` (margin of error).
    """

    ci: str
    test: str
    effect: str | list[str]  # cramers_v; a Mann–Whitney test names its two effect sizes
    adjust: str
    moe: str
    level: float
    weights: str
    variant: int
    correction: bool
    scores: str
    kind: str
    pooled: bool
    alternative: str
    approximation: str
    ties: str
    family: str
    size: int
    members: list[str]
    p: float
    fpc: bool
    assumption: str


class Proportion(TypedDict):
    """A share with its Wilson interval, as fractions (``p`` is ``None`` when ``n`` is 0)."""

    k: int
    n: int
    p: float | None
    ci_low: float | None
    ci_high: float | None
    method: Method


class GroupProportion(Proportion):
    """A share within one group (``None``: the group is not known)."""

    group: str | None


class GroupShare(TypedDict):
    """One group's share where a group may be suppressed (then only the labels are kept)."""

    group: str
    suppressed: bool
    suppression: NotRequired[str | None]  # why it is hidden: only on a suppressed row
    k: NotRequired[int]
    n: NotRequired[int]
    p: NotRequired[float | None]
    ci_low: NotRequired[float | None]
    ci_high: NotRequired[float | None]
    method: NotRequired[Method]


class Difference(TypedDict):
    """A difference between two shares with its Newcombe interval, as fractions.

    Between groups that overlap, only ``difference`` is given (no interval, no method).
    """

    difference: float | None
    ci_low: NotRequired[float | None]
    ci_high: NotRequired[float | None]
    method: NotRequired[Method]


class GroupDifference(Difference):
    """The larger of two groups' shares minus the smaller, naming both groups."""

    high: str
    low: str


class MarginOfError(TypedDict):
    """Normal-approximation margin of error at ``p``, with and without the population correction."""

    n: int
    population: int | None
    p: float
    confidence: float
    with_fpc: float | None
    without_fpc: float | None
    method: Method


class SurveyMarginOfError(MarginOfError):
    """The survey's one stated margin of error; ``base`` is whom ``n`` counts ("completed")."""

    base: Literal["completed"]


# --- response -------------------------------------------------------------------------------


class RateRow(TypedDict):
    """Response in one group of the invitation variable; the last row (``group`` null) is the total."""

    group: str | None
    invited: int | None  # None: a group in the export that is not in the invitation list
    started: int
    completed: int
    incomplete: int
    rate_completed: Proportion | None
    rate_started: Proportion | None
    rate_completed_exceeds_invited: bool
    rate_started_exceeds_invited: bool


class Definitions(TypedDict):
    """The Norwegian definitions the report prints, per platform (pipeline.reading.status)."""

    started: str
    completed: str
    rate_completed: str
    rate_started: str
    dropout: str


class LeftOut(TypedDict):
    """Export rows not counted as respondents."""

    tests: int
    not_started: int


class RepresentativenessRow(TypedDict):
    group: str
    invited: int
    respondents: int
    share_invited: float
    share_respondents: float | None


class Representativeness(TypedDict):
    """Do respondents mirror the invited? A chi-square goodness of fit (null when not computable)."""

    variable: str
    rows: list[RepresentativenessRow]
    n: int
    test: str
    chi2: float | None
    dof: int | None
    p: float | None
    method: NotRequired[Method]


class Dropout(TypedDict):
    started: int
    completed: int
    incomplete: int
    dropout: Proportion
    by_group: list[GroupProportion]  # shares of all who did not complete


class StopPoint(Proportion):
    """Respondents who did not complete and stopped after this question (position 0: none)."""

    position: int
    question: str | None
    short: str | None


class StopPoints(TypedDict):
    """Where those who did not complete stopped (their last answered question)."""

    first: int  # within_first / after_first split them at this position
    incomplete: int
    within_first: int
    after_first: int
    by_question: list[StopPoint]
    most: StopPoint | None  # the row with the most respondents


class DropoffRow(TypedDict):
    """How many still take part at one question, in questionnaire order."""

    position: int
    question: str
    text: str
    short: str
    routed: bool  # asked only to a subgroup
    answering: int  # completed, or answered this or a later question
    asked: int  # of those, given the question by the routing
    answered: int  # of those asked
    share: float | None  # answering / started


class InclusionRow(TypedDict):
    question: str
    all_available: int
    completed_only: int


class RoleRow(TypedDict):
    """A group of a background variable; ``share`` is ``n`` of those with a value (``base``)."""

    group: str
    n: int
    share: float | None
    base: int


class Response(TypedDict):
    """Invited, started, completed, and where and why respondents were lost."""

    invited: int | None
    by: str | None  # the invitation variable
    rates: list[RateRow]
    definitions: Definitions
    left_out: LeftOut
    representativeness: Representativeness | None
    margin_of_error: SurveyMarginOfError
    dropout: Dropout
    stop_points: StopPoints
    dropoff: list[DropoffRow]
    inclusion: list[InclusionRow]
    roles: dict[str, list[RoleRow]]  # per breakdown variable


# --- questions ------------------------------------------------------------------------------


class Base(TypedDict):
    """Whom a variable's shares are of: all who answered, or those on the scale."""

    answered: int
    on_scale: int
    shares_of: Literal["answered", "on_scale"]


class Frequency(TypedDict):
    """One answer: ``share`` of those on the scale (null off it), ``share_all`` of all answers."""

    label: str
    count: int
    share: float | None
    ci_low: float | None
    ci_high: float | None
    share_all: float | None
    ci_all_low: float | None
    ci_all_high: float | None
    off_scale: bool
    side: Literal["favourable", "neutral", "unfavourable"] | None  # null without a scale
    score: int | None
    method: Method  # both intervals


class Likert(TypedDict):
    """A scale's summary; the three shares are null on a scale without direction."""

    n: int
    direction: Literal["high", "low", "none"]  # the favourable end
    labels: list[str]
    favourable_labels: list[str]
    unfavourable_labels: list[str]
    favourable: Proportion | None
    neutral: Proportion | None
    unfavourable: Proportion | None
    mean: float | None
    sd: float | None
    mean_ci_low: float | None
    mean_ci_high: float | None
    median: float | None
    mean_method: NotRequired[Method]  # not when nobody answered on the scale


class VariableResult(TypedDict):
    """One variable of a question; a suppressed one keeps only its labels."""

    id: str
    label: str | None
    text: str
    suppressed: bool
    n: NotRequired[int]  # on the scale
    n_all: NotRequired[int]  # any answer, incl. off the scale
    base: NotRequired[Base]
    # n = base[shares_of]; population only for a question asked of everyone; not per group
    margin_of_error: NotRequired[MarginOfError]
    frequencies: NotRequired[list[Frequency]]
    likert: NotRequired[Likert | None]


class Option(TypedDict):
    """One option of a multiple-choice question."""

    variable: str
    label: str | None
    count: int
    share: float | None  # of respondents (the shares add to more than 100 %)
    ci_low: float | None
    ci_high: float | None
    share_of_mentions: float | None
    method: Method


class Multiple(TypedDict):
    """A multiple-choice question; a suppressed one has no numbers."""

    suppressed: bool
    respondents: NotRequired[int]
    mentions: NotRequired[int]
    options: NotRequired[list[Option]]
    margin_of_error: NotRequired[MarginOfError]  # on the question itself, not per group


class BreakdownRow(TypedDict):
    """The question summarised in one group of a background variable."""

    group: str
    suppressed: bool
    suppression: str | None
    n: NotRequired[int]
    variables: NotRequired[list[VariableResult]]
    multiple: NotRequired[Multiple | None]
    n_min: NotRequired[int]
    n_max: NotRequired[int]


class QuestionResult(TypedDict):
    id: str
    type: str
    text: str
    short: str
    asked_if: str | None  # the routing in Norwegian, or null
    asked: int  # respondents the routing lets through
    n_min: int
    n_max: int
    variables: list[VariableResult]
    multiple: Multiple | None
    breakdowns: dict[str, list[BreakdownRow]]  # per breakdown variable


# --- comparisons ----------------------------------------------------------------------------


class WeightedTotal(TypedDict):
    """The total post-stratified by the invited per group (weights: each group's share)."""

    p: float
    ci_low: float
    ci_high: float
    n: int
    weights: dict[str, float]
    method: Method


class ShareByGroup(TypedDict):
    """A share compared across the groups of a background variable, with a chi-square test."""

    variable: str
    by: str
    success: list[str]
    groups: list[GroupShare]
    total: Proportion
    total_weighted: WeightedTotal | None  # only when ``by`` is the invitation variable
    difference: GroupDifference | None  # only when exactly two groups are shown
    chi2: float | None
    dof: int | None
    p: float | None
    cramers_v: float | None
    method: NotRequired[Method]
    effect_method: NotRequired[Method]


class GroupComparison(ShareByGroup):
    """A comparison of ``analysis.yaml`` (``group_comparisons``), named as the report names it."""

    id: str
    text: str
    short: str
    by_short: str


class GapGroup(TypedDict):
    label: str
    question: str  # the text of the question of the group's first item
    where: str | None  # the group's rule in Norwegian


class Overlap(TypedDict):
    """Respondents in both groups of a gap item, and where the rule put them."""

    rule: Literal["a", "b", "both"]
    in_both: int
    moved: int
    moved_from: Literal["a", "b"] | None
    independent: bool


class MannWhitney(TypedDict):
    """Mann–Whitney U on the full ordinal scale; effect sizes of b relative to a."""

    u: float | None
    p: float | None
    rbc: float | None
    cles: float | None
    method: Method | None
    p_holm: float | None
    adjust: NotRequired[Method]


class GapItem(TypedDict):
    """One aspect rated by both groups; a suppressed item has no shares."""

    label: str
    a_variable: str
    b_variable: str
    excluded_a: int  # ratings kept out by the group's rule
    excluded_b: int
    overlap: Overlap
    suppressed: bool
    share_a: NotRequired[Proportion | None]  # favourable answers
    share_b: NotRequired[Proportion | None]
    gap: NotRequired[Difference | None]  # b − a; only the difference when not independent
    test: NotRequired[Literal["z_test", "fisher_exact"] | None]
    p: NotRequired[float | None]
    p_holm: float | None
    method: NotRequired[Method | None]
    adjust: NotRequired[Method]
    mwu: NotRequired[MannWhitney | None]
    untested: NotRequired[Literal["overlapping_groups"] | None]


class GapComparison(TypedDict):
    """The same aspects rated by two groups (e.g. leaders and employees)."""

    id: str
    title: str
    group_a: str
    group_b: str
    groups: dict[str, GapGroup]  # a | b
    overlap: Literal["a", "b", "both"]
    holm_family: str
    items: list[GapItem]


class FactorItem(TypedDict):
    """A battery item ranked by its unfavourable share; flagged above the threshold."""

    variable: str
    label: str | None
    rank: int
    direction: Literal["high", "low", "none"]
    unfavourable_labels: list[str]
    unfavourable: Proportion  # the item's unfavourable end
    flagged: bool
    by_group: list[GroupShare]


class FactorQuestion(TypedDict):
    question: str
    text: str
    short: str
    items: list[FactorItem]


class Factors(TypedDict):
    threshold: float
    by: str | None
    questions: list[FactorQuestion]


class Comparisons(TypedDict):
    gaps: list[GapComparison]
    groups: list[GroupComparison]
    factors: Factors


class FreeText(TypedDict):
    """One free-text question; a suppressed one has no answers.

    ``Results.free_text`` is empty unless ``analysis.yaml`` sets ``free_text.show``.
    """

    id: str
    text: str
    suppressed: bool
    n: NotRequired[int]
    answers: NotRequired[list[str]]  # all, redacted, sorted
    sample: NotRequired[list[str]]  # at most free_text.max_answers, fixed seed, sorted


class Results(TypedDict):
    """The whole of ``results.json``."""

    schema_version: int
    study_id: str
    k: int
    inclusion: Literal["all_available", "completed_only"]
    response: Response
    questions: list[QuestionResult]
    comparisons: Comparisons
    free_text: list[FreeText]


# Any of the records above, for helpers that look one up in a list by a key (e.g. ``id``).
Record = TypeVar("Record", bound=Mapping[str, object])

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
