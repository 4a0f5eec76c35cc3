"""Proposing a conference with all its talks in one go: one proposal, pending until approved."""

import datetime
from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from events.models import Event, EventStatus
from events.services import ProposedEvent
from pages.forms.programmes import MAX_ROWS
from talks.models import Proposal, Talk, TalkStatus, Topic, TopicAlias, TopicSuggestion
from talks.services.moderation import talk_reject
from talks.services.programmes import ProposedTalk, programme_propose
from tests.factories import (
    EventFactory,
    SeriesFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PROGRAMME_URL = reverse("talks:propose-programme")
DAY = datetime.date(2026, 6, 12)


@pytest.fixture
def attendee(client):
    user = UserFactory(username="grace")
    client.force_login(user)
    return user


def row(number: int, **fields) -> dict:
    """One talk row as the browser sends it: every field, blank or not."""
    values = {
        "title": "",
        "speakers": "",
        "date": "",
        "start_time": "",
        "talk_format": "talk",
        "topics": "",
    } | fields
    return {f"talks-{number}-{name}": value for name, value in values.items()}


def programme(*rows: dict, total: int | None = None, **event) -> dict:
    """A programme form as the browser sends it: a new one-day event, then the rows."""
    data = {
        "event": "",
        "event_name": "KCD Lyon 2026",
        "event_start_date": DAY.isoformat(),
        "event_end_date": DAY.isoformat(),
        "event_city": "Lyon",
        "event_country": "FR",
        "event_venue": "Halle Tony Garnier",
        "event_series": "",
        "event_website": "",
        "languages": ["fr"],
        "comment": "",
        "website": "",
        "action": "submit",
        "talks-TOTAL_FORMS": str(total if total is not None else len(rows)),
        "talks-INITIAL_FORMS": "0",
        "talks-MIN_NUM_FORMS": "0",
        "talks-MAX_NUM_FORMS": str(MAX_ROWS),
    }
    for fields in rows:
        data |= fields
    return data | event


def talk_rows(count: int, start: int = 0) -> list[dict]:
    return [
        row(number, title=f"Talk {number}", speakers=f"Speaker {number}")
        for number in range(start, start + count)
    ]


def html_of(response) -> str:
    return response.content.decode()


def test_form_starts_with_five_blank_rows_and_a_row_to_copy(client, attendee):
    response = client.get(PROGRAMME_URL)
    html = html_of(response)
    assert response.status_code == 200
    assert len(response.context["rows"].forms) == 5
    assert 'name="talks-TOTAL_FORMS" value="5"' in html
    assert html.count('<fieldset class="talk-row"') == 6
    assert '<template id="talk-row-template">' in html
    assert 'name="talks-__prefix__-title"' in html
    assert "/static/js/programme-rows.js" in html


def test_conference_and_its_talks_are_one_pending_proposal(client, attendee):
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    series = SeriesFactory(name="Kubernetes Community Days")
    response = client.post(
        PROGRAMME_URL,
        programme(
            row(
                0,
                title="Ouverture",
                speakers="Ada Lovelace",
                talk_format="keynote",
                start_time="09:00",
            ),
            row(
                1,
                title="Maillage de services",
                speakers="Grace Hopper\nAlan Turing",
                topics="kubernetes, Service Mesh",
                languages=["en", "fr"],
            ),
            row(2),
            row(3, title="Stockage", speakers="Ada Lovelace", topics="Storage, storage"),
            row(4),
            event_series="kubernetes community days",
            comment="Programme copied from the website.",
        ),
    )
    proposal = Proposal.objects.get()
    event = proposal.event
    talks = list(proposal.talks.order_by("pk"))

    assert response.status_code == 302
    assert response.url == reverse("my-contributions")
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Thank you! Your 3 talks will be listed once an editor has approved them."
    ]
    assert (proposal.proposer, proposal.event_is_new, proposal.comment) == (
        attendee,
        True,
        "Programme copied from the website.",
    )
    assert (event.name, event.status, event.country, event.venue, event.series) == (
        "KCD Lyon 2026",
        EventStatus.PENDING,
        "FR",
        "Halle Tony Garnier",
        series,
    )
    assert [
        (talk.title, talk.status, talk.format, talk.languages, talk.date, talk.start_time)
        for talk in talks
    ] == [
        ("Ouverture", TalkStatus.PENDING, "keynote", ["fr"], DAY, datetime.time(9)),
        ("Maillage de services", TalkStatus.PENDING, "talk", ["en", "fr"], DAY, None),
        ("Stockage", TalkStatus.PENDING, "talk", ["fr"], DAY, None),
    ]
    assert [s.name for s in talks[1].speakers.order_by("talk_speakers__order")] == [
        "Grace Hopper",
        "Alan Turing",
    ]
    assert list(talks[1].topics.all()) == [kubernetes]
    assert sorted(TopicSuggestion.objects.values_list("talk__title", "name")) == [
        ("Maillage de services", "Service Mesh"),
        ("Stockage", "Storage"),
    ]
    assert Topic.objects.count() == 1


