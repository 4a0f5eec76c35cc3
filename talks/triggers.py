"""Every trigger of the database, with its current body: what the talks' derived data is made of.

Talks carry data that the database derives and keeps, whoever writes (forms, the admin,
management commands, bulk COPY), so that pages read one column instead of computing it:

- counters of published notes and ratings (`Talk.published_note_count`, `rating_count`,
  `rating_sum`), filtered and sorted on by the finder;
- the day lists sort by (`Talk.day`): the talk's own date, or its event's first day;
- the speakers lists show (`Talk.speaker_links`), so that a programme of three hundred talks
  does not look up four hundred speakers;
- what full-text search matches: each note's vector (`Note.search_vector`) and each talk's
  `TalkSearchDocument` (see talks/search/).

Each list below goes into the `Meta.triggers` of the model whose table it watches, so that
django-pgtrigger installs it: `makemigrations` writes each trigger's whole SQL into a
migration (`pgtrigger.migrations.AddTrigger`) and a changed body into a new one, which keeps
past migrations as they ran. The triggers on events and speakers are declared on proxies of
those models in talks/models/talks.py: they keep the talks' data, which the events and people apps
know nothing of. tests/talks/test_triggers.py fails if the database holds a trigger that is
not declared here.

The bodies call the SQL functions of talks/database_functions.py. Statement-level triggers
read the rows a statement wrote (its transition tables, `new_rows` and `old_rows`): a COPY or
a bulk update of a million rows updates each talk once, not once per row.
"""

import pgtrigger

# The rows a statement wrote, as its triggers read them.
TRANSITION_TABLES = {
    "INSERT": pgtrigger.Referencing(new="new_rows"),
    "UPDATE": pgtrigger.Referencing(old="old_rows", new="new_rows"),
    "DELETE": pgtrigger.Referencing(old="old_rows"),
}


def _statement(name: str, operation: pgtrigger.Operation, func: str) -> pgtrigger.Trigger:
    """A trigger run once after each statement, with the rows it wrote."""
    return pgtrigger.Trigger(
        name=name,
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=operation,
        referencing=TRANSITION_TABLES[str(operation)],
        func=func,
    )


# Counters of published notes and ratings. Each trigger applies, per talk, what the new rows
# count minus what the old rows counted: deltas rather than recounts, so that concurrent
# transactions cannot lose an update. An update that changes neither status, talk nor rating
# nets to zero and leaves the talk alone.

NOTE_COUNTERS = [
    _statement(
        "count_published_notes_insert",
        pgtrigger.Insert,
        """
        UPDATE talks_talk AS talk SET published_note_count = talk.published_note_count + delta.notes
        FROM (
            SELECT talk_id, count(*) AS notes FROM new_rows
            WHERE status = 'published' GROUP BY talk_id
        ) AS delta
        WHERE talk.id = delta.talk_id;
        RETURN NULL;
        """,
    ),
    _statement(
        "count_published_notes_update",
        pgtrigger.Update,
        """
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
        RETURN NULL;
        """,
    ),
    _statement(
        "count_published_notes_delete",
        pgtrigger.Delete,
        """
        UPDATE talks_talk AS talk SET published_note_count = talk.published_note_count + delta.notes
        FROM (
            SELECT talk_id, -count(*) AS notes FROM old_rows
            WHERE status = 'published' GROUP BY talk_id
        ) AS delta
        WHERE talk.id = delta.talk_id;
        RETURN NULL;
        """,
    ),
]

