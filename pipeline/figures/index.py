"""``figures/index.json`` as typed records: what the figures stage tells the report.

One :class:`FigureEntry` per figure, in the order the figures are drawn: the
report inlines ``file`` (the PDF ``print_file``), prints ``caption``, the source
line from ``n`` and the table of the figure's numbers under it; ``alt`` is the
image's text alternative. The survey figures' entries are written by
:mod:`pipeline.figures.captions`, the registered-absence figures' by
:mod:`pipeline.absence.figures`.
"""

# No ``from __future__ import annotations`` here: on Python 3.11 a TypedDict sees
# ``NotRequired`` only in evaluated annotations (its __required_keys__ would list every key).
from typing import NotRequired, TypedDict


class FigureTable(TypedDict):
    """The figure's numbers as formatted text, printed under it."""

    headers: list[str]
    rows: list[list[str]]


class FigureBase(TypedDict):
    """Whom a question figure's shares are of: the ``base`` of its variables in results.json.

    Each count is one number, or ``[lowest, highest]`` over a battery's items.
    """

    shares_of: str  # "on_scale": the answers on the scale; "answered": every answer
    answered: int | list[int]  # who answered the question (item)
    on_scale: int | list[int]  # of them, who answered on the scale (not «Vet ikke»)


class FigureEntry(TypedDict):
    """One figure in ``figures/index.json``."""

    id: str
    file: str
    title: str  # short: the table heading «Tallene i figuren: …» and the figure's label
    caption: str
    alt: str
    table: FigureTable
    n: NotRequired[int | list[int]]  # respondents (or their range), for the source line
    base: NotRequired[FigureBase]  # a question figure's: whom its shares are of
    print_file: NotRequired[str]  # the print variant, text kept as text