def test_merged_away_topic_names_lead_to_the_topic(client, attendee):
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    TopicAlias.objects.create(topic=kubernetes, name="k8s", slug="k8s")
    client.post(PROGRAMME_URL, programme(row(0, title="A", speakers="B", topics="K8s")))
    talk = Talk.objects.get()
    assert (list(talk.topics.all()), talk.topic_suggestions.count()) == ([kubernetes], 0)


def test_talks_of_a_longer_event_keep_their_day_or_none(client, attendee):
    client.post(
        PROGRAMME_URL,
        programme(
            row(0, title="Day two", speakers="Ada", date="2026-06-13"),
            row(1, title="Some day", speakers="Ada"),
            event_end_date="2026-06-13",
        ),
    )
    assert list(Talk.objects.order_by("pk").values_list("date", flat=True)) == [
        datetime.date(2026, 6, 13),
        None,
    ]


def test_blank_rows_are_ignored_but_at_least_one_talk_is_needed(client, attendee):
    response = client.post(PROGRAMME_URL, programme(row(0), row(1)))
    assert response.status_code == 200
    assert response.context["rows"].non_form_errors() == ["Add at least one talk."]
    assert "Add at least one talk." in html_of(response)
    assert (Event.objects.count(), Talk.objects.count()) == (0, 0)


def test_failing_form_comes_back_with_everything_typed_and_errors_at_the_row(client, attendee):
    response = client.post(
        PROGRAMME_URL,
        programme(
            row(0, title="Kept title", speakers="Kept Speaker", topics="Kafka"),
            row(1, title="No speaker"),
            row(2, title="Wrong day", speakers="Ada", date="2026-07-01"),
            row(3, title="kept title!", speakers="Someone"),
            event_city="Lyon la belle",
            event_end_date="",
        ),
    )
    rows = response.context["rows"]
    html = html_of(response)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "event_end_date": ["Pick the event above, or describe the new one with this field."]
    }
    assert [form.errors for form in rows.forms] == [
        {},
        {"speakers": ["This field is required."]},
        {},
        {"title": ["Talk 1 has the same title."]},
    ]
    assert "Nothing was saved yet: please correct what is marked below." in html
    assert 'value="Kept title"' in html
    assert ">\nKept Speaker</textarea>" in html
    assert 'value="Kafka"' in html
    assert 'value="Lyon la belle"' in html
    assert (Event.objects.count(), Talk.objects.count()) == (0, 0)

    # With the event's days known, a day outside them is pointed out at its row.
    response = client.post(
        PROGRAMME_URL,
        programme(
            row(0, title="Kept title", speakers="Kept Speaker"),
            row(1, title="Wrong day", speakers="Ada", date="2026-07-01"),
        ),
    )
    assert [form.errors for form in response.context["rows"].forms] == [
        {},
        {"date": ["The event takes place on June 12, 2026 only."]},
    ]
    assert Talk.objects.count() == 0


def test_add_rows_without_javascript_keeps_everything_typed(client, attendee):
    typed = programme(
        row(0, title="Half typed", topics="Serverless"),
        row(1),
        row(2, speakers="Only a speaker"),
        event_name="",
        event_city="Lyon",
        action="add-rows",
    )
    response = client.post(PROGRAMME_URL, typed)
    html = html_of(response)
    rows = response.context["rows"]

    assert response.status_code == 200
    assert len(rows.forms) == 8
    assert 'name="talks-TOTAL_FORMS" value="8"' in html
    assert 'name="talks-7-title"' in html
    assert 'value="Half typed"' in html and 'value="Serverless"' in html
    assert ">\nOnly a speaker</textarea>" in html
    assert 'value="Lyon"' in html
    assert 'value="fr" id="id_languages_10" checked>' in html
    # Nothing is judged yet, and nothing is saved.
    assert "errorlist" not in html and "Nothing was saved yet" not in html
    assert (Event.objects.count(), Talk.objects.count()) == (0, 0)

    # The rows come back as typed: sending them now saves them.
    sent = client.post(
        PROGRAMME_URL,
        programme(
            row(0, title="Half typed", speakers="Ada", topics="Serverless"),
            *[row(number) for number in range(1, 8)],
        ),
    )
    assert sent.status_code == 302
    assert list(Talk.objects.values_list("title", flat=True)) == ["Half typed"]