REVIEW_COUNTERS = [
    _statement(
        "count_ratings_insert",
        pgtrigger.Insert,
        """
        UPDATE talks_talk AS talk SET
            rating_count = talk.rating_count + delta.ratings,
            rating_sum = talk.rating_sum + delta.stars
        FROM (
            SELECT talk_id, count(*) AS ratings, sum(rating) AS stars FROM new_rows
            WHERE status = 'published' AND rating IS NOT NULL GROUP BY talk_id
        ) AS delta
        WHERE talk.id = delta.talk_id;
        RETURN NULL;
        """,
    ),
    _statement(
        "count_ratings_update",
        pgtrigger.Update,
        """
        UPDATE talks_talk AS talk SET
            rating_count = talk.rating_count + delta.ratings,
            rating_sum = talk.rating_sum + delta.stars
        FROM (
            SELECT talk_id, sum(ratings) AS ratings, sum(stars) AS stars FROM (
                SELECT talk_id, 1 AS ratings, rating AS stars FROM new_rows
                WHERE status = 'published' AND rating IS NOT NULL
                UNION ALL
                SELECT talk_id, -1, -rating FROM old_rows
                WHERE status = 'published' AND rating IS NOT NULL
            ) AS changes
            GROUP BY talk_id HAVING sum(ratings) <> 0 OR sum(stars) <> 0
        ) AS delta
        WHERE talk.id = delta.talk_id;
        RETURN NULL;
        """,
    ),
    _statement(
        "count_ratings_delete",
        pgtrigger.Delete,
        """
        UPDATE talks_talk AS talk SET
            rating_count = talk.rating_count + delta.ratings,
            rating_sum = talk.rating_sum + delta.stars
        FROM (
            SELECT talk_id, -count(*) AS ratings, -sum(rating) AS stars FROM old_rows
            WHERE status = 'published' AND rating IS NOT NULL GROUP BY talk_id
        ) AS delta
        WHERE talk.id = delta.talk_id;
        RETURN NULL;
        """,
    ),
]


def _protected(name: str, columns: dict[str, str]) -> pgtrigger.Trigger:
    """A trigger that ignores any write to `columns` but the triggers' own: pg_trigger_depth()
    is 1 for the application's own statement, and 2 when a trigger above updates the talk. A
    new talk gets each column's value given here; an update keeps the old one."""
    indent = "\n            "
    on_insert = indent.join(f"NEW.{column} := {value};" for column, value in columns.items())
    on_update = indent.join(f"NEW.{column} := OLD.{column};" for column in columns)
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func=f"""
    IF pg_trigger_depth() = 1 THEN
        IF TG_OP = 'INSERT' THEN
            {on_insert}
        ELSE
            {on_update}
        END IF;
    END IF;
    RETURN NEW;
    """,
    )


# Any other write to the counters (a full `Talk.save()`, a fixture) is ignored.
PROTECT_COUNTERS = _protected(
    "protect_counters", {"published_note_count": "0", "rating_count": "0", "rating_sum": "0"}
)

# The [slug, name] of each speaker of a talk, in the talk's order (`Talk.speaker_links`):
# computed again for the talks whose speakers a statement added, moved or removed, or renamed.
# Any other write to it (a full `Talk.save()`, a fixture) is ignored, as for the counters.


def speaker_links_update(changed_talks: str) -> str:
    """The UPDATE that computes the links of the talks that `changed_talks` (a SELECT of talk
    ids) gives; generate_data runs it too, after its load."""
    return f"""
    UPDATE talks_talk AS talk SET speaker_links = listed.links
    FROM (
        SELECT changed.id, coalesce(array_agg(
            ARRAY[speaker.slug, speaker.name]::text[] ORDER BY link."order", link.id
        ) FILTER (WHERE link.id IS NOT NULL), '{{}}') AS links
        FROM (SELECT DISTINCT given.id FROM ({changed_talks}) AS given (id)) AS changed
        LEFT JOIN talks_talkspeaker AS link ON link.talk_id = changed.id
        LEFT JOIN people_speaker AS speaker ON speaker.id = link.speaker_id
        GROUP BY changed.id
    ) AS listed
    WHERE talk.id = listed.id AND talk.speaker_links IS DISTINCT FROM listed.links
    """


def _speaker_links_of(changed_talks: str) -> str:
    return f"{speaker_links_update(changed_talks)};\n    RETURN NULL;\n    "


TALK_SPEAKER_LINKS = [
    _statement(
        "speaker_links_insert", pgtrigger.Insert, _speaker_links_of("SELECT talk_id FROM new_rows")
    ),
    _statement(
        "speaker_links_update",
        pgtrigger.Update,
        _speaker_links_of("SELECT talk_id FROM new_rows UNION SELECT talk_id FROM old_rows"),
    ),
    _statement(
        "speaker_links_delete", pgtrigger.Delete, _speaker_links_of("SELECT talk_id FROM old_rows")
    ),
]

