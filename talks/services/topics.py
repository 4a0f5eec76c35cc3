"""Topic clean-up: folding synonyms (k8s, K8S, kubernetes-2) into one topic."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.functions import Lower

from common.curation.merging import finish_merge, lock_for_merge
from common.names import first_spellings
from people.models import User
from talks.models import TaggedTalk, Talk, Topic, TopicAlias

# How many of the retagged talks the confirmation page names.
SAMPLE_SIZE = 20


@dataclass
class TopicMergePlan:
    """What merging `duplicates` into `keep` changes; topic_merge returns what it did."""

    keep: Topic
    duplicates: list[Topic]
    # Talks tagged with a duplicate and not yet with `keep`: they get `keep` instead.
    talks_retagged: int = 0
    # Talks already tagged with `keep`: they just lose the duplicate.
    talks_already_tagged: int = 0
    talks_sample: list[Talk] = field(default_factory=list)
    # Former slugs and names that become aliases, so that old links redirect to `keep`.
    aliases_created: list[TopicAlias] = field(default_factory=list)
    aliases_moved: list[TopicAlias] = field(default_factory=list)
    description_filled: str = ""


def topic_merge_plan(*, keep: Topic, duplicates: list[Topic]) -> TopicMergePlan:
    """What topic_merge would change, without changing anything."""
    kept_talks = TaggedTalk.objects.filter(tag=keep).values("content_object_id")
    duplicate_talks = Talk.objects.filter(topics__in=duplicates).distinct()
    retagged = duplicate_talks.exclude(pk__in=kept_talks)
    return TopicMergePlan(
        keep=keep,
        duplicates=duplicates,
        talks_retagged=retagged.count(),
        talks_already_tagged=duplicate_talks.filter(pk__in=kept_talks).count(),
        talks_sample=list(
            Talk.objects.filter(pk__in=retagged.values("pk"))
            .select_related("event")
            .order_by("-event__start_date", "title")[:SAMPLE_SIZE]
        ),
        aliases_created=[
            TopicAlias(topic=keep, slug=duplicate.slug, name=duplicate.name)
            for duplicate in duplicates
        ],
        aliases_moved=list(TopicAlias.objects.filter(topic__in=duplicates)),
        description_filled=""
        if keep.description
        else next((duplicate.description for duplicate in duplicates if duplicate.description), ""),
    )


def topic_merge(*, keep: Topic, duplicates: list[Topic], editor: User) -> TopicMergePlan:
    """Fold `duplicates` into `keep` and delete them.

    Their talks are tagged with `keep` instead (never twice), their slugs and names become
    aliases of `keep` (so that their old pages redirect), and their own aliases follow.
    """
    with transaction.atomic():
        keep, duplicates = lock_for_merge(keep, duplicates)
        plan = topic_merge_plan(keep=keep, duplicates=duplicates)
        for duplicate in duplicates:
            # One at a time: a talk tagged with two duplicates must end up tagged once.
            kept_talks = TaggedTalk.objects.filter(tag=keep).values("content_object_id")
            TaggedTalk.objects.filter(tag=duplicate, content_object_id__in=kept_talks).delete()
            TaggedTalk.objects.filter(tag=duplicate).update(tag=keep)
        TopicAlias.objects.filter(topic__in=duplicates).update(topic=keep)
        for alias in plan.aliases_created:
            TopicAlias.objects.update_or_create(
                slug=alias.slug, defaults={"topic": keep, "name": alias.name}
            )
        if plan.description_filled:
            keep.description = plan.description_filled
            keep.save(update_fields=["description"])
        summary = (
            f"Talks retagged: {plan.talks_retagged}; "
            f"already tagged: {plan.talks_already_tagged}; "
            f"aliases moved: {len(plan.aliases_moved)}."
        )
        finish_merge(keep=keep, duplicates=duplicates, editor=editor, summary=summary)
    return plan


def topic_names_canonical(names: list[str]) -> list[str]:
    """The names typed for a talk's topics, with merged-away synonyms replaced by the topic
    they were merged into, so that typing "k8s" tags the talk with Kubernetes again."""
    aliases = {
        alias.lower_name: alias.topic.name
        for alias in TopicAlias.objects.annotate(lower_name=Lower("name"))
        .filter(lower_name__in=[name.lower() for name in names])
        .select_related("topic")
    }
    return first_spellings(aliases.get(name.lower(), name) for name in names)


def topic_named(name: str) -> Topic | None:
    """The topic called `name`, or into which a topic called so was merged (case aside)."""
    return (
        Topic.objects.filter(name__iexact=name).order_by("pk").first()
        or Topic.objects.filter(aliases__name__iexact=name).order_by("pk").first()
    )
