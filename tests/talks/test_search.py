"""The search engine: languages, accents, query syntax, ranking, fuzzy names, highlights."""

import pytest
from django.db import connection

from events.models import EventStatus
from talks.models import Note, NoteStatus, Talk, TalkSpeaker, TalkStatus
from talks.search import (
    SearchTimeout,
    Term,
    parse_query,
    search_highlights,
    search_talks,
)
from tests.factories import (
    EventFactory,
    NoteFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def titles(query: str) -> list[str]:
    return [talk.title for talk in search_talks(Talk.objects.published(), query).talks]


@pytest.mark.parametrize("query", ["conference", "conférence", "conférences", "CONFÉRENCES"])
def test_french_note_matches_with_or_without_accents_and_plural(query):
    talk = TalkFactory(title="Retour d'expérience", languages=["fr"])
    NoteFactory(talk=talk, language="fr", body="Les conférences de l'automne étaient denses.")

    assert titles(query) == ["Retour d'expérience"]


@pytest.mark.parametrize("query", ["costs", "cost", "costing", "naive", "naïve", "cafe"])
def test_english_note_matches_stemmed_and_unaccented(query):
    talk = TalkFactory(title="Budget talk")
    NoteFactory(talk=talk, language="en", body="A naïve café owner costs nothing.")

    assert titles(query) == ["Budget talk"]


def test_one_query_finds_notes_in_both_languages():
    french = TalkFactory(title="En français", languages=["fr"])
    NoteFactory(talk=french, language="fr", body="Une conférence dense.")
    english = TalkFactory(title="In English")
    NoteFactory(talk=english, language="en", body="A dense conference.")

    # Stemmed as French, "conferences" is "conferent"; as English, "confer".
    assert sorted(titles("conferences")) == ["En français", "In English"]
    assert sorted(titles("conférences")) == ["En français", "In English"]


def test_other_languages_use_the_simple_configuration():
    TalkFactory(title="Vortrag", languages=["de"], abstract="Sicherheit für Kubernetes")

    assert titles("sicherheit") == ["Vortrag"]
    assert titles("kubernetes") == ["Vortrag"]


def test_words_may_be_spread_over_title_speakers_and_notes():
    talk = TalkFactory(title="Tracing at scale", speakers=[SpeakerFactory(name="Ada Lovelace")])
    NoteFactory(talk=talk, body="She compared Jaeger and Tempo.")
    TalkFactory(title="Tracing for beginners")

    assert titles("lovelace tracing jaeger") == ["Tracing at scale"]


def test_quoted_phrase_matches_the_words_in_order_only():
    TalkFactory(title="The cost of observability")
    TalkFactory(title="Observability has a cost")

    assert titles('"cost of observability"') == ["The cost of observability"]


def test_minus_excludes_a_word_in_any_language():
    TalkFactory(title="Rust pour les conférences", languages=["fr"])
    TalkFactory(title="Rust in production")

    assert titles("rust -conference") == ["Rust in production"]
    assert titles("rust -conférences") == ["Rust in production"]


def test_or_matches_either_word():
    TalkFactory(title="Rust in production")
    TalkFactory(title="Golang in production")
    TalkFactory(title="Java in production")

    assert sorted(titles("rust or golang")) == ["Golang in production", "Rust in production"]


def test_parse_query_reads_websearch_syntax():
    assert parse_query('"cost of observability" -kubernetes or rust -"big data"') == (
        (Term("cost of observability"), Term("kubernetes", excluded=True)),
        (Term("rust"), Term("big data", excluded=True)),
    )


def test_parse_query_drops_alternatives_without_a_wanted_word():
    assert parse_query("-kubernetes or rust") == ((Term("rust"),),)
    assert parse_query("-kubernetes") == ()


def test_parse_query_removes_nul_bytes_control_characters_and_lone_surrogates():
    assert parse_query("ku\x00ber\x07net\ud800es") == ((Term("kubernetes"),),)


def test_parse_query_keeps_the_first_twelve_terms_of_the_first_200_characters():
    assert len(parse_query(" ".join(["word"] * 50))[0]) == 12
    assert parse_query("a" * 10_000) == ((Term("a" * 200),),)


def test_title_ranks_above_topics_above_abstract_above_notes():
    in_note = TalkFactory(title="Fourth")
    NoteFactory(talk=in_note, body="We talked about observability.")
    TalkFactory(title="Third", abstract="Some observability too.")
    TalkFactory(title="Second", topics=[TopicFactory(name="Observability")])
    TalkFactory(title="Observability first")

    assert titles("observability") == ["Observability first", "Second", "Third", "Fourth"]


def test_title_ranks_above_speakers_above_abstract_above_notes():
    in_note = TalkFactory(title="Fourth")
    NoteFactory(talk=in_note, body="Kowalski showed a demo.")
    TalkFactory(title="Third", abstract="As Kowalski said.")
    TalkFactory(title="Second", speakers=[SpeakerFactory(name="Anna Kowalski")])
    TalkFactory(title="Kowalski's method")

    assert titles("kowalski") == ["Kowalski's method", "Second", "Third", "Fourth"]


def test_notes_rank_talks_that_tie_on_their_own_text():
    once = TalkFactory(title="Once")
    NoteFactory(talk=once, body="eBPF is mentioned once.")
    often = TalkFactory(title="Often")
    NoteFactory(talk=often, body="eBPF here, eBPF there.")
    NoteFactory(talk=often, body="And eBPF again.")

    assert titles("ebpf") == ["Often", "Once"]


def test_notes_are_searched_while_the_talks_own_text_leaves_room_among_the_matches_kept(
    settings,
):
    for number in range(3):
        TalkFactory(title=f"Serverless {number}")
    NoteFactory(talk=TalkFactory(title="Functions"), body="Serverless, again.")

    settings.SEARCH_MATCHES_KEPT = 3
    filled_by_own_text = titles("serverless")
    settings.SEARCH_MATCHES_KEPT = 4
    with_room_left = titles("serverless")

    assert sorted(filled_by_own_text) == ["Serverless 0", "Serverless 1", "Serverless 2"]
    assert with_room_left[-1] == "Functions"
    assert sorted(with_room_left[:3]) == sorted(filled_by_own_text)


@pytest.mark.parametrize("query", ["Petazoni", "petazzoni", "Jerome Petazoni", "jérôme petazzoni"])
def test_misspelled_speaker_name_finds_their_talks(query):
    TalkFactory(title="Containers from scratch", speakers=[SpeakerFactory(name="Jérôme Petazzoni")])
    TalkFactory(title="Other talk", speakers=[SpeakerFactory(name="Marie Curie")])

    assert titles(query) == ["Containers from scratch"]


def test_excluded_words_apply_to_speakers_found_by_similarity():
    speaker = SpeakerFactory(name="Jérôme Petazzoni")
    TalkFactory(title="Docker deep dive", speakers=[speaker])
    TalkFactory(title="Kubernetes deep dive", speakers=[speaker])

    assert titles("petazoni -docker") == ["Kubernetes deep dive"]


def test_only_published_talks_and_notes_are_searched():
    TalkFactory(title="Published kubernetes")
    TalkFactory(title="Pending kubernetes", status=TalkStatus.PENDING)
    TalkFactory(
        title="Kubernetes at a pending event", event=EventFactory(status=EventStatus.PENDING)
    )
    draft = TalkFactory(title="Talk with a draft")
    NoteFactory(talk=draft, body="kubernetes", status=NoteStatus.DRAFT, published_at=None)
    hidden = TalkFactory(title="Talk with a hidden note")
    NoteFactory(talk=hidden, body="kubernetes", status=NoteStatus.HIDDEN)

    assert titles("kubernetes") == ["Published kubernetes"]


@pytest.mark.parametrize(
    "query",
    ["", "   ", "the", "-", "or", '"', '""', "\\", "'", "&|!:*()", "<->", "foo:*", "a" * 10_000],
)
def test_empty_or_garbage_queries_find_nothing_without_error(query):
    TalkFactory(title="Anything")

    assert titles(query) == []


def test_speaker_rename_updates_the_search():
    speaker = SpeakerFactory(name="Ada Lovelace")
    TalkFactory(title="Analytical engines", speakers=[speaker])

    speaker.name = "Grace Hopper"
    speaker.save()

    assert titles("lovelace") == []
    assert titles("hopper") == ["Analytical engines"]


def test_topic_rename_and_removal_update_the_search():
    topic = TopicFactory(name="Serverless")
    talk = TalkFactory(title="Functions", topics=[topic])

    topic.name = "FaaS"
    topic.save()
    assert titles("serverless") == []
    assert titles("faas") == ["Functions"]

    talk.topics.remove(topic)
    assert titles("faas") == []


def test_speaker_added_or_removed_updates_the_search():
    talk = TalkFactory(title="Pairing")
    speaker = SpeakerFactory(name="Ada Lovelace")

    TalkSpeaker.objects.create(talk=talk, speaker=speaker)
    assert titles("lovelace") == ["Pairing"]

    TalkSpeaker.objects.filter(talk=talk).delete()
    assert titles("lovelace") == []


def test_talk_edit_updates_the_search():
    talk = TalkFactory(title="Old title")

    talk.title = "Platform engineering"
    talk.save()

    assert titles("platform") == ["Platform engineering"]
    assert titles("old") == []


def test_note_publication_edit_and_deletion_update_the_search():
    talk = TalkFactory(title="Noted")
    note = NoteFactory(
        talk=talk, body="Wasm everywhere", status=NoteStatus.PENDING, published_at=None
    )
    assert titles("wasm") == []

    Note.objects.filter(pk=note.pk).update(
        status=NoteStatus.PUBLISHED, published_at=talk.created_at
    )
    assert titles("wasm") == ["Noted"]

    note.refresh_from_db()
    note.body = "Unikernels everywhere"
    note.save()
    assert titles("wasm") == []
    assert titles("unikernels") == ["Noted"]

    note.delete()
    assert titles("unikernels") == []


def note_vector(note: Note) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM talks_note WHERE id = %s", [note.pk])
        return cursor.fetchone()[0]


def test_a_notes_search_vector_follows_its_body_and_language_whatever_is_written():
    note = NoteFactory(language="fr", body="Les conférences")
    assert note_vector(note) == "'conferent':2 'le':1"

    Note.objects.filter(pk=note.pk).update(language="en", search_vector="'stale':1")
    assert note_vector(note) == "'confer':2 'les':1"

    Note.objects.filter(pk=note.pk).update(status=NoteStatus.HIDDEN, search_vector="'stale':1")
    assert note_vector(note) == "'confer':2 'les':1"

    Note.objects.filter(pk=note.pk).update(body="Talks")
    assert note_vector(note) == "'talk':1"


def test_joining_many_notes_gives_what_appending_them_one_by_one_gives():
    talk = TalkFactory()
    for number in range(37):
        NoteFactory(talk=talk, body=f"note {number} says word{number % 5} and more{number}")

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT confnotes_tsvector_join(array_agg(search_vector ORDER BY published_at, id))"
            " = confnotes_tsvector_agg(search_vector ORDER BY published_at, id)"
            " FROM talks_note WHERE talk_id = %s",
            [talk.pk],
        )
        assert cursor.fetchone() == (True,)


