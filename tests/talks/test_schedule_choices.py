"""schedule_import with an editor's choices: who a new name is, which topic a track is."""

import json
from pathlib import Path

import pytest

from people.models import Speaker, SpeakerAlias
from talks.models import Talk, Topic, TopicAlias
from talks.schedule.importer import ImportChoices, schedule_import
from talks.schedule.reader import ScheduleError, read_schedule
from talks.writeup.importer import Outcome
from tests.factories import SpeakerFactory, TopicFactory

pytestmark = pytest.mark.django_db

DEMOCON = str(Path(__file__).resolve().parent.parent / "data" / "interop" / "pretalx-democon.json")
# In pretalx-democon.json: Curtis Andrews speaks five times; 21 talks are in the Horizontal
# track, 15 in the Phased one; 27 people speak.
PEOPLE = 27


def import_democon(choices: ImportChoices | None = None, *, dry_run: bool = False):
    return schedule_import(schedule=read_schedule(DEMOCON), choices=choices, dry_run=dry_run)


def counts(report, kind: str) -> tuple[int, int, int]:
    return tuple(report.count(kind, outcome) for outcome in Outcome)


def test_without_choices_the_report_lists_new_speakers_and_each_tracks_topic():
    phased = TopicFactory(name="Phased")

    report = import_democon(dry_run=True)

    assert len(report.new_speakers) == PEOPLE
    assert "Curtis Andrews" in report.new_speakers
    assert report.track_talks == {"Horizontal": 21, "Phased": 15}
    assert report.track_topics == {"Horizontal": None, "Phased": phased.pk}


def test_a_name_confirmed_as_an_existing_speaker_gives_them_its_talks_and_an_alias():
    curtis = SpeakerFactory(name="Curtis J. Andrews")

    report = import_democon(ImportChoices(speakers={"curtis andrews": curtis.pk}))

    assert Talk.objects.filter(speakers=curtis).count() == 5
    assert not Speaker.objects.filter(name="Curtis Andrews").exists()
    assert list(SpeakerAlias.objects.values_list("speaker", "name")) == [
        (curtis.pk, "Curtis Andrews")
    ]
    assert counts(report, "speakers") == (PEOPLE - 1, 1, 0)
    assert "Curtis Andrews" not in report.new_speakers


def test_importing_again_without_choices_finds_the_confirmed_speaker_by_the_alias():
    curtis = SpeakerFactory(name="Curtis J. Andrews")
    import_democon(ImportChoices(speakers={"curtis andrews": curtis.pk}))

    report = import_democon()

    assert Talk.objects.filter(speakers=curtis).count() == 5
    assert counts(report, "speakers") == (0, 0, PEOPLE)
    assert counts(report, "talks") == (0, 0, 36)


def test_a_track_mapped_to_an_existing_topic_tags_its_talks_and_becomes_its_alias():
    design = TopicFactory(name="Design")

    report = import_democon(ImportChoices(topics={"Horizontal": design.pk}))

    assert Talk.objects.filter(topics=design).count() == 21
    assert list(TopicAlias.objects.values_list("topic", "name")) == [(design.pk, "Horizontal")]
    assert counts(report, "topics") == (0, 1, 0)
    assert report.unmapped_tracks == {"Phased": 15}
    assert counts(import_democon(), "topics") == (0, 0, 1)


def test_a_track_chosen_as_a_new_topic_creates_it_once():
    report = import_democon(ImportChoices(new_topics=frozenset({"Phased"})))

    phased = Topic.objects.get()
    assert (phased.name, phased.slug) == ("Phased", "phased")
    assert Talk.objects.filter(topics=phased).count() == 15
    assert counts(report, "topics") == (1, 0, 0)


def test_a_track_left_out_gives_no_topic_even_one_of_its_name():
    phased = TopicFactory(name="Phased")

    report = import_democon(ImportChoices(left_out=frozenset({"Phased"})))

    assert not Talk.objects.filter(topics=phased).exists()
    assert report.unmapped_tracks == {"Horizontal": 21}


def test_a_chosen_speaker_deleted_meanwhile_stops_the_import_with_nothing_written():
    gone = SpeakerFactory(name="Curtis J. Andrews")
    choices = ImportChoices(speakers={"curtis andrews": gone.pk})
    gone.delete()

    with pytest.raises(ScheduleError) as error:
        import_democon(choices)

    assert str(error.value) == f"{DEMOCON}: the speaker chosen for curtis andrews no longer exists"
    assert (Talk.objects.count(), Speaker.objects.count()) == (0, 0)


def test_a_nul_character_the_database_refuses_is_refused_at_its_place(tmp_path):
    document = json.loads(Path(DEMOCON).read_text())
    document["schedule"]["conference"]["days"][0]["rooms"]["Gray Room"][0]["title"] = "A\0B"
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(document))

    with pytest.raises(ScheduleError) as error:
        schedule_import(schedule=read_schedule(str(path)))

    assert str(error.value).startswith(
        f'{path}: schedule.conference.days[0].rooms["Gray Room"][0]: the database refused this: '
    )
    assert Talk.objects.count() == 0
