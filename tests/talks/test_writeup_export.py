"""export_writeup writes the write-up format, and what it writes imports back to the same text."""

import datetime

import pytest
from django.core.management import CommandError
from django.utils import timezone

from events.models import Event, Series
from people.models import Speaker, User
from talks.models import NoteStatus, ReviewStatus, TaggedTalk, TalkFormat, TalkStatus, Topic
from tests.factories import (
    EventFactory,
    NoteFactory,
    ReviewFactory,
    SeriesFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DEMO_SLUGS = [
    "cloud-native-days-france-2026",
    "devfest-nantes-2025",
    "devworld-2024",
    "kcd-france-2023",
    "kubecon-europe-2024",
]

CONSTRUCTED_EXPORT = """\
---
event:
  name: Cloud Native Days France 2026
  slug: cndf-2026
  series: Cloud Native Days France
  start: 2026-02-03
  end: 2026-02-03
  city: Paris
  country: FR
---

## Keynote d'ouverture

- speakers: Jérôme Petazzoni, Ricardo Rocha
- languages: fr, en
- text language: fr
- topics: Open Source, Kubernetes
- format: keynote
- date: 2026-02-03
- time: 09:00
- duration: 90
- room: Amphi Bleu

Souveraineté et open source.

### Notes (fr, by alice, 2026-02-03)

- contribuer au libre

#### Table ronde

##### Compétences

- documentation à jour

### Notes (en, by bob, 2026-02-05)

```sh
## not a heading: a shell comment
kubectl get pods
```
- done

### My take (by alice)

Rating: 3/5

### My take (en, by bob)

Too long.

## Lightning: Wasm

- languages: en
- abstract language: fr
- format: lightning talk
- date: 2026-02-03
- time: 14:00
- slides: https://example.org/slides.pdf
- video: https://example.org/video

Wasm côté serveur, en cinq minutes.

## Stop the Fight

- slug: stop-the-fight-2
- speakers: Nicolas Vermande
- languages: fr
- text language: en
- topics: Kubernetes
- format: talk

### My take (by carol)

Rating: 5/5

Great.

#### Why

The demo.
"""


def wipe_database():
    """Everything an import creates, gone: an empty database for the second half of a round trip."""
    Event.objects.all().delete()
    Series.objects.all().delete()
    Speaker.objects.all().delete()
    Topic.objects.all().delete()
    User.objects.all().delete()


def paris_time(*when: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*when))


def build_event():
    day = datetime.date(2026, 2, 3)
    event = EventFactory(
        name="Cloud Native Days France 2026",
        slug="cndf-2026",
        series=SeriesFactory(name="Cloud Native Days France"),
        start_date=day,
        end_date=day,
        city="Paris",
        country="FR",
    )
    alice, bob, carol = (UserFactory(username=name) for name in ("alice", "bob", "carol"))
    open_source, kubernetes = TopicFactory(name="Open Source"), TopicFactory(name="Kubernetes")
    keynote = TalkFactory(
        event=event,
        title="Keynote d'ouverture",
        slug="keynote-douverture",
        speakers=[SpeakerFactory(name="Jérôme Petazzoni"), SpeakerFactory(name="Ricardo Rocha")],
        languages=["fr", "en"],
        # Written out: the languages do not tell it.
        text_language="fr",
        format=TalkFormat.KEYNOTE,
        date=day,
        start_time=datetime.time(9, 0),
        duration=90,
        room="Amphi Bleu",
        abstract="Souveraineté et open source.\n",
    )
    for topic in (open_source, kubernetes):
        TaggedTalk.objects.create(content_object=keynote, tag=topic)
    # Typed in a web form: headings from level 2, which the export moves down to level 4.
    NoteFactory(
        talk=keynote,
        author=alice,
        language="fr",
        published_at=paris_time(2026, 2, 3, 11, 30),
        body="- contribuer au libre\n\n## Table ronde\n\n### Compétences\n\n- documentation à jour",
    )
    NoteFactory(
        talk=keynote,
        author=bob,
        language="en",
        # Written up two days later.
        published_at=paris_time(2026, 2, 5, 22, 15),
        body="```sh\r\n## not a heading: a shell comment\r\nkubectl get pods\r\n```\r\n- done\r\n",
    )
    NoteFactory(talk=keynote, author=carol, body="hidden by an editor", status=NoteStatus.HIDDEN)
    ReviewFactory(talk=keynote, author=alice, rating=3, body="")
    ReviewFactory(talk=keynote, author=bob, rating=None, body="Too long.", language="en")
    ReviewFactory(talk=keynote, author=carol, rating=1, body="rude", status=ReviewStatus.HIDDEN)
    stop = TalkFactory(
        event=event,
        title="Stop the Fight",
        slug="stop-the-fight-2",
        speakers=[SpeakerFactory(name="Nicolas Vermande")],
        languages=["fr"],
        # An English title for a talk given in French.
        text_language="en",
        date=None,
    )
    TaggedTalk.objects.create(content_object=stop, tag=kubernetes)
    ReviewFactory(talk=stop, author=carol, rating=5, body="Great.\n\n#### Why\n\nThe demo.")
    TalkFactory(event=event, title="Pending", slug="pending", status=TalkStatus.PENDING)
    TalkFactory(
        event=event,
        title="Lightning: Wasm",
        slug="lightning-wasm",
        # Summed up in French by an attendee.
        abstract="Wasm côté serveur, en cinq minutes.",
        abstract_language="fr",
        format=TalkFormat.LIGHTNING,
        date=day,
        start_time=datetime.time(14, 0),
        slides_url="https://example.org/slides.pdf",
        video_url="https://example.org/video",
    )
    return event


def test_export_writes_published_talks_notes_and_reviews_in_the_format(run_command):
    build_event()

    assert run_command("export_writeup", "cndf-2026") == CONSTRUCTED_EXPORT


def test_export_import_export_of_a_constructed_event_gives_the_same_text(writeup_file, run_command):
    build_event()
    exported = run_command("export_writeup", "cndf-2026")
    wipe_database()

    run_command("import_writeup", writeup_file(exported))

    assert run_command("export_writeup", "cndf-2026") == exported


def test_export_import_export_of_the_demo_events_gives_the_same_text(writeup_file, run_command):
    run_command("load_demo")
    exported = {slug: run_command("export_writeup", slug) for slug in DEMO_SLUGS}
    wipe_database()

    for slug, text in exported.items():
        run_command("import_writeup", writeup_file(text, f"{slug}.md"))

    assert {slug: run_command("export_writeup", slug) for slug in DEMO_SLUGS} == exported


def test_export_into_a_file(tmp_path, run_command):
    build_event()
    path = tmp_path / "out.md"

    assert run_command("export_writeup", "cndf-2026", "--output", str(path)) == ""
    assert path.read_text(encoding="utf-8") == CONSTRUCTED_EXPORT


def test_export_of_an_unknown_event_says_so(run_command):
    with pytest.raises(CommandError) as error:
        run_command("export_writeup", "nope")

    assert str(error.value) == "There is no event with the slug 'nope'."


def test_export_runs_a_fixed_number_of_queries(run_command, django_assert_num_queries):
    build_event()
    TalkFactory.create_batch(5, event=Event.objects.get(slug="cndf-2026"))

    with django_assert_num_queries(6):
        run_command("export_writeup", "cndf-2026")
