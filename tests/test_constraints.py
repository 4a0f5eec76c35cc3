"""Every invariant of the data model is enforced by the database itself."""

import datetime

import pytest
from django.db import DataError, IntegrityError, transaction

from events.models import Event
from people.models import Speaker, SpeakerAlias, User
from talks.models import (
    MAX_BODY_LENGTH,
    Note,
    NoteReport,
    Review,
    SlidesCopy,
    Talk,
    TalkSpeaker,
    TopicAlias,
)
from tests.factories import (
    EventFactory,
    NoteFactory,
    ReviewFactory,
    SeriesFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def assert_rejected(create):
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        create()


def test_event_end_before_start_is_rejected():
    assert_rejected(
        lambda: EventFactory(
            start_date=datetime.date(2025, 10, 17), end_date=datetime.date(2025, 10, 16)
        )
    )


def test_event_country_must_be_iso_code():
    assert_rejected(lambda: EventFactory(country="France"))
    assert_rejected(lambda: EventFactory(country="fr"))
    assert EventFactory(country="").country == ""


def test_event_slug_is_unique():
    EventFactory(slug="kubecon-europe-2024")
    assert_rejected(lambda: EventFactory(slug="kubecon-europe-2024"))


def test_event_status_must_be_known():
    assert_rejected(lambda: EventFactory(status="secret"))


def test_event_name_not_blank():
    assert_rejected(lambda: EventFactory(name=""))


def test_series_name_unique_ignoring_case():
    SeriesFactory(name="DevFest Nantes")
    assert_rejected(lambda: SeriesFactory(name="devfest nantes"))


def test_speaker_slug_unique_and_not_blank():
    SpeakerFactory(slug="mathieu-herbert")
    assert_rejected(lambda: SpeakerFactory(slug="mathieu-herbert"))
    assert_rejected(lambda: SpeakerFactory(slug=""))
    assert_rejected(lambda: SpeakerFactory(name=""))


def test_speaker_alias_slug_unique():
    speaker = SpeakerFactory()
    SpeakerAlias.objects.create(speaker=speaker, slug="old-slug", name="Old Name")
    assert_rejected(
        lambda: SpeakerAlias.objects.create(speaker=speaker, slug="old-slug", name="Other")
    )
    assert_rejected(lambda: SpeakerAlias.objects.create(speaker=speaker, slug="x", name=""))


def test_username_unique_ignoring_case():
    UserFactory(username="Alice")
    assert_rejected(lambda: User.objects.create(username="alice"))


def test_talk_slug_unique_within_event_only():
    event = EventFactory()
    TalkFactory(event=event, slug="opening")
    TalkFactory(slug="opening")  # another event: allowed
    assert_rejected(lambda: TalkFactory(event=event, slug="opening"))


def test_talk_needs_a_known_language():
    assert_rejected(lambda: TalkFactory(languages=[]))
    assert_rejected(lambda: TalkFactory(languages=["xx"]))
    assert_rejected(lambda: TalkFactory(languages=["fr", "english"]))
    assert TalkFactory(languages=["fr", "en"]).languages == ["fr", "en"]


def test_talk_format_status_and_duration_are_checked():
    assert_rejected(lambda: TalkFactory(format="sermon"))
    assert_rejected(lambda: TalkFactory(status="draft"))
    assert_rejected(lambda: TalkFactory(duration=0))
    assert_rejected(lambda: TalkFactory(title=""))


def test_talk_speaker_once_per_talk_and_order_unique():
    talk = TalkFactory()
    first, second = SpeakerFactory(), SpeakerFactory()
    TalkSpeaker.objects.create(talk=talk, speaker=first, order=0)
    assert_rejected(lambda: TalkSpeaker.objects.create(talk=talk, speaker=first, order=1))
    assert_rejected(lambda: TalkSpeaker.objects.create(talk=talk, speaker=second, order=0))


def test_topic_tagged_once_per_talk():
    talk = TalkFactory()
    topic = TopicFactory()
    talk.topics.add(topic)
    assert_rejected(lambda: talk.topics.through.objects.create(content_object=talk, tag=topic))


def test_topic_alias_slug_unique():
    topic = TopicFactory()
    TopicAlias.objects.create(topic=topic, slug="k8s", name="k8s")
    assert_rejected(lambda: TopicAlias.objects.create(topic=topic, slug="k8s", name="K8S"))


def test_note_language_status_and_body_are_checked():
    assert_rejected(lambda: NoteFactory(language="xx"))
    assert_rejected(lambda: NoteFactory(status="lost"))
    assert_rejected(lambda: NoteFactory(body=""))
    assert_rejected(lambda: NoteFactory(body="x" * (MAX_BODY_LENGTH + 1)))
    assert len(NoteFactory(body="x" * MAX_BODY_LENGTH).body) == MAX_BODY_LENGTH


def test_published_note_has_publication_date():
    assert_rejected(lambda: NoteFactory(status="published", published_at=None))
    assert NoteFactory(status="pending", published_at=None).published_at is None


def test_note_html_is_rendered_on_save_and_sanitized():
    note = NoteFactory(body="**bold** <script>alert(1)</script> [x](https://example.org)")
    note.refresh_from_db()
    assert note.body_html == (
        "<p><strong>bold</strong> &lt;script&gt;alert(1)&lt;/script&gt; "
        '<a href="https://example.org" rel="nofollow ugc noopener">x</a></p>'
    )
    note.body = "*changed*"
    note.save(update_fields=["body"])
    note.refresh_from_db()
    assert note.body_html == "<p><em>changed</em></p>"


def test_review_one_per_author_per_talk():
    review = ReviewFactory()
    assert_rejected(lambda: ReviewFactory(talk=review.talk, author=review.author))


def test_review_rating_between_one_and_five():
    assert_rejected(lambda: ReviewFactory(rating=0))
    assert_rejected(lambda: ReviewFactory(rating=6))
    assert ReviewFactory(rating=5).rating == 5


def test_review_needs_rating_or_text():
    assert_rejected(lambda: ReviewFactory(rating=None, body=""))
    assert ReviewFactory(rating=None, body="Great demo").rating is None
    assert ReviewFactory(rating=3, body="").body == ""


def test_review_status_and_length_checked():
    assert_rejected(lambda: ReviewFactory(status="pending"))
    assert_rejected(lambda: ReviewFactory(body="x" * (MAX_BODY_LENGTH + 1)))


def test_report_reason_must_be_known():
    note = NoteFactory()
    assert_rejected(lambda: NoteReport.objects.create(note=note, reason="boring"))


def test_constraints_cover_every_model():
    checked = {
        Event,
        Speaker,
        SpeakerAlias,
        User,
        Talk,
        TalkSpeaker,
        Note,
        Review,
        NoteReport,
        TopicAlias,
    }
    for model in checked:
        assert model._meta.constraints, f"{model.__name__} has no database constraint"


@pytest.mark.parametrize("sha256", ["", "A" * 64, "a" * 63, "../" + "a" * 61])
def test_a_slides_copy_is_named_by_a_sha256_digest(sha256):
    talk = TalkFactory()
    assert_rejected(
        lambda: SlidesCopy.objects.create(
            talk=talk,
            source_url="https://example.org/talk.pdf",
            content=b"%PDF-",
            sha256=sha256,
            fetched_at=datetime.datetime.now(tz=datetime.UTC),
        )
    )
