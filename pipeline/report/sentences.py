"""Fact sentences generated from ``results.json``.

Numbers in the report's prose come from the same results as its tables and
figures, through :mod:`pipeline.formatting`, so they can never drift apart. Each
function returns plain text (the template escapes it) and says nothing that the
numbers do not show: no assessments, which are the revisor's.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline import formatting as fmt
from pipeline.analysis.anonymity import category_suppression, hidden_response_groups
from pipeline.analysis.results import (
    FactorQuestion,
    GapComparison,
    GroupComparison,
    GroupShare,
    LeftOut,
    Option,
    Proportion,
    QuestionResult,
    Results,
    VariableResult,
)


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


def _share(p: Proportion | GroupShare) -> str:
    return fmt.percent(p["p"], 1)


def about(short: str) -> str:
    """How a sentence names its question: «spørsmålet om <short label>»."""
    return f"spørsmålet om {short}"


# Plain-language verdicts on a test; the test itself goes in the method note.
SURE = "Forskjellen er så stor at den neppe skyldes tilfeldigheter."
UNSURE = "Forskjellen kan skyldes tilfeldigheter."


def _verdict(p: float | None) -> str:
    return SURE if p is not None and p < 0.05 else UNSURE


def group_comparison(
    comparison: GroupComparison, phrase: str | None, population: str, k: int
) -> str:
    """«42,5 % av de ansatte i Helse og velferd har hatt …, mot 81,0 % i Familie og oppvekst – en forskjell på 38,5 prosentpoeng.»

    The test behind the last sentence is in :func:`group_comparison_method`.
    """
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
    verb = phrase or f"svarte {success} på {about(comparison['short'])}"
    if not shown:
        return f"Det er for få svar i hver gruppe til å vise resultatet ({fmt.suppressed(k)} svar)."
    first, rest = shown[0], shown[1:]
    text = f"{_share(first)} av {population} i {first['group']} {verb}"
    if rest:
        text += ", mot " + join([f"{_share(g)} i {g['group']}" for g in rest])
    diff = comparison.get("difference")
    if diff and diff.get("difference") is not None:
        text += f" – en forskjell på {fmt.points(abs(diff['difference']))}"
    text += f". Grunnlaget er de {fmt.integer(sum(g['n'] for g in shown))} som svarte."
    if comparison.get("p") is not None:
        text += " " + _verdict(comparison["p"])
    if small:
        text += f" {join(small)} har {fmt.suppressed(k)} svar og vises ikke."
    if protecting:
        text += (
            f" {join(protecting)} vises heller ikke, fordi den minste gruppen ellers kunne "
            "regnes ut fra totalen."
        )
    weighted = comparison.get("total_weighted")
    total = comparison.get("total")
    if (
        weighted
        and total
        and total.get("p") is not None
        and fmt.percent(weighted["p"], 1) != fmt.percent(total["p"], 1)
    ):
        text += (
            f" Av alle som svarte, svarte {_share(total)} {success}. Gruppene svarte i ulik grad; "
            f"vektet etter hvor mange som ble invitert i hver gruppe, blir totalen "
            f"{fmt.percent(weighted['p'], 1)}. Figuren og resten av rapporten bruker totalen "
            "uten vekting."
        )
    return text


def group_comparison_method(comparison: GroupComparison) -> str | None:
    """The test behind :func:`group_comparison`'s verdict, for the note under the figure."""
    if comparison.get("p") is None:
        return None
    return (
        f"Metode: kjikvadrattest, {fmt.p_value(comparison['p'])}; effektstørrelse "
        f"Cramérs V = {fmt.number(comparison['cramers_v'], 2)}. Forskjeller med p under 0,05 "
        "omtales som forskjeller som neppe skyldes tilfeldigheter."
    )


