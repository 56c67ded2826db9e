"""The report's appendix on statistical methods, written from the method records in ``results.json``.

Nothing here knows which methods the analysis uses: :func:`method_rows` walks
``results.json`` for the records :mod:`pipeline.analysis.methods` attached to
each statistic and describes each one from its name and parameters, so the
appendix lists exactly what was computed. A record this module cannot
describe stops the report instead of being left out.
"""

from __future__ import annotations

from typing import Any

from pipeline import formatting as fmt
from pipeline.analysis.anonymity import hidden_response_groups
from pipeline.analysis.methods import collect
from pipeline.analysis.results import GapComparison, Method, Results
from pipeline.errors import PipelineError


def _level(record: Method) -> str:
    return f"{fmt.percent(record['level'], 0)} konfidensnivå"


def _correction(record: Method, what: str = "kontinuitetskorreksjon") -> str:
    return f"med {what}" if record.get("correction") else f"uten {what}"


def describe(record: Method) -> tuple[str, str]:
    """A method record as (name, Norwegian description with its parameters).

    >>> describe({"ci": "wilson", "level": 0.95})[0]
    'Wilson-intervall for en andel'
    >>> describe({"test": "chi2", "kind": "independence", "correction": False})[1]
    'Pearsons kjikvadrattest for uavhengighet i krysstabellen, uten kontinuitetskorreksjon (Yates).'
    """
    kind = record.get("ci") or record.get("test") or record.get("effect")
    kind = kind or record.get("adjust") or record.get("moe")
    if kind == "wilson":
        return (
            "Wilson-intervall for en andel",
            f"Wilsons skåreintervall (Wilson 1927), {_level(record)}. "
            "Intervallet holder seg innenfor 0–100 % også ved små grupper og andeler nær 0 eller 100 %.",
        )
    if kind == "poststratification":
        return (
            "Total vektet etter inviterte",
            "Andelen i hver gruppe teller med gruppens andel av de inviterte (poststratifisering), "
            f"slik at en gruppe som svarte oftere, ikke trekker totalen sin vei; normalintervall, {_level(record)}.",
        )
    if kind == "newcombe":
        return (
            "Newcombe-intervall for en forskjell mellom to andeler",
            f"Newcombes hybride skåreintervall (metode {record['variant']} i Newcombe 1998), "
            f"{_correction(record)}, {_level(record)}. Forutsetter to uavhengige grupper.",
        )
    if kind == "t":
        return (
            "t-intervall for gjennomsnitt på svarskalaen",
            "Svaralternativene er gitt verdiene 1, 2, 3 … (fra det laveste til det høyeste alternativet), "
            f"og gjennomsnittet har et t-intervall, {_level(record)}. Det behandler en ordinal skala "
            "som om avstandene mellom alternativene var like; andelene er derfor hovedtallene i rapporten.",
        )
    if kind == "chi2" and record.get("kind") == "independence":
        return (
            "Kjikvadrattest for uavhengighet",
            "Pearsons kjikvadrattest for uavhengighet i krysstabellen, "
            f"{_correction(record)} (Yates).",
        )
    if kind == "chi2":
        return (
            "Kjikvadrattest for fordeling",
            "Pearsons kjikvadrattest for om respondentene fordeler seg på gruppene som de inviterte "
            "(forventet antall = de invitertes andel × antall respondenter).",
        )
    if kind == "cramers_v":
        return (
            "Cramérs V",
            f"Effektstørrelse for krysstabellen, regnet fra Pearsons kjikvadrat, "
            f"{_correction(record, 'korreksjon for skjevhet')}.",
        )
    if kind == "z":
        return (
            "z-test for to andeler",
            f"Tosidig z-test for forskjellen mellom to uavhengige andeler, "
            f"{'med felles (samlet) varians' if record.get('pooled') else 'med separate varianser'}, "
            f"{_correction(record)}. Brukes når alle forventede celleantall er minst 5.",
        )
    if kind == "fisher_exact":
        return (
            "Fishers eksakte test",
            "Tosidig Fishers eksakte test på 2 × 2-tabellen. Brukes i stedet for z-testen "
            "når et forventet celleantall er under 5.",
        )
    if kind == "mann_whitney" and record.get("approximation") == "exact":
        return (
            "Mann–Whitney U-test, eksakt",
            "Tosidig Mann–Whitney U-test på hele svarskalaen med den eksakte fordelingen til U "
            "(små grupper uten like svar). Forutsetter to uavhengige grupper.",
        )
    if kind == "mann_whitney":
        return (
            "Mann–Whitney U-test",
            "Tosidig Mann–Whitney U-test på hele svarskalaen, med normaltilnærming og korreksjon for "
            f"like svar (ties), {_correction(record)}. "
            "Effektstørrelser: rangbiseriell korrelasjon og sannsynligheten for at en tilfeldig valgt "
            "person i den ene gruppen svarer høyere enn en i den andre (CLES). Forutsetter to uavhengige grupper.",
        )
    if kind == "holm":
        return (
            f"Holm-korreksjon, familien «{record['family']}»",
            f"p-verdiene til disse {fmt.integer(record['size'])} testene er justert sammen med Holms "
            f"trinnvise metode (Holm 1979): {'; '.join(record['members'])}.",
        )
    if kind == "normal" and "moe" in record:
        fpc = record.get("fpc")
        return (
            "Feilmargin, korrigert for endelig populasjon" if fpc else "Feilmargin, ukorrigert",
            f"Feilmarginen for en andel på {fmt.percent(record['p'], 0)} (den største mulige) med "
            f"normaltilnærming og {_level(record)}"
            + (
                ", korrigert for endelig populasjon (de inviterte)"
                if fpc
                else ", uten korreksjon for endelig populasjon, fordi populasjonen ikke er kjent "
                "(for eksempel for spørsmål som bare ble stilt til noen av de inviterte)"
            )
            + ". Den forutsetter at svarene er et enkelt tilfeldig utvalg av dem undersøkelsen gjaldt; "
            "der respondentene skiller seg fra de inviterte, er usikkerheten større enn feilmarginen viser.",
        )
    raise PipelineError(
        f"Metoden {record!r} i resultatfilen har ingen beskrivelse i metodevedlegget.",
        hint="Beskriv den i pipeline/report/method_appendix.py.",
    )


