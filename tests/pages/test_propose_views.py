"""Proposing a missing talk (and event) with notes: pending until approved, duplicates shown."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Event, EventStatus
from events.services import event_approve, event_reject
from people.models import Speaker, SpeakerAlias
from talks.contribution_selectors import EventLookalikes
from talks.models import (
    Note,
    NoteStatus,
    Talk,
    TalkStatus,
    Topic,
    TopicAlias,
    TopicSuggestionStatus,
)
from talks.services.moderation import talk_approve, talk_reject
from tests.factories import (
    EventFactory,
    SeriesFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PROPOSE_URL = reverse("talks:propose")
SUGGESTIONS_URL = reverse("talks:speaker-suggestions")
LOOKALIKES_URL = reverse("talks:lookalikes")


@pytest.fixture
def attendee(client):
    user = UserFactory()
    client.force_login(user)
    return user


def proposal(**overrides):
    data = {
        "event": "",
        "event_name": "",
        "event_start_date": "",
        "event_end_date": "",
        "event_city": "",
        "event_country": "",
        "event_venue": "",
        "event_series": "",
        "event_website": "",
        "title": "Platform engineering without the hype",
        "talk_format": "talk",
        "languages": ["fr"],
        "speakers": "Ada Lovelace",
        "topics": "",
        "abstract": "",
        "text_language": "",
        "note_body": "",
        "note_language": "",
        "website": "",
        "action": "submit",
    }
    return data | overrides


def test_proposal_for_a_listed_event_is_pending_with_speakers_topics_and_notes(client, attendee):
    event = EventFactory()
    known = SpeakerFactory(name="Jérôme Petazzoni")
    topic = TopicFactory(name="Kubernetes", slug="kubernetes")
    response = client.post(
        PROPOSE_URL,
        proposal(
            event=event.pk,
            languages=["en", "fr"],
            speakers="jerome PETAZZONI\n  Ada Lovelace  \n\n",
            topics="kubernetes",
            note_body="Très **bien**",
        ),
    )
    talk = Talk.objects.get()
    note = Note.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("my-contributions")
    assert (talk.event, talk.status, talk.proposed_by, talk.languages, talk.slug) == (
        event,
        TalkStatus.PENDING,
        attendee,
        ["en", "fr"],
        "platform-engineering-without-the-hype",
    )
    assert [ts.speaker.name for ts in talk.talk_speakers.order_by("order")] == [
        "Jérôme Petazzoni",
        "Ada Lovelace",
    ]
    assert talk.talk_speakers.first().speaker == known
    assert list(talk.topics.all()) == [topic]
    assert (note.talk, note.author, note.status, note.language, note.body_html) == (
        talk,
        attendee,
        NoteStatus.PENDING,
        "en",
        "<p>Très <strong>bien</strong></p>",
    )


def test_proposal_line_breaks_are_stored_as_line_feeds(client, attendee):
    client.post(
        PROPOSE_URL,
        proposal(
            event=EventFactory().pk,
            speakers="Ada Lovelace\r\nGrace Hopper",
            abstract="First line\r\nsecond line",
            note_body="- one\r\n- two",
        ),
    )
    talk = Talk.objects.get()
    assert [ts.speaker.name for ts in talk.talk_speakers.order_by("order")] == [
        "Ada Lovelace",
        "Grace Hopper",
    ]
    assert (talk.abstract, Note.objects.get().body) == ("First line\nsecond line", "- one\n- two")


def test_proposed_talk_stays_invisible_to_others_until_approved(client, attendee):
    event = EventFactory()
    client.post(PROPOSE_URL, proposal(event=event.pk, title="Secret proposal"))
    talk = Talk.objects.get()
    client.logout()
    assert client.get(talk.get_absolute_url()).status_code == 404
    assert "Secret proposal" not in client.get(event.get_absolute_url()).content.decode()


def test_proposal_with_a_new_event_creates_it_pending(client, attendee):
    client.post(
        PROPOSE_URL,
        proposal(
            event_name="Volcamp 2025",
            event_start_date="2025-10-02",
            event_end_date="2025-10-03",
            event_city="Clermont-Ferrand",
            event_website="https://volcamp.io",
        ),
    )
    event = Event.objects.get()
    assert (event.name, event.slug, event.status, event.proposed_by, event.city) == (
        "Volcamp 2025",
        "volcamp-2025",
        EventStatus.PENDING,
        attendee,
        "Clermont-Ferrand",
    )
    assert Talk.objects.get().event == event


def test_proposal_needs_an_event_listed_or_described(client, attendee):
    response = client.post(PROPOSE_URL, proposal(event_name="Half described"))
    assert response.context["form"].errors == {
        "event_start_date": ["Pick the event above, or describe the new one with this field."],
        "event_end_date": ["Pick the event above, or describe the new one with this field."],
    }
    assert Talk.objects.count() == 0


def test_unknown_topic_is_suggested_to_the_editors_not_refused(client, attendee):
    observability = TopicFactory(name="Observability", slug="observability")
    event = EventFactory()
    response = client.post(
        PROPOSE_URL,
        proposal(event=event.pk, topics="Observability, Service Mesh, service mesh"),
    )
    talk = Talk.objects.get()
    assert response.status_code == 302
    assert list(talk.topics.all()) == [observability]
    assert list(talk.topic_suggestions.values_list("name", "status")) == [
        ("Service Mesh", TopicSuggestionStatus.PENDING)
    ]
    assert Topic.objects.count() == 1


def test_merged_away_topic_name_leads_to_the_topic_it_was_merged_into(client, attendee):
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    TopicAlias.objects.create(topic=kubernetes, name="k8s", slug="k8s")
    client.post(PROPOSE_URL, proposal(event=EventFactory().pk, topics="K8S"))
    talk = Talk.objects.get()
    assert (list(talk.topics.all()), talk.topic_suggestions.count()) == ([kubernetes], 0)


def test_topics_match_aliases_whatever_the_accents_and_case(client, attendee):
    topic = TopicFactory(name="Sécurité", slug="securite")
    TopicAlias.objects.create(topic=topic, name="AppSec", slug="appsec")
    client.post(PROPOSE_URL, proposal(event=EventFactory().pk, topics="securite, APPSEC"))
    assert list(Talk.objects.get().topics.all()) == [topic]


def test_speaker_alias_links_to_the_known_speaker(client, attendee):
    speaker = SpeakerFactory(name="Aurélie Vache")
    SpeakerAlias.objects.create(speaker=speaker, name="Aurelie V.", slug="aurelie-v")
    client.post(PROPOSE_URL, proposal(event=EventFactory().pk, speakers="aurelie v."))
    assert list(Talk.objects.get().speakers.all()) == [speaker]
    assert Speaker.objects.count() == 1


def test_filled_honeypot_refuses_the_proposal_but_keeps_it(client, attendee):
    event = EventFactory()
    response = client.post(
        PROPOSE_URL, proposal(event=event.pk, website="http://spam.example", note_body="text")
    )
    assert response.context["form"].errors == {
        "website": ["This field must stay empty: it is here to catch spam robots."]
    }
    assert response.context["form"]["note_body"].value() == "text"
    assert Talk.objects.count() == 0


def test_likely_duplicate_is_pointed_out_before_submitting(client, attendee):
    event = EventFactory()
    existing = TalkFactory(event=event, title="Observability on a budget")
    data = proposal(event=event.pk, title="Observabilité on a Budget!", note_body="kept")

    first = client.post(PROPOSE_URL, data)
    html = first.content.decode()

    assert first.status_code == 200
    assert first.context["duplicate_talks"] == [existing]
    assert reverse("talks:note-create", args=[event.slug, existing.slug]) in html
    assert 'name="not_a_duplicate"' in html
    assert Talk.objects.count() == 1

    confirmed = client.post(PROPOSE_URL, data | {"not_a_duplicate": "on"})
    assert confirmed.status_code == 302
    assert Talk.objects.count() == 2


def test_different_titles_are_not_duplicates(client, attendee):
    event = EventFactory()
    TalkFactory(event=event, title="Observability on a budget")
    response = client.post(PROPOSE_URL, proposal(event=event.pk, title="Rust for Java devs"))
    assert response.status_code == 302


def test_duplicate_hints_never_reveal_others_pending_proposals(client, attendee):
    event = EventFactory()
    TalkFactory(event=event, title="Observability on a budget", status=TalkStatus.PENDING)
    response = client.post(PROPOSE_URL, proposal(event=event.pk, title="Observability on a budget"))
    assert response.status_code == 302


def test_similar_event_is_pointed_out_for_a_new_event(client, attendee):
    listed = EventFactory(name="DevFest Nantes 2025")
    response = client.post(
        PROPOSE_URL,
        proposal(
            event_name="Devfest Nantes 2025",
            event_start_date="2025-10-16",
            event_end_date="2025-10-17",
        ),
    )
    assert response.context["similar_events"] == EventLookalikes(listed=[listed])
    assert Event.objects.count() == 1


def test_similar_events_awaiting_review_are_pointed_out_without_naming_others(client, attendee):
    mine = EventFactory(name="Volcamp 2026", status=EventStatus.PENDING, proposed_by=attendee)
    EventFactory(name="Volcamp 2026 Clermont", status=EventStatus.PENDING)
    EventFactory(name="Volcamp 2026 bis", status=EventStatus.REJECTED)
    response = client.post(
        PROPOSE_URL,
        proposal(
            event_name="Volcamp 2026", event_start_date="2026-10-02", event_end_date="2026-10-02"
        ),
    )
    html = response.content.decode()
    assert response.context["similar_events"] == EventLookalikes(
        listed=[mine], awaiting_review_elsewhere=True
    )
    assert "An event with a very similar name is already awaiting review" in html
    assert "Clermont" not in html and "bis" not in html
    assert 'name="not_a_duplicate"' in html
    assert Event.objects.count() == 3


def test_preview_of_the_notes_saves_nothing(client, attendee):
    response = client.post(
        PROPOSE_URL,
        proposal(event=EventFactory().pk, note_body="*draft*", action="preview"),
    )
    assert response.context["preview_html"] == "<p><em>draft</em></p>"
    assert Talk.objects.count() == 0


def test_speaker_suggestions_match_accents_and_case(client, attendee):
    TalkFactory(
        speakers=[SpeakerFactory(name="Jérôme Petazzoni"), SpeakerFactory(name="Someone Else")]
    )
    response = client.get(
        reverse("talks:speaker-suggestions"),
        {"speakers": "Ada Lovelace\nJEROME"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Known speakers like “JEROME”:" in html
    assert ">Jérôme Petazzoni</a>" in html
    assert "Someone Else" not in html
    assert "<html" not in html


def test_speaker_suggestions_match_punctuation_as_the_importer_does(client, attendee):
    TalkFactory(speakers=[SpeakerFactory(name="Jean-Pierre Martin")])
    response = client.get(
        reverse("talks:speaker-suggestions"),
        {"speakers": "jean pierre martin"},
        headers={"HX-Request": "true"},
    )

    assert ">Jean-Pierre Martin</a>" in response.content.decode()


def test_speakers_typed_twice_with_other_punctuation_are_one(client, attendee):
    response = client.post(
        PROPOSE_URL,
        proposal(speakers="Jean-Pierre Martin\njean pierre martin", action="preview"),
    )

    assert response.context["form"].cleaned_data["speakers"] == ["Jean-Pierre Martin"]


def test_speaker_hints_without_javascript_list_each_typed_name(client, attendee):
    TalkFactory(
        speakers=[SpeakerFactory(name="Jérôme Petazzoni"), SpeakerFactory(name="Aurélie Vache")]
    )
    response = client.post(
        PROPOSE_URL,
        proposal(speakers="petazzoni\naurelie vach\nNobody Known", action="preview"),
    )
    hints = {
        typed: [s.name for s in found] for typed, found in response.context["speaker_hints"].items()
    }
    assert hints == {
        "petazzoni": ["Jérôme Petazzoni"],
        "aurelie vach": ["Aurélie Vache"],
        "Nobody Known": [],
    }


def test_lookalikes_endpoint_lists_similar_titles_at_the_event(client, attendee):
    event = EventFactory()
    TalkFactory(event=event, title="Kubernetes security in practice")
    TalkFactory(title="Kubernetes security in practice")
    response = client.get(
        reverse("talks:lookalikes"),
        {"event": event.pk, "title": "kubernetes security practice"},
    )
    html = response.content.decode()
    assert html.count("<li>") == 1
    assert "Kubernetes security in practice</a>" in html


@pytest.mark.parametrize("event", ["x'--", "²", "①", "9223372036854775808"])
def test_lookalikes_endpoint_ignores_a_malformed_event(client, attendee, event):
    response = client.get(reverse("talks:lookalikes"), {"event": event, "title": "Anything"})
    assert response.status_code == 200
    assert "<li>" not in response.content.decode()


def test_propose_form_lists_published_events_and_my_own_awaiting_review(client, attendee):
    published = EventFactory(name="Listed", start_date=datetime.date(2025, 1, 1))
    mine = EventFactory(name="Mine", status=EventStatus.PENDING, proposed_by=attendee)
    EventFactory(name="Proposed by someone", status=EventStatus.PENDING)
    EventFactory(name="Mine, refused", status=EventStatus.REJECTED, proposed_by=attendee)
    response = client.get(PROPOSE_URL)
    html = response.content.decode()
    assert list(response.context["form"].fields["event"].queryset) == [mine, published]
    assert f'<option value="{mine.pk}">Mine (yours, awaiting review)</option>' in html


def test_propose_form_preselects_the_event_of_the_address(client, attendee):
    event = EventFactory(name="DevFest Nantes 2025")
    hidden = EventFactory(status=EventStatus.PENDING)
    response = client.get(PROPOSE_URL, {"event": event.slug})
    assert f'<option value="{event.pk}" selected>DevFest Nantes 2025</option>' in (
        response.content.decode()
    )
    for slug in (hidden.slug, "no-such-event", "x" * 300):
        assert client.get(PROPOSE_URL, {"event": slug}).context["form"]["event"].value() is None


def test_talk_for_my_event_awaiting_review_joins_it(client, attendee):
    mine = EventFactory(status=EventStatus.PENDING, proposed_by=attendee)
    response = client.post(PROPOSE_URL, proposal(event=mine.pk))
    assert response.status_code == 302
    assert Talk.objects.get().event == mine
    assert Event.objects.count() == 1


def test_others_event_awaiting_review_cannot_be_picked(client, attendee):
    theirs = EventFactory(status=EventStatus.PENDING)
    response = client.post(PROPOSE_URL, proposal(event=theirs.pk))
    assert list(response.context["form"].errors) == ["event"]
    assert Talk.objects.count() == 0


def test_new_event_gets_its_country_venue_and_series(client, attendee):
    series = SeriesFactory(name="Volcamp")
    EventFactory(series=series)
    client.post(
        PROPOSE_URL,
        proposal_of_a_new_event(event_country="FR", event_venue="Polydome", event_series="VOLCAMP"),
    )
    event = Event.objects.get(status=EventStatus.PENDING)
    assert (event.country, event.venue, event.series) == ("FR", "Polydome", series)


def test_country_is_chosen_among_countries_named_in_the_readers_language(client, attendee):
    english = client.get(PROPOSE_URL).content.decode()
    french = client.get(PROPOSE_URL, headers={"accept-language": "fr"}).content.decode()
    assert '<option value="DE">Germany</option>' in english
    assert '<option value="DE">Allemagne</option>' in french
    response = client.post(PROPOSE_URL, proposal_of_a_new_event(event_country="XX"))
    assert list(response.context["form"].errors) == ["event_country"]


@pytest.fixture
def readers(db) -> dict[str, Client]:
    """Everyone but the proposer: an anonymous reader and another signed-in attendee."""
    other = Client()
    other.force_login(UserFactory(username="someone-else"))
    return {"anonymous": Client(), "other attendee": other}


def html_of(reader: Client, url: str, data: dict | None = None) -> str:
    return reader.get(url, data).content.decode()


def assert_speaker_hidden_from(reader: Client) -> None:
    assert reader.get("/speakers/any-name/").status_code == 404
    assert "Any Name" not in html_of(reader, "/speakers/")
    assert "Any Name" not in html_of(reader, "/talks/", {"speaker": "any-name"})


def test_proposed_speaker_is_hidden_from_others_until_the_talk_is_approved(
    client, attendee, readers, editor
):
    client.post(PROPOSE_URL, proposal(event=EventFactory().pk, speakers="Any Name"))

    for reader in readers.values():
        assert_speaker_hidden_from(reader)
    others_hints = html_of(readers["other attendee"], SUGGESTIONS_URL, {"speakers": "Any Name"})
    assert "Any Name" not in others_hints

    talk_approve(talks=Talk.objects.all(), editor=editor)

    anonymous = readers["anonymous"]
    assert anonymous.get("/speakers/any-name/").status_code == 200
    assert ">Any Name</a>" in html_of(anonymous, "/speakers/")
    assert "Talks by Any Name" in html_of(anonymous, "/talks/", {"speaker": "any-name"})
    others_hints = html_of(readers["other attendee"], SUGGESTIONS_URL, {"speakers": "Any Name"})
    assert 'href="/speakers/any-name/" target="_blank" rel="noopener">Any Name</a>.' in others_hints


def test_proposer_sees_their_new_speaker_awaiting_review(client, attendee):
    client.post(PROPOSE_URL, proposal(event=EventFactory().pk, speakers="Any Name"))

    page = client.get("/speakers/any-name/")
    hints = html_of(client, SUGGESTIONS_URL, {"speakers": "Any Name"})

    assert page.status_code == 200
    assert "<h1>Any Name</h1>" in page.content.decode()
    assert (
        "Awaiting review: only you see this speaker until an editor publishes a talk of theirs."
        in page.content.decode()
    )
    assert '>Any Name</a> <span class="status status-pending">awaiting review</span>.' in hints


def test_speaker_of_a_rejected_proposal_stays_hidden(client, attendee, readers, editor):
    client.post(PROPOSE_URL, proposal(event=EventFactory().pk, speakers="Any Name"))

    talk_reject(talks=Talk.objects.all(), editor=editor, reason="Not a real talk.")

    for reader in [*readers.values(), client]:
        assert_speaker_hidden_from(reader)
        assert "Any Name" not in html_of(reader, SUGGESTIONS_URL, {"speakers": "Any Name"})


def test_known_speaker_is_still_suggested_and_public_when_proposed_again(client, attendee, readers):
    known = SpeakerFactory(name="Jérôme Petazzoni")
    TalkFactory(speakers=[known])
    client.post(PROPOSE_URL, proposal(event=EventFactory().pk, speakers="jerome petazzoni"))

    hints = html_of(client, SUGGESTIONS_URL, {"speakers": "petazzoni"})

    assert f'href="{known.get_absolute_url()}" target="_blank" rel="noopener">' in hints
    assert "awaiting review" not in hints
    assert readers["anonymous"].get(known.get_absolute_url()).status_code == 200


def proposal_of_a_new_event(**overrides) -> dict:
    return proposal(
        event_name="Volcamp 2025",
        event_start_date="2025-10-02",
        event_end_date="2025-10-03",
        speakers="Any Name",
        **overrides,
    )


def assert_event_hidden_from(reader: Client) -> None:
    assert reader.get("/events/volcamp-2025/").status_code == 404
    for url in ("/", "/events/", "/talks/?event=volcamp-2025"):
        assert "Volcamp" not in html_of(reader, url)


def test_proposed_event_is_hidden_from_others_until_approved(client, attendee, readers, editor):
    client.post(PROPOSE_URL, proposal_of_a_new_event())

    for reader in readers.values():
        assert_event_hidden_from(reader)
    lookalikes = html_of(readers["other attendee"], LOOKALIKES_URL, {"event_name": "Volcamp"})
    assert "Volcamp" not in lookalikes
    assert "Volcamp" not in html_of(readers["other attendee"], PROPOSE_URL)

    event_approve(events=Event.objects.all(), editor=editor)
    talk_approve(talks=Talk.objects.all(), editor=editor)

    anonymous = readers["anonymous"]
    assert anonymous.get("/events/volcamp-2025/").status_code == 200
    assert ">Volcamp 2025</a>" in html_of(anonymous, "/events/")
    assert anonymous.get("/speakers/any-name/").status_code == 200


def test_speaker_of_an_approved_talk_at_a_rejected_event_stays_hidden(
    client, attendee, readers, editor
):
    client.post(PROPOSE_URL, proposal_of_a_new_event())
    event_reject(events=Event.objects.all(), editor=editor)

    # Approving a talk publishes its event while pending review, never once rejected.
    talk_approve(talks=Talk.objects.all(), editor=editor)

    assert Event.objects.get().status == EventStatus.REJECTED
    for reader in [*readers.values(), client]:
        assert_speaker_hidden_from(reader)


def test_proposer_sees_their_new_event_awaiting_review(client, attendee):
    client.post(PROPOSE_URL, proposal_of_a_new_event())

    page = client.get("/events/volcamp-2025/")

    assert page.status_code == 200
    assert "<h1>Volcamp 2025</h1>" in page.content.decode()
    assert (
        "Awaiting review: only you see this event until an editor approves it."
        in page.content.decode()
    )


def test_rejected_proposed_event_stays_hidden(client, attendee, readers, editor):
    client.post(PROPOSE_URL, proposal_of_a_new_event())

    event_reject(events=Event.objects.all(), editor=editor, reason="Not a conference.")

    for reader in [*readers.values(), client]:
        assert_event_hidden_from(reader)
        assert_speaker_hidden_from(reader)


def test_proposed_event_without_a_series_has_none(client, attendee):
    client.post(PROPOSE_URL, proposal_of_a_new_event())
    assert Event.objects.get().series is None


def test_topic_used_only_by_a_proposal_is_hidden_until_the_talk_is_approved(
    client, attendee, readers, editor
):
    # Proposals take existing topics only: an editor made this one, no published talk has it.
    TopicFactory(name="Quantum Knitting", slug="quantum-knitting")
    client.post(PROPOSE_URL, proposal(event=EventFactory().pk, topics="Quantum Knitting"))

    for reader in [*readers.values(), client]:
        assert reader.get("/topics/quantum-knitting/").status_code == 404
        for url in ("/", "/topics/", "/talks/?topic=quantum-knitting"):
            assert "Quantum Knitting" not in html_of(reader, url)

    talk_approve(talks=Talk.objects.all(), editor=editor)

    anonymous = readers["anonymous"]
    assert anonymous.get("/topics/quantum-knitting/").status_code == 200
    assert ">Quantum Knitting</a>" in html_of(anonymous, "/topics/")


@pytest.mark.parametrize("size", [1, 30])
def test_propose_form_runs_a_fixed_number_of_queries(
    client, attendee, django_assert_num_queries, size
):
    for number in range(size):
        topic = TopicFactory(name=f"Topic {number}", slug=f"topic-{number}")
        TalkFactory(topics=[topic])
    EventFactory(status=EventStatus.PENDING, proposed_by=attendee)
    # Session, user; the events to choose from, the topics and the series to suggest.
    with django_assert_num_queries(5):
        response = client.get(PROPOSE_URL)
    assert len(response.context["form"].fields["event"].queryset) == size + 1


def test_lookalikes_endpoint_names_my_events_awaiting_review_but_not_others(client, attendee):
    EventFactory(name="Volcamp 2026", status=EventStatus.PENDING, proposed_by=attendee)
    EventFactory(name="Volcamp 2026 Clermont", status=EventStatus.PENDING)
    html = client.get(LOOKALIKES_URL, {"event_name": "Volcamp 2026"}).content.decode()
    assert "Volcamp 2026</a>" in html
    assert "yours, awaiting review" in html
    assert "Clermont" not in html
    assert "An event with a very similar name is already awaiting review" in html


@pytest.mark.parametrize(
    ("languages", "text_language", "expected"),
    [
        (["fr"], "en", "en"),  # an English title for a talk given in French
        (["fr"], "", "fr"),  # left blank: the talk's only language
        (["fr", "en"], "", ""),  # left blank, a bilingual talk: unknown
    ],
)
def test_proposal_gives_the_language_of_its_title_and_abstract(
    client, attendee, languages, text_language, expected
):
    client.post(
        PROPOSE_URL,
        proposal(event=EventFactory().pk, languages=languages, text_language=text_language),
    )

    assert Talk.objects.get().text_language == expected


def test_proposal_form_refuses_a_text_language_it_does_not_know(client, attendee):
    response = client.post(PROPOSE_URL, proposal(event=EventFactory().pk, text_language="klingon"))

    assert list(response.context["form"].errors) == ["text_language"]
    assert Talk.objects.count() == 0
