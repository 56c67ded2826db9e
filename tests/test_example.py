"""The example study's Questback export: reproducible, shaped like the codebook says,
and carrying the Modum report's published counts.

The reference figures are read from ``tests/data/example/modum-2025-survey.yaml``
(its source: ``docs/example-study.md``), never retyped here; this
module tallies the export directly with pandas, independent of the pipeline.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline import formatting as fmt
from pipeline.cli import main as cli_main
from pipeline.codebook.load import load_codebook
from pipeline.config import load_study

ROOT = Path(__file__).parents[1]
STUDY = ROOT / "studies" / "modum-2025"
EXPORT = ROOT / "data" / "raw" / "modum-2025" / "modum-2025-questback.xlsx"
REFERENCE = Path(__file__).parent / "data" / "example" / "modum-2025-survey.yaml"

METADATA = ("Respondent-ID", "Starttidspunkt", "Sluttidspunkt", "Status", "E-post")
POSITIVE = ("Godt", "Svært godt")


@pytest.fixture(scope="module")
def codebook():
    return load_codebook(STUDY / "codebook.yaml")


@pytest.fixture(scope="module")
def export() -> pd.DataFrame:
    return pd.read_excel(EXPORT, engine="openpyxl", dtype={"Respondent-ID": "Int64"})


@pytest.fixture(scope="module")
def reference() -> dict:
    return yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def column(codebook, export):
    """Variable id → export column (Series)."""
    headers = {v.id: v.header for v in codebook.variables}
    return lambda var: export[headers[var]]


def _published(text: str) -> str:
    return str(text).replace("\u00a0", " ")


def _pct(k: int, n: int, decimals: int = 1) -> str:
    return _published(fmt.percent_of(int(k), int(n), decimals))


def _number(text: str) -> float:
    """``"42,5 %"``, ``"over 86 %"``, ``"nærmere 40 %"`` → 42.5, 86.0, 40.0."""
    digits = "".join(c for c in str(text) if c.isdigit() or c == ",")
    return float(digits.replace(",", "."))


# --- the file itself -------------------------------------------------------------------


def test_regenerating_writes_exactly_the_committed_raw_files_byte_for_byte(tmp_path):
    code = cli_main(["example", "--study", str(STUDY), "--raw", str(tmp_path)])
    assert code == 0
    written = sorted(p.name for p in (tmp_path / "modum-2025").iterdir())
    assert written == sorted(p.name for p in EXPORT.parent.iterdir())
    for name in written:
        assert (tmp_path / "modum-2025" / name).read_bytes() == (EXPORT.parent / name).read_bytes()


def test_558_started_489_completed_and_69_incomplete_40_hv_29_fo(export):
    assert len(export) == 558
    status = export["Status"].value_counts().to_dict()
    assert status == {"Fullført": 489, "Ikke fullført": 69}
    incomplete = export[export["Status"] == "Ikke fullført"]
    assert incomplete["Etat"].value_counts().to_dict() == {
        "Helse og velferd": 40,
        "Familie og oppvekst": 29,
    }


def test_sluttidspunkt_is_blank_exactly_for_the_incomplete(export):
    assert (export["Sluttidspunkt"].isna() == (export["Status"] == "Ikke fullført")).all()


def test_timestamps_lie_inside_the_survey_window_and_end_after_start(export):
    survey = load_study(STUDY).config.survey
    start, end = export["Starttidspunkt"], export["Sluttidspunkt"]
    assert start.min().date() >= survey.invitation
    assert end.max().date() <= survey.closed
    done = end.notna()
    minutes = (end[done] - start[done]).dt.total_seconds() / 60
    assert minutes.between(1, 60).all()


def test_starts_burst_after_each_reminder(export):
    survey = load_study(STUDY).config.survey
    per_day = export["Starttidspunkt"].dt.date.value_counts()
    for send in (survey.invitation, *survey.reminders):
        day_before = send - pd.Timedelta(days=1)
        assert per_day.get(send, 0) > 2 * per_day.get(day_before, 0)


def test_respondent_ids_are_unique_integers_not_in_sorted_order(export):
    ids = export["Respondent-ID"]
    assert ids.is_unique and ids.notna().all()
    assert not ids.is_monotonic_increasing


def test_every_header_is_metadata_or_a_codebook_variable(codebook, export):
    headers = {v.header for v in codebook.variables}
    unknown = [c for c in export.columns if c not in METADATA and c not in headers]
    assert unknown == []


def test_every_codebook_variable_has_a_column_in_questionnaire_order(codebook, export):
    questions = [c for c in export.columns if c not in METADATA]
    assert questions == [v.header for v in codebook.variables]


def test_closed_answers_are_labels_the_codebook_knows(codebook, export):
    for v in codebook.variables:
        values = set(export[v.header].dropna())
        if v.type == "choice":
            assert values <= {v.label}, v.id
        elif v.is_closed:
            assert values <= set(v.answer_labels), v.id


def test_partial_respondents_skip_no_unrouted_question_before_the_one_they_stopped_at(
    codebook, export
):
    variables = [v for v in codebook.variables if v.id != "etat"]
    headers = [v.header for v in variables]
    always_asked = [i for i, v in enumerate(variables) if v.asked_if is None and v.required]
    answered = export.loc[export["Status"] == "Ikke fullført", headers].notna().to_numpy()
    stopped_after_answering = 0
    for row in answered:
        if not row.any():
            continue
        stopped_after_answering += 1
        last = row.nonzero()[0].max()
        assert all(row[i] for i in always_asked if i < last)
    assert stopped_after_answering == 62  # 7 of the 69 opened the survey and answered nothing


def test_most_partial_respondents_stop_within_the_first_ten_questions(codebook, export):
    questions = [q for q in codebook.questions if q.id != "etat"]
    later = [v.header for q in questions[10:] for v in q.variables]
    partial = export[export["Status"] == "Ikke fullført"]
    went_on = partial[later].notna().any(axis=1).sum()
    assert went_on < len(partial) / 2
    assert len(partial) - went_on == 50


def test_free_text_holds_personal_data_to_redact_and_no_test_strings(column):
    texts = pd.concat([column("fritekst_barrierer"), column("fritekst_tiltak")]).dropna()
    assert 70 <= len(texts) <= 90
    assert not texts.str.contains(r"<|>|\btest\b", regex=True, case=False).any()
    assert texts.str.contains(r"[\w.]+@[\w.]+\.no", regex=True).any()
    assert texts.str.contains(r"\b\d{3} \d{2} \d{3}\b", regex=True).sum() >= 2
    assert texts.str.contains("Kari Nordmann", regex=False).any()


def test_the_published_follow_up_answers_beyond_the_ja_count_break_the_routing(reference, column):
    # The report: 214 answered the follow-up routed to the 212 who said Ja.
    questions = reference["questions"]
    published = questions["fravaer_arbeidsrelatert"]["published"]["n"]
    ja = questions["sykemeldt_16_dager_siste_3_aar"]["counts"]["Ja"]
    broke_routing = column("fravaer_arbeidsrelatert").notna() & (column("sykemeldt16") == "Nei")
    assert broke_routing.sum() == published - ja == 2


def test_leaders_battery_is_answered_only_by_the_roles_the_codebook_routes_to_it(codebook, column):
    for var_id in ("rammer_tid", "leder_involvert", "samarbeid"):
        routed = dict(codebook.variable(var_id).asked_if.clauses)["rolle"]
        assert set(column("rolle")[column(var_id).notna()]) <= set(routed), var_id
    roles = column("rolle")[column("rammer_tid").notna() | column("samarbeid").notna()]
    assert 55 <= len(roles) <= 75


# --- the reference's exact figures ------------------------------------------------------


def test_response_counts_match_the_reference(reference, export):
    r = reference["response"]
    incomplete = export["Status"] == "Ikke fullført"
    assert len(export) == r["started"]["published"]
    assert incomplete.sum() == r["incomplete"]["published"]
    k, n = r["dropout_share_of_started"]["counts"]
    assert (incomplete.sum(), len(export)) == (k, n)
    assert _pct(k, n, 2) == r["dropout_share_of_started"]["published"]
    by_sector = export.loc[incomplete, "Etat"].value_counts().to_dict()
    assert by_sector == r["incomplete_by_sector"]["counts"]
    assert (~incomplete).sum() == r["completed"]["counts"][0]


def test_medarbeidersamtale_by_etat_total_and_difference(reference, column):
    q = reference["questions"]["medarbeidersamtale_siste_12_mnd"]
    answer, etat = column("medarbeidersamtale"), column("etat")
    shares = {}
    for sector, expected in q["by_sector"].items():
        counts = answer[etat == sector].value_counts()
        ja, nei = int(counts.get("Ja", 0)), int(counts.get("Nei", 0))
        assert (ja, nei) == (expected["ja"], expected["nei"])
        assert _pct(ja, ja + nei) == expected["published"]["ja"]
        assert _pct(nei, ja + nei) == expected["published"]["nei"]
        shares[sector] = ja / (ja + nei)
    counts = answer.value_counts()
    assert (counts["Ja"], counts["Nei"]) == (q["total"]["ja"], q["total"]["nei"])
    assert _pct(counts["Ja"], counts.sum()) == q["total"]["published"]["ja"]
    hv, fo = q["by_sector"]
    assert fmt.points(shares[fo] - shares[hv]) == q["difference_between_sectors"]["published"]


def test_samarbeid_counts_mean_and_sides(reference, column):
    q = reference["questions"]["samarbeid_ledelse_tillitsvalgte"]
    on_scale = column("samarbeid")[column("samarbeid").isin(q["scale"])]
    assert on_scale.value_counts().to_dict() == q["counts"]
    n = len(on_scale)
    assert n == q["published"]["n"]
    score = on_scale.map({label: i + 1 for i, label in enumerate(q["scale"])})
    assert fmt.mean(score.mean()) == q["published"]["mean_1_to_5"]
    sides = {"negative": q["scale"][:2], "neutral": q["scale"][2:3], "positive": q["scale"][3:]}
    for side, labels in sides.items():
        assert _pct(on_scale.isin(labels).sum(), n) == q["published"][side]


@pytest.mark.parametrize(
    ("key", "var"),
    [
        ("sykemeldt_16_dager_siste_3_aar", "sykemeldt16"),
        ("fravaer_arbeidsrelatert", "fravaer_arbeidsrelatert"),
    ],
)
def test_single_choice_counts_and_shares(reference, column, key, var):
    q = reference["questions"][key]
    answers = column(var).dropna()
    assert answers.value_counts().to_dict() == q["counts"]
    n = len(answers)
    assert n == q["published"]["n"]
    for label, count in q["counts"].items():
        assert _pct(count, n) == q["published"][label]


def test_forhold_option_counts_respondents_and_mentions(reference, codebook, export):
    q = reference["questions"]["forhold_skyld_i_fravaer"]
    options = {v.label: export[v.header] for v in codebook.question("forhold").variables}
    assert {label: int(s.notna().sum()) for label, s in options.items()} == q["counts"]
    chosen = pd.concat(options.values(), axis=1).notna()
    assert chosen.any(axis=1).sum() == q["published"]["n_respondents"]
    assert chosen.to_numpy().sum() == q["published"]["n_mentions"]


PAIRS = {
    "Kontakt mellom leder/ansatt": ("ansatt_kontakt", "leder_kontakt"),
    "Tilrettelegging": ("ansatt_tilrettelegging", "leder_tilrettelegging"),
    "Underveisoppfølging": ("ansatt_underveis", "leder_underveis"),
    "Oppfølgingsplan": ("ansatt_oppfolgingsplan", "leder_oppfolgingsplan"),
}


@pytest.mark.parametrize("item", PAIRS)
def test_figure_20_employees_and_leaders_positive_of_rated(reference, codebook, column, item):
    expected = reference["questions"]["oppfatning_ansatte_vs_ledere"]["items"][item]
    shares = {}
    for group, var in zip(("employees", "leaders"), PAIRS[item], strict=True):
        rated = column(var)[column(var).isin(codebook.variable(var).scale.labels)]
        k, n = int(rated.isin(POSITIVE).sum()), len(rated)
        assert [k, n] == expected[group]
        assert _pct(k, n) == expected["published"][group]
        shares[group] = k / n
    gap = fmt.points(shares["leaders"] - shares["employees"], unit=False)
    assert gap == expected["published"]["gap"]


def test_employees_follow_up_questions_only_for_those_on_sick_leave(column):
    for var in ("ansatt_kontakt", "tiltak_kontakt"):
        assert set(column("sykemeldt16")[column(var).notna()]) == {"Ja"}


def test_leaders_ratings_only_from_those_involved(column):
    assert set(column("leder_involvert")[column("leder_kontakt").notna()]) == {"Ja"}
    ja = (column("leder_involvert") == "Ja").sum()
    assert ja == 58  # "n=58" in the caption of figures 18 and 20


RAMMER_ITEMS = {
    "Tilstrekkelig tid til å følge opp sykefravær": "rammer_tid",
    "Nok ressurser til forebyggende arbeid": "rammer_ressurser",
    "Nødvendige verktøy og systemer": "rammer_verktoy",
    "Kompetanse om regelverket": "rammer_kompetanse",
    "Støtte fra HR-avdelingen": "rammer_hr",
}


def test_rammer_published_shares_of_59(reference, codebook, column):
    q = reference["questions"]["ledernes_rammer"]
    for item, cells in q["published"].items():
        var = RAMMER_ITEMS[item]
        assert codebook.variable(var).label == item
        answers = column(var).dropna()
        assert len(answers) == q["n"]
        for label, published in cells.items():
            assert _pct(int((answers == label).sum()), len(answers)) == published


def test_every_exact_reference_question_is_tallied_here(reference):
    tallied = {
        "medarbeidersamtale_siste_12_mnd",
        "samarbeid_ledelse_tillitsvalgte",
        "sykemeldt_16_dager_siste_3_aar",
        "fravaer_arbeidsrelatert",
        "forhold_skyld_i_fravaer",
        "oppfatning_ansatte_vs_ledere",
        "ledernes_rammer",
    }
    exact = {key for key, q in reference["questions"].items() if q.get("exact")}
    assert exact == tallied


# --- the approximate figures (within one percentage point) ------------------------------


def test_stress_counts(reference, column):
    q = reference["questions"]["stress"]
    assert column("psyk_stress").value_counts().to_dict() == q["counts"]


APPROXIMATE = [
    # (reference question, published key, variable, labels counted)
    ("fysisk_arbeidsmiljo", "Inneklima, dårlig eller svært dårlig", "fysisk_inneklima", ("Dårlig", "Svært dårlig")),
    ("fysisk_arbeidsmiljo", "Støyforhold, dårlig eller svært dårlig", "fysisk_stoy", ("Dårlig", "Svært dårlig")),
    ("fysisk_arbeidsmiljo", "Tilgang til hjelpemidler, god eller svært god", "fysisk_hjelpemidler", ("God", "Svært god")),
    ("fysisk_arbeidsmiljo", "Ergonomiske forhold, middels", "fysisk_ergonomi", ("Middels",)),
    ("fysisk_arbeidsmiljo", "Variasjon i arbeidet, god eller svært god", "fysisk_variasjon", ("God", "Svært god")),
    ("belastninger", "Kan snakke med kollega/verneombud/leder, enig", "enighet_snakke", ("Enig", "Svært enig")),
    ("belastninger", "Blir tatt på alvor, enig", "enighet_alvor", ("Enig", "Svært enig")),
    ("belastninger", "Uheldige fysiske belastninger, enig", "enighet_fysiske_belastninger", ("Enig", "Svært enig")),
    ("belastninger", "Uheldige psykiske belastninger, enig", "enighet_psykiske_belastninger", ("Enig", "Svært enig")),
    ("temaer_i_medarbeidersamtalen", "Trivsel, ja", "tema_trivsel", ("Ja",)),
    ("temaer_i_medarbeidersamtalen", "Arbeidsmiljø, ja", "tema_arbeidsmiljo", ("Ja",)),
    ("temaer_i_medarbeidersamtalen", "Arbeidsmengde, ja", "tema_arbeidsmengde", ("Ja",)),
    ("temaer_i_medarbeidersamtalen", "Sykefravær, ja", "tema_sykefravaer", ("Ja",)),
    ("temaer_i_medarbeidersamtalen", "Sykefravær, nei", "tema_sykefravaer", ("Nei",)),
    ("temaer_i_medarbeidersamtalen", "Tilretteleggingsbehov, ja", "tema_tilrettelegging", ("Ja",)),
    ("temaer_i_medarbeidersamtalen", "Tilretteleggingsbehov, nei", "tema_tilrettelegging", ("Nei",)),
]  # fmt: skip


@pytest.mark.parametrize(("question", "key", "var", "labels"), APPROXIMATE)
def test_approximate_shares_within_one_point(reference, column, question, key, var, labels):
    published = _number(reference["questions"][question]["published"][key])
    answers = column(var).dropna()
    share = 100 * answers.isin(labels).sum() / len(answers)
    assert abs(share - published) <= 1.0


KONFLIKT_ITEMS = {
    "Ledere": "konflikt_ledere",
    "Andre kolleger": "konflikt_kolleger",
    "Pasienter/brukere/elever": "konflikt_brukere",
    "Pårørende/foresatte": "konflikt_parorende",
}


def test_konflikt_shares_within_one_point(reference, column):
    for item, cells in reference["questions"]["konflikter"]["published"].items():
        answers = column(KONFLIKT_ITEMS[item]).dropna()
        for label, published in cells.items():
            share = 100 * (answers == label).sum() / len(answers)
            assert abs(share - _number(published)) <= 1.0, (item, label)


HANDTERING = {
    "Samtale med leder": "handtering_leder",
    "Samtale/støtte fra kolleger": "handtering_kolleger",
    "Tillitsvalgt eller verneombud": "handtering_tillitsvalgt",
    "Ingen støtte": "handtering_ingen",
    "Bedriftshelsetjenesten": "handtering_bht",
}


def test_handtering_n_and_shares(reference, codebook, column):
    q = reference["questions"]["handtering_av_meldte_hendelser"]["published"]
    chosen = pd.concat([column(v).notna() for v in HANDTERING.values()], axis=1)
    n = int(chosen.any(axis=1).sum())
    assert n == q["n"]
    for label, var in HANDTERING.items():
        assert codebook.variable(var).label == label
        share = 100 * column(var).notna().sum() / n
        assert abs(share - _number(q[label])) <= 1.0
