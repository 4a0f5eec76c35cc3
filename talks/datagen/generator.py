"""Synthetic conferences for benchmarks: events, talks, speakers, users, notes and reviews.

The same seed gives the same rows: every kind of random choice draws from its own generator,
seeded from the seed and the choice's name, so neither the batch size nor the order of the
steps changes what is drawn. Rows go in with COPY (see bulk.py).
"""

import datetime
import math
import random
from bisect import bisect
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import accumulate

from django.db import connection, transaction
from django.utils.text import slugify
from psycopg import sql

from events.models import Event, EventStatus, Series
from people.models import Speaker, User
from talks.datagen import text, vocabulary
from talks.datagen.bulk import (
    STAGING_TABLE,
    copy_into,
    copy_rows,
    identifiers,
    rebuilt_afterwards,
    staged,
    triggers_dropped,
    worth_rebuilding,
)
from talks.datagen.progress import Progress
from talks.models import (
    Note,
    NoteStatus,
    Review,
    ReviewStatus,
    TaggedTalk,
    Talk,
    TalkFormat,
    TalkSearchDocument,
    TalkSpeaker,
    TalkStatus,
    Topic,
)
from talks.triggers import speaker_links_update

EDITIONS_PER_SERIES = 5
FIRST_SERIES_YEAR = 2015
# Distinct note fragments per language: a note is an opening and up to 24 sections.
FRAGMENTS_PER_LANGUAGE = 400
REVIEW_TEXTS_PER_LANGUAGE = 200
UTC = datetime.UTC
# When generated speakers and users were added, before the first generated event.
PEOPLE_ADDED_ON = datetime.datetime(FIRST_SERIES_YEAR - 1, 1, 1, tzinfo=UTC)

FRENCH_SPEAKING_COUNTRIES = {"FR", "BE", "CH", "LU", "CA"}
LOCAL_LANGUAGES = {
    "NL": "nl", "DE": "de", "AT": "de", "ES": "es", "IT": "it", "PT": "pt", "PL": "pl",
    "DK": "da", "SE": "sv", "CZ": "cs",
}  # fmt: skip
FORMATS = {
    TalkFormat.TALK: (70, (30, 40, 45, 50)),
    TalkFormat.KEYNOTE: (6, (20, 30, 45)),
    TalkFormat.LIGHTNING: (10, (5, 10, 15)),
    TalkFormat.WORKSHOP: (6, (120, 180)),
    TalkFormat.PANEL: (3, (45, 60)),
    TalkFormat.ROUND_TABLE: (2, (45, 60)),
    TalkFormat.HANDS_ON_LAB: (3, (90, 120)),
}
NOTE_STATUSES = {
    NoteStatus.PUBLISHED: 94,
    NoteStatus.DRAFT: 2,
    NoteStatus.PENDING: 2,
    NoteStatus.HIDDEN: 1.5,
    NoteStatus.REJECTED: 0.5,
}
# Notes are written during the event and up to this long after it.
NOTE_WRITING_SECONDS = 45 * 86_400
# How many speakers or topics a talk has: one of these, drawn evenly.
SPEAKERS_PER_TALK = (1, 1, 1, 1, 1, 1, 1, 2, 2, 3)
TOPICS_PER_TALK = (1, 1, 1, 2, 2, 2, 2, 3, 3, 4)
RATINGS = {5: 25, 4: 38, 3: 20, 2: 8, 1: 4, None: 5}


