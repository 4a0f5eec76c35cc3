"""generate_data: realistic rows that satisfy every constraint, the same for the same seed."""

import hashlib
import random
import re
from io import StringIO

import pgtrigger
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Avg, Count, F, Max, Min, Q, Sum
from django.db.models.functions import Coalesce
from pgtrigger.core import INSTALLED

from events.models import Event, Series
from people.models import Speaker, User
from talks.datagen import text, vocabulary
from talks.datagen.bulk import worth_rebuilding
from talks.markdown import render_markdown
from talks.models import Note, NoteStatus, Review, Talk, TalkSpeaker, Topic
from talks.search import search_talks
from tests.factories import NoteFactory

pytestmark = pytest.mark.django_db

SMALL = ["--events", "3", "--talks", "30", "--speakers", "20", "--notes", "200", "--reviews", "60"]


def generate(*args: str) -> str:
    stderr = StringIO()
    call_command("generate_data", *SMALL, *args, stdout=StringIO(), stderr=stderr)
    return stderr.getvalue()


def content_digest() -> str:
    """A digest of everything generated, by natural keys, without ids."""
    parts = [
        Event.objects.order_by("slug").values_list(
            "slug", "name", "series__name", "start_date", "end_date", "city", "country", "venue",
            "website", "status", "created_at",
        ),
        Speaker.objects.order_by("slug").values_list("slug", "name", "created_at"),
        User.objects.order_by("username").values_list(
            "username", "first_name", "last_name", "email", "password"
        ),
        Talk.objects.order_by("event__slug", "slug").values_list(
            "event__slug", "slug", "title", "abstract", "format", "languages", "date",
            "start_time", "duration", "room", "slides_url", "video_url", "status",
        ),
        TalkSpeaker.objects.order_by("talk__event__slug", "talk__slug", "order").values_list(
            "talk__event__slug", "talk__slug", "speaker__slug", "order"
        ),
        Talk.topics.through.objects.order_by(
            "content_object__event__slug", "content_object__slug", "tag__name"
        ).values_list("content_object__event__slug", "content_object__slug", "tag__name"),
        Note.objects.order_by(
            "talk__event__slug", "talk__slug", "author__username", "created_at", "body"
        ).values_list(
            "talk__event__slug", "talk__slug", "author__username", "language", "body",
            "body_html", "status", "published_at", "created_at",
        ),
        Review.objects.order_by("talk__event__slug", "talk__slug", "author__username").values_list(
            "talk__event__slug", "talk__slug", "author__username", "rating", "body", "body_html",
            "status", "created_at",
        ),
    ]  # fmt: skip
    digest = hashlib.sha256()
    for queryset in parts:
        for row in queryset:
            digest.update(repr(row).encode())
    return digest.hexdigest()


def wipe_generated():
    Event.objects.all().delete()
    Series.objects.all().delete()
    Speaker.objects.all().delete()
    User.objects.all().delete()


def test_same_seed_gives_the_same_data_whatever_the_batch_size():
    generate("--seed", "7")
    first = content_digest()
    wipe_generated()

    generate("--seed", "7", "--batch-size", "17")

    assert content_digest() == first
    wipe_generated()
    generate("--seed", "8")
    assert content_digest() != first


def test_generated_counts_are_those_asked_for():
    generate("--seed", "7")

    assert (Event.objects.count(), Talk.objects.count(), Speaker.objects.count()) == (3, 30, 20)
    assert (Note.objects.count(), Review.objects.count(), User.objects.count()) == (200, 60, 5)
    assert Series.objects.count() == 1


def test_generated_data_is_consistent_beyond_the_database_constraints():
    generate("--seed", "7")

    for note in Note.objects.all():
        assert note.body_html == render_markdown(note.body)
    for review in Review.objects.exclude(body=""):
        assert review.body_html == render_markdown(review.body)
    assert (
        Talk.objects.exclude(date__isnull=True)
        .exclude(date__range=(F("event__start_date"), F("event__end_date")))
        .count()
        == 0
    )
    speakers_per_talk = set(
        Talk.objects.annotate(n=Count("talk_speakers")).values_list("n", flat=True)
    )
    assert speakers_per_talk <= {1, 2, 3}
    topics_per_talk = set(Talk.objects.annotate(n=Count("topics")).values_list("n", flat=True))
    assert topics_per_talk <= {1, 2, 3, 4}
    assert set(Note.objects.values_list("language", flat=True)) == {"en", "fr"}
    # Titles are written in French for talks given first in French, in English otherwise.
    assert set(Talk.objects.values_list("text_language", flat=True)) == {"en", "fr"}
    assert Talk.objects.filter(text_language="fr").exclude(languages__0="fr").count() == 0
    assert (
        Note.objects.filter(
            Q(status__in=[NoteStatus.PUBLISHED, NoteStatus.HIDDEN]),
            published_at__lt=F("created_at"),
        ).count()
        == 0
    )
    assert Note.objects.filter(published_at__lt=F("talk__event__start_date")).count() == 0
    assert all(not user.has_usable_password() for user in User.objects.all())
    assert Event.objects.exclude(slug__endswith="-g7").count() == 0
    assert Speaker.objects.exclude(slug__endswith="-g7").count() == 0


