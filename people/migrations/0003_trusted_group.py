from django.db import migrations

# Members publish their notes without waiting for an editor (talks/services/notes.py).
TRUSTED_GROUP_NAME = "Trusted"


def create_trusted_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=TRUSTED_GROUP_NAME)


def delete_trusted_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=TRUSTED_GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("people", "0001_initial"),
        ("talks", "0002_trigram_unaccent_extensions"),
    ]

    operations = [
        migrations.RunPython(create_trusted_group, delete_trusted_group),
    ]