def single_choice(question: QuestionResult, k: int, grouping: bool = False) -> str:
    """«Av de 533 som svarte på spørsmålet om …, svarte 39,8 % «Ja» og 60,2 % «Nei».»

    For a ``grouping`` question (its answers are groups) answers under ``k`` are left
    out, with those that would give them away (:func:`category_suppression`).
    """
    var = question["variables"][0]
    if var.get("suppressed"):
        return f"{_about_cap(question)} har {fmt.suppressed(k)} svar, og resultatet vises ikke."
    freqs = var["frequencies"]
    if grouping:
        hidden = category_suppression([r["count"] for r in freqs], k)
        if any(hidden):
            freqs = [r for r, why in zip(freqs, hidden, strict=True) if not why]
            if not freqs:
                return (
                    f"Av de {fmt.integer(var['n_all'])} som svarte på {about(question['short'])}, "
                    f"vises ikke fordelingen, fordi minst én gruppe har {fmt.suppressed(k)} svar."
                )
    rows = [r for r in freqs if r["count"] > 0 or not r["off_scale"]]
    rows = sorted(rows, key=lambda r: -r["count"])[:4] if len(rows) > 4 else rows
    parts = [
        f"{fmt.percent(r['share_all'], 1)} {_quote(r['label'])}"
        for r in rows
        if r["share_all"] is not None
    ]
    return (
        f"Av de {fmt.integer(var['n_all'])} som svarte på {about(question['short'])}, "
        f"svarte {join(parts)}."
    )


def _about_cap(question: QuestionResult) -> str:
    return "S" + about(question["short"])[1:]


def _either(labels: Sequence[str]) -> str:
    return join([_quote(x) for x in labels], "eller")


def likert_item(question: QuestionResult, k: int) -> str:
    """One rated question: favourable, middle and unfavourable shares, and the mean.

    «Av de 41 som svarte på spørsmålet om samarbeidet …, svarte 51,2 % gunstig («Godt» eller
    «Svært godt»), 31,7 % «Middels» og 17,1 % ugunstig («Svært dårlig» eller «Dårlig»).»
    Without a favourable end it gives every answer's share instead.
    """
    variable = question["variables"][0]
    if variable.get("suppressed") or not variable.get("likert"):
        return f"{_about_cap(question)} har {fmt.suppressed(k)} svar, og resultatet vises ikke."
    s = variable["likert"]
    if not s["n"]:
        return f"Ingen har svart på {about(question['short'])}."
    labels = s["labels"]
    text = f"Av de {fmt.integer(s['n'])} som svarte på {about(question['short'])}, svarte "
    if s["favourable"] is not None:
        middle = [x for x in labels if x not in s["favourable_labels"] + s["unfavourable_labels"]]
        text += f"{_share(s['favourable'])} gunstig ({_either(s['favourable_labels'])})"
        if middle:
            text += f", {_share(s['neutral'])} {_either(middle)}"
        text += f" og {_share(s['unfavourable'])} ugunstig ({_either(s['unfavourable_labels'])})."
    else:
        on = [r for r in variable["frequencies"] if not r["off_scale"]]
        text += join([f"{fmt.percent(r['share'], 1)} {_quote(r['label'])}" for r in on]) + "."
    text += (
        f" Gjennomsnittet er {fmt.mean(s['mean'])} på en skala fra 1 ({_quote(labels[0])}) "
        f"til {len(labels)} ({_quote(labels[-1])})."
    )
    off = [r for r in variable["frequencies"] if r["off_scale"] and r["count"]]
    if off:
        text += (
            " "
            + join([f"{fmt.integer(r['count'])} svarte {_quote(r['label'])}" for r in off])
            + "; de er holdt utenfor andelene."
        )
    return text


def _rated(question: QuestionResult) -> list[VariableResult]:
    return [
        v
        for v in question["variables"]
        if not v.get("suppressed") and v.get("likert") and v["likert"]["n"]
    ]


