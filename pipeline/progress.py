"""Progress bars for the stages that take more than a couple of seconds.

A thin wrapper around tqdm: the bar is drawn on standard error only when that
is a terminal (``disable=None``), so CI logs, ``make`` output redirected to a
file and the tests stay quiet, and it disappears when the loop ends. The text
is Norwegian, like everything else a revisor reads.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(
    items: Iterable[T],
    description: str,
    *,
    total: int | None = None,
    unit: str = "stk",
    stream: TextIO | None = None,
) -> Iterator[T]:
    """Yield ``items`` while showing a progress bar named ``description`` in a terminal.

    Parameters
    ----------
    items
        What the loop goes through.
    description
        Norwegian text before the bar (``"Figurer"``).
    total
        Number of items, when ``items`` has no length.
    unit
        What one item is called (``"figur"``).
    stream
        Where the bar is drawn (standard error by default); nothing is drawn
        unless it is a terminal.

    Examples
    --------
    >>> import io
    >>> quiet = io.StringIO()  # not a terminal: no bar
    >>> list(progress([1, 2, 3], "Tester", stream=quiet)), quiet.getvalue()
    ([1, 2, 3], '')
    """
    yield from tqdm(
        items,
        desc=description,
        total=total,
        unit=f" {unit}",
        file=stream if stream is not None else sys.stderr,
        disable=None,
        leave=False,
        dynamic_ncols=True,
    )
