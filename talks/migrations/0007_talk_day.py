"""Each talk's day, its own or its event's first day, in one column that an index serves.

The finder lists talks newest first by that day. Computed on the fly from two tables, it made
every page of the finder sort all the published talks (75 ms for 100,000 of them); stored, an
index gives a page in a few rows. A row trigger on talks computes it whenever a write names
the talk's day, date or event (a full `Talk.save()` names them all), which also keeps any
other write from changing it; a statement trigger on events follows a change of an event's
first day to its talks without a day of their own.

Talks 0008 replaced these triggers with those of talks/triggers.py.
"""

from django.db import migrations, models

FORWARD = """
UPDATE talks_talk AS talk SET day = coalesce(talk.date, event.start_date)
FROM events_event AS event WHERE event.id = talk.event_id;

CREATE FUNCTION talks_talk_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.day := coalesce(
        NEW.date, (SELECT start_date FROM events_event WHERE id = NEW.event_id)
    );
    RETURN NEW;
END;
$$;

CREATE TRIGGER talks_talk_day
BEFORE INSERT OR UPDATE OF day, date, event_id ON talks_talk
FOR EACH ROW EXECUTE FUNCTION talks_talk_day();

CREATE FUNCTION talks_event_talk_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE talks_talk AS talk SET day = changed.start_date
    FROM new_rows AS changed
    WHERE talk.event_id = changed.id AND talk.date IS NULL
        AND talk.day IS DISTINCT FROM changed.start_date;
    RETURN NULL;
END;
$$;

CREATE TRIGGER talks_event_talk_days
AFTER UPDATE ON events_event REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION talks_event_talk_days();
"""

BACKWARD = """
DROP TRIGGER talks_event_talk_days ON events_event;
DROP FUNCTION talks_event_talk_days();
DROP TRIGGER talks_talk_day ON talks_talk;
DROP FUNCTION talks_talk_day();
"""


class Migration(migrations.Migration):
    dependencies = [("talks", "0006_search_for_bulk_loads")]

    operations = [
        migrations.AddField(
            model_name="talk",
            name="day",
            field=models.DateField(
                editable=False, null=True, verbose_name="day or event's first day"
            ),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.AddIndex(
            model_name="talk",
            index=models.Index(
                models.OrderBy(models.F("day"), descending=True),
                models.OrderBy(models.F("start_time"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "published")),
                name="talk_published_day_idx",
            ),
        ),
    ]
