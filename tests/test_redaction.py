"""Free-text redaction: e-mail addresses, Norwegian phone numbers and names are removed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.redaction import EMAIL, NAME, PHONE, Redactor


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


@given(st.text(alphabet=st.characters(whitelist_categories=("Ll", "Zs")), max_size=60))
def test_lowercase_prose_without_digits_or_at_signs_is_never_changed(text):
    assert Redactor().redact(text) == text


@given(st.lists(st.one_of(st.none(), st.text(max_size=20), st.just("Kari Hansen, 912 34 567"))))
def test_redacting_many_texts_equals_redacting_each(texts):
    r = Redactor(extra_names=("Bjørnstad",))
    assert r.redact_all(texts) == [None if t is None else r.redact(t) for t in texts]
