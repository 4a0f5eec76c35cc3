"""Merging speakers: talks follow the kept speaker, old names and links keep working."""

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.core.exceptions import ValidationError

from people.models import Speaker, SpeakerAlias
from people.services import speaker_merge, speaker_merge_plan
from talks.models import TalkSpeaker
from tests.factories import SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


def _speakers_of(talk):
    return list(talk.talk_speakers.order_by("order").values_list("speaker__name", "order"))


def test_speaker_merge_moves_talks_and_keeps_old_slug_and_name_as_alias(editor):
    keep = SpeakerFactory(name="Jérôme Petazzoni", slug="jerome-petazzoni")
    duplicate = SpeakerFactory(name="Jerome Petazzoni", slug="jerome-petazzoni-2")
    own_talk = TalkFactory(speakers=[keep])
    moved_talk = TalkFactory(speakers=[SpeakerFactory(name="Other"), duplicate])

    speaker_merge(keep=keep, duplicates=[duplicate], editor=editor)

    assert not Speaker.objects.filter(pk=duplicate.pk).exists()
    assert _speakers_of(own_talk) == [("Jérôme Petazzoni", 0)]
    assert _speakers_of(moved_talk) == [("Other", 0), ("Jérôme Petazzoni", 1)]
    assert list(SpeakerAlias.objects.values_list("slug", "name", "speaker")) == [
        ("jerome-petazzoni-2", "Jerome Petazzoni", keep.pk)
    ]


def test_speaker_merge_on_a_shared_talk_keeps_one_entry_in_the_first_place(editor):
    keep = SpeakerFactory(name="Keep")
    duplicate = SpeakerFactory(name="Duplicate")
    third = SpeakerFactory(name="Third")
    # The duplicate is listed first and the kept speaker third: both unique constraints, on
    # (talk, speaker) and (talk, order), are in play.
    talk = TalkFactory(speakers=[duplicate, third, keep])

    plan = speaker_merge(keep=keep, duplicates=[duplicate], editor=editor)

    assert _speakers_of(talk) == [("Keep", 0), ("Third", 1)]
    assert plan.talks_shared == [talk]
    assert plan.talks_moved == []


def test_speaker_merge_of_two_duplicates_on_one_talk_without_the_kept_speaker(editor):
    keep = SpeakerFactory(name="Keep")
    first, second = SpeakerFactory(name="First"), SpeakerFactory(name="Second")
    talk = TalkFactory(speakers=[SpeakerFactory(name="Host"), second, first])

    speaker_merge(keep=keep, duplicates=[first, second], editor=editor)

    assert _speakers_of(talk) == [("Host", 0), ("Keep", 1)]
    assert Speaker.objects.filter(pk__in=[first.pk, second.pk]).count() == 0


def test_speaker_merge_moves_the_duplicates_aliases_and_fills_blank_details(editor):
    keep = SpeakerFactory(name="Keep", affiliation="", website="https://keep.example")
    duplicate = SpeakerFactory(
        name="Dup", slug="dup", affiliation="Acme", bio="Bio", website="https://dup.example"
    )
    SpeakerAlias.objects.create(speaker=duplicate, slug="older-dup", name="Older Dup")

    plan = speaker_merge(keep=keep, duplicates=[duplicate], editor=editor)

    keep.refresh_from_db()
    assert (keep.affiliation, keep.bio, keep.website) == ("Acme", "Bio", "https://keep.example")
    assert plan.details_filled == {"affiliation": "Acme", "bio": "Bio"}
    assert sorted(keep.aliases.values_list("slug", flat=True)) == ["dup", "older-dup"]


def test_speaker_merge_plan_changes_nothing():
    keep = SpeakerFactory(name="Keep")
    duplicate = SpeakerFactory(name="Dup", slug="dup")
    talk = TalkFactory(speakers=[duplicate])

    plan = speaker_merge_plan(keep=keep, duplicates=[duplicate])

    assert plan.talks_moved == [talk]
    assert [(alias.slug, alias.name) for alias in plan.aliases_created] == [("dup", "Dup")]
    assert Speaker.objects.count() == 2
    assert list(TalkSpeaker.objects.values_list("speaker", flat=True)) == [duplicate.pk]
    assert SpeakerAlias.objects.count() == 0


def test_speaker_merge_records_who_merged_what(editor):
    keep = SpeakerFactory(name="Keep", slug="keep")
    duplicate = SpeakerFactory(name="Dup", slug="dup")
    TalkFactory(speakers=[duplicate])

    speaker_merge(keep=keep, duplicates=[duplicate], editor=editor)

    entries = LogEntry.objects.order_by("action_flag")
    assert [
        (entry.user, entry.object_id, entry.action_flag, entry.change_message) for entry in entries
    ] == [
        (
            editor,
            str(keep.pk),
            CHANGE,
            "Merged in Dup (slug dup). "
            "Talks moved: 1; shared talks kept once: 0; aliases moved: 0.",
        ),
        (editor, str(duplicate.pk), DELETION, f"Merged into Keep (slug keep, id {keep.pk})."),
    ]


def test_speaker_merge_refuses_to_merge_a_speaker_into_itself(editor):
    speaker = SpeakerFactory()

    with pytest.raises(ValidationError) as error:
        speaker_merge(keep=speaker, duplicates=[speaker], editor=editor)

    assert error.value.messages == ["The speaker to keep cannot also be a duplicate."]
    assert Speaker.objects.count() == 1


def test_speaker_merge_of_a_speaker_deleted_meanwhile_changes_nothing(editor):
    keep, duplicate, gone = SpeakerFactory(), SpeakerFactory(), SpeakerFactory()
    talk = TalkFactory(speakers=[duplicate])
    Speaker.objects.filter(pk=gone.pk).delete()

    with pytest.raises(ValidationError):
        speaker_merge(keep=keep, duplicates=[duplicate, gone], editor=editor)

    assert list(talk.talk_speakers.values_list("speaker", flat=True)) == [duplicate.pk]
    assert SpeakerAlias.objects.count() == 0
    assert LogEntry.objects.count() == 0
