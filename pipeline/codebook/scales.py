"""The common Norwegian answer scales a codebook draft recognises, in the wordings platforms use.

:func:`match_scale` tells which family a question's answers belong to (and the
labels as the export spells them); answers such as «Vet ikke» are off the scale
(:func:`is_off_scale`). Used by :mod:`pipeline.codebook.draft`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

OFF_SCALE = ("Vet ikke", "Ikke aktuelt", "Ikke relevant")


@dataclass(frozen=True)
class ScaleFamily:
    """A common Norwegian 5-point scale, lowest first, in the wordings platforms use.

    Each of ``series`` is one complete wording; ``middle`` lists more wordings
    of the neutral middle. Labels nobody chose are filled in from the series
    the export's labels match best. One unknown wording may fill the middle.
    """

    id: str
    series: tuple[tuple[str, ...], ...]
    middle: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        return len(self.series[0])

    def position(self, label: str) -> int | None:
        """Position of a label on the scale, in any of its wordings (case-insensitive)."""
        folded = label.casefold()
        for series in self.series:
            for i, word in enumerate(series):
                if word.casefold() == folded:
                    return i
        if folded in {m.casefold() for m in self.middle}:
            return self.size // 2
        return None

    def fill(self, found: dict[int, str]) -> tuple[str, ...]:
        """All labels: the ones found, the rest from the best-matching series."""
        best = max(self.series, key=lambda s: sum(found.get(i) == w for i, w in enumerate(s)))
        return tuple(found.get(i, word) for i, word in enumerate(best))


SCALES = (
    ScaleFamily(
        "god5",
        (("Svært dårlig", "Dårlig", "Middels", "God", "Svært god"),),
        ("Verken god eller dårlig", "Nøytral"),
    ),
    ScaleFamily(
        "godt5",
        (("Svært dårlig", "Dårlig", "Middels", "Godt", "Svært godt"),),
        ("Verken godt eller dårlig", "Nøytralt"),
    ),
    ScaleFamily(
        "grad5",
        (
            (
                "I svært liten grad",
                "I liten grad",
                "I noen grad",
                "I stor grad",
                "I svært stor grad",
            ),
        ),
        ("Verken stor eller liten grad", "I middels grad", "I verken stor eller liten grad"),
    ),
    ScaleFamily(
        "enig5",
        (
            ("Svært uenig", "Uenig", "Verken enig eller uenig", "Enig", "Svært enig"),
            ("Helt uenig", "Delvis uenig", "Verken enig eller uenig", "Delvis enig", "Helt enig"),
            ("Helt uenig", "Litt uenig", "Verken enig eller uenig", "Litt enig", "Helt enig"),
        ),
        ("Hverken enig eller uenig", "Nøytral"),
    ),
    ScaleFamily(
        "hyppighet5",
        (
            ("Aldri", "Sjelden", "Av og til", "Ofte", "Svært ofte"),
            ("Aldri", "Sjeldent", "Av og til", "Ofte", "Svært ofte"),
            ("Aldri", "Sjelden", "Noen ganger", "Ofte", "Alltid"),
        ),
    ),
)


def is_off_scale(label: str) -> bool:
    """Whether an answer is off the scale, in any capitalisation.

    >>> is_off_scale("vet ikke"), is_off_scale("Middels")
    (True, False)
    """
    return label.casefold() in {o.casefold() for o in OFF_SCALE}


def off_labels(labels: Sequence[str]) -> list[str]:
    """Off-scale answers among ``labels``, as spelt there, in a fixed order.

    >>> off_labels(["Ja", "ikke aktuelt", "Vet ikke"])
    ['Vet ikke', 'ikke aktuelt']
    """
    return [label for off in OFF_SCALE for label in labels if label.casefold() == off.casefold()]


def match_scale(labels: Sequence[str]) -> tuple[ScaleFamily, tuple[str, ...]] | None:
    """The common scale these answers are on, with the labels as the export spells them.

    Off-scale answers ("Vet ikke", "Ikke aktuelt") are left out. At least two
    positions must be recognised; one unknown wording may fill the middle.

    >>> family, labels = match_scale(["God", "Verken god eller dårlig", "Svært god"])
    >>> family.id, labels
    ('god5', ('Svært dårlig', 'Dårlig', 'Verken god eller dårlig', 'God', 'Svært god'))
    >>> match_scale(["Ja", "Nei"]) is None
    True
    """
    on_scale = [label for label in labels if not is_off_scale(label)]
    if len(on_scale) < 2:
        return None
    for family in SCALES:
        found: dict[int, str] = {}
        unknown: list[str] = []
        for label in on_scale:
            position = family.position(label)
            if position is None:
                unknown.append(label)
            elif position in found and found[position] != label:
                break  # two wordings for one position: not this family
            else:
                found[position] = label
        else:
            middle = family.size // 2
            if len(unknown) == 1 and middle not in found:
                found[middle] = unknown.pop()
            if unknown or len(found) < 2:
                continue
            # a scale needs an end: "Dårlig"/"God" alone could be anything
            if not ({0, family.size - 1} & set(found)) and len(found) < 3:
                continue
            return family, family.fill(found)
    return None
