"""The demo data: the five seed conferences, loaded by load_demo and by prepare_local."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Event
from talks.models import Note, NoteStatus, Review, Talk
from talks.selectors import latest_notes

pytestmark = pytest.mark.django_db


def test_load_demo_creates_the_five_conferences(run_command):
    run_command("load_demo")

    assert sorted(Event.objects.values_list("name", "start_date", "end_date", "city")) == [
        (
            "Cloud Native Days France 2026",
            datetime.date(2026, 2, 3),
            datetime.date(2026, 2, 3),
            "Paris",
        ),
        ("DevFest Nantes 2025", datetime.date(2025, 10, 16), datetime.date(2025, 10, 17), "Nantes"),
        (
            "DevWorld Conference 2024",
            datetime.date(2024, 2, 29),
            datetime.date(2024, 3, 1),
            "Amsterdam",
        ),
        (
            "KubeCon + CloudNativeCon Europe 2024",
            datetime.date(2024, 3, 19),
            datetime.date(2024, 3, 22),
            "Paris",
        ),
        (
            "Kubernetes Community Days France 2023",
            datetime.date(2023, 3, 7),
            datetime.date(2023, 3, 7),
            "Paris",
        ),
    ]


def test_demo_has_the_terramate_talk_by_mathieu_herbert_in_french(run_command):
    run_command("load_demo")

    talk = Talk.objects.get(title="Terramate, l'outil qui fait scaler votre code Terraform")

    assert talk.event.name == "DevFest Nantes 2025"
    assert [speaker.name for speaker in talk.speakers.all()] == ["Mathieu Herbert"]
    assert talk.languages == ["fr"]
    assert sorted(talk.topics.values_list("name", flat=True)) == [
        "CI/CD",
        "GitOps",
        "Infrastructure as Code",
        "Terraform",
    ]
    review = talk.reviews.get()
    assert (review.rating, review.author.username) == (4, "demo-devfest")


def test_demo_kubecon_spans_four_days_with_platform_engineering_day(run_command):
    run_command("load_demo")

    kubecon = Talk.objects.filter(event__slug="kubecon-europe-2024")

    assert sorted(set(kubecon.values_list("date", flat=True))) == [
        datetime.date(2024, 3, 19),
        datetime.date(2024, 3, 20),
        datetime.date(2024, 3, 21),
        datetime.date(2024, 3, 22),
    ]
    assert kubecon.filter(room="Platform Engineering Day").count() == 4


def test_demo_speakers_are_shared_across_events(run_command):
    run_command("load_demo")

    petazzoni = Talk.objects.filter(speakers__name="Jérôme Petazzoni")

    assert sorted(petazzoni.values_list("event__slug", flat=True)) == [
        "cloud-native-days-france-2026",
        "kcd-france-2023",
        "kubecon-europe-2024",
    ]


def test_demo_notes_are_published_in_the_language_of_their_write_up(run_command):
    run_command("load_demo")

    assert Note.objects.exclude(status=NoteStatus.PUBLISHED).count() == 0
    assert Note.objects.filter(published_at__isnull=True).count() == 0
    assert sorted(set(Note.objects.values_list("talk__event__slug", "language"))) == [
        ("cloud-native-days-france-2026", "fr"),
        ("devfest-nantes-2025", "en"),
        ("devworld-2024", "fr"),
        ("kcd-france-2023", "en"),
        ("kubecon-europe-2024", "fr"),
    ]
    assert (Talk.objects.count(), Note.objects.count(), Review.objects.count()) == (48, 46, 36)


def test_load_demo_twice_creates_nothing_more(run_command):
    run_command("load_demo")

    output = run_command("load_demo")

    assert " 0 created" in output
    assert "1 created" not in output
    assert (Event.objects.count(), Talk.objects.count(), Note.objects.count()) == (5, 48, 46)


def test_prepare_local_loads_the_demo_only_into_an_empty_database(run_command):
    run_command("prepare_local")
    Talk.objects.filter(event__slug="devworld-2024").delete()

    call_command("prepare_local", stdout=None)

    assert Event.objects.count() == 5
    assert Talk.objects.filter(event__slug="devworld-2024").count() == 0


def test_demo_notes_are_dated_on_their_talks_day_not_when_they_were_loaded(run_command):
    run_command("load_demo")

    notes = Note.objects.select_related("talk")
    assert notes.count() == 46
    assert [note for note in notes if timezone.localdate(note.published_at) != note.talk.day] == []


def test_the_latest_demo_notes_are_those_of_the_latest_talks(run_command):
    run_command("load_demo")

    latest = list(latest_notes(6).values_list("talk__event__slug", "talk__day"))

    assert latest[:5] == [("cloud-native-days-france-2026", datetime.date(2026, 2, 3))] * 5
    assert latest[5] == ("devfest-nantes-2025", datetime.date(2025, 10, 16))


def test_demo_titles_are_marked_in_the_language_they_are_written_in(run_command):
    run_command("load_demo")

    text_languages = dict(Talk.objects.values_list("title", "text_language"))
    assert text_languages["Terramate, l'outil qui fait scaler votre code Terraform"] == "fr"
    assert text_languages["How do you pronounce kubectl?"] == "en"  # a talk given in French
    assert text_languages["De Nederlandse Kubernetes Podcast"] == "nl"
    assert text_languages["How good of a developer are you?"] == "en"
    assert "" not in text_languages.values()


def test_demo_reviews_are_in_the_language_of_their_write_up(run_command):
    run_command("load_demo")

    languages = set(
        Review.objects.filter(talk__event__slug="devworld-2024").values_list("language", flat=True)
    )
    assert languages == {"fr"}
    assert set(
        Review.objects.filter(talk__event__slug="kcd-france-2023").values_list(
            "language", flat=True
        )
    ) == {"en"}


def test_demo_abstracts_are_marked_in_the_language_of_their_write_up(run_command):
    run_command("load_demo")

    terramate = Talk.objects.get(title__startswith="Terramate")
    how_good = Talk.objects.get(title="How good of a developer are you?")
    assert (terramate.text_language, terramate.abstract_text_language) == ("fr", "en")
    assert (how_good.text_language, how_good.abstract_text_language) == ("en", "fr")


def test_demo_links_the_database_operators_talk_given_at_kcd_france_then_kubecon(run_command):
    run_command("load_demo")

    versions = Talk.objects.filter(work__isnull=False).order_by("event__start_date")

    assert versions.values("work").distinct().count() == 1
    assert [(talk.event.slug, talk.languages) for talk in versions] == [
        ("kcd-france-2023", ["fr"]),
        ("kubecon-europe-2024", ["en"]),
    ]
