"""Versions of one talk as readers see them: each version's page lists the others and shows
their notes, speaker pages list a talk once with where it was given, and the finder can show
one row per talk. What their JSON-LD says is in test_structured_data.py."""

import datetime

import pytest

from events.models import EventStatus
from talks.models import NoteStatus, TalkSpeaker, TalkStatus
from tests.catalogue import make_catalogue
from tests.factories import (
    EventFactory,
    NoteFactory,
    ReviewFactory,
    SeriesFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
    WorkFactory,
)

pytestmark = pytest.mark.django_db


def given_at(work, event_name, event_slug, *, languages, date=None, **fields):
    start = date or datetime.date(2024, 3, 20)
    event = EventFactory(
        name=event_name, slug=event_slug, start_date=start, end_date=start + datetime.timedelta(2)
    )
    return TalkFactory(
        event=event,
        work=work,
        title=fields.pop("title", "Operators in practice"),
        slug="operators",
        languages=languages,
        date=date,
        **fields,
    )


@pytest.fixture
def versions():
    """The French version at a meetup, the English one at KubeCon, both public."""
    work = WorkFactory()
    meetup = given_at(
        work,
        "Meetup Cloud Nantes",
        "meetup-nantes",
        languages=["fr"],
        date=datetime.date(2024, 1, 11),
        title="Les opérateurs en pratique",
    )
    kubecon = given_at(work, "KubeCon Europe 2024", "kubecon-eu-2024", languages=["en"])
    return meetup, kubecon


def test_a_version_lists_the_others_with_their_event_day_and_languages(client, versions):
    meetup, kubecon = versions

    response = client.get(meetup.get_absolute_url())

    assert response.context["versions"] == [kubecon]
    html = response.content.decode()
    section = html.split('id="versions-heading"')[1].split("</section>")[0]
    assert "Also given at" in section
    assert '<a href="/talks/kubecon-eu-2024/operators/">KubeCon Europe 2024</a>' in section
    # Without a day of its own, the version shows its event's days.
    assert '<time datetime="2024-03-20">' in section
    assert '<time datetime="2024-03-22">' in section
    assert "English" in section
    assert "meetup-nantes" not in section


def test_a_version_with_its_own_day_shows_that_day(client, versions):
    _meetup, kubecon = versions

    html = client.get(kubecon.get_absolute_url()).content.decode()
    section = html.split('id="versions-heading"')[1].split("</section>")[0]

    assert '<a href="/talks/meetup-nantes/operators/">Meetup Cloud Nantes</a>' in section
    assert '<time datetime="2024-01-11">' in section
    assert '<time datetime="2024-01-13">' not in section
    assert "French" in section


def test_a_talk_given_once_has_no_versions_section(client):
    talk = TalkFactory()

    response = client.get(talk.get_absolute_url())

    assert response.context["versions"] == []
    assert "versions-heading" not in response.content.decode()


@pytest.mark.parametrize(
    "hide",
    [
        lambda talk: setattr(talk, "status", TalkStatus.PENDING),
        lambda talk: setattr(talk.event, "status", EventStatus.PENDING),
    ],
)
def test_versions_that_are_not_public_are_not_shown(client, versions, hide):
    meetup, kubecon = versions
    NoteFactory(talk=kubecon, body="Hidden version's note")
    hide(kubecon)
    kubecon.save()
    kubecon.event.save()

    response = client.get(meetup.get_absolute_url())

    assert response.context["versions"] == []
    html = response.content.decode()
    assert "versions-heading" not in html
    assert "kubecon-eu-2024" not in html
    assert "Hidden version" not in html


