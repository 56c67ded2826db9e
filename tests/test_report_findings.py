"""From facts to findings: verdicts per criterion, linked recommendations, placeholders, themes.

Runs the whole pipeline on a small study that is not Modum (tests/data/report/study).
"""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.config import load_study
from pipeline.errors import PipelineError
from pipeline.report.config import load_report_config

DATA = Path(__file__).parent / "data" / "report"
STUDY = DATA / "study"
RAW = DATA / "raw"


def run_report(study: Path, out: Path, *, stages=("ingest", "analyse", "figures")) -> int:
    common = ["--study", str(study), "--raw", str(RAW)]
    common += ["--processed", str(out / "processed"), "--reports", str(out / "reports")]
    for stage in stages:
        assert main([stage, *common]) == 0, stage
    return main(["report", *common, "--format", "html"])


@pytest.fixture(scope="module")
def fjellby_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fjellby")
    assert run_report(STUDY, out) == 0
    return out


@pytest.fixture(scope="module")
def fjellby(fjellby_run: Path) -> str:
    return (fjellby_run / "reports" / "rapport.html").read_text(encoding="utf-8")


def test_the_results_file_matches_the_typed_records(fjellby_run, results_problems):
    data = json.loads((fjellby_run / "processed" / "results.json").read_text(encoding="utf-8"))
    assert results_problems(data) == []


def plain(page: str) -> str:
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'src="data:[^"]*"', "", page)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", page))
    return re.sub(r"\s+", " ", text).replace("\u00a0", " ")


def copy_study(tmp_path: Path) -> Path:
    target = tmp_path / "study"
    shutil.copytree(STUDY, target)
    return target


def test_sammendrag_opens_with_one_findings_table_per_problemstilling(fjellby):
    sammendrag = fjellby[fjellby.index('id="sammendrag"') : fjellby.index('id="innledning"')]
    # the report numbers every table with an id after its class (pipeline.report.navigation)
    first_table = sammendrag.index('<table class="findings"')
    assert first_table < sammendrag.index('id="nokkeltall"')
    assert sammendrag.count('<table class="findings"') == 1
    headers = re.findall(r'<th scope="col">([^<]+)</th>', sammendrag[first_table:])[:4]
    assert headers == ["Kriterium", "Funn", "Vurdering", "Anbefaling"]


def test_each_criterion_shows_its_verdict_and_the_generated_fact_with_question_and_n(fjellby):
    row = re.search(r'<tr id="kriterium-a-1">.*?</tr>', fjellby, re.S).group(0)
    text = plain(row)
    assert "Ikke oppfylt" in text
    assert "Pleie og omsorg" in text and "Skole" in text  # the comparison's generated sentence
    assert "n = " in text  # the figure caption: question and n
    assert "<strong>Pleie og omsorg</strong>" in row  # reasoning rendered as Markdown


def test_criterion_without_an_assessment_is_shown_as_ikke_vurdert_with_a_placeholder(fjellby):
    row = re.search(r'<tr id="kriterium-a-3">.*?</tr>', fjellby, re.S).group(0)
    assert "Ikke vurdert" in row
    assert (
        "[Revisor skriver her: begrunnelse for vurderingen av problemstilling 1, kriterium 3]"
        in plain(row)
    )


def test_recommendation_links_back_to_its_criteria_and_criteria_link_to_facts(fjellby):
    rec = re.search(r'<tr id="anbefaling-1">.*?</tr>', fjellby, re.S).group(0)
    assert 'href="#kriterium-a-1"' in rec and 'href="#kriterium-a-2"' in rec
    row = re.search(r'<tr id="kriterium-a-1">.*?</tr>', fjellby, re.S).group(0)
    assert 'href="#anbefaling-1"' in row
    assert 'href="#fakta-comparison-samtale"' in row
    assert 'id="fakta-comparison-samtale"' in fjellby
    for anchor in re.findall(r'href="#([^"]+)"', fjellby):
        assert f'id="{anchor}"' in fjellby, anchor


