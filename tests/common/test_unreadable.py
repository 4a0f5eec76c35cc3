"""Parameters that are not text get the 400 page, in the site's layout and the reader's
language, before any view reads them."""

import pytest
from django.urls import reverse

from tests.factories import TalkFactory

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


def assert_400_page(response, heading="This request could not be understood"):
    assert response.status_code == 400
    assert response.templates[0].name == "400.html"
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    # The site's own layout, with its navigation.
    assert '<a class="brand" href="/">confnotes</a>' in html


@pytest.mark.parametrize(
    "query",
    [
        "q=ab%00cd",
        "q=%C3",
        "q=%FF",
        "q=%ED%A0%80",
        "%00=kubernetes",
        "q=kubernetes&page=%C3%28",
    ],
)
def test_query_that_is_not_text_gets_the_400_page(client, query):
    assert_400_page(client.get(f"{reverse('people:speaker-list')}?{query}"))


def test_query_in_any_script_is_read(client):
    # U+FFFD typed by someone is valid UTF-8, unlike the bytes that Django would replace by it.
    response = client.get(f"{reverse('people:speaker-list')}?q=%EF%BF%BD%C2%B2%D9%A3%E2%91%A0")

    assert response.status_code == 200
    assert response.context["name_query"] == "\ufffd²٣①"


@pytest.mark.parametrize("body", ["body=ab%00cd&language=en", "body=%FF&language=en"])
def test_form_that_is_not_text_gets_the_400_page_and_saves_nothing(client, attendee, body):
    talk = TalkFactory()
    client.force_login(attendee)
    url = reverse("talks:note-create", kwargs={"event_slug": talk.event.slug, "slug": talk.slug})

    assert_400_page(client.post(url, body, content_type=FORM))
    assert talk.notes.count() == 0


def test_multipart_form_with_a_nul_gets_the_400_page(client, attendee):
    talk = TalkFactory()
    client.force_login(attendee)
    url = reverse("talks:note-create", kwargs={"event_slug": talk.event.slug, "slug": talk.slug})

    assert_400_page(client.post(url, {"body": "ab\x00cd", "language": "en"}))
    assert talk.notes.count() == 0


def test_400_page_speaks_the_reader_language(client):
    response = client.get(f"{reverse('home')}?q=%00", headers={"accept-language": "fr"})

    assert_400_page(response, heading="Cette requête n\u2019a pas pu être comprise")


def test_djangos_own_400_is_the_same_page_for_the_signed_in_reader(client, attendee):
    client.force_login(attendee)
    # More fields than Django reads (DATA_UPLOAD_MAX_NUMBER_FIELDS).
    response = client.get(reverse("talks:list"), {"topic": ["go"] * 2501})

    assert_400_page(response)
    assert "Log out (attendee)" in response.content.decode()
