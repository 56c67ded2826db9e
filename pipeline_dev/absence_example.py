"""The example study's absence statistics: ``data/raw/modum-2025/sykefravaer-2020-2024.csv``.

Synthetic, deterministic (fixed seed), shaped like an HR system's export
(semicolon-separated, decimal comma, one row per unit and year). It reproduces
what the Modum report publishes about registered absence:

- Helse og velferd 2024, weighted by agreed working days: egenmeldt 1,2 %,
  legemeldt 8,6 %, total 11,1 % (so 1,3 points are missing from the
  components, and (11,1 − 8) ÷ 11,1 = 27,9 % reduction is needed for 8 %);
- the four units picked for interviews from the extremes of Helse og velferd and
  Familie og oppvekst in 2024: 14,8 %, 14,8 %, 7,6 % and 6,4 %;
- in 2024, the year of the audited tertial report, totals 0,5–1,5 points above
  egenmeldt + legemeldt in the rows of those two etats; other rows add up;
- Helsestasjon moves from Helse og velferd to Familie og oppvekst in 2022.

Everything else (other years, the other etats) is invented. ``python -m pipeline
example`` (``make example``) writes the file again, with the survey export.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.files import write_bytes

SEED = 20250507
YEARS = (2020, 2021, 2022, 2023, 2024)
YEAR_SHIFT = {2020: -1.2, 2021: -0.8, 2022: 0.3, 2023: -0.2, 2024: 0.0}
HV, FO, TM, SU = (
    "Helse og velferd",
    "Familie og oppvekst",
    "Teknisk og miljø",
    "Støtte og utvikling",
)
MISMATCH_YEAR = 2024
MISMATCH_ETATS = (HV, FO)

# unit: (etat in 2024, total 2024 %, agreed working days 2024, egenmeldt share of total)
UNITS = {
    "Sykehjem": (HV, 14.8, None, 0.10),
    "Hjemmetjenesten": (HV, 10.2, None, 0.11),
    "Omsorgsboliger": (HV, 6.4, None, 0.16),
    "Rus og psykisk helse": (HV, None, None, 0.14),  # solved so that the etat is 11,1 %
    "Barnehage": (FO, 14.8, 9400, 0.12),
    "Skole": (FO, 7.6, 15200, 0.17),
    "Helsestasjon": (FO, 9.3, 2900, 0.15),
    "PPT": (FO, 8.1, 1700, 0.16),
    "Vei og park": (TM, 7.9, 3300, 0.13),
    "Eiendom": (TM, 8.8, 4100, 0.12),
    "Vann og avløp": (TM, 5.2, 2600, 0.16),
    "HR og lønn": (SU, 4.6, 2200, 0.22),
    "Økonomi": (SU, 5.3, 2500, 0.2),
    "IKT": (SU, 3.9, 1800, 0.24),
}
MOVES = {"Helsestasjon": {2020: HV, 2021: HV}}  # etat before the move

# Helse og velferd 2024 as published: etat (weighted) egenmeldt, legemeldt, total.
HV_2024 = (Decimal("1.2"), Decimal("8.6"), Decimal("11.1"))
# Relative weights (agreed working days ÷ HV_SCALE); the last unit has weight 1 so
# its values come out at one decimal.
HV_WEIGHTS = {"Sykehjem": 3, "Hjemmetjenesten": 4, "Omsorgsboliger": 1, "Rus og psykisk helse": 1}
HV_SCALE = 2450
# (egenmeldt, gap total − components) for the HV units other than the solved one.
HV_COMPONENTS = {
    "Sykehjem": (Decimal("1.4"), Decimal("1.5")),
    "Hjemmetjenesten": (Decimal("1.1"), Decimal("1.2")),
    "Omsorgsboliger": (Decimal("1.0"), Decimal("0.9")),
}

HEADERS = {
    "unit": "Enhet",
    "etat": "Etat",
    "period": "År",
    "egenmeldt": "Egenmeldt %",
    "legemeldt": "Legemeldt %",
    "total": "Totalt sykefravær %",
    "short_term": "Korttid 1-16 dager %",
    "long_term": "Langtid over 16 dager %",
    "agreed_days": "Avtalte dagsverk",
}


def _d(value: float) -> Decimal:
    return Decimal(repr(round(value, 1)))


def _helse_og_velferd_2024() -> dict[str, tuple[Decimal, Decimal, Decimal, int]]:
    """Unit (egenmeldt, legemeldt, total, agreed days) so the weighted etat is exactly HV_2024."""
    e_target, l_target, t_target = HV_2024
    out = {}
    sums = [Decimal(0)] * 3
    weight_sum = 0
    for unit, weight in HV_WEIGHTS.items():
        if unit in HV_COMPONENTS:
            total = Decimal(repr(UNITS[unit][1]))
            egen, gap = HV_COMPONENTS[unit]
            lege = total - egen - gap
            out[unit] = (egen, lege, total, weight * HV_SCALE)
            for i, v in enumerate((egen, lege, total)):
                sums[i] += weight * v
            weight_sum += weight
    last = next(u for u in HV_WEIGHTS if u not in HV_COMPONENTS)
    w = HV_WEIGHTS[last]
    solved = [
        (target * (weight_sum + w) - s) / w
        for target, s in zip((e_target, l_target, t_target), sums, strict=True)
    ]
    out[last] = (solved[0], solved[1], solved[2], w * HV_SCALE)
    return out


def build_example() -> pd.DataFrame:
    """The example absence table with the file's headers, in unit and year order."""
    rng = np.random.default_rng(SEED)
    hv = _helse_og_velferd_2024()
    rows = []
    for unit, (etat_2024, total_2024, days_2024, egen_share) in UNITS.items():
        if unit in hv:
            days_2024 = hv[unit][3]
            total_2024 = float(hv[unit][2])
        for year in YEARS:
            etat = MOVES.get(unit, {}).get(year, etat_2024)
            if year == 2024 and unit in hv:
                egen, lege, total, days = hv[unit]
            else:
                total = _d(
                    min(max(total_2024 + YEAR_SHIFT[year] + rng.normal(0, 0.6), 2.0), 20.0)
                    if year != 2024
                    else total_2024
                )
                days = int(round(days_2024 * (1 + (year - 2024) * 0.01 + rng.normal(0, 0.02))))
                egen = _d(float(total) * egen_share)
                gap = Decimal(0)
                if year == MISMATCH_YEAR and etat in MISMATCH_ETATS:
                    gap = _d(rng.uniform(0.5, 1.5))
                lege = total - egen - gap
            short = _d(float(total) * (0.36 + rng.normal(0, 0.03)))
            rows.append(
                {
                    "unit": unit,
                    "etat": etat,
                    "period": year,
                    "egenmeldt": egen,
                    "legemeldt": lege,
                    "total": total,
                    "short_term": short,
                    "long_term": total - short,
                    "agreed_days": days,
                }
            )
    frame = pd.DataFrame(rows).sort_values(["period", "etat", "unit"], kind="stable")
    return frame.rename(columns=HEADERS).reset_index(drop=True)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Semicolon-separated, decimal comma, UTF-8 with BOM: as Excel in Norway saves CSV."""

    def cell(value: object) -> str:
        if isinstance(value, Decimal):
            return f"{value:.1f}".replace(".", ",")
        return str(value)

    out = io.StringIO()
    out.write(";".join(frame.columns) + "\r\n")
    for row in frame.itertuples(index=False):
        out.write(";".join(cell(v) for v in row) + "\r\n")
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_example(path: Path) -> None:
    """Write the example file atomically."""
    write_bytes(Path(path), to_csv_bytes(build_example()))
