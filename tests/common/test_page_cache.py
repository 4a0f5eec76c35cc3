"""Anonymous readers' pages are shared and validated by the content version; nothing of a
signed-in user, a form's token or a message is ever kept (common/page_cache.py)."""

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.page_cache import content_version
from events.models import Event, Series
from people.models import Speaker, SpeakerAlias, User
from people.services import speaker_merge
from talks.models import (
    Note,
    NoteStatus,
    Review,
    TaggedTalk,
    Talk,
    TalkSpeaker,
    Topic,
    TopicAlias,
    Work,
)
from talks.services.moderation import note_approve
from tests.factories import NoteFactory, SpeakerFactory, TalkFactory, UserFactory
from tests.redis_server import redis_cache

pytestmark = pytest.mark.django_db

SHARED = "public, max-age=0, s-maxage=60, stale-while-revalidate=60"
PRIVATE = "private, no-cache"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_SHARED_MAX_AGE = 60
    settings.PAGE_CACHE_STALE_WHILE_REVALIDATE = 60


@pytest.fixture
def talk():
    return TalkFactory(title="Operators in anger", speakers=[SpeakerFactory(name="Ada Byron")])


def queries_of(client: Client, url: str, **headers) -> tuple:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def test_an_anonymous_page_is_shared_with_its_validators(client, talk):
    response = client.get(talk.get_absolute_url())

    assert response.status_code == 200
    assert response["Cache-Control"] == SHARED
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith(" GMT")
    assert response["Vary"] == "Accept-Language, Cookie, HX-Request"
    assert response.cookies == {}
    assert b"csrfmiddlewaretoken" not in response.content


