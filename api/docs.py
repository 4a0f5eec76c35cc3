"""The API's OpenAPI 3 schema, and the page documenting it (Swagger UI, served from the
site's own static files: the content security policy allows no other)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    """Its script comes from a second request to the same address (`?script`), as the
    policy forbids inline scripts."""

    template_name = "api/docs.html"
    title = _("confnotes JSON API")
