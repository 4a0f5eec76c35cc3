"""schema.org JSON-LD on event, talk and speaker pages: what it says, and that it stays data."""

import datetime
import json
import re

import pytest

from tests.factories import EventFactory, SeriesFactory, SpeakerFactory, TalkFactory, WorkFactory

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
HOSTILE = '</script><script>alert("x")</script><!--'


def structured_data(client, url: str) -> dict:
    """The page's one JSON-LD block, parsed."""
    html = client.get(url).content.decode()
    blocks = JSON_LD.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture
def conference():
    return EventFactory(
        name="DevFest Nantes 2025",
        slug="devfest-2025",
        series=SeriesFactory(name="DevFest Nantes", slug="devfest"),
        start_date=datetime.date(2025, 10, 16),
        end_date=datetime.date(2025, 10, 17),
        venue="Cité des Congrès",
        city="Nantes",
        country="FR",
    )


def test_event_page_describes_the_event_and_its_talks(client, conference):
    ada = SpeakerFactory(name="Ada Lovelace", slug="ada")
    TalkFactory(event=conference, title="eBPF", slug="ebpf", speakers=[ada])

    data = structured_data(client, "/events/devfest-2025/")

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "DevFest Nantes 2025"
    assert data["url"] == "http://testserver/events/devfest-2025/"
    assert (data["startDate"], data["endDate"]) == ("2025-10-16", "2025-10-17")
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {
        "@type": "Place",
        "name": "Cité des Congrès",
        "address": {"@type": "PostalAddress", "addressLocality": "Nantes", "addressCountry": "FR"},
    }
    assert data["superEvent"] == {
        "@type": "EventSeries",
        "name": "DevFest Nantes",
        "url": "http://testserver/series/devfest/",
    }
    assert data["subEvent"] == [
        {
            "@type": "Event",
            "name": "eBPF",
            "url": "http://testserver/talks/devfest-2025/ebpf/",
            "startDate": "2025-10-16",
            "performer": [
                {
                    "@type": "Person",
                    "name": "Ada Lovelace",
                    "url": "http://testserver/speakers/ada/",
                }
            ],
        }
    ]


def test_talk_page_describes_the_talk_its_speakers_event_and_recording(client, conference):
    TalkFactory(
        event=conference,
        title="eBPF with Go",
        slug="ebpf",
        speakers=[SpeakerFactory(name="Ada Lovelace", slug="ada")],
        languages=["fr", "en"],
        date=datetime.date(2025, 10, 17),
        start_time=datetime.time(14, 30),
        duration=45,
        video_url="https://videos.example.org/ebpf",
    )

    data = structured_data(client, "/talks/devfest-2025/ebpf/")

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "eBPF with Go"
    assert data["url"] == "http://testserver/talks/devfest-2025/ebpf/"
    assert data["inLanguage"] == ["fr", "en"]
    assert data["performer"] == [
        {"@type": "Person", "name": "Ada Lovelace", "url": "http://testserver/speakers/ada/"}
    ]
    assert (data["startDate"], data["endDate"]) == ("2025-10-17T14:30:00", "2025-10-17T15:15:00")
    assert data["superEvent"]["@type"] == "Event"
    assert data["superEvent"]["url"] == "http://testserver/events/devfest-2025/"
    assert data["location"]["address"]["addressLocality"] == "Nantes"
    assert data["recordedIn"] == {
        "@type": "VideoObject",
        "name": "eBPF with Go",
        "url": "https://videos.example.org/ebpf",
    }


def test_talk_without_its_own_day_or_video_says_neither(client, conference):
    talk = TalkFactory(event=conference, slug="undated", date=None, start_time=None)

    data = structured_data(client, talk.get_absolute_url())

    # Its day in lists is the event's first day, which is no more than a guess for the talk.
    assert "startDate" not in data
    assert "recordedIn" not in data


def test_talk_with_a_day_and_no_time_has_a_date(client, conference):
    talk = TalkFactory(event=conference, date=datetime.date(2025, 10, 17), start_time=None)

    assert structured_data(client, talk.get_absolute_url())["startDate"] == "2025-10-17"


def test_speaker_page_describes_the_person_and_their_links(client):
    ada = SpeakerFactory(
        name="Ada Lovelace", slug="ada", affiliation="Analytical", website="https://ada.example"
    )
    TalkFactory(speakers=[ada])

    data = structured_data(client, "/speakers/ada/")

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Person"
    assert data["name"] == "Ada Lovelace"
    assert data["url"] == "http://testserver/speakers/ada/"
    assert data["sameAs"] == ["https://ada.example"]
    assert data["affiliation"] == {"@type": "Organization", "name": "Analytical"}


def test_speaker_without_links_has_no_same_as(client):
    TalkFactory(speakers=[SpeakerFactory(slug="plain")])

    data = structured_data(client, "/speakers/plain/")

    assert "sameAs" not in data
    assert "affiliation" not in data


def test_hostile_names_stay_inside_the_json(client):
    event = EventFactory(name=HOSTILE, slug="hostile", venue=HOSTILE)
    speaker = SpeakerFactory(name=HOSTILE, slug="hostile", affiliation=HOSTILE)
    talk = TalkFactory(event=event, title=HOSTILE, speakers=[speaker])

    for url in [event.get_absolute_url(), talk.get_absolute_url(), speaker.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert '<script>alert("x")' not in html
        assert structured_data(client, url)["name"] == HOSTILE


def test_every_version_performs_the_same_work(client):
    work = WorkFactory()
    meetup = TalkFactory(
        event=EventFactory(name="Meetup Cloud Nantes", slug="meetup-nantes"),
        work=work,
        title="Les opérateurs en pratique",
        slug="operators",
        languages=["fr"],
        date=datetime.date(2024, 1, 11),
    )
    kubecon = TalkFactory(
        event=EventFactory(
            name="KubeCon Europe 2024",
            slug="kubecon-eu-2024",
            start_date=datetime.date(2024, 3, 20),
            end_date=datetime.date(2024, 3, 22),
        ),
        work=work,
        title="Operators in practice",
        slug="operators",
        languages=["en"],
        date=None,
    )

    on_meetup = structured_data(client, meetup.get_absolute_url())["workPerformed"]
    on_kubecon = structured_data(client, kubecon.get_absolute_url())["workPerformed"]

    # Identified and named by the earliest version, whichever page describes it.
    assert on_meetup["@type"] == on_kubecon["@type"] == "CreativeWork"
    work_id = "http://testserver/talks/meetup-nantes/operators/#work"
    assert on_meetup["@id"] == on_kubecon["@id"] == work_id
    assert on_meetup["name"] == on_kubecon["name"] == "Les opérateurs en pratique"
    assert on_meetup["subjectOf"] == [
        {
            "@type": "Event",
            "name": "Operators in practice",
            "url": "http://testserver/talks/kubecon-eu-2024/operators/",
            "inLanguage": ["en"],
            "superEvent": {
                "@type": "Event",
                "name": "KubeCon Europe 2024",
                "url": "http://testserver/events/kubecon-eu-2024/",
            },
        }
    ]
    assert [event["url"] for event in on_kubecon["subjectOf"]] == [
        "http://testserver/talks/meetup-nantes/operators/"
    ]
    assert on_kubecon["subjectOf"][0]["startDate"] == "2024-01-11"


def test_a_talk_given_once_performs_no_work(client):
    assert "workPerformed" not in structured_data(client, TalkFactory().get_absolute_url())
