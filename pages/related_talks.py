"""The talks a talk's page suggests reading next.

talks.selectors.related_talk_ids ranks them; their ids are kept in the cache, under the talk,
the reader's language and the talk's last change, and the page shows them as list items.
"""

from django.core.cache import cache
from django.utils import translation

from pages.list_items import TalkItem, talks_by_id
from talks.models import Talk
from talks.selectors import related_talk_ids

RELATED_TALKS_SHOWN = 6
# Editing the talk (its topics or speakers included: every form that changes them saves the
# talk) changes its `updated_at`, hence the key, so that its page shows the new ranking at
# once. What changes elsewhere (another talk published or retagged, topics or speakers
# merged) does not touch the talk: its ranking follows within this time.
RELATED_TALKS_CACHE_SECONDS = 60 * 60


def related_talks(talk: Talk) -> list[TalkItem]:
    """The talks most related to `talk`, best first, as lists show them: two queries, one
    when the ranking is in the cache.

    The rows are read among the published talks, so that a ranking kept in the cache never
    shows a talk that has stopped being public since.
    """
    language = translation.get_language()
    key = f"related-talks:{talk.pk}:{language}:{talk.updated_at.timestamp()}"
    ids = cache.get(key)
    if ids is None:
        ids = related_talk_ids(talk, language=language, limit=RELATED_TALKS_SHOWN)
        cache.set(key, ids, RELATED_TALKS_CACHE_SECONDS)
    items = talks_by_id(ids, among=Talk.objects.published())
    return [items[talk_id] for talk_id in ids if talk_id in items]
