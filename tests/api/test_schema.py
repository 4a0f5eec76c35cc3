"""The OpenAPI schema is valid, and the API keeps to it whatever it is sent."""

import pytest
import schemathesis
import yaml
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
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


# The schema as the API serves it; reading it needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture
def connection_kept():
    """Requests that reach the WSGI application keep the test's database connection, as
    Django's test client does: closing it would end the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def catalogue(db, connection_kept):
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


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_keeps_to_the_schema_whatever_it_is_sent(catalogue, case):
    # A cursor is opaque: the schema cannot tell a made-up one, which gets a 400, from one
    # the API gave. Every other check applies.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
