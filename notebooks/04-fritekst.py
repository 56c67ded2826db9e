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
# # Fritekst
#
# Denne notatboka er for å lese og sortere fritekstsvarene, for eksempel for å finne
# temaer som går igjen. Den bruker bare den sladdede teksten: navn, e-postadresser og
# telefonnumre er fjernet allerede ved innlesingen, og svarene er sortert alfabetisk slik
# at rekkefølgen ikke sier noe om hvem som skrev dem. Svarene vises bare når
# `analysis.yaml` tillater det (`free_text: show: true`), og bare for spørsmål med minst
# *k* svar, akkurat som i rapporten.
#
# Ikke kopier enkeltsvar ut av notatboka eller koble dem til bakgrunnsvariabler: små
# grupper og egne formuleringer kan avsløre hvem som har skrevet.

# %%
import pandas as pd
from IPython.display import display

from pipeline import formatting as fmt
from pipeline.workspace import open_study

pd.set_option("display.max_colwidth", 200)
ws = open_study()
allowed = ws.analysis.show_free_text
# results.json holds the free text exactly as the report may show it (redacted, sorted, k applied)
free_text = ws.results["free_text"] if allowed else []
print(
    "Fritekst kan vises for denne studien."
    if allowed
    else "Studien tillater ikke at fritekst vises (free_text: show: false i analysis.yaml)."
)

# %% [markdown]
# ## Spørsmålene med fritekst

# %%
pd.DataFrame(
    {
        "Spørsmål": [q["text"] for q in free_text],
        "Svar": [
            fmt.suppressed(ws.k) if q["suppressed"] else fmt.integer(q["n"]) for q in free_text
        ],
    }
)

# %% [markdown]
# ## Ord som går igjen
#
# Hvor mange svar på hvert spørsmål som inneholder et ord eller en orddel (store og små
# bokstaver likt; «tid» treffer også «tidspress»).
# Endre listen for å lete etter andre temaer. Et tema som skal i rapporten, beskrives av
# revisor i rapportens tekst; tallene her er bare en hjelp til lesingen.

# %%
WORDS = ["bemanning", "leder", "tid", "arbeidspress", "tilrettelegging"]
shown = [q for q in free_text if not q["suppressed"]]
pd.DataFrame(
    {
        "Ord": WORDS,
        **{
            q["id"]: [
                fmt.integer(sum(word.lower() in a.lower() for a in q["answers"])) for word in WORDS
            ]
            for q in shown
        },
    }
)

# %% [markdown]
# ## Svarene
#
# Alle svar på hvert spørsmål, sladdet og sortert alfabetisk. Sett `WORD` til et ord for å
# se bare svarene som inneholder det.

# %%
WORD = ""
for q in shown:
    answers = [a for a in q["answers"] if WORD.lower() in a.lower()]
    print(f"{q['text']} ({fmt.integer(len(answers))} av {fmt.integer(q['n'])} svar)")
    display(pd.DataFrame({"Svar": answers}))
