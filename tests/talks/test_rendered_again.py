"""Notes and reviews stored before the CommonMark renderer show as it renders them, once
migration talks/0011 has run."""

import importlib

import pytest
from django.apps import apps

from talks.models import Note, Review
from tests.factories import NoteFactory, ReviewFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("talks.migrations.0011_notes_and_reviews_rendered_again")


def test_stored_html_of_notes_and_reviews_is_rendered_again_from_their_text():
    note = NoteFactory(body="# Limits\n\n- CPU\n  - throttled")
    review = ReviewFactory(body="## Verdict")
    untouched = NoteFactory(body="Plain words")
    # The HTML that the former renderer stored for them.
    Note.objects.filter(pk=note.pk).update(
        body_html="<h1>Limits</h1>\n<ul>\n<li>CPU</li>\n<li>throttled</li>\n</ul>"
    )
    Review.objects.filter(pk=review.pk).update(body_html="<h2>Verdict</h2>")

    migration.render_again(apps, None)

    note.refresh_from_db()
    review.refresh_from_db()
    untouched.refresh_from_db()
    assert note.body_html == (
        "<h3>Limits</h3>\n<ul>\n<li>CPU\n<ul>\n<li>throttled</li>\n</ul>\n</li>\n</ul>"
    )
    assert review.body_html == "<h3>Verdict</h3>"
    assert untouched.body_html == "<p>Plain words</p>"


@pytest.mark.parametrize("size", [3, 30])
def test_rendering_again_runs_a_fixed_number_of_queries_per_batch(django_assert_num_queries, size):
    NoteFactory.create_batch(size, body="- a\n  - b")
    Note.objects.update(body_html="<ul><li>a</li><li>b</li></ul>")

    # Notes: one batch read, one update of the changed rows, the read that finds no more;
    # reviews: the read that finds none.
    with django_assert_num_queries(4):
        migration.render_again(apps, None)