# Notes from staging (talks/datagen/bulk.py), with their body, HTML and search vector put
# together from their fragments (see _Generator._note_fragments) instead of parsing a million
# notes. Most notes are one fragment, taken as it is (`single`) without aggregating.
_NOTES_FROM_STAGING = sql.SQL("""
INSERT INTO talks_note ({columns}, body, body_html, search_vector)
SELECT {staged_columns},
    coalesce(single.markdown, joined.body),
    coalesce(single.html, joined.body_html),
    CASE WHEN single.id IS NOT NULL THEN single.vector
        WHEN joined.exact THEN joined.vector
        ELSE confnotes_note_vector(staged.language, joined.body) END
FROM {staging} AS staged
LEFT JOIN bulk_note_fragment AS single
    ON cardinality(staged.fragments) = 1 AND single.id = staged.fragments[1]
CROSS JOIN LATERAL (
    SELECT string_agg(fragment.markdown, {separator} ORDER BY part.position) AS body,
        string_agg(fragment.html, E'\\n' ORDER BY part.position) AS body_html,
        confnotes_tsvector_agg(fragment.vector ORDER BY part.position) AS vector,
        bool_and(fragment.exact OR part.position = cardinality(staged.fragments)) AS exact
    FROM unnest(staged.fragments) WITH ORDINALITY AS part(id, position)
    JOIN bulk_note_fragment AS fragment ON fragment.id = part.id
    WHERE cardinality(staged.fragments) > 1
) AS joined
""")
NOTE_FRAGMENT_SEPARATOR = "\n\n"


class GenerationError(Exception):
    """The data cannot be generated as asked; the message says why."""


@dataclass(frozen=True)
class Sizes:
    events: int
    talks: int
    speakers: int
    notes: int
    reviews: int
    users: int


def generation_tag(seed: int) -> str:
    """The suffix of every generated event and speaker slug, unique to the seed."""
    return f"g{seed}"


def data_generate(
    *,
    sizes: Sizes,
    seed: int,
    batch_size: int = 50_000,
    progress: Callable[[str, int], Progress],
) -> None:
    """Add generated data to the database, all in one transaction; existing rows stay.

    Series, topics and users that already exist under the same name are reused. Talks'
    and notes' indexes and foreign keys are rebuilt once at the end rather than row by row.
    """
    _check(sizes, seed)
    with transaction.atomic(), connection.cursor() as django_cursor:
        _Generator(django_cursor.cursor, sizes, seed, batch_size, progress).run()
    # VACUUM cannot run inside a transaction, such as a test's.
    if not connection.in_atomic_block:
        _vacuum(progress)


def _vacuum(progress: Callable[[str, int], Progress]) -> None:
    """Do what autovacuum would soon do to freshly loaded tables: set their rows' hint bits
    and visibility map, so that reads and benchmarks start from a site's steady state."""
    models_ = (
        Event,
        Speaker,
        User,
        Talk,
        TalkSpeaker,
        TaggedTalk,
        Note,
        Review,
        TalkSearchDocument,
    )
    step = progress("vacuum", len(models_))
    with connection.cursor() as cursor:
        for model in models_:
            cursor.execute(f"VACUUM {connection.ops.quote_name(model._meta.db_table)}")
            step.advance(1)
    step.finish()


def _check(sizes: Sizes, seed: int) -> None:
    if min(vars(sizes).values()) < 0:
        raise GenerationError("Sizes cannot be negative.")
    if sizes.talks and not sizes.events:
        raise GenerationError("Talks need at least one event.")
    if (sizes.notes or sizes.reviews) and not (sizes.talks and sizes.users):
        raise GenerationError("Notes and reviews need at least one talk and one user.")
    if sizes.reviews > sizes.talks * sizes.users:
        raise GenerationError(
            "There cannot be more reviews than talks times users (one review per user per talk)."
        )
    suffix = f"-{generation_tag(seed)}"
    if (
        Event.objects.filter(slug__endswith=suffix).exists()
        or Speaker.objects.filter(slug__endswith=suffix).exists()
    ):
        raise GenerationError(
            f"Data generated with seed {seed} is already in the database; use another seed."
        )


def _talk_languages(rng: random.Random, country: str) -> list[str]:
    """Mostly French in French-speaking countries, mostly English elsewhere, a little local."""
    draw = rng.random()
    if country in FRENCH_SPEAKING_COUNTRIES:
        return ["fr"] if draw < 0.6 else ["fr", "en"] if draw < 0.65 else ["en"]
    local = LOCAL_LANGUAGES.get(country)
    if local and draw < 0.1:
        return [local]
    return ["fr"] if draw > 0.95 else ["en"]


