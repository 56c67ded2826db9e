"""docs/studieformat.md is generated from the declared keys, so it says exactly what is read."""

from pathlib import Path

from pipeline.config import keys_of, study_file_kinds
from pipeline.studyformat import render

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "studieformat.md"


def test_committed_reference_page_is_the_generated_one():
    assert PAGE.read_text(encoding="utf-8") == render(), (
        "docs/studieformat.md is stale: run «make studieformat» and commit it"
    )


def test_page_describes_every_declared_key_of_every_study_file():
    page = render()
    for name, cls in study_file_kinds().items():
        assert f"## {name}" in page
        for spec in keys_of(cls).values():
            assert f"| `{spec.name}` |" in page


def test_page_shows_nested_sections_with_their_path_and_choices():
    page = render()
    assert "### `survey`" in page
    assert "#### `survey.invited`" in page
    assert "### `scales.<id>`" in page
    assert "### `questions[]`" in page
    assert "`questback_essentials`, `efs`, `surveyxact`" in page


def test_readme_links_the_reference_page():
    assert "docs/studieformat.md" in (ROOT / "README.md").read_text(encoding="utf-8")
