"""Reads of talks that readers see: only published content, with what the pages show."""

from django.db.models import Prefetch, QuerySet

from talks.models import Talk, TalkSpeaker


def talks_for_listing(queryset: QuerySet[Talk] | None = None) -> QuerySet[Talk]:
    """Published talks with their event, ordered speakers and topics, in a fixed query count."""
    queryset = Talk.objects.all() if queryset is None else queryset
    return (
        queryset.published()
        .select_related("event")
        .prefetch_related(
            Prefetch(
                "talk_speakers",
                queryset=TalkSpeaker.objects.select_related("speaker").order_by("order"),
            ),
            "topics",
        )
    )
