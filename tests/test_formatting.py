"""Norwegian number formatting: the strings the report prints."""

import datetime as dt

import pytest

from pipeline import formatting as fmt

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("k", "n", "expected"),
    [
        (93, 219, f"42,5{NBSP}%"),
        (264, 326, f"81,0{NBSP}%"),
        (21, 41, f"51,2{NBSP}%"),
        (55, 57, f"96,5{NBSP}%"),
        (1, 8, f"12,5{NBSP}%"),  # half up, not half even
    ],
)
def test_percent_of_rounds_half_up_like_published_tables(k, n, expected):
    assert fmt.percent_of(k, n) == expected
    assert fmt.percent(k / n) == expected


def test_percent_keeps_binary_float_artefacts_out_of_rounding():
    # 0.425 is 0.42499999999999998889776975 in binary; a table shows 42,5 %.
    assert fmt.percent(0.425) == f"42,5{NBSP}%"


def test_number_uses_no_break_space_for_thousands():
    assert fmt.integer(1124) == f"1{NBSP}124"
    assert fmt.integer(200000) == f"200{NBSP}000"


def test_number_never_prints_negative_zero():
    assert fmt.number(-0.01, 1) == "0,0"


def test_points_are_prosentpoeng_not_percent():
    assert fmt.points(264 / 326 - 93 / 219) == "38,5 prosentpoeng"
    assert fmt.points(0.183, signed=True) == "+18,3 prosentpoeng"


def test_dates_are_day_month_year_with_dots():
    assert fmt.date(dt.date(2025, 2, 28)) == "28.02.2025"
    assert fmt.date("2025-01-22") == "22.01.2025"
    assert fmt.month_year(dt.date(2025, 5, 1)) == "mai 2025"


def test_n_range_collapses_when_equal():
    assert fmt.n((490, 490)) == f"n{NBSP}={NBSP}490"


def test_p_value_floors_at_one_in_a_thousand():
    assert fmt.p_value(0.0004) == "p < 0,001"
    assert fmt.p_value(0.5) == "p = 0,500"


def test_a_suppressed_cell_says_under_k_with_the_studys_k():
    assert fmt.suppressed(7) == "under 7"
    assert fmt.suppressed(7, "secondary") == "skjult"
    assert "gruppe med under 7 svar" in fmt.suppression_note(7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hva hjalp? (flere valg mulig)", "Hva hjalp? (flere valg mulig; n = 4)"),
        ("Hva ble gjort (Flere svar mulig) ", "Hva ble gjort (Flere svar mulig; n = 4)"),
        ("Hva ble gjort (flere valg)", "Hva ble gjort (flere valg; n = 4)"),
        ("Hva hjalp? (velg ett eller flere)", "Hva hjalp? (velg ett eller flere; n = 4)"),
        ("Hva hjalp?", "Hva hjalp? (flere svar mulig; n = 4)"),
        (
            "Hva (flere valg mulig) hjalp?",
            "Hva (flere valg mulig) hjalp? (flere svar mulig; n = 4)",
        ),
    ],
)
def test_a_multiple_choice_caption_says_that_several_answers_count_once(text, expected):
    assert fmt.multiple_choice(text, "n = 4") == expected
