"""In a real browser, the pages that show versions of one talk: axe-core finds nothing on a
version's page, a speaker's page or the finder's rows per talk, in both languages, wide and
on a phone, in the light and the dark colour scheme."""

import datetime

import pytest
from django.db import connections

from tests.factories import (
    EventFactory,
    NoteFactory,
    SpeakerFactory,
    TalkFactory,
    WorkFactory,
)
from tests.pages.test_accessibility_browser import axe_findings, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(chromium):
    yield chromium
    connections.close_all()


def test_axe_finds_nothing_on_the_pages_of_versions(browser, live_server):
    speaker = SpeakerFactory(slug="ada", name="Ada Lovelace")
    work = WorkFactory()
    for slug, languages, day in [
        ("meetup-2024", ["fr"], datetime.date(2024, 1, 11)),
        ("kubecon-2024", ["en"], datetime.date(2024, 3, 20)),
    ]:
        talk = TalkFactory(
            event=EventFactory(slug=slug, start_date=day, end_date=day),
            work=work,
            slug="operators",
            title="Kubernetes operators",
            languages=languages,
            speakers=[speaker],
        )
        NoteFactory(talk=talk, language=languages[0])
    paths = ["/talks/meetup-2024/operators/", "/speakers/ada/", "/talks/?versions=one"]

    found = []
    for language in ("en", "fr"):
        page = new_page(browser, live_server, language=language)
        for path in paths:
            page.goto(path)
            found += [f"{path} {language} {finding}" for finding in axe_findings(page)]
        page.context.close()

    assert found == [], "\n".join(found)