def test_the_notes_of_every_version_show_each_marked_with_its_version(client, versions):
    meetup, kubecon = versions
    own = NoteFactory(talk=meetup, language="fr", body="Notes en français")
    other = NoteFactory(talk=kubecon, language="en", body="Notes in English")
    NoteFactory(talk=kubecon, body="Not approved", status=NoteStatus.PENDING)

    response = client.get(meetup.get_absolute_url())

    assert [note.pk for note in response.context["notes"]] == [own.pk, other.pk]
    html = response.content.decode()
    own_note = html.split(f'id="note-{own.pk}"')[1].split("</article>")[0]
    other_note = html.split(f'id="note-{other.pk}"')[1].split("</article>")[0]
    assert "note-version" not in own_note
    assert (
        'Notes on the version given at <a href="/talks/kubecon-eu-2024/operators/">'
        "KubeCon Europe 2024</a>, in English" in other_note
    )
    assert "Not approved" not in html


def test_the_notes_of_a_version_show_on_the_other_version_too(client, versions):
    meetup, kubecon = versions
    note = NoteFactory(talk=meetup, language="fr", body="Notes en français")

    response = client.get(kubecon.get_absolute_url())

    assert [shown.pk for shown in response.context["notes"]] == [note.pk]
    assert "Notes on the version given at" in response.content.decode()


def test_a_french_page_names_the_version_in_french(client, versions):
    meetup, kubecon = versions
    NoteFactory(talk=kubecon, language="en")

    html = client.get(meetup.get_absolute_url(), headers={"accept-language": "fr"}).content
    html = html.decode()

    assert "Aussi présentée à" in html
    assert "Notes sur la version présentée à" in html
    assert ", en anglais" in html


@pytest.mark.parametrize("size", [2, 6])
def test_a_version_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    work = WorkFactory()
    talks = [
        given_at(work, f"Event {number}", f"event-{number}", languages=["en"])
        for number in range(size)
    ]
    for talk in talks:
        NoteFactory(talk=talk, author=UserFactory())
        NoteFactory(talk=talk, author=UserFactory())

    # The content version; the talk with its event, speakers, topics, other versions, notes,
    # reviews; the ranking of its related talks and their rows.
    with django_assert_num_queries(8):
        response = client.get(talks[0].get_absolute_url())
    assert len(response.context["versions"]) == size - 1
    assert len(response.context["notes"]) == 2 * size


def test_a_speaker_page_lists_a_talk_given_several_times_once(client, versions):
    meetup, kubecon = versions
    speaker = SpeakerFactory(name="Ada", slug="ada")
    for talk in (meetup, kubecon):
        TalkSpeaker.objects.create(talk=talk, speaker=speaker)
    other = TalkFactory(speakers=[speaker], title="Another talk")

    response = client.get("/speakers/ada/")

    # The latest version stands for the talk, and names where else it was given.
    assert [item.id for item in response.context["talks"]] == [other.pk, kubecon.pk]
    html = response.content.decode()
    assert html.count("/talks/kubecon-eu-2024/operators/") == 1
    versions_line = html.split('class="talk-versions">')[1].split("</p>")[0]
    assert versions_line.startswith("1 other version: ")
    assert '<a href="/talks/meetup-nantes/operators/">Meetup Cloud Nantes</a>' in versions_line
    assert '<time datetime="2024-01-11">' in versions_line
    assert "French" in versions_line
    assert html.count('class="talk-versions"') == 1


@pytest.mark.parametrize("size", [2, 5])
def test_a_speaker_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    speaker = SpeakerFactory(slug="ada")
    work = WorkFactory()
    for number in range(size):
        talk = given_at(work, f"Event {number}", f"event-{number}", languages=["en"])
        TalkSpeaker.objects.create(talk=talk, speaker=speaker)
    TalkFactory(speakers=[speaker])

    # The content version, the speaker, the ids of their talks, the talks' list items, their
    # versions.
    with django_assert_num_queries(5):
        response = client.get("/speakers/ada/")

    assert sorted(len(item.versions) for item in response.context["talks"]) == [0, size - 1]


FINDER = "/talks/"


