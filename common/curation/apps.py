from django.contrib.admin.apps import AdminConfig


class CurationAdminConfig(AdminConfig):
    """Django's admin, with confnotes' site as `admin.site`."""

    default_site = "common.curation.site.CurationSite"
