"""While the database is unreachable, readers get a friendly 503 page, then the site again."""

import pytest
from django.conf import settings

from tests.factories import EventFactory, UserFactory


def assert_friendly_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    assert response.templates[0].name == "503.html"
    html = response.content.decode()
    assert "<h1>Back in a moment</h1>" in html
    assert "Please reload the page in 5 seconds." in html
    # The site's navigation and search, without the account links, which read the database.
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert (
        '<form class="site-search" action="/search/" method="get" role="search" '
        'aria-label="Search talks and notes">' in html
    )
    assert "Log in" not in html


def test_page_needing_the_database_gets_the_503_page(client, database_outage):
    with database_outage():
        response = client.get("/")

    assert_friendly_503(response)
    assert settings.SESSION_COOKIE_NAME not in response.cookies


@pytest.mark.django_db(transaction=True)
def test_signed_in_attendee_gets_the_503_page_and_keeps_the_session(client, database_outage):
    client.force_login(UserFactory())
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    with database_outage():
        response = client.get("/")

    assert_friendly_503(response)
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == session_cookie


def test_503_page_speaks_the_reader_language(client, database_outage):
    with database_outage():
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 503
    assert '<html lang="fr">' in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_site_answers_again_once_the_database_is_back(client, database_outage):
    EventFactory(name="DevFest Nantes 2025")
    client.force_login(UserFactory())

    with database_outage():
        assert client.get("/").status_code == 503
    response = client.get("/")

    assert response.status_code == 200
    assert "DevFest Nantes 2025" in response.content.decode()
