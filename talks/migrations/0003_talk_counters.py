"""Counters of published notes and ratings on each talk, kept exact by the database.

Readers filter and sort talks by these counts on every page of the finder; counting notes
and reviews for 100,000 talks on each request would cost a second. Statement-level triggers
add and subtract what each INSERT, UPDATE or DELETE of notes and reviews changes (deltas, not
recounts, so that concurrent transactions cannot lose an update); a row trigger on talks
keeps any other write (a full `Talk.save()`, a fixture) from changing the counters.

Talks 0008 replaced these triggers with those of talks/triggers.py.
"""

import django.db.models.expressions
import django.db.models.functions.comparison
from django.db import migrations, models


BACKFILL = """
UPDATE talks_talk AS talk SET
    published_note_count = (
        SELECT count(*) FROM talks_note AS note
        WHERE note.talk_id = talk.id AND note.status = 'published'
    ),
    rating_count = (
        SELECT count(review.rating) FROM talks_review AS review
        WHERE review.talk_id = talk.id AND review.status = 'published'
    ),
    rating_sum = (
        SELECT coalesce(sum(review.rating), 0) FROM talks_review AS review
        WHERE review.talk_id = talk.id AND review.status = 'published'
    );
"""

# Each counting function receives the rows a statement inserted (new_rows), deleted
# (old_rows) or both (an UPDATE), and applies per talk what the new rows count minus what the
# old rows counted; an UPDATE that changes neither status, talk nor rating nets to zero.
COUNT_CHANGES = """
CREATE FUNCTION talks_count_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE talks_talk AS talk SET {apply}
        FROM (
            SELECT talk_id, {totals} FROM new_rows WHERE {counted} GROUP BY talk_id
        ) AS delta
        WHERE talk.id = delta.talk_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE talks_talk AS talk SET {apply}
        FROM (
            SELECT talk_id, {negated_totals} FROM old_rows WHERE {counted} GROUP BY talk_id
        ) AS delta
        WHERE talk.id = delta.talk_id;
    ELSE
        UPDATE talks_talk AS talk SET {apply}
        FROM (
            SELECT talk_id, {summed_totals} FROM (
                SELECT talk_id, {row_values} FROM new_rows WHERE {counted}
                UNION ALL
                SELECT talk_id, {negated_row_values} FROM old_rows WHERE {counted}
            ) AS changes
            GROUP BY talk_id HAVING {changed}
        ) AS delta
        WHERE talk.id = delta.talk_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER talks_count_{table}_insert AFTER INSERT ON talks_{table}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION talks_count_{table}();
CREATE TRIGGER talks_count_{table}_update AFTER UPDATE ON talks_{table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION talks_count_{table}();
CREATE TRIGGER talks_count_{table}_delete AFTER DELETE ON talks_{table}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION talks_count_{table}();
"""

COUNT_NOTES = COUNT_CHANGES.format(
    table="note",
    counted="status = 'published'",
    apply="published_note_count = talk.published_note_count + delta.notes",
    totals="count(*) AS notes",
    negated_totals="-count(*) AS notes",
    row_values="1 AS notes",
    negated_row_values="-1",
    summed_totals="sum(notes) AS notes",
    changed="sum(notes) <> 0",
)

COUNT_RATINGS = COUNT_CHANGES.format(
    table="review",
    counted="status = 'published' AND rating IS NOT NULL",
    apply=(
        "rating_count = talk.rating_count + delta.ratings, "
        "rating_sum = talk.rating_sum + delta.stars"
    ),
    totals="count(*) AS ratings, sum(rating) AS stars",
    negated_totals="-count(*) AS ratings, -sum(rating) AS stars",
    row_values="1 AS ratings, rating AS stars",
    negated_row_values="-1, -rating",
    summed_totals="sum(ratings) AS ratings, sum(stars) AS stars",
    changed="sum(ratings) <> 0 OR sum(stars) <> 0",
)

# pg_trigger_depth() is 1 for a trigger fired by the application's own statement, and 2 when
# the counting functions above update the talk.
PROTECT_COUNTERS = """
CREATE FUNCTION talks_talk_protect_counters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() = 1 THEN
        IF TG_OP = 'INSERT' THEN
            NEW.published_note_count := 0;
            NEW.rating_count := 0;
            NEW.rating_sum := 0;
        ELSE
            NEW.published_note_count := OLD.published_note_count;
            NEW.rating_count := OLD.rating_count;
            NEW.rating_sum := OLD.rating_sum;
        END IF;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER talks_talk_protect_counters BEFORE INSERT OR UPDATE ON talks_talk
    FOR EACH ROW EXECUTE FUNCTION talks_talk_protect_counters();
"""

TRIGGERS = COUNT_NOTES + COUNT_RATINGS + PROTECT_COUNTERS

# Dropping a function drops the triggers that call it.
DROP_TRIGGERS = """
DROP FUNCTION talks_talk_protect_counters() CASCADE;
DROP FUNCTION talks_count_note() CASCADE;
DROP FUNCTION talks_count_review() CASCADE;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('talks', '0002_trigram_unaccent_extensions'),
    ]

    operations = [
        migrations.AddField(
            model_name='talk',
            name='published_note_count',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='published notes'),
        ),
        migrations.AddField(
            model_name='talk',
            name='rating_count',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='ratings'),
        ),
        migrations.AddField(
            model_name='talk',
            name='rating_sum',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='sum of the ratings'),
        ),
        migrations.AddField(
            model_name='talk',
            name='rating_average',
            field=models.GeneratedField(db_persist=True, expression=models.Case(models.When(rating_count__gt=0, then=django.db.models.expressions.CombinedExpression(django.db.models.functions.comparison.Cast('rating_sum', models.DecimalField(decimal_places=2, max_digits=9)), '/', models.F('rating_count'))), default=None), null=True, output_field=models.DecimalField(decimal_places=2, max_digits=3), verbose_name='average rating'),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(TRIGGERS, reverse_sql=DROP_TRIGGERS),
    ]
