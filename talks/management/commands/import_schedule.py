from django.core.management import BaseCommand, CommandError

from common.fetching import FetchError, fetch
from talks.schedule.importer import schedule_import
from talks.schedule.reader import ScheduleError, read_schedule, read_schedule_content
from talks.services.trends import trends_count


class Command(BaseCommand):
    help = (
        "Import a conference's published schedule, frab/pretalx schedule JSON, schedule.xml or "
        "Sessionize's JSON, from a file or an http(s) address (see docs/importing.md). The file "
        "is imported completely or not at all; importing it again updates its talks in place."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            metavar="FILE|URL",
            help="schedule.json, schedule.xml or Sessionize's JSON: a path or an http(s):// "
            "address",
        )
        parser.add_argument(
            "--event",
            metavar="SLUG",
            help="import into this existing event instead of the one the schedule describes "
            "(required for Sessionize's export, which describes none)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check and count everything, write nothing",
        )

    def handle(self, *args, file, event, dry_run, **options):
        try:
            if "://" in file:
                schedule = read_schedule_content(fetch(file).content, file)
            else:
                schedule = read_schedule(file)
            report = schedule_import(schedule=schedule, event_slug=event, dry_run=dry_run)
        except ScheduleError as error:
            raise CommandError(str(error)) from None
        except FetchError as error:
            raise CommandError(f"{file}: {error}") from None
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        self.stdout.write(report.summary())
        if not dry_run:
            trends_count()
