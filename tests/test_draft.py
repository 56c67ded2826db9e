"""Codebook draft: a first codebook from an export, loadable and close to what the revisor needs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline import cli
from pipeline.codebook.draft import draft_codebook, slug
from pipeline.codebook.load import parse_codebook
from pipeline.codebook.scales import match_scale
from pipeline.codebook.write import render_draft
from pipeline.config import read_yaml
from pipeline.reading import read_export

DATA = Path(__file__).parent / "data" / "reading"
FYSISK = "Hvordan vurderer du det fysiske arbeidsmiljøet på arbeidsplassen din?"


def drafted(path: Path, tmp_path: Path):
    """The draft's text and the codebook it is, read as a study file is read."""
    text = render_draft(draft_codebook(read_export(path)))
    out = tmp_path / "codebook.yaml"
    out.write_text(text, encoding="utf-8")
    return text, parse_codebook(read_yaml(out), out)


@pytest.mark.parametrize(
    "name",
    ["svar.xlsx", "svar.sav", "svar-utf16-tab.csv", "efs.csv", "surveyxact.xlsx"],
)
def test_draft_of_every_fixture_loads_as_a_codebook(name, tmp_path):
    text, codebook = drafted(DATA / name, tmp_path)
    assert text.startswith("# Utkast til kodebok")
    assert codebook.questions


def test_draft_recognises_metadata_identifiers_scale_and_multiple_choice(tmp_path):
    _, cb = drafted(DATA / "svar.xlsx", tmp_path)
    assert cb.platform == "questback_essentials"
    assert cb.metadata.respondent_id == "Respondent-ID"
    assert cb.metadata.completed == "Sluttidspunkt"
    assert cb.metadata.completed_values == ("Fullført",)
    assert cb.identifiers == ("E-post",)

    battery = cb.question("fysiske_arbeidsmiljoet")
    assert battery.type == "likert"
    assert [v.header for v in battery.variables] == [
        f"{FYSISK} - Inneklima",
        f"{FYSISK} - Støy",
        f"{FYSISK} - Lys, luft og temperatur",
    ]
    scale = battery.variables[0].scale
    assert scale.labels == ("Svært dårlig", "Dårlig", "Middels", "God", "Svært god")
    assert scale.off_scale == ("Vet ikke",)

    forhold = cb.question("forhold_bidrar")
    assert forhold.type == "multiple"
    assert [v.label for v in forhold.variables] == ["Arbeidsmengde", "Ledelse", "Annet"]
    assert {v.type for v in forhold.variables} == {"choice"}


def test_draft_types_single_background_number_and_text(tmp_path):
    _, cb = drafted(DATA / "svar.xlsx", tmp_path)
    types = {v.header: v.type for v in cb}
    assert types["Hvilken etat jobber du i?"] == "background"
    assert types["I hvilken grad trives du på jobb?"] == "likert"
    assert types["Hvor mange år har du jobbet i kommunen?"] == "number"
    assert types["Har du forslag til tiltak som kan redusere sykefraværet?"] == "text"
    sykmeldt = next(v for v in cb if v.header.startswith("Har du vært sykmeldt"))
    assert (sykmeldt.type, sykmeldt.labels, sykmeldt.off_scale) == (
        "single",
        ("Ja", "Nei"),
        ("Vet ikke",),
    )
    etat = cb.variable("etat")
    assert etat.labels == ("Helse og velferd", "Oppvekst og kultur", "Teknisk, miljø og næring")
    # metadata and identifiers are not questions
    assert not {"Respondent-ID", "E-post", "Status"} & {v.header for v in cb}


def test_draft_of_spss_matches_by_code_with_question_text(tmp_path):
    _, cb = drafted(DATA / "svar.sav", tmp_path)
    assert cb.metadata.respondent_id == "rid"
    assert cb.identifiers == ("epost",)
    item = cb.question("fysiske_arbeidsmiljoet").variables[1]
    assert (item.code, item.label, item.text) == ("fys_2", "Støy", FYSISK)
    assert cb.variable("etat").text == "Hvilken etat jobber du i?"


