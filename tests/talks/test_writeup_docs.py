"""The complete write-ups shown in docs/writeup-format.md import as the documentation says."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone

from talks.models import Note, Review, Talk, Topic

pytestmark = pytest.mark.django_db

DOC = (settings.BASE_DIR / "docs" / "writeup-format.md").read_text(encoding="utf-8")
COMPLETE_WRITEUPS = [
    block
    for block in re.findall(r"```markdown\n(.*?)```", DOC, re.DOTALL)
    if block.startswith("---")
]


def test_the_documentation_shows_two_complete_writeups():
    assert len(COMPLETE_WRITEUPS) == 2


@pytest.mark.parametrize("text", COMPLETE_WRITEUPS, ids=["at-a-glance", "complete-example"])
def test_every_complete_writeup_in_the_documentation_imports(writeup_file, run_command, text):
    run_command("import_writeup", writeup_file(text))

    assert Talk.objects.count() == text.count("\n## ")


def test_the_complete_example_gives_what_the_documentation_says(writeup_file, run_command):
    run_command("import_writeup", writeup_file(COMPLETE_WRITEUPS[1]))

    terramate, limits = Talk.objects.order_by("pk")
    assert sorted(
        (note.author.username, note.language, timezone.localdate(note.published_at))
        for note in terramate.notes.select_related("author")
    ) == [
        ("alice", "fr", datetime.date(2025, 10, 17)),
        ("julien", "en", datetime.date(2025, 10, 16)),
    ]
    assert list(terramate.reviews.values_list("author__username", "rating")) == [("julien", 4)]
    assert [speaker.name for speaker in limits.speakers.order_by("talk_speakers__order")] == [
        "Denis Germain",
        "Quentin Joly",
    ]
    assert limits.notes.count() == 0
    assert list(limits.reviews.values_list("author__username", "rating", "body")) == [
        ("alice", 5, "")
    ]
    assert (Note.objects.count(), Review.objects.count()) == (2, 2)


def test_the_recommended_topics_are_those_of_the_demo(run_command):
    recommended = re.search(r"The recommended names\n.*?:\n\n((?:> .*\n)+)", DOC).group(1)
    names = [name.strip() for name in recommended.replace("> ", "").split(",")]
    run_command("load_demo")

    assert sorted(names, key=str.lower) == sorted(
        Topic.objects.values_list("name", flat=True), key=str.lower
    )
