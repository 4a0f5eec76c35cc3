"""The services behind attendees' forms: moderation rules, revisions, proposals."""

import pytest
from django.contrib.auth.models import Group, Permission

from common.names import free_slug
from people.models import Speaker, SpeakerAlias
from talks.models import NoteRevision, NoteStatus, Talk
from talks.services.notes import author_is_trusted, note_create, note_update
from talks.services.programmes import ProposedTalk, talk_propose
from tests.factories import (
    EventFactory,
    NoteFactory,
    SpeakerFactory,
    TalkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_the_trusted_group_exists_after_migrating():
    assert Group.objects.filter(name="Trusted").count() == 1


def test_editors_who_moderate_notes_are_trusted():
    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="change_note"))
    assert (author_is_trusted(editor), author_is_trusted(UserFactory())) == (True, False)


def test_saving_an_unchanged_note_adds_no_revision():
    note = NoteFactory(body="same", language="en", status=NoteStatus.DRAFT, published_at=None)
    note_update(note=note, editor=note.author, body="same", language="en", submit=True)
    note.refresh_from_db()
    assert NoteRevision.objects.count() == 0
    assert note.status == NoteStatus.PENDING


def test_a_published_note_keeps_its_first_publication_date_when_a_trusted_author_edits_it():
    author = UserFactory()
    author.groups.add(Group.objects.get(name="Trusted"))
    note = note_create(talk=TalkFactory(), author=author, body="v1", language="en", submit=True)
    first_published = note.published_at
    edited = note_update(note=note, editor=author, body="v2", language="en", submit=True)
    assert (edited.status, edited.published_at) == (NoteStatus.PUBLISHED, first_published)


def test_two_spellings_of_one_speaker_name_them_once():
    speaker = SpeakerFactory(name="Hélène Dupont")
    talk = talk_propose(
        proposer=UserFactory(),
        event=EventFactory(),
        talk=ProposedTalk(
            title="Deux noms", languages=["fr"], speaker_names=["Hélène Dupont", "HELENE DUPONT"]
        ),
        note_body="",
        note_language="fr",
    )
    assert list(talk.speakers.all()) == [speaker]


def test_free_slug_avoids_taken_slugs_and_alias_slugs():
    event = EventFactory()
    TalkFactory(event=event, slug="intro")
    SpeakerAlias.objects.create(speaker=SpeakerFactory(), name="Old", slug="ada-lovelace")
    assert free_slug("Intro", Talk, fallback="talk", event=event) == "intro-2"
    assert free_slug("Intro", Talk, fallback="talk", event=EventFactory()) == "intro"
    assert free_slug("Ada Lovelace", Speaker, SpeakerAlias, fallback="speaker") == (
        "ada-lovelace-2"
    )
    assert free_slug("日本語のトーク", Talk, fallback="talk", event=event) == "talk"