def test_draft_groups_surveyxact_options_by_code_prefix(tmp_path):
    _, cb = drafted(DATA / "surveyxact.xlsx", tmp_path)
    assert cb.metadata.status == "statoverall"
    assert cb.metadata.completed_values == ("4",)
    options = cb.question("s_2").variables
    assert [(v.type, v.header) for v in options] == [("choice", "s_2_1"), ("choice", "s_2_2")]


@pytest.mark.parametrize(
    ("labels", "scale_id", "expected"),
    [
        (
            ["Svært godt", "Godt", "Dårlig"],
            "godt5",
            ("Svært dårlig", "Dårlig", "Middels", "Godt", "Svært godt"),
        ),
        (
            ["I liten grad", "I svært stor grad", "Vet ikke"],
            "grad5",
            (
                "I svært liten grad",
                "I liten grad",
                "I noen grad",
                "I stor grad",
                "I svært stor grad",
            ),
        ),
        (
            ["Helt enig", "Delvis uenig", "Hverken enig eller uenig"],
            "enig5",
            ("Helt uenig", "Delvis uenig", "Hverken enig eller uenig", "Delvis enig", "Helt enig"),
        ),
        (
            ["Svært uenig", "Enig"],
            "enig5",
            ("Svært uenig", "Uenig", "Verken enig eller uenig", "Enig", "Svært enig"),
        ),
        (
            ["Aldri", "Sjeldent", "Av og til", "Svært ofte", "Ikke aktuelt"],
            "hyppighet5",
            ("Aldri", "Sjeldent", "Av og til", "Ofte", "Svært ofte"),
        ),
    ],
)
def test_common_norwegian_scales_are_recognised_in_order(labels, scale_id, expected):
    family, found = match_scale(labels)
    assert (family.id, found) == (scale_id, expected)


@pytest.mark.parametrize(
    "labels",
    [["Ja", "Nei", "Vet ikke"], ["Leder", "Ansatt"], ["God"], ["Dårlig", "God"]],
)
def test_non_scale_answers_are_not_taken_for_a_scale(labels):
    assert match_scale(labels) is None


def test_ids_are_short_ascii_snake_case_and_unique(tmp_path):
    _, cb = drafted(DATA / "svar.xlsx", tmp_path)
    ids = [v.id for v in cb] + [q.id for q in cb.questions]
    assert all(i.isascii() and i == i.lower() and " " not in i and len(i) <= 40 for i in ids)
    assert len({v.id for v in cb}) == len(list(cb))
    assert slug("Ærlighet og åpenhet på tvers") == "aerlighet_apenhet_tvers"


def test_draft_names_repeated_headers_with_unique_ids(tmp_path):
    frame = pd.DataFrame(
        {
            "Respondent-ID": ["1", "2", "3"],
            "Status": ["Fullført"] * 3,
            "Trives du?": ["Ja", "Nei", "Ja"],
            "Trives du ?": ["Nei", "Ja", "Ja"],
        },
        dtype=object,
    )
    path = tmp_path / "svar.csv"
    frame.to_csv(path, sep=";", index=False)
    _, cb = drafted(path, tmp_path)
    assert [v.id for v in cb] == ["trives", "trives_2"]


def test_routing_is_suggested_for_questions_few_completers_answered(tmp_path):
    frame = pd.DataFrame(
        {
            "Respondent-ID": [str(i) for i in range(10)],
            "Status": ["Fullført"] * 10,
            "Er du leder?": ["Ja", "Nei"] * 5,
            "Hvor mange ansatte har du?": ["5", "", "12", "", "3", "", "8", "", "20", ""],
        },
        dtype=object,
    )
    path = tmp_path / "svar.csv"
    frame.to_csv(path, sep=";", index=False)
    text = render_draft(draft_codebook(read_export(path)))
    lines = text.splitlines()
    # above the question it is about
    routing = next(i for i, line in enumerate(lines) if "Besvart av 5 av 10 som fullførte" in line)
    assert lines[routing].startswith("  # ") and lines[routing + 1].startswith("  - id: ansatte")
    assert "asked_if" in text