def test_deleting_a_talk_deletes_its_search_document():
    talk = TalkFactory(speakers=[SpeakerFactory()], topics=[TopicFactory()])
    NoteFactory(talk=talk)

    talk.delete()

    with connection.cursor() as cursor:
        # The foreign keys are checked at commit, which a test never reaches.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SELECT count(*) FROM talks_talksearchdocument")
        assert cursor.fetchone() == (0,)


def test_talk_with_megabytes_of_notes_stays_writable_and_finds_its_first_notes():
    talk = TalkFactory(title="Popular")
    author = NoteFactory(talk=talk, body="first").author

    def long_note(number: int) -> Note:
        words = " ".join(f"n{number:02}w{index:04}" for index in range(4900))
        return Note(
            talk=talk,
            author=author,
            language="en",
            body=f"note{number} {words}",
            status=NoteStatus.PUBLISHED,
            published_at=talk.created_at,
        )

    # 30 notes of 40 kB of distinct words in one statement, then one more, exceed the 1 MB
    # that a tsvector holds.
    Note.objects.bulk_create(long_note(number) for number in range(30))
    long_note(30).save()

    assert titles("first") == ["Popular"]
    assert titles("note0") == ["Popular"]
    assert titles("note29") == []
    assert titles("note30") == []


def copy_row(table: str, **row) -> None:
    """Insert a row with COPY, as the bulk data generator does."""
    columns = ", ".join(f'"{name}"' for name in row)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        copy.write_row(list(row.values()))


