"""Attendees' reviews: one per person per talk, a rating from 1 to 5 and/or a few words."""

from django.db import transaction

from people.models import User
from talks.models import Review, Talk


@transaction.atomic
def review_save(
    *, talk: Talk, author: User, rating: int | None, body: str, language: str = ""
) -> Review:
    """Create the author's review of the talk, or change it; a hidden review stays hidden.

    `language` is the body's, blank when unknown."""
    review = Review.objects.select_for_update().filter(talk=talk, author=author).first()
    if review is None:
        review = Review(talk=talk, author=author)
    review.rating = rating
    review.body = body
    review.language = language
    review.full_clean()
    review.save()
    return review
