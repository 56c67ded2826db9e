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
# # Svarinngang og frafall
#
# Denne notatboka er for å se nærmere på hvem som svarte på undersøkelsen, og hvor
# respondentene falt fra underveis. Den leser de samme anonymiserte dataene og bruker
# de samme statistikkfunksjonene som rapporten (`pipeline.analysis.response`), så tallene
# her er rapportens tall. Finner du noe som bør med i rapporten, skal det inn i
# programpakken og rapporten, ikke bare stå her.
#
# Kjør `make analyse` først. Tall vises med norsk formatering, og grupper med under
# *k* respondenter vises ikke, etter samme regel som i rapporten
# (`pipeline.analysis.anonymity.hidden_response_groups`): «under k» for en liten
# gruppe, «skjult» for en gruppe som er skjult for at den lille ikke skal kunne regnes ut.

# %%
# %matplotlib inline
import pandas as pd

from pipeline import formatting as fmt
from pipeline.analysis.anonymity import hidden_response_groups, label_hidden
from pipeline.analysis.response import dropoff_curve, dropout, response_rates, stop_points
from pipeline.analysis.results import Proportion
from pipeline.report.tables import stop_sentence
from pipeline.workspace import open_study

pd.set_option("display.max_colwidth", 70)
ws = open_study()
# invited per group as ingest settled on it (study.yaml, or counted from the export)
survey = ws.study.config.survey.with_invited(ws.manifest.invited)
print(
    f"{ws.study.config.kommune}, «{ws.study.config.title}»: "
    f"{fmt.integer(len(ws.responses))} startet, anonymitetsgrense k = {ws.k}"
)

# %% [markdown]
# ## Svarprosent per gruppe
#
# Svarprosent er antall som fullførte delt på antall inviterte; andelen som startet
# regner med alle som åpnet undersøkelsen (se definisjonene i rapportens metodekapittel).
# Intervallene er Wilson 95 %.

# %%
rates = response_rates(ws.responses, survey.invited, survey.invited_by)
hidden = hidden_response_groups(ws.results)  # the report's rule, from the same counts


def share(cell: Proportion | None) -> str:
    if cell is None:
        return "–"
    return f"{fmt.percent(cell['p'])} ({fmt.interval(cell['ci_low'], cell['ci_high'])})"


rate_table = pd.DataFrame(
    {
        "Gruppe": rates["group"].fillna("Totalt"),
        "Inviterte": rates["invited"].map(lambda v: "–" if pd.isna(v) else fmt.integer(v)),
        "Startet": rates["started"].map(fmt.integer),
        "Fullførte": rates["completed"].map(fmt.integer),
        "Svarprosent": rates["rate_completed"].map(share),
        "Andel som startet": rates["rate_started"].map(share),
    }
)
groups = rate_table.iloc[:-1]
reasons = [hidden.get(g) for g in groups["Gruppe"]]
pd.concat([label_hidden(groups, reasons, ws.k, keep=("Gruppe", "Inviterte")), rate_table.iloc[-1:]])

# %% [markdown]
# ## Hvem falt fra?
#
# Av dem som startet, hvor mange fullførte ikke, og hvilke grupper hører de til?
# Andelene per gruppe er av alle som ikke fullførte.

# %%
d = dropout(ws.responses, survey.invited_by)
stops = stop_points(ws.responses, ws.codebook)
print(
    f"{fmt.integer(d['incomplete'])} av {fmt.integer(d['started'])} fullførte ikke "
    f"({fmt.percent(d['dropout']['p'])}); {fmt.integer(stops['within_first'])} av dem stoppet "
    f"innen de første {stops['first']} spørsmålene."
)
print(stop_sentence(stops) or "Alle som startet, fullførte.")
# Only the groups the response table shows: «100 % av disse i A» would tell that everyone
# in a hidden group finished. Respondents without a group are not a group to show.
by_group = pd.DataFrame(d["by_group"], columns=["group", "k", "p"]).dropna(subset=["group"])
dropout_table = pd.DataFrame(
    {
        "Gruppe": by_group["group"],
        "Fullførte ikke": by_group["k"].map(fmt.integer),
        "Andel av dem som ikke fullførte": by_group["p"].map(fmt.percent),
    }
)
reasons = [hidden.get(g) for g in dropout_table["Gruppe"]]
label_hidden(dropout_table, reasons, ws.k, keep=("Gruppe",))

# %% [markdown]
# ## Hvor stoppet de som ikke fullførte?
#
# Samme frafallskurve som i rapporten, men bare for dem som ikke fullførte: hvor mange av
# dem svarer fortsatt ved hvert spørsmål? Et bratt fall etter et spørsmål kan tyde på at
# spørsmålet var vanskelig eller for langt.

# %%
incomplete = ws.responses[~ws.responses["completed"]]
curve = dropoff_curve(incomplete, ws.codebook)
pd.DataFrame(
    {
        "Nr.": curve["position"],
        "Spørsmål": curve["text"],
        "Svarer fortsatt": curve["answering"].map(fmt.integer),
        "Andel av dem som ikke fullførte": curve["share"].map(fmt.percent),
    }
)

# %% [markdown]
# ## Figuren i rapporten
#
# Frafallskurven slik den står i rapporten: tegnet av samme funksjon fra de samme
# resultatene (`results.json`), med tallene som står under figuren.

# %%
ws.figure("frafall")

# %%
ws.figure_table("frafall")