@pytest.mark.parametrize("url", ["/", "/talks/", "/events/", "/speakers/", "/topics/"])
def test_public_pages_carry_no_csrf_token_and_are_shared(client, talk, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == SHARED
    assert b"csrfmiddlewaretoken" not in response.content
    assert "csrftoken" not in response.cookies


@pytest.mark.parametrize("notes", [2, 8])
def test_a_cached_page_costs_one_query(client, talk, notes):
    NoteFactory.create_batch(notes, talk=talk)
    first, first_queries = queries_of(client, talk.get_absolute_url())
    again, again_queries = queries_of(client, talk.get_absolute_url())

    assert first_queries > 1
    # The content version, and nothing else however many notes the page shows.
    assert again_queries == 1
    assert again.content == first.content
    assert again.text.count('class="note"') == notes
    assert again["ETag"] == first["ETag"]


def test_the_setting_turns_the_page_cache_off(client, settings, talk):
    settings.PAGE_CACHE = False
    first, first_queries = queries_of(client, talk.get_absolute_url())
    again, again_queries = queries_of(client, talk.get_absolute_url())

    # Computed again, but for the ranking of its related talks, which has a cache of its own.
    assert again_queries == first_queries - 1 > 1
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == SHARED


@pytest.mark.parametrize("page_cache", [True, False])
def test_a_matching_etag_gets_304_before_the_view(client, settings, talk, page_cache):
    settings.PAGE_CACHE = page_cache
    etag = client.get(talk.get_absolute_url())["ETag"]

    response, queries = queries_of(client, talk.get_absolute_url(), if_none_match=etag)

    assert response.status_code == 304
    assert queries == 1
    assert response["ETag"] == etag
    assert response["Cache-Control"] == SHARED
    assert response["Vary"] == "Accept-Language, Cookie, HX-Request"


def test_if_modified_since_gets_304_until_the_content_changes(client, talk):
    last_modified = client.get(talk.get_absolute_url())["Last-Modified"]

    unchanged = client.get(talk.get_absolute_url(), headers={"if_modified_since": last_modified})
    Talk.objects.filter(pk=talk.pk).update(title="Operators at peace")
    changed = client.get(
        talk.get_absolute_url(), headers={"if_modified_since": "Mon, 01 Jan 2024 00:00:00 GMT"}
    )

    assert unchanged.status_code == 304
    assert changed.status_code == 200
    assert "Operators at peace" in changed.text


def test_an_old_etag_gets_the_new_page(client, talk):
    etag = client.get(talk.get_absolute_url())["ETag"]
    Talk.objects.filter(pk=talk.pk).update(title="Operators at peace")

    response = client.get(talk.get_absolute_url(), headers={"if_none_match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Operators at peace" in response.text


def test_a_note_approved_through_the_service_shows_at_the_next_request(client, talk, editor):
    note = NoteFactory(talk=talk, body="A pending thought", status=NoteStatus.PENDING)
    before = client.get(talk.get_absolute_url())

    note_approve(notes=Note.objects.filter(pk=note.pk), editor=editor)
    after = client.get(talk.get_absolute_url())

    assert "A pending thought" not in before.text
    assert "A pending thought" in after.text


def test_a_talk_edited_in_the_admin_shows_at_the_next_request(client, talk, editor):
    before = client.get(talk.get_absolute_url())
    editor_client = Client()
    editor_client.force_login(editor)
    data = {
        "event": talk.event.pk,
        "title": "Operators, edited",
        "slug": talk.slug,
        "format": talk.format,
        "languages": "en",
        "text_language": "en",
        "status": talk.status,
        "talk_speakers-TOTAL_FORMS": "0",
        "talk_speakers-INITIAL_FORMS": "0",
    }

    edited = editor_client.post(reverse("admin:talks_talk_change", args=[talk.pk]), data)
    after = client.get(talk.get_absolute_url())

    assert edited.status_code == 302
    assert "Operators in anger" in before.text
    assert "Operators, edited" in after.text


def test_a_speaker_merge_shows_at_the_next_request(client, talk, editor):
    keep = SpeakerFactory(name="Ada Lovelace")
    duplicate = talk.speakers.get()
    before = client.get(talk.get_absolute_url())

    speaker_merge(keep=keep, duplicates=[duplicate], editor=editor)
    after = client.get(talk.get_absolute_url())

    assert "Ada Byron" in before.text
    assert "Ada Lovelace" in after.text
    assert "Ada Byron" not in after.text


def test_a_bulk_update_shows_at_the_next_request(client, talk):
    before = client.get("/talks/")

    Talk.objects.filter(pk=talk.pk).update(title="Operators in bulk")
    after = client.get("/talks/")

    assert "Operators in anger" in before.text
    assert "Operators in bulk" in after.text


@pytest.mark.parametrize(
    ("model", "column"),
    [
        (Series, "name"),
        (Event, "name"),
        (User, "username"),
        (Speaker, "name"),
        (SpeakerAlias, "name"),
        (Talk, "title"),
        (TalkSpeaker, "order"),
        (Topic, "name"),
        (TopicAlias, "name"),
        (TaggedTalk, "tag_id"),
        (Work, "created_at"),
        (Note, "body"),
        (Review, "body"),
    ],
)
def test_any_statement_on_a_table_that_pages_show_changes_the_version(model, column):
    before = content_version()

    # A statement that changes no row still says the table was written.
    model.objects.filter(pk=-1).update(**{column: F(column)})

    assert content_version()[0] != before[0]
    assert content_version()[1] >= before[1]


def test_a_users_login_leaves_the_version_alone(attendee):
    before = content_version()

    User.objects.filter(pk=attendee.pk).update(last_login=F("date_joined"))

    assert content_version() == before


@pytest.fixture
def reader():
    return UserFactory(username="zelda-signed-in")


def test_a_signed_in_user_is_never_sent_a_shared_page(client, talk, reader):
    anonymous = client.get(talk.get_absolute_url())
    client.force_login(reader)

    signed_in, queries = queries_of(client, talk.get_absolute_url())
    stranger = Client().get(talk.get_absolute_url())

    assert anonymous["Cache-Control"] == SHARED
    assert signed_in["Cache-Control"] == PRIVATE
    assert queries > 1
    assert reader.username in signed_in.text
    assert signed_in["ETag"] != anonymous["ETag"]
    assert "Last-Modified" not in signed_in
    assert reader.username not in stranger.text
    assert stranger.content == anonymous.content


def test_a_signed_in_users_page_is_not_given_to_the_next_reader(client, talk, reader):
    client.force_login(reader)
    client.get(talk.get_absolute_url())

    stranger, queries = queries_of(Client(), talk.get_absolute_url())

    assert reader.username not in stranger.text
    assert queries > 1


def test_languages_are_kept_apart(client, talk):
    english = client.get("/talks/", headers={"accept_language": "en"})
    french = client.get("/talks/", headers={"accept_language": "fr"})
    english_again = client.get("/talks/", headers={"accept_language": "en"})

    assert english["Content-Language"] == "en"
    assert french["Content-Language"] == "fr"
    assert english_again["Content-Language"] == "en"
    assert "Talks" in english_again.text
    assert english["ETag"] != french["ETag"]


def test_the_language_cookie_chooses_the_cached_page(client, talk):
    client.get("/talks/")
    chose = client.post("/i18n/setlang/", {"language": "fr", "next": "/talks/"})

    french = client.get("/talks/")

    assert chose.status_code == 302
    assert french["Content-Language"] == "fr"
    assert '<html lang="fr">' in french.text


def test_the_language_switcher_works_without_a_csrf_token(talk):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/talks/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "fr"


def test_the_query_string_in_another_order_is_the_same_page(client, talk):
    first = client.get("/talks/?language=en&sort=title")
    again, queries = queries_of(client, "/talks/?sort=title&language=en")

    assert first.status_code == 200

    assert again["ETag"] == first["ETag"]
    assert queries == 1


def test_an_htmx_request_never_gets_the_cached_page(client, talk):
    page = client.get("/talks/")

    partial = client.get("/talks/", headers={"hx_request": "true"})

    assert "<html" in page.text
    assert "<html" not in partial.text
    assert partial["Cache-Control"] == PRIVATE


def test_a_page_with_a_csrf_token_is_never_shared(client, talk):
    note = NoteFactory(talk=talk)
    url = reverse("talks:note-report", args=[note.pk])

    first = client.get(url)
    again, queries = queries_of(client, url)

    assert b"csrfmiddlewaretoken" in first.content
    assert first["Cache-Control"] == PRIVATE
    assert again["Cache-Control"] == PRIVATE
    assert queries > 1


def test_anonymous_readers_report_a_note_on_its_report_page(client, talk):
    note = NoteFactory(talk=talk)

    response = client.get(talk.get_absolute_url())

    assert reverse("talks:note-report", args=[note.pk]) in response.text
    assert f'id="report-{note.pk}-reason"' not in response.text


def test_a_request_with_messages_is_never_answered_from_the_cache(client, talk):
    client.get(talk.get_absolute_url())
    client.cookies["messages"] = "pending"

    response, queries = queries_of(client, talk.get_absolute_url())

    assert response["Cache-Control"] == PRIVATE
    assert queries > 1


def test_a_missing_page_is_not_shared(client):
    response = client.get("/talks/no-such-event/no-such-talk/")

    assert response.status_code == 404
    assert response["Cache-Control"] == PRIVATE


def test_the_redis_cache_keeps_pages(client, settings, talk, redis_socket):
    settings.CACHES = redis_cache(redis_socket)

    first = client.get(talk.get_absolute_url())
    again, queries = queries_of(client, talk.get_absolute_url())
    Talk.objects.filter(pk=talk.pk).update(title="Operators in Redis")
    changed = client.get(talk.get_absolute_url())

    assert queries == 1
    assert again.content == first.content
    assert "Operators in Redis" in changed.text
