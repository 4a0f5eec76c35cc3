"""The SQL functions and text search configurations of search and the triggers, as they are now.

Full-text search (talks/search/) and the triggers of talks/triggers.py call these; so does
generate_data (talks/datagen/), which derives what the triggers would have. This module is
where to read them, and where to change them.

Migrations do not import this module: a migration must do the same thing on every database
it ever runs on, while this module follows the code. On a new database the migrations run one
after the other, and a function that this module defines today may read a column that an
earlier migration has not made yet. So each migration holds its own copy of the SQL it runs,
as django-pgtrigger writes each trigger's whole SQL into its migrations: talks 0005 made
these, talks 0006 replaced `confnotes_refresh_talk_notes` and added the note functions.

To change one: change it here, then write a migration that runs a copy of the new SQL
(`CREATE OR REPLACE FUNCTION ...`). tests/talks/test_database_functions.py runs DEFINITIONS in
an empty schema and fails while the migrated database differs from what it makes.
"""

# French, English and simple (every other language), each with unaccent before the stemmer so
# that "conférence" and "conference" are one word; the search functions of talks/search/.
TEXT_SEARCH = r"""
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
-- usable in an index expression (people_speaker_name_trgm, for misspelled speaker names).
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

-- The words of a name, or of what a reader typed, where a typo counts: accents removed,
-- lowercased, three letters or more ("Jean-Baptiste Kempf": jean, baptiste, kempf).
CREATE FUNCTION confnotes_name_words(name text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
BEGIN ATOMIC
    SELECT word
    FROM regexp_split_to_table(lower(confnotes_unaccent(name)), '[^[:alnum:]]+') AS word
    WHERE length(word) >= 3;
END;

-- Each of these words, and each of them less one letter (kempf: empf, kmpf, kepf, kemf, kemp;
-- the last position cuts nothing and gives kempf). Two words that share one of these are one
-- edit apart: a letter dropped, added, doubled or changed, or two letters swapped. A GIN index
-- on it (people_speaker_name_variants) finds the names near a word without reading them all.
CREATE FUNCTION confnotes_name_variants(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
RETURN ARRAY(
    SELECT substr(word, 1, position - 1) || substr(word, position + 1)
    FROM confnotes_name_words(name) AS word, generate_series(1, length(word) + 1) AS position
);

-- Speakers whose name looks like these words: every word of three letters or more within
-- one edit of a word of the name ("Kohm", or "Laurent Khon", for Laurent Kohn) or, when no
-- name is that close, the words like part of the name by trigrams ("Petasoni" for Jérôme
-- Petazzoni). The two indexes find the candidates, names with a word near one of the words or
-- similar by trigrams; each is then checked once, against the words computed once.
CREATE FUNCTION confnotes_speakers_named_like(words text)
RETURNS TABLE (speaker_id bigint, similarity real)
-- A handful of names, not PostgreSQL's default guess of a thousand rows: a page that lists
-- them then reads those speakers alone.
LANGUAGE sql STABLE PARALLEL SAFE STRICT ROWS 20
BEGIN ATOMIC
    WITH typed AS MATERIALIZED (
        SELECT confnotes_unaccent(words) AS words, confnotes_name_variants(words) AS variants
    ),
    typed_word AS MATERIALIZED (
        SELECT confnotes_name_variants(word) AS variants FROM confnotes_name_words(words) AS word
    ),
    candidate AS MATERIALIZED (
        SELECT speaker.id,
            confnotes_name_variants(speaker.name) AS variants,
            word_similarity(typed.words, confnotes_unaccent(speaker.name)) AS similarity,
            typed.words <% confnotes_unaccent(speaker.name) AS similar
        FROM people_speaker AS speaker, typed
        WHERE confnotes_name_variants(speaker.name) && typed.variants
            OR typed.words <% confnotes_unaccent(speaker.name)
    ),
    checked AS MATERIALIZED (
        SELECT candidate.id, candidate.similarity, candidate.similar,
            EXISTS (SELECT FROM typed_word) AND NOT EXISTS (
                SELECT FROM typed_word WHERE NOT typed_word.variants && candidate.variants
            ) AS within_one_edit
        FROM candidate
    )
    SELECT checked.id, checked.similarity
    FROM checked
    WHERE checked.within_one_edit
        OR (checked.similar AND NOT EXISTS (SELECT FROM checked WHERE checked.within_one_edit));
END;

-- Speakers whose name looks like these words, the most similar first, as a query for their
-- full names.
CREATE FUNCTION confnotes_similar_speakers_query(words text) RETURNS tsquery
LANGUAGE sql STABLE PARALLEL SAFE STRICT
BEGIN ATOMIC
    SELECT coalesce(
        confnotes_tsquery_or_agg(phraseto_tsquery('confnotes_simple', similar_speaker.name)),
        ''::tsquery
    )
    FROM (
        SELECT speaker.name
        FROM confnotes_speakers_named_like(words) AS named_like
        JOIN people_speaker AS speaker ON speaker.id = named_like.speaker_id
        ORDER BY named_like.similarity DESC, speaker.id
        LIMIT 5
    ) AS similar_speaker;
END;
"""

# What the triggers write into talks' search documents (TalkSearchDocument).
SEARCH_DOCUMENTS = r"""
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

-- The vectors joined in order by ||, as confnotes_tsvector_agg does, in log2(n) rounds: two by
-- two, then the pairs two by two, and so on. Appending them one by one copies the growing
-- vector again for every note, which a talk with hundreds of notes pays dearly.
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

-- The talk's published notes (D), each in its own language (talks_note.search_vector). A bulk
-- load (talks/datagen/) calls confnotes_talk_notes for many talks at once.
CREATE FUNCTION confnotes_refresh_talk_notes(talk_ids bigint[]) RETURNS void
LANGUAGE sql
BEGIN ATOMIC
    UPDATE talks_talksearchdocument AS search
    SET notes = coalesce(published.notes, ''::tsvector)
    FROM unnest(talk_ids) AS changed(talk_id)
    LEFT JOIN confnotes_talk_notes(talk_ids) AS published ON published.talk_id = changed.talk_id
    WHERE search.talk_id = changed.talk_id;
END;

-- A note's search vector (talks/triggers.py, NOTE_SEARCH_VECTOR): its body in the
-- configuration of its language.
CREATE FUNCTION confnotes_note_vector(language text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN setweight(to_tsvector(confnotes_search_config(language), coalesce(body, '')), 'D');
"""

DEFINITIONS = TEXT_SEARCH + SEARCH_DOCUMENTS
