"""Counting the trends again: the materialized views of talks/models/trends.py, which the
trends pages and the API read instead of counting a hundred thousand talks for each reader.

`manage.py count_trends` calls it after each data load and, in production, every few minutes
(docs/operations.md): the pages say when their numbers were counted.
"""

from django.db import connection, transaction

from common.models import content_version_change
from talks.models import TrendSpeaker, TrendTopicPair, TrendTopicSpeaker, TrendTopicYear, TrendYear

SUMMARIES = (TrendYear, TrendTopicYear, TrendSpeaker, TrendTopicSpeaker, TrendTopicPair)
# What a view's rows hold, besides when they were counted: changed exactly when a count is.
_DIGEST = "SELECT count(*), coalesce(sum(hashtextextended(row::text, 0)), 0) FROM ({}) AS row"


def trends_count() -> bool:
    """Count the trends again, readers reading the former counts meanwhile; if any number
    changed, change the content version too, so that cached pages show the new ones. Returns
    whether any number changed."""
    with transaction.atomic(), connection.cursor() as cursor:
        # Each view is a few grouped joins of the talks: sorted and hashed in memory, not on disk.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        before = _digests(cursor)
        for summary in SUMMARIES:
            table = connection.ops.quote_name(summary._meta.db_table)
            cursor.execute(f"REFRESH MATERIALIZED VIEW CONCURRENTLY {table}")
        changed = _digests(cursor) != before
        if changed:
            content_version_change()
    return changed


def _digests(cursor) -> list[tuple[int, int]]:
    digests = []
    for summary in SUMMARIES:
        columns = [
            field.column for field in summary._meta.concrete_fields if field.attname != "counted_at"
        ]
        cursor.execute(
            _DIGEST.format(
                f"SELECT {', '.join(map(connection.ops.quote_name, columns))} "
                f"FROM {connection.ops.quote_name(summary._meta.db_table)}"
            )
        )
        digests.append(cursor.fetchone())
    return digests
