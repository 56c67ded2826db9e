"""Fact sentences generated from ``results.json``.

Numbers in the report's prose come from the same results as its tables and
figures, through :mod:`pipeline.formatting`, so they can never drift apart. Each
function returns plain text (the template escapes it) and says nothing that the
numbers do not show: no assessments, which are the revisor's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pipeline import formatting as fmt
from pipeline.analysis.anonymity import category_suppression, hidden_response_groups


def _quote(label: str) -> str:
    return f"«{label}»"


def join(items: Sequence[str], word: str = "og") -> str:
    """Norwegian list: ``a, b og c``.

    >>> join(["a", "b", "c"])
    'a, b og c'
    >>> join(["a"])
    'a'
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _share(p: dict[str, Any]) -> str:
    return fmt.percent(p["p"], 1)


def group_comparison(
    comparison: dict[str, Any], phrase: str | None, population: str, k: int
) -> str:
    """«42,5 % av de ansatte i Helse og velferd har hatt …, mot 81,0 % i Familie og oppvekst – en forskjell på 38,5 prosentpoeng.»"""
    shown = [g for g in comparison["groups"] if not g["suppressed"]]
    small = [
        g["group"]
        for g in comparison["groups"]
        if g["suppressed"] and g.get("suppression") != "secondary"
    ]
    protecting = [
        g["group"]
        for g in comparison["groups"]
        if g["suppressed"] and g.get("suppression") == "secondary"
    ]
    success = join([_quote(s) for s in comparison["success"]], "eller")
    verb = phrase or f"svarte {success} på spørsmålet {_quote(comparison['text'])}"
    if not shown:
        return f"Det er for få svar i hver gruppe til å vise resultatet (færre enn {k})."
    first, rest = shown[0], shown[1:]
    text = f"{_share(first)} av {population} i {first['group']} {verb}"
    if rest:
        text += ", mot " + join([f"{_share(g)} i {g['group']}" for g in rest])
    diff = comparison.get("difference")
    if diff and diff.get("difference") is not None:
        text += f" – en forskjell på {fmt.points(diff['difference'])}"
    text += "."
    if comparison.get("p") is not None:
        significant = (
            "statistisk signifikant" if comparison["p"] < 0.05 else "ikke statistisk signifikant"
        )
        text += (
            f" Forskjellen mellom gruppene er {significant} "
            f"(kjikvadrattest, {fmt.p_value(comparison['p'])}; Cramérs V = {fmt.number(comparison['cramers_v'], 2)})."
        )
    if small:
        text += f" {join(small)} har færre enn {k} svar og vises ikke."
    if protecting:
        text += (
            f" {join(protecting)} vises heller ikke, fordi den minste gruppen ellers kunne "
            "regnes ut fra totalen."
        )
    return text


def single_choice(question: dict[str, Any], k: int, grouping: bool = False) -> str:
    """«Av 533 som svarte, svarte 39,8 % «Ja» og 60,2 % «Nei».»

    For a ``grouping`` question (its answers are groups) answers under ``k`` are left
    out, with those that would give them away (:func:`category_suppression`).
    """
    var = question["variables"][0]
    if var.get("suppressed"):
        return f"Spørsmålet har færre enn {k} svar, og resultatet vises ikke."
    freqs = var["frequencies"]
    if grouping:
        hidden = category_suppression([r["count"] for r in freqs], k)
        if any(hidden):
            freqs = [r for r, why in zip(freqs, hidden, strict=True) if not why]
            if not freqs:
                return (
                    f"Av {fmt.integer(var['n_all'])} som svarte, vises ikke fordelingen, "
                    f"fordi minst én gruppe har færre enn {k} svar."
                )
    rows = [r for r in freqs if r["count"] > 0 or not r["off_scale"]]
    rows = sorted(rows, key=lambda r: -r["count"])[:4] if len(rows) > 4 else rows
    parts = [
        f"{fmt.percent(r['share_all'], 1)} {_quote(r['label'])}"
        for r in rows
        if r["share_all"] is not None
    ]
    return f"Av {fmt.integer(var['n_all'])} som svarte, svarte {join(parts)}."


