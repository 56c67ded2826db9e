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
from pipeline.analysis.free_text import answer_id
from pipeline.report.themes import THEMES_FILE, read_themes
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
            ws.codebook.question(q["id"]).short: [
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

# %% [markdown]
# ## Koding i temaer
#
# Rapporten viser temaene med antall svar når svarene er kodet i `texts/fritekst-tema.csv`
# i studiemappen: to kolonner, `svar_id` og `tema`, én linje per svar. Uten filen viser
# rapporten et utvalg av svarene. Tabellen under viser hvert svar med id-en og temaet det har
# fått så langt. Id-en lages av spørsmålet og den sladdede teksten, og sier ikke noe om hvem
# som skrev svaret.
#
# Sett `LAG_MAL = True` i cellen under og kjør den for å skrive en mal med alle svar-id-ene og tomt tema.
# En fil som finnes, blir aldri overskrevet. Fyll inn temaene i et regneark eller en
# teksteditor, og kjør `make html` for å se dem i rapporten.

# %%
LAG_MAL = False
themes_path = ws.study.root / THEMES_FILE
coded = read_themes(themes_path)
coding = pd.DataFrame(
    [
        {
            "svar_id": answer_id(q["id"], a),
            "spørsmål": q["id"],
            "svar": a,
            "tema": coded.get(answer_id(q["id"], a), ""),
        }
        for q in shown
        for a in q["answers"]
    ],
    columns=["svar_id", "spørsmål", "svar", "tema"],
)
if LAG_MAL and not themes_path.exists():
    coding[["svar_id", "tema"]].to_csv(themes_path, index=False)
    print(f"Skrev {themes_path}")
print(
    f"{fmt.integer(int((coding['tema'] != '').sum()))} av {fmt.integer(len(coding))} svar er kodet."
)
display(coding)
