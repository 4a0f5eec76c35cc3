"""The trends' counts (talks/models/trends.py): after each counting, every view holds what a
direct count of the published talks and notes gives, whatever editors changed before it."""

import re
from collections import Counter, defaultdict
from io import StringIO
from itertools import permutations, product
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from common.models import CONTENT_VERSION_ID, ContentVersion
from events.models import EventStatus
from people.models import Speaker
from people.services import speaker_merge
from talks.models import (
    Note,
    NoteStatus,
    TaggedTalk,
    Talk,
    TalkSpeaker,
    TalkStatus,
    TrendSpeaker,
    TrendTopicPair,
    TrendTopicSpeaker,
    TrendTopicYear,
    TrendYear,
)
from talks.services.moderation import note_approve, note_reject
from talks.services.topics import topic_merge
from talks.services.trends import SUMMARIES, trends_count
from talks.trend_selectors import BUSIEST_SPEAKERS_SHOWN
from tests.catalogue import event_in, make_trends_catalogue
from tests.factories import NoteFactory, SpeakerFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db


def counted() -> dict[str, set[tuple]]:
    """Every row of every view."""
    return {
        "years": {
            (row.year, tuple(row.languages), row.talks, row.notes)
            for row in TrendYear.objects.all()
        },
        "topic years": {
            (row.topic_id, row.year, tuple(row.languages), row.talks, row.notes)
            for row in TrendTopicYear.objects.all()
        },
        "speakers": {(row.speaker_id, row.talks) for row in TrendSpeaker.objects.all()},
        "topic speakers": {
            (row.topic_id, row.speaker_id, row.talks) for row in TrendTopicSpeaker.objects.all()
        },
        "topic pairs": {
            (row.topic_id, row.related_id, row.talks) for row in TrendTopicPair.objects.all()
        },
    }


def recounted() -> dict[str, set[tuple]]:
    """The same, counted one by one from the published talks, their topics, speakers and
    published notes; the speakers, only the busiest as the views keep them: those with as
    many talks as the tenth or more."""
    talks = {talk.pk: talk for talk in Talk.objects.published()}
    notes = Counter(Note.objects.published().values_list("talk_id", flat=True))
    topics, speakers = defaultdict(set), defaultdict(set)
    for talk, topic in TaggedTalk.objects.values_list("content_object_id", "tag_id"):
        topics[talk].add(topic)
    for talk, speaker in TalkSpeaker.objects.values_list("talk_id", "speaker_id"):
        speakers[talk].add(speaker)
    years, topic_years = Counter(), Counter()
    speaker_talks, topic_speaker_talks, pairs = Counter(), Counter(), Counter()
    for pk, talk in talks.items():
        if talk.day:
            year = (talk.day.year, tuple(talk.languages))
            years[year] += 1
            for topic in topics[pk]:
                topic_years[topic, *year] += 1
        speaker_talks.update((speaker,) for speaker in speakers[pk])
        topic_speaker_talks.update(product(topics[pk], speakers[pk]))
        pairs.update(permutations(topics[pk], 2))
    notes_of = Counter()
    for pk, talk in talks.items():
        if talk.day:
            notes_of[talk.day.year, tuple(talk.languages)] += notes[pk]
            for topic in topics[pk]:
                notes_of[topic, talk.day.year, tuple(talk.languages)] += notes[pk]
    return {
        "years": {(*key, count, notes_of[key]) for key, count in years.items()},
        "topic years": {(*key, count, notes_of[key]) for key, count in topic_years.items()},
        "speakers": busiest(speaker_talks),
        "topic speakers": busiest(topic_speaker_talks, by_topic=True),
        "topic pairs": {(*key, count) for key, count in pairs.items()},
    }


def busiest(counts: Counter, by_topic: bool = False) -> set[tuple]:
    """Those with as many talks as the tenth or more, of each topic if `by_topic`."""
    groups = defaultdict(list)
    for key, count in counts.items():
        groups[key[0] if by_topic else None].append(count)
    tenth = {
        group: sorted(values, reverse=True)[:BUSIEST_SPEAKERS_SHOWN][-1]
        for group, values in groups.items()
    }
    return {
        (*key, count)
        for key, count in counts.items()
        if count >= tenth[key[0] if by_topic else None]
    }


@pytest.fixture
def catalogue():
    """make_trends_catalogue's talks, and more that readers do not see: a rejected talk with
    a note, a talk of a rejected event, a rejected note; and twelve more speakers, with from
    two talks to thirteen."""
    kubernetes, observability = make_trends_catalogue()
    TalkFactory(event=event_in(2023), status=TalkStatus.REJECTED, topics=[kubernetes])
    NoteFactory(talk=Talk.objects.get(status=TalkStatus.REJECTED))
    TalkFactory(
        event=event_in(2022, status=EventStatus.REJECTED),
        topics=[kubernetes, observability],
        speakers=[SpeakerFactory()],
    )
    NoteFactory(
        talk=Talk.objects.published().filter(topics=kubernetes).first(),
        status=NoteStatus.REJECTED,
        published_at=None,
    )
    busy = SpeakerFactory.create_batch(12)
    for year in (2020, 2021):
        for number, speaker in enumerate(busy):
            TalkFactory(
                event=event_in(year),
                topics=[kubernetes],
                speakers=busy[: number + 1] if year == 2021 else [speaker],
                languages=["fr"],
            )
    # Ada's fourth talk: as many as the tenth busiest speaker, who has four.
    TalkFactory(event=event_in(2020), speakers=[Speaker.objects.get(name="Ada")])
    trends_count()
    return kubernetes, observability


