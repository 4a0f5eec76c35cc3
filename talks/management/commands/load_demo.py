import os

from django.conf import settings
from django.core.management import BaseCommand, call_command

DEMO_DIRECTORY = settings.BASE_DIR / "demo"


class Command(BaseCommand):
    help = (
        "Import the demo write-ups in demo/: five real conferences with their talks, notes "
        "and reviews. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        files = sorted(os.path.relpath(path) for path in DEMO_DIRECTORY.glob("*.md"))
        call_command("import_writeup", *files, stdout=self.stdout, stderr=self.stderr)
