import time

from django.core.management import BaseCommand, CommandError

from talks.datagen.generator import GenerationError, Sizes, data_generate
from talks.datagen.progress import Progress
from talks.services.trends import trends_count

# One user for this many notes, unless --users says otherwise.
NOTES_PER_USER = 40


class Command(BaseCommand):
    help = (
        "Add synthetic conferences for benchmarks: events, talks, speakers, users, notes and "
        "reviews in French and English. The same --seed gives the same data. Existing data "
        "stays; the tables are locked while the data loads."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=100)
        parser.add_argument("--talks", type=int, default=5_000)
        parser.add_argument("--speakers", type=int, default=2_000)
        parser.add_argument("--notes", type=int, default=50_000)
        parser.add_argument("--reviews", type=int, default=15_000)
        parser.add_argument(
            "--users",
            type=int,
            help=f"authors of notes and reviews (default: notes / {NOTES_PER_USER})",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--batch-size", type=int, default=50_000, help="rows per COPY statement"
        )

    def handle(self, *args, **options):
        notes = options["notes"]
        users = options["users"]
        if users is None:
            users = max(1, notes // NOTES_PER_USER) if notes or options["reviews"] else 0
        sizes = Sizes(
            events=options["events"],
            talks=options["talks"],
            speakers=options["speakers"],
            notes=notes,
            reviews=options["reviews"],
            users=users,
        )
        started = time.monotonic()
        try:
            data_generate(
                sizes=sizes,
                seed=options["seed"],
                batch_size=options["batch_size"],
                progress=self._progress,
            )
        except GenerationError as error:
            raise CommandError(str(error)) from None
        trends_count()
        self.stdout.write(
            f"Generated {sizes.events:,} events, {sizes.talks:,} talks, {sizes.speakers:,} "
            f"speakers, {sizes.users:,} users, {sizes.notes:,} notes and {sizes.reviews:,} "
            f"reviews in {time.monotonic() - started:.1f}s."
        )

    def _progress(self, label: str, total: int) -> Progress:
        return Progress(label, total, write=self._write_progress, interactive=self.stderr.isatty())

    def _write_progress(self, text: str) -> None:
        # Progress is no error: not in the red that Django gives standard error on a terminal.
        self.stderr.write(text, style_func=lambda plain: plain, ending="")
        # A bar redrawn in place has no newline to flush it.
        self.stderr.flush()