def test_add_rows_stops_at_the_most_a_proposal_holds(client, attendee):
    response = client.post(PROGRAMME_URL, programme(*talk_rows(MAX_ROWS - 2), action="add-rows"))
    assert len(response.context["rows"].forms) == MAX_ROWS


def test_a_hundred_talk_proposal_is_accepted_and_counted_once(
    client, attendee, settings, rate_limit_clock_stopped
):
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"proposal": {"user": (2, 3600)}}

    hundred = client.post(PROGRAMME_URL, programme(*talk_rows(100)))
    second = client.post(PROGRAMME_URL, programme(*talk_rows(1), event_name="Volcamp"))
    third = client.post(
        PROGRAMME_URL, programme(*talk_rows(1), event_name="Devoxx", comment="kept comment")
    )

    assert [hundred.status_code, second.status_code, third.status_code] == [302, 302, 429]
    assert Proposal.objects.count() == 2
    assert Talk.objects.count() == 101
    # Refused, the form comes back as it was sent.
    assert third.context["form"]["comment"].value() == "kept comment"
    assert 'value="Talk 0"' in html_of(third)


def test_more_rows_than_a_proposal_holds_are_refused_with_a_clear_message(client, attendee):
    response = client.post(PROGRAMME_URL, programme(*talk_rows(MAX_ROWS + 1)))
    message = "A proposal holds at most 200 talks: send the rest in another proposal."
    assert response.status_code == 200
    assert response.context["rows"].non_form_errors() == [message]
    assert message in html_of(response)
    assert Talk.objects.count() == 0


def test_a_thousand_rows_posted_get_the_limit_not_an_error(client, attendee):
    titles_only = programme(total=1000)
    for number in range(1000):
        titles_only[f"talks-{number}-title"] = f"Talk {number}"
    response = client.post(PROGRAMME_URL, titles_only)
    assert response.status_code == 200
    assert len(response.context["rows"].forms) == MAX_ROWS
    assert "A proposal holds at most 200 talks" in html_of(response)

    # Every field of a thousand rows is more than a form may send: the page for too big a form.
    too_big = client.post(PROGRAMME_URL, programme(*talk_rows(1000)))
    assert too_big.status_code == 400
    assert "this one had more" in html_of(too_big)
    assert Talk.objects.count() == 0


TAMPERED = "ManagementForm data is missing or has been tampered with"


@pytest.mark.parametrize(
    ("total", "initial", "message"),
    [
        ("1000000000", "0", "A proposal holds at most 200 talks"),
        ("-1", "0", "Add at least one talk."),
        ("abc", "0", TAMPERED),
        ("²", "0", TAMPERED),
        ("", "", TAMPERED),
    ],
)
def test_forged_row_counts_get_a_message(client, attendee, total, initial, message):
    data = programme(*talk_rows(3)) | {"talks-TOTAL_FORMS": total, "talks-INITIAL_FORMS": initial}
    response = client.post(PROGRAMME_URL, data)
    added = client.post(PROGRAMME_URL, data | {"action": "add-rows"})
    assert (response.status_code, added.status_code) == (200, 200)
    assert message in html_of(response)
    assert len(response.context["rows"].forms) <= MAX_ROWS
    assert len(added.context["rows"].forms) <= MAX_ROWS
    assert Talk.objects.count() == 0


def test_missing_management_form_gets_a_message(client, attendee):
    data = {key: value for key, value in programme(*talk_rows(2)).items() if "FORMS" not in key}
    response = client.post(PROGRAMME_URL, data)
    assert response.status_code == 200
    assert "ManagementForm data is missing" in html_of(response)
    assert Talk.objects.count() == 0


