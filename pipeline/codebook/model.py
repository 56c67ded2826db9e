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
from dataclasses import dataclass, field, replace

QUESTION_TYPES = ("background", "single", "likert", "multiple", "number", "text")
VARIABLE_TYPES = ("background", "single", "likert", "choice", "number", "text")


DIRECTIONS = ("high", "low", "none")
# Which end of an ordered scale is the favourable one: the highest labels, the
# lowest, or neither (a count such as "hvor mange år" has no good or bad end).


@dataclass(frozen=True)
class Scale:
    """An ordered answer scale.

    ``labels`` are on the scale, lowest first; ``low_end`` and ``high_end``
    count how many labels make up each end (the rest are the middle);
    ``direction`` says which end is favourable (``high``, ``low`` or ``none``;
    ``None`` until the codebook says so); ``off_scale`` are answers such as
    "Vet ikke" that are shown apart and left out of scale statistics.

    >>> s = Scale("god5", ("Svært dårlig", "Dårlig", "Middels", "God", "Svært god"), direction="high")
    >>> s.side("Dårlig"), s.side("Middels"), s.score("Svært god")
    ('unfavourable', 'neutral', 5)
    >>> f = Scale("hyppighet5", ("Aldri", "Sjeldent", "Av og til", "Ofte", "Svært ofte"), direction="low")
    >>> f.side("Aldri"), f.favourable_labels, f.display_labels[0]
    ('favourable', ('Aldri', 'Sjeldent'), 'Svært ofte')
    """

    id: str
    labels: tuple[str, ...]
    low_end: int = 2
    high_end: int = 2
    off_scale: tuple[str, ...] = ()
    codes: dict[str, int | str] = field(default_factory=dict)  # label -> code in the export
    direction: str | None = None

    @property
    def all_labels(self) -> tuple[str, ...]:
        return self.labels + self.off_scale

    @property
    def has_direction(self) -> bool:
        return self.direction in ("high", "low")

    @property
    def low_labels(self) -> tuple[str, ...]:
        return self.labels[: self.low_end]

    @property
    def high_labels(self) -> tuple[str, ...]:
        return self.labels[len(self.labels) - self.high_end :]

    @property
    def middle_labels(self) -> tuple[str, ...]:
        return self.labels[self.low_end : len(self.labels) - self.high_end]

    def _ends(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The favourable and the unfavourable end; both empty without a direction."""
        if self.direction == "high":
            return self.high_labels, self.low_labels
        if self.direction == "low":
            return self.low_labels, self.high_labels
        return (), ()

    @property
    def favourable_labels(self) -> tuple[str, ...]:
        return self._ends()[0]

    @property
    def unfavourable_labels(self) -> tuple[str, ...]:
        return self._ends()[1]

    @property
    def display_labels(self) -> tuple[str, ...]:
        """On-scale labels with the unfavourable end first (left in a diverging figure)."""
        return self.labels[::-1] if self.direction == "low" else self.labels

    def side(self, label: str) -> str | None:
        """``unfavourable``, ``neutral`` or ``favourable``; ``None`` off the scale or without direction."""
        if label not in self.labels or not self.has_direction:
            return None
        if label in self.favourable_labels:
            return "favourable"
        if label in self.unfavourable_labels:
            return "unfavourable"
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

    def describe(self, codebook: Codebook) -> str:
        """Norwegian description with the questions' short labels and answer texts.

        E.g. ``som svarte «Leder» eller «Tillitsvalgt» på spørsmålet om rolle``;
        a clause on an option reads ``som valgte «Annet» på spørsmålet om …``.
        """
        parts = []
        for var_id, values in self.clauses:
            var = codebook.variable(var_id)
            about = f"spørsmålet om {codebook.short_of(var_id, item=False)}"
            if var.type == "choice":
                verb = "valgte" if all(v is True for v in values) else "ikke valgte"
                parts.append(f"som {verb} «{var.label}» på {about}")
            else:
                quoted = [f"«{v}»" for v in values]
                shown = (
                    ", ".join(quoted[:-1]) + " eller " + quoted[-1]
                    if len(quoted) > 1
                    else quoted[0]
                )
                parts.append(f"som svarte {shown} på {about}")
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
    short: str = ""  # short label for reader text (the question's; items add their own label)

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
    short: str = ""  # short label for reader text, e.g. «rolle», «konflikter på jobben»


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

    def short_of(self, var_id: str, *, item: bool = True) -> str:
        """The short label a sentence names a variable by.

        A battery item or option is its question's short label, with the
        item's own label in parentheses unless ``item`` is false.
        """
        var = self.variable(var_id)
        if var.question is None:
            return var.short
        short = self.question(var.question).short
        return f"{short} ({var.label})" if item and var.label else short

    def of_type(self, *types: str) -> tuple[Variable, ...]:
        return tuple(v for v in self if v.type in types)

    def stored(self) -> Codebook:
        """The codebook of what ingest stores: without questions marked ``identifying``,
        whose columns are dropped at decoding and never reach ``responses.parquet``."""
        kept = tuple(q for q in self.questions if not any(v.identifying for v in q.variables))
        return replace(self, questions=kept)

    @property
    def background(self) -> tuple[Variable, ...]:
        return self.of_type("background")
