# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Gruppesammenligninger
#
# Denne notatboka er for å sammenligne grupper: etater, roller, og ledere mot ansatte.
# Sammenligningene som er valgt i `analysis.yaml`, beregnes her med de samme funksjonene
# som i rapporten (`pipeline.analysis.groups` og `pipeline.analysis.gaps`), og du kan
# prøve andre inndelinger før du bestemmer hva som skal i rapporten. En ny sammenligning
# kommer i rapporten ved å legge den til i `analysis.yaml`, ikke ved å kopiere tall herfra.
#
# Funksjonene skjuler selv grupper med under *k* respondenter.

# %%
# %matplotlib inline
import pandas as pd
from IPython.display import display

from pipeline import formatting as fmt
from pipeline.analysis.gaps import gap_comparisons
from pipeline.analysis.groups import share_by_group
from pipeline.analysis.results import ShareByGroup
from pipeline.report.method_appendix import comparison_groups
from pipeline.workspace import open_study

pd.set_option("display.max_colwidth", 70)
ws = open_study()
print(f"{fmt.integer(len(ws.included))} respondenter i analysene, anonymitetsgrense k = {ws.k}")


# %%
def group_table(result: ShareByGroup) -> pd.DataFrame:
    """A share_by_group result as the revisor reads it."""
    rows = [*result["groups"], {"group": "Totalt", "suppressed": False, **result["total"]}]
    return pd.DataFrame(
        {
            "Gruppe": [g["group"] for g in rows],
            "n": [
                fmt.suppressed(ws.k, g.get("suppression"))
                if g["suppressed"]
                else fmt.integer(g["n"])
                for g in rows
            ],
            "Andel": ["–" if g["suppressed"] else fmt.percent(g["p"]) for g in rows],
            "95 % konfidensintervall": [
                "–" if g["suppressed"] else fmt.interval(g["ci_low"], g["ci_high"]) for g in rows
            ],
        }
    )


def test_text(result: ShareByGroup) -> str:
    """The chi-square test and, for two groups, the difference, in one sentence."""
    parts = []
    if result["chi2"] is not None:
        parts.append(
            f"kjikvadrat = {fmt.number(result['chi2'], 1)}, {fmt.p_value(result['p'])}, "
            f"Cramérs V = {fmt.number(result['cramers_v'], 2)}"
        )
    d = result["difference"]
    if d is not None:
        parts.append(
            f"{d['high']} ligger {fmt.points(d['difference'])} over {d['low']} (95 % KI "
            f"{fmt.points(d['ci_low'], unit=False)}–{fmt.points(d['ci_high'], unit=False)})"
        )
    return "; ".join(parts) or "ingen test (for få grupper vises)"


# %% [markdown]
# ## Sammenligningene i rapporten
#
# Andelen som svarer det som regnes som «ja» i hver gruppe, med Wilson 95 %-intervall.
# Tallene beregnes på nytt fra svarene og er de samme som i `results.json`.

# %%
for c in ws.analysis.group_comparisons:
    variable = ws.codebook.variable(c.variable)
    result = share_by_group(ws.included, c.variable, c.by, c.success, variable.not_on_scale, ws.k)
    stored = next(g for g in ws.results["comparisons"]["groups"] if g["id"] == c.id)
    same = all(result[key] == stored[key] for key in ("groups", "total", "p"))
    print(f"{variable.text} – andel «{' / '.join(c.success)}» per {ws.codebook.short_of(c.by)}")
    print(f"  {test_text(result)}")
    print(f"  Samme tall som i results.json: {'ja' if same else 'NEI'}")
    display(group_table(result))

# %% [markdown]
# ## Prøv en annen inndeling
#
# Det første spørsmålet fordelt på en annen bakgrunnsvariabel fra `breakdowns` i
# `analysis.yaml` (i eksempelet: rolle i stedet for etat). Grupper under
# anonymitetsgrensen vises som «under k», og en gruppe som er skjult bare for at en
# liten gruppe ikke skal kunne regnes ut fra totalen, som «skjult», som i rapporten.

# %%
for c in ws.analysis.group_comparisons[:1]:
    for other in [b for b in ws.analysis.breakdowns if b != c.by][:1]:
        variable = ws.codebook.variable(c.variable)
        result = share_by_group(
            ws.included, c.variable, other, c.success, variable.not_on_scale, ws.k
        )
        print(
            f"{variable.text} – andel «{' / '.join(c.success)}» per {ws.codebook.short_of(other)}"
        )
        print(f"  {test_text(result)}")
        display(group_table(result))

# %% [markdown]
# ## Ledere og ansatte om de samme forholdene
#
# Andel gunstige svar (etter kodebokens «direction») i hver gruppe og forskjellen i prosentpoeng. Gruppene dannes etter
# reglene i `analysis.yaml` (den som er i begge gruppene, telles etter `overlap`); bare
# atskilte grupper får Newcombe-intervall og en p-verdi, Holm-korrigert innen `holm_family`.

# %%
for g in gap_comparisons(ws.included, ws.codebook, ws.analysis.gaps, ws.k):
    print(g["title"])
    print(f"  {comparison_groups(g, ws.k)}")
    items = g["items"]
    display(
        pd.DataFrame(
            {
                "Forhold": [i["label"] for i in items],
                g["group_a"]: [
                    fmt.suppressed(ws.k)
                    if i["suppressed"]
                    else f"{fmt.percent(i['share_a']['p'])} (n = {fmt.integer(i['share_a']['n'])})"
                    for i in items
                ],
                g["group_b"]: [
                    fmt.suppressed(ws.k)
                    if i["suppressed"]
                    else f"{fmt.percent(i['share_b']['p'])} (n = {fmt.integer(i['share_b']['n'])})"
                    for i in items
                ],
                "Forskjell": [
                    "–" if i["suppressed"] else fmt.points(i["gap"]["difference"], signed=True)
                    for i in items
                ],
                "p (Holm)": [
                    "–" if i.get("p_holm") is None else fmt.p_value(i["p_holm"]) for i in items
                ],
            }
        )
    )

# %% [markdown]
# ## Figurene i rapporten
#
# Tegnet av samme funksjoner fra de samme resultatene som figurene i rapporten.

# %%
for c in ws.analysis.group_comparisons:
    display(ws.figure(f"gruppe-{c.id}"))
    display(ws.figure_table(f"gruppe-{c.id}"))

# %%
for g in ws.analysis.gaps:
    display(ws.figure(f"gap-{g.id}"))
    display(ws.figure_table(f"gap-{g.id}"))