def test_talks_for_a_listed_event_and_its_likely_duplicates(client, attendee):
    event = EventFactory(name="DevFest Nantes 2025", start_date=DAY, end_date=DAY)
    existing = TalkFactory(event=event, title="Observability on a budget")
    TalkFactory(event=event, title="Someone's pending talk", status=TalkStatus.PENDING)
    data = programme(
        row(0, title="Observabilité on a Budget!", speakers="Ada"),
        row(1, title="Rust for Java developers", speakers="Grace"),
        row(2, title="Someone's pending talk", speakers="Alan"),
        event=event.pk,
        event_name="",
    )

    first = client.post(PROGRAMME_URL, data)
    rows = first.context["rows"].forms
    html = html_of(first)

    assert first.status_code == 200
    assert [getattr(form, "likely_duplicates", None) for form in rows] == [[existing], [], []]
    assert f'href="{existing.get_absolute_url()}"' in html
    assert "One talk above looks like a talk this event already lists: see its row." in html
    assert 'name="not_a_duplicate"' in html
    assert Talk.objects.count() == 2

    confirmed = client.post(PROGRAMME_URL, data | {"not_a_duplicate": "on"})
    proposal = Proposal.objects.get()
    assert confirmed.status_code == 302
    assert (proposal.event, proposal.event_is_new, proposal.talks.count()) == (event, False, 3)


def test_my_event_awaiting_review_is_offered_and_gets_more_talks(client, attendee):
    programme_propose(
        proposer=attendee,
        event=ProposedEvent(name="Volcamp 2026", start_date=DAY, end_date=DAY),
        talks=[ProposedTalk(title="First", speaker_names=["Ada"], languages=["fr"])],
    )
    mine = Event.objects.get()
    theirs = EventFactory(name="Theirs", status=EventStatus.PENDING)

    page = client.get(PROGRAMME_URL, {"event": mine.slug})
    assert f'<option value="{mine.pk}" selected>Volcamp 2026 (yours, awaiting review)</option>' in (
        html_of(page)
    )
    assert "Theirs" not in html_of(page)

    refused = client.post(PROGRAMME_URL, programme(*talk_rows(1), event=theirs.pk, event_name=""))
    assert list(refused.context["form"].errors) == ["event"]

    added = client.post(
        PROGRAMME_URL,
        programme(row(0, title="Second", speakers="Ada"), event=mine.pk, event_name=""),
    )
    assert added.status_code == 302
    assert list(mine.talks.order_by("pk").values_list("title", flat=True)) == ["First", "Second"]
    assert Event.objects.filter(name__startswith="Volcamp").count() == 1


def test_new_event_like_one_awaiting_review_is_pointed_out_without_naming_others(client, attendee):
    EventFactory(name="KCD Lyon 2026 (draft)", status=EventStatus.PENDING)
    first = client.post(PROGRAMME_URL, programme(*talk_rows(1)))
    html = html_of(first)
    assert first.status_code == 200
    assert "An event with a very similar name is already awaiting review" in html
    assert "(draft)" not in html
    assert 'name="not_a_duplicate"' in html

    confirmed = client.post(PROGRAMME_URL, programme(*talk_rows(1), not_a_duplicate="on"))
    assert confirmed.status_code == 302
    assert Event.objects.count() == 2


def test_my_contributions_list_each_proposal_with_its_talks_statuses_and_reasons(
    client, attendee, editor
):
    client.post(PROGRAMME_URL, programme(*talk_rows(3)))
    talk_reject(
        talks=Talk.objects.filter(title="Talk 1"), editor=editor, reason="Not in the programme."
    )
    event = Event.objects.get()

    response = client.get(reverse("my-contributions"))
    html = html_of(response)
    (proposal,) = response.context["contributions"].proposals

    assert [(talk.title, talk.status) for talk in proposal.talks.all()] == [
        ("Talk 0", TalkStatus.PENDING),
        ("Talk 1", TalkStatus.REJECTED),
        ("Talk 2", TalkStatus.PENDING),
    ]
    assert "KCD Lyon 2026" in html and "New event: Awaiting review" in html
    assert "Not in the programme." in html
    assert f'href="{PROGRAMME_URL}?event={event.slug}">Add talks to this event</a>' in html