def likert_item(
    variable: dict[str, Any], scale_labels: Sequence[str], n_negative: int, n_positive: int, k: int
) -> str:
    """Mean and negative/neutral/positive shares of one rated item."""
    if variable.get("suppressed") or not variable.get("likert"):
        return f"Spørsmålet har færre enn {k} svar, og resultatet vises ikke."
    s = variable["likert"]
    if not s["n"]:
        return "Ingen har svart på spørsmålet."
    pos = join([_quote(x) for x in scale_labels[len(scale_labels) - n_positive :]], "eller")
    neg = join([_quote(x) for x in scale_labels[:n_negative]], "eller")
    neutral = scale_labels[n_negative : len(scale_labels) - n_positive]
    text = (
        f"Gjennomsnittet er {fmt.mean(s['mean'])} på en skala fra 1 til {len(scale_labels)} "
        f"({fmt.n(s['n'])}). {_share(s['positive'])} svarer {pos}"
    )
    if neutral:
        text += f", {_share(s['neutral'])} {join([_quote(x) for x in neutral], 'eller')}"
    text += f" og {_share(s['negative'])} {neg}."
    off = [r for r in variable["frequencies"] if r["off_scale"] and r["count"]]
    if off:
        text += (
            " "
            + join([f"{fmt.integer(r['count'])} svarte {_quote(r['label'])}" for r in off])
            + "; de er holdt utenfor andelene."
        )
    return text


def battery(question: dict[str, Any], k: int) -> str:
    """The items with the highest negative and positive shares of a battery."""
    items = [
        v
        for v in question["variables"]
        if not v.get("suppressed") and v.get("likert") and v["likert"]["n"]
    ]
    if not items:
        return f"Spørsmålet har færre enn {k} svar per påstand, og resultatene vises ikke."
    worst = max(items, key=lambda v: v["likert"]["negative"]["p"])
    best = max(items, key=lambda v: v["likert"]["positive"]["p"])
    return (
        f"Høyest andel negative svar har {_quote(worst['label'])} ({_share(worst['likert']['negative'])}), "
        f"høyest andel positive svar {_quote(best['label'])} ({_share(best['likert']['positive'])})."
    )


def single_battery(question: dict[str, Any], k: int) -> str:
    """Single-choice battery (e.g. Ja/Nei per topic): the share of the first answer per item."""
    items = [v for v in question["variables"] if not v.get("suppressed")]
    if not items:
        return f"Spørsmålet har færre enn {k} svar per påstand, og resultatene vises ikke."
    first = items[0]["frequencies"][0]["label"]
    ranked = sorted(items, key=lambda v: -(v["frequencies"][0]["share_all"] or 0))
    parts = [
        f"{_quote(v['label'])} ({fmt.percent(v['frequencies'][0]['share_all'], 1)})" for v in ranked
    ]
    return f"Andelen som svarte {_quote(first)}: {join(parts)}."


def multiple_choice(question: dict[str, Any], k: int) -> str:
    """«82 respondenter ga til sammen 126 svar … Flest valgte «Annet» (46,3 %) …»"""
    m = question["multiple"]
    if m.get("suppressed"):
        return f"Spørsmålet har færre enn {k} svar, og resultatet vises ikke."
    if not m["respondents"]:
        return "Ingen har svart på spørsmålet."
    top = sorted(m["options"], key=lambda o: -o["count"])[:2]
    named = [f"{_quote(o['label'])} ({_share_of(o)})" for o in top]
    return (
        f"{fmt.integer(m['respondents'])} respondenter ga til sammen {fmt.integer(m['mentions'])} svar. "
        f"Det var mulig å velge flere svar, så andelene summerer seg til mer enn {fmt.percent(1, 0)}. "
        f"Flest valgte {join(named)}."
    )


def _share_of(option: dict[str, Any]) -> str:
    return fmt.percent(option["share"], 1)


