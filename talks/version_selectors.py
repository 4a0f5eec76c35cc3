"""Reads for the editors' linking of talk versions: a talk's versions, and the talks that may
be versions of it (talks/services/versions.py links them)."""

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Upper

from talks.models import Talk, TalkSpeaker, TalkStatus, VersionDismissal

# How many candidates the talk's admin page suggests.
CANDIDATE_COUNT = 10


def talk_versions(talk: Talk) -> QuerySet[Talk]:
    """Every version of `talk`'s work, `talk` included, whatever their status, oldest event
    first, with their event; none when the talk has no versions."""
    if talk.work_id is None:
        return Talk.objects.none()
    return (
        Talk.objects.filter(work_id=talk.work_id)
        .select_related("event")
        .order_by("event__start_date", "date", "pk")
    )


def version_candidates(talk: Talk, limit: int = CANDIDATE_COUNT) -> list[Talk]:
    """Talks that may be versions of `talk`, the likeliest first, in one query.

    A candidate's title is like `talk`'s by trigrams (so a title in another language with the
    same names in it is found too), or it shares a speaker with `talk`; those that do both
    come first. Each comes with its event, `title_similarity` (0 to 1) and
    `shared_speaker_names` (in its own order). Left out: `talk`'s own versions, the talks of
    its event (one event holds one version), rejected talks, and those an editor dismissed
    as versions of `talk`.
    """
    title = talk.title.upper()
    speaker_ids = TalkSpeaker.objects.filter(talk_id=talk.pk).values("speaker_id")
    # Each side through its own index (trigrams of titles, speakers' entries), joined in a
    # union, instead of testing every talk against both.
    by_title = (
        Talk.objects.alias(upper_title=Upper("title"))
        .filter(upper_title__trigram_similar=title)
        .order_by()
        .values("pk")
    )
    by_speaker = TalkSpeaker.objects.filter(speaker_id__in=speaker_ids).order_by()
    shared = TalkSpeaker.objects.filter(talk_id=OuterRef("pk"), speaker_id__in=speaker_ids)
    dismissed = VersionDismissal.objects.filter(
        Q(talk_id=talk.pk, other_id=OuterRef("pk")) | Q(talk_id=OuterRef("pk"), other_id=talk.pk)
    )
    candidates = (
        Talk.objects.filter(pk__in=by_title.union(by_speaker.values("talk_id")))
        .exclude(event_id=talk.event_id)
        .exclude(status=TalkStatus.REJECTED)
        .exclude(Exists(dismissed))
        .select_related("event")
        .annotate(
            title_similarity=TrigramSimilarity(Upper("title"), Value(title)),
            shared_speaker_names=ArraySubquery(shared.order_by("order").values("speaker__name")),
            shares_a_speaker=Exists(shared),
        )
        .order_by("-shares_a_speaker", "-title_similarity", "-pk")
    )
    if talk.work_id is not None:
        candidates = candidates.exclude(work_id=talk.work_id)
    return list(candidates[:limit])