def test_some_talks_and_speakers_draw_more_than_others():
    call_command(
        "generate_data", "--events", "10", "--talks", "1000", "--speakers", "300", "--notes",
        "10000", "--reviews", "0", "--seed", "7", stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip

    notes = Talk.objects.annotate(n=Count("notes")).aggregate(top=Max("n"), mean=Avg("n"))
    talks = Speaker.objects.annotate(n=Count("talks")).aggregate(top=Max("n"), mean=Avg("n"))
    sizes = Event.objects.annotate(n=Count("talks")).aggregate(top=Max("n"), low=Min("n"))
    assert notes["top"] > 5 * notes["mean"]
    assert talks["top"] > 5 * talks["mean"]
    assert sizes["top"] > 2 * sizes["low"]


def test_generation_adds_to_the_demo_and_reuses_its_topics():
    call_command("load_demo", stdout=StringIO())
    demo_talks = Talk.objects.count()
    topics = set(Topic.objects.values_list("name", flat=True))

    generate("--seed", "7")

    assert Talk.objects.count() == demo_talks + 30
    assert Topic.objects.filter(name="Kubernetes").count() == 1
    assert topics <= set(Topic.objects.values_list("name", flat=True))
    assert Event.objects.filter(slug="devfest-nantes-2025").get().talks.count() == 4


def test_generation_leaves_the_indexes_foreign_keys_and_triggers_as_they_were():
    def definitions():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename LIKE 'talks_%' "
                "UNION ALL SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid::regclass::text LIKE 'talks_%' "
                "UNION ALL SELECT pg_get_triggerdef(oid) || tgenabled::text FROM pg_trigger "
                "WHERE tgrelid::regclass::text LIKE 'talks_%' AND NOT tgisinternal ORDER BY 1"
            )
            return [row[0] for row in cursor.fetchall()]

    before = definitions()

    generate("--seed", "7")

    assert definitions() == before


def test_generation_leaves_every_trigger_installed_as_its_model_declares_it():
    generate("--seed", "7")

    statuses = {
        trigger.get_uri(model): trigger.get_installation_status(model)[0]
        for model, trigger in pgtrigger.registered()
    }
    assert set(statuses.values()) == {INSTALLED}


def test_indexes_are_rebuilt_only_for_tables_that_more_than_double():
    NoteFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE talks_note, talks_review")

        assert worth_rebuilding(cursor.cursor, {Note: 2, Review: 5}) == [Review]
        assert worth_rebuilding(cursor.cursor, {Note: 4}) == [Note]


def test_same_seed_twice_in_one_database_is_refused():
    generate("--seed", "7")

    with pytest.raises(CommandError) as error:
        generate("--seed", "7")

    assert str(error.value) == (
        "Data generated with seed 7 is already in the database; use another seed."
    )


