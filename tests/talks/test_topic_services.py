"""Merging topics: synonyms fold into one topic, talks tagged once, old slugs kept as aliases."""

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry

from talks.models import TaggedTalk, Topic, TopicAlias
from talks.services.topics import topic_merge, topic_merge_plan, topic_names_canonical
from tests.factories import TalkFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _topics_of(talk):
    return sorted(talk.topics.values_list("name", flat=True))


def test_topic_merge_retags_talks_without_tagging_any_twice(editor):
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    k8s = TopicFactory(name="k8s", slug="k8s")
    kube = TopicFactory(name="kube", slug="kube")
    tagged_both = TalkFactory(topics=[kubernetes, k8s])
    tagged_synonyms = TalkFactory(topics=[k8s, kube])
    tagged_k8s = TalkFactory(topics=[k8s])

    plan = topic_merge(keep=kubernetes, duplicates=[k8s, kube], editor=editor)

    assert _topics_of(tagged_both) == ["Kubernetes"]
    assert _topics_of(tagged_synonyms) == ["Kubernetes"]
    assert _topics_of(tagged_k8s) == ["Kubernetes"]
    assert TaggedTalk.objects.count() == 3
    assert list(Topic.objects.values_list("name", flat=True)) == ["Kubernetes"]
    assert (plan.talks_retagged, plan.talks_already_tagged) == (2, 1)


def test_topic_merge_keeps_old_slugs_as_aliases_and_moves_existing_ones(editor):
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    k8s = TopicFactory(name="k8s", slug="k8s", description="Container orchestration.")
    TopicAlias.objects.create(topic=k8s, slug="k-8-s", name="K 8 S")

    topic_merge(keep=kubernetes, duplicates=[k8s], editor=editor)

    assert sorted(TopicAlias.objects.values_list("slug", "name", "topic")) == [
        ("k-8-s", "K 8 S", kubernetes.pk),
        ("k8s", "k8s", kubernetes.pk),
    ]
    kubernetes.refresh_from_db()
    assert kubernetes.description == "Container orchestration."


def test_topic_merge_records_who_merged_what(editor):
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    k8s = TopicFactory(name="k8s", slug="k8s")
    TalkFactory(topics=[k8s])

    topic_merge(keep=kubernetes, duplicates=[k8s], editor=editor)

    assert [
        (entry.user, entry.object_id, entry.action_flag, entry.change_message)
        for entry in LogEntry.objects.order_by("action_flag")
    ] == [
        (
            editor,
            str(kubernetes.pk),
            CHANGE,
            "Merged in k8s (slug k8s). Talks retagged: 1; already tagged: 0; aliases moved: 0.",
        ),
        (
            editor,
            str(k8s.pk),
            DELETION,
            f"Merged into Kubernetes (slug kubernetes, id {kubernetes.pk}).",
        ),
    ]


def test_topic_merge_plan_names_a_sample_of_the_talks_and_changes_nothing():
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    k8s = TopicFactory(name="k8s", slug="k8s")
    talk = TalkFactory(title="Operators", topics=[k8s])

    plan = topic_merge_plan(keep=kubernetes, duplicates=[k8s])

    assert plan.talks_sample == [talk]
    assert _topics_of(talk) == ["k8s"]
    assert TopicAlias.objects.count() == 0


def test_topic_names_canonical_maps_merged_synonyms_to_their_topic(editor):
    kubernetes = TopicFactory(name="Kubernetes", slug="kubernetes")
    topic_merge(keep=kubernetes, duplicates=[TopicFactory(name="k8s", slug="k8s")], editor=editor)

    assert topic_names_canonical(["K8S", "Observability", "kubernetes"]) == [
        "Kubernetes",
        "Observability",
    ]
