"""Error pages with DEBUG off: the site's layout, navigation and search, in the reader's
language, saying what to do next. The 500 page, and the 404 page while the database is down,
read nothing from it."""

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from people.services import user_make_editor
from tests.factories import EventFactory, TalkFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("debug_off")]

FRENCH = {"Accept-Language": "fr"}
ENGLISH_LAYOUT = [
    '<html lang="en">',
    '<nav class="site-nav" aria-label="Main">',
    '<form class="site-search" action="/search/" method="get" role="search" '
    'aria-label="Search talks and notes">',
    '<form class="language-switcher" action="/i18n/setlang/" method="post">',
    "<h2>What you can do</h2>",
]
FRENCH_LAYOUT = [
    '<html lang="fr">',
    '<nav class="site-nav" aria-label="Principale">',
    '<form class="site-search" action="/search/" method="get" role="search" '
    'aria-label="Chercher dans les présentations et les notes">',
    '<form class="language-switcher" action="/i18n/setlang/" method="post">',
    "<h2>Ce que vous pouvez faire</h2>",
]


@pytest.fixture
def debug_off():
    with override_settings(DEBUG=False):
        yield


def assert_page(response, status: int, expected: list[str]):
    html = response.content.decode()
    assert response.status_code == status
    assert [text for text in expected if text not in html] == []


def test_unknown_address_gets_the_sites_404_page(client):
    response = client.get("/no/such/page/")
    assert_page(
        response,
        404,
        [
            *ENGLISH_LAYOUT,
            "<title>Page not found · confnotes</title>",
            "<h1>This page does not exist</h1>",
        ],
    )
    assert '<a href="/accounts/login/">Log in</a>' in response.content.decode()


def test_404_page_in_french(client):
    response = client.get("/no/such/page/", headers=FRENCH)
    assert_page(
        response,
        404,
        [
            *FRENCH_LAYOUT,
            "<h1>Cette page n’existe pas</h1>",  # noqa: RUF001
            'Parcourez <a href="/talks/">les présentations</a>',
        ],
    )


def test_a_wrong_talk_address_suggests_talks_with_a_close_title(client):
    talk = TalkFactory(title="Kubernetes autoscaling at scale", slug="kubernetes-autoscaling")
    TalkFactory(title="Rust for embedded systems", event=talk.event)
    url = reverse("talks:detail", args=[talk.event.slug, "kubernets-autoscalling"])

    response = client.get(url, headers=FRENCH)

    html = response.content.decode()
    assert_page(response, 404, [*FRENCH_LAYOUT, "<h2>Présentations au titre proche</h2>"])
    assert (
        f'<a href="{talk.get_absolute_url()}" lang="en">Kubernetes autoscaling at scale</a>' in html
    )
    assert "Rust for embedded systems" not in html


@pytest.mark.parametrize("size", [2, 8])
def test_a_wrong_talk_address_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, size
):
    event = EventFactory()
    for number in range(size):
        TalkFactory(event=event, title=f"Kubernetes autoscaling, part {number}")

    # The talk looked for, the talks with a close title.
    with django_assert_num_queries(3):
        response = client.get(reverse("talks:detail", args=[event.slug, "kubernetes-autoscale"]))
    assert response.status_code == 404
    assert len(response.context["close_talks"]) == min(size, 5)


def test_an_editor_opening_an_account_gets_the_sites_403_page(client):
    editor = UserFactory(username="editor")
    user_make_editor(user=editor)
    client.force_login(editor)
    url = reverse("admin:people_user_change", args=[editor.pk])

    response = client.get(url, headers=FRENCH)

    assert_page(
        response,
        403,
        [
            *FRENCH_LAYOUT,
            "<h1>Vous ne pouvez pas ouvrir cette page</h1>",
            "Cette page demande une permission que votre compte n’a pas.",  # noqa: RUF001
        ],
    )


@override_settings(ROOT_URLCONF="tests.pages.error_urls")
def test_a_failing_page_gets_the_sites_500_page_without_a_query(django_assert_num_queries):
    client = Client(raise_request_exception=False)
    # The content version that every anonymous page reads first (common/page_cache.py).
    with django_assert_num_queries(1):
        response = client.get("/failing/")
    assert_page(
        response,
        500,
        [*ENGLISH_LAYOUT, "<h1>Something went wrong on our side</h1>"],
    )


@override_settings(ROOT_URLCONF="tests.pages.error_urls")
def test_500_page_in_french(client):
    client = Client(raise_request_exception=False)
    response = client.get("/failing/", headers=FRENCH)
    assert_page(response, 500, [*FRENCH_LAYOUT, "<h1>Une erreur est survenue de notre côté</h1>"])


@pytest.mark.django_db(transaction=True)
@override_settings(ROOT_URLCONF="tests.pages.error_urls")
def test_500_page_while_the_database_is_down(database_outage):
    client = Client(raise_request_exception=False)
    with database_outage():
        response = client.get("/failing/", headers=FRENCH)
    assert_page(response, 500, FRENCH_LAYOUT)


@pytest.mark.django_db(transaction=True)
def test_404_page_while_the_database_is_down_leaves_the_account_links_out(client, database_outage):
    client.force_login(UserFactory(username="ada"))
    with database_outage():
        response = client.get("/no/such/page/")
    html = response.content.decode()
    assert_page(response, 404, [*ENGLISH_LAYOUT, "<h1>This page does not exist</h1>"])
    assert "Log out" not in html and "Log in" not in html
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_rate_limited_form_and_login_lockout_have_the_layout_in_french(
    client, settings, rate_limit_clock_stopped
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password-reset": {"ip": (1, 3600)}}
    url = reverse("password_reset")
    client.post(url, {"email": "ada@example.org"}, headers=FRENCH)
    refused = client.post(url, {"email": "ada@example.org"}, headers=FRENCH)
    assert_page(refused, 429, [*FRENCH_LAYOUT[:4], "Ralentissez un peu"])

    UserFactory(username="ada")
    for _ in range(5):
        locked = client.post(
            reverse("login"), {"username": "ada", "password": "wrong"}, headers=FRENCH
        )
    assert_page(locked, 429, [*FRENCH_LAYOUT[:4], "Réinitialisez-le"])
