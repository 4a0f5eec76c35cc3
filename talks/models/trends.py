"""The trends' counts: published talks and their published notes, counted by year, language,
topic and speaker into materialized views, which `trends_count()` (talks/services/trends.py)
counts again.

Read-only models of those views: the database fills them (talks/migrations/0023_trend_summary.py
holds their SQL), nothing else writes them. Each counts only what readers see, the published
talks of published events (`published_talks()`) and their published notes
(`Talk.published_note_count`); tests/talks/test_trend_summary.py checks each against a
direct count.

PostgreSQL refuses to change the type of, or drop, a column that a view reads (the talks'
status, day, languages and note count, the events' status, the links to topics and speakers):
a migration that does must drop the views first and create them again after.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models


class _Summary(models.Model):
    class Meta:
        abstract = True
        managed = False
        default_permissions = ()


def _topic(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        "talks.Topic",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name=related_name,
    )


class TrendYear(_Summary):
    """Published talks with a day, and their published notes, by year and list of languages."""

    pk = models.CompositePrimaryKey("year", "languages")
    year = models.IntegerField()
    languages = ArrayField(models.CharField(max_length=None))
    talks = models.IntegerField()
    notes = models.IntegerField()
    # When the views were last counted, the same in every row: the others do not repeat it.
    counted_at = models.DateTimeField()

    class Meta(_Summary.Meta):
        db_table = "talks_trend_year"

    def __str__(self):
        return f"{self.year} {' '.join(self.languages)}: {self.talks}"


class TrendTopicYear(_Summary):
    """A topic's published talks with a day, and their published notes, by year and list of
    languages."""

    pk = models.CompositePrimaryKey("topic", "year", "languages")
    topic = _topic("+")
    year = models.IntegerField()
    languages = ArrayField(models.CharField(max_length=None))
    talks = models.IntegerField()
    notes = models.IntegerField()

    class Meta(_Summary.Meta):
        db_table = "talks_trend_topic_year"

    def __str__(self):
        return f"{self.topic_id} {self.year} {' '.join(self.languages)}: {self.talks}"


class TrendSpeaker(_Summary):
    """A speaker's published talks, with a day or not, for the busiest speakers only: those
    with as many talks as the tenth or more."""

    speaker = models.OneToOneField(
        "people.Speaker",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="+",
    )
    talks = models.IntegerField()

    class Meta(_Summary.Meta):
        db_table = "talks_trend_speaker"

    def __str__(self):
        return f"{self.speaker_id}: {self.talks}"


class TrendTopicSpeaker(_Summary):
    """A speaker's published talks on a topic, for the topic's busiest speakers only: those
    with as many talks on it as the tenth or more."""

    pk = models.CompositePrimaryKey("topic", "speaker")
    topic = _topic("+")
    speaker = models.ForeignKey(
        "people.Speaker", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    talks = models.IntegerField()

    class Meta(_Summary.Meta):
        db_table = "talks_trend_topic_speaker"

    def __str__(self):
        return f"{self.topic_id} {self.speaker_id}: {self.talks}"


class TrendTopicPair(_Summary):
    """The published talks on both a topic and a related one."""

    pk = models.CompositePrimaryKey("topic", "related")
    topic = _topic("+")
    related = _topic("+")
    talks = models.IntegerField()

    class Meta(_Summary.Meta):
        db_table = "talks_trend_topic_pair"

    def __str__(self):
        return f"{self.topic_id} {self.related_id}: {self.talks}"