@pytest.mark.parametrize("size", [1, 30])
def test_form_runs_a_fixed_number_of_queries(client, attendee, django_assert_num_queries, size):
    for number in range(size):
        topic = TopicFactory(name=f"Topic {number}", slug=f"topic-{number}")
        TalkFactory(topics=[topic], event=EventFactory(series=SeriesFactory()))
    # Session, user; the events to choose from, the topics and the series to suggest.
    with django_assert_num_queries(5):
        response = client.get(PROGRAMME_URL)
    assert len(response.context["topic_names"]) == size


@pytest.mark.parametrize("size", [2, 60])
def test_a_programme_sent_back_runs_a_fixed_number_of_queries(
    client, attendee, django_assert_num_queries, size
):
    event = EventFactory(start_date=DAY, end_date=DAY)
    for number in range(size):
        topic = TopicFactory(name=f"Topic {number}", slug=f"topic-{number}")
        TalkFactory(event=event, title=f"Talk {number}", topics=[topic])
    rows = [
        row(number, title=f"Talk {number}", speakers="Ada\nGrace", topics=f"Topic {number}, New")
        for number in range(size)
    ]
    # Session, user; the chosen event; the topics typed and their aliases; the talks like
    # the rows'; the events, topics and series of the form shown again.
    with django_assert_num_queries(9):
        response = client.post(PROGRAMME_URL, programme(*rows, event=event.pk, event_name=""))
    assert response.status_code == 200
    assert response.context["duplicate_rows"] == size
    assert Talk.objects.count() == size


def test_signed_out_links_lead_to_signing_in_and_back(client):
    event = EventFactory(name="DevFest Nantes 2025")
    for url in (reverse("home"), reverse("events:list"), reverse("talks:list")):
        assert f'<a href="{PROGRAMME_URL}">Add a missing conference</a>' in html_of(client.get(url))
    event_page = html_of(client.get(event.get_absolute_url()))
    add_talk = f"{reverse('talks:propose')}?event={event.slug}"
    assert f'<a href="{add_talk}">Add a talk to this event</a>' in event_page

    to_login = client.get(add_talk)
    assert to_login.url == f"{reverse('login')}?next={quote(add_talk, safe='/')}"
    UserFactory(username="ada")
    signed_in = client.post(
        to_login.url, {"username": "ada", "password": "correct horse battery staple"}
    )
    assert signed_in.url == add_talk
    form = client.get(signed_in.url).context["form"]
    assert form["event"].value() == event.pk


def test_speakers_and_topics_are_limited_per_talk(client, attendee):
    speakers = "\n".join(f"Speaker {number}" for number in range(11))
    response = client.post(
        PROGRAMME_URL,
        programme(
            row(0, title="Crowded", speakers=speakers),
            row(1, title="Long topic", speakers="Ada", topics="x" * 101),
        ),
    )
    assert [form.errors for form in response.context["rows"].forms] == [
        {"speakers": ["At most 10 speakers, one per line."]},
        {"topics": ["A topic's name has at most 100 characters."]},
    ]
    assert Talk.objects.count() == 0


HOSTILE = ["²", "①", "-1", "1" + "0" * 30, "a" * 100_000, "' OR 1=1--", "%ZZ", "\u202e"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_in_every_field_never_give_a_server_error(client, attendee, value):
    valid = programme(row(0, title="Talk", speakers="Ada", topics="Kubernetes"))
    fields = [name for name in valid if name not in ("action", "talks-MAX_NUM_FORMS")]
    statuses = {
        field: client.post(PROGRAMME_URL, valid | {field: value}).status_code for field in fields
    }
    assert {status for status in statuses.values()} <= {200, 302}
    # Where the value was acceptable, it went in as text, once per proposal.
    assert Proposal.objects.count() == list(statuses.values()).count(302)


@pytest.mark.parametrize(
    ("title_language", "expected"),
    [
        ("en", {"Opening keynote": "en", "Service mesh": "en"}),
        # Left blank: each talk's only language, none for a bilingual one.
        ("", {"Opening keynote": "fr", "Service mesh": ""}),
    ],
)
def test_the_programme_gives_the_language_of_its_titles(client, attendee, title_language, expected):
    client.post(
        PROGRAMME_URL,
        programme(
            row(0, title="Opening keynote", speakers="Ada Lovelace"),
            row(1, title="Service mesh", speakers="Grace Hopper", languages=["fr", "en"]),
            title_language=title_language,
        ),
    )

    assert dict(Talk.objects.values_list("title", "text_language")) == expected
