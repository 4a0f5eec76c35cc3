"""The proposals' moderation queue and the page where an editor decides on one."""

import datetime
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from events.models import Event, EventStatus
from events.services import ProposedEvent
from talks.models import Proposal, Talk, TalkStatus, TopicSuggestion, TopicSuggestionStatus
from talks.services.moderation import talk_reject
from talks.services.programmes import ProposedTalk, programme_propose
from tests.factories import EventFactory, TalkFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 12)
QUEUE = reverse("admin:talks_proposal_changelist")


def _propose(event=None, talk_count=3, sent=None) -> Proposal:
    """A new conference by default; its first two talks suggest "Kafka", the second "Flink"."""
    rows = [
        ProposedTalk(
            "Opening",
            ["Zoé Premier", "Adam Second"],
            ["fr", "en"],
            talk_format="keynote",
            date=DAY,
            start_time=datetime.time(9, 30),
            duration=45,
            room="Amphi",
            suggested_topics=["Kafka"],
        ),
        ProposedTalk("Streams", ["Grace Neuve"], ["fr"], suggested_topics=["kafka", "Flink"]),
        *(
            ProposedTalk(f"Talk {number}", [f"Speaker {number}"], ["en"])
            for number in range(3, talk_count + 1)
        ),
    ]
    proposal = programme_propose(
        proposer=UserFactory(username="proposer"),
        event=event
        or ProposedEvent(
            name="KCD Lyon 2026", start_date=DAY, end_date=DAY, city="Lyon", venue="La Sucrière"
        ),
        talks=rows[:talk_count],
        comment="Programme from the website.",
    )
    if sent:
        Proposal.objects.filter(pk=proposal.pk).update(created_at=sent)
    return proposal


def _page(proposal):
    return reverse("admin:talks_proposal_change", args=[proposal.pk])


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _statuses(proposal):
    return (
        Event.objects.get(pk=proposal.event_id).status,
        dict(proposal.talks.values_list("title", "status")),
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# The queue


def test_the_queue_lists_open_proposals_first_with_their_event_counts_and_topics(editor_client):
    decided = _propose(event=EventFactory(name="DevFest Nantes 2025"), talk_count=1)
    talk_reject(talks=decided.talks.all(), editor=UserFactory())
    older = _propose(sent=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC))
    talk_reject(talks=older.talks.filter(title="Streams"), editor=UserFactory())

    response = editor_client.get(QUEUE)

    rows = [
        (
            row.event.name,
            row.pending_count,
            row.published_count,
            row.rejected_count,
            row.awaiting_names,
        )
        for row in response.context["cl"].result_list
    ]
    assert rows == [
        ("KCD Lyon 2026", 2, 0, 1, ["Kafka"]),
        ("DevFest Nantes 2025", 0, 0, 1, []),
    ]
    html = response.content.decode()
    assert "KCD Lyon 2026 · June 12, 2026 · Lyon · Awaiting review" in html
    assert '<td class="field-awaiting_topics">Kafka</td>' in html


def test_the_queue_filters_open_and_decided_proposals(editor_client):
    open_proposal = _propose()
    decided = _propose(event=EventFactory(), talk_count=1)
    talk_reject(talks=decided.talks.all(), editor=UserFactory())

    listed = {
        state: list(editor_client.get(QUEUE, {"state": state}).context["cl"].result_list)
        for state in ("open", "decided")
    }

    assert listed == {"open": [open_proposal], "decided": [decided]}


def test_nobody_adds_or_deletes_a_proposal_in_the_admin(admin_client):
    proposal = _propose()

    assert admin_client.get(reverse("admin:talks_proposal_add")).status_code == 403
    assert (
        admin_client.get(reverse("admin:talks_proposal_delete", args=[proposal.pk])).status_code
        == 403
    )


