"""The Editors group: staff members in it curate the catalogue in the admin.

Editors add and fix series, events, talks, speakers and topics, moderate notes and reviews,
work through readers' reports, and see the admin log. They delete nothing: duplicates are
merged (the merge actions need only the change permission), unwanted notes and reviews are
hidden or rejected, and aliases are never deleted since old links depend on them. Accounts and
groups stay with superusers.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_GROUP_NAME = "Editors"

# app label -> model name -> the actions editors may take on it.
EDITOR_PERMISSIONS = {
    "admin": {"logentry": ("view",)},
    "events": {
        "series": ("view", "add", "change"),
        "event": ("view", "add", "change"),
    },
    "people": {
        "speaker": ("view", "add", "change"),
        "speakeralias": ("view", "add", "change"),
    },
    "talks": {
        "talk": ("view", "add", "change"),
        # The speakers of a talk, edited in the talk's form: removing one deletes its entry.
        "talkspeaker": ("view", "add", "change", "delete"),
        "topic": ("view", "add", "change"),
        "topicalias": ("view", "add", "change"),
        "note": ("view", "change"),
        "noterevision": ("view",),
        "notereport": ("view", "change"),
        "review": ("view", "change"),
    },
}


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after `migrate` finishes; create them now so that the
    # group can be given them in this same run.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP_NAME)
    permissions = []
    for app_label, models in EDITOR_PERMISSIONS.items():
        for model_name, actions in models.items():
            for action in actions:
                permissions.append(
                    Permission.objects.get(
                        content_type__app_label=app_label,
                        codename=f"{action}_{model_name}",
                    )
                )
    group.permissions.set(permissions)


def delete_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS_GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0002_initial"),
        ("people", "0001_initial"),
        ("talks", "0004_editors_indexes"),
    ]

    operations = [migrations.RunPython(create_editors_group, delete_editors_group)]
