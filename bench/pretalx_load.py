"""Load a schedule.xml into pretalx as a public event with its schedule released. It runs with
pretalx's own Python, in pretalx's virtual environment, never confnotes's; bench/pretalx.py
calls it with the PRETALX_* settings in the environment:

    var/pretalx/venv/bin/python -P bench/pretalx_load.py SCHEDULE.XML SLUG

(-P keeps bench/ off the import path: bench/pretalx.py would stand for the pretalx package).

The talks are imported by pretalx-downstream's frab import (the schedule.xml import that
pretalx itself had until it moved to that plugin), which also releases the schedule. Prints,
as one JSON object, the public path of each talk by its id in the file and of each speaker by
name. An event already there is left as it is.
"""

import datetime
import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pretalx.settings")
django.setup()

from defusedxml.ElementTree import parse  # noqa: E402 (after django.setup())
from django_scopes import scope, scopes_disabled  # noqa: E402
from pretalx.event.domain.event import create_event  # noqa: E402
from pretalx.event.domain.organiser import create_organiser_with_team  # noqa: E402
from pretalx.event.models import Event  # noqa: E402
from pretalx.person.models import SpeakerProfile  # noqa: E402
from pretalx_downstream.models import ImportedSubmission  # noqa: E402
from pretalx_downstream.tasks import process_frab  # noqa: E402


def main(schedule_path: str, slug: str) -> None:
    root = parse(schedule_path).getroot()
    with scopes_disabled():
        event = Event.objects.filter(slug=slug).first() or _create_event(root, slug)
    with scope(event=event):
        if not event.current_schedule:
            process_frab(root, event, release_new_version=True)
        print(json.dumps(_public_paths(event)))


def _create_event(root, slug: str) -> Event:
    organiser, _ = create_organiser_with_team(name="Bench", slug=f"{slug}org", users=[])
    conference = root.find("conference")
    return create_event(
        organiser=organiser,
        locales=["en"],
        name=conference.findtext("title"),
        slug=slug,
        is_public=True,
        date_from=datetime.date.fromisoformat(conference.findtext("start")),
        date_to=datetime.date.fromisoformat(conference.findtext("end")),
        timezone=conference.findtext("time_zone_name"),
        email="organisers@example.org",
        locale="en",
    )


def _public_paths(event: Event) -> dict:
    imported = ImportedSubmission.objects.filter(event=event).select_related("submission")
    speakers = SpeakerProfile.objects.filter(event=event).select_related("user")
    return {
        "event": event.urls.base,
        "talks": {item.upstream_id: item.submission.urls.public for item in imported},
        "speakers": {profile.get_display_name(): profile.urls.public for profile in speakers},
    }


if __name__ == "__main__":
    main(*sys.argv[1:])
