from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_speaker_name_lower_index_replaced"),
        ("talks", "0013_speaker_names_within_one_edit"),
    ]

    operations = [
        # The speakers' list in alphabetical order (talks.selectors.alphabetical), without case
        # or accents; confnotes_unaccent is a talks function, hence the index is created here.
        migrations.RunSQL(
            "CREATE INDEX people_speaker_name_alphabetical ON people_speaker "
            "(lower(confnotes_unaccent(name)))",
            "DROP INDEX people_speaker_name_alphabetical",
        ),
    ]
