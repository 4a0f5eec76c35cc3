"""A malformed write-up is refused with its file, line and problem, and nothing is written."""

import pytest
from django.core.management import CommandError

from events.models import Event
from people.models import Speaker, User
from talks.models import Note, Talk

pytestmark = pytest.mark.django_db

VALID = """\
---
event:
  name: DevFest Nantes 2025
  start: 2025-10-16
  end: 2025-10-17
  country: FR
author: julien
---

## Terramate, l'outil qui fait scaler votre code Terraform

- speakers: Mathieu Herbert
- languages: fr
- date: 2025-10-16

### Notes

- a CLI that orchestrates Terraform stacks

### My take

Rating: 4/5

Straight to the point.
"""


def broken(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param(
            broken("  start: 2025-10-16", "  start: [2025-10-16"),
            5,
            "invalid YAML: expected ',' or ']', but got ':'",
            id="bad-yaml",
        ),
        pytest.param(
            broken("## Terramate, l'outil qui fait scaler votre code Terraform", "##"),
            10,
            "missing title: '## ' must be followed by the talk's title",
            id="missing-title",
        ),
        pytest.param(
            broken("- languages: fr", "- languages: fr, xx"),
            13,
            "unknown language code 'xx'",
            id="unknown-language",
        ),
        pytest.param(
            broken("- languages: fr", "- languages: FR"),
            13,
            "unknown language code 'FR' (write it in lowercase: 'fr')",
            id="uppercase-language",
        ),
        pytest.param(
            broken("Rating: 4/5", "Rating: 6/5"),
            22,
            "rating must be between 1 and 5",
            id="rating-out-of-range",
        ),
        pytest.param(
            broken("Rating: 4/5", "Rating: 4.5/5"),
            22,
            "the rating must read 'Rating: N/5', with N a whole number",
            id="rating-not-whole",
        ),
        pytest.param(
            broken("  end: 2025-10-17", "  end: 2025-10-15"),
            5,
            "the event ends (2025-10-15) before it starts (2025-10-16)",
            id="end-before-start",
        ),
        pytest.param(
            broken("- speakers:", "- speaker:"),
            12,
            "unknown key 'speaker' (did you mean 'speakers'?)",
            id="unknown-talk-key",
        ),
        pytest.param(
            broken("  country: FR", "  contry: FR"),
            6,
            "unknown key 'contry' (did you mean 'country'?)",
            id="unknown-event-key",
        ),
        pytest.param(
            broken("- languages: fr\n", ""),
            10,
            "missing 'languages': the language(s) the talk was given in",
            id="missing-languages",
        ),
        pytest.param(
            broken("- date: 2025-10-16", "- date: 2025-10-18"),
            14,
            "the talk's date 2025-10-18 is outside the event (2025-10-16 to 2025-10-17)",
            id="date-outside-event",
        ),
        pytest.param(
            broken("- date: 2025-10-16", "- date: 16/10/2025"),
            14,
            "'date' must be a date written YYYY-MM-DD, not '16/10/2025'",
            id="date-format",
        ),
        pytest.param(
            broken("  name: DevFest Nantes 2025\n", ""),
            2,
            "missing 'name' in 'event'",
            id="missing-event-name",
        ),
        pytest.param(
            broken("---\nevent:", "event:"),
            1,
            "the file must start with a '---' line opening the front matter",
            id="no-front-matter",
        ),
        pytest.param(
            broken("  country: FR", "  country: France"),
            6,
            "country 'France' must be a two-letter ISO 3166-1 code in capitals, such as FR",
            id="country",
        ),
        pytest.param(
            broken("### My take", "### Review"),
            20,
            "unknown section '### Review': a talk's sections are '### Notes' and '### My take'",
            id="unknown-section",
        ),
        pytest.param(
            broken("- a CLI that orchestrates Terraform stacks\n", ""),
            16,
            "'### Notes' is empty",
            id="empty-notes",
        ),
        pytest.param(
            broken("Rating: 4/5\n\nStraight to the point.\n", ""),
            20,
            "'### My take' needs a rating, some text, or both",
            id="empty-review",
        ),
        pytest.param(
            broken("### Notes", "### Notes (fr, par alice)"),
            16,
            "cannot read '(fr, par alice)': expected a language code, 'by USERNAME' and a date "
            "written YYYY-MM-DD",
            id="notes-suffix",
        ),
        pytest.param(
            broken("### Notes", "### Notes (2025-02-30)"),
            16,
            "'date' must be a date written YYYY-MM-DD, not '2025-02-30'",
            id="impossible-note-date",
        ),
        pytest.param(
            broken("### Notes", "### Notes (fr, 2025-10-15)"),
            16,
            "the note's date 2025-10-15 is before the event starts (2025-10-16)",
            id="note-before-event",
        ),
        pytest.param(
            broken("### Notes", "### Notes (by julien, 2999-01-01)"),
            16,
            "the note's date 2999-01-01 is in the future",
            id="note-in-future",
        ),
        pytest.param(
            broken("- date: 2025-10-16", "- text language: English"),
            14,
            "unknown language code 'English'",
            id="text-language-by-name",
        ),
        pytest.param(
            broken("### My take", "### My take (EN, by julien)"),
            20,
            "unknown language code 'EN' (write it in lowercase: 'en')",
            id="review-language-in-capitals",
        ),
        pytest.param(
            broken("### My take", "### My take (by julien, 2025-10-16)"),
            20,
            "cannot read '(by julien, 2025-10-16)': expected a language code and 'by USERNAME'",
            id="dated-review",
        ),
        pytest.param(
            broken("author: julien\n", ""),
            15,
            "nobody to attribute this to: give 'author' in the front matter, "
            "'(by USERNAME)' in this heading, or --author",
            id="no-author",
        ),
        pytest.param(
            # The same title with a typographic apostrophe.
            VALID + "\n## Terramate, l\u2019outil qui fait scaler votre code Terraform\n"
            "\n- languages: fr\n",
            26,
            "this talk is already in the file, on line 10",
            id="same-talk-twice",
        ),
        pytest.param(
            VALID + "\n### My take (by julien)\n\nRating: 2/5\n",
            26,
            "a second review by julien of this talk (the first is on line 20)",
            id="second-review",
        ),
        pytest.param(
            broken("- date: 2025-10-16", "- date: 2025-10-16\n- room: " + "x" * 101),
            10,
            "room: Ensure this value has at most 100 characters (it has 101).",
            id="too-long-for-the-database",
        ),
        pytest.param(
            broken("\n## Terramate", "\n# My DevFest\n\n## Terramate"),
            10,
            "'# ' headings are not used in a write-up: '## ' starts a talk, and headings "
            "inside notes are '####' or deeper",
            id="level-one-heading",
        ),
        pytest.param(
            broken("\n## Terramate", "\nSome words first.\n\n## Terramate"),
            10,
            "expected a talk: '## ' followed by its title",
            id="text-before-talks",
        ),
    ],
)
def test_malformed_writeup_names_file_line_and_problem_and_writes_nothing(
    writeup_file, run_command, text, line, message
):
    path = writeup_file(text)

    with pytest.raises(CommandError) as error:
        run_command("import_writeup", path)

    assert str(error.value) == f"{path}:{line}: {message}"
    assert Event.objects.count() == 0
    assert Talk.objects.count() == 0
    assert Speaker.objects.count() == 0
    assert Note.objects.count() == 0
    assert User.objects.count() == 0


def test_valid_base_of_the_error_cases_imports(writeup_file, run_command):
    run_command("import_writeup", writeup_file(VALID))

    assert Talk.objects.get().notes.count() == 1


def test_file_that_is_not_utf8_is_refused(tmp_path, run_command):
    path = tmp_path / "latin1.md"
    path.write_bytes(VALID.replace("Straight", "Très").encode("latin-1"))

    with pytest.raises(CommandError) as error:
        run_command("import_writeup", str(path))

    assert str(error.value) == f"{path}:24: the file is not UTF-8 text"