SPEAKER_RENAME_LINKS = _statement(
    "speaker_links_rename",
    pgtrigger.Update,
    _speaker_links_of(
        """
        SELECT link.talk_id FROM new_rows JOIN old_rows USING (id)
        JOIN talks_talkspeaker AS link ON link.speaker_id = new_rows.id
        WHERE (new_rows.slug, new_rows.name) IS DISTINCT FROM (old_rows.slug, old_rows.name)
        """
    ),
)

PROTECT_SPEAKER_LINKS = _protected("protect_speaker_links", {"speaker_links": "'{}'"})

# The day lists sort by, served by an index: computed on the fly from two tables, it made
# every page of the finder sort all the published talks. Computed whenever a write names the
# talk's day, date or event (a full `Talk.save()` names them all), which also keeps any other
# write from changing it.
TALK_DAY = pgtrigger.Trigger(
    name="talk_day",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.UpdateOf("day", "date", "event_id"),
    func="""
    NEW.day := coalesce(
        NEW.date, (SELECT start_date FROM events_event WHERE id = NEW.event_id)
    );
    RETURN NEW;
    """,
)

# An event's new first day, followed by its talks that have no date of their own.
EVENT_TALK_DAYS = _statement(
    "talk_days",
    pgtrigger.Update,
    """
    UPDATE talks_talk AS talk SET day = changed.start_date
    FROM new_rows AS changed
    WHERE talk.event_id = changed.id AND talk.date IS NULL
        AND talk.day IS DISTINCT FROM changed.start_date;
    RETURN NULL;
    """,
)

# A note's search vector: its body in the text search configuration of its language, computed
# on every insert and every change of the body or the language, which keeps any other write
# from changing it. A trigger rather than a generated column, so that a bulk load can drop it
# and write vectors it computed another way (talks/datagen/).
NOTE_SEARCH_VECTOR = pgtrigger.Trigger(
    name="search_vector",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.Update,
    func="""
    IF TG_OP = 'UPDATE' AND (NEW.language, NEW.body) IS NOT DISTINCT FROM (OLD.language, OLD.body)
    THEN
        NEW.search_vector := OLD.search_vector;
    ELSE
        NEW.search_vector := confnotes_note_vector(NEW.language, NEW.body);
    END IF;
    RETURN NEW;
    """,
)

# Search documents: a talk's title, speakers, topics and abstract (`document`), rewritten when
# any of them changes.

TALK_SEARCH = [
    _statement(
        "search_document_insert",
        pgtrigger.Insert,
        """
        INSERT INTO talks_talksearchdocument (talk_id, document, notes)
        SELECT talk_id, document, ''::tsvector
        FROM confnotes_talk_documents(ARRAY(SELECT id FROM new_rows));
        RETURN NULL;
        """,
    ),
    _statement(
        "search_document_update",
        pgtrigger.Update,
        """
        PERFORM confnotes_refresh_talk_documents(ARRAY(
            SELECT new_rows.id FROM new_rows JOIN old_rows USING (id)
            WHERE (new_rows.title, new_rows.abstract, new_rows.languages)
                IS DISTINCT FROM (old_rows.title, old_rows.abstract, old_rows.languages)
        ));
        RETURN NULL;
        """,
    ),
]


def _talk_link_search(talk_column: str) -> list[pgtrigger.Trigger]:
    """For a table that links talks to speakers or topics: the documents of the talks whose
    links a statement added, changed or removed."""
    return [
        _statement(
            "search_document_insert",
            pgtrigger.Insert,
            f"""
            PERFORM confnotes_refresh_talk_documents(
                (SELECT array_agg(DISTINCT {talk_column}) FROM new_rows)
            );
            RETURN NULL;
            """,
        ),
        _statement(
            "search_document_update",
            pgtrigger.Update,
            f"""
            PERFORM confnotes_refresh_talk_documents((
                SELECT array_agg({talk_column}) FROM (
                    SELECT {talk_column} FROM new_rows UNION SELECT {talk_column} FROM old_rows
                ) AS changed
            ));
            RETURN NULL;
            """,
        ),
        _statement(
            "search_document_delete",
            pgtrigger.Delete,
            f"""
            PERFORM confnotes_refresh_talk_documents(
                (SELECT array_agg(DISTINCT {talk_column}) FROM old_rows)
            );
            RETURN NULL;
            """,
        ),
    ]