def battery(question: QuestionResult, k: int) -> str:
    """The items with the highest unfavourable and favourable shares of a battery.

    Each item counts at its own unfavourable end (a reversed item's high end);
    the sentence says which answers those are, and names the items whose end
    differs from the others'.
    """
    items = _rated(question)
    if not items:
        return f"{_about_cap(question)} har {fmt.suppressed(k)} svar per påstand, og resultatene vises ikke."
    n_range = fmt.n((min(v["n"] for v in items), max(v["n"] for v in items)))
    directed = [v for v in items if v["likert"]["favourable"] is not None]
    if not directed:
        return (
            f"Blant dem som svarte på {about(question['short'])} ({n_range}), har svarskalaen "
            "ingen gunstig eller ugunstig ende; fordelingen står i figuren."
        )
    worst = max(directed, key=lambda v: v["likert"]["unfavourable"]["p"])
    best = max(directed, key=lambda v: v["likert"]["favourable"]["p"])
    text = (
        f"Blant dem som svarte på {about(question['short'])} ({n_range}), har "
        f"{_quote(worst['label'])} høyest andel ugunstige svar ({_share(worst['likert']['unfavourable'])}), "
        f"og {_quote(best['label'])} høyest andel gunstige svar ({_share(best['likert']['favourable'])})."
    )
    ends: dict[tuple[str, ...], list[str]] = {}
    for v in directed:
        ends.setdefault(tuple(v["likert"]["unfavourable_labels"]), []).append(v["label"])
    common = max(ends, key=lambda e: len(ends[e]))
    text += f" Som ugunstige svar regnes {_either(common)}"
    others = [(e, labels) for e, labels in ends.items() if e != common]
    for end, labels in others:
        text += f", for {join([_quote(x) for x in labels])} derimot {_either(end)}"
    text += "."
    if len(directed) < len(items):
        undirected = [v["label"] for v in items if v not in directed]
        text += (
            f" {join([_quote(x) for x in undirected])} har ingen gunstig ende og er ikke med "
            "i sammenligningen."
        )
    return text


def single_battery(question: QuestionResult, k: int) -> str:
    """Single-choice battery (e.g. Ja/Nei per topic): the share of the first answer per item."""
    items = [v for v in question["variables"] if not v.get("suppressed")]
    if not items:
        return f"{_about_cap(question)} har {fmt.suppressed(k)} svar per påstand, og resultatene vises ikke."
    first = items[0]["frequencies"][0]["label"]
    ranked = sorted(items, key=lambda v: -(v["frequencies"][0]["share_all"] or 0))
    parts = [
        f"{_quote(v['label'])} ({fmt.percent(v['frequencies'][0]['share_all'], 1)})" for v in ranked
    ]
    n_range = fmt.n((min(v["n_all"] for v in items), max(v["n_all"] for v in items)))
    return (
        f"Blant dem som svarte på {about(question['short'])} ({n_range}), var andelen som "
        f"svarte {_quote(first)}: {join(parts)}."
    )


def multiple_choice(question: QuestionResult, k: int) -> str:
    """«82 respondenter svarte på spørsmålet om … og ga til sammen 126 svar. … Flest valgte «Annet» (46,3 %) …»"""
    m = question["multiple"]
    if m.get("suppressed"):
        return f"{_about_cap(question)} har {fmt.suppressed(k)} svar, og resultatet vises ikke."
    if not m["respondents"]:
        return f"Ingen har svart på {about(question['short'])}."
    top = sorted(m["options"], key=lambda o: -o["count"])[:2]
    named = [f"{_quote(o['label'])} ({_share_of(o)})" for o in top]
    return (
        f"{fmt.count(m['respondents'], 'respondent', 'respondenter')} svarte på "
        f"{about(question['short'])} og ga til sammen {fmt.count(m['mentions'], 'svar', 'svar')}. "
        f"Det var mulig å velge flere svar, så andelene summerer seg til mer enn {fmt.percent(1, 0)}. "
        f"Flest valgte {join(named)}."
    )


def _share_of(option: Option) -> str:
    return fmt.percent(option["share"], 1)


