from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Accent- and case-insensitive matching of speaker names, and similar titles (duplicates)."""

    dependencies = [
        ("talks", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
    ]
