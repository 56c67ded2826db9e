"""Redact free-text answers before they are stored: e-mail, phone numbers, names.

Free text in a staff survey often names a colleague or a leader. Redaction runs
at ingest, so ``data/processed`` never holds the original text. It is
deliberately greedy: a revisor can read the export if a redacted word mattered;
a name in a published report cannot be taken back.

Names are found two ways: a list of common Norwegian first names (followed by
an optional capitalised surname), and names the study lists under
``redaction: {names: [...]}`` in ``study.yaml`` (e.g. the leaders of the units).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

EMAIL = "[e-post fjernet]"
PHONE = "[telefonnummer fjernet]"
NAME = "[navn fjernet]"

_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Norwegian numbers: 8 digits, optionally +47/0047, grouped as 12345678, 123 45 678, 12 34 56 78.
_PHONE_RE = re.compile(
    r"(?<![\w])(?:(?:\+|00)47[\s.-]?)?(?:\d[\s.-]?){7}\d(?![\w])",
)
_UPPER = "A-ZÆØÅÉ"
_SURNAME = rf"(?:\s+[{_UPPER}][a-zæøåéA-ZÆØÅ-]+)?"


@cache
def _first_names() -> frozenset[str]:
    text = resources.files("pipeline").joinpath("data/fornavn.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@dataclass(frozen=True)
class Redactor:
    """Redacts one study's free text; ``extra_names`` come from the study config.

    >>> r = Redactor(extra_names=("Bjørnstad",))
    >>> r.redact("Ring Kari Hansen på 912 34 567 eller kari@modum.kommune.no")
    'Ring [navn fjernet] på [telefonnummer fjernet] eller [e-post fjernet]'
    >>> r.redact("Lederen Bjørnstad svarer aldri.")
    'Lederen [navn fjernet] svarer aldri.'
    """

    extra_names: tuple[str, ...] = ()

    def redact(self, text: str) -> str:
        """The text with e-mail addresses, phone numbers and names replaced."""
        text = _EMAIL_RE.sub(EMAIL, text)
        text = _PHONE_RE.sub(PHONE, text)
        return _name_pattern(self.extra_names).sub(NAME, text)

    def redact_all(self, texts: Iterable[str | None]) -> list[str | None]:
        """Redact many texts; ``None`` stays ``None``."""
        return [None if t is None else self.redact(t) for t in texts]


@cache
def _name_pattern(extra: tuple[str, ...]) -> re.Pattern[str]:
    """The name pattern for a study's extra names; cached by those alone, since the first
    names are fixed (a key with all of them would be sorted and hashed on every call)."""
    firsts = "|".join(re.escape(n) for n in sorted(_first_names(), key=lambda n: (-len(n), n)))
    alternatives = [rf"\b(?:{firsts})\b{_SURNAME}"]
    if extra:
        extras = "|".join(re.escape(n) for n in sorted(extra, key=len, reverse=True))
        alternatives.insert(0, rf"\b(?:{extras})\b")
    return re.compile("|".join(alternatives))