def test_recommendations_table_names_responsible_deadline_indicator_and_value_now(fjellby):
    rec = plain(re.search(r'<tr id="anbefaling-1">.*?</tr>', fjellby, re.S).group(0))
    assert "Sektorlederne" in rec and "31.12.2025" in rec
    assert re.search(r"Nå: .*Skole \d+,\d % \(n = \d+\)", rec)
    assert "Tas til følge." in rec
    second = plain(re.search(r'<tr id="anbefaling-2">.*?</tr>', fjellby, re.S).group(0))
    assert re.search(r"«Rutinen for oppfølging» \d+,\d % gunstige svar", second)
    assert "[Revisor skriver her: frist for anbefaling 2]" in second
    assert "Ikke kommentert." in second


def test_konklusjon_answers_each_problemstilling_with_the_verdicts(fjellby):
    konklusjon = plain(
        fjellby[fjellby.index('id="konklusjon"') : fjellby.index('id="anbefalinger"')]
    )
    assert "Problemstilling 1: Følger kommunen opp sykmeldte" in konklusjon
    assert "Delvis. Samtalene holdes ikke for alle." in konklusjon
    assert "er vurdert som ikke oppfylt" in konklusjon
    assert "er vurdert som delvis oppfylt" in konklusjon


def test_missing_rsk_texts_render_as_visible_placeholders(fjellby):
    text = plain(fjellby)
    for what in (
        "erklæringen om uavhengighet og habilitet",
        "vurderingen av validitet og pålitelighet",
        "datoen på uttalelsen",
        "kommunedirektørens uttalelse",
        "dokumentene som er gjennomgått",
    ):
        assert f"[Revisor skriver her: {what}]" in text, what
    assert "20.10.2024" in text  # the høring date that is given
    assert "Personalsjef" in text and "10.09.2024" in text  # the interview table


def test_make_report_warns_with_the_number_and_names_of_missing_texts(tmp_path, capsys):
    assert run_report(STUDY, tmp_path) == 0
    err = capsys.readouterr().err
    count = re.search(r"Advarsel: (\d+) tekster mangler: ", err)
    assert count and int(count.group(1)) >= 8
    assert "texts/uavhengighet.md" in err and "hoering → answered" in err


def test_a_final_report_with_missing_texts_is_an_error(tmp_path, capsys):
    study = copy_study(tmp_path)
    path = study / "study.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "final: true\n", encoding="utf-8")
    assert run_report(study, tmp_path / "out") == 2
    assert re.search(r"endelig .* tekster mangler: .*uavhengighet", capsys.readouterr().err)
    assert not (tmp_path / "out" / "reports" / "rapport.html").exists()


def test_free_text_has_its_own_heading_and_coded_themes_with_counts(fjellby):
    block = re.search(r'<div class="free-text".*?</div>\s*</div>', fjellby, re.S).group(0)
    text = plain(block)
    assert "Fritekstsvar: Hva kan arbeidsgiver gjøre bedre?" in text
    assert re.search(r"Bemanning 6 Tid 6 Informasjon 3 Ikke kodet 10", text), text


def test_without_coded_themes_a_sample_is_shown_escaped(tmp_path):
    study = copy_study(tmp_path)
    (study / "texts" / "fritekst-tema.csv").unlink()
    assert run_report(study, tmp_path / "out") == 0
    page = (tmp_path / "out" / "reports" / "rapport.html").read_text(encoding="utf-8")
    block = re.search(r'<div class="free-text".*?</div>', page, re.S).group(0)
    assert "tilfeldig utvalg på 10 av 25 svar" in plain(block)
    assert "<script>alert" not in page


def test_unknown_answer_id_in_the_themes_file_is_a_norwegian_error(tmp_path, capsys):
    study = copy_study(tmp_path)
    with (study / "texts" / "fritekst-tema.csv").open("a", encoding="utf-8") as f:
        f.write("bedre-00000000,Tid\n")
    assert run_report(study, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert "finnes ikke blant fritekstsvarene" in err and "bedre-00000000" in err
    assert "fritekst-tema.csv" in err


def test_example_flag_puts_the_banner_on_the_cover_and_synthetic_in_every_survey_caption(tmp_path):
    study = copy_study(tmp_path)
    path = study / "study.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "example: true\n", encoding="utf-8")
    assert run_report(study, tmp_path / "out") == 0
    page = (tmp_path / "out" / "reports" / "rapport.html").read_text(encoding="utf-8")
    assert "Eksempel – syntetiske data" in page[: page.index("<nav")]
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S)
    assert captions and all("syntetiske data" in c for c in captions)


