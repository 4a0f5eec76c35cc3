"""Every curated list runs the same small number of queries, whatever the number of rows."""

import pytest
from django.urls import reverse

from people.models import SpeakerAlias
from talks.models import Note, NoteRevision, NoteStatus, TopicAlias
from talks.services.moderation import note_hide
from talks.services.programmes import ProposedTalk, programme_propose
from tests.factories import (
    EventFactory,
    NoteFactory,
    NoteReportFactory,
    ReviewFactory,
    SeriesFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _talks(size):
    event = EventFactory()
    speakers = SpeakerFactory.create_batch(2)
    topic = TopicFactory()
    author = UserFactory()
    for _ in range(size):
        talk = TalkFactory(event=event, speakers=speakers, topics=[topic])
        NoteFactory(talk=talk, author=author)
        ReviewFactory(talk=talk)


def _notes(size):
    talk = TalkFactory()
    for index in range(size):
        note = NoteFactory(
            talk=talk,
            status=NoteStatus.PENDING if index % 2 else NoteStatus.PUBLISHED,
        )
        NoteReportFactory(note=note)


def _reports(size):
    note = NoteFactory()
    NoteReportFactory.create_batch(size, note=note, reporter=UserFactory())


def _reviews(size):
    talk = TalkFactory()
    ReviewFactory.create_batch(size, talk=talk)


def _topics(size):
    talk = TalkFactory()
    for index in range(size):
        topic = TopicFactory()
        talk.topics.add(topic)
        TopicAlias.objects.create(topic=topic, slug=f"alias-{index}", name=f"Alias {index}")


def _revisions(size):
    note = NoteFactory()
    for _ in range(size):
        NoteRevision.objects.create(note=note, language="en", body="Before.", edited_by=note.author)


def _events(size):
    series = SeriesFactory()
    for _ in range(size):
        TalkFactory(event=EventFactory(series=series))


def _series(size):
    for _ in range(size):
        EventFactory()


def _speakers(size):
    talk = TalkFactory()
    for index in range(size):
        speaker = SpeakerFactory()
        talk.talk_speakers.create(speaker=speaker, order=index)
        SpeakerAlias.objects.create(speaker=speaker, slug=f"alias-{index}", name=f"Alias {index}")


def _proposals(size):
    proposer = UserFactory()
    for index in range(size):
        programme_propose(
            proposer=proposer,
            event=EventFactory(),
            talks=[ProposedTalk(f"Talk {index}", ["Ada"], ["en"], suggested_topics=["Kafka"])],
        )


def _log_entries(size):
    NoteFactory.create_batch(size)
    note_hide(notes=Note.objects.all(), editor=UserFactory(username="moderator"))


# changelist -> (what fills it, the queries it runs for an editor)
# Every list: session, user, the editor's own and group permissions (4), one count, one page
# of rows. Some add their date hierarchy (2: the range, then the dates), and the choices of a
# filter read from the database: the years (talks, then cached for a while), countries
# (events) or content types (log entries).
CHANGELISTS = {
    "admin:talks_talk_changelist": (_talks, 9),
    "admin:talks_note_changelist": (_notes, 6),
    "admin:talks_notereport_changelist": (_reports, 6),
    "admin:talks_review_changelist": (_reviews, 6),
    "admin:talks_topic_changelist": (_topics, 6),
    "admin:talks_topicalias_changelist": (_topics, 6),
    "admin:talks_noterevision_changelist": (_revisions, 6),
    "admin:events_event_changelist": (_events, 9),
    "admin:events_series_changelist": (_series, 6),
    "admin:people_speaker_changelist": (_speakers, 6),
    "admin:people_speakeralias_changelist": (_speakers, 6),
    "admin:talks_proposal_changelist": (_proposals, 6),
    "admin:admin_logentry_changelist": (_log_entries, 9),
}


@pytest.mark.parametrize("size", [3, 100])
@pytest.mark.parametrize("url_name", CHANGELISTS)
def test_changelist_query_count_does_not_grow_with_rows(
    client, editor, django_assert_num_queries, url_name, size
):
    fill, queries = CHANGELISTS[url_name]
    fill(size)
    client.force_login(editor)

    with django_assert_num_queries(queries):
        response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == size


def test_talk_list_shows_its_date_hierarchy_when_not_searching(client, editor):
    TalkFactory()
    client.force_login(editor)

    response = client.get(reverse("admin:talks_talk_changelist"))

    assert '<nav class="toplinks">' in response.content.decode()


@pytest.mark.parametrize("size", [3, 100])
def test_filtered_talk_changelist_stays_within_ten_queries(
    client, editor, django_assert_num_queries, size
):
    _talks(size)
    talk = TalkFactory()
    client.force_login(editor)

    # One more query than unfiltered: the chosen event's name for the filter box.
    with django_assert_num_queries(10):
        response = client.get(
            reverse("admin:talks_talk_changelist"),
            {"event": talk.event.pk, "language": "en", "status__exact": "published"},
        )

    assert list(response.context["cl"].result_list) == [talk]


@pytest.mark.parametrize("size", [3, 100])
def test_talk_search_runs_without_the_date_hierarchy(
    client, editor, django_assert_num_queries, size
):
    _talks(size)
    client.force_login(editor)

    # Two fewer than unfiltered: the date hierarchy is hidden while searching.
    with django_assert_num_queries(7):
        response = client.get(reverse("admin:talks_talk_changelist"), {"q": "talk number"})

    assert len(response.context["cl"].result_list) == size
    assert '<nav class="toplinks">' not in response.content.decode()


@pytest.mark.parametrize("size", [3, 100])
def test_note_search_looks_up_talks_and_authors_in_one_query(
    client, editor, django_assert_num_queries, size
):
    talk = TalkFactory(title="Kubernetes operators")
    for _ in range(size):
        NoteFactory(talk=talk)
    client.force_login(editor)

    # One more than the plain list: the talks and authors that the words match.
    with django_assert_num_queries(7):
        response = client.get(reverse("admin:talks_note_changelist"), {"q": "kubernetes"})

    assert len(response.context["cl"].result_list) == size


def test_talk_list_reads_the_years_of_its_filter_once_in_a_while(
    client, editor, django_assert_num_queries
):
    _talks(3)
    client.force_login(editor)
    client.get(reverse("admin:talks_talk_changelist"))

    with django_assert_num_queries(8):
        response = client.get(reverse("admin:talks_talk_changelist"))

    assert [
        choice["display"]
        for choice in response.context["cl"].filter_specs[3].choices(response.context["cl"])
    ] == ["All", "2025"]