def test_events_and_talks_alone_can_be_generated():
    call_command(
        "generate_data", "--events", "2", "--talks", "5", "--speakers", "0", "--notes", "0",
        "--reviews", "0", stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip

    assert (Event.objects.count(), Talk.objects.count(), User.objects.count()) == (2, 5, 0)
    assert TalkSpeaker.objects.count() == 0


def test_more_reviews_than_talks_times_users_is_refused():
    with pytest.raises(CommandError) as error:
        call_command(
            "generate_data", "--events", "1", "--talks", "2", "--notes", "0", "--users", "3",
            "--reviews", "7", stdout=StringIO(),
        )  # fmt: skip

    assert str(error.value) == (
        "There cannot be more reviews than talks times users (one review per user per talk)."
    )


def test_progress_is_reported_on_standard_error():
    output = generate("--seed", "7")

    labels = [line.split(" [")[0].strip() for line in output.splitlines()]
    assert labels == [
        "events",
        "speakers",
        "users",
        "texts",
        "talks",
        "notes",
        "reviews",
        "search, counts",
        "indexes, stats",
    ]
    assert re.fullmatch(r"notes +\[#{30}\] 100% 200/200 +\d+\.\ds", output.splitlines()[5])


def test_every_text_template_can_be_filled_in_both_languages():
    rng = random.Random(0)
    for language, templates in [
        ("en", vocabulary.TITLE_TEMPLATES_EN + vocabulary.NOTE_BULLETS_EN),
        ("fr", vocabulary.TITLE_TEMPLATES_FR + vocabulary.NOTE_BULLETS_FR),
        ("en", vocabulary.ABSTRACT_SENTENCES_EN),
        ("fr", vocabulary.ABSTRACT_SENTENCES_FR),
    ]:
        for template in templates:
            assert "{" not in text.fill(template, rng, language)


def test_person_names_stay_distinct_beyond_every_first_and_last_name_pair():
    order = text.name_order(random.Random(0))
    pairs = len(vocabulary.FIRST_NAMES) * len(vocabulary.LAST_NAMES)

    names = [text.person_name(index, order) for index in range(pairs + 100)]

    assert len(set(names)) == pairs + 100
    assert re.fullmatch(r"\S+ A\. .+", names[pairs])


def test_generated_talks_and_notes_are_searchable():
    generate("--seed", "8")

    talks_with_notes = Talk.objects.filter(notes__status=NoteStatus.PUBLISHED).distinct()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE notes <> '') FROM talks_talksearchdocument"
        )
        assert cursor.fetchone() == (Talk.objects.count(), talks_with_notes.count())
    talk_speaker = TalkSpeaker.objects.filter(talk__in=Talk.objects.published()).first()
    found = search_talks(Talk.objects.published(), talk_speaker.speaker.name)
    assert talk_speaker.talk in found.talks


def test_generated_data_is_what_the_triggers_would_have_made():
    """The load turns the triggers off and derives their work; the result must not differ."""
    call_command("load_demo", stdout=StringIO())
    generate("--seed", "9", "--notes", "2000", "--batch-size", "700")

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM talks_note "
            "WHERE search_vector IS DISTINCT FROM confnotes_note_vector(language, body)"
        )
        assert cursor.fetchone() == (0,)
        cursor.execute("CREATE TEMPORARY TABLE generated AS SELECT * FROM talks_talksearchdocument")
        cursor.execute("SELECT confnotes_refresh_talk_documents(ARRAY(SELECT id FROM talks_talk))")
        cursor.execute("SELECT confnotes_refresh_talk_notes(ARRAY(SELECT id FROM talks_talk))")
        cursor.execute(
            "SELECT count(*) FROM talks_talksearchdocument AS search "
            "JOIN generated USING (talk_id) "
            "WHERE (search.document, search.notes) = (generated.document, generated.notes)"
        )
        assert cursor.fetchone() == (Talk.objects.count(),)
    counted = Talk.objects.annotate(
        notes_counted=Count("notes", filter=Q(notes__status=NoteStatus.PUBLISHED)),
    )
    assert [(talk.published_note_count, talk.notes_counted) for talk in counted] == [
        (talk.notes_counted, talk.notes_counted) for talk in counted
    ]
    rated = Talk.objects.annotate(
        ratings=Count("reviews__rating", filter=Q(reviews__status="published")),
        stars=Sum("reviews__rating", filter=Q(reviews__status="published"), default=0),
    )
    assert [(talk.rating_count, talk.rating_sum) for talk in rated] == [
        (talk.ratings, talk.stars) for talk in rated
    ]
    assert Talk.objects.filter(published_note_count__gt=0).count() > 20
    days = Talk.objects.annotate(expected=Coalesce("date", "event__start_date"))
    assert [talk.day for talk in days] == [talk.expected for talk in days]
    assert days.filter(date=None).exists() and days.exclude(date=None).exists()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*), count(*) FILTER (WHERE cardinality(talk.speaker_links) > 0)
            FROM talks_talk AS talk
            WHERE talk.speaker_links = ARRAY(
                SELECT ARRAY[speaker.slug, speaker.name]::text[]
                FROM talks_talkspeaker AS link
                JOIN people_speaker AS speaker ON speaker.id = link.speaker_id
                WHERE link.talk_id = talk.id ORDER BY link."order", link.id
            )
            """
        )
        agreeing, with_speakers = cursor.fetchone()
    assert agreeing == Talk.objects.count() and with_speakers > 20
