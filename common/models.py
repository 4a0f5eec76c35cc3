"""The content version: one row that the database changes whenever a public page may change.

Every table whose rows a public page shows carries the statement-level trigger of
`content_changed()` in its model's `Meta.triggers`: any statement that writes it, whoever runs
it (a view, a service, the admin, a bulk update, a COPY, another trigger), gives the row a new
random token in the same transaction. The token is visible exactly when the content is, so a
page read after the commit is keyed by the new token and a page read before it by the old one.
The page cache (common/page_cache.py) keys pages and their ETags by it.
"""

import pgtrigger
from django.db import connection, models

CONTENT_VERSION_ID = 1

# A random token rather than a counter: a database restored from a backup, or emptied by
# TRUNCATE, never hands out again a version that pages of other content were cached under.
# The change time never goes back, whatever order concurrent transactions commit in.
_CHANGE = f"""
    INSERT INTO common_contentversion (id, token, changed_at)
    VALUES ({CONTENT_VERSION_ID}, gen_random_uuid(), clock_timestamp())
    ON CONFLICT (id) DO UPDATE SET
        token = EXCLUDED.token,
        changed_at = GREATEST(common_contentversion.changed_at, EXCLUDED.changed_at);
"""
_BUMP = _CHANGE + "    RETURN NULL;\n"


class ContentVersion(models.Model):
    """The one row whose token changes with every write to the public content."""

    token = models.UUIDField()
    changed_at = models.DateTimeField()

    def __str__(self):
        return str(self.token)


def content_changed(*updated_columns: str) -> pgtrigger.Trigger:
    """The trigger that changes the content version after each statement writing a table; with
    `updated_columns`, only updates of those columns count (besides inserts and deletes)."""
    update = pgtrigger.UpdateOf(*updated_columns) if updated_columns else pgtrigger.Update
    return pgtrigger.Trigger(
        name="content_changed",
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=pgtrigger.Insert | update | pgtrigger.Delete | pgtrigger.Truncate,
        func=_BUMP,
    )


def content_version_change() -> None:
    """Change the content version for a change that no table's trigger sees: counts that the
    database made again into a materialized view (talks/services/trends.py)."""
    with connection.cursor() as cursor:
        cursor.execute(_CHANGE)