def run(argv, capsys):
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_writes_draft_to_stdout(capsys):
    code, out, _ = run(["codebook", "draft", str(DATA / "svar.xlsx")], capsys)
    assert code == 0
    assert "platform: questback_essentials" in out


def test_cli_writes_draft_to_file_and_never_overwrites_without_asking(tmp_path, capsys):
    out = tmp_path / "studie" / "codebook.yaml"
    code, _, err = run(["codebook", "draft", str(DATA / "svar.xlsx"), "--out", str(out)], capsys)
    assert code == 0 and out.is_file()
    assert "Skrev utkast til kodebok" in err
    out.write_text("# revisorens rettede kodebok\n", encoding="utf-8")
    code, _, err = run(["codebook", "draft", str(DATA / "svar.xlsx"), "--out", str(out)], capsys)
    assert code == cli.EXIT_USER_ERROR
    assert "finnes allerede" in err
    assert out.read_text(encoding="utf-8") == "# revisorens rettede kodebok\n"
    args = ["codebook", "draft", str(DATA / "svar.xlsx"), "--out", str(out), "--overwrite"]
    assert run(args, capsys)[0] == 0
    assert out.read_text(encoding="utf-8").startswith("# Utkast")


def test_cli_bad_export_is_a_norwegian_error_without_traceback(capsys):
    code, _, err = run(["codebook", "draft", str(DATA / "bad" / "bilde.xlsx")], capsys)
    assert code == cli.EXIT_USER_ERROR
    assert "bilde.xlsx" in err and "er ikke en Excel-, CSV- eller SPSS-fil" in err
    assert "Traceback" not in err


PLATFORM_EXPORTS = Path(__file__).parent / "data" / "platforms" / "raw"
EVERY_FIXTURE = [
    DATA / "svar.xlsx",
    DATA / "svar.sav",
    DATA / "efs.csv",
    DATA / "surveyxact.xlsx",
    PLATFORM_EXPORTS / "fjellby-2024-questback" / "fjellby-2024.csv",
    PLATFORM_EXPORTS / "fjellby-2024-efs" / "data_project_4711_2024_09_23.sav",
    PLATFORM_EXPORTS / "fjellby-2024-surveyxact" / "dataset.csv",
]


@pytest.mark.parametrize("path", EVERY_FIXTURE, ids=lambda p: p.parent.name + "/" + p.name)
def test_draft_is_byte_identical_when_drafted_twice(path, tmp_path, capsys):
    first = render_draft(draft_codebook(read_export(path))).encode("utf-8")
    out = tmp_path / "codebook.yaml"
    assert run(["codebook", "draft", str(path), "--out", str(out)], capsys)[0] == 0
    assert out.read_bytes() == first


def _adverse_battery(tmp_path: Path) -> Path:
    """A battery of agreement items, one of them about something adverse."""
    agree = ["Helt enig", "Delvis enig", "Delvis uenig", "Helt uenig"]
    frame = pd.DataFrame(
        {
            "Respondent-ID": [str(i) for i in range(8)],
            "Status": ["Fullført"] * 8,
            "Påstander om jobben - Jeg trives på jobb": agree * 2,
            "Påstander om jobben - Arbeidet gir uheldige belastninger": agree[::-1] * 2,
            "Påstander om jobben - Jeg får støtte": agree * 2,
        },
        dtype=object,
    )
    path = tmp_path / "svar.csv"
    frame.to_csv(path, sep=";", index=False)
    return path


def test_sjekk_marks_are_comments_right_above_the_direction_and_the_item_they_concern(tmp_path):
    text, cb = drafted(_adverse_battery(tmp_path), tmp_path)
    lines = text.splitlines()
    key = next(i for i, line in enumerate(lines) if line == "    direction: high")
    assert lines[key - 1].startswith("    # SJEKK «direction: high»: ")
    item = next(
        i for i, line in enumerate(lines) if "uheldige belastninger, direction: low}" in line
    )
    assert lines[item - 1].startswith("      # SJEKK «Arbeidet gir uheldige belastninger» har ")
    assert sum("# SJEKK" in line for line in lines) == 2
    # comments, not data: the codebook reads the proposals, and no SJEKK text reaches it
    assert [v.scale.direction for v in cb.question("pastander_jobben").variables] == [
        "high",
        "low",
        "high",
    ]
    assert "SJEKK" not in repr(yaml.safe_load(text))


