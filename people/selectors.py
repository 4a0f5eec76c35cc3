"""Reads on people."""

from dataclasses import dataclass

from django.apps import apps
from django.db import connections, router
from django.db.models import QuerySet

from people.models import Speaker, SpeakerAlias, User

# How alike two names must be, by pg_trgm's similarity of their trigrams (0 to 1), for a
# speaker to be offered as maybe the same person: "Jane Doe" and "Jane A. Doe" are (0.82),
# "Jane Doe" and "Jane Smith" are not (0.33).
RESEMBLANCE = 0.5
# The most alike speakers offered for one name.
RESEMBLING_PER_NAME = 5


def accounts_using(email: str) -> QuerySet[User]:
    """The accounts with this email address, whatever its case: one address, one account."""
    return User.objects.filter(email__iexact=email)


@dataclass(frozen=True)
class Resemblance:
    """An existing speaker whose name, or one of whose aliases, is like a name."""

    speaker_id: int
    speaker_name: str
    # The alias that is alike, if not the name.
    alias: str
    talk_count: int


def speakers_resembling(names: list[str]) -> dict[str, list[Resemblance]]:
    """For each of `names`, the speakers whose name or an alias is alike (see RESEMBLANCE),
    the most alike first; in one query, whatever the number of names."""
    if not names:
        return {}
    talk_speakers = apps.get_model("talks", "TalkSpeaker")._meta.db_table
    # `%` finds the candidates through the trigram index on UPPER(name) (pg_trgm's own, lower
    # threshold); the similarity then keeps the alike ones.
    sql = f"""
        WITH wanted(name) AS (SELECT DISTINCT unnest(%(names)s::text[])),
        alike AS (
            SELECT wanted.name AS wanted, speaker.id AS speaker_id, '' AS alias,
                   similarity(UPPER(speaker.name), UPPER(wanted.name)) AS score
            FROM wanted JOIN {Speaker._meta.db_table} speaker
                ON UPPER(speaker.name) %% UPPER(wanted.name)
            UNION ALL
            SELECT wanted.name, alias.speaker_id, alias.name,
                   similarity(UPPER(alias.name), UPPER(wanted.name))
            FROM wanted JOIN {SpeakerAlias._meta.db_table} alias
                ON UPPER(alias.name) %% UPPER(wanted.name)
        ),
        best AS (
            SELECT DISTINCT ON (wanted, speaker_id) wanted, speaker_id, alias, score
            FROM alike WHERE score >= %(resemblance)s
            ORDER BY wanted, speaker_id, score DESC
        ),
        ranked AS (
            SELECT best.*,
                   row_number() OVER (PARTITION BY wanted ORDER BY score DESC, speaker_id) AS rank
            FROM best
        )
        SELECT ranked.wanted, speaker.id, speaker.name, ranked.alias,
               (SELECT COUNT(*) FROM {talk_speakers} entry WHERE entry.speaker_id = speaker.id)
        FROM ranked JOIN {Speaker._meta.db_table} speaker ON speaker.id = ranked.speaker_id
        WHERE ranked.rank <= %(per_name)s
        ORDER BY ranked.wanted, ranked.rank
    """
    found: dict[str, list[Resemblance]] = {}
    with connections[router.db_for_read(Speaker)].cursor() as cursor:
        cursor.execute(
            sql,
            {"names": names, "resemblance": RESEMBLANCE, "per_name": RESEMBLING_PER_NAME},
        )
        for wanted, *resemblance in cursor.fetchall():
            found.setdefault(wanted, []).append(Resemblance(*resemblance))
    return found
