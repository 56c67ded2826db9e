"""Codebook data model.

A codebook is a list of *questions* in questionnaire order. A question is one
of:

``background``
    A background variable such as etat/sektor or rolle (single choice).
``single``
    Single choice with unordered labels (Ja/Nei, Fysiske/Psykososiale …).
``likert``
    A rated item on an ordered :class:`Scale`; a *battery* is a question with
    ``items``, each item its own variable sharing the stem, scale and routing.
``multiple``
    Multiple choice; each option is its own boolean variable (type ``choice``).
``number``
    A number.
``text``
    Free text (redacted at ingest, never shown unless the study allows it).

Every answerable column becomes one :class:`Variable`; batteries and multiple
choice questions keep their parent in ``Variable.question``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

QUESTION_TYPES = ("background", "single", "likert", "multiple", "number", "text")
VARIABLE_TYPES = ("background", "single", "likert", "choice", "number", "text")


@dataclass(frozen=True)
class Scale:
    """An ordered answer scale.

    ``labels`` are on the scale, lowest first; ``negative`` and ``positive``
    count how many labels at each end are negative and positive (the rest are
    neutral); ``off_scale`` are answers such as "Vet ikke" that are shown apart
    and left out of scale statistics.

    >>> s = Scale("god5", ("Svært dårlig", "Dårlig", "Middels", "God", "Svært god"))
    >>> s.side("Dårlig"), s.side("Middels"), s.score("Svært god")
    ('negative', 'neutral', 5)
    """

    id: str
    labels: tuple[str, ...]
    negative: int = 2
    positive: int = 2
    off_scale: tuple[str, ...] = ()
    codes: dict[str, int | str] = field(default_factory=dict)  # label -> code in the export

    @property
    def all_labels(self) -> tuple[str, ...]:
        return self.labels + self.off_scale

    def side(self, label: str) -> str | None:
        """``negative``, ``neutral`` or ``positive``; ``None`` for off-scale answers."""
        if label not in self.labels:
            return None
        i = self.labels.index(label)
        if i < self.negative:
            return "negative"
        if i >= len(self.labels) - self.positive:
            return "positive"
        return "neutral"

    def score(self, label: str) -> int | None:
        """1-based position on the scale; ``None`` for off-scale answers."""
        return self.labels.index(label) + 1 if label in self.labels else None


@dataclass(frozen=True)
class Condition:
    """Routing: who is asked. All ``clauses`` must hold; each is ``variable in values``.

    A clause on a multiple-choice question's option is ``option_id: [true]``.
    """

    clauses: tuple[tuple[str, tuple[object, ...]], ...]

    def variables(self) -> tuple[str, ...]:
        return tuple(v for v, _ in self.clauses)

    def describe(self) -> str:
        """Norwegian description, e.g. ``rolle er «Leder» eller «Tillitsvalgt»``."""
        parts = []
        for var, values in self.clauses:
            shown = " eller ".join(f"«{v}»" for v in values)
            parts.append(f"{var} er {shown}")
        return " og ".join(parts)


@dataclass(frozen=True)
class Variable:
    """One answerable column of the export, under its short id."""

    id: str
    type: str
    text: str  # the full question text as the respondent saw it
    header: str | None = None  # the export column header, if matched by header
    code: str | None = None  # the export variable name/code, if matched by code
    question: str | None = None  # parent question id for battery items and options
    label: str | None = None  # item or option label within its parent
    labels: tuple[str, ...] = ()  # answer labels for background/single
    off_scale: tuple[str, ...] = ()  # background/single answers such as "Vet ikke"
    scale: Scale | None = None  # for likert
    asked_if: Condition | None = None
    identifying: bool = False
    required: bool = True

    @property
    def answer_labels(self) -> tuple[str, ...]:
        """Every valid answer label (on and off the scale)."""
        if self.scale is not None:
            return self.scale.all_labels
        return self.labels + self.off_scale

    @property
    def not_on_scale(self) -> tuple[str, ...]:
        """Answers shown apart and left out of shares and scale statistics."""
        return self.scale.off_scale if self.scale is not None else self.off_scale

    @property
    def is_closed(self) -> bool:
        return self.type in ("background", "single", "likert", "choice")


@dataclass(frozen=True)
class Question:
    """A question as the questionnaire shows it: one variable, or a battery/multiple."""

    id: str
    type: str
    text: str
    variables: tuple[Variable, ...]
    asked_if: Condition | None = None


@dataclass(frozen=True)
class Metadata:
    """Export columns holding respondent metadata (see the platform profiles)."""

    respondent_id: str | None = None
    started: str | None = None
    completed: str | None = None
    status: str | None = None
    completed_values: tuple[str, ...] = ()
    last_page: str | None = None


@dataclass(frozen=True)
class Codebook:
    """The whole codebook, questions in questionnaire order."""

    platform: str
    questions: tuple[Question, ...]
    scales: dict[str, Scale]
    metadata: Metadata
    identifiers: tuple[str, ...] = ()  # extra identifying column headers to drop
    sha256: str = ""

    def __iter__(self) -> Iterator[Variable]:
        for q in self.questions:
            yield from q.variables

    @property
    def variables(self) -> tuple[Variable, ...]:
        return tuple(self)

    def variable(self, var_id: str) -> Variable:
        for v in self:
            if v.id == var_id:
                return v
        raise KeyError(var_id)

    def question(self, q_id: str) -> Question:
        for q in self.questions:
            if q.id == q_id:
                return q
        raise KeyError(q_id)

    def of_type(self, *types: str) -> tuple[Variable, ...]:
        return tuple(v for v in self if v.type in types)

    @property
    def background(self) -> tuple[Variable, ...]:
        return self.of_type("background")
