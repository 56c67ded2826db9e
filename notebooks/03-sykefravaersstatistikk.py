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
# # Sykefraværsstatistikk
#
# Denne notatboka er for å utforske det registrerte sykefraværet fra kommunens HR-system:
# utviklingen per etat, hvilke enheter som ligger høyest og lavest, og hvor langt det er
# igjen til målene. Den bruker de samme funksjonene som rapporten
# (`pipeline.absence.analysis`), med enhetstallene fra `absence.json`. Etatenes og
# kommunens tall er vektet med avtalte dagsverk når filen har dem.
#
# Kjør `make absence` først. Studier uten `absence.yaml` har ikke denne delen.

# %%
# %matplotlib inline
import pandas as pd
from IPython.display import display

from pipeline import formatting as fmt
from pipeline.absence.analysis import gap_to_target, rank_units, trend
from pipeline.workspace import open_study

ws = open_study()
if ws.absence is None:
    print("Studien har ikke registrert sykefravær; resten av notatboka hoppes over.")
else:
    register = ws.absence_register()
    print(
        f"{fmt.integer(ws.absence['counts']['units'])} enheter i "
        f"{fmt.integer(ws.absence['counts']['etats'])} etater, "
        f"{ws.absence['periods'][0]}–{ws.absence['latest_period']}. "
        f"Kilde: {ws.absence['source']['description'] or ws.absence['source']['file']}"
    )


# %%
def percent_or_dash(value: float | None) -> str:
    return "–" if value is None or pd.isna(value) else fmt.percent(value)


def points_or_dash(value: float | None) -> str:
    return "–" if value is None or pd.isna(value) else fmt.points(value, signed=True)


# %% [markdown]
# ## Utviklingen per etat
#
# Totalt sykefravær per periode, og endringen fra perioden før i prosentpoeng.

# %%
if ws.absence is not None:
    t = trend(register)
    wide = t.pivot(index="period", columns="name", values="total").map(percent_or_dash)
    display(wide)
    latest = t[t["period"] == ws.absence["latest_period"]]
    display(
        pd.DataFrame(
            {
                "Etat": latest["name"],
                "Totalt": latest["total"].map(percent_or_dash),
                "Endring fra perioden før": latest["change"].map(points_or_dash),
                "Andel langtid": latest["long_share"].map(percent_or_dash)
                if "long_share" in latest
                else "–",
                "Enheter": latest["units"].map(fmt.integer),
            }
        )
    )

# %% [markdown]
# ## Enhetene med høyest og lavest fravær
#
# Rangeringen i siste periode, for etatene og antallet ytterpunkter i `absence.yaml`
# (revisjonen valgte intervjuenheter blant ytterpunktene).

# %%
if ws.absence is not None:
    ranking = ws.absence["ranking"]
    ranked = rank_units(
        register,
        int(register["period_index"].max()),
        etats=ranking["etats"],
        count=ranking["count"],
    )
    display(
        pd.DataFrame(
            {
                "Plass": ranked["rank"],
                "Enhet": ranked["unit"],
                "Etat": ranked["etat"],
                "Totalt": ranked["total"].map(percent_or_dash),
                "Ytterpunkt": ranked["extreme"].map({"high": "høyest", "low": "lavest"}).fillna(""),
            }
        )
    )

# %% [markdown]
# ## Avstand til målene
#
# For hvert mål med et tall: hvor mange prosentpoeng etatene og kommunen ligger over
# målet, og hvor mye fraværet må ned (i prosent av dagens nivå) for å nå det.

# %%
if ws.absence is not None:
    levels = t[t["period"] == ws.absence["latest_period"]]
    for target in ws.absence["targets"]:
        if target["value"] is None:
            continue
        scope = (
            levels if target["scope"] == "kommune" else levels[levels["name"] == target["scope"]]
        )
        gaps = gap_to_target(scope[["name", "total"]], target["value"])
        print(f"{target['text']} (mål: {fmt.percent(target['value'])})")
        display(
            pd.DataFrame(
                {
                    "Etat": gaps["name"],
                    "Totalt": gaps["total"].map(percent_or_dash),
                    "Over målet": gaps["gap"].map(points_or_dash),
                    "Nødvendig nedgang": gaps["relative_reduction"].map(percent_or_dash),
                    "Nådd": gaps["met"].map({True: "ja", False: "nei"}),
                }
            )
        )

# %% [markdown]
# ## Figuren i rapporten
#
# Utviklingen per etat og for hele kommunen, tegnet av samme funksjon som figuren i
# rapporten, med tallene som står under den.

# %%
if ws.absence is not None:
    display(ws.figure("sykefravaer-trend"))
    display(ws.figure_table("sykefravaer-trend"))
