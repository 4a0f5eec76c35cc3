from pathlib import Path

from django.core.management import BaseCommand, CommandError

from events.models import Event
from talks.writeup.exporter import export_event


class Command(BaseCommand):
    help = (
        "Write an event, its published talks, notes and reviews as a write-up "
        "(docs/writeup-format.md), on standard output or into a file."
    )

    def add_arguments(self, parser):
        parser.add_argument("event_slug", metavar="EVENT_SLUG")
        parser.add_argument("--output", metavar="FILE", help="write into FILE instead")

    def handle(self, *args, event_slug, output, **options):
        event = Event.objects.select_related("series").filter(slug=event_slug).first()
        if event is None:
            raise CommandError(f"There is no event with the slug '{event_slug}'.")
        text = export_event(event=event)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
