"""What the admin log says about an object, for the tests of editors' decisions."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType


def admin_log(obj) -> list[tuple[str, int, str]]:
    """(editor's username, action flag, message) of each entry on `obj`, oldest first."""
    return [
        (entry.user.username, entry.action_flag, entry.change_message)
        for entry in LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).order_by("pk")
    ]
