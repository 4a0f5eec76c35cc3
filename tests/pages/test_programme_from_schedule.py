"""Filling the programme form from a conference's published schedule: a file or an address,
read into the form for the proposer to check; nothing is sent before they send it."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from talks.models import Proposal, TalkStatus, TopicSuggestion
from tests.factories import TopicFactory, UserFactory
from tests.http_server import answer

pytestmark = pytest.mark.django_db

PROGRAMME_URL = reverse("talks:propose-programme")
INTEROP = Path(__file__).resolve().parent.parent / "data" / "interop"
# The session, the user, and the names and events the form offers: whatever the schedule's size.
FILL_QUERIES = 5


@pytest.fixture
def attendee(client):
    user = UserFactory(username="grace")
    client.force_login(user)
    return user


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content if content is not None else (INTEROP / name).read_bytes()
    )


def fill(client, **source):
    return client.post(PROGRAMME_URL, {"action": "from-schedule", "address": "", **source})


def filled_data(response) -> dict:
    """What the browser sends back when the proposer presses Send without changing anything."""
    data = {}
    for bound in (response.context["form"], *response.context["rows"].forms):
        for name, value in bound.data.lists():
            data[name] = value if len(value) > 1 or name.endswith("languages") else value[0]
    data.update(response.context["rows"].management_form.data)
    return data


@pytest.mark.usefixtures("attendee")
def test_a_schedule_file_fills_the_form_and_nothing_is_sent(client):
    TopicFactory(name="Phased", slug="phased")

    response = fill(client, file=upload("pretalx-democon.json"))

    assert response.status_code == 200
    form, rows = response.context["form"], response.context["rows"]
    assert (form["event_name"].value(), form["event_start_date"].value()) == (
        "DemoCon",
        "2020-12-14",
    )
    assert form["event_end_date"].value() == "2020-12-16"
    assert form["languages"].value() == ["en"]
    assert rows.total_form_count() == 36
    first = rows.forms[0]
    assert [first[name].value() for name in ("title", "speakers", "date", "start_time")] == [
        "Focused 5thgeneration hardware",
        "Brian Robinson",
        "2020-12-14",
        # In the conference's time zone, UTC here, as the importer keeps it.
        "08:00",
    ]
    assert first["topics"].value() == "Phased"
    assert not form.errors and not any(row.errors for row in rows.forms)
    content = response.content.decode()
    assert "The form is filled from pretalx-democon.json: 36 talks." in content
    assert 'value="Focused 5thgeneration hardware"' in content
    assert Proposal.objects.count() == 0


@pytest.mark.usefixtures("attendee")
def test_the_filled_form_sent_as_it_is_is_one_proposal_of_all_its_talks(client):
    TopicFactory(name="Phased", slug="phased")
    filled = fill(client, file=upload("pretalx-democon.json"))

    sent = client.post(PROGRAMME_URL, filled_data(filled) | {"action": "submit"})

    assert sent.status_code == 302, sent.context["form"].errors
    proposal = Proposal.objects.get()
    assert (proposal.event.name, proposal.talks.count()) == ("DemoCon", 36)
    assert set(proposal.talks.values_list("status", flat=True)) == {TalkStatus.PENDING}
    # Tracks the site has are its topics; the others are suggested to the editors.
    assert proposal.talks.filter(topics__slug="phased").exists()
    assert TopicSuggestion.objects.exclude(name="Phased").exists()
    assert not TopicSuggestion.objects.filter(name="Phased").exists()


@pytest.mark.usefixtures("attendee")
def test_a_sessionize_export_fills_the_days_and_leaves_the_name_to_type(client):
    response = fill(client, file=upload("sessionize-all.json"))

    form = response.context["form"]
    assert response.status_code == 200
    assert form["event_name"].value() == ""
    assert form["event_start_date"].value() == form["event_end_date"].value() != ""
    assert response.context["rows"].total_form_count() > 10


@pytest.mark.usefixtures("attendee")
@pytest.mark.parametrize(
    ("source", "message"),
    [
        pytest.param(
            {"file": upload("invalid-example.json")},
            "This schedule cannot be read: invalid-example.json: schedule.",
            id="invalid",
        ),
        pytest.param(
            {"file": upload("notes.txt", b"just some notes")},
            "neither a schedule JSON nor a schedule.xml file",
            id="unrecognised",
        ),
        pytest.param({}, "Give a file or an address.", id="nothing"),
        pytest.param(
            {"file": upload("schedule.json", b"{}"), "address": "https://example.org/s.json"},
            "Give a file or an address, not both.",
            id="both",
        ),
    ],
)
def test_what_cannot_be_read_is_said_and_the_form_stays_empty(client, source, message):
    response = fill(client, **source)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["rows"].forms[0]["title"].value() in (None, "")
    assert Proposal.objects.count() == 0


@pytest.mark.usefixtures("attendee")
def test_a_schedule_longer_than_a_proposal_is_refused(client, monkeypatch):
    monkeypatch.setattr("pages.forms.programmes.MAX_ROWS", 50)

    response = fill(client, file=upload("frab-camp2019.json"))

    assert "This schedule has 79 talks, and a proposal holds at most 50" in (
        response.content.decode()
    )


@pytest.mark.usefixtures("attendee", "loopback_fetching_allowed")
def test_a_schedule_address_is_fetched(client, http_server):
    http_server.routes["/schedule.xml"] = answer((INTEROP / "democon-day1.xml").read_bytes())

    response = fill(client, address=http_server.url("/schedule.xml"))

    assert response.context["form"]["event_name"].value() == "DemoCon"
    assert response.context["rows"].total_form_count() > 1
    assert http_server.requested == ["/schedule.xml"]


@pytest.mark.usefixtures("attendee")
def test_a_private_address_is_refused_without_being_fetched(client, http_server):
    http_server.routes["/schedule.xml"] = answer(b"<schedule/>")

    response = fill(client, address=http_server.url("/schedule.xml"))

    assert "private" in response.content.decode()
    assert http_server.requested == []


@pytest.mark.usefixtures("attendee", "rate_limit_clock_stopped")
def test_readings_are_rate_limited(client, settings):
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"schedule-read": {"user": (2, 3600)}}

    codes = [fill(client, file=upload("democon-day1.json")).status_code for _ in range(3)]

    assert codes == [200, 200, 429]


@pytest.mark.usefixtures("attendee")
@pytest.mark.parametrize("name", ["democon-day1.json", "frab-camp2019.json"])
def test_filling_runs_a_fixed_number_of_queries(client, name, django_assert_num_queries):
    TopicFactory(name="Phased", slug="phased")
    with django_assert_num_queries(FILL_QUERIES):
        response = fill(client, file=upload(name))
    assert response.context["rows"].total_form_count() > 1
