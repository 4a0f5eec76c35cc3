"""Full-text search: text search configurations, the talks' search documents and their triggers.

See talks/search/ for how queries use them. Everything the search reads is written by the
database itself, so that forms, the admin, management commands and bulk COPY all keep it
current: Django never writes TalkSearchDocument.

Talks 0008 replaced these triggers with those of talks/triggers.py; the current
definitions of the functions are in talks/database_functions.py.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
import django.db.models.expressions
from django.db import migrations, models

# French, English and simple (every other language), each with unaccent before the stemmer so
# that "conférence" and "conference" are one word. ASCII words have no accent to remove.
CONFIGURATIONS = """
CREATE TEXT SEARCH CONFIGURATION confnotes_fr (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION confnotes_fr
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
CREATE TEXT SEARCH CONFIGURATION confnotes_en (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION confnotes_en
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
CREATE TEXT SEARCH CONFIGURATION confnotes_simple (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION confnotes_simple
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

-- The configuration for a text in this language.
CREATE FUNCTION confnotes_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE language
        WHEN 'fr' THEN 'confnotes_fr'::regconfig
        WHEN 'en' THEN 'confnotes_en'::regconfig
        ELSE 'confnotes_simple'::regconfig
    END;
END;

-- One word or phrase of a query, as it reads in any of the three configurations, so that a
-- query finds French and English texts alike; each form once, so that an index looks it up
-- once. A stop word in French or English ("the", "de") is dropped: in the simple
-- configuration it would be a required word that stemmed texts never contain.
CREATE FUNCTION confnotes_search_term(term text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
BEGIN ATOMIC
    SELECT CASE
        WHEN numnode(phraseto_tsquery('confnotes_fr', term)) = 0
            OR numnode(phraseto_tsquery('confnotes_en', term)) = 0 THEN ''::tsquery
        ELSE (
            SELECT string_agg(DISTINCT '(' || form::text || ')', ' | ')::tsquery
            FROM unnest(ARRAY[
                phraseto_tsquery('confnotes_fr', term),
                phraseto_tsquery('confnotes_en', term),
                phraseto_tsquery('confnotes_simple', term)
            ]) AS form
            WHERE numnode(form) > 0
        )
    END;
END;

-- The wanted terms of an alternative without the unwanted ones. Nothing when no wanted term
-- is left (only stop words): "-kubernetes" alone would match nearly every talk, slowly.
CREATE FUNCTION confnotes_search_alternative(wanted tsquery, unwanted tsquery) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
BEGIN ATOMIC
    SELECT CASE WHEN numnode(wanted) = 0 THEN ''::tsquery ELSE wanted && !!unwanted END;
END;

-- unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes it
-- usable in an index expression.
CREATE FUNCTION confnotes_unaccent(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
BEGIN ATOMIC
    SELECT unaccent('unaccent'::regdictionary, value);
END;

-- Concatenates the notes of a talk up to the 1 MB limit of a tsvector: beyond it, a talk
-- with megabytes of notes is found by its first notes only.
CREATE FUNCTION confnotes_tsvector_append(document tsvector, addition tsvector) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN document || coalesce(addition, ''::tsvector);
EXCEPTION WHEN program_limit_exceeded THEN
    RETURN document;
END $$;
CREATE AGGREGATE confnotes_tsvector_agg(tsvector) (
    SFUNC = confnotes_tsvector_append, STYPE = tsvector, INITCOND = ''
);
CREATE AGGREGATE confnotes_tsquery_or_agg(tsquery) (SFUNC = tsquery_or, STYPE = tsquery);

-- Speakers whose name looks like these words ("Petazoni" for Jérôme Petazzoni), as a query
-- for their full names.
CREATE FUNCTION confnotes_similar_speakers_query(words text) RETURNS tsquery
LANGUAGE sql STABLE PARALLEL SAFE STRICT
BEGIN ATOMIC
    SELECT coalesce(
        confnotes_tsquery_or_agg(phraseto_tsquery('confnotes_simple', similar_speaker.name)),
        ''::tsquery
    )
    FROM (
        SELECT speaker.name FROM people_speaker AS speaker
        WHERE confnotes_unaccent(words) <% confnotes_unaccent(speaker.name)
        ORDER BY word_similarity(confnotes_unaccent(words), confnotes_unaccent(speaker.name))
            DESC, speaker.id
        LIMIT 5
    ) AS similar_speaker;
END;
"""

DROP_CONFIGURATIONS = """
DROP FUNCTION confnotes_similar_speakers_query(text);
DROP AGGREGATE confnotes_tsquery_or_agg(tsquery);
DROP AGGREGATE confnotes_tsvector_agg(tsvector);
DROP FUNCTION confnotes_tsvector_append(tsvector, tsvector);
DROP FUNCTION confnotes_unaccent(text);
DROP FUNCTION confnotes_search_alternative(tsquery, tsquery);
DROP FUNCTION confnotes_search_term(text);
DROP FUNCTION confnotes_search_config(text);
DROP TEXT SEARCH CONFIGURATION confnotes_simple;
DROP TEXT SEARCH CONFIGURATION confnotes_en;
DROP TEXT SEARCH CONFIGURATION confnotes_fr;
"""

# Statement-level triggers with transition tables: a COPY or a bulk update of a million rows
# recomputes each talk once, not once per row.
TRIGGERS = """
-- A text of a talk in the configurations of its languages: French, English, and simple for
-- any other language.
CREATE FUNCTION confnotes_talk_text_vector(content text, languages varchar[]) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN 'fr' = ANY(languages)
            THEN to_tsvector('confnotes_fr', content) ELSE ''::tsvector END
        || CASE WHEN 'en' = ANY(languages)
            THEN to_tsvector('confnotes_en', content) ELSE ''::tsvector END
        || CASE WHEN languages <@ ARRAY['fr', 'en']::varchar[]
            THEN ''::tsvector ELSE to_tsvector('confnotes_simple', content) END
$$;

-- Title (A) in French and English whatever the talk's languages, since titles mix them;
-- speaker names (B) unstemmed; topics (B) in French and English; abstract (C) in the talk's
-- languages.
CREATE FUNCTION confnotes_talk_documents(talk_ids bigint[])
RETURNS TABLE (talk_id bigint, document tsvector)
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT talk.id,
        setweight(confnotes_talk_text_vector(
            talk.title, talk.languages || ARRAY['fr', 'en']::varchar[]
        ), 'A')
        || setweight(to_tsvector('confnotes_simple', coalesce(speakers.names, '')), 'B')
        || setweight(confnotes_talk_text_vector(
            coalesce(topics.names, ''), ARRAY['fr', 'en']::varchar[]
        ), 'B')
        || setweight(confnotes_talk_text_vector(talk.abstract, talk.languages), 'C')
    FROM unnest(talk_ids) AS changed(talk_id)
    JOIN talks_talk AS talk ON talk.id = changed.talk_id
    CROSS JOIN LATERAL (
        SELECT string_agg(speaker.name, E'\n' ORDER BY talk_speaker."order") AS names
        FROM talks_talkspeaker AS talk_speaker
        JOIN people_speaker AS speaker ON speaker.id = talk_speaker.speaker_id
        WHERE talk_speaker.talk_id = talk.id
    ) AS speakers
    CROSS JOIN LATERAL (
        SELECT string_agg(topic.name, E'\n' ORDER BY topic.name) AS names
        FROM talks_taggedtalk AS tagged
        JOIN talks_topic AS topic ON topic.id = tagged.tag_id
        WHERE tagged.content_object_id = talk.id
    ) AS topics;
END;

CREATE FUNCTION confnotes_refresh_talk_documents(talk_ids bigint[]) RETURNS void
LANGUAGE sql
BEGIN ATOMIC
    UPDATE talks_talksearchdocument AS search
    SET document = changed.document
    FROM confnotes_talk_documents(talk_ids) AS changed
    WHERE search.talk_id = changed.talk_id;
END;

-- The talk's published notes (D), each in its own language (talks_note.search_vector).
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

-- Fuzzy speaker names ("Petazoni"), accents ignored.
CREATE INDEX people_speaker_name_trgm ON people_speaker
    USING gin (confnotes_unaccent(name) gin_trgm_ops);

-- Talks that exist already.
INSERT INTO talks_talksearchdocument (talk_id, document, notes)
SELECT talk_id, document, ''::tsvector
FROM confnotes_talk_documents(ARRAY(SELECT id FROM talks_talk));
SELECT confnotes_refresh_talk_notes(ARRAY(SELECT id FROM talks_talk));
"""

DROP_TRIGGERS = """
DROP INDEX people_speaker_name_trgm;
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
DROP FUNCTION confnotes_refresh_talk_notes(bigint[]);
DROP FUNCTION confnotes_refresh_talk_documents(bigint[]);
DROP FUNCTION confnotes_talk_documents(bigint[]);
DROP FUNCTION confnotes_talk_text_vector(text, varchar[]);
"""


class Migration(migrations.Migration):
    dependencies = [
        # talks 0002 created the unaccent and pg_trgm extensions.
        ("people", "0004_speaker_name_trgm"),
        ("talks", "0004_editors_indexes"),
    ]

    operations = [
        migrations.RunSQL(CONFIGURATIONS, DROP_CONFIGURATIONS),
        migrations.AddField(
            model_name="note",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(
                        language="fr",
                        then=django.contrib.postgres.search.SearchVector(
                            "body", config="confnotes_fr", weight="D"
                        ),
                    ),
                    models.When(
                        language="en",
                        then=django.contrib.postgres.search.SearchVector(
                            "body", config="confnotes_en", weight="D"
                        ),
                    ),
                    default=django.contrib.postgres.search.SearchVector(
                        "body", config="confnotes_simple", weight="D"
                    ),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
                verbose_name="search vector",
            ),
        ),
        migrations.CreateModel(
            name="TalkSearchDocument",
            fields=[
                (
                    "talk",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="talks.talk",
                        verbose_name="talk",
                    ),
                ),
                (
                    "document",
                    django.contrib.postgres.search.SearchVectorField(
                        verbose_name="title, speakers, topics and abstract"
                    ),
                ),
                (
                    "notes",
                    django.contrib.postgres.search.SearchVectorField(
                        verbose_name="published notes"
                    ),
                ),
            ],
            options={
                "verbose_name": "talk search document",
                "verbose_name_plural": "talk search documents",
                "default_permissions": (),
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["document"], name="talksearch_document_gin"
                    ),
                    django.contrib.postgres.indexes.GinIndex(
                        django.db.models.expressions.CombinedExpression(
                            models.F("document"), "||", models.F("notes")
                        ),
                        name="talksearch_gin",
                    ),
                ],
            },
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
    ]
