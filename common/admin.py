from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.curation.options import CurationAdmin


@admin.register(LogEntry)
class EditorActivityAdmin(CurationAdmin):
    """Who changed what, and when: admin edits, moderation decisions and merges alike."""

    list_display = ("action_time", "user", "content_type", "changed_object", "action", "message")
    list_filter = ("action_flag", "content_type")
    list_select_related = ("user", "content_type")
    search_fields = ("object_repr", "change_message", "=user__username")
    date_hierarchy = "action_time"
    sortable_by = ()

    @admin.display(description=_("object"))
    def changed_object(self, entry):
        url = entry.get_admin_url()
        return (
            format_html('<a href="{}">{}</a>', url, entry.object_repr) if url else entry.object_repr
        )

    @admin.display(description=_("action"))
    def action(self, entry):
        return entry.get_action_flag_display()

    @admin.display(description=_("change"))
    def message(self, entry):
        return entry.get_change_message()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
