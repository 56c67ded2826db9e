"""Redact free-text answers before they are stored: identity and account numbers, e-mail,
phone numbers and names.

Free text in a staff survey often names a colleague or a leader, and now and then
someone writes their own fødselsnummer or account number. Redaction runs at
ingest, so ``data/processed`` never holds the original text. It is deliberately
greedy: a revisor can read the export if a redacted word mattered; a name in a
published report cannot be taken back.

What is removed, in this order:

- e-mail addresses;
- Norwegian account numbers written 4.2.5 with dots or spaces (``1234.56.78901``);
- every run of 11 digits, with or without a space or hyphen after the first six
  (``01017012345``, ``010170 12345``, ``010170-12345``), also with letters right beside it
  (``fnr15076500565``): fødselsnummer and D-nummer, labelled as
  such when the two mod-11 check digits hold, account numbers when the account
  check digit holds, any other 11-digit number as a number;
- Norwegian phone numbers (8 digits, optionally +47/0047, grouped or not);
- names: common Norwegian first names and surnames (``data/fornavn.txt``,
  ``data/etternavn.txt``) in any case, a capitalised word right after a first
  name, and the study's own list under ``redaction: {names: [...]}`` in
  ``study.yaml`` (e.g. the leaders of the units) in any case. Names that are also
  ordinary words (``data/vanlige-ord.txt``: «per», «dag», «berg») are kept only
  when written in lowercase and not next to another name.

Redaction cannot find every name (a rare surname written alone in lowercase), so
the report tells the revisor to read the free text before it is published.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from pipeline.errors import PipelineError

EMAIL = "[e-post fjernet]"
PHONE = "[telefonnummer fjernet]"
NAME = "[navn fjernet]"
NATIONAL_ID = "[fødselsnummer fjernet]"
D_NUMBER = "[d-nummer fjernet]"
ACCOUNT = "[kontonummer fjernet]"
NUMBER = "[nummer fjernet]"

_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Account numbers as banks print them: 4 + 2 + 5 digits separated by dots or spaces.
_ACCOUNT_RE = re.compile(r"(?<![\w.])\d{4}([. ])\d{2}\1\d{5}(?![\w]|\.\d)")
# Any 11 digits in a row, or 6 + 5 with one space (how a fødselsnummer is often written), not
# part of a longer number; a letter next to them («fnr15076500565», a typo «…565x») does not
# hide them.
_ELEVEN_RE = re.compile(r"(?<!\d)\d{6}[ -]?\d{5}(?!\d)")
# Norwegian numbers: 8 digits, optionally +47/0047, grouped as 12345678, 123 45 678, 12 34 56 78.
_PHONE_RE = re.compile(
    r"(?<![\w])(?:(?:\+|00)47[\s.-]?)?(?:\d[\s.-]?){7}\d(?![\w])",
)
# Dates as people write them (28.02.2025, 2025-02-28): eight digits, but not a phone number.
_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")
# A word: letters, possibly joined by hyphens or an apostrophe (Anne-Lise, O'Brien).
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_FNR_WEIGHTS = ((3, 7, 6, 1, 8, 9, 4, 5, 2), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
_ACCOUNT_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _mod11(digits: str, weights: tuple[int, ...]) -> int | None:
    """The mod-11 check digit for ``digits`` (None when no digit is valid, i.e. 10)."""
    rest = sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11
    check = 0 if rest == 0 else 11 - rest
    return None if check == 10 else check


def identity_number_kind(digits: str) -> str | None:
    """``"fnr"``, ``"dnr"`` or None: is an 11-digit string a valid fødselsnummer or D-nummer?

    Both check digits must hold (mod 11). A D-nummer has 4 added to the first digit.

    >>> identity_number_kind("01017012345") is None
    True
    >>> identity_number_kind("15076500565"), identity_number_kind("55076500559")
    ('fnr', 'dnr')
    """
    if len(digits) != 11 or not digits.isdigit():
        return None
    first = _mod11(digits[:9], _FNR_WEIGHTS[0])
    second = _mod11(digits[:10], _FNR_WEIGHTS[1])
    if first is None or second is None or digits[9:] != f"{first}{second}":
        return None
    return "dnr" if digits[0] in "4567" else "fnr"


def is_account_number(digits: str) -> bool:
    """Whether 11 digits are a Norwegian account number (mod-11 check digit).

    >>> is_account_number("12345678903"), is_account_number("12345678901")
    (True, False)
    """
    return len(digits) == 11 and _mod11(digits[:10], _ACCOUNT_WEIGHTS) == int(digits[10])


def whole_number_digits(value: object) -> str | None:
    """The digits of a whole number as an identity or account number is written, or None.

    A spreadsheet stores a fødselsnummer as a number and drops the leading zero of one born
    on day 01–09, so ten digits get their zero back.

    >>> whole_number_digits(1017012345.0), whole_number_digits(42), whole_number_digits(2.5)
    ('01017012345', '42', None)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    digits = str(abs(int(value)))
    return digits.zfill(11) if len(digits) == 10 else digits