def test_without_the_example_flag_nothing_says_synthetic(fjellby):
    body = fjellby.split("</style>", 1)[1]
    assert "syntetiske data" not in body and 'class="example-banner' not in body


def test_contents_lists_sub_chapters_and_appendices(fjellby):
    toc = fjellby[fjellby.index('<nav class="toc"') : fjellby.index("</nav>")]
    for entry in ("2.1 Datakilder", "2.10 Høring", "Vedlegg 1: Kommunedirektørens uttalelse"):
        assert entry in html_lib.unescape(toc), entry
    assert "<ol>" in toc.split("</li>", 1)[0] or toc.count("<ol>") > 3


def test_vurdering_is_placed_after_its_sub_topic(fjellby):
    facts = fjellby[
        fjellby.index('id="tema-utviklingssamtaler"') : fjellby.index('id="tema-rutinene"')
    ]
    assert "Revisors vurdering: utviklingssamtaler" in facts
    assert "samtalene må holdes for alle" in facts


def _config(tmp_path: Path, text: str):
    path = tmp_path / "report.yaml"
    path.write_text("chapters: []\n" + text, encoding="utf-8")
    return load_report_config(path, load_study(STUDY, RAW).config.problemstillinger)


def test_recommendation_that_no_criterion_names_is_an_error(tmp_path):
    with pytest.raises(PipelineError, match="Anbefaling 1 er ikke knyttet til noe kriterium"):
        _config(tmp_path, "recommendations:\n  - text: Gjør noe.\n")


def test_criterion_naming_a_recommendation_that_does_not_exist_is_an_error(tmp_path):
    text = "findings:\n  - problemstilling: a\n    criteria:\n      - {criterion: 1, verdict: oppfylt, recommendations: [3]}\n"
    with pytest.raises(PipelineError, match="anbefaling 3, som ikke finnes"):
        _config(tmp_path, text)


@pytest.mark.parametrize(
    ("criterion", "message"),
    [
        ("{criterion: 4, verdict: oppfylt}", "har 3 kriterier"),
        ("{criterion: 1, verdict: godkjent}", "verdict» skal være en av oppfylt"),
        ("{criterion: 1, verdict: oppfylt, facts: [figur:x]}", "som ikke er et kjent faktum"),
    ],
)
def test_mistakes_in_a_criterion_are_norwegian_errors(tmp_path, criterion, message):
    text = f"findings:\n  - problemstilling: a\n    criteria:\n      - {criterion}\n"
    with pytest.raises(PipelineError, match=message):
        _config(tmp_path, text)


def test_unknown_fact_id_is_an_error_naming_it(tmp_path, capsys):
    study = copy_study(tmp_path)
    path = study / "report.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("question:kjennskap", "question:finnes_ikke"),
        encoding="utf-8",
    )
    assert run_report(study, tmp_path / "out") == 2
    assert "«question:finnes_ikke» i «findings» finnes ikke" in capsys.readouterr().err


def test_a_study_without_report_yaml_renders_every_criterion_as_ikke_vurdert(tmp_path):
    study = copy_study(tmp_path)
    (study / "report.yaml").unlink()
    assert run_report(study, tmp_path / "out") == 0
    page = (tmp_path / "out" / "reports" / "rapport.html").read_text(encoding="utf-8")
    assert plain(page).count("Ikke vurdert") >= 3
    assert "[Revisor skriver her: anbefalingene" in plain(page)


def test_without_report_yaml_each_chapter_is_titled_by_its_problemstilling(tmp_path):
    from pipeline.config import Problemstilling

    problems = (Problemstilling("p1", "Følger kommunen opp sykefraværet?", ()),)
    config = load_report_config(tmp_path / "report.yaml", problems)
    assert [c.title for c in config.chapters] == ["Følger kommunen opp sykefraværet?"]