def test_the_views_hold_a_direct_count_of_what_readers_see(catalogue):
    views = counted()

    assert views == recounted()
    # What readers do not see counts nowhere: 2019's two talks, 2022's two, 2023's two.
    assert (2023, ("en",), 1, 0) in views["years"]
    assert sum(talks for _, _, talks, _ in views["years"]) == 7 + 24 + 1
    # The ten busiest, and Ada, who has as many talks as the tenth.
    assert len(views["speakers"]) == BUSIEST_SPEAKERS_SHOWN + 1


def test_the_views_follow_editors_after_the_next_counting(catalogue, editor):
    kubernetes, observability = catalogue
    first = Talk.objects.published().filter(topics=kubernetes).order_by("pk").first()
    pending = Note.objects.filter(status=NoteStatus.PENDING, talk__status=TalkStatus.PUBLISHED)
    note_approve(notes=pending, editor=editor)
    note_reject(
        notes=Note.objects.filter(talk=first, status=NoteStatus.PUBLISHED)[:1], editor=editor
    )
    first.languages = ["fr", "en"]
    first.date = first.day.replace(year=2020)
    first.save()
    Talk.objects.filter(status=TalkStatus.PENDING).update(status=TalkStatus.PUBLISHED)
    Talk.objects.filter(topics=observability, languages=["fr"]).update(status=TalkStatus.PENDING)
    speakers = list(TalkSpeaker.objects.filter(talk=first).order_by("order"))
    speaker_merge(keep=speakers[0].speaker, duplicates=[SpeakerFactory()], editor=editor)
    topic_merge(keep=kubernetes, duplicates=[observability], editor=editor)
    TopicFactory(slug="new")
    first.topics.add(TopicFactory(slug="late"))
    before = counted()

    assert trends_count() is True
    assert counted() == recounted() != before


def test_counting_again_changes_the_content_version_only_when_a_number_changed(catalogue):
    version = ContentVersion.objects.get(pk=CONTENT_VERSION_ID).token

    assert trends_count() is False
    assert ContentVersion.objects.get(pk=CONTENT_VERSION_ID).token == version
    TalkFactory(event=event_in(2024))
    version = ContentVersion.objects.get(pk=CONTENT_VERSION_ID).token
    assert trends_count() is True
    assert ContentVersion.objects.get(pk=CONTENT_VERSION_ID).token != version


def test_the_views_keep_as_many_busiest_speakers_as_the_pages_show():
    with connection.cursor() as cursor:
        for summary in (TrendSpeaker, TrendTopicSpeaker):
            cursor.execute("SELECT pg_get_viewdef(%s::regclass)", [summary._meta.db_table])
            (definition,) = cursor.fetchone()
            assert re.findall(r"place <= (\d+)", definition) == [str(BUSIEST_SPEAKERS_SHOWN)]


def test_every_view_is_counted_again():
    with connection.cursor() as cursor:
        cursor.execute("SELECT matviewname FROM pg_matviews WHERE schemaname = 'public'")
        views = {name for (name,) in cursor.fetchall()}

    assert views == {summary._meta.db_table for summary in SUMMARIES}


INTEROP = Path(__file__).resolve().parent.parent / "data" / "interop"


@pytest.mark.parametrize(
    "command",
    [
        ("import_writeup", "demo/kcd-france-2023.md"),
        ("import_schedule", str(INTEROP / "hub-schedule2.json")),
        (
            "generate_data",
            "--events=3",
            "--talks=60",
            "--speakers=30",
            "--notes=400",
            "--reviews=60",
        ),
    ],
)
def test_loading_data_counts_the_trends(command):
    call_command(*command, stdout=StringIO(), stderr=StringIO())

    views = counted()
    assert views["years"]
    assert views == recounted()


def test_migrating_counts_the_trends():
    TalkFactory(topics=[TopicFactory()], speakers=[SpeakerFactory()])

    call_command("migrate", verbosity=0)

    views = counted()
    assert views["years"]
    assert views == recounted()


def test_count_trends_says_whether_a_number_changed():
    TalkFactory()

    def count() -> str:
        output = StringIO()
        call_command("count_trends", stdout=output)
        return re.sub(r"in [\d.]+s", "in …s", output.getvalue())

    assert count() == "Trends counted in …s: new numbers.\n"
    assert count() == "Trends counted in …s: no number changed.\n"


def test_count_trends_refuses_a_period_under_a_second():
    with pytest.raises(CommandError, match="--every needs a number of seconds of 1 or more"):
        call_command("count_trends", every=0)


@pytest.mark.django_db(transaction=True)
def test_emptying_the_database_empties_the_trends():
    make_trends_catalogue()

    call_command("flush", interactive=False)

    assert counted() == {
        "years": set(),
        "topic years": set(),
        "speakers": set(),
        "topic speakers": set(),
        "topic pairs": set(),
    }