def test_rows_copied_in_bulk_are_searchable():
    event = EventFactory()
    speaker = SpeakerFactory(name="Ada Lovelace")
    topic = TopicFactory(name="Mainframes")
    author = NoteFactory().author
    empty = dict.fromkeys(["moderation_reason", "room", "slides_url", "video_url", "abstract"], "")
    now = {"created_at": "now", "updated_at": "now"}
    copy_row(
        "talks_talk",
        event_id=event.pk,
        title="Copied talk",
        slug="copied",
        format="talk",
        languages=["en"],
        status="published",
        **empty,
        **now,
    )
    talk = Talk.objects.get(slug="copied")
    copy_row("talks_talkspeaker", talk_id=talk.pk, speaker_id=speaker.pk, order=0)
    copy_row("talks_taggedtalk", content_object_id=talk.pk, tag_id=topic.pk)
    copy_row(
        "talks_note",
        talk_id=talk.pk,
        author_id=author.pk,
        language="fr",
        body="Des cartes perforées",
        body_html="",
        status="published",
        moderation_reason="",
        published_at="now",
        **now,
    )

    assert titles("lovelace mainframes perforées") == ["Copied talk"]


def test_highlights_mark_matches_and_escape_the_text():
    talk = TalkFactory(
        title="Observability <b>now</b>",
        abstract="Why observability costs so much.",
        languages=["en"],
    )
    NoteFactory(talk=talk, body="First note, about nothing.")
    best = NoteFactory(talk=talk, body="<script>x</script> Observability, observability \ue000!")

    highlight = search_highlights([talk.pk], "observability -kubernetes")[talk.pk]

    assert highlight.title == "<mark>Observability</mark> &lt;b&gt;now&lt;/b&gt;"
    assert highlight.abstract == "Why <mark>observability</mark> costs so much."
    assert highlight.note == (
        "&lt;script&gt;x&lt;/script&gt; <mark>Observability</mark>, <mark>observability</mark> !"
    )
    assert (highlight.note_id, highlight.note_language) == (best.pk, "en")


