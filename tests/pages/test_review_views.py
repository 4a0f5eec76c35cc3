"""One review per person per talk: a rating and/or a few words, editable."""

import pytest
from django.urls import reverse

from talks.models import MAX_BODY_LENGTH, Review, ReviewStatus
from tests.factories import ReviewFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db


def review_url(talk):
    return reverse("talks:review", args=[talk.event.slug, talk.slug])


@pytest.fixture
def attendee(client):
    user = UserFactory()
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("posted", "rating", "body"),
    [
        ({"rating": "4", "body": ""}, 4, ""),
        ({"rating": "", "body": "Clear *demo*"}, None, "Clear *demo*"),
        ({"rating": "5", "body": "Loved it"}, 5, "Loved it"),
    ],
)
def test_review_with_a_rating_text_or_both_is_saved(client, attendee, posted, rating, body):
    talk = TalkFactory()
    response = client.post(review_url(talk), posted)
    review = Review.objects.get()
    assert response.url == talk.get_absolute_url()
    assert (review.author, review.talk, review.rating, review.body) == (
        attendee,
        talk,
        rating,
        body,
    )
    assert review.status == ReviewStatus.PUBLISHED


def test_review_line_breaks_are_stored_as_line_feeds(client, attendee):
    talk = TalkFactory()
    client.post(review_url(talk), {"rating": "", "body": "Windows\r\nold Mac\rUnix\nend"})
    assert Review.objects.get().body == "Windows\nold Mac\nUnix\nend"


def test_empty_review_gets_a_clear_error(client, attendee):
    talk = TalkFactory()
    response = client.post(review_url(talk), {"rating": "", "body": ""})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Give a rating, a few words, or both: this review is empty."
    ]
    assert Review.objects.count() == 0


@pytest.mark.parametrize("rating", ["0", "6", "five"])
def test_rating_outside_one_to_five_is_refused(client, attendee, rating):
    response = client.post(review_url(TalkFactory()), {"rating": rating, "body": "ok"})
    assert list(response.context["form"].errors) == ["rating"]
    assert Review.objects.count() == 0


def test_second_review_edits_the_first(client, attendee):
    talk = TalkFactory()
    ReviewFactory(talk=talk, author=attendee, rating=2, body="Meh")
    form_page = client.get(review_url(talk))
    client.post(review_url(talk), {"rating": "5", "body": "Better on second thought"})
    assert form_page.context["form"].initial == {"language": "en", "rating": 2, "body": "Meh"}
    assert list(Review.objects.values_list("rating", "body")) == [(5, "Better on second thought")]


def test_a_hidden_review_stays_hidden_when_edited(client, attendee):
    talk = TalkFactory()
    ReviewFactory(talk=talk, author=attendee, status=ReviewStatus.HIDDEN)
    client.post(review_url(talk), {"rating": "1", "body": "again"})
    assert Review.objects.get().status == ReviewStatus.HIDDEN


def test_too_long_review_is_refused_and_kept(client, attendee):
    body = "b" * (MAX_BODY_LENGTH + 1)
    response = client.post(review_url(TalkFactory()), {"rating": "3", "body": body})
    assert response.context["form"].errors == {
        "body": [
            "This text has 50,001 characters; the limit is 50,000. "
            "Shorten it, or split it into two notes."
        ]
    }
    assert response.context["form"]["body"].value() == body


def test_review_form_requires_login(client):
    talk = TalkFactory()
    response = client.get(review_url(talk))
    assert response.url == f"{reverse('login')}?next={review_url(talk)}"


def test_a_review_is_saved_in_the_language_chosen(client, attendee):
    talk = TalkFactory()

    client.post(review_url(talk), {"rating": "4", "body": "Très clair.", "language": "fr"})

    assert Review.objects.get().language == "fr"


def test_a_new_review_is_offered_in_the_language_of_the_page(client, attendee):
    talk = TalkFactory(languages=["en"])

    response = client.get(review_url(talk), HTTP_ACCEPT_LANGUAGE="fr")

    assert response.context["form"].initial == {"language": "fr"}
    assert '<option value="fr" selected>' in response.content.decode()


def test_an_edited_review_is_offered_in_its_own_language(client, attendee):
    talk = TalkFactory()
    ReviewFactory(talk=talk, author=attendee, rating=2, body="Bof.", language="fr")

    response = client.get(review_url(talk))

    assert response.context["form"].initial["language"] == "fr"


def test_a_review_in_an_unknown_language_is_refused(client, attendee):
    response = client.post(review_url(TalkFactory()), {"rating": "4", "language": "xx"})

    assert list(response.context["form"].errors) == ["language"]
    assert Review.objects.count() == 0
