"""What the curated lists show, filter and search."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from talks.admin import moderation
from talks.admin.moderation import PREVIEW_LENGTH, note_preview
from talks.models import NoteStatus, TalkFormat, TalkStatus
from tests.factories import (
    EventFactory,
    NoteFactory,
    NoteReportFactory,
    ReviewFactory,
    SeriesFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _talk_titles(client, **params):
    response = client.get(reverse("admin:talks_talk_changelist"), params)
    assert response.status_code == 200
    return sorted(talk.title for talk in response.context["cl"].result_list)


@pytest.fixture
def catalogue():
    devfest = SeriesFactory(name="DevFest Nantes")
    devfest_2025 = EventFactory(series=devfest, start_date=datetime.date(2025, 10, 16))
    kubecon_2024 = EventFactory(start_date=datetime.date(2024, 3, 19))
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    mathieu = SpeakerFactory(name="Mathieu Herbert")
    TalkFactory(
        title="Terramate",
        event=devfest_2025,
        languages=["fr"],
        speakers=[mathieu],
        format=TalkFormat.TALK,
    )
    TalkFactory(
        title="Operators",
        event=kubecon_2024,
        languages=["en", "fr"],
        topics=[kubernetes],
        format=TalkFormat.KEYNOTE,
    )
    TalkFactory(title="Proposed", event=kubecon_2024, languages=["en"], status=TalkStatus.PENDING)
    return {"devfest": devfest, "devfest_2025": devfest_2025, "kubernetes": kubernetes}


def test_talk_list_filters(editor_client, catalogue):
    assert _talk_titles(editor_client, event=catalogue["devfest_2025"].pk) == ["Terramate"]
    assert _talk_titles(editor_client, series=catalogue["devfest"].pk) == ["Terramate"]
    assert _talk_titles(editor_client, topic=catalogue["kubernetes"].pk) == ["Operators"]
    assert _talk_titles(editor_client, language="fr") == ["Operators", "Terramate"]
    assert _talk_titles(editor_client, year="2024") == ["Operators", "Proposed"]
    assert _talk_titles(editor_client, status__exact="pending") == ["Proposed"]
    assert _talk_titles(editor_client, format__exact="keynote") == ["Operators"]


def test_talk_list_searches_titles_and_speaker_names(editor_client, catalogue):
    assert _talk_titles(editor_client, q="herbert") == ["Terramate"]
    assert _talk_titles(editor_client, q="operat") == ["Operators"]
    assert _talk_titles(editor_client, q="mathieu terramate") == ["Terramate"]
    assert _talk_titles(editor_client, q="mathieu operators") == []


def test_talk_list_shows_speakers_in_order_and_counts(editor_client):
    talk = TalkFactory(speakers=[SpeakerFactory(name="Zoé"), SpeakerFactory(name="Adam")])
    NoteFactory(talk=talk)
    NoteFactory(talk=talk, status=NoteStatus.DRAFT, published_at=None)

    response = editor_client.get(reverse("admin:talks_talk_changelist"))

    [row] = response.context["cl"].result_list
    assert (row.speaker_names, row.note_count, row.review_count) == (["Zoé", "Adam"], 1, 0)


def test_autocomplete_filter_box_shows_the_chosen_event(editor_client, catalogue):
    event = catalogue["devfest_2025"]

    response = editor_client.get(reverse("admin:talks_talk_changelist"), {"event": event.pk})

    html = response.content.decode()
    assert (
        f'<option value="{event.pk}" selected>'
        f"{event.name} · Oct. 16, 2025 \N{EN DASH} Oct. 17, 2025 · Nantes · Published</option>"
    ) in html
    assert 'data-model-name="talk" data-field-name="event"' in html
    assert "admin/js/autocomplete.js" in html


def test_autocomplete_filter_search_is_the_admins_own(editor_client, catalogue):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "talks", "model_name": "talk", "field_name": "topics", "term": "kube"},
    )

    assert response.json()["results"] == [
        {"id": str(catalogue["kubernetes"].pk), "text": "Kubernetes"}
    ]


@pytest.mark.parametrize(
    ("changelist", "parameter", "value"),
    [
        ("talks_talk", "event", "abc"),
        ("talks_talk", "event", "²"),
        ("talks_talk", "topic", "①"),
        ("talks_talk", "series", "9223372036854775808"),
        ("talks_talk", "year", "²"),
        ("talks_talk", "year", "0"),
        ("talks_talk", "year", "1" + "0" * 30),
        ("talks_note", "talk", "²"),
        ("events_event", "series", "٣"),
    ],
)
def test_malformed_filter_value_is_reported_not_crashing(
    editor_client, catalogue, changelist, parameter, value
):
    url = reverse(f"admin:{changelist}_changelist")
    response = editor_client.get(url, {parameter: value})

    assert response.status_code == 302
    assert response.url == url + "?e=1"


def test_note_queue_shows_pending_first_and_no_drafts(editor_client):
    old_pending = NoteFactory(status=NoteStatus.PENDING, published_at=None)
    published = NoteFactory()
    new_pending = NoteFactory(status=NoteStatus.PENDING, published_at=None)
    NoteFactory(status=NoteStatus.DRAFT, published_at=None)

    response = editor_client.get(reverse("admin:talks_note_changelist"))

    assert list(response.context["cl"].result_list) == [new_pending, old_pending, published]


def test_note_queue_shows_a_short_text_preview_linking_to_the_whole_note(editor_client):
    note = NoteFactory(body="See [the slides](https://example.org) & **more** " + "word " * 100)
    NoteReportFactory(note=note)

    html = editor_client.get(reverse("admin:talks_note_changelist")).content.decode()

    preview = "See the slides &amp; more " + "word " * 15 + "wo…"
    change_url = reverse("admin:talks_note_change", args=[note.pk])
    assert (
        f'<a href="{change_url}">{preview}<br><small class="note-details">Published · 1 open '
        "report</small></a>"
    ) in html
    assert "<strong>" not in html.split('id="result_list"')[1]


def test_note_queue_shows_the_authors_approved_notes_and_the_notes_age(editor_client):
    author = UserFactory(username="marie")
    with time_machine.travel(datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC), tick=False):
        NoteFactory(author=author, status=NoteStatus.PENDING, published_at=None)
    NoteFactory.create_batch(2, author=author)
    NoteFactory(author=author, status=NoteStatus.REJECTED)

    with time_machine.travel(datetime.datetime(2026, 12, 4, 1, tzinfo=datetime.UTC), tick=False):
        html = editor_client.get(reverse("admin:talks_note_changelist")).content.decode()

    assert html.count("marie<br><small>2 approved notes</small>") == 4
    assert '<td class="field-age">3 days</td>' in html


def test_note_preview_closes_a_tag_cut_in_the_middle():
    assert note_preview('<p>Read <a href="https://exa') == "<p>Read </p>"
    long_html = ("<p>" + "word " * 200)[:PREVIEW_LENGTH]
    assert note_preview(long_html) == long_html + "</p>…"


def test_note_list_searches_talk_titles_and_exact_usernames(editor_client):
    kubernetes_note = NoteFactory(talk=TalkFactory(title="Kubernetes operators"))
    marie_note = NoteFactory(author__username="marie")
    NoteFactory(author__username="mariette")

    def found(term):
        response = editor_client.get(reverse("admin:talks_note_changelist"), {"q": term})
        return list(response.context["cl"].result_list)

    assert found("KUBERNETES") == [kubernetes_note]
    assert found("Marie") == [marie_note]
    assert found("kubernetes marie") == []


def test_review_list_filters_by_rating(editor_client):
    good = ReviewFactory(rating=5)
    ReviewFactory(rating=2)

    response = editor_client.get(reverse("admin:talks_review_changelist"), {"rating": "5"})

    assert list(response.context["cl"].result_list) == [good]


def test_note_search_on_a_word_many_talks_share(editor_client, monkeypatch):
    monkeypatch.setattr(moderation, "MAX_LISTED_TALKS", 1)
    notes = [NoteFactory(talk=TalkFactory(title=f"Kubernetes part {part}")) for part in (1, 2)]
    NoteFactory(talk=TalkFactory(title="Observability"))

    response = editor_client.get(reverse("admin:talks_note_changelist"), {"q": "kubernetes"})

    assert sorted(response.context["cl"].result_list, key=lambda note: note.pk) == notes


def test_note_queue_filters_by_language_named_in_alphabetical_order(editor_client):
    french = NoteFactory(language="fr")
    NoteFactory(language="en")

    response = editor_client.get(reverse("admin:talks_note_changelist"), {"language": "fr"})

    assert list(response.context["cl"].result_list) == [french]
    unfiltered = editor_client.get(reverse("admin:talks_note_changelist")).content.decode()
    codes = re.findall(r'<a href="\?language=([a-z]{2})"', unfiltered)
    assert codes[:4] == ["ar", "eu", "br", "ca"]
