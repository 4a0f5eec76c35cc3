import time

from django.core.management import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from talks.services.trends import trends_count


class Command(BaseCommand):
    help = (
        "Count the trends again (the numbers of /trends/, each topic's trends and the API's) "
        "from the published talks and notes; readers read the former counts meanwhile. The "
        "data loading commands run it; production runs it every few minutes (--every)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="count again every SECONDS seconds until stopped, instead of once",
        )

    def handle(self, *args, every: int | None, verbosity: int, **options):
        self.verbosity = verbosity
        if every is not None and every < 1:
            raise CommandError("--every needs a number of seconds of 1 or more.")
        if every is None:
            self.count()
            return
        while True:
            # A database that stops answering for a while must not stop the counting for good.
            try:
                self.count()
            except DatabaseError as error:
                self.stderr.write(f"The trends could not be counted: {error}")
            close_old_connections()
            time.sleep(every)

    def count(self) -> None:
        started = time.monotonic()
        changed = trends_count()
        if self.verbosity:
            outcome = "new numbers" if changed else "no number changed"
            self.stdout.write(f"Trends counted in {time.monotonic() - started:.1f}s: {outcome}.")