@pytest.fixture
def finder_catalogue():
    """One talk given three times (in French at a meetup, then in English at two KubeCons),
    and a talk given once, with notes and ratings on two versions."""
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    go = TopicFactory(name="Go", slug="go")
    meetup_series = SeriesFactory(name="Meetup Cloud", slug="meetup")
    kubecon_series = SeriesFactory(name="KubeCon", slug="kubecon")
    events = {
        slug: EventFactory(slug=slug, series=series, start_date=day, end_date=day)
        for slug, series, day in [
            ("meetup-2024", meetup_series, datetime.date(2024, 1, 11)),
            ("kubecon-2024", kubecon_series, datetime.date(2024, 3, 20)),
            ("kubecon-2025", kubecon_series, datetime.date(2025, 4, 2)),
        ]
    }
    work = WorkFactory()
    operators = {
        slug: TalkFactory(
            event=events[slug],
            work=work,
            title="Kubernetes operators",
            slug="operators",
            languages=languages,
            topics=[kubernetes],
        )
        for slug, languages in [
            ("meetup-2024", ["fr"]),
            ("kubecon-2024", ["en"]),
            ("kubecon-2025", ["en"]),
        ]
    }
    generics = TalkFactory(
        event=events["kubecon-2024"],
        title="Go generics",
        slug="generics",
        languages=["en"],
        date=datetime.date(2024, 3, 21),
        topics=[go],
    )
    NoteFactory(talk=operators["meetup-2024"])
    NoteFactory(talk=operators["kubecon-2024"])
    ReviewFactory(talk=operators["meetup-2024"], rating=4)
    ReviewFactory(talk=operators["kubecon-2024"], rating=2)
    return operators, generics


def rows(response) -> list[str]:
    return [
        f"{item.event.url.split('/')[2]}/{item.url.split('/')[3]}"
        for item in response.context["talks"]
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            [
                "kubecon-2025/operators",
                "kubecon-2024/generics",
                "kubecon-2024/operators",
                "meetup-2024/operators",
            ],
        ),
        ("versions=one", ["kubecon-2025/operators", "kubecon-2024/generics"]),
        # The latest version that the other parameters find.
        ("versions=one&language=fr", ["meetup-2024/operators"]),
        ("versions=one&year=2024", ["kubecon-2024/generics", "kubecon-2024/operators"]),
        ("versions=one&has_notes=true", ["kubecon-2024/operators"]),
        ("versions=one&min_rating=4", ["meetup-2024/operators"]),
        ("versions=one&sort=date", ["kubecon-2024/generics", "kubecon-2025/operators"]),
        ("versions=one&q=operators", ["kubecon-2025/operators"]),
        ("versions=one&q=operators&series=meetup", ["meetup-2024/operators"]),
        (
            "q=operators",
            ["kubecon-2025/operators", "kubecon-2024/operators", "meetup-2024/operators"],
        ),
    ],
)
def test_the_finder_shows_each_talk_once_when_asked(client, finder_catalogue, query, expected):
    response = client.get(f"{FINDER}?{query}")

    assert rows(response) == expected
    assert response.context["paginator"].count == len(expected)


def test_a_row_says_how_many_other_versions_its_talk_has(client, finder_catalogue):
    html = client.get(f"{FINDER}?versions=one").content.decode()

    assert 'id="filter-versions" name="versions" value="one" checked' in html
    assert "Each talk once, at its latest version" in html
    versions_line = html.split('class="talk-versions">')[1].split("</p>")[0]
    assert versions_line.startswith("2 other versions: ")
    assert '<a href="/talks/kubecon-2024/operators/">' in versions_line
    assert '<a href="/talks/meetup-2024/operators/">' in versions_line
    assert html.count('class="talk-versions"') == 1
    # Every version is a row of its own otherwise, without the line.
    assert 'class="talk-versions"' not in client.get(FINDER).content.decode()


FACETS = ["event", "series", "year", "topic", "language", "format", "has_notes", "min_rating"]


