"""import_writeup: what it creates, how it matches what exists, and that a second run is a no-op."""

import datetime

import pytest
from django.core.management import CommandError
from django.utils import timezone

from events.models import Event, Series
from people.models import Speaker, SpeakerAlias, User
from talks.models import (
    Note,
    NoteRevision,
    NoteStatus,
    Review,
    ReviewStatus,
    Talk,
    TalkFormat,
    Topic,
    TopicAlias,
)
from talks.writeup.importer import Outcome, writeup_import
from talks.writeup.parser import read_writeup
from tests.factories import (
    EventFactory,
    NoteFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DEVFEST = """
---
event:
  name: DevFest Nantes 2025
  slug: devfest-nantes-2025
  series: DevFest Nantes
  start: 2025-10-16
  end: 2025-10-17
  city: Nantes
  country: FR
  venue: Cité des Congrès
  website: https://devfest.gdgnantes.com/
author: julien
language: en
---

## Terramate, l'outil qui fait scaler votre code Terraform

- speakers: Mathieu HERBERT
- languages: fr
- topics: Terraform, Infrastructure as Code
- format: talk
- date: 2025-10-16
- time: 14:00
- duration: 45
- room: Auditorium 800
- slides: https://example.org/slides.pdf

How Terramate sits on top of Terraform.

### Notes

- a CLI that orchestrates Terraform stacks

#### In production

- the plan is posted on the pull request

### Notes (fr, by alice)

- démo de génération de code

### My take

Rating: 4/5

Straight to the point.

## Limits, Requests, QoS, PriorityClasses

- speakers: Denis Germain and Quentin Joly
- languages: fr, en
- topics: kubernetes

### My take (by alice)

Rating: 5/5
"""

SUMMARY_OF_FIRST_IMPORT = """\
{path}: imported
  events:   1 created, 0 updated, 0 unchanged
  series:   1 created, 0 updated, 0 unchanged
  talks:    2 created, 0 updated, 0 unchanged
  speakers: 3 created, 0 updated, 0 unchanged
  topics:   3 created, 0 updated, 0 unchanged
  notes:    2 created, 0 updated, 0 unchanged
  reviews:  2 created, 0 updated, 0 unchanged
  users:    2 created, 0 updated, 0 unchanged
"""


def speaker_names(talk: Talk) -> list[str]:
    return [item.speaker.name for item in talk.talk_speakers.order_by("order")]


def topic_names(talk: Talk) -> list[str]:
    return sorted(talk.topics.values_list("name", flat=True))


def test_import_creates_the_event_talks_people_notes_and_reviews(writeup_file, run_command):
    path = writeup_file(DEVFEST)

    output = run_command("import_writeup", path)

    assert output == SUMMARY_OF_FIRST_IMPORT.format(path=path)
    event = Event.objects.get()
    assert (event.name, event.slug, event.series.name) == (
        "DevFest Nantes 2025",
        "devfest-nantes-2025",
        "DevFest Nantes",
    )
    assert (str(event.start_date), str(event.end_date), event.city, event.country) == (
        "2025-10-16",
        "2025-10-17",
        "Nantes",
        "FR",
    )
    assert (event.venue, event.website) == ("Cité des Congrès", "https://devfest.gdgnantes.com/")
    terramate = Talk.objects.get(slug="terramate-loutil-qui-fait-scaler-votre-code-terraform")
    assert speaker_names(terramate) == ["Mathieu HERBERT"]
    assert terramate.languages == ["fr"]
    assert topic_names(terramate) == ["Infrastructure as Code", "Terraform"]
    assert (terramate.format, str(terramate.date), str(terramate.start_time)) == (
        TalkFormat.TALK,
        "2025-10-16",
        "14:00:00",
    )
    assert (terramate.duration, terramate.room, terramate.slides_url) == (
        45,
        "Auditorium 800",
        "https://example.org/slides.pdf",
    )
    assert terramate.abstract == "How Terramate sits on top of Terraform."
    notes = list(terramate.notes.order_by("pk"))
    assert [(note.author.username, note.language) for note in notes] == [
        ("julien", "en"),
        ("alice", "fr"),
    ]
    assert notes[0].body == (
        "- a CLI that orchestrates Terraform stacks\n\n"
        "#### In production\n\n"
        "- the plan is posted on the pull request"
    )
    assert all(note.status == NoteStatus.PUBLISHED and note.published_at for note in notes)
    assert "<h3>In production</h3>" in notes[0].body_html
    review = terramate.reviews.get()
    assert (review.author.username, review.rating, review.body) == (
        "julien",
        4,
        "Straight to the point.",
    )
    limits = Talk.objects.get(title="Limits, Requests, QoS, PriorityClasses")
    assert speaker_names(limits) == ["Denis Germain", "Quentin Joly"]
    assert limits.languages == ["fr", "en"]
    assert limits.format == TalkFormat.TALK
    assert limits.notes.count() == 0
    assert [(r.author.username, r.rating, r.body) for r in limits.reviews.all()] == [
        ("alice", 5, "")
    ]


def test_import_creates_authors_without_usable_password(writeup_file, run_command):
    run_command("import_writeup", writeup_file(DEVFEST))

    users = User.objects.order_by("username")
    assert [user.username for user in users] == ["alice", "julien"]
    assert [user.has_usable_password() for user in users] == [False, False]


def test_import_twice_changes_nothing(writeup_file, run_command):
    path = writeup_file(DEVFEST)
    run_command("import_writeup", path)

    output = run_command("import_writeup", path)

    assert output == (
        f"{path}: imported\n"
        "  events:   0 created, 0 updated, 1 unchanged\n"
        "  series:   0 created, 0 updated, 1 unchanged\n"
        "  talks:    0 created, 0 updated, 2 unchanged\n"
        "  speakers: 0 created, 0 updated, 3 unchanged\n"
        "  topics:   0 created, 0 updated, 3 unchanged\n"
        "  notes:    0 created, 0 updated, 2 unchanged\n"
        "  reviews:  0 created, 0 updated, 2 unchanged\n"
        "  users:    0 created, 0 updated, 2 unchanged\n"
    )
    assert (Talk.objects.count(), Note.objects.count(), Speaker.objects.count()) == (2, 2, 3)


def test_dry_run_counts_everything_and_writes_nothing(writeup_file, run_command):
    path = writeup_file(DEVFEST)

    output = run_command("import_writeup", path, "--dry-run")

    assert output == SUMMARY_OF_FIRST_IMPORT.format(path=path).replace(
        "imported", "dry run, nothing written"
    )
    assert Event.objects.count() == 0
    assert Speaker.objects.count() == 0
    assert User.objects.count() == 0


def test_import_matches_speakers_by_normalized_name_and_alias(writeup_file, run_command):
    herbert = SpeakerFactory(name="Mathieu Herbert", slug="mathieu-herbert")
    germain = SpeakerFactory(name="Denis Germain", slug="denis-germain")
    joly = SpeakerFactory(name="Quentin J.", slug="quentin-j")
    SpeakerAlias.objects.create(speaker=joly, name="Quentin Joly", slug="quentin-joly")

    run_command("import_writeup", writeup_file(DEVFEST))

    assert Speaker.objects.count() == 3
    assert speaker_names(Talk.objects.get(slug__startswith="terramate")) == ["Mathieu Herbert"]
    limits = Talk.objects.get(slug__startswith="limits")
    assert [item.speaker for item in limits.talk_speakers.order_by("order")] == [germain, joly]
    assert herbert.talks.count() == 1


def test_import_matches_accented_names_without_accents(writeup_file, run_command):
    petazzoni = SpeakerFactory(name="Jérôme Petazzoni", slug="jerome-petazzoni")
    path = writeup_file(
        """
        ---
        event: {name: KCD France 2023, start: 2023-03-07}
        ---

        ## Opening Keynote

        - speakers: Jerome PETAZZONI
        - languages: fr
        """
    )

    run_command("import_writeup", path)

    assert Speaker.objects.get() == petazzoni
    assert petazzoni.talks.get().title == "Opening Keynote"


def test_import_matches_topics_by_name_slug_and_alias(writeup_file, run_command):
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    TopicAlias.objects.create(topic=kubernetes, name="k8s", slug="k8s")
    cicd = TopicFactory(name="CI/CD", slug="cicd")
    path = writeup_file(
        """
        ---
        event: {name: KCD France 2023, start: 2023-03-07}
        ---

        ## One

        - languages: fr
        - topics: K8S, CICD, kubernetes
        """
    )

    run_command("import_writeup", path)

    assert set(Talk.objects.get().topics.all()) == {kubernetes, cicd}
    assert Topic.objects.count() == 2


def test_import_matches_existing_event_by_name_and_talk_by_title(writeup_file, run_command):
    event = EventFactory(name="Devfest  NANTES 2025", slug="devfest-2025")
    talk = TalkFactory(
        event=event, title="Il était une Faille", slug="faille", languages=["en"], date=None
    )
    path = writeup_file(
        """
        ---
        event: {name: DevFest Nantes 2025, start: 2025-10-16, end: 2025-10-17}
        ---

        ## il etait une  faille

        - languages: fr
        """
    )

    run_command("import_writeup", path)

    assert Event.objects.get() == event
    talk.refresh_from_db()
    assert (talk.title, talk.slug, talk.languages) == ("Il était une Faille", "faille", ["fr"])


def test_import_keeps_stored_values_for_keys_left_out(writeup_file, run_command):
    run_command("import_writeup", writeup_file(DEVFEST))
    shorter = DEVFEST.replace("- room: Auditorium 800\n", "").replace("  city: Nantes\n", "")

    run_command("import_writeup", writeup_file(shorter, "shorter.md"))

    assert Talk.objects.get(slug__startswith="terramate").room == "Auditorium 800"
    assert Event.objects.get().city == "Nantes"


def test_import_updates_changed_notes_and_reviews_in_place(writeup_file, run_command):
    run_command("import_writeup", writeup_file(DEVFEST))
    note = Note.objects.get(author__username="julien")
    edited = DEVFEST.replace("a CLI that orchestrates", "a thin CLI that orchestrates").replace(
        "Rating: 4/5", "Rating: 3/5"
    )

    report = writeup_import(writeup=read_writeup(writeup_file(edited, "edited.md")))

    assert [report.count("notes", outcome) for outcome in Outcome] == [0, 1, 1]
    assert [report.count("reviews", outcome) for outcome in Outcome] == [0, 1, 1]
    note.refresh_from_db()
    assert note.body.startswith("- a thin CLI that orchestrates")
    assert "a thin CLI" in note.body_html
    revision = NoteRevision.objects.get()
    assert (revision.note, revision.edited_by.username) == (note, "julien")
    assert revision.body.startswith("- a CLI that orchestrates")
    assert Review.objects.get(author__username="julien").rating == 3


def test_imported_notes_keep_sub_items_nested(writeup_file, run_command):
    nested = DEVFEST.replace(
        "- a CLI that orchestrates Terraform stacks\n",
        "- a CLI that orchestrates Terraform stacks\n  - one stack per folder\n",
    )

    run_command("import_writeup", writeup_file(nested))

    note = Note.objects.get(author__username="julien")
    assert note.body_html.startswith(
        "<ul>\n<li>a CLI that orchestrates Terraform stacks\n<ul>\n"
        "<li>one stack per folder</li>\n</ul>\n</li>\n</ul>"
    )


def published_days() -> dict[str, str]:
    return {
        note.author.username: timezone.localtime(note.published_at).isoformat()
        for note in Note.objects.select_related("author")
    }


@pytest.mark.parametrize(
    ("old", "new", "dates"),
    [
        pytest.param(
            "### Notes (fr, by alice)",
            "### Notes (fr, by alice, 2025-10-18)",
            {"julien": "2025-10-16T14:00:00+02:00", "alice": "2025-10-18T14:00:00+02:00"},
            id="heading-or-talk-day-and-time",
        ),
        pytest.param(
            "- date: 2025-10-16\n- time: 14:00\n",
            "",
            {"julien": "2025-10-16T00:00:00+02:00", "alice": "2025-10-16T00:00:00+02:00"},
            id="talk-without-a-day-event-start",
        ),
    ],
)
def test_notes_are_dated_by_their_heading_or_else_their_talks_day(
    writeup_file, run_command, old, new, dates
):
    run_command("import_writeup", writeup_file(DEVFEST.replace(old, new)))

    assert published_days() == dates


def test_a_new_date_in_a_heading_redates_the_note_without_a_revision(writeup_file, run_command):
    run_command("import_writeup", writeup_file(DEVFEST))
    redated = DEVFEST.replace("### Notes (fr, by alice)", "### Notes (fr, by alice, 2025-10-20)")

    report = writeup_import(writeup=read_writeup(writeup_file(redated, "redated.md")))

    assert [report.count("notes", outcome) for outcome in Outcome] == [0, 1, 1]
    assert published_days()["alice"] == "2025-10-20T14:00:00+02:00"
    assert NoteRevision.objects.count() == 0


def test_a_heading_without_a_date_keeps_the_notes_date(writeup_file, run_command):
    run_command("import_writeup", writeup_file(DEVFEST))
    Note.objects.update(published_at=timezone.make_aware(datetime.datetime(2025, 11, 2, 8)))

    run_command("import_writeup", writeup_file(DEVFEST, "again.md"))

    assert published_days()["alice"] == "2025-11-02T08:00:00+01:00"


def test_import_leaves_other_peoples_and_unpublished_notes_alone(writeup_file, run_command):
    run_command("import_writeup", writeup_file(DEVFEST))
    talk = Talk.objects.get(slug__startswith="terramate")
    julien = User.objects.get(username="julien")
    draft = NoteFactory(talk=talk, author=julien, body="draft", status=NoteStatus.DRAFT)
    other = NoteFactory(talk=talk, body="someone else's")

    run_command("import_writeup", writeup_file(DEVFEST, "again.md"))

    assert talk.notes.count() == 4
    draft.refresh_from_db()
    other.refresh_from_db()
    assert (draft.body, draft.status, other.body) == ("draft", NoteStatus.DRAFT, "someone else's")


def test_author_option_overrides_front_matter_but_not_heading_suffix(writeup_file, run_command):
    UserFactory(username="Bob")

    run_command("import_writeup", writeup_file(DEVFEST), "--author", "bob")

    assert sorted(Note.objects.values_list("author__username", "language")) == [
        ("Bob", "en"),
        ("alice", "fr"),
    ]
    assert not User.objects.filter(username="julien").exists()


def test_import_several_files_saves_the_good_ones_and_reports_the_bad(writeup_file, run_command):
    good = writeup_file(DEVFEST, "good.md")
    bad = writeup_file(DEVFEST.replace("- languages: fr, en", "- languages: fr, english"), "bad.md")

    with pytest.raises(CommandError) as error:
        run_command("import_writeup", bad, good)

    assert str(error.value) == f"{bad}:51: unknown language code 'english'"
    assert Event.objects.count() == 1
    assert Series.objects.count() == 1


def test_import_rejects_an_invalid_author_option(writeup_file, run_command):
    with pytest.raises(CommandError) as error:
        run_command("import_writeup", writeup_file(DEVFEST), "--author", "two words")

    assert str(error.value) == "--author: 'two words' is not a username"


def test_import_of_a_missing_file_says_so(tmp_path, run_command):
    with pytest.raises(CommandError) as error:
        run_command("import_writeup", str(tmp_path / "nowhere.md"))

    assert str(error.value) == f"{tmp_path / 'nowhere.md'}: No such file or directory"


def test_two_sections_that_find_the_same_talk_are_refused(writeup_file, run_command):
    event = EventFactory(name="KCD France 2023", slug="kcd-france-2023")
    TalkFactory(event=event, title="Opening Keynote", slug="opening", date=None)
    path = writeup_file(
        """
        ---
        event: {name: KCD France 2023, slug: kcd-france-2023, start: 2025-10-16}
        ---

        ## Keynote

        - slug: opening
        - languages: fr

        ## Opening keynote

        - languages: fr
        """
    )

    with pytest.raises(CommandError) as error:
        run_command("import_writeup", path)

    assert str(error.value) == f"{path}:10: this is the same talk as the one on line 5"
    assert Talk.objects.get().languages == ["en"]


def test_a_review_hidden_by_an_editor_stays_hidden_when_its_text_is_imported_again(
    writeup_file, run_command
):
    run_command("import_writeup", writeup_file(DEVFEST))
    Review.objects.filter(author__username="julien").update(status=ReviewStatus.HIDDEN)

    run_command("import_writeup", writeup_file(DEVFEST.replace("Straight", "Right"), "new.md"))

    review = Review.objects.get(author__username="julien")
    assert (review.body, review.status) == ("Right to the point.", ReviewStatus.HIDDEN)


def test_a_talk_in_one_language_has_its_title_in_it_unless_the_write_up_says(
    writeup_file, run_command
):
    english_title = DEVFEST.replace("- languages: fr\n", "- languages: fr\n- text language: en\n")

    run_command("import_writeup", writeup_file(english_title))

    assert dict(Talk.objects.values_list("title", "text_language")) == {
        "Terramate, l'outil qui fait scaler votre code Terraform": "en",
        # Given in two languages, and the write-up does not say: unknown.
        "Limits, Requests, QoS, PriorityClasses": "",
    }


def test_the_likely_text_language_is_only_for_new_talks(writeup_file, run_command):
    run_command("import_writeup", writeup_file(DEVFEST))
    Talk.objects.filter(slug__startswith="terramate").update(text_language="en")

    run_command("import_writeup", writeup_file(DEVFEST, "again.md"))
    said = DEVFEST.replace("- languages: fr, en\n", "- languages: fr, en\n- text language: fr\n")
    run_command("import_writeup", writeup_file(said, "said.md"))

    assert dict(Talk.objects.values_list("title", "text_language")) == {
        "Terramate, l'outil qui fait scaler votre code Terraform": "en",
        "Limits, Requests, QoS, PriorityClasses": "fr",
    }


def test_reviews_are_in_their_headings_language_or_else_the_files(writeup_file, run_command):
    french_take = DEVFEST.replace("### My take (by alice)", "### My take (fr, by alice)")

    run_command("import_writeup", writeup_file(french_take))

    assert dict(Review.objects.values_list("author__username", "language")) == {
        "julien": "en",
        "alice": "fr",
    }


def test_reviews_are_in_no_known_language_when_the_file_gives_none(writeup_file, run_command):
    run_command("import_writeup", writeup_file(DEVFEST.replace("language: en\n", "")))

    assert set(Review.objects.values_list("language", flat=True)) == {""}


def test_a_review_in_another_language_is_updated(writeup_file, run_command):
    run_command("import_writeup", writeup_file(DEVFEST))
    french_take = DEVFEST.replace("### My take (by alice)", "### My take (fr, by alice)")

    report = writeup_import(writeup=read_writeup(writeup_file(french_take, "fr.md")))

    assert [report.count("reviews", outcome) for outcome in Outcome] == [0, 1, 1]
    assert Review.objects.get(author__username="alice").language == "fr"


def test_an_abstract_is_in_the_files_language_unless_the_write_up_says(writeup_file, run_command):
    said = DEVFEST.replace(
        "- languages: fr, en\n", "- languages: fr, en\n- abstract language: de\n"
    )

    run_command("import_writeup", writeup_file(said))

    terramate = Talk.objects.get(slug__startswith="terramate")
    limits = Talk.objects.get(slug__startswith="limits")
    # "How Terramate sits on top of Terraform.": the file's English, under a French title.
    assert (terramate.text_language, terramate.abstract_text_language) == ("fr", "en")
    assert (limits.text_language, limits.abstract_language) == ("", "de")


def test_an_abstract_without_a_language_anywhere_is_in_the_titles(writeup_file, run_command):
    run_command("import_writeup", writeup_file(DEVFEST.replace("language: en\n", "")))

    terramate = Talk.objects.get(slug__startswith="terramate")
    assert (terramate.abstract_language, terramate.abstract_text_language) == ("", "fr")
