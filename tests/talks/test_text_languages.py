"""The language of a talk's title and abstract, and of a review: what the database accepts, and
how the migration that added them filled them for the talks already there."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor

from talks.languages import likely_text_language
from talks.models import Review, Talk
from tests.factories import EventFactory, ReviewFactory, TalkFactory, UserFactory

BEFORE = [("talks", "0016_note_talk_published_index")]
AFTER = [("talks", "0017_text_languages")]


@pytest.mark.django_db
def test_a_talk_with_an_unknown_text_language_is_refused_by_the_database():
    talk = TalkFactory()

    with pytest.raises(IntegrityError):
        Talk.objects.filter(pk=talk.pk).update(text_language="xx")


@pytest.mark.django_db
def test_a_review_in_an_unknown_language_is_refused():
    review = ReviewFactory()
    review.language = "english"

    with pytest.raises(ValidationError) as error:
        review.full_clean()

    assert list(error.value.message_dict) == ["language"]


@pytest.mark.django_db
def test_text_language_and_review_language_may_be_unknown():
    talk = TalkFactory(text_language="")
    review = ReviewFactory(talk=talk, language="")

    talk.full_clean()
    review.full_clean()


@pytest.mark.parametrize(
    ("languages", "expected"), [(["fr"], "fr"), (["en"], "en"), (["fr", "en"], ""), ([], "")]
)
def test_the_likely_text_language_is_the_talks_only_language(languages, expected):
    assert likely_text_language(languages) == expected


@pytest.fixture
def latest_schema_afterwards():
    """The database back at the latest migrations once the test is done, whatever it
    migrated to: the next tests of this process expect every migration applied."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_text_language_of_talks_given_in_one_language(
    latest_schema_afterwards,
):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    event = EventFactory()
    old_talk = old_apps.get_model("talks", "Talk")
    french = old_talk.objects.create(
        event_id=event.pk, title="Un talk", slug="un-talk", languages=["fr"]
    )
    bilingual = old_talk.objects.create(
        event_id=event.pk, title="A talk", slug="a-talk", languages=["fr", "en"]
    )
    old_review = old_apps.get_model("talks", "Review")
    review = old_review.objects.create(
        talk_id=french.pk, author_id=UserFactory().pk, rating=4, body="Bien."
    )

    MigrationExecutor(connection).migrate(AFTER)

    # Only the columns of AFTER: the talks' later columns are not there yet.
    text_languages = Talk.objects.values_list("text_language", flat=True)
    assert text_languages.get(pk=french.pk) == "fr"
    assert text_languages.get(pk=bilingual.pk) == ""
    assert Review.objects.values_list("language", flat=True).get(pk=review.pk) == ""