def test_facets_count_talks_not_versions(client, finder_catalogue):
    every_version = client.get(FINDER).context["facets"].options
    one_per_talk = client.get(f"{FINDER}?versions=one").context["facets"].options

    def counts(options, facet):
        return {option.value: option.count for option in options[facet]}

    assert counts(every_version, "language") == {"en": 3, "fr": 1}
    assert counts(one_per_talk, "language") == {"en": 2, "fr": 1}
    assert counts(every_version, "series")["kubecon"] == 3
    assert counts(one_per_talk, "series")["kubecon"] == 2
    assert counts(one_per_talk, "year") == {"2024": 2, "2025": 1}
    assert counts(one_per_talk, "topic") == {"kubernetes": 1, "go": 1}
    assert counts(one_per_talk, "has_notes") == {"true": 1}
    assert counts(every_version, "min_rating") == {"4": 1, "3": 1, "2": 2, "1": 2}
    assert counts(one_per_talk, "min_rating") == {"4": 1, "3": 1, "2": 1, "1": 1}


@pytest.mark.parametrize("scope", ["", "&language=en", "&q=operators"])
def test_each_facet_count_is_the_number_of_talks_its_option_shows(client, finder_catalogue, scope):
    options = client.get(f"{FINDER}?versions=one{scope}").context["facets"].options

    # A facet counts what its option gives instead of the options chosen (several topics or
    # languages widen the search): the others add their option to the scope.
    for facet in [facet for facet in FACETS if f"&{facet}=" not in scope]:
        for option in options[facet]:
            chosen = client.get(f"{FINDER}?versions=one{scope}&{facet}={option.value}")
            assert chosen.context["paginator"].count == option.count, (facet, option)
            assert len(chosen.context["talks"]) == option.count, (facet, option)


def test_an_unknown_versions_value_is_reported_and_ignored(client, finder_catalogue):
    response = client.get(f"{FINDER}?versions=two")

    assert "<li>Versions: “two” is not a known value.</li>" in response.content.decode()
    assert len(rows(response)) == 4


def test_the_search_feed_follows_the_option(client, finder_catalogue):
    every_version = client.get("/talks/feed.atom").content.decode()
    one_per_talk = client.get("/talks/feed.atom?versions=one").content.decode()

    assert every_version.count("<entry") == 4
    assert one_per_talk.count("<entry") == 2


def test_the_search_calendar_follows_the_option(client, finder_catalogue):
    operators, generics = finder_catalogue
    for talk in [*operators.values(), generics]:
        talk.start_time = datetime.time(10, 0)
        talk.save()

    every_version = client.get("/talks/calendar.ics").content.decode()
    one_per_talk = client.get("/talks/calendar.ics?versions=one").content.decode()

    assert every_version.count("BEGIN:VEVENT") == 4
    assert one_per_talk.count("BEGIN:VEVENT") == 2
    assert "/talks/kubecon-2025/operators/" in one_per_talk
    assert "/talks/meetup-2024/operators/" not in one_per_talk


@pytest.mark.parametrize("size", [2, 6])
def test_the_finder_shows_each_talk_once_in_a_fixed_number_of_queries(
    client, django_assert_num_queries, size
):
    _, _, kubernetes = make_catalogue(size)
    for number in range(size):
        work = WorkFactory()
        for year in (2023, 2024):
            TalkFactory(
                work=work,
                languages=["fr"],
                topics=[kubernetes],
                title=f"Talk given twice {number}",
                event=EventFactory(start_date=datetime.date(year, 5, 1)),
            )

    # The content version, facets and count, the page's ids, its talks' list items, their
    # versions.
    with django_assert_num_queries(5):
        response = client.get(f"{FINDER}?versions=one&sort=title")
    assert len(response.context["talks"]) == 2 * size
    # One more: the topic's slug.
    with django_assert_num_queries(6):
        response = client.get(f"{FINDER}?versions=one&language=fr&topic=kubernetes")
    assert len(response.context["talks"]) == 2 * size
    # The text search, the facets and count, the page's ids, items and versions.
    with django_assert_num_queries(6):
        response = client.get(f"{FINDER}?versions=one&q=twice")
    assert len(response.context["talks"]) == size