def test_sjekk_marks_survive_when_the_draft_is_read_and_written_again_with_comments(tmp_path):
    from ruamel.yaml import YAML

    text, _ = drafted(_adverse_battery(tmp_path), tmp_path)
    editor = YAML()  # as a revisor's tool that keeps comments would read and save it
    editor.width = 100_000
    editor.indent(mapping=2, sequence=4, offset=2)
    data = editor.load(text)
    out = tmp_path / "lagret.yaml"
    editor.dump(data, out)
    saved = [line.strip() for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line for line in saved if "SJEKK" in line] == [
        line.strip() for line in text.splitlines() if "SJEKK" in line
    ]


EXAMPLE = Path(__file__).parents[1] / "data" / "raw" / "modum-2025" / "modum-2025-questback.xlsx"
EXAMPLE_CODEBOOK = Path(__file__).parents[1] / "studies" / "modum-2025" / "codebook.yaml"


def test_draft_of_the_example_export_agrees_with_its_hand_written_codebook(tmp_path):
    from pipeline.codebook.load import load_codebook

    _, draft = drafted(EXAMPLE, tmp_path)
    reference = load_codebook(EXAMPLE_CODEBOOK)
    drafted_vars = {v.header: v for v in draft}
    reference_vars = {v.header: v for v in reference}
    assert drafted_vars.keys() == reference_vars.keys()
    for header, ref in reference_vars.items():
        got = drafted_vars[header]
        assert got.type == ref.type, header
        if ref.scale is not None:  # scales in order, off-scale answers alike
            assert (got.scale.labels, got.scale.off_scale) == (
                ref.scale.labels,
                ref.scale.off_scale,
            )
        else:  # single choice: labels in order of first appearance, so compare as sets
            assert set(got.answer_labels) == set(ref.answer_labels), header


def test_numbers_or_free_text_under_one_stem_become_separate_questions(tmp_path):
    frame = pd.DataFrame(
        {
            "Respondent-ID": ["1", "2", "3", "4"],
            "Antall ansatte - Faste": ["12", "4", "30", "7"],
            "Antall ansatte - Vikarer": ["2", "0", "5", "1"],
            "Har du kontrollert rutinene?": ["Ja", "Nei", "Ja", "Ja"],
            "Siste kontroll": ["2025-01-03", "", "", ""],
        },
        dtype=object,
    )
    path = tmp_path / "svar.xlsx"
    frame.replace("", None).to_excel(path, index=False)
    text, cb = drafted(path, tmp_path)
    assert [(v.header, v.type) for v in cb][:3] == [
        ("Antall ansatte - Faste", "number"),
        ("Antall ansatte - Vikarer", "number"),
        ("Har du kontrollert rutinene?", "single"),  # not «rolle»: words, not letters
    ]


def test_code_named_columns_keep_their_codes_as_ids_and_stay_separate(tmp_path):
    _, cb = drafted(DATA / "efs.csv", tmp_path)
    assert cb.platform == "efs"
    assert cb.metadata.last_page == "lastpage"
    assert [(q.id, len(q.variables)) for q in cb.questions] == [("v_1", 1), ("v_2", 1), ("v_3", 1)]


PLATFORMS = Path(__file__).parent / "data" / "platforms"
EFS_SAV = PLATFORMS / "raw" / "fjellby-2024-efs" / "data_project_4711_2024_09_23.sav"
SURVEYXACT = PLATFORMS / "raw" / "fjellby-2024-surveyxact" / "dataset.csv"


def _shape(codebook) -> list[tuple[str, str, tuple[str, ...]]]:
    """Each question's type, text and the codes of its columns."""
    return [
        (q.type, q.text, tuple(v.code or v.header for v in q.variables)) for q in codebook.questions
    ]


