"""Periods of absence statistics: year, tertial, quarter or month.

HR systems write periods in many ways (``2024``, ``2024-T2``, ``2. tertial
2024``, ``2024K3``, ``3. kvartal 2024``, ``2024-03``, ``mars 2024``). Each is
parsed to a :class:`Period` with a sortable index and one Norwegian label, so
trends sort correctly and gaps in a series can be found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PER_YEAR = {"year": 1, "tertial": 3, "quarter": 4, "month": 12}
MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
KIND_NAMES = {"year": "år", "tertial": "tertial", "quarter": "kvartal", "month": "måned"}


@dataclass(frozen=True, order=True)
class Period:
    """One period: ``year`` and ``part`` (1-based tertial, quarter or month; 1 for a year)."""

    year: int
    part: int
    kind: str

    @property
    def index(self) -> int:
        """Consecutive periods have consecutive indices."""
        return self.year * PER_YEAR[self.kind] + self.part - 1

    @property
    def label(self) -> str:
        """Norwegian label: ``2024``, ``2. tertial 2024``, ``3. kvartal 2024``, ``mars 2024``.

        >>> Period(2024, 2, "tertial").label
        '2. tertial 2024'
        """
        if self.kind == "year":
            return str(self.year)
        if self.kind == "month":
            return f"{MONTHS[self.part - 1]} {self.year}"
        return f"{self.part}. {KIND_NAMES[self.kind]} {self.year}"


def from_index(index: int, kind: str) -> Period:
    """The period with a given index.

    >>> from_index(Period(2024, 3, "tertial").index + 1, "tertial").label
    '1. tertial 2025'
    """
    year, part = divmod(index, PER_YEAR[kind])
    return Period(year, part + 1, kind)


_PATTERNS = {
    "year": [r"(?P<y>\d{4})(?:\.0)?"],
    "tertial": [
        r"(?P<y>\d{4})\s*[-/ ]?\s*T(?P<p>[1-3])",
        r"T?(?P<p>[1-3])\.?\s*(?:tertial|T)\s*(?P<y>\d{4})",
        r"T(?P<p>[1-3])\s+(?P<y>\d{4})",
    ],
    "quarter": [
        r"(?P<y>\d{4})\s*[-/ ]?\s*[KQ](?P<p>[1-4])",
        r"[KQ]?(?P<p>[1-4])\.?\s*(?:kvartal|[KQ])\s*(?P<y>\d{4})",
        r"[KQ](?P<p>[1-4])\s+(?P<y>\d{4})",
    ],
    "month": [
        r"(?P<y>\d{4})-(?P<p>\d{1,2})(?:-\d{1,2}(?:[ T]00:00:00)?)?",
        r"(?P<p>\d{1,2})[./](?P<y>\d{4})",
        r"(?P<m>[a-zæøå]+)\.?\s+(?P<y>\d{4})",
    ],
}


def parse_period(text: object, kind: str) -> Period | None:
    """Parse a period as an HR system writes it; ``None`` when it cannot be read.

    >>> parse_period("2024", "year")
    Period(year=2024, part=1, kind='year')
    >>> parse_period("2. tertial 2024", "tertial").label
    '2. tertial 2024'
    >>> parse_period("2024K3", "quarter").label
    '3. kvartal 2024'
    >>> parse_period("mars 2024", "month").index == parse_period("2024-03", "month").index
    True
    >>> parse_period("2024", "quarter") is None
    True
    """
    value = str(text).strip().lower()
    for pattern in _PATTERNS[kind]:
        match = re.fullmatch(pattern, value, flags=re.IGNORECASE)
        if not match:
            continue
        year = int(match["y"])
        groups = match.groupdict()
        if groups.get("m") is not None:
            name = groups["m"]
            hits = [
                i for i, m in enumerate(MONTHS, start=1) if m.startswith(name) and len(name) >= 3
            ]
            if len(hits) != 1:
                return None
            part = hits[0]
        else:
            part = int(groups.get("p") or 1)
        if not 1 <= part <= PER_YEAR[kind]:
            return None
        return Period(year, part, kind)
    return None