def test_queue_actions_approve_and_reject_whole_proposals(editor_client):
    kept = _propose()
    spam = _propose(event=ProposedEvent(name="Buy now 2026", start_date=DAY, end_date=DAY))

    approved = editor_client.post(
        QUEUE, {"action": "approve", ACTION_CHECKBOX_NAME: [kept.pk]}, follow=True
    )
    asked = editor_client.post(QUEUE, {"action": "reject", ACTION_CHECKBOX_NAME: [spam.pk]})
    rejected = editor_client.post(
        QUEUE,
        {"action": "reject", ACTION_CHECKBOX_NAME: [spam.pk], "apply": "1", "reason": "Spam."},
    )

    assert _messages(approved) == ["1 proposal approved."]
    assert asked.templates[0].name == "admin/curation/action_reason.html"
    assert _messages(rejected) == ["1 proposal rejected."]
    assert _statuses(kept)[0] == EventStatus.PUBLISHED
    assert set(spam.talks.values_list("status", "moderation_reason")) == {
        (TalkStatus.REJECTED, "Spam.")
    }


# The review page


def test_the_page_shows_the_event_every_talk_and_the_suggested_topics(editor_client):
    kubernetes = TopicFactory(name="Kubernetes")
    proposal = _propose()
    proposal.talks.get(title="Streams").topics.add(kubernetes)

    response = editor_client.get(_page(proposal))

    html = response.content.decode()
    assert response.status_code == 200
    assert "KCD Lyon 2026 · June 12, 2026 · Lyon · Awaiting review" in html
    assert "La Sucrière, Lyon" in html
    assert "Programme from the website." in html
    opening = re.search(
        r'<tr>\s*<td><input type="checkbox"[^>]*aria-label="Opening">.*?</tr>', html, re.S
    )
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", opening[0], re.S)
    assert cells[2:] == [
        "Zoé Premier, Adam Second",
        "June 12, 2026, 9:30 a.m. (45 minutes), Amphi",
        "Keynote",
        "fr, en",
        "\N{EN DASH}",
        "Kafka (Awaiting a decision)",
        "Awaiting review",
    ]
    assert "<td>Kubernetes</td>" in html
    assert [topic.name for topic in response.context["suggested_topics"]] == ["Kafka", "Flink"]
    assert response.context["suggested_topics"][0].talks == ["Opening", "Streams"]
    assert html.count('name="topic_decision" value="accept"') == 2


@pytest.mark.parametrize("talk_count", [3, 30])
def test_the_page_takes_the_same_queries_whatever_the_number_of_talks(
    editor_client, django_assert_num_queries, talk_count
):
    proposal = _propose(talk_count=talk_count)
    for talk in proposal.talks.all():
        talk.topics.add(TopicFactory())
        TopicSuggestion.objects.create(talk=talk, name=f"Idea {talk.pk}")

    # Session, user, the editor's and their group's permissions; the proposal with its event;
    # the talks, their speakers, topics and suggestions.
    with django_assert_num_queries(9):
        response = editor_client.get(_page(proposal))

    assert len(response.context["talks"]) == talk_count
    assert response.content.decode().count('value="map"') == talk_count + 2


def test_approve_all_publishes_the_event_and_every_pending_talk(editor_client):
    proposal = _propose()
    talk_reject(talks=proposal.talks.filter(title="Talk 3"), editor=UserFactory())

    response = editor_client.post(_page(proposal), {"decision": "approve-all"})

    assert response.status_code == 302
    assert response.url == _page(proposal)
    assert _messages(response) == ["Everything still pending in the proposal is approved."]
    assert _statuses(proposal) == (
        EventStatus.PUBLISHED,
        {"Opening": "published", "Streams": "published", "Talk 3": "rejected"},
    )


def test_approve_the_chosen_talks_publishes_them_and_the_new_event(editor_client):
    proposal = _propose()
    opening = proposal.talks.get(title="Opening")

    response = editor_client.post(
        _page(proposal), {"decision": "approve-chosen", "talks": [opening.pk]}
    )

    assert _messages(response) == ["1 talk approved."]
    assert _statuses(proposal) == (
        EventStatus.PUBLISHED,
        {"Opening": "published", "Streams": "pending", "Talk 3": "pending"},
    )


