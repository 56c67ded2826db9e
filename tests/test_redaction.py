"""Free-text redaction: identity and account numbers, e-mail, phone numbers and names are removed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.redaction import (
    ACCOUNT,
    D_NUMBER,
    EMAIL,
    NAME,
    NATIONAL_ID,
    NUMBER,
    PHONE,
    Redactor,
    identity_number_kind,
    is_account_number,
    is_identity_or_account_number,
    redacted_error,
)


@pytest.mark.parametrize(
    "phone",
    ["912 34 567", "91234567", "+47 912 34 567", "0047 91234567", "22 33 44 55", "912.34.567"],
)
def test_norwegian_phone_numbers_are_removed(phone):
    assert Redactor().redact(f"Ring {phone} i dag") == f"Ring {PHONE} i dag"


@pytest.mark.parametrize(
    "email", ["kari.nordmann@modum.kommune.no", "a+b@x.no", "ola_n@firma.co.uk"]
)
def test_email_addresses_are_removed(email):
    assert Redactor().redact(f"Skriv til {email}.") == f"Skriv til {EMAIL}."


def test_first_name_with_surname_is_removed_as_one():
    assert Redactor().redact("Snakk med Kari Hansen om det") == f"Snakk med {NAME} om det"


def test_names_listed_by_the_study_are_removed():
    assert (
        Redactor(extra_names=("Bjørnstad",)).redact("Bjørnstad svarer aldri")
        == f"{NAME} svarer aldri"
    )


def test_ordinary_text_numbers_and_years_are_kept():
    text = "Vi har 12 ansatte, 3 sykmeldte og mål om 8 % i 2025."
    assert Redactor().redact(text) == text


# Ordinary lowercase words, among them names that are also words («per», «dag», «berg»).
_PROSE = [
    "vi",
    "har",
    "for",
    "mye",
    "å",
    "gjøre",
    "per",
    "dag",
    "på",
    "bakken",
    "i",
    "lia",
    "hans",
    "kontor",
    "er",
    "strøm",
    "og",
    "tone",
    "liv",
    "stein",
    "berg",
    "lederen",
    "sykefravær",
    "oppfølging",
    "rune",
    "line",
    "vik",
    "sand",
    "storm",
    "hagen",
]


@given(st.lists(st.sampled_from(_PROSE), max_size=12))
def test_lowercase_prose_with_words_that_are_also_names_is_never_changed(words):
    text = " ".join(words)
    assert Redactor().redact(text) == text


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("01017012345", NUMBER),  # the example: 11 digits, check digits do not hold
        ("010170 12345", NUMBER),
        ("15076500565", NATIONAL_ID),
        ("150765 00565", NATIONAL_ID),
        ("150765-00565", NATIONAL_ID),
        ("55076500559", D_NUMBER),
        ("12345678903", ACCOUNT),
        ("1234.56.78903", ACCOUNT),
        ("1234 56 78903", ACCOUNT),
        ("1234.56.78901", ACCOUNT),  # written as an account number: removed even if the check fails
    ],
)
def test_identity_and_account_numbers_are_removed(text, label):
    assert (
        Redactor().redact(f"Nummeret mitt er {text}, takk.") == f"Nummeret mitt er {label}, takk."
    )


@given(st.from_regex(r"\A[0-9]{11}\Z"))
def test_any_run_of_eleven_digits_is_removed(digits):
    out = Redactor().redact(f"nr {digits} her")
    assert not any(ch.isdigit() for ch in out)


def test_mod11_check_digits_tell_identity_numbers_from_other_numbers():
    assert identity_number_kind("15076500565") == "fnr"
    assert identity_number_kind("55076500559") == "dnr"
    assert identity_number_kind("15076500566") is None
    assert is_account_number("12345678903") and not is_account_number("12345678904")


@pytest.mark.parametrize(
    "text",
    [
        "Lederen Nordmann svarer aldri",
        "lederen kari hansen svarer aldri",
        "LEDEREN KARI HANSEN SVARER ALDRI",
        "Lederen Hansens kontor svarer aldri",
        "lederen per hansen svarer aldri",
    ],
)
def test_surnames_alone_and_names_in_any_case_are_removed(text):
    out = Redactor().redact(text)
    assert NAME in out
    assert not any(w in out.casefold() for w in ("nordmann", "hansen", "kari", " per "))


def test_study_names_are_removed_in_any_case_and_spacing():
    r = Redactor(extra_names=("Kari Bjørkelund", "Solstua"))
    out = r.redact("KARI  bjørkelund på solstua og Solstuas kjøkken")
    assert out == f"{NAME} på {NAME} og {NAME} kjøkken"


@given(st.lists(st.one_of(st.none(), st.text(max_size=20), st.just("Kari Hansen, 912 34 567"))))
def test_redacting_many_texts_equals_redacting_each(texts):
    r = Redactor(extra_names=("Bjørnstad",))
    assert r.redact_all(texts) == [None if t is None else r.redact(t) for t in texts]


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (15076500565, True),  # fødselsnummer
        (1018010018.0, True),  # 010180 10018 stored as a number: its leading zero lost
        (55076500559.0, True),  # D-nummer
        (12345678903, True),  # account number
        (1017012345.0, False),  # ten digits, but no check digit holds with the zero back
        (12345678901, False),
        (15076500565.5, False),
        ("15076500565", False),  # text is the free-text redaction's job
    ],
)
def test_numbers_are_identity_or_account_numbers_only_when_the_check_digits_hold(number, expected):
    assert is_identity_or_account_number(number) is expected


def test_an_error_naming_rows_shows_its_values_only_redacted():
    from pipeline.errors import PipelineError

    error = PipelineError(
        "Svaret er ikke et tall.",
        file="svar.csv",
        column="Alder",
        values=("150765 00565", "Kari Nordmann", 55076500559.0),
        rows=(2, 3, 4),
    )
    shown = str(redacted_error(error, Redactor()))
    assert shown == (
        "Fil «svar.csv», kolonne «Alder»: Svaret er ikke et tall. Verdi: "
        f"«{NATIONAL_ID}», «{NAME}», «{D_NUMBER}». (rad 2, 3, 4)"
    )


def test_an_error_in_an_identifier_column_shows_no_value_at_all():
    from pipeline.errors import PipelineError

    error = PipelineError(
        "Ikke et tall.", file="svar.csv", column="E-post", values=("x",), rows=(2,)
    )
    shown = redacted_error(error, Redactor(), lambda column: column == "E-post")
    assert str(shown) == "Fil «svar.csv», kolonne «E-post»: Ikke et tall. (rad 2)"


def test_values_of_an_error_from_a_study_file_are_shown_as_written():
    from pipeline.errors import PipelineError

    error = PipelineError("Ukjent etat.", file="absence.yaml", values=("Kari Nordmann",), line=3)
    assert redacted_error(error, Redactor()) is error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fnr15076500565", f"fnr{NATIONAL_ID}"),
        ("150765 00565x", f"{NATIONAL_ID}x"),
        ("ID_55076500559.", f"ID_{D_NUMBER}."),
        ("123456789012", "123456789012"),  # twelve digits: not an identity number
    ],
)
def test_eleven_digits_are_removed_with_letters_beside_them_but_not_inside_longer_numbers(
    text, expected
):
    assert Redactor().redact(text) == expected


def test_a_written_date_is_kept_while_a_phone_number_of_as_many_digits_is_removed():
    r = Redactor()
    assert r.redact("Sykmeldt fra 28.02.2025 til 2025-03-14.") == (
        "Sykmeldt fra 28.02.2025 til 2025-03-14."
    )
    assert r.redact("Ring 22 33 44 55 eller 22334455.") == f"Ring {PHONE} eller {PHONE}."
    assert r.redact("31.02.2025") == PHONE  # no such day: eight digits that could be a number