def method_rows(results: Results) -> list[dict[str, str]]:
    """One row per distinct method record in ``results``: name, description, number of uses."""
    return [
        {"name": name, "text": text, "uses": fmt.integer(uses)}
        for (name, text), uses in (
            (describe(record), uses) for record, uses in collect(_without_notes(results))
        )
    ]


def _without_notes(results: Results) -> dict[str, Any]:
    # free-text answers cannot hold method records; skip the largest part of the file
    shown: dict[str, Any] = {key: value for key, value in results.items() if key != "free_text"}
    if hidden_response_groups(results):
        # the method chapter leaves the representativeness test out (its statistic would
        # give a hidden group's count away), so the appendix does not list it either
        response = dict(shown["response"])
        response["representativeness"] = None
        shown["response"] = response
    return shown


def _span(values: list[int], k: int) -> str:
    """A count or a range of counts; counts of 1 to k − 1 respondents are not printed.

    A range whose low end is that small says only its high end («opptil 12»).

    >>> _span([26, 34, 34], 5), _span([3, 12], 5), _span([2, 3], 5)
    ('26–34', 'opptil 12', 'under 5')
    """
    low, high = min(values), max(values)
    if 0 < high < k:
        return fmt.suppressed(k)
    if 0 < low < k:
        return f"opptil {fmt.integer(high)}"
    return fmt.integer(low) if low == high else f"{fmt.integer(low)}–{fmt.integer(high)}"


def comparison_groups(comparison: GapComparison, k: int) -> str:
    """How a gap comparison's two groups were formed, and what the overlap rule did.

    Used under the comparison's figure and in the method appendix. Counts of
    fewer than ``k`` respondents are given as «under k» (:func:`pipeline.formatting.suppressed`).
    """
    groups = comparison.get("groups", {})
    items = comparison["items"]
    labels = {"a": comparison["group_a"], "b": comparison["group_b"]}
    parts = []
    for side in ("a", "b"):
        g = groups.get(side, {"label": labels[side], "where": None})
        asked = (
            f"svarte på «{g['question']}»"
            if g.get("question")
            else "vurderte påstandene for gruppen"
        )
        text = f"«{g['label']}» er de som {asked}"
        if g.get("where"):
            excluded = [i["excluded_a"] if side == "a" else i["excluded_b"] for i in items]
            text += (
                f" og {g['where']} ({_span(excluded, k)} vurderinger fra andre er holdt utenfor)"
            )
        parts.append(text + ".")
    in_both = [i["overlap"]["in_both"] for i in items]
    rule = comparison.get("overlap", "both")
    if max(in_both, default=0) == 0:
        parts.append("Ingen respondenter er med i begge gruppene.")
    elif rule == "both":
        parts.append(
            f"{_span(in_both, k).capitalize()} respondenter vurderte påstandene for begge gruppene og er med i begge. "
            "Gruppene er derfor ikke uavhengige, og forskjellene vises som beskrivende tall, "
            "uten konfidensintervall for forskjellen og uten statistisk test."
        )
    else:
        kept = labels[rule]
        parts.append(
            f"{_span(in_both, k).capitalize()} respondenter vurderte påstandene for begge gruppene; de er bare "
            f"regnet med i gruppen «{kept}», slik at gruppene er atskilte og kan testes mot hverandre."
        )
    return " ".join(parts)
