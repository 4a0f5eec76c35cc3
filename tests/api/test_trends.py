import pytest

from talks.services.trends import trends_count
from tests.catalogue import event_in, make_trends_catalogue
from tests.factories import NoteFactory, SpeakerFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_the_sites_trends_are_the_numbers_of_its_trends_page(client):
    make_trends_catalogue()

    trends = client.get("/api/trends/").json()

    assert trends["years"] == [2019, 2020, 2021, 2022, 2023, 2024]
    assert trends["activity"][3] == {"year": 2022, "talks": 2, "notes": 2}
    assert [year["talks"] for year in trends["activity"]] == [2, 0, 0, 2, 2, 1]
    assert trends["languages"][1] == {
        "code": "fr",
        "name": "French",
        "talk_counts": [0, 0, 0, 1, 1, 0],
        "shares": [0, 0, 0, 0.5, 0.5, 0],
    }
    assert [(topic["slug"], round(topic["change"], 2)) for topic in trends["rising_topics"]] == [
        ("kubernetes", 0.8)
    ]
    assert [topic["slug"] for topic in trends["falling_topics"]] == ["observability"]
    assert [(speaker["name"], speaker["talk_count"]) for speaker in trends["busiest_speakers"]] == [
        ("Ada", 3),
        ("Bob", 2),
    ]
    assert set(trends["busiest_speakers"][0]) == {"slug", "name", "talk_count"}


def test_a_topics_trends_are_the_numbers_of_its_trends_page(client):
    make_trends_catalogue()

    trends = client.get("/api/topics/kubernetes/trends/").json()

    assert trends["years"] == [2019, 2020, 2021, 2022, 2023, 2024]
    assert [year["notes"] for year in trends["activity"]] == [0, 0, 0, 2, 0, 0]
    assert trends["shares"] == [0, 0, 0, 1, 0.5, 1]
    assert trends["related_topics"] == [
        {"slug": "observability", "name": "Observability", "talk_count": 1}
    ]
    assert [speaker["name"] for speaker in trends["busiest_speakers"]] == ["Ada", "Bob"]


def test_a_topic_that_readers_cannot_see_has_no_trends(client):
    TopicFactory(slug="unused")

    for slug in ("unused", "no-such-topic"):
        response = client.get(f"/api/topics/{slug}/trends/")

        assert response.status_code == 404
        assert response.json() == {"detail": "No Topic matches the given query."}


def test_trends_without_talks_are_empty(client):
    trends = client.get("/api/trends/").json()

    assert trends == {
        "counted_at": None,
        "years": [],
        "activity": [],
        "languages": [],
        "rising_topics": [],
        "falling_topics": [],
        "busiest_speakers": [],
    }


@pytest.mark.parametrize("size", [2, 8])
def test_trends_run_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    topic = TopicFactory(slug="kubernetes")
    for number in range(size):
        talk = TalkFactory(
            event=event_in(2015 + number), topics=[topic], speakers=[SpeakerFactory()]
        )
        NoteFactory(talk=talk)
    trends_count()

    for _ in range(2):
        with django_assert_num_queries(3):
            assert len(client.get("/api/trends/").json()["years"]) == size
        with django_assert_num_queries(5):
            assert len(client.get("/api/topics/kubernetes/trends/").json()["activity"]) == size