def test_reject_all_and_reject_the_chosen_talks_keep_the_reason_for_the_proposer(editor_client):
    proposal = _propose()
    streams = proposal.talks.get(title="Streams")

    editor_client.post(
        _page(proposal),
        {"decision": "reject-chosen", "talks": [streams.pk], "reason": "Duplicate."},
        follow=True,
    )
    response = editor_client.post(
        _page(proposal), {"decision": "reject-all", "reason": "Not a tech event."}
    )

    assert _messages(response) == ["Everything still pending in the proposal is rejected."]
    event = Event.objects.get(pk=proposal.event_id)
    assert (event.status, event.moderation_reason) == (EventStatus.REJECTED, "Not a tech event.")
    assert dict(proposal.talks.values_list("title", "moderation_reason")) == {
        "Opening": "Not a tech event.",
        "Streams": "Duplicate.",
        "Talk 3": "Not a tech event.",
    }


def test_a_decision_on_nothing_pending_says_so_and_changes_nothing(editor_client):
    proposal = _propose(talk_count=1)
    editor_client.post(_page(proposal), {"decision": "approve-all"}, follow=True)

    response = editor_client.post(_page(proposal), {"decision": "reject-all"})

    assert _messages(response) == ["Nothing was pending among what you chose: nothing was changed."]
    assert _statuses(proposal)[0] == EventStatus.PUBLISHED


def test_the_chosen_talks_without_any_ticked_come_back_with_what_was_typed(editor_client):
    proposal = _propose()

    response = editor_client.post(
        _page(proposal), {"decision": "reject-chosen", "reason": "Too vague."}
    )

    assert response.status_code == 200
    assert response.context["talk_form"].errors == {
        "talks": ["Tick the talks to approve or reject."]
    }
    assert ">\nToo vague.</textarea>" in response.content.decode()
    assert _statuses(proposal)[1] == {
        "Opening": "pending",
        "Streams": "pending",
        "Talk 3": "pending",
    }


def test_talks_of_another_proposal_cannot_be_chosen(editor_client):
    proposal = _propose()
    other = TalkFactory(status=TalkStatus.PENDING)

    response = editor_client.post(
        _page(proposal), {"decision": "approve-chosen", "talks": [other.pk]}
    )

    assert response.status_code == 200
    assert "talks" in response.context["talk_form"].errors
    assert Talk.objects.get(pk=other.pk).status == TalkStatus.PENDING
    assert 'id="talk-' in response.content.decode()


def test_a_suggested_topic_is_accepted_mapped_or_dropped_from_the_page(editor_client):
    streaming = TopicFactory(name="Event streaming")
    proposal = _propose()

    accepted = editor_client.post(
        _page(proposal), {"suggested": "Flink", "topic_decision": "accept"}, follow=True
    )
    mapped = editor_client.post(
        _page(proposal),
        {"suggested": "kafka", "topic_decision": "map", "topic": str(streaming.pk)},
    )

    assert _messages(accepted) == ["Topic “Flink” created; the talks that suggested it have it."]
    assert _messages(mapped) == [
        "The talks that suggested “kafka” have the topic “Event streaming”."
    ]
    assert sorted(TopicSuggestion.objects.values_list("name", "status", "topic__name")) == [
        ("Flink", TopicSuggestionStatus.ACCEPTED, "Flink"),
        ("Kafka", TopicSuggestionStatus.MAPPED, "Event streaming"),
        ("kafka", TopicSuggestionStatus.MAPPED, "Event streaming"),
    ]
    html = editor_client.get(_page(proposal)).content.decode()
    assert "Mapped to an existing topic: Event streaming" in html
    assert 'name="topic_decision"' not in html


def test_dropping_a_suggested_topic_from_the_page(editor_client):
    proposal = _propose()

    response = editor_client.post(_page(proposal), {"suggested": "Flink", "topic_decision": "drop"})

    assert _messages(response) == ["Suggested topic “Flink” dropped."]
    assert TopicSuggestion.objects.get(name="Flink").status == TopicSuggestionStatus.DROPPED


def test_mapping_without_a_topic_comes_back_with_its_error(editor_client):
    proposal = _propose()

    response = editor_client.post(
        _page(proposal), {"suggested": "Flink", "topic_decision": "map", "topic": ""}
    )

    assert response.status_code == 200
    [flink] = [topic for topic in response.context["suggested_topics"] if topic.name == "Flink"]
    assert flink.form.errors == {"topic": ["Choose the existing topic to map the suggestion to."]}
    assert TopicSuggestion.objects.get(name="Flink").status == TopicSuggestionStatus.PENDING


