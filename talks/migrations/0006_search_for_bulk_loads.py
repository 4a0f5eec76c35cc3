"""Search documents that a bulk load can fill in one pass (see talks/datagen/).

- A note's search vector is kept by a trigger instead of a generated column. The vector is
  the same: the body in the text search configuration of the note's language, computed on
  every insert and every change of the body or the language. Unlike a generated column, a
  trigger can be turned off inside one transaction by a load that computes vectors another
  way.
- The published notes of talks, as one vector per talk, become a function of their own: the
  triggers of talks 0005 and a bulk load that fills many talks' documents at once share it.
  It joins the notes' vectors two by two, then the pairs two by two, and so on: appending
  them one by one copies the growing vector again for every note, which a talk with hundreds
  of notes pays dearly. Both give the same vector.

Talks 0008 replaced the trigger with that of talks/triggers.py; the current
definitions of the functions are in talks/database_functions.py.
"""

import django.contrib.postgres.search
from django.db import migrations

NOTE_VECTOR = """
setweight(to_tsvector(confnotes_search_config(language), coalesce(body, '')), 'D')
"""

FORWARD = f"""
CREATE FUNCTION confnotes_note_vector(language text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN {NOTE_VECTOR};

CREATE FUNCTION confnotes_note_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.language, NEW.body) IS NOT DISTINCT FROM (OLD.language, OLD.body)
    THEN
        NEW.search_vector := OLD.search_vector;
    ELSE
        NEW.search_vector := confnotes_note_vector(NEW.language, NEW.body);
    END IF;
    RETURN NEW;
END $$;

-- The values stay: they are what the trigger computes.
ALTER TABLE talks_note ALTER COLUMN search_vector DROP EXPRESSION;
CREATE TRIGGER note_search_vector BEFORE INSERT OR UPDATE ON talks_note
    FOR EACH ROW EXECUTE FUNCTION confnotes_note_search_vector();

-- The vectors joined in order by ||, as confnotes_tsvector_agg does, in log2(n) rounds.
CREATE FUNCTION confnotes_tsvector_join(vectors tsvector[]) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    joined tsvector[];
BEGIN
    WHILE cardinality(vectors) > 1 LOOP
        joined := ARRAY[]::tsvector[];
        FOR i IN 1..cardinality(vectors) BY 2 LOOP
            joined := array_append(joined, CASE WHEN i < cardinality(vectors)
                THEN confnotes_tsvector_append(vectors[i], vectors[i + 1]) ELSE vectors[i] END);
        END LOOP;
        vectors := joined;
    END LOOP;
    RETURN coalesce(vectors[1], ''::tsvector);
END $$;

-- A join rather than `= ANY(talk_ids)`: for a hundred thousand talks, PostgreSQL hashes them.
CREATE FUNCTION confnotes_talk_notes(talk_ids bigint[])
RETURNS TABLE (talk_id bigint, notes tsvector)
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT note.talk_id,
        confnotes_tsvector_join(array_agg(note.search_vector ORDER BY note.published_at, note.id))
    FROM unnest(talk_ids) AS wanted(talk_id)
    JOIN talks_note AS note ON note.talk_id = wanted.talk_id
    WHERE note.status = 'published'
    GROUP BY note.talk_id;
END;

CREATE OR REPLACE FUNCTION confnotes_refresh_talk_notes(talk_ids bigint[]) RETURNS void
LANGUAGE sql
BEGIN ATOMIC
    UPDATE talks_talksearchdocument AS search
    SET notes = coalesce(published.notes, ''::tsvector)
    FROM unnest(talk_ids) AS changed(talk_id)
    LEFT JOIN confnotes_talk_notes(talk_ids) AS published ON published.talk_id = changed.talk_id
    WHERE search.talk_id = changed.talk_id;
END;
"""

# As talks 0005 left them; a column cannot become generated again, so it is made anew.
BACKWARD = f"""
DROP FUNCTION confnotes_refresh_talk_notes(bigint[]);
DROP FUNCTION confnotes_talk_notes(bigint[]);
DROP FUNCTION confnotes_tsvector_join(tsvector[]);
DROP TRIGGER note_search_vector ON talks_note;
DROP FUNCTION confnotes_note_search_vector();
DROP FUNCTION confnotes_note_vector(text, text);
ALTER TABLE talks_note DROP COLUMN search_vector;
ALTER TABLE talks_note ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({NOTE_VECTOR}) STORED;

CREATE FUNCTION confnotes_refresh_talk_notes(talk_ids bigint[]) RETURNS void
LANGUAGE sql
BEGIN ATOMIC
    UPDATE talks_talksearchdocument AS search
    SET notes = coalesce((
        SELECT confnotes_tsvector_agg(note.search_vector ORDER BY note.published_at, note.id)
        FROM talks_note AS note
        WHERE note.talk_id = search.talk_id AND note.status = 'published'
    ), ''::tsvector)
    FROM unnest(talk_ids) AS changed(talk_id)
    WHERE search.talk_id = changed.talk_id;
END;
"""


class Migration(migrations.Migration):
    dependencies = [("talks", "0005_search")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(FORWARD, BACKWARD)],
            state_operations=[
                migrations.RemoveField(model_name="note", name="search_vector"),
                migrations.AddField(
                    model_name="note",
                    name="search_vector",
                    field=django.contrib.postgres.search.SearchVectorField(
                        editable=False, null=True, verbose_name="search vector"
                    ),
                ),
            ],
        ),
    ]