def is_identity_or_account_number(value: object) -> bool:
    """Whether a number is a fødselsnummer, D-nummer or account number (mod-11 checks),
    also with the leading zero a spreadsheet drops.

    >>> [is_identity_or_account_number(v) for v in (15076500565, 12345678903.0, 1234, 2.5)]
    [True, True, False, False]
    """
    digits = whole_number_digits(value)
    return digits is not None and (
        identity_number_kind(digits) is not None or is_account_number(digits)
    )


def _eleven_digits(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    kind = identity_number_kind(digits)
    if kind is not None:
        return NATIONAL_ID if kind == "fnr" else D_NUMBER
    return ACCOUNT if is_account_number(digits) else NUMBER


def _phone(match: re.Match[str]) -> str:
    return match.group(0) if _is_date(match.group(0)) else PHONE


def _is_date(text: str) -> bool:
    """``28.02.2025`` or ``2025-02-28``, a day that exists.

    >>> _is_date("28.02.2025"), _is_date("2025-02-28"), _is_date("31.02.2025"), _is_date("22 33 44 55")
    (True, True, False, False)
    """
    for form in _DATE_FORMATS:
        try:
            _dt.datetime.strptime(text, form)
        except ValueError:
            continue
        return True
    return False


def _word_list(name: str) -> frozenset[str]:
    text = resources.files("pipeline").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def _first_names() -> frozenset[str]:
    return frozenset(n.casefold() for n in _word_list("fornavn.txt"))


@cache
def _names() -> frozenset[str]:
    """First names and surnames, casefolded."""
    return _first_names() | frozenset(n.casefold() for n in _word_list("etternavn.txt"))


@cache
def _ordinary_words() -> frozenset[str]:
    return frozenset(n.casefold() for n in _word_list("vanlige-ord.txt"))


def _lookup(word: str) -> str | None:
    """The listed name ``word`` is (casefolded), also as possessive («Hansens») or in a
    hyphenated name («Hansen-Berg»); None when it is not a name."""
    names = _names()
    key = word.casefold()
    if key in names:
        return key
    if key.endswith("s") and key[:-1] in names:
        return key[:-1]
    parts = [p for p in re.split(r"['’-]", key) if p]
    if len(parts) > 1 and any(p in names and p not in _ordinary_words() for p in parts):
        return key
    return None


def _redact_names(text: str) -> str:
    """Replace listed names, in any case, by :data:`NAME`; a run of names becomes one."""
    words = list(_WORD_RE.finditer(text))
    if not words:
        return text
    found = [_lookup(m.group(0)) for m in words]
    # Two words are neighbours when only spaces lie between them (not a comma or full stop).
    near = [
        i + 1 < len(words) and text[words[i].end() : words[i + 1].start()].isspace()
        for i in range(len(words))
    ]
    ordinary = _ordinary_words()
    firsts = _first_names()
    hide = [False] * len(words)
    for i, (m, key) in enumerate(zip(words, found, strict=True)):
        if key is None:
            continue
        plain = m.group(0).islower() and key in ordinary
        if not plain:
            hide[i] = True
            continue
        # «per hansen»: an ordinary word is a name when a name that is not a word stands beside it
        for j in (i - 1, i + 1):
            if 0 <= j < len(words) and near[min(i, j)] and found[j] and found[j] not in ordinary:
                hide[i] = True
    # «Kari Smith»: a capitalised word right after a first name is taken to be the surname
    for i in range(len(words) - 1):
        nxt = words[i + 1].group(0)
        if hide[i] and found[i] in firsts and near[i] and nxt[:1].isupper():
            hide[i + 1] = True
    out: list[str] = []
    last = 0
    for i, m in enumerate(words):
        if not hide[i]:
            continue
        if i > 0 and hide[i - 1] and near[i - 1]:
            last = m.end()  # part of the name just replaced
            continue
        out.append(text[last : m.start()])
        out.append(NAME)
        last = m.end()
    out.append(text[last:])
    return "".join(out)


@dataclass(frozen=True)
class Redactor:
    """Redacts one study's free text; ``extra_names`` come from the study config.

    >>> r = Redactor(extra_names=("Bjørnstad",))
    >>> r.redact("Ring Kari Hansen på 912 34 567 eller kari@modum.kommune.no")
    'Ring [navn fjernet] på [telefonnummer fjernet] eller [e-post fjernet]'
    >>> r.redact("Lederen bjørnstad svarer aldri, per dag.")
    'Lederen [navn fjernet] svarer aldri, per dag.'
    >>> r.redact("Mitt fødselsnummer er 150765 00565, konto 1234.56.78903.")
    'Mitt fødselsnummer er [fødselsnummer fjernet], konto [kontonummer fjernet].'
    """

    extra_names: tuple[str, ...] = ()

    def redact(self, text: str) -> str:
        """The text with identity numbers, account numbers, e-mail, phone numbers and names replaced."""
        text = _EMAIL_RE.sub(EMAIL, text)
        text = _ACCOUNT_RE.sub(ACCOUNT, text)
        text = _ELEVEN_RE.sub(_eleven_digits, text)
        text = _PHONE_RE.sub(_phone, text)
        extra = _extra_pattern(self.extra_names)
        if extra is not None:
            text = extra.sub(NAME, text)
        return _redact_names(text)

    def redact_number(self, value: object) -> str | None:
        """The label a whole number gets when it could be an identity, account or phone
        number (see :func:`whole_number_digits`); None when it is kept, or is not a number.

        >>> Redactor().redact_number(1017012345.0), Redactor().redact_number(14.0)
        ('[nummer fjernet]', None)
        """
        digits = whole_number_digits(value)
        if digits is None:
            return None
        redacted = self.redact(digits)
        return None if redacted == digits else redacted

    def redact_all(self, texts: Iterable[str | None]) -> list[str | None]:
        """Redact many texts; ``None`` stays ``None``."""
        return [None if t is None else self.redact(t) for t in texts]


def study_redactor(extra: Mapping[str, Any]) -> Redactor:
    """The redactor of one study: the common names plus ``redaction: {names: [...]}`` from
    ``study.yaml`` (``extra`` is the study config's undeclared-keys mapping).

    >>> study_redactor({"redaction": {"names": ["Solstua"]}}).redact("Solstua barnehage")
    '[navn fjernet] barnehage'
    >>> study_redactor({}).extra_names
    ()
    """
    names = (extra.get("redaction") or {}).get("names") or ()
    return Redactor(extra_names=tuple(str(n) for n in names))


def redacted_error(
    error: PipelineError,
    redactor: Redactor,
    is_identifier: Callable[[str], bool] | None = None,
) -> PipelineError:
    """``error`` as it may be shown (terminal, ``validering.html``): values from a data file's
    cells redacted, none at all from a column of direct identifiers.

    An error that names rows quotes cells of a data file (the export): its values go through
    the redaction, and a column ``is_identifier`` says holds direct identifiers (e-mail, name,
    a codebook ``identifying`` variable …) keeps only file, column and rows. Values of an error
    without rows come from the study files and are kept, so the revisor sees what to correct.

    >>> bad = PipelineError("Ikke et tall.", column="Alder", values=("150765 00565",), rows=(7,))
    >>> redacted_error(bad, Redactor()).values
    ('[fødselsnummer fjernet]',)
    >>> str(redacted_error(bad, Redactor(), lambda column: column == "Alder"))
    'kolonne «Alder»: Ikke et tall. (rad 7)'
    """
    if not error.rows:
        return error
    if error.column is not None and is_identifier is not None and is_identifier(error.column):
        values: tuple[str, ...] = ()
    else:
        values = tuple(redactor.redact_number(v) or redactor.redact(str(v)) for v in error.values)
    shown = dataclasses.replace(error, values=values)
    shown.__cause__ = error.__cause__
    return shown


@cache
def _extra_pattern(extra: tuple[str, ...]) -> re.Pattern[str] | None:
    """The study's own names, in any case and with any spacing between their words."""
    names = sorted({" ".join(n.split()) for n in extra if n.strip()}, key=len, reverse=True)
    if not names:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, n.split())) for n in names)
    return re.compile(rf"(?<![^\W_])(?:{alternatives})s?(?![^\W_])", re.IGNORECASE)