def test_note_snippets_read_markdown_as_plain_words():
    talk = TalkFactory(title="Tracing")
    NoteFactory(
        talk=talk,
        body="## Tempo\n\nSee **[the tracing docs](https://example.org)** and `tempo-cli`.",
    )

    highlight = search_highlights([talk.pk], "tempo")[talk.pk]

    assert highlight.note == (
        "<mark>Tempo</mark> · See the tracing docs and <mark>tempo</mark>-cli."
    )


def test_snippets_show_list_items_apart_without_their_dashes():
    talk = TalkFactory(
        title="Grafana",
        abstract="What is new:\n- plugins\n- dashboards",
        languages=["en"],
    )
    NoteFactory(talk=talk, body="- Added statistics\n- Three plugins\n  - one for Loki")

    highlight = search_highlights([talk.pk], "plugins")[talk.pk]

    assert highlight.abstract == "What is new: <mark>plugins</mark> · dashboards"
    assert highlight.note == "Added statistics · Three <mark>plugins</mark> · one for Loki"


def test_long_note_snippets_show_list_items_apart_without_their_dashes():
    talk = TalkFactory(title="Scheduling", languages=["en"])
    filler = "\n".join(f"- point {number} about nothing in particular" for number in range(20))
    NoteFactory(talk=talk, body=f"{filler}\n- CPU limits throttle\n- Memory limits evict\n{filler}")

    note = search_highlights([talk.pk], "throttle")[talk.pk].note

    assert "<mark>throttle</mark> · Memory limits evict" in note
    assert "- " not in note and "\n" not in note


def test_highlights_show_any_wanted_word_and_no_note_when_none_matches():
    talk = TalkFactory(title="Kubernetes", abstract="")
    NoteFactory(talk=talk, body="Nothing relevant.")

    highlight = search_highlights([talk.pk], "kubernetes security")[talk.pk]

    assert (highlight.title, highlight.note, highlight.note_id) == (
        "<mark>Kubernetes</mark>",
        "",
        None,
    )


@pytest.mark.django_db(transaction=True)
def test_a_search_slower_than_the_time_limit_is_cancelled(
    settings, search_documents_locked_elsewhere
):
    settings.SEARCH_TIMEOUT_MS = 100

    with pytest.raises(SearchTimeout):
        search_talks(Talk.objects.published(), "kubernetes")

    # The limit was for that statement only.
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("0",)


def test_search_gives_the_ids_of_its_matches_best_first_and_whether_it_kept_them_all(settings):
    TalkFactory(title="Serverless", abstract="serverless serverless")
    TalkFactory(title="Functions", abstract="serverless")
    TalkFactory(title="Unrelated")

    settings.SEARCH_MATCHES_KEPT = 3
    all_kept = search_talks(Talk.objects.published(), "serverless")
    settings.SEARCH_MATCHES_KEPT = 2
    some_kept = search_talks(Talk.objects.published(), "serverless")

    assert all_kept.ids == [talk.pk for talk in all_kept.talks]
    assert [talk.title for talk in all_kept.talks] == ["Serverless", "Functions"]
    assert (all_kept.limit_reached, some_kept.limit_reached) == (False, True)
