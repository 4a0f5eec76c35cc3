"""Titles, abstracts and reviews carry their own language (`lang`) on every page that shows
them: a French title on an English page and an English title on a French page are read in
their language, whatever the page's."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import (
    EventFactory,
    NoteFactory,
    ReviewFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

FRENCH_TITLE = "Réparer la prod sans paniquer"
FRENCH_ABSTRACT = "Un retour sur la panne de Kubernetes du mois dernier."
ENGLISH_TITLE = "Keeping calm during outages"
ENGLISH_ABSTRACT = "A story of the Kubernetes outage that took a weekend."
# An attendee's summary, in English, of a talk with a French title.
SUMMARY_TITLE = "Le cluster qui ne voulait pas redémarrer"
SUMMARY_ABSTRACT = "My summary: a Kubernetes cluster that would not start again."
FRENCH_REVIEW = "Très concret, et la démo valait le déplacement."
# Text shorter than this is not looked at: a highlighted word alone may be in both titles.
SHORTEST = 12
# Elements that have no end tag.
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _LanguageOfText(HTMLParser):
    """Every piece of text of the page's body, with the language it is in: the `lang` of its
    nearest element that has one."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        tags = [tag for tag, _ in self.stack]
        if "body" not in tags or "script" in tags:
            return
        language = next((lang for _, lang in reversed(self.stack) if lang is not None), None)
        self.texts.append((data.strip(), language))


def languages_of(html: str, text: str) -> set[str]:
    """The languages in which the page shows `text` (or the pieces of it between highlights)."""
    parser = _LanguageOfText()
    parser.feed(html)
    return {
        language for piece, language in parser.texts if len(piece) >= SHORTEST and piece in text
    }


@pytest.fixture
def talks():
    """A talk given in French with a French title, one given in French with an English title,
    and one with a French title and an English abstract, by one speaker, on one topic, at one
    event."""
    event = EventFactory(slug="devfest")
    speaker, topic = SpeakerFactory(slug="ada"), TopicFactory(slug="sre")
    french = TalkFactory(
        event=event,
        title=FRENCH_TITLE,
        abstract=FRENCH_ABSTRACT,
        languages=["fr"],
        text_language="fr",
        speakers=[speaker],
        topics=[topic],
    )
    english = TalkFactory(
        event=event,
        title=ENGLISH_TITLE,
        abstract=ENGLISH_ABSTRACT,
        languages=["fr"],
        text_language="en",
        speakers=[speaker],
        topics=[topic],
    )
    summed_up = TalkFactory(
        event=event,
        title=SUMMARY_TITLE,
        abstract=SUMMARY_ABSTRACT,
        languages=["fr"],
        text_language="fr",
        abstract_language="en",
    )
    return french, english, summed_up


@pytest.fixture
def author(client, talks):
    """An attendee with notes on both talks and a review of the one with an English title."""
    user = UserFactory()
    for talk in talks:
        NoteFactory(talk=talk, author=user, language="en")
    ReviewFactory(talk=talks[1], author=user, body=FRENCH_REVIEW, language="fr")
    client.force_login(user)
    return user


def page(client, url: str, page_language: str, **query) -> str:
    response = client.get(url, query, HTTP_ACCEPT_LANGUAGE=page_language)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{page_language}">' in html
    return html


PAGES = {
    "finder": lambda talk: reverse("talks:list"),
    "event": lambda talk: talk.event.get_absolute_url(),
    "speaker": lambda talk: reverse("people:speaker-detail", args=["ada"]),
    "topic": lambda talk: reverse("talks:topic-detail", args=["sre"]),
    "language": lambda talk: reverse("talks:language-detail", args=["fr"]),
    "talk": lambda talk: talk.get_absolute_url(),
    "review form": lambda talk: reverse("talks:review", args=["devfest", talk.slug]),
    "note form": lambda talk: reverse("talks:note-create", args=["devfest", talk.slug]),
}


@pytest.mark.parametrize("page_language", ["en", "fr"])
@pytest.mark.parametrize("kind", PAGES)
def test_a_pages_titles_are_in_their_own_language(client, author, talks, kind, page_language):
    french, english, _ = (page(client, PAGES[kind](talk), page_language) for talk in talks)

    assert languages_of(french, FRENCH_TITLE) == {"fr"}
    assert languages_of(english, ENGLISH_TITLE) == {"en"}


@pytest.mark.parametrize("page_language", ["en", "fr"])
def test_the_talk_page_marks_its_title_abstract_and_reviews(client, author, talks, page_language):
    html = page(client, talks[1].get_absolute_url(), page_language)

    assert languages_of(html, ENGLISH_TITLE) == {"en"}
    assert languages_of(html, ENGLISH_ABSTRACT) == {"en"}
    assert languages_of(html, FRENCH_REVIEW) == {"fr"}


@pytest.mark.parametrize("page_language", ["en", "fr"])
def test_the_talk_page_marks_an_abstract_in_another_language_than_the_title(
    client, talks, page_language
):
    html = page(client, talks[2].get_absolute_url(), page_language)

    assert languages_of(html, SUMMARY_TITLE) == {"fr"}
    assert languages_of(html, SUMMARY_ABSTRACT) == {"en"}


@pytest.mark.parametrize("page_language", ["en", "fr"])
def test_search_results_mark_titles_and_abstracts(client, talks, page_language):
    html = page(client, reverse("talks:search"), page_language, q="kubernetes")

    assert languages_of(html, FRENCH_TITLE) == {"fr"}
    assert languages_of(html, FRENCH_ABSTRACT) == {"fr"}
    assert languages_of(html, ENGLISH_TITLE) == {"en"}
    assert languages_of(html, ENGLISH_ABSTRACT) == {"en"}
    assert languages_of(html, SUMMARY_TITLE) == {"fr"}
    assert languages_of(html, SUMMARY_ABSTRACT) == {"en"}


@pytest.mark.parametrize("page_language", ["en", "fr"])
def test_the_home_page_marks_the_titles_of_the_latest_notes(client, author, page_language):
    html = page(client, reverse("home"), page_language)

    assert languages_of(html, FRENCH_TITLE) == {"fr"}
    assert languages_of(html, ENGLISH_TITLE) == {"en"}


@pytest.mark.parametrize("page_language", ["en", "fr"])
def test_the_contributions_page_marks_the_titles(client, author, page_language):
    html = page(client, reverse("my-contributions"), page_language)

    assert languages_of(html, FRENCH_TITLE) == {"fr"}
    assert languages_of(html, ENGLISH_TITLE) == {"en"}


@pytest.mark.parametrize("page_language", ["en", "fr"])
def test_a_title_in_no_known_language_is_in_the_pages(client, page_language):
    talk = TalkFactory(title="Keynote d'ouverture", languages=["fr", "en"], text_language="")

    html = page(client, talk.get_absolute_url(), page_language)

    assert languages_of(html, "Keynote d'ouverture") == {page_language}