def test_deciding_a_suggestion_decided_meanwhile_says_so(editor_client):
    proposal = _propose()
    editor_client.post(
        _page(proposal), {"suggested": "Flink", "topic_decision": "drop"}, follow=True
    )

    again = editor_client.post(
        _page(proposal), {"suggested": "Flink", "topic_decision": "accept"}, follow=True
    )
    unknown = editor_client.post(
        _page(proposal), {"suggested": "x" * 101, "topic_decision": "accept"}
    )

    assert _messages(again) == ["No suggestion “Flink” awaits a decision in this proposal."]
    assert unknown.status_code == 200
    assert _messages(unknown) == ["Ensure this value has at most 100 characters (it has 101)."]
    assert TopicSuggestion.objects.get(name="Flink").status == TopicSuggestionStatus.DROPPED


def test_the_topic_box_asks_the_topics_admin(editor_client):
    kubernetes = TopicFactory(name="Kubernetes")

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "talks",
            "model_name": "topicsuggestion",
            "field_name": "topic",
            "term": "kube",
        },
    )

    assert response.json()["results"] == [{"id": str(kubernetes.pk), "text": "Kubernetes"}]


def test_the_page_speaks_french(editor_client):
    proposal = _propose()

    html = editor_client.get(_page(proposal), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Tout approuver" in html
    assert "Accepter\N{NARROW NO-BREAK SPACE}: créer le sujet" in html


def test_a_rejected_talk_shows_its_status_and_reason_in_french(editor_client):
    proposal = _propose()
    streams = proposal.talks.get(title="Streams")
    editor_client.post(
        _page(proposal), {"decision": "reject-chosen", "talks": [streams.pk], "reason": "Doublon."}
    )

    html = editor_client.get(_page(proposal), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "<td>Refusée\N{NO-BREAK SPACE}: Doublon.</td>" in html


# Who may decide


def test_outsiders_are_sent_to_the_login_page(client, attendee):
    proposal = _propose()
    client.force_login(attendee)

    response = client.post(_page(proposal), {"decision": "approve-all"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert _statuses(proposal)[0] == EventStatus.PENDING


def test_staff_who_may_only_view_talks_and_events_see_the_page_but_decide_nothing(client):
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename__in=["view_talk", "view_event"]))
    proposal = _propose()
    client.force_login(viewer)

    page = client.get(_page(proposal))
    post = client.post(_page(proposal), {"decision": "approve-all"})

    assert page.status_code == 200
    assert 'name="decision"' not in page.content.decode()
    assert post.status_code == 403
    assert _statuses(proposal)[0] == EventStatus.PENDING


def test_staff_without_permissions_on_talks_and_events_are_refused(client):
    client.force_login(UserFactory(username="stranger", is_staff=True))

    assert client.get(_page(_propose())).status_code == 403


def test_a_decision_without_the_csrf_token_is_refused(editor):
    proposal = _propose()
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(_page(proposal), {"decision": "approve-all"})

    assert response.status_code == 403
    assert _statuses(proposal)[0] == EventStatus.PENDING


# The talks' own admin


def test_the_talk_admins_approve_action_publishes_the_pending_event_and_updates_the_queue(
    editor_client,
):
    proposal = _propose()
    opening = proposal.talks.get(title="Opening")

    editor_client.post(
        reverse("admin:talks_talk_changelist"),
        {"action": "approve", ACTION_CHECKBOX_NAME: [opening.pk]},
    )

    assert _statuses(proposal)[0] == EventStatus.PUBLISHED
    [row] = editor_client.get(QUEUE).context["cl"].result_list
    assert (row.pending_count, row.published_count) == (2, 1)


def test_a_talk_names_its_proposal_without_letting_it_be_changed(editor_client):
    proposal = _propose(talk_count=1)
    talk = proposal.talks.get()

    html = editor_client.get(reverse("admin:talks_talk_change", args=[talk.pk])).content.decode()

    assert f'<a href="{_page(proposal)}">KCD Lyon 2026</a>' in html
    assert 'name="proposal"' not in html