TALK_SPEAKER_SEARCH = _talk_link_search("talk_id")
TAGGED_TALK_SEARCH = _talk_link_search("content_object_id")


def _name_search(link_table: str, link_column: str, talk_column: str) -> pgtrigger.Trigger:
    """For speakers or topics: the documents of the talks of those a statement renamed."""
    return _statement(
        "search_document_rename",
        pgtrigger.Update,
        f"""
        PERFORM confnotes_refresh_talk_documents((
            SELECT array_agg(DISTINCT link.{talk_column}) FROM new_rows JOIN old_rows USING (id)
            JOIN {link_table} AS link ON link.{link_column} = new_rows.id
            WHERE new_rows.name IS DISTINCT FROM old_rows.name
        ));
        RETURN NULL;
        """,
    )


SPEAKER_SEARCH = _name_search("talks_talkspeaker", "speaker_id", "talk_id")
TOPIC_SEARCH = _name_search("talks_taggedtalk", "tag_id", "content_object_id")

# A talk's published notes (`notes` of its search document). Only published notes are
# searchable: a change matters when the note was or becomes published. A new published note is
# appended rather than its talk's notes recomputed: a bulk load in many statements parses each
# note once, not once per statement.
NOTE_SEARCH = [
    _statement(
        "search_notes_insert",
        pgtrigger.Insert,
        """
        UPDATE talks_talksearchdocument AS search
        SET notes = confnotes_tsvector_append(search.notes, added.notes)
        FROM (
            SELECT talk_id, confnotes_tsvector_agg(search_vector ORDER BY id) AS notes
            FROM new_rows WHERE status = 'published' GROUP BY talk_id
        ) AS added
        WHERE search.talk_id = added.talk_id;
        RETURN NULL;
        """,
    ),
    _statement(
        "search_notes_update",
        pgtrigger.Update,
        """
        PERFORM confnotes_refresh_talk_notes((
            SELECT array_agg(DISTINCT changed.talk_id)
            FROM new_rows JOIN old_rows USING (id)
            CROSS JOIN LATERAL (VALUES (new_rows.talk_id), (old_rows.talk_id)) AS changed(talk_id)
            WHERE (new_rows.status = 'published' OR old_rows.status = 'published')
                AND (new_rows.status, new_rows.body, new_rows.language, new_rows.talk_id)
                    IS DISTINCT FROM
                    (old_rows.status, old_rows.body, old_rows.language, old_rows.talk_id)
        ));
        RETURN NULL;
        """,
    ),
    _statement(
        "search_notes_delete",
        pgtrigger.Delete,
        """
        PERFORM confnotes_refresh_talk_notes(
            (SELECT array_agg(DISTINCT talk_id) FROM old_rows WHERE status = 'published')
        );
        RETURN NULL;
        """,
    ),
]

# By model, for their Meta.
ON_TALK = [PROTECT_COUNTERS, PROTECT_SPEAKER_LINKS, TALK_DAY, *TALK_SEARCH]
ON_TALK_SPEAKER = [*TALK_SPEAKER_SEARCH, *TALK_SPEAKER_LINKS]
ON_TAGGED_TALK = TAGGED_TALK_SEARCH
ON_TOPIC = [TOPIC_SEARCH]
ON_NOTE = [NOTE_SEARCH_VECTOR, *NOTE_COUNTERS, *NOTE_SEARCH]
ON_REVIEW = REVIEW_COUNTERS
ON_EVENT = [EVENT_TALK_DAYS]
ON_SPEAKER = [SPEAKER_SEARCH, SPEAKER_RENAME_LINKS]