def gaps(comparison: GapComparison, k: int) -> str:
    """How far two groups' ratings of the same aspects lie apart, largest gap first."""
    items = [i for i in comparison["items"] if not i["suppressed"]]
    if not items:
        return f"Det er for få svar i gruppene til å sammenligne dem ({fmt.suppressed(k)} svar)."
    ranked = sorted(items, key=lambda i: -abs(i["gap"]["difference"]))
    top = ranked[0]
    b_higher = all(i["gap"]["difference"] > 0 for i in items)
    a_higher = all(i["gap"]["difference"] < 0 for i in items)
    lead = ""
    if b_higher:
        lead = f"{comparison['group_b']} vurderer alle {_count_word(len(items))} forholdene mer gunstig enn {_lower(comparison['group_a'])}. "
    elif a_higher:
        lead = f"{comparison['group_a']} vurderer alle {_count_word(len(items))} forholdene mer gunstig enn {_lower(comparison['group_b'])}. "
    tested = [i for i in items if i.get("p_holm") is not None]
    significant = [i for i in tested if i["p_holm"] < 0.05]
    text = (
        f"{comparison['title']}: {lead}Størst er forskjellen for {_quote(top['label'])}: {_share(top['share_b'])} av "
        f"{_lower(comparison['group_b'])} ({fmt.n(top['share_b']['n'])}) mot {_share(top['share_a'])} av "
        f"{_lower(comparison['group_a'])} ({fmt.n(top['share_a']['n'])}) svarer gunstig, en forskjell på "
        f"{fmt.points(abs(top['gap']['difference']))}."
    )
    if not tested:
        text += " Noen har svart i begge gruppene, så forskjellene er ikke testet statistisk."
    elif len(significant) == len(tested):
        text += " For alle forholdene er forskjellen så stor at den neppe skyldes tilfeldigheter."
    elif not significant:
        text += " For alle forholdene kan forskjellen skyldes tilfeldigheter."
    else:
        text += (
            f" For {_count_word(len(significant))} av {_count_word(len(tested))} forhold er forskjellen "
            "så stor at den neppe skyldes tilfeldigheter."
        )
    return text


def gaps_method(comparison: GapComparison) -> str:
    """The tests behind :func:`gaps`' verdict, for the note under the figure."""
    return (
        "Metode: test for forskjell mellom to andeler (Fishers eksakte test når en gruppe er liten), "
        "med Holm-korreksjon fordi flere forhold sammenlignes samtidig. Forskjeller med korrigert "
        "p under 0,05 omtales som forskjeller som neppe skyldes tilfeldigheter."
    )


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


def factors(ranked: FactorQuestion, threshold: float, k: int) -> str:
    """Items whose unfavourable share is above the study's threshold."""
    flagged = [i for i in ranked["items"] if i["flagged"]]
    ends = {
        tuple(i.get("unfavourable_labels", ()))
        for i in ranked["items"]
        if i.get("unfavourable_labels")
    }
    what = "ugunstige svar"
    if len(ends) == 1:
        what += f" ({_either(next(iter(ends)))})"
    limit = fmt.percent(threshold, 0)
    if not flagged:
        return f"På {about(ranked['short'])} har ingen av forholdene en andel {what} over {limit}."
    parts = [
        f"{_quote(i['label'])} ({_share(i['unfavourable'])}, {fmt.n(i['unfavourable']['n'])})"
        for i in flagged
    ]
    return f"På {about(ranked['short'])} er andelen {what} over {limit} for {join(parts)}."


def response(results: Results, kommune: str) -> list[str]:
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
            f"Svarprosenten er {_share(total['rate_completed'])} når den regnes som andelen av de "
            f"inviterte som fullførte, og {_share(total['rate_started'])} når alle som startet regnes med."
        )
    if d["incomplete"]:
        # Where the dropouts came from is shown only for groups shown in the response table:
        # «100 % av disse i A» would tell that everyone in a hidden group B finished.
        hidden = hidden_response_groups(results)
        groups = [g for g in d["by_group"] if g["group"] is not None and g["group"] not in hidden]
        text = (
            f"{fmt.count(d['incomplete'], 'respondent', 'respondenter')} "
            f"({fmt.percent(d['dropout']['p'], 1)} av dem som startet) fullførte ikke"
        )
        if groups:
            text += ": " + join([f"{_share(g)} av disse i {g['group']}" for g in groups])
        text += "."
        if hidden:
            text += (
                f" Fordelingen vises ikke for {join(sorted(hidden))}, fordi en gruppe har "
                f"{fmt.suppressed(results['k'])} svar."
            )
        out.append(text)
    return out + left_out(r.get("left_out", {}))


def left_out(counts: LeftOut) -> list[str]:
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
