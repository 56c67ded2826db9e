"""Norwegian formatting of numbers, percentages, differences and dates.

The one place where a number becomes text. Everything a reader sees (report,
figures, validation messages, notebooks) goes through these functions, so the
report never mixes ``42.5%`` and ``42,5 %``.

Conventions (Språkrådet and the Modum report): decimal comma; a no-break space
(U+00A0) between thousands and before ``%`` so ``1 124`` and ``42,5 %`` never
wrap; differences between percentages in *prosentpoeng*; dates as
``28.02.2025``. Numbers are rounded half up, as published survey tables are,
not to even.

Locale data comes from Babel (CLDR ``nb_NO``).
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "nb_NO"
NBSP = "\u00a0"
EN_DASH = "\u2013"
MINUS = "\u2212"


def _decimal(value: float | int | Decimal, decimals: int) -> Decimal:
    """Round half up at ``decimals`` places, immune to binary float artefacts."""
    if isinstance(value, Decimal):
        exact = value
    elif isinstance(value, int):
        exact = Decimal(value)
    else:
        # repr-based conversion keeps 0.425 as 0.425, not 0.42499999...
        exact = Decimal(repr(float(value)))
    with localcontext() as ctx:
        ctx.rounding = ROUND_HALF_UP
        return exact.quantize(Decimal(1).scaleb(-decimals))


def number(value: float | int | Decimal, decimals: int = 0) -> str:
    """A number with Norwegian separators.

    >>> number(1124)
    '1\\xa0124'
    >>> number(3.4878, 2)
    '3,49'
    >>> number(-0.05, 1)
    '\\u22120,1'
    """
    rounded = _decimal(value, decimals)
    if rounded == 0:
        rounded = abs(rounded)  # never print "−0,0"
    text = format_decimal(
        abs(rounded),
        format="#,##0" + ("." + "0" * decimals if decimals else ""),
        locale=LOCALE,
        decimal_quantization=False,
    )
    text = text.replace(" ", NBSP)
    return (MINUS + text) if rounded < 0 else text


def integer(value: int) -> str:
    """A count: ``1 124``.

    >>> integer(558)
    '558'
    """
    return number(int(value), 0)


def percent(share: float | Decimal, decimals: int = 1) -> str:
    """A share (0–1) as a percentage: ``42,5 %``.

    >>> percent(93 / 219)
    '42,5\\xa0%'
    >>> percent(0.41, 0)
    '41\\xa0%'
    """
    return number(_decimal(share, 12) * 100, decimals) + NBSP + "%"


def percent_of(k: int, n: int, decimals: int = 1) -> str:
    """``k`` of ``n`` as a percentage, computed exactly before rounding.

    >>> percent_of(69, 558, 2)
    '12,37\\xa0%'
    """
    return number(Decimal(int(k)) * 100 / Decimal(int(n)), decimals) + NBSP + "%"


def points(
    difference: float | Decimal, decimals: int = 1, *, signed: bool = False, unit: bool = True
) -> str:
    """A difference between two percentages, in *prosentpoeng*.

    ``difference`` is on the share scale (0.385 is 38,5 prosentpoeng).

    >>> points(0.81 - 0.425)
    '38,5 prosentpoeng'
    >>> points(-0.183, signed=True)
    '\\u221218,3 prosentpoeng'
    >>> points(0.233, unit=False)
    '23,3'
    """
    value = _decimal(difference, 12) * 100
    text = number(value, decimals)
    if signed and _decimal(value, decimals) > 0:
        text = "+" + text
    return f"{text} prosentpoeng" if unit else text


def mean(value: float, decimals: int = 2) -> str:
    """A mean on a rating scale: ``3,49``.

    >>> mean(143 / 41)
    '3,49'
    """
    return number(value, decimals)


def interval(low: float, high: float, decimals: int = 1, *, as_percent: bool = True) -> str:
    """A confidence interval: ``39,6–45,5 %`` (or ``3,21–3,77`` for means).

    >>> interval(0.396, 0.455)
    '39,6\\u201345,5\\xa0%'
    >>> interval(3.2, 3.77, 2, as_percent=False)
    '3,20\\u20133,77'
    """
    if as_percent:
        lo = number(_decimal(low, 12) * 100, decimals)
        hi = number(_decimal(high, 12) * 100, decimals)
        return f"{lo}{EN_DASH}{hi}{NBSP}%"
    return f"{number(low, decimals)}{EN_DASH}{number(high, decimals)}"


def between(low: float, high: float, decimals: int = 0) -> str:
    """An interval for prose: ``mellom 36 og 49 %``.

    >>> between(0.364, 0.4912)
    'mellom 36 og 49\xa0%'
    """
    lo = number(_decimal(low, 12) * 100, decimals)
    hi = number(_decimal(high, 12) * 100, decimals)
    return f"mellom {lo} og {hi}{NBSP}%"


def count(value: int, singular: str, plural: str) -> str:
    """A count with its noun in the right number: ``1 advarsel``, ``2 advarsler``.

    >>> count(1, "advarsel", "advarsler"), count(0, "feil", "feil"), count(1124, "svar", "svar")
    ('1 advarsel', '0 feil', '1\xa0124 svar')
    """
    return f"{integer(value)} {singular if value == 1 else plural}"


def p_value(p: float) -> str:
    """A p-value the way Norwegian reports print it.

    >>> p_value(0.0000012)
    'p < 0,001'
    >>> p_value(0.0321)
    'p = 0,032'
    """
    if p < 0.001:
        return "p < 0,001"
    return f"p = {number(p, 3)}"


def n(count: int | tuple[int, int]) -> str:
    """The ``n`` of a caption: ``n = 545`` or ``n = 487–490``.

    >>> n(545)
    'n\\xa0=\\xa0545'
    >>> n((487, 490))
    'n\\xa0=\\xa0487\\u2013490'
    """
    if isinstance(count, tuple):
        low, high = count
        if low == high:
            return n(low)
        return f"n{NBSP}={NBSP}{integer(low)}{EN_DASH}{integer(high)}"
    return f"n{NBSP}={NBSP}{integer(count)}"


def multiple_choice(text: str, about: str) -> str:
    """A multiple-choice question's text, «flere svar mulig» said once, and ``about`` its shares.

    A question that already ends with its own note («(flere valg mulig)») keeps
    it, and ``about`` joins that note in one parenthesis.

    >>> multiple_choice("Hva hjalp? (flere valg mulig)", "andel av respondentene")
    'Hva hjalp? (flere valg mulig; andel av respondentene)'
    >>> multiple_choice("Hva ble gjort (flere valg)", "n = 4")
    'Hva ble gjort (flere valg; n = 4)'
    >>> multiple_choice("Hva hjalp?", "andel av respondentene")
    'Hva hjalp? (flere svar mulig; andel av respondentene)'
    """
    own = re.search(
        r"\s*\((flere (?:valg|svar)(?: mulig)?|velg (?:ett|en|et) eller flere)\)\s*$",
        text,
        flags=re.IGNORECASE,
    )
    stem, note = (text[: own.start()], own.group(1)) if own else (text, "flere svar mulig")
    return f"{stem} ({note}; {about})"


def suppressed(k: int, reason: str | None = "primary") -> str:
    """What a cell shows when it rests on too few respondents (``primary``), or is hidden
    only so that such a group cannot be worked out from a total (``secondary``).

    The one wording of the anonymity limit wherever a reader sees it: table cells, figure
    boxes, sentences («har under 5 svar») and the method text.

    >>> suppressed(5), suppressed(5, "secondary")
    ('under 5', 'skjult')
    """
    return "skjult" if reason == "secondary" else f"under {k}"


def suppression_note(k: int) -> str:
    """The note under a table where a group is hidden only to protect a smaller one.

    >>> suppression_note(5)[:40]
    '«Skjult»: gruppen har minst 5 svar, men '
    """
    return (
        f"«Skjult»: gruppen har minst {k} svar, men tallene er skjult fordi en gruppe med "
        f"{suppressed(k)} svar ellers kunne regnes ut fra totalen."
    )


def date(value: _dt.date | str) -> str:
    """A date: ``28.02.2025``.

    >>> date(_dt.date(2025, 2, 28))
    '28.02.2025'
    """
    if isinstance(value, str):
        value = _dt.date.fromisoformat(value[:10])
    return format_date(value, "dd.MM.yyyy", locale=LOCALE)


def month_span(start: _dt.date, end: _dt.date) -> str:
    """The months a survey ran: ``februar 2025``, ``januar–februar 2025``, ``desember 2024–januar 2025``.

    >>> month_span(_dt.date(2025, 1, 22), _dt.date(2025, 2, 28))
    'januar–februar 2025'
    >>> month_span(_dt.date(2025, 2, 3), _dt.date(2025, 2, 28))
    'februar 2025'
    """
    if (start.year, start.month) == (end.year, end.month):
        return month_year(end)
    if start.year == end.year:
        return f"{format_date(start, 'MMMM', locale=LOCALE)}{EN_DASH}{month_year(end)}"
    return f"{month_year(start)}{EN_DASH}{month_year(end)}"


def survey_source(
    kommune: str, start: _dt.date, end: _dt.date, count: int | tuple[int, int]
) -> str:
    """The source line under a survey figure.

    >>> survey_source("Modum kommune", _dt.date(2025, 1, 22), _dt.date(2025, 2, 28), 558)
    'Kilde: spørreundersøkelse blant ansatte i Modum kommune, januar–februar 2025, n\xa0=\xa0558.'
    """
    return f"Kilde: spørreundersøkelse blant ansatte i {kommune}, {month_span(start, end)}, {n(count)}."


def month_year(value: _dt.date | str) -> str:
    """Month and year for a front page: ``mai 2025``.

    >>> month_year(_dt.date(2025, 5, 7))
    'mai 2025'
    """
    if isinstance(value, str):
        value = _dt.date.fromisoformat(value[:10])
    return format_date(value, "MMMM yyyy", locale=LOCALE)
