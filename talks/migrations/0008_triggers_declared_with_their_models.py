"""The triggers of talks 0003, 0005, 0006 and 0007 give way to those of talks/triggers.py.

They do the same; each is now declared in the Meta of the model whose table it watches, and
installed by django-pgtrigger, which writes its whole SQL below. The SQL functions they call
stay as talks 0005 and 0006 made them (talks/database_functions.py holds their current
definitions). Migrating back to 0007 puts the former triggers back, as they were.
"""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

FORMER_TRIGGERS_DROPPED = """
DROP TRIGGER talks_event_talk_days ON events_event;
DROP FUNCTION talks_event_talk_days();
DROP TRIGGER talks_talk_day ON talks_talk;
DROP FUNCTION talks_talk_day();
DROP TRIGGER note_search_vector ON talks_note;
DROP FUNCTION confnotes_note_search_vector();
DROP TRIGGER note_search_delete ON talks_note;
DROP TRIGGER note_search_update ON talks_note;
DROP TRIGGER note_search_insert ON talks_note;
DROP FUNCTION confnotes_note_changed();
DROP TRIGGER topic_search_rename ON talks_topic;
DROP TRIGGER speaker_search_rename ON people_speaker;
DROP FUNCTION confnotes_talk_name_changed();
DROP TRIGGER taggedtalk_search_delete ON talks_taggedtalk;
DROP TRIGGER taggedtalk_search_update ON talks_taggedtalk;
DROP TRIGGER taggedtalk_search_insert ON talks_taggedtalk;
DROP TRIGGER talkspeaker_search_delete ON talks_talkspeaker;
DROP TRIGGER talkspeaker_search_update ON talks_talkspeaker;
DROP TRIGGER talkspeaker_search_insert ON talks_talkspeaker;
DROP FUNCTION confnotes_talk_link_changed();
DROP TRIGGER talk_search_update ON talks_talk;
DROP FUNCTION confnotes_talk_updated();
DROP TRIGGER talk_search_insert ON talks_talk;
DROP FUNCTION confnotes_talk_inserted();
DROP TRIGGER talks_talk_protect_counters ON talks_talk;
DROP FUNCTION talks_talk_protect_counters();
DROP TRIGGER talks_count_review_delete ON talks_review;
DROP TRIGGER talks_count_review_update ON talks_review;
DROP TRIGGER talks_count_review_insert ON talks_review;
DROP FUNCTION talks_count_review();
DROP TRIGGER talks_count_note_delete ON talks_note;
DROP TRIGGER talks_count_note_update ON talks_note;
DROP TRIGGER talks_count_note_insert ON talks_note;
DROP FUNCTION talks_count_note();
"""