def _weighted(weights: dict) -> tuple[list, list[float]]:
    """(values, cumulative weights) for random.choices."""
    return list(weights), list(accumulate(weights.values()))


def _made_ahead(make: Callable[[range], list], batches: Iterable[range]) -> Iterator[list]:
    """make(batch) for each batch, in order; a thread makes the next batch while the caller
    uses this one, so that Python writes rows while the database loads the previous ones."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        pending = None
        for batch in batches:
            made = thread.submit(make, batch)
            if pending is not None:
                yield pending.result()
            pending = made
        if pending is not None:
            yield pending.result()


@dataclass
class _EventPlan:
    start: datetime.date
    length: int  # in days
    country: str
    id: int = 0


@dataclass
class _TalkPlan:
    event: int
    slug: str
    first_language: str
    speakers: list[int]
    topics: list[int]
    id: int = 0


class _Generator:
    def __init__(self, cursor, sizes: Sizes, seed: int, batch_size: int, progress):
        self.cursor, self.sizes, self.seed = cursor, sizes, seed
        self.batch_size, self.progress = max(1, batch_size), progress
        self.tag = generation_tag(seed)

    def rng(self, purpose: str) -> random.Random:
        return random.Random(f"{self.seed}:{purpose}")

    def run(self) -> None:
        self.topic_ids = self._topics()
        self.events = self._events()
        self.speaker_ids = self._speakers()
        self.user_ids = self._users()
        self._texts()
        sizes = self.sizes
        new_rows = {Talk: sizes.talks, TalkSpeaker: sizes.talks, TaggedTalk: sizes.talks}
        new_rows |= {Note: sizes.notes, Review: sizes.reviews, TalkSearchDocument: sizes.talks}
        rebuilt = worth_rebuilding(self.cursor, new_rows)
        with rebuilt_afterwards(self.cursor, rebuilt):
            # The triggers would recount and re-index a talk for every batch of its notes;
            # once, after the load, is enough.
            with triggers_dropped(self.cursor, (Talk, TalkSpeaker, TaggedTalk, Note, Review)):
                talks = self._talks()
                self._notes(talks)
                self._reviews(talks)
                self._derived([plan.id for plan in talks])
            step = self.progress("indexes, stats", 1)
        # Fresh statistics, so that benchmarks run on the query plans production would get:
        # _derived analyzed the other tables, which have not changed since. Notes again, for
        # the expression indexes rebuilt since.
        self._analyze(Event, User, Talk, Note, TalkSearchDocument)
        step.finish()

    def _analyze(self, *models_) -> None:
        tables = [model._meta.db_table for model in models_]
        self.cursor.execute(sql.SQL("ANALYZE {}").format(identifiers(tables)))

    def _derived(self, talk_ids: list[int]) -> None:
        """What the triggers of the loaded tables keep: search documents, counters and the
        talks' speaker links.

        The search documents come from the functions that the triggers call
        (talks/database_functions.py); the counters are what the counting triggers
        (talks/triggers.py) add up, counted once. tests/talks/test_generate_data.py checks
        that both are what the triggers would have made.
        """
        step = self.progress("search, counts", 1)
        # Without statistics on what was just loaded, PostgreSQL may join each talk to every
        # speaker.
        self._analyze(Speaker, Talk, TalkSpeaker, TaggedTalk, Note, Review)
        # The notes of every talk, sorted in memory rather than on disk.
        self.cursor.execute("SET LOCAL work_mem = '1GB'")
        self.cursor.execute(
            """
            INSERT INTO talks_talksearchdocument (talk_id, document, notes)
            SELECT document.talk_id, document.document, coalesce(published.notes, '')
            FROM confnotes_talk_documents(%(talks)s) AS document
            LEFT JOIN confnotes_talk_notes(%(talks)s) AS published USING (talk_id)
            """,
            {"talks": talk_ids},
        )
        self.cursor.execute(
            """
            UPDATE talks_talk AS talk SET
                published_note_count = coalesce(notes.published, 0),
                rating_count = coalesce(reviews.ratings, 0),
                rating_sum = coalesce(reviews.stars, 0)
            FROM unnest(%(talks)s::bigint[]) AS new_talk(id)
            LEFT JOIN (
                SELECT talk_id, count(*) AS published FROM talks_note
                WHERE status = 'published' GROUP BY talk_id
            ) AS notes ON notes.talk_id = new_talk.id
            LEFT JOIN (
                SELECT talk_id, count(rating) AS ratings, sum(rating) AS stars FROM talks_review
                WHERE status = 'published' GROUP BY talk_id
            ) AS reviews ON reviews.talk_id = new_talk.id
            WHERE talk.id = new_talk.id
                AND (notes.talk_id IS NOT NULL OR reviews.talk_id IS NOT NULL)
            """,
            {"talks": talk_ids},
        )
        self.cursor.execute(
            speaker_links_update("SELECT unnest(%(talks)s::bigint[])"), {"talks": talk_ids}
        )
        step.finish()

    def _popularity(self, purpose: str, count: int, spread: float) -> list[float]:
        """Cumulative weights of `count` things: most alike, a few far ahead (log-normal)."""
        rng = self.rng(purpose)
        return list(accumulate(rng.lognormvariate(0, spread) for _ in range(count)))

    def _batches(self, total: int, label: str) -> Iterator[range]:
        step = self.progress(label, total)
        for batch in self._ranges(total):
            yield batch
            step.advance(len(batch))
        step.finish()

    def _ranges(self, total: int) -> Iterator[range]:
        for start in range(0, total, self.batch_size):
            yield range(start, min(start + self.batch_size, total))

    # Topics, series, events

    def _topics(self) -> list[int]:
        names = list(vocabulary.TOPIC_WEIGHTS)
        copy_rows(
            self.cursor,
            Topic,
            ["name", "slug"],
            ((name, slugify(name)) for name in names),
            skip_conflicts=True,
        )
        self.cursor.execute(
            "SELECT id, name, slug FROM talks_topic WHERE name = ANY(%s) OR slug = ANY(%s)",
            [names, [slugify(name) for name in names]],
        )
        by_key = {}
        for pk, name, slug in self.cursor.fetchall():
            by_key[("name", name)] = pk
            by_key.setdefault(("slug", slug), pk)
        self.topic_weights = []
        ids = []
        for name, weight in vocabulary.TOPIC_WEIGHTS.items():
            pk = by_key.get(("name", name)) or by_key.get(("slug", slugify(name)))
            if pk is not None:
                ids.append(pk)
                self.topic_weights.append(weight)
        return ids

    def _series(self, count: int) -> list[tuple[str, str, str, int | None]]:
        """(name, city, country, id) of each series; those that exist by that name are reused."""
        rng = self.rng("series")
        combinations = [
            (subject, kind, city)
            for subject in vocabulary.SERIES_SUBJECTS
            for kind in vocabulary.SERIES_KINDS
            for city in vocabulary.CITIES
        ]
        rng.shuffle(combinations)
        series = []
        for index in range(count):
            subject, kind, (city, country) = combinations[index % len(combinations)]
            round_ = index // len(combinations)
            name = f"{subject} {kind} {city}" + (f" {round_ + 1}" if round_ else "")
            series.append((name, city, country))
        copy_rows(
            self.cursor,
            Series,
            ["name", "slug"],
            ((name, slugify(name)) for name, _, _ in series),
            skip_conflicts=True,
        )
        self.cursor.execute(
            "SELECT lower(name), id FROM events_series WHERE lower(name) = ANY(%s)",
            [[name.lower() for name, _, _ in series]],
        )
        ids = dict(self.cursor.fetchall())
        return [(name, city, country, ids.get(name.lower())) for name, city, country in series]

    def _events(self) -> list[_EventPlan]:
        count = self.sizes.events
        series = self._series(math.ceil(count / EDITIONS_PER_SERIES))
        rng = self.rng("events")
        first_years = [rng.randint(FIRST_SERIES_YEAR, FIRST_SERIES_YEAR + 6) for _ in series]
        rows, plans = [], []
        for index in range(count):
            which, edition = index % len(series), index // len(series)
            name, city, country, series_id = series[which]
            year = first_years[which] + edition
            start = datetime.date(year, rng.randint(1, 11), rng.randint(1, 28))
            length = rng.choices((1, 2, 3), weights=(50, 35, 15))[0]
            end = start + datetime.timedelta(days=length - 1)
            created = datetime.datetime.combine(start, datetime.time(10), UTC) - datetime.timedelta(
                days=90
            )
            venue = rng.choice(vocabulary.VENUES) if rng.random() < 0.6 else ""
            website = f"https://{slugify(name)}.example.org/{year}/" if rng.random() < 0.7 else ""
            slug = f"{slugify(name)}-{year}-{self.tag}"
            rows.append(
                (series_id, f"{name} {year}", slug, start, end, city, country, venue, website,
                 EventStatus.PUBLISHED.value, created, created)
            )  # fmt: skip
            plans.append(_EventPlan(start, length, country))
        step = self.progress("events", count)
        copy_rows(
            self.cursor,
            Event,
            ["series_id", "name", "slug", "start_date", "end_date", "city", "country", "venue",
             "website", "status", "created_at", "updated_at"],
            rows,
        )  # fmt: skip
        step.finish()
        self.cursor.execute(
            "SELECT slug, id FROM events_event WHERE slug = ANY(%s)", [[row[2] for row in rows]]
        )
        ids = dict(self.cursor.fetchall())
        for plan, row in zip(plans, rows, strict=True):
            plan.id = ids[row[2]]
        return plans

    # People

    def _speakers(self) -> list[int]:
        count = self.sizes.speakers
        order = text.name_order(self.rng("speaker names"))
        rows = []
        slugs = set()
        for index in range(count):
            name = text.person_name(index, order)
            slug = f"{slugify(name)}-{self.tag}"
            if slug in slugs:
                slug = f"{slugify(name)}-{index}-{self.tag}"
            slugs.add(slug)
            rows.append((name, slug, PEOPLE_ADDED_ON, PEOPLE_ADDED_ON))
        step = self.progress("speakers", count)
        copy_rows(self.cursor, Speaker, ["name", "slug", "created_at", "updated_at"], rows)
        step.finish()
        self.cursor.execute(
            "SELECT slug, id FROM people_speaker WHERE slug = ANY(%s)", [[row[1] for row in rows]]
        )
        ids = dict(self.cursor.fetchall())
        return [ids[row[1]] for row in rows]

    def _users(self) -> list[int]:
        count = self.sizes.users
        rng = self.rng("users")
        order = text.name_order(self.rng("user names"))
        rows = []
        for index in range(count):
            first, _, last = text.person_name(index, order).rpartition(" ")
            first = first.split(" ")[0]
            username = f"{slugify(first)}.{slugify(last)}{index}".replace("-", "")
            # Unusable (see AbstractBaseUser.set_unusable_password): nobody logs in as them.
            password = f"!{rng.getrandbits(128):032x}"
            rows.append(
                (username, first, last, f"{username}@example.org", password, PEOPLE_ADDED_ON)
            )
        step = self.progress("users", count)
        copy_rows(
            self.cursor,
            User,
            ["username", "first_name", "last_name", "email", "password", "date_joined"],
            rows,
            skip_conflicts=True,
        )
        step.finish()
        self.cursor.execute(
            "SELECT lower(username), id FROM people_user WHERE lower(username) = ANY(%s)",
            [[row[0] for row in rows]],
        )
        ids = dict(self.cursor.fetchall())
        return [ids[row[0]] for row in rows]

    # Talks

    def _talks(self) -> list[_TalkPlan]:
        make = self._talk_maker()
        plans = []
        for batch in self._batches(self.sizes.talks, "talks"):
            made = [make(index) for index in batch]
            plans += (plan for _, plan in made)
            copy_rows(
                self.cursor,
                Talk,
                ["event_id", "title", "slug", "abstract", "text_language", "format",
                 "languages", "date", "day", "start_time", "duration", "room", "slides_url",
                 "video_url", "status", "created_at", "updated_at"],
                (row for row, _ in made),
            )  # fmt: skip
        self.cursor.execute(
            "SELECT event_id, slug, id FROM talks_talk WHERE event_id = ANY(%s)",
            [[event.id for event in self.events]],
        )
        ids = {(event_id, slug): pk for event_id, slug, pk in self.cursor.fetchall()}
        for plan in plans:
            plan.id = ids[(self.events[plan.event].id, plan.slug)]
        copy_rows(
            self.cursor,
            TalkSpeaker,
            ["talk_id", "speaker_id", "order"],
            (
                (plan.id, speaker, order)
                for plan in plans
                for order, speaker in enumerate(plan.speakers)
            ),
        )
        copy_rows(
            self.cursor,
            TaggedTalk,
            ["content_object_id", "tag_id"],
            ((plan.id, topic) for plan in plans for topic in plan.topics),
        )
        return plans

    def _talk_maker(self) -> Callable[[int], tuple[tuple, _TalkPlan]]:
        """A function giving the index-th talk's row and plan."""
        rng, slot_rng = self.rng("talks"), self.rng("talk text")
        event_weights = self._popularity("event sizes", len(self.events), spread=0.8)
        speaker_weights = self._popularity("speaker fame", len(self.speaker_ids), spread=1.0)
        formats, format_weights = _weighted(
            {name.value: weight for name, (weight, _) in FORMATS.items()}
        )
        topic_weights = list(accumulate(self.topic_weights))
        slugs_by_event: dict[int, set[str]] = {}

        def make(index: int) -> tuple[tuple, _TalkPlan]:
            event = bisect(event_weights, rng.random() * event_weights[-1])
            where = self.events[event]
            languages = _talk_languages(rng, where.country)
            language = "fr" if languages[0] == "fr" else "en"
            title = text.talk_title(slot_rng, language)
            slug = slugify(title)[:180].strip("-")
            taken = slugs_by_event.setdefault(event, set())
            if slug in taken:
                slug = f"{slug}-{index}"
            taken.add(slug)
            talk_format = rng.choices(formats, cum_weights=format_weights)[0]
            start, length = where.start, where.length
            day = None
            if rng.random() < 0.85:
                day = start + datetime.timedelta(days=rng.randrange(length))
            start_time = (
                datetime.time(9 + rng.randrange(9), rng.choice((0, 15, 30, 45))) if day else None
            )
            duration = rng.choice(FORMATS[talk_format][1]) if rng.random() < 0.9 else None
            room = rng.choice(vocabulary.ROOMS) if rng.random() < 0.7 else ""
            abstract = text.abstract(slot_rng, language) if rng.random() < 0.75 else ""
            slides = f"https://slides.example.org/{slug}.pdf" if rng.random() < 0.3 else ""
            video = f"https://video.example.org/watch/{index}" if rng.random() < 0.4 else ""
            speakers = self._distinct(rng, self.speaker_ids, speaker_weights, SPEAKERS_PER_TALK)
            topics = self._distinct(rng, self.topic_ids, topic_weights, TOPICS_PER_TALK)
            created = datetime.datetime.combine(start, datetime.time(10), UTC)
            created -= datetime.timedelta(days=30)
            # The talk's day, as TALK_DAY (talks/triggers.py, dropped during the load) keeps it.
            row = (
                where.id, title, slug, abstract, language, talk_format, languages, day,
                day or start, start_time, duration, room, slides, video,
                TalkStatus.PUBLISHED.value, created, created,
            )  # fmt: skip
            return row, _TalkPlan(event, slug, languages[0], speakers, topics)

        return make

    @staticmethod
    def _distinct(rng: random.Random, values: list, cumulative: list, counts: tuple) -> list:
        """A few distinct values drawn by weight; how many is drawn from `counts`."""
        if not values:
            return []
        wanted = min(rng.choice(counts), len(values))
        chosen = []
        while len(chosen) < wanted:
            value = values[bisect(cumulative, rng.random() * cumulative[-1])]
            if value not in chosen:
                chosen.append(value)
        return chosen

    # Notes and reviews

    def _event_end(self, plan: _TalkPlan) -> int:
        event = self.events[plan.event]
        last_day = event.start + datetime.timedelta(days=event.length - 1)
        return int(datetime.datetime.combine(last_day, datetime.time(18), UTC).timestamp())

    def _texts(self) -> None:
        """Render the pieces notes and reviews are made of, once."""
        languages = (text.ENGLISH, text.FRENCH)
        step = self.progress("texts", 2 * len(languages))
        fragment_rng, review_rng = self.rng("note fragments"), self.rng("review texts")
        self.note_fragments, self.review_texts = {}, {}
        for language in languages:
            count = min(FRAGMENTS_PER_LANGUAGE, self.sizes.notes)
            self.note_fragments[language] = text.note_fragments(fragment_rng, language, count)
            step.advance(1)
            count = min(REVIEW_TEXTS_PER_LANGUAGE, self.sizes.reviews)
            self.review_texts[language] = text.review_texts(review_rng, language, count)
            step.advance(1)
        step.finish()

    def _notes(self, talks: list[_TalkPlan]) -> None:
        count = self.sizes.notes
        fragments = self._note_fragments()
        talk_weights = self._popularity("talk popularity", len(talks), spread=1.0)
        statuses, status_weights = _weighted(
            {status.value: weight for status, weight in NOTE_STATUSES.items()}
        )
        ends = [self._event_end(plan) for plan in talks]
        pick_talk, pick_author = self.rng("note talks"), self.rng("note authors")
        pick_language, pick_body = self.rng("note languages"), self.rng("note bodies")
        pick_status, pick_time = self.rng("note statuses"), self.rng("note times")
        names = ["talk_id", "author_id", "language", "status", "published_at", "created_at",
                 "updated_at"]  # fmt: skip

        def rows(batch: range) -> list[tuple]:
            made = []
            for _ in batch:
                talk = bisect(talk_weights, pick_talk.random() * talk_weights[-1])
                plan = talks[talk]
                french_first = plan.first_language == "fr"
                language = "fr" if (pick_language.random() < 0.7) == french_first else "en"
                parts = self._note_parts(pick_body, fragments[language])
                status = statuses[bisect(status_weights, pick_status.random() * status_weights[-1])]
                written = ends[talk] + int(pick_time.random() * NOTE_WRITING_SECONDS)
                created = datetime.datetime.fromtimestamp(written, UTC)
                published = (
                    created + datetime.timedelta(minutes=1 + int(pick_time.random() * 600))
                    if status in (NoteStatus.PUBLISHED, NoteStatus.HIDDEN)
                    else None
                )
                author = self.user_ids[int(pick_author.random() * len(self.user_ids))]
                made.append(
                    (plan.id, author, language, status, published, created, created,
                     parts)
                )  # fmt: skip
            return made

        # The database puts the body, its HTML and its search vector together from fragments.
        omitted = ["body", "body_html", "search_vector"]
        step = self.progress("notes", count)
        for batch_rows in _made_ahead(rows, self._ranges(count)):
            with staged(
                self.cursor, Note, names, batch_rows, {"fragments": "integer[]"}, omitted
            ) as columns:
                self.cursor.execute(
                    _NOTES_FROM_STAGING.format(
                        columns=identifiers(columns),
                        staged_columns=sql.SQL(", ").join(
                            sql.Identifier("staged", column) for column in columns
                        ),
                        staging=sql.Identifier(STAGING_TABLE),
                        separator=sql.Literal(NOTE_FRAGMENT_SEPARATOR),
                    )
                )
            step.advance(len(batch_rows))
        self.cursor.execute("DROP TABLE bulk_note_fragment")
        step.finish()

    def _note_fragments(self) -> dict[str, tuple[list[int], list[int]]]:
        """The ids of the fragments notes are made of, as (openings, sections) by language.

        The fragments themselves, with their search vectors, go to the temporary table
        bulk_note_fragment.
        """
        ids, rows = {}, []
        for language, kinds in self.note_fragments.items():
            numbered = []
            for kind in kinds:
                first = len(rows)
                numbered.append(list(range(first, first + len(kind))))
                rows += (
                    (first + offset, language, part.markdown, part.html)
                    for offset, part in enumerate(kind)
                )
            ids[language] = tuple(numbered)
        self.cursor.execute(
            """
            CREATE TEMPORARY TABLE bulk_note_fragment (
                id integer PRIMARY KEY, language varchar, markdown text, html text,
                vector tsvector, exact boolean
            ) ON COMMIT DROP
            """
        )
        copy_into(self.cursor, "bulk_note_fragment", ["id", "language", "markdown", "html"], rows)
        # A note's vector is its fragments' vectors joined by ||, which numbers the words of
        # each fragment from the last word of the one before: exactly what parsing the whole
        # note gives, unless a fragment ends with words that take a position but leave no
        # lexeme (stop words). A note with such a fragment before its last is parsed whole.
        self.cursor.execute(
            """
            UPDATE bulk_note_fragment SET
                vector = confnotes_note_vector(language, markdown),
                exact = confnotes_note_vector(language, markdown || %(separator)s || 'probe')
                    = confnotes_note_vector(language, markdown)
                    || confnotes_note_vector(language, 'probe')
            """,
            {"separator": NOTE_FRAGMENT_SEPARATOR},
        )
        return ids

    @staticmethod
    def _note_parts(rng: random.Random, fragments: tuple[list, list]) -> list:
        """Mostly short notes, some with a section or two, a few long, one in a hundred longer."""
        openings, sections = fragments
        draw = rng.random()
        if draw < 0.6:
            extra = 0
        elif draw < 0.94:
            extra = 1 + int(rng.random() * 2)
        elif draw < 0.99:
            extra = 4 + int(rng.random() * 4)
        else:
            extra = 12 + int(rng.random() * 13)
        parts = [openings[int(rng.random() * len(openings))]]
        parts += (sections[int(rng.random() * len(sections))] for _ in range(extra))
        return parts

    def _reviews(self, talks: list[_TalkPlan]) -> None:
        count = self.sizes.reviews
        texts = self.review_texts
        talk_weights = self._popularity("review popularity", len(talks), spread=1.0)
        ratings, rating_weights = _weighted(RATINGS)
        ends = [self._event_end(plan) for plan in talks]
        rng = self.rng("reviews")
        users = len(self.user_ids)
        # A talk's k-th reviewer is the user after its (k-1)-th, from a random first one:
        # never twice the same user on a talk, as the database requires.
        first_reviewer = [rng.randrange(users) for _ in talks] if users else []
        reviews_so_far = [0] * len(talks)
        columns = ["talk_id", "author_id", "rating", "body", "body_html", "status",
                   "created_at", "updated_at"]  # fmt: skip

        def rows(batch: range) -> Iterator[tuple]:
            for _ in batch:
                talk = bisect(talk_weights, rng.random() * talk_weights[-1])
                while reviews_so_far[talk] >= users:
                    talk = (talk + 1) % len(talks)
                author = self.user_ids[(first_reviewer[talk] + reviews_so_far[talk]) % users]
                reviews_so_far[talk] += 1
                rating = ratings[bisect(rating_weights, rng.random() * rating_weights[-1])]
                language = "fr" if talks[talk].first_language == "fr" else "en"
                body = html = ""
                if rating is None or rng.random() < 0.6:
                    chosen = texts[language][rng.randrange(len(texts[language]))]
                    body, html = chosen.markdown, chosen.html
                hidden = rng.random() < 0.03
                status = (ReviewStatus.HIDDEN if hidden else ReviewStatus.PUBLISHED).value
                created = datetime.datetime.fromtimestamp(
                    ends[talk] + rng.randrange(30 * 86_400), UTC
                )
                yield (talks[talk].id, author, rating, body, html, status, created, created)

        for batch in self._batches(count, "reviews"):
            copy_rows(self.cursor, Review, columns, rows(batch))
