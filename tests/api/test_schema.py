"""The OpenAPI schema is valid, and the API keeps to it whatever it is sent."""

import pytest
import schemathesis
import yaml
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import positive_data_acceptance

from tests.factories import NoteFactory, ReviewFactory, SpeakerFactory, TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_3(client):
    response = client.get("/api/schema/")

    schema = yaml.safe_load(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/events/",
        "/api/events/{slug}/",
        "/api/series/",
        "/api/series/{slug}/",
        "/api/talks/",
        "/api/talks/{event_slug}/{slug}/",
        "/api/talks/{event_slug}/{slug}/notes/",
        "/api/talks/{event_slug}/{slug}/reviews/",
        "/api/speakers/",
        "/api/speakers/{slug}/",
        "/api/topics/",
        "/api/topics/{slug}/",
        "/api/topics/{slug}/trends/",
        "/api/trends/",
        "/api/languages/",
        "/api/notes/",
        "/api/reviews/",
    }


# The schema as the API serves it, read when the tests are collected, before any server runs
# (reading it needs no database); each operation is then tried over HTTP against the running
# site, which reads the test's committed talks.
served = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application()).raw_schema
schema = schemathesis.openapi.from_dict(served)


@pytest.fixture
def catalogue():
    """A few public talks with their relations, notes and reviews."""
    for number in range(3):
        talk = TalkFactory(
            slug=f"talk-{number}",
            speakers=[SpeakerFactory()],
            topics=[TopicFactory()],
            languages=["en", "fr"],
        )
        NoteFactory(talk=talk)
        ReviewFactory(talk=talk, rating=1 + number)


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
# The same examples in every run (Hypothesis's derandomize), so that a run fails or passes
# the same way everywhere.
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_keeps_to_the_schema_whatever_it_is_sent(live_server, catalogue, case):
    # A cursor is opaque: the schema cannot tell a made-up one, which gets a 400, from one
    # the API gave. Every other check applies.
    case.call_and_validate(base_url=live_server.url, excluded_checks=[positive_data_acceptance])
