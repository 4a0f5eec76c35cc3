"""The admin site of confnotes, where editors curate the catalogue."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.curation.autocomplete import LabelledAutocompleteJsonView
from common.curation.guards import CheckedAdmin


class CurationSite(admin.AdminSite):
    """Django's admin site, whose every model admin checks the parameters Django's admin
    leaves unchecked (see guards.py): those registered by other apps too, such as the
    accounts' and the login lockouts'."""

    site_header = _("confnotes curation")
    site_title = _("confnotes curation")
    index_title = _("Curate the catalogue")

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, CheckedAdmin):
            admin_class = type(
                admin_class.__name__,
                (CheckedAdmin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)