@pytest.mark.parametrize(
    ("path", "codes"),
    [
        (EFS_SAV, ("v_1", ("v_2", "v_3", "v_4"), "v_5", ("v_6", "v_7", "v_8", "v_9"), "v_10")),
        (
            SURVEYXACT,
            (
                "bg_enhet",
                ("s_1_1", "s_1_2", "s_1_3"),
                "s_2",
                ("s_3_1", "s_3_2", "s_3_3", "s_3_4"),
                "s_4",
            ),
        ),
    ],
)
def test_efs_and_surveyxact_drafts_group_grids_and_multiple_choice_with_question_texts(
    path, codes, tmp_path
):
    _, cb = drafted(path, tmp_path)
    wanted = [
        ("background", "Enhet", (codes[0],)),
        ("likert", "Hvor enig er du i disse påstandene?", codes[1]),
        ("single", "Har du vært sykmeldt de siste 12 månedene?", (codes[2],)),
        ("multiple", "Hva var årsakene? (flere valg mulig)", codes[3]),
        ("text", "Har du andre kommentarer?", (codes[4],)),
    ]
    assert _shape(cb) == wanted
    assert cb.question("enhet").variables[0].labels == ("Skole", "Barnehage", "Teknisk drift")
    options = [v.label for v in cb.questions[3].variables]
    assert options == ["Arbeidsmengde", "Fysiske forhold", "Konflikter", "Annet"]


def test_efs_draft_marks_identifiers_and_leaves_system_variables_out(tmp_path):
    text, cb = drafted(EFS_SAV, tmp_path)
    assert cb.identifiers == ("ip_addr", "u_email")
    codes = {v.code for v in cb}
    assert not codes & {"tester", "ip_addr", "u_email", "lastpage", "dispcode"}
    assert "tester" not in text.split("questions:")[1]


def test_surveyxact_structure_with_a_phantom_column_and_a_truncated_name_is_read(tmp_path):
    folder = tmp_path / "sx"
    folder.mkdir()
    dataset = "respondentid;statoverall;starttime;closetime;s_1;sporsmaa\n1;4;2024-09-03 08:00:00;2024-09-03 08:05:00;1;Bra\n"
    structure = (
        "questionName;variableName;questionType;subType;questionText;choiceValue;choiceText;\n"
        "s_1;s_1;Closed;Single;Trives du?;1;Ja;\n"
        "s_1;s_1;Closed;Single;Trives du?;2;Nei;\n"
        "s_2;sporsmaal_lang;Open;String;Hva mener du?;;;\n"
    )
    (folder / "dataset.csv").write_text(dataset, encoding="utf-8")
    (folder / "structure.csv").write_text(structure, encoding="utf-8")
    raw = read_export(folder / "dataset.csv", platform="surveyxact")
    assert raw.column_labels == {"s_1": "Trives du?", "sporsmaa": "Hva mener du?"}
    assert raw.column_types == {"s_1": "single", "sporsmaa": "text"}
    assert raw.value_labels["s_1"] == {1: "Ja", 2: "Nei"}  # choices, as labels.csv is missing
    assert raw.frame["s_1"].tolist() == ["Ja"]


def test_a_name_or_identity_number_among_closed_answers_is_left_out_of_the_labels(tmp_path):
    frame = pd.DataFrame(
        {
            "Respondent-ID": ["1", "2", "3", "4", "5", "6"],
            "Har du vært sykmeldt?": ["Ja", "Nei", "Ja", "Kari Nordmann", "Nei", "15076500565"],
            "Siste kontroll": ["28.02.2025", "", "", "", "", ""],
        },
        dtype=object,
    )
    path = tmp_path / "svar.xlsx"
    frame.replace("", None).to_excel(path, index=False)
    text, cb = drafted(path, tmp_path)
    assert "Nordmann" not in text and "15076500565" not in text
    assert next(v for v in cb if v.header == "Har du vært sykmeldt?").labels == ("Ja", "Nei")
    assert "# SJEKK: 2 ulike svar ser ut som personopplysninger" in text
    assert "28.02.2025" in text  # a date is no personal data
