from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError

from talks.services.trends import trends_count
from talks.writeup.importer import writeup_import
from talks.writeup.parser import WriteupError, read_writeup, validate_username


class Command(BaseCommand):
    help = (
        "Import conference write-ups (see docs/writeup-format.md). Each file is imported "
        "completely or not at all; importing a file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="write-up files (.md)")
        parser.add_argument(
            "--author",
            metavar="USERNAME",
            help="attribute notes and reviews to this user instead of the front matter's author",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check and count everything, write nothing",
        )

    def handle(self, *args, files, author, dry_run, **options):
        if author is not None:
            try:
                validate_username(author)
            except ValidationError:
                raise CommandError(f"--author: '{author}' is not a username") from None
        errors = []
        for path in files:
            try:
                report = writeup_import(writeup=read_writeup(path), author=author, dry_run=dry_run)
            except WriteupError as error:
                errors.append(str(error))
            except OSError as error:
                errors.append(f"{path}: {error.strerror}")
            else:
                self.stdout.write(report.summary())
        if not dry_run and len(errors) < len(files):
            trends_count()
        if errors:
            # One line per failed file; the files that succeeded are saved.
            raise CommandError("\n".join(errors))