def gaps(comparison: dict[str, Any], k: int) -> str:
    """How far two groups' ratings of the same aspects lie apart, largest gap first."""
    items = [i for i in comparison["items"] if not i["suppressed"]]
    if not items:
        return f"Det er for få svar i gruppene til å sammenligne dem (færre enn {k})."
    ranked = sorted(items, key=lambda i: -abs(i["gap"]["difference"]))
    top = ranked[0]
    b_higher = all(i["gap"]["difference"] > 0 for i in items)
    a_higher = all(i["gap"]["difference"] < 0 for i in items)
    lead = ""
    if b_higher:
        lead = f"{comparison['group_b']} vurderer alle {_count_word(len(items))} forholdene mer positivt enn {_lower(comparison['group_a'])}. "
    elif a_higher:
        lead = f"{comparison['group_a']} vurderer alle {_count_word(len(items))} forholdene mer positivt enn {_lower(comparison['group_b'])}. "
    tested = [i for i in items if i.get("p_holm") is not None]
    significant = [i for i in tested if i["p_holm"] < 0.05]
    text = (
        f"{lead}Størst er forskjellen for {_quote(top['label'])}: {_share(top['share_b'])} av "
        f"{_lower(comparison['group_b'])} mot {_share(top['share_a'])} av {_lower(comparison['group_a'])} "
        f"svarer positivt, en forskjell på {fmt.points(abs(top['gap']['difference']))}."
    )
    if tested:
        text += (
            f" Forskjellen er statistisk signifikant for {_count_word(len(significant))} av "
            f"{_count_word(len(tested))} forhold (etter Holm-korreksjon)."
        )
    else:
        text += " Noen har svart i begge gruppene, så forskjellene er ikke testet statistisk."
    return text


_WORDS = {
    1: "ett",
    2: "to",
    3: "tre",
    4: "fire",
    5: "fem",
    6: "seks",
    7: "sju",
    8: "åtte",
    9: "ni",
    10: "ti",
}


def _count_word(n: int) -> str:
    """Small numbers as words, as Norwegian prose writes them.

    >>> _count_word(4), _count_word(12)
    ('fire', '12')
    """
    return _WORDS.get(n, fmt.integer(n)) if n else "ingen"


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text


def factors(ranked: dict[str, Any], threshold: float, k: int) -> str:
    """Items whose negative share is above the study's threshold."""
    flagged = [i for i in ranked["items"] if i["flagged"]]
    if not flagged:
        return f"Ingen av forholdene har en andel negative svar over {fmt.percent(threshold, 0)}."
    parts = [f"{_quote(i['label'])} ({_share(i['negative'])})" for i in flagged]
    return f"Andelen negative svar er over {fmt.percent(threshold, 0)} for {join(parts)}."


def response(results: dict[str, Any], kommune: str) -> list[str]:
    """The survey's reach: invited, started, completed, response rate and dropout."""
    r = results["response"]
    total = r["rates"][-1]
    d = r["dropout"]
    out = [
        f"Spørreundersøkelsen ble sendt til {fmt.integer(r['invited'])} ansatte. "
        f"{fmt.integer(d['started'])} startet på undersøkelsen, og {fmt.integer(d['completed'])} fullførte den.",
    ]
    if total.get("rate_completed"):
        out.append(
            f"Svarprosenten er {_share(total['rate_completed'])} når den regnes som fullførte ÷ inviterte, "
            f"og {_share(total['rate_started'])} når alle som startet regnes med."
        )
    if d["incomplete"]:
        # Where the dropouts came from is shown only for groups shown in the response table:
        # «100 % av disse i A» would tell that everyone in a hidden group B finished.
        hidden = hidden_response_groups(results)
        groups = [g for g in d["by_group"] if g["group"] is not None and g["group"] not in hidden]
        text = (
            f"{fmt.integer(d['incomplete'])} respondenter ({fmt.percent(d['dropout']['p'], 2)} av dem som startet) "
            "fullførte ikke"
        )
        if groups:
            text += ": " + join([f"{_share(g)} av disse i {g['group']}" for g in groups])
        text += "."
        if hidden:
            text += (
                f" Fordelingen vises ikke for {join(sorted(hidden))}, fordi en gruppe har færre enn "
                f"{fmt.integer(results['k'])} svar."
            )
        out.append(text)
    return out + left_out(r.get("left_out", {}))


def left_out(counts: dict[str, int]) -> list[str]:
    """Export rows not counted as respondents: test respondents, invitees who never began.

    >>> left_out({"tests": 2, "not_started": 380})
    ['380 inviterte åpnet aldri undersøkelsen og regnes bare som inviterte.', '2 testbesvarelser er holdt utenfor.']
    >>> left_out({"tests": 1, "not_started": 0})
    ['1 testbesvarelse er holdt utenfor.']
    """
    out = []
    if counts.get("not_started"):
        out.append(
            f"{fmt.integer(counts['not_started'])} inviterte åpnet aldri undersøkelsen "
            "og regnes bare som inviterte."
        )
    tests = counts.get("tests", 0)
    if tests:
        noun = "testbesvarelse" if tests == 1 else "testbesvarelser"
        out.append(f"{fmt.integer(tests)} {noun} er holdt utenfor.")
    return out
