"""Answer direction, short labels and plain language, on a small study that is not Modum.

The study in ``tests/data/retning`` has a frequency scale of adverse events (low is
favourable), an agreement battery with one reversed item, a scale without a
favourable end, a routed question and no reminders. The golden sentences below
were worked out by hand from the counts in its export (see the comments), not
copied from the output.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main

DATA = Path(__file__).parent / "data" / "retning"
ROOT = Path(__file__).resolve().parents[1]


def _text(page: str) -> str:
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).replace("\xa0", " ")


def _run(tmp: Path, study: Path) -> list[str]:
    return [
        "--study",
        str(study),
        "--raw",
        str(DATA / "raw"),
        "--processed",
        str(tmp / "processed"),
        "--reports",
        str(tmp / "reports"),
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("retning")
    for stage in ("ingest", "analyse", "figures"):
        assert main([stage, *_run(tmp, DATA / "study")]) == 0, stage
    assert main(["report", *_run(tmp, DATA / "study"), "--format", "html"]) == 0
    return tmp


@pytest.fixture(scope="module")
def text(built: Path) -> str:
    return _text((built / "reports" / "rapport.html").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def results(built: Path) -> dict:
    return json.loads((built / "processed" / "results.json").read_text(encoding="utf-8"))


def test_the_results_file_matches_the_typed_records(results, results_problems):
    assert results_problems(results) == []


def test_frequency_of_adverse_events_counts_rarely_as_favourable(text):
    # Hodepine: Aldri 4, Sjelden 3, Av og til 2, Ofte 3, Alltid 2 (n = 14): ugunstig 5/14 = 35,7 %.
    # Søvnproblemer: Aldri 7, Sjelden 4, Av og til 1, Ofte 2: gunstig 11/14 = 78,6 %.
    assert (
        "Blant dem som svarte på spørsmålet om hvor ofte de er plaget av helseplager (n = 14), har "
        "«Hodepine» høyest andel ugunstige svar (35,7 %), og «Søvnproblemer» høyest andel gunstige "
        "svar (78,6 %). Som ugunstige svar regnes «Ofte» eller «Alltid»."
    ) in text


def test_a_reversed_item_counts_agreement_as_unfavourable_and_says_so(text):
    # Tidspress: Helt enig 5 + Enig 2 = 7 of 12 agree, which is unfavourable: 58,3 %.
    # Trives: Helt enig 4 + Enig 4 = 8 of 12: 66,7 % favourable.
    assert (
        "Blant dem som svarte på spørsmålet om påstander om jobben (n = 12), har «Jeg opplever et "
        "urimelig tidspress» høyest andel ugunstige svar (58,3 %), og «Jeg trives på jobb» høyest "
        "andel gunstige svar (66,7 %). Som ugunstige svar regnes «Helt uenig» eller «Uenig», for "
        "«Jeg opplever et urimelig tidspress» derimot «Enig» eller «Helt enig»."
    ) in text


def test_a_scale_without_direction_gives_the_distribution_and_no_verdict(text):
    # Under 2 år 3, 2–5 år 5, Over 5 år 4 of 12; mean (3 + 10 + 12) / 12 = 2,08.
    assert (
        "Av de 12 som svarte på spørsmålet om hvor lenge de har jobbet her, svarte 25,0 % «Under 2 år», "
        "41,7 % «2–5 år» og 33,3 % «Over 5 år». Gjennomsnittet er 2,08 på en skala fra 1 («Under 2 år») "
        "til 3 («Over 5 år»)."
    ) in text


def test_a_routed_question_names_its_question_base_and_who_was_asked(text):
    # Four leaders: Enig 2, Helt enig 1, Uenig 1; mean (4 + 4 + 5 + 2) / 4 = 3,75.
    assert (
        "Av de 4 som svarte på spørsmålet om støtte som leder, svarte 75,0 % gunstig («Enig» eller "
        "«Helt enig»), 0,0 % «Både og» og 25,0 % ugunstig («Helt uenig» eller «Uenig»). "
        "Gjennomsnittet er 3,75 på en skala fra 1 («Helt uenig») til 5 («Helt enig»)."
    ) in text
    assert "Spørsmålet ble bare stilt til dem som svarte «Ja» på spørsmålet om de er leder." in text
    assert (
        "Av de 12 som svarte på spørsmålet om de er leder, svarte 33,3 % «Ja» og 66,7 % «Nei»."
        in text
    )


def test_the_factor_flag_is_raised_by_the_unfavourable_end(text):
    assert (
        "På spørsmålet om hvor ofte de er plaget av helseplager er andelen ugunstige svar («Ofte» "
        "eller «Alltid») over 20 % for «Hodepine» (35,7 %, n = 14)."
    ) in text


def test_no_reminders_reads_as_one_whole_sentence(text):
    assert "den 02.02.2026, uten påminnelser, og undersøkelsen ble avsluttet 20.02.2026." in text
    assert ". og undersøkelsen" not in text


def test_where_those_who_stopped_stopped(text):
    # Respondents 13 and 14 answered only the first question.
    assert (
        "Av de 2 som ikke fullførte, hadde alle sitt siste svar på spørsmålet om hvor ofte de er "
        "plaget av helseplager."
    ) in text


def test_favourable_and_unfavourable_follow_the_direction_not_the_label_order(results):
    questions = {q["id"]: q for q in results["questions"]}
    side = {
        f["label"]: f["side"]
        for f in questions["plaget_av"]["variables"][0]["frequencies"]
        if not f["off_scale"]
    }
    assert side == {
        "Aldri": "favourable",
        "Sjelden": "favourable",
        "Av og til": "neutral",
        "Ofte": "unfavourable",
        "Alltid": "unfavourable",
    }
    press = questions["pastander_jobb"]["variables"][1]["likert"]
    assert press["direction"] == "low" and press["unfavourable"]["k"] == 7
    years = questions["ansiennitet_1"]["variables"][0]["likert"]
    assert years["direction"] == "none" and years["favourable"] is None


def test_figures_put_the_unfavourable_end_left_and_split_a_mixed_battery(built):
    index = {
        e["id"]: e for e in json.loads((built / "reports" / "figures" / "index.json").read_text())
    }
    assert index["sporsmal-plaget_av"]["table"]["headers"][1:6] == [
        "Alltid",
        "Ofte",
        "Av og til",
        "Sjelden",
        "Aldri",
    ]
    assert (
        "ugunstige svar («Ofte» eller «Alltid») til venstre" in index["sporsmal-plaget_av"]["alt"]
    )
    # The reversed item gets its own figure, with agreement on the left.
    assert index["sporsmal-pastander_jobb--low"]["table"]["headers"][1] == "Helt enig"
    assert index["sporsmal-pastander_jobb"]["table"]["headers"][1] == "Helt uenig"


def test_no_codebook_id_reaches_the_reader(text):
    ids = (
        "plaget_av",
        "plaget_hode",
        "pastander_jobb",
        "pastand_press",
        "ansiennitet_1",
        "er_leder",
        "stotte_2",
    )
    assert not [i for i in ids if i in text]


def test_ingest_refuses_a_rated_question_without_direction_and_names_it(tmp_path, capsys):
    study = tmp_path / "study"
    shutil.copytree(DATA / "study", study)
    codebook = study / "codebook.yaml"
    codebook.write_text(
        codebook.read_text(encoding="utf-8").replace("    direction: none\n", ""), encoding="utf-8"
    )
    assert main(["ingest", *_run(tmp_path, study)]) != 0
    message = capsys.readouterr().err
    assert "«ansiennitet_1»" in message and "gunstig" in message
    assert not (tmp_path / "processed" / "responses.parquet").exists()


def _codebook_ids() -> set[str]:
    codebook = (ROOT / "studies" / "modum-2025" / "codebook.yaml").read_text(encoding="utf-8")
    # Ids that are ordinary words ("etat", "rolle") may stand in text; those with _ or digits not.
    return {i for i in re.findall(r"\bid:\s*([A-Za-z0-9_]+)", codebook) if re.search(r"[_\d]", i)}


def test_the_example_report_shows_no_codebook_id(example_run):
    text = _text(example_run.html)
    validation = _text((example_run.reports / "validering.html").read_text(encoding="utf-8"))
    for page in (text, validation):
        shown = [
            i
            for i in _codebook_ids()
            if re.search(r"(?<![\w/.-])" + re.escape(i) + r"(?![\w.-])", page)
        ]
        assert shown == []


def test_the_example_never_calls_rare_conflicts_or_disagreeing_with_uheldige_unfavourable(
    example_run,
):
    questions = {q["id"]: q for q in example_run.results["questions"]}
    conflicts = {v["label"]: v["likert"] for v in questions["konflikt"]["variables"]}
    assert conflicts["Ledere"]["favourable_labels"] == ["Aldri", "Sjeldent"]
    assert conflicts["Ledere"]["favourable"]["p"] > 0.8  # most leaders' conflicts: never or rarely
    agree = {v["id"]: v["likert"] for v in questions["enighet"]["variables"]}
    assert agree["enighet_fysiske_belastninger"]["unfavourable_labels"] == ["Enig", "Svært enig"]
    missed = {v["id"]: v["likert"] for v in questions["ingen_samtale"]["variables"]}
    assert missed["ingen_samtale_pavirkning"]["favourable_labels"] == [
        "I svært liten grad",
        "I liten grad",
    ]
    text = _text(example_run.html)
    assert "«Ledere» høyest andel gunstige svar" in text
    assert "«Ledere» høyest andel ugunstige" not in text
