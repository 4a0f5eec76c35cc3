import datetime

import factory
from django.utils import timezone

from events.models import Event, Series
from people.models import Speaker, User
from talks.languages import likely_text_language
from talks.models import (
    Note,
    NoteReport,
    NoteStatus,
    ReportReason,
    Review,
    Talk,
    TalkSpeaker,
    Topic,
    Work,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"attendee{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    name = factory.Sequence(lambda n: f"Conference Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    series = factory.SubFactory(SeriesFactory)
    name = factory.Sequence(lambda n: f"Conference {n}")
    slug = factory.Sequence(lambda n: f"conference-{n}")
    start_date = datetime.date(2025, 10, 16)
    end_date = factory.LazyAttribute(lambda event: event.start_date + datetime.timedelta(days=1))
    city = "Nantes"
    country = "FR"


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    slug = factory.Sequence(lambda n: f"speaker-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class TalkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Talk
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Talk number {n}")
    slug = factory.Sequence(lambda n: f"talk-{n}")
    languages = factory.LazyFunction(lambda: ["en"])
    text_language = factory.LazyAttribute(lambda talk: likely_text_language(talk.languages))
    date = factory.LazyAttribute(lambda talk: talk.event.start_date)

    @factory.post_generation
    def speakers(self, create, speakers, **kwargs):
        for order, speaker in enumerate(speakers or []):
            TalkSpeaker.objects.create(talk=self, speaker=speaker, order=order)

    @factory.post_generation
    def topics(self, create, topics, **kwargs):
        if topics:
            self.topics.add(*topics)


class WorkFactory(factory.django.DjangoModelFactory):
    """What versions of one talk share: give it to each version as `work`."""

    class Meta:
        model = Work


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    talk = factory.SubFactory(TalkFactory)
    author = factory.SubFactory(UserFactory)
    language = "en"
    body = "- the speaker showed **three** ideas"
    status = NoteStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    talk = factory.SubFactory(TalkFactory)
    author = factory.SubFactory(UserFactory)
    rating = 4
    body = "Clear and useful."


class NoteReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoteReport

    note = factory.SubFactory(NoteFactory)
    reason = ReportReason.SPAM
