"""The admin's autocomplete boxes for events: name, dates, city and status, pending ones too."""

import datetime

import pytest
from django.urls import reverse

from events.models import EventStatus
from tests.factories import EventFactory, TopicFactory

pytestmark = pytest.mark.django_db

TALK_EVENT = {"app_label": "talks", "model_name": "talk", "field_name": "event"}


def _answers(client, term, **headers):
    response = client.get(reverse("admin:autocomplete"), {**TALK_EVENT, "term": term}, **headers)
    assert response.status_code == 200
    return response.json()["results"]


def test_event_answers_show_dates_city_and_status_pending_events_included(client, editor):
    published = EventFactory(
        name="DevFest Nantes 2025",
        start_date=datetime.date(2025, 10, 16),
        end_date=datetime.date(2025, 10, 17),
    )
    pending = EventFactory(
        name="DevFest Lyon 2026",
        start_date=datetime.date(2026, 6, 12),
        end_date=datetime.date(2026, 6, 12),
        city="Lyon",
        status=EventStatus.PENDING,
    )
    EventFactory(name="KubeCon Europe 2024")
    client.force_login(editor)

    assert _answers(client, "devfest") == [
        {
            "id": str(pending.pk),
            "text": "DevFest Lyon 2026 · June 12, 2026 · Lyon · Awaiting review",
        },
        {
            "id": str(published.pk),
            "text": "DevFest Nantes 2025 · Oct. 16, 2025 \N{EN DASH} Oct. 17, 2025 · Nantes"
            " · Published",
        },
    ]


def test_event_answers_speak_the_editors_language_and_leave_out_a_blank_city(client, editor):
    event = EventFactory(
        name="Volcamp 2026",
        start_date=datetime.date(2026, 10, 1),
        end_date=datetime.date(2026, 10, 2),
        city="",
        status=EventStatus.REJECTED,
    )
    client.force_login(editor)

    assert _answers(client, "volcamp", HTTP_ACCEPT_LANGUAGE="fr") == [
        {
            "id": str(event.pk),
            "text": "Volcamp 2026 · 1 octobre 2026 \N{EN DASH} 2 octobre 2026 · Refusé",
        }
    ]


def test_other_models_answer_with_their_names(client, editor):
    topic = TopicFactory(name="Kubernetes")
    client.force_login(editor)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "talks", "model_name": "talk", "field_name": "topics", "term": "kube"},
    )

    assert response.json()["results"] == [{"id": str(topic.pk), "text": "Kubernetes"}]


def test_attendees_get_no_answers(client, attendee):
    EventFactory(name="DevFest Nantes 2025")
    client.force_login(attendee)

    response = client.get(reverse("admin:autocomplete"), {**TALK_EVENT, "term": "devfest"})

    assert response.status_code == 302


@pytest.mark.parametrize("size", [3, 30])
def test_event_answers_take_the_same_queries_whatever_their_number(
    client, editor, django_assert_num_queries, size
):
    EventFactory.create_batch(size, status=EventStatus.PENDING)
    client.force_login(editor)

    # Session, user, the editor's and their group's permissions, the count, the page.
    with django_assert_num_queries(6):
        results = _answers(client, "conference")

    assert len(results) == min(size, 20)