# As talks 0003, 0005, 0006 and 0007 made them.
FORMER_TRIGGERS = """
CREATE FUNCTION talks_count_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE talks_talk AS talk SET published_note_count = talk.published_note_count + delta.notes
        FROM (
            SELECT talk_id, count(*) AS notes FROM new_rows WHERE status = 'published' GROUP BY talk_id
        ) AS delta
        WHERE talk.id = delta.talk_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE talks_talk AS talk SET published_note_count = talk.published_note_count + delta.notes
        FROM (
            SELECT talk_id, -count(*) AS notes FROM old_rows WHERE status = 'published' GROUP BY talk_id
        ) AS delta
        WHERE talk.id = delta.talk_id;
    ELSE
        UPDATE talks_talk AS talk SET published_note_count = talk.published_note_count + delta.notes
        FROM (
            SELECT talk_id, sum(notes) AS notes FROM (
                SELECT talk_id, 1 AS notes FROM new_rows WHERE status = 'published'
                UNION ALL
                SELECT talk_id, -1 FROM old_rows WHERE status = 'published'
            ) AS changes
            GROUP BY talk_id HAVING sum(notes) <> 0
        ) AS delta
        WHERE talk.id = delta.talk_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER talks_count_note_insert AFTER INSERT ON talks_note
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION talks_count_note();
CREATE TRIGGER talks_count_note_update AFTER UPDATE ON talks_note
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION talks_count_note();
CREATE TRIGGER talks_count_note_delete AFTER DELETE ON talks_note
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION talks_count_note();

CREATE FUNCTION talks_count_review() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE talks_talk AS talk SET rating_count = talk.rating_count + delta.ratings, rating_sum = talk.rating_sum + delta.stars
        FROM (
            SELECT talk_id, count(*) AS ratings, sum(rating) AS stars FROM new_rows WHERE status = 'published' AND rating IS NOT NULL GROUP BY talk_id
        ) AS delta
        WHERE talk.id = delta.talk_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE talks_talk AS talk SET rating_count = talk.rating_count + delta.ratings, rating_sum = talk.rating_sum + delta.stars
        FROM (
            SELECT talk_id, -count(*) AS ratings, -sum(rating) AS stars FROM old_rows WHERE status = 'published' AND rating IS NOT NULL GROUP BY talk_id
        ) AS delta
        WHERE talk.id = delta.talk_id;
    ELSE
        UPDATE talks_talk AS talk SET rating_count = talk.rating_count + delta.ratings, rating_sum = talk.rating_sum + delta.stars
        FROM (
            SELECT talk_id, sum(ratings) AS ratings, sum(stars) AS stars FROM (
                SELECT talk_id, 1 AS ratings, rating AS stars FROM new_rows WHERE status = 'published' AND rating IS NOT NULL
                UNION ALL
                SELECT talk_id, -1, -rating FROM old_rows WHERE status = 'published' AND rating IS NOT NULL
            ) AS changes
            GROUP BY talk_id HAVING sum(ratings) <> 0 OR sum(stars) <> 0
        ) AS delta
        WHERE talk.id = delta.talk_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER talks_count_review_insert AFTER INSERT ON talks_review
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION talks_count_review();
CREATE TRIGGER talks_count_review_update AFTER UPDATE ON talks_review
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION talks_count_review();
CREATE TRIGGER talks_count_review_delete AFTER DELETE ON talks_review
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION talks_count_review();

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

CREATE FUNCTION confnotes_talk_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO talks_talksearchdocument (talk_id, document, notes)
    SELECT talk_id, document, ''::tsvector
    FROM confnotes_talk_documents(ARRAY(SELECT id FROM new_rows));
    RETURN NULL;
END $$;
CREATE TRIGGER talk_search_insert AFTER INSERT ON talks_talk
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION confnotes_talk_inserted();

CREATE FUNCTION confnotes_talk_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM confnotes_refresh_talk_documents(ARRAY(
        SELECT new_rows.id FROM new_rows JOIN old_rows USING (id)
        WHERE (new_rows.title, new_rows.abstract, new_rows.languages)
            IS DISTINCT FROM (old_rows.title, old_rows.abstract, old_rows.languages)
    ));
    RETURN NULL;
END $$;
CREATE TRIGGER talk_search_update AFTER UPDATE ON talks_talk
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION confnotes_talk_updated();

-- For a table that links talks to speakers or topics; TG_ARGV[0] names its talk column.
CREATE FUNCTION confnotes_talk_link_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    talk_ids bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE format('SELECT array_agg(DISTINCT %I) FROM new_rows', TG_ARGV[0]) INTO talk_ids;
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE format('SELECT array_agg(DISTINCT %I) FROM old_rows', TG_ARGV[0]) INTO talk_ids;
    ELSE
        EXECUTE format(
            'SELECT array_agg(%1$I) FROM (SELECT %1$I FROM new_rows UNION SELECT %1$I FROM old_rows) AS changed',
            TG_ARGV[0]
        ) INTO talk_ids;
    END IF;
    PERFORM confnotes_refresh_talk_documents(talk_ids);
    RETURN NULL;
END $$;
CREATE TRIGGER talkspeaker_search_insert AFTER INSERT ON talks_talkspeaker
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION confnotes_talk_link_changed('talk_id');
CREATE TRIGGER talkspeaker_search_update AFTER UPDATE ON talks_talkspeaker
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION confnotes_talk_link_changed('talk_id');
CREATE TRIGGER talkspeaker_search_delete AFTER DELETE ON talks_talkspeaker
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION confnotes_talk_link_changed('talk_id');
CREATE TRIGGER taggedtalk_search_insert AFTER INSERT ON talks_taggedtalk
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION confnotes_talk_link_changed('content_object_id');
CREATE TRIGGER taggedtalk_search_update AFTER UPDATE ON talks_taggedtalk
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION confnotes_talk_link_changed('content_object_id');
CREATE TRIGGER taggedtalk_search_delete AFTER DELETE ON talks_taggedtalk
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION confnotes_talk_link_changed('content_object_id');

-- A renamed speaker or topic; TG_ARGV[0] and [1] name the link table and its column.
CREATE FUNCTION confnotes_talk_name_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    talk_ids bigint[];
BEGIN
    EXECUTE format(
        'SELECT array_agg(DISTINCT link.%3$I) FROM new_rows JOIN old_rows USING (id)'
        ' JOIN %1$I AS link ON link.%2$I = new_rows.id'
        ' WHERE new_rows.name IS DISTINCT FROM old_rows.name',
        TG_ARGV[0], TG_ARGV[1], TG_ARGV[2]
    ) INTO talk_ids;
    PERFORM confnotes_refresh_talk_documents(talk_ids);
    RETURN NULL;
END $$;
CREATE TRIGGER speaker_search_rename AFTER UPDATE ON people_speaker
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT
    EXECUTE FUNCTION confnotes_talk_name_changed('talks_talkspeaker', 'speaker_id', 'talk_id');
CREATE TRIGGER topic_search_rename AFTER UPDATE ON talks_topic
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT
    EXECUTE FUNCTION confnotes_talk_name_changed(
        'talks_taggedtalk', 'tag_id', 'content_object_id'
    );

-- Only published notes are searchable: a change matters when the note was or becomes
-- published.
CREATE FUNCTION confnotes_note_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    talk_ids bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- Appended rather than recomputed: a bulk load in many statements parses each note
        -- once, not once per statement.
        UPDATE talks_talksearchdocument AS search
        SET notes = confnotes_tsvector_append(search.notes, added.notes)
        FROM (
            SELECT talk_id, confnotes_tsvector_agg(search_vector ORDER BY id) AS notes
            FROM new_rows WHERE status = 'published' GROUP BY talk_id
        ) AS added
        WHERE search.talk_id = added.talk_id;
        RETURN NULL;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT talk_id) INTO talk_ids
        FROM old_rows WHERE status = 'published';
    ELSE
        SELECT array_agg(DISTINCT changed.talk_id) INTO talk_ids
        FROM new_rows JOIN old_rows USING (id)
        CROSS JOIN LATERAL (VALUES (new_rows.talk_id), (old_rows.talk_id)) AS changed(talk_id)
        WHERE (new_rows.status = 'published' OR old_rows.status = 'published')
            AND (new_rows.status, new_rows.body, new_rows.language, new_rows.talk_id)
                IS DISTINCT FROM
                (old_rows.status, old_rows.body, old_rows.language, old_rows.talk_id);
    END IF;
    PERFORM confnotes_refresh_talk_notes(talk_ids);
    RETURN NULL;
END $$;
CREATE TRIGGER note_search_insert AFTER INSERT ON talks_note
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION confnotes_note_changed();
CREATE TRIGGER note_search_update AFTER UPDATE ON talks_note
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION confnotes_note_changed();
CREATE TRIGGER note_search_delete AFTER DELETE ON talks_note
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION confnotes_note_changed();

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
CREATE TRIGGER note_search_vector BEFORE INSERT OR UPDATE ON talks_note
    FOR EACH ROW EXECUTE FUNCTION confnotes_note_search_vector();

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


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0002_initial'),
        ('people', '0004_speaker_name_trgm'),
        ('talks', '0007_talk_day'),
    ]

    operations = [
        migrations.RunSQL(FORMER_TRIGGERS_DROPPED, FORMER_TRIGGERS),
        migrations.CreateModel(
            name='EventTalkTriggers',
            fields=[
            ],
            options={
                'proxy': True,
                'default_permissions': (),
                'indexes': [],
                'constraints': [],
            },
            bases=('events.event',),
        ),
        migrations.CreateModel(
            name='SpeakerTalkTriggers',
            fields=[
            ],
            options={
                'proxy': True,
                'default_permissions': (),
                'indexes': [],
                'constraints': [],
            },
            bases=('people.speaker',),
        ),
        migrations.AlterField(
            model_name='talk',
            name='day',
            field=models.DateField(editable=False, help_text="The talk's own day or, without one, its event's first day.", null=True, verbose_name='day in lists'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='note',
            trigger=pgtrigger.compiler.Trigger(name='search_vector', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n    IF TG_OP = 'UPDATE' AND (NEW.language, NEW.body) IS NOT DISTINCT FROM (OLD.language, OLD.body)\n    THEN\n        NEW.search_vector := OLD.search_vector;\n    ELSE\n        NEW.search_vector := confnotes_note_vector(NEW.language, NEW.body);\n    END IF;\n    RETURN NEW;\n    ", hash='a036a306c2d8f9ca83be85ccffcbbf4167673dce', operation='INSERT OR UPDATE', pgid='pgtrigger_search_vector_7c203', table='talks_note', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='note',
            trigger=pgtrigger.compiler.Trigger(name='count_published_notes_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n        UPDATE talks_talk AS talk SET published_note_count = talk.published_note_count + delta.notes\n        FROM (\n            SELECT talk_id, count(*) AS notes FROM new_rows\n            WHERE status = 'published' GROUP BY talk_id\n        ) AS delta\n        WHERE talk.id = delta.talk_id;\n        RETURN NULL;\n        ", hash='40d39c32bb7544055266f5d3d37ca5b7f7646588', level='STATEMENT', operation='INSERT', pgid='pgtrigger_count_published_notes_insert_d0d4a', referencing='REFERENCING NEW TABLE AS new_rows ', table='talks_note', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='note',
            trigger=pgtrigger.compiler.Trigger(name='count_published_notes_update', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n        UPDATE talks_talk AS talk SET published_note_count = talk.published_note_count + delta.notes\n        FROM (\n            SELECT talk_id, sum(notes) AS notes FROM (\n                SELECT talk_id, 1 AS notes FROM new_rows WHERE status = 'published'\n                UNION ALL\n                SELECT talk_id, -1 FROM old_rows WHERE status = 'published'\n            ) AS changes\n            GROUP BY talk_id HAVING sum(notes) <> 0\n        ) AS delta\n        WHERE talk.id = delta.talk_id;\n        RETURN NULL;\n        ", hash='402cd02a4fc8d7af26bff9a9714143572adcd49b', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_count_published_notes_update_22189', referencing='REFERENCING OLD TABLE AS old_rows  NEW TABLE AS new_rows ', table='talks_note', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='note',
            trigger=pgtrigger.compiler.Trigger(name='count_published_notes_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n        UPDATE talks_talk AS talk SET published_note_count = talk.published_note_count + delta.notes\n        FROM (\n            SELECT talk_id, -count(*) AS notes FROM old_rows\n            WHERE status = 'published' GROUP BY talk_id\n        ) AS delta\n        WHERE talk.id = delta.talk_id;\n        RETURN NULL;\n        ", hash='08c79ff155ac30ea878ad120f9dc21b7459de03d', level='STATEMENT', operation='DELETE', pgid='pgtrigger_count_published_notes_delete_e3e46', referencing='REFERENCING OLD TABLE AS old_rows ', table='talks_note', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='note',
            trigger=pgtrigger.compiler.Trigger(name='search_notes_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n        UPDATE talks_talksearchdocument AS search\n        SET notes = confnotes_tsvector_append(search.notes, added.notes)\n        FROM (\n            SELECT talk_id, confnotes_tsvector_agg(search_vector ORDER BY id) AS notes\n            FROM new_rows WHERE status = 'published' GROUP BY talk_id\n        ) AS added\n        WHERE search.talk_id = added.talk_id;\n        RETURN NULL;\n        ", hash='b4451eab93607a60ae28efe3de09d46e370f3707', level='STATEMENT', operation='INSERT', pgid='pgtrigger_search_notes_insert_ee35b', referencing='REFERENCING NEW TABLE AS new_rows ', table='talks_note', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='note',
            trigger=pgtrigger.compiler.Trigger(name='search_notes_update', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n        PERFORM confnotes_refresh_talk_notes((\n            SELECT array_agg(DISTINCT changed.talk_id)\n            FROM new_rows JOIN old_rows USING (id)\n            CROSS JOIN LATERAL (VALUES (new_rows.talk_id), (old_rows.talk_id)) AS changed(talk_id)\n            WHERE (new_rows.status = 'published' OR old_rows.status = 'published')\n                AND (new_rows.status, new_rows.body, new_rows.language, new_rows.talk_id)\n                    IS DISTINCT FROM\n                    (old_rows.status, old_rows.body, old_rows.language, old_rows.talk_id)\n        ));\n        RETURN NULL;\n        ", hash='a9620f74ed7ba9fef17e1976273d763b253a6f00', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_search_notes_update_247e8', referencing='REFERENCING OLD TABLE AS old_rows  NEW TABLE AS new_rows ', table='talks_note', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='note',
            trigger=pgtrigger.compiler.Trigger(name='search_notes_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n        PERFORM confnotes_refresh_talk_notes(\n            (SELECT array_agg(DISTINCT talk_id) FROM old_rows WHERE status = 'published')\n        );\n        RETURN NULL;\n        ", hash='213f1f36b9bdb88dca1faf73974427b35c6b68c8', level='STATEMENT', operation='DELETE', pgid='pgtrigger_search_notes_delete_93e7f', referencing='REFERENCING OLD TABLE AS old_rows ', table='talks_note', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='review',
            trigger=pgtrigger.compiler.Trigger(name='count_ratings_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n        UPDATE talks_talk AS talk SET\n            rating_count = talk.rating_count + delta.ratings,\n            rating_sum = talk.rating_sum + delta.stars\n        FROM (\n            SELECT talk_id, count(*) AS ratings, sum(rating) AS stars FROM new_rows\n            WHERE status = 'published' AND rating IS NOT NULL GROUP BY talk_id\n        ) AS delta\n        WHERE talk.id = delta.talk_id;\n        RETURN NULL;\n        ", hash='7daa0f724704a6f1ed817ab90fadf28e0335a320', level='STATEMENT', operation='INSERT', pgid='pgtrigger_count_ratings_insert_b60af', referencing='REFERENCING NEW TABLE AS new_rows ', table='talks_review', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='review',
            trigger=pgtrigger.compiler.Trigger(name='count_ratings_update', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n        UPDATE talks_talk AS talk SET\n            rating_count = talk.rating_count + delta.ratings,\n            rating_sum = talk.rating_sum + delta.stars\n        FROM (\n            SELECT talk_id, sum(ratings) AS ratings, sum(stars) AS stars FROM (\n                SELECT talk_id, 1 AS ratings, rating AS stars FROM new_rows\n                WHERE status = 'published' AND rating IS NOT NULL\n                UNION ALL\n                SELECT talk_id, -1, -rating FROM old_rows\n                WHERE status = 'published' AND rating IS NOT NULL\n            ) AS changes\n            GROUP BY talk_id HAVING sum(ratings) <> 0 OR sum(stars) <> 0\n        ) AS delta\n        WHERE talk.id = delta.talk_id;\n        RETURN NULL;\n        ", hash='4d92c26572f31847186508ef992f2f01d9f9b0f9', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_count_ratings_update_eabf5', referencing='REFERENCING OLD TABLE AS old_rows  NEW TABLE AS new_rows ', table='talks_review', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='review',
            trigger=pgtrigger.compiler.Trigger(name='count_ratings_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n        UPDATE talks_talk AS talk SET\n            rating_count = talk.rating_count + delta.ratings,\n            rating_sum = talk.rating_sum + delta.stars\n        FROM (\n            SELECT talk_id, -count(*) AS ratings, -sum(rating) AS stars FROM old_rows\n            WHERE status = 'published' AND rating IS NOT NULL GROUP BY talk_id\n        ) AS delta\n        WHERE talk.id = delta.talk_id;\n        RETURN NULL;\n        ", hash='6f99f62007a7a090a26ac997b7039fac277112f0', level='STATEMENT', operation='DELETE', pgid='pgtrigger_count_ratings_delete_8166e', referencing='REFERENCING OLD TABLE AS old_rows ', table='talks_review', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='taggedtalk',
            trigger=pgtrigger.compiler.Trigger(name='search_document_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='\n            PERFORM confnotes_refresh_talk_documents(\n                (SELECT array_agg(DISTINCT content_object_id) FROM new_rows)\n            );\n            RETURN NULL;\n            ', hash='654db162062754a9fd7f1ca54989ab206cef6ccb', level='STATEMENT', operation='INSERT', pgid='pgtrigger_search_document_insert_6f838', referencing='REFERENCING NEW TABLE AS new_rows ', table='talks_taggedtalk', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='taggedtalk',
            trigger=pgtrigger.compiler.Trigger(name='search_document_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='\n            PERFORM confnotes_refresh_talk_documents((\n                SELECT array_agg(content_object_id) FROM (\n                    SELECT content_object_id FROM new_rows UNION SELECT content_object_id FROM old_rows\n                ) AS changed\n            ));\n            RETURN NULL;\n            ', hash='d21d5ff92646864d0d4c08b08e242ea0363449f2', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_search_document_update_9d9de', referencing='REFERENCING OLD TABLE AS old_rows  NEW TABLE AS new_rows ', table='talks_taggedtalk', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='taggedtalk',
            trigger=pgtrigger.compiler.Trigger(name='search_document_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='\n            PERFORM confnotes_refresh_talk_documents(\n                (SELECT array_agg(DISTINCT content_object_id) FROM old_rows)\n            );\n            RETURN NULL;\n            ', hash='cb5ff1d1c07c9868bd0519fdecbaff86c40f1488', level='STATEMENT', operation='DELETE', pgid='pgtrigger_search_document_delete_63e60', referencing='REFERENCING OLD TABLE AS old_rows ', table='talks_taggedtalk', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='talk',
            trigger=pgtrigger.compiler.Trigger(name='protect_counters', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n    IF pg_trigger_depth() = 1 THEN\n        IF TG_OP = 'INSERT' THEN\n            NEW.published_note_count := 0;\n            NEW.rating_count := 0;\n            NEW.rating_sum := 0;\n        ELSE\n            NEW.published_note_count := OLD.published_note_count;\n            NEW.rating_count := OLD.rating_count;\n            NEW.rating_sum := OLD.rating_sum;\n        END IF;\n    END IF;\n    RETURN NEW;\n    ", hash='5bd2f245d3e54848ffdfb0fe693c0692b6636a07', operation='INSERT OR UPDATE', pgid='pgtrigger_protect_counters_23966', table='talks_talk', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='talk',
            trigger=pgtrigger.compiler.Trigger(name='talk_day', sql=pgtrigger.compiler.UpsertTriggerSql(func='\n    NEW.day := coalesce(\n        NEW.date, (SELECT start_date FROM events_event WHERE id = NEW.event_id)\n    );\n    RETURN NEW;\n    ', hash='cf689456174af3914a9a07d5ffd51c80a2804575', operation='INSERT OR UPDATE OF "day", "date", "event_id"', pgid='pgtrigger_talk_day_ec392', table='talks_talk', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='talk',
            trigger=pgtrigger.compiler.Trigger(name='search_document_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n        INSERT INTO talks_talksearchdocument (talk_id, document, notes)\n        SELECT talk_id, document, ''::tsvector\n        FROM confnotes_talk_documents(ARRAY(SELECT id FROM new_rows));\n        RETURN NULL;\n        ", hash='2827dbeeaf8f1577286e7b1e884f7f29c0391c3b', level='STATEMENT', operation='INSERT', pgid='pgtrigger_search_document_insert_302c4', referencing='REFERENCING NEW TABLE AS new_rows ', table='talks_talk', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='talk',
            trigger=pgtrigger.compiler.Trigger(name='search_document_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='\n        PERFORM confnotes_refresh_talk_documents(ARRAY(\n            SELECT new_rows.id FROM new_rows JOIN old_rows USING (id)\n            WHERE (new_rows.title, new_rows.abstract, new_rows.languages)\n                IS DISTINCT FROM (old_rows.title, old_rows.abstract, old_rows.languages)\n        ));\n        RETURN NULL;\n        ', hash='a6f3ddd77b8782c07ee1961316d2b003db5a5a6e', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_search_document_update_0cff2', referencing='REFERENCING OLD TABLE AS old_rows  NEW TABLE AS new_rows ', table='talks_talk', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='talkspeaker',
            trigger=pgtrigger.compiler.Trigger(name='search_document_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='\n            PERFORM confnotes_refresh_talk_documents(\n                (SELECT array_agg(DISTINCT talk_id) FROM new_rows)\n            );\n            RETURN NULL;\n            ', hash='fef85307d9b5c7d4f6ae4622f46a61aaf7acdb75', level='STATEMENT', operation='INSERT', pgid='pgtrigger_search_document_insert_0e983', referencing='REFERENCING NEW TABLE AS new_rows ', table='talks_talkspeaker', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='talkspeaker',
            trigger=pgtrigger.compiler.Trigger(name='search_document_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='\n            PERFORM confnotes_refresh_talk_documents((\n                SELECT array_agg(talk_id) FROM (\n                    SELECT talk_id FROM new_rows UNION SELECT talk_id FROM old_rows\n                ) AS changed\n            ));\n            RETURN NULL;\n            ', hash='06c7ebd0c0ee9ddd96f1a0f03043f0724eb2596d', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_search_document_update_354f7', referencing='REFERENCING OLD TABLE AS old_rows  NEW TABLE AS new_rows ', table='talks_talkspeaker', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='talkspeaker',
            trigger=pgtrigger.compiler.Trigger(name='search_document_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='\n            PERFORM confnotes_refresh_talk_documents(\n                (SELECT array_agg(DISTINCT talk_id) FROM old_rows)\n            );\n            RETURN NULL;\n            ', hash='bf03963c553ed5765835cf120df4b914d78fad8d', level='STATEMENT', operation='DELETE', pgid='pgtrigger_search_document_delete_deaa1', referencing='REFERENCING OLD TABLE AS old_rows ', table='talks_talkspeaker', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='topic',
            trigger=pgtrigger.compiler.Trigger(name='search_document_rename', sql=pgtrigger.compiler.UpsertTriggerSql(func='\n        PERFORM confnotes_refresh_talk_documents((\n            SELECT array_agg(DISTINCT link.content_object_id) FROM new_rows JOIN old_rows USING (id)\n            JOIN talks_taggedtalk AS link ON link.tag_id = new_rows.id\n            WHERE new_rows.name IS DISTINCT FROM old_rows.name\n        ));\n        RETURN NULL;\n        ', hash='26481b27c3f3bcef17cf15ba017e1fc550316349', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_search_document_rename_0127a', referencing='REFERENCING OLD TABLE AS old_rows  NEW TABLE AS new_rows ', table='talks_topic', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='eventtalktriggers',
            trigger=pgtrigger.compiler.Trigger(name='talk_days', sql=pgtrigger.compiler.UpsertTriggerSql(func='\n    UPDATE talks_talk AS talk SET day = changed.start_date\n    FROM new_rows AS changed\n    WHERE talk.event_id = changed.id AND talk.date IS NULL\n        AND talk.day IS DISTINCT FROM changed.start_date;\n    RETURN NULL;\n    ', hash='f15157c9446b100e6a0915412f106e699500835a', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_talk_days_5def1', referencing='REFERENCING OLD TABLE AS old_rows  NEW TABLE AS new_rows ', table='events_event', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='speakertalktriggers',
            trigger=pgtrigger.compiler.Trigger(name='search_document_rename', sql=pgtrigger.compiler.UpsertTriggerSql(func='\n        PERFORM confnotes_refresh_talk_documents((\n            SELECT array_agg(DISTINCT link.talk_id) FROM new_rows JOIN old_rows USING (id)\n            JOIN talks_talkspeaker AS link ON link.speaker_id = new_rows.id\n            WHERE new_rows.name IS DISTINCT FROM old_rows.name\n        ));\n        RETURN NULL;\n        ', hash='57d7c7481af53a1b1f85beb33984c2b2e7c7476e', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_search_document_rename_65500', referencing='REFERENCING OLD TABLE AS old_rows  NEW TABLE AS new_rows ', table='people_speaker', when='AFTER')),
        ),
    ]
