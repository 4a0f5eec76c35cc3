"""Editors set the language of a talk's title and abstract, and of a review, in the admin."""

import pytest
from django.urls import reverse

from talks.models import Review, Talk
from tests.factories import ReviewFactory, TalkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_editors_set_the_language_of_a_talks_title_and_abstract(editor_client):
    talk = TalkFactory(title="How do you pronounce kubectl?", languages=["fr"])
    data = {
        "event": talk.event.pk,
        "title": talk.title,
        "slug": talk.slug,
        "format": talk.format,
        "languages": "fr",
        "text_language": "en",
        "status": talk.status,
        "talk_speakers-TOTAL_FORMS": "0",
        "talk_speakers-INITIAL_FORMS": "0",
    }

    response = editor_client.post(reverse("admin:talks_talk_change", args=[talk.pk]), data)

    assert response.status_code == 302
    assert Talk.objects.get(pk=talk.pk).text_language == "en"


def test_the_talk_form_offers_an_unknown_text_language(editor_client):
    talk = TalkFactory(languages=["fr", "en"])

    form = (
        editor_client.get(reverse("admin:talks_talk_change", args=[talk.pk]))
        .context["adminform"]
        .form
    )

    assert form.initial["text_language"] == ""
    assert form.fields["text_language"].required is False


def test_editors_correct_the_language_of_a_review(editor_client):
    review = ReviewFactory(body="Très clair.", language="en")
    url = reverse("admin:talks_review_change", args=[review.pk])

    response = editor_client.post(url, {"language": "fr"})

    assert response.status_code == 302
    assert Review.objects.get(pk=review.pk).language == "fr"
