from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TalksConfig(AppConfig):
    name = "talks"
    verbose_name = _("Talks and notes")

    def ready(self):
        post_migrate.connect(_count_trends, sender=self)


def _count_trends(using: str, **kwargs) -> None:
    """Count the trends after every migration, and after Django empties the tables (`flush`,
    as between transactional tests), which leaves materialized views as they were: the views
    never keep counts of data that is gone."""
    from talks.models import TrendYear
    from talks.services.trends import trends_count

    connection = connections[using]
    with connection.cursor() as cursor:
        views = connection.introspection.table_names(cursor, include_views=True)
    # Migrated back to before the views, there is nothing to count.
    if TrendYear._meta.db_table in views:
        trends_count()
