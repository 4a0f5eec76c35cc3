"""A form too big to be read gets a page in the site's layout saying the limit and what to do."""

import pytest
from django.urls import reverse

from talks.models import Note
from tests.factories import TalkFactory, UserFactory

pytestmark = pytest.mark.django_db

TEMPLATE = "errors/request_too_big.html"


@pytest.fixture
def note_url(client):
    client.force_login(UserFactory())
    talk = TalkFactory()
    return reverse("talks:note-create", args=[talk.event.slug, talk.slug])


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def test_too_big_a_note_gets_the_limit_and_the_way_back_to_the_text(client, settings, note_url):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_240
    response = client.post(note_url, {"body": "x" * 20_000, "language": "en", "action": "submit"})
    html = response.content.decode()
    assert response.status_code == 400
    assert TEMPLATE in template_names(response)
    assert "<h1>This form was too big to be sent</h1>" in html
    assert (
        "confnotes accepts at most 10.0\xa0KB in one form, and what you sent was bigger. "
        "Nothing was saved."
    ) in html
    assert (
        "Press your browser’s Back button: the form comes back with everything you typed."  # noqa: RUF001
    ) in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert Note.objects.count() == 0


def test_too_big_a_note_is_explained_in_french(client, settings, note_url):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_240
    response = client.post(
        note_url,
        {"body": "x" * 20_000, "language": "en", "action": "submit"},
        headers={"Accept-Language": "fr"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="fr">' in html
    assert (
        "confnotes accepte au plus 10,0\xa0Kio par formulaire, et vous avez envoyé davantage. "
        "Rien n’a été enregistré."  # noqa: RUF001
    ) in html
    assert (
        "Appuyez sur le bouton Précédent de votre navigateur\xa0: le formulaire revient avec "
        "tout ce que vous aviez tapé."
    ) in html
    assert '<nav class="site-nav" aria-label="Principale">' in html


def test_too_many_fields_get_their_limit(client, note_url):
    fields = {f"field{number}": "x" for number in range(2_501)}
    response = client.post(note_url, fields)
    html = response.content.decode()
    assert response.status_code == 400
    assert (
        "confnotes accepts at most 2,500 fields in one form, and this one had more. "
        "Nothing was saved."
    ) in html


def test_other_bad_requests_keep_djangos_page(client):
    response = client.get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert TEMPLATE not in template_names(response)
