"""A speaker's name is found with one letter dropped, added, doubled or changed in a word.

Trigram similarity alone missed short names: "Kihn" shares too few trigrams with "Kohn", and a
surname typed alone gave fewer matching trigrams than the full name with the same typo. Names
are now also matched word by word, within one edit, through an index of each word less one of
its letters (confnotes_name_variants). The talk search (confnotes_similar_speakers_query) and
the speakers' page (confnotes_speakers_named_like) share the rule.

The current definitions of the functions are in talks/database_functions.py.
"""

from django.db import migrations

FORWARD = """
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
CREATE OR REPLACE FUNCTION confnotes_similar_speakers_query(words text) RETURNS tsquery
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

CREATE INDEX people_speaker_name_variants ON people_speaker
    USING gin (confnotes_name_variants(name));
"""

BACKWARD = """
DROP INDEX people_speaker_name_variants;
CREATE OR REPLACE FUNCTION confnotes_similar_speakers_query(words text) RETURNS tsquery
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
DROP FUNCTION confnotes_speakers_named_like(text);
DROP FUNCTION confnotes_name_variants(text);
DROP FUNCTION confnotes_name_words(text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("talks", "0012_schedule_upload"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
